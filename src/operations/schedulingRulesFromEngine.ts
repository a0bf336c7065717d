/**
 * Reads what the engine's scheduler enforces for some clusters and turns it into the planner's
 * `SchedulingRules`: affinity groups (labels flattened into their VMs and hosts) and, when the
 * cluster's policy has the external `max_vms` filter, its `maximum_vm_count` cap. Then checks
 * a plan with the engine's own `migration_target_of`, unit by unit, a few requests at a time.
 */
import type { EngineClient } from '../rest/client';
import { runPool } from './runnerKit';
import { planEvacuation, type EvacuationInput, type EvacuationPlan } from './evacuationPlanner';
import type { PlannerAffinityGroup, SchedulingRules } from './schedulingRules';

/** The external filter unit that caps running VMs per host, and its property. */
export const VM_CAP_UNIT = 'max_vms';
export const VM_CAP_PROPERTY = 'maximum_vm_count';
/** The policy property of the engine's hosted-engine memory reservation (`HostedEngineSpares`). */
export const HE_SPARES_PROPERTY = 'HeSparesCount';

type SchedulingClient = Pick<
  EngineClient,
  | 'clusterAffinityGroups'
  | 'clusterScheduling'
  | 'affinityLabelMembers'
  | 'schedulingPolicyGet'
  | 'schedulingPolicyFilters'
  | 'schedulingPolicyUnitList'
>;

export async function loadSchedulingRules(
  client: SchedulingClient,
  clusterIds: readonly string[],
  signal?: AbortSignal,
): Promise<SchedulingRules> {
  const call = signal ? { signal } : {};
  const groups: PlannerAffinityGroup[] = [];
  const maxVmsPerHost: Record<string, number> = {};
  const policyNames: Record<string, string> = {};
  const heSparesCount: Record<string, number> = {};
  let units: Map<string, string> | undefined;
  const labelCache = new Map<string, Promise<{ vmIds: string[]; hostIds: string[] }>>();
  const label = (id: string): Promise<{ vmIds: string[]; hostIds: string[] }> => {
    let p = labelCache.get(id);
    if (!p) {
      p = client.affinityLabelMembers(id, call);
      labelCache.set(id, p);
    }
    return p;
  };
  for (const clusterId of clusterIds) {
    const [list, scheduling] = await Promise.all([
      client.clusterAffinityGroups(clusterId, call),
      client.clusterScheduling(clusterId, call),
    ]);
    for (const g of list) {
      const vmLabels = await Promise.all(g.vmLabelIds.map(label));
      const hostLabels = await Promise.all(g.hostLabelIds.map(label));
      groups.push({
        id: g.id,
        name: g.name,
        clusterId,
        ...(g.vmsRule.enabled
          ? { vmsRule: { positive: g.vmsRule.positive, enforcing: g.vmsRule.enforcing } }
          : {}),
        ...(g.hostsRule.enabled
          ? { hostsRule: { positive: g.hostsRule.positive, enforcing: g.hostsRule.enforcing } }
          : {}),
        vmIds: [...new Set([...g.vmIds, ...vmLabels.flatMap((l) => l.vmIds)])],
        hostIds: [...new Set([...g.hostIds, ...hostLabels.flatMap((l) => l.hostIds)])],
      });
    }
    if (scheduling.policyId === undefined) continue;
    const [policy, filters] = await Promise.all([
      client.schedulingPolicyGet(scheduling.policyId, call),
      client.schedulingPolicyFilters(scheduling.policyId, call),
    ]);
    policyNames[clusterId] = policy.name;
    // The hosted-engine spares (the engine's HostedEngineSpares filter): the cluster's value,
    // else the policy's; 0 or absent means no reserve.
    const spares = count(
      scheduling.properties[HE_SPARES_PROPERTY] ?? policy.properties[HE_SPARES_PROPERTY],
    );
    if (spares !== undefined && spares > 0) heSparesCount[clusterId] = spares;
    units ??= new Map((await client.schedulingPolicyUnitList(call)).map((u) => [u.id, u.name]));
    const unitNames = units;
    if (!filters.some((id) => unitNames.get(id) === VM_CAP_UNIT)) continue;
    const cap = count(scheduling.properties[VM_CAP_PROPERTY] ?? policy.properties[VM_CAP_PROPERTY]);
    if (cap !== undefined) maxVmsPerHost[clusterId] = cap;
  }
  return { groups, maxVmsPerHost, policyNames, heSparesCount };
}

