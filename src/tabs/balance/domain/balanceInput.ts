/**
 * The balance view's pure logic: the rebalance planner's input from the engine's view models, the
 * thresholds as the admin reads them, and which moves may run. No React; unit tested.
 */
import type { Host, Statistic, Vm } from '../../../rest/models';
import type { SchedulingRules } from '../../../operations/schedulingRules';
import type {
  BalanceHost,
  BalancePolicy,
  BalanceThresholds,
  BalanceVm,
  RebalanceInput,
  RebalancePlan,
} from '../../../operations/rebalancePlanner';
import { hostLoad } from '../../hosts/domain/hostLoad';

function stat(stats: readonly Statistic[] | undefined, name: string): number | undefined {
  return stats?.find((s) => s.name === name)?.value;
}

export function balanceHost(host: Host): BalanceHost {
  const out: BalanceHost = {
    id: host.id,
    name: host.name,
    status: host.status,
    memory: host.memory,
    freeMemory: host.maxSchedulingMemory,
    cpuLoad: hostLoad(host, host.statistics).cpu ?? 0,
    cpuThreads: host.cpuCount,
  };
  if (host.spm?.status === 'spm') out.spm = true;
  return out;
}

/** A VM's CPU use in logical CPUs: its `cpu.current.total` (percent of its vCPUs) × vCPUs. */
export function balanceVm(vm: Vm): BalanceVm {
  const cpu = stat(vm.statistics, 'cpu.current.total') ?? 0;
  const out: BalanceVm = {
    id: vm.id,
    name: vm.name,
    status: vm.status,
    memory: vm.memory,
    cpuUse: (Math.max(0, Math.min(100, cpu)) / 100) * Math.max(1, vm.vcpus),
  };
  if (vm.host) out.hostId = vm.host.id;
  const mode = vm.placementAffinity;
  if (mode === 'migratable' || mode === 'user_migratable' || mode === 'pinned')
    out.migrationMode = mode;
  if (vm.placementHostIds?.length) out.allowedHostIds = vm.placementHostIds;
  if (vm.origin === 'managed_hosted_engine' || vm.origin === 'hosted_engine')
    out.hostedEngine = true;
  return out;
}

export function rebalanceInput(
  clusterId: string,
  hosts: readonly Host[],
  vms: readonly Vm[],
  policy: BalancePolicy,
  rules?: SchedulingRules,
): RebalanceInput {
  const input: RebalanceInput = {
    clusterId,
    hosts: hosts.filter((h) => h.cluster?.id === clusterId).map(balanceHost),
    vms: vms.filter((v) => v.cluster?.id === clusterId).map(balanceVm),
    policy,
  };
  if (rules) input.rules = rules;
  return input;
}

/** The policy's properties with the cluster's own values on top, sorted by name. */
export function effectiveProperties(
  policy: Readonly<Record<string, string>>,
  cluster: Readonly<Record<string, string>>,
): [string, string][] {
  const all = { ...policy, ...cluster };
  return Object.entries(all).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export type ThresholdLine =
  | { key: 'balance.th.cpu'; high: number }
  | { key: 'balance.th.low'; low: number }
  | { key: 'balance.th.memOver' | 'balance.th.memUnder'; mb: number }
  | { key: 'balance.th.vmCount'; count: number; grace: number }
  | { key: 'balance.th.none' | 'balance.th.drain' };

/** The thresholds as lines of text keys and their numbers, in reading order. */
export function thresholdLines(th: BalanceThresholds): ThresholdLine[] {
  if (th.kind === 'none') return [{ key: 'balance.th.none' }];
  if (th.kind === 'vm_count')
    return [{ key: 'balance.th.vmCount', count: th.highVmCount ?? 0, grace: th.spmVmGrace ?? 0 }];
  const out: ThresholdLine[] = [{ key: 'balance.th.cpu', high: th.high ?? 0 }];
  if (th.maxFreeMemoryForOverUtilized !== undefined)
    out.push({ key: 'balance.th.memOver', mb: th.maxFreeMemoryForOverUtilized });
  if (th.low !== undefined) out.push({ key: 'balance.th.low', low: th.low });
  if (th.minFreeMemoryForUnderUtilized !== undefined)
    out.push({ key: 'balance.th.memUnder', mb: th.minFreeMemoryForUnderUtilized });
  if (th.drainUnderUtilized) out.push({ key: 'balance.th.drain' });
  return out;
}

/** Host names still outside the thresholds after the plan (for the "partial" line). */
export function stillOut(plan: RebalancePlan): string[] {
  return plan.hosts
    .filter(
      (h) =>
        h.after.mark === 'over' ||
        (plan.thresholds.drainUnderUtilized && h.after.mark === 'under' && h.after.vmCount > 0),
    )
    .map((h) => h.name);
}

/** The plan may run: at least one move, every move valid, the engine's check done. */
export function canRun(plan: RebalancePlan | undefined, checking: boolean): boolean {
  return plan !== undefined && plan.moves.length > 0 && plan.valid && !checking;
}

/**
 * The admin drops or retargets a move: VMs that move together (affinity closure) follow their
 * leader. Returns the new assignment (vmId → host id).
 */
export function editAssignment(
  plan: RebalancePlan,
  assignment: Readonly<Record<string, string>>,
  vmId: string,
  target: string | undefined,
): Record<string, string> {
  const move = plan.moves.find((m) => m.vmId === vmId);
  const leaderId = move?.movesWith ?? vmId;
  const leader = plan.moves.find((m) => m.vmId === leaderId);
  const unit = new Set([leaderId, ...(leader?.closure ?? [])]);
  const out: Record<string, string> = {};
  for (const [id, host] of Object.entries(assignment)) if (!unit.has(id)) out[id] = host;
  if (target !== undefined) for (const id of unit) out[id] = target;
  return out;
}