/** A policy property that must be a whole number ("3"), else undefined. */
function count(raw: string | undefined): number | undefined {
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

/** True when the rules hold anything the planner must respect (a group or a VM cap). */
export function hasSchedulingRules(rules: SchedulingRules | undefined): rules is SchedulingRules {
  return (
    rules !== undefined &&
    (rules.groups.length > 0 ||
      Object.keys(rules.maxVmsPerHost ?? {}).length > 0 ||
      Object.keys(rules.heSparesCount ?? {}).length > 0)
  );
}

/** VM id → the destinations the engine did not offer it. */
export type EngineRefusals = Record<string, string[]>;

/**
 * Asks the engine, for each unit of the plan (a VM with the VMs that move with it), whether its
 * planned destination is among the hosts `migration_target_of` offers; `concurrency` requests at
 * a time. Returns the refused (VM, host) pairs; a failed request refuses nothing (the engine
 * still validates each migration when it is sent).
 */
export async function engineRefusals(
  plan: Pick<EvacuationPlan, 'moves'>,
  targetsOf: (vmIds: readonly string[]) => Promise<readonly { id: string }[]>,
  options: { concurrency?: number; aborted?: () => boolean } = {},
): Promise<EngineRefusals> {
  const refused: EngineRefusals = {};
  const leaders = plan.moves.filter((m) => m.movesWith === undefined && m.issues.length === 0);
  await runPool(
    leaders.map((m) => async () => {
      const ids = [m.vmId, ...(m.closure ?? [])];
      let hosts: readonly { id: string }[];
      try {
        hosts = await targetsOf(ids);
      } catch {
        return;
      }
      if (hosts.some((h) => h.id === m.targetHostId)) return;
      for (const id of ids) refused[id] = [...(refused[id] ?? []), m.targetHostId];
    }),
    options.concurrency ?? 4,
    options.aborted ?? (() => false),
  );
  return refused;
}

/** The refusals in `found` that `known` does not hold yet (empty when the engine said nothing new). */
export function newRefusals(found: EngineRefusals, known: EngineRefusals): EngineRefusals {
  const out: EngineRefusals = {};
  for (const [vmId, hosts] of Object.entries(found)) {
    const added = hosts.filter((h) => !(known[vmId] ?? []).includes(h));
    if (added.length > 0) out[vmId] = added;
  }
  return out;
}

/** `known` with `fresh` added, per VM. */
export function withRefusals(known: EngineRefusals, fresh: EngineRefusals): EngineRefusals {
  const out = { ...known };
  for (const [vmId, hosts] of Object.entries(fresh)) out[vmId] = [...(out[vmId] ?? []), ...hosts];
  return out;
}

/**
 * Plans, asks the engine about each destination, and plans again around what it refused, until
 * the engine refuses nothing new (at most `rounds` checks). The maintenance dialog does the
 * same step by step as the admin watches; a runner that plans on its own (rolling upgrade)
 * uses this. Without rules the engine is not asked: memory, pins and modes are all there is.
 */
export async function planCheckedWithEngine(
  input: EvacuationInput,
  targetsOf: (vmIds: readonly string[]) => Promise<readonly { id: string }[]>,
  options: { concurrency?: number; aborted?: () => boolean; rounds?: number } = {},
): Promise<EvacuationPlan> {
  let refused: EngineRefusals = {};
  let plan = planEvacuation(input);
  if (!input.rules) return plan;
  for (let round = 0; round < (options.rounds ?? 4); round++) {
    const fresh = newRefusals(await engineRefusals(plan, targetsOf, options), refused);
    if (Object.keys(fresh).length === 0 || options.aborted?.()) break;
    refused = withRefusals(refused, fresh);
    plan = planEvacuation(input, { refused });
  }
  return plan;
}
