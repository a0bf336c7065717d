/**
 * Cluster balance: how loaded each host is against the cluster's scheduling policy, and the
 * fewest migrations that bring every host within the policy's thresholds ("Suggest rebalance").
 * Pure and framework-free like the evacuation planner; it shares its hard rules
 * (schedulingRules.ts) and its move shape (`PlannedMove`), so a suggestion is checked with the
 * engine's `migration_target_of` and run by the evacuation runner like an evacuation plan.
 *
 * Thresholds, as the engine's balancing units define them (ovirt-engine
 * `CpuAndMemoryBalancingPolicyUnit` and its subclasses, `EvenGuestDistributionBalancePolicyUnit`):
 * - evenly_distributed (`OptimalForEvenDistribution`): a host is over-utilized when its CPU load
 *   is above `HighUtilization` or its free memory is below `MaxFreeMemoryForOverUtilized` (MB);
 *   balanced = no host over-utilized.
 * - power_saving (`OptimalForPowerSaving`): over-utilized as above; under-utilized when its CPU
 *   load is below `LowUtilization` or its free memory above `MinFreeMemoryForUnderUtilized` (MB).
 *   Balanced = no host over-utilized and no under-utilized host still running VMs (the engine
 *   empties those so they can be switched off); emptying them is best effort.
 * - vm_evenly_distributed (`OptimalForEvenGuestDistribution`): over-utilized when the host runs
 *   more than `HighVmCount` VMs (the SPM counts `SpmVmGrace` more).
 * - none and cluster_maintenance do not balance: loads are shown, nothing is marked or moved.
 * The engine looks at CPU over `CpuOverCommitDurationMinutes`; this sees one reading (what the
 * statistics say now) and says so in the view.
 *
 * Hard rules, never broken by a suggestion: enforcing VM affinity (positive: move together, as
 * one unit with the affinity closure; negative: apart), enforcing VM-to-host affinity, pinning
 * lists and migration modes, the policy's cap on VMs per host, free scheduling memory (which
 * already holds the cluster's overcommit), and the `HeSparesCount` reserve for the hosted engine.
 *
 * Algorithm (greedy, deterministic): while a host is out of bounds, take the worst one (largest
 * excess; ties by name, id); among the units of VMs on it that may move, prefer one whose move
 * alone brings it within bounds (fewest VMs, then least load moved, then name), else the one
 * relieving it most; send it to the best host that stays within bounds after the move (soft
 * affinity first, then lowest projected CPU, then most free memory, name, id). Each VM moves at
 * most once, and no host both sends and receives, so the moves may run in any order. A host
 * left out of bounds with no move is `stuck`.
 */
import {
  affinityIssues,
  buildRuleIndex,
  filterByRules,
  movePlaced,
  placementOf,
  softScores,
  unitsOf,
  type RuleBlock,
  type RuleVm,
  type SchedulingRules,
} from './schedulingRules';
import type { MoveIssue, PlannedMove } from './evacuationPlanner';

const MB = 1024 * 1024;

export interface BalanceHost {
  id: string;
  name: string;
  /** REST HostStatus: only `up` hosts are balanced and receive VMs. */
  status: string;
  /** Physical memory, bytes. */
  memory: number;
  /** Free scheduling memory, bytes (`max_scheduling_memory`). */
  freeMemory: number;
  /** CPU load, percent (statistics: 100 − idle). */
  cpuLoad: number;
  /** Logical CPUs (sockets × cores × threads): what a VM's CPU use is a share of. */
  cpuThreads: number;
  /** The storage pool manager: `SpmVmGrace` applies to it. */
  spm?: boolean;
}

export interface BalanceVm {
  id: string;
  name: string;
  hostId?: string;
  status: string;
  /** Defined memory, bytes. */
  memory: number;
  /** Logical CPUs it keeps busy (vCPUs × its CPU load / 100). */
  cpuUse: number;
  migrationMode?: 'migratable' | 'user_migratable' | 'pinned';
  allowedHostIds?: readonly string[];
  /** The hosted-engine VM (`origin` `managed_hosted_engine`): `HeSparesCount` keeps room for it. */
  hostedEngine?: boolean;
}

export interface BalancePolicy {
  name: string;
  /** The policy's properties with the cluster's own values on top. */
  properties: Readonly<Record<string, string>>;
  /** The name of its load-balancing unit, when known (custom policies are recognised by it). */
  balanceUnit?: string;
}

export interface RebalanceInput {
  clusterId: string;
  hosts: readonly BalanceHost[];
  /** Every VM of the cluster (running ones count; the rest are ignored). */
  vms: readonly BalanceVm[];
  policy: BalancePolicy;
  rules?: SchedulingRules;
}

export type BalanceKind = 'cpu_memory' | 'vm_count' | 'none';

export interface BalanceThresholds {
  kind: BalanceKind;
  /** Percent. */
  high?: number;
  low?: number;
  /** MB. */
  maxFreeMemoryForOverUtilized?: number;
  minFreeMemoryForUnderUtilized?: number;
  highVmCount?: number;
  spmVmGrace?: number;
  heSparesCount: number;
  /** power_saving: under-utilized hosts are emptied. */
  drainUnderUtilized: boolean;
}

export type HostMark = 'over' | 'under' | 'ok' | 'unbalanced' | 'not_up';

export interface HostLoad {
  vmCount: number;
  cpu: number;
  /** Used memory in percent of physical memory (physical − free scheduling memory). */
  memoryUsed: number;
  freeMemory: number;
  mark: HostMark;
}

export interface HostBalanceRow {
  hostId: string;
  name: string;
  before: HostLoad;
  after: HostLoad;
  vmsIn: number;
  vmsOut: number;
}

export interface StuckHost {
  hostId: string;
  /** The first hard rule that kept its first VM in place, when a rule did. */
  rule?: RuleBlock;
}

export interface RebalancePlan {
  thresholds: BalanceThresholds;
  moves: PlannedMove[];
  hosts: HostBalanceRow[];
  /** Every up host within the thresholds once every move is done. */
  balanced: boolean;
  /** Every move is valid (no issues). */
  valid: boolean;
  stuck: StuckHost[];
}

function int(v: string | undefined): number | undefined {
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined;
}

function kindOf(policy: BalancePolicy): { kind: BalanceKind; drain: boolean } {
  const unit = policy.balanceUnit ?? '';
  const name = policy.name;
  if (unit === 'OptimalForEvenGuestDistribution' || name === 'vm_evenly_distributed')
    return { kind: 'vm_count', drain: false };
  if (unit === 'OptimalForPowerSaving' || name === 'power_saving')
    return { kind: 'cpu_memory', drain: true };
  if (unit === 'OptimalForEvenDistribution' || name === 'evenly_distributed')
    return { kind: 'cpu_memory', drain: false };
  if (unit === '' && int(policy.properties.HighUtilization) !== undefined)
    return { kind: 'cpu_memory', drain: false };
  return { kind: 'none', drain: false };
}

/** The thresholds of a policy, with the engine's defaults (`ConfigValues`) where unset. */
export function thresholdsOf(policy: BalancePolicy): BalanceThresholds {
  const p = policy.properties;
  const { kind, drain } = kindOf(policy);
  const out: BalanceThresholds = {
    kind,
    heSparesCount: int(p.HeSparesCount) ?? 0,
    drainUnderUtilized: drain,
  };
  if (kind === 'cpu_memory') {
    out.high = int(p.HighUtilization) ?? 80;
    const low = int(p.LowUtilization) ?? (drain ? 20 : undefined);
    if (low !== undefined) out.low = low;
    const over = int(p.MaxFreeMemoryForOverUtilized);
    if (over !== undefined) out.maxFreeMemoryForOverUtilized = over;
    const under = int(p.MinFreeMemoryForUnderUtilized);
    if (under !== undefined) out.minFreeMemoryForUnderUtilized = under;
  } else if (kind === 'vm_count') {
    out.highVmCount = int(p.HighVmCount) ?? 10;
    out.spmVmGrace = int(p.SpmVmGrace) ?? 5;
  }
  return out;
}

/** How a host stands against the thresholds. */
export function markOf(
  th: BalanceThresholds,
  host: Pick<BalanceHost, 'status' | 'spm'>,
  cpu: number,
  freeMemory: number,
  vmCount: number,
): HostMark {
  if (host.status !== 'up') return 'not_up';
  if (th.kind === 'none') return 'unbalanced';
  if (th.kind === 'vm_count') {
    const count = vmCount + (host.spm ? (th.spmVmGrace ?? 0) : 0);
    return count > (th.highVmCount ?? Number.POSITIVE_INFINITY) ? 'over' : 'ok';
  }
  const freeMb = freeMemory / MB;
  if (
    cpu > (th.high ?? 100) ||
    (th.maxFreeMemoryForOverUtilized !== undefined && freeMb < th.maxFreeMemoryForOverUtilized)
  )
    return 'over';
  if (
    (th.low !== undefined && cpu < th.low) ||
    (th.minFreeMemoryForUnderUtilized !== undefined && freeMb > th.minFreeMemoryForUnderUtilized)
  )
    return 'under';
  return 'ok';
}

/** Whether a host with this mark and VM count needs moves. */
function outOfBounds(th: BalanceThresholds, mark: HostMark, vmCount: number): boolean {
  return mark === 'over' || (th.drainUnderUtilized && mark === 'under' && vmCount > 0);
}

const RUNNING: ReadonlySet<string> = new Set([
  'up',
  'paused',
  'powering_up',
  'wait_for_launch',
  'reboot_in_progress',
  'migrating',
  'powering_down',
  'saving_state',
  'restoring_state',
  'not_responding',
  'unknown',
  'unassigned',
  'image_locked',
]);
/** The engine migrates a VM only from these statuses. */
const MIGRATABLE: ReadonlySet<string> = new Set(['up', 'paused', 'powering_up']);

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface State {
  th: BalanceThresholds;
  hostById: Map<string, BalanceHost>;
  upHosts: BalanceHost[];
  cpu: Map<string, number>;
  free: Map<string, number>;
  count: Map<string, number>;
  running: BalanceVm[];
}

function stateOf(input: RebalanceInput): State {
  const th = thresholdsOf(input.policy);
  const hosts = [...input.hosts].sort((a, b) => cmp(a.name, b.name) || cmp(a.id, b.id));
  const hostById = new Map(hosts.map((h) => [h.id, h]));
  const seen = new Set<string>();
  const running: BalanceVm[] = [];
  for (const v of [...input.vms].sort((a, b) => cmp(a.id, b.id))) {
    if (seen.has(v.id) || v.hostId === undefined || !RUNNING.has(v.status)) continue;
    if (!hostById.has(v.hostId)) continue;
    seen.add(v.id);
    running.push(v);
  }
  const count = new Map<string, number>();
  for (const v of running) count.set(v.hostId ?? '', (count.get(v.hostId ?? '') ?? 0) + 1);
  return {
    th,
    hostById,
    upHosts: hosts.filter((h) => h.status === 'up'),
    cpu: new Map(hosts.map((h) => [h.id, h.cpuLoad])),
    free: new Map(hosts.map((h) => [h.id, h.freeMemory])),
    count,
    running,
  };
}

/** CPU percent a host gains from `use` logical CPUs. */
function cpuShare(host: BalanceHost, use: number): number {
  return host.cpuThreads > 0 ? (use / host.cpuThreads) * 100 : 0;
}

function loadOf(s: State, host: BalanceHost): HostLoad {
  const cpu = s.cpu.get(host.id) ?? 0;
  const freeMemory = s.free.get(host.id) ?? 0;
  const vmCount = s.count.get(host.id) ?? 0;
  return {
    vmCount,
    cpu: Math.max(0, Math.min(100, cpu)),
    memoryUsed:
      host.memory > 0 ? Math.max(0, Math.min(100, (1 - freeMemory / host.memory) * 100)) : 0,
    freeMemory,
    mark: markOf(s.th, host, cpu, freeMemory, vmCount),
  };
}

/** How far out of bounds a host is (0 = within): compares hosts, picks the worst. */
function excess(s: State, host: BalanceHost): number {
  const load = loadOf(s, host);
  if (!outOfBounds(s.th, load.mark, load.vmCount)) return 0;
  if (load.mark === 'under') return 1;
  if (s.th.kind === 'vm_count') {
    return load.vmCount + (host.spm ? (s.th.spmVmGrace ?? 0) : 0) - (s.th.highVmCount ?? 0);
  }
  const cpuOver = Math.max(0, (s.cpu.get(host.id) ?? 0) - (s.th.high ?? 100));
  const memOver =
    s.th.maxFreeMemoryForOverUtilized !== undefined
      ? Math.max(0, s.th.maxFreeMemoryForOverUtilized - load.freeMemory / MB) / 1024
      : 0;
  return cpuOver + memOver + 1;
}

function apply(s: State, from: BalanceHost, to: BalanceHost, unit: readonly BalanceVm[]): void {
  const use = unit.reduce((n, v) => n + v.cpuUse, 0);
  const mem = unit.reduce((n, v) => n + v.memory, 0);
  s.cpu.set(from.id, (s.cpu.get(from.id) ?? 0) - cpuShare(from, use));
  s.cpu.set(to.id, (s.cpu.get(to.id) ?? 0) + cpuShare(to, use));
  s.free.set(from.id, (s.free.get(from.id) ?? 0) + mem);
  s.free.set(to.id, (s.free.get(to.id) ?? 0) - mem);
  s.count.set(from.id, (s.count.get(from.id) ?? 0) - unit.length);
  s.count.set(to.id, (s.count.get(to.id) ?? 0) + unit.length);
}

/**
 * Hosts (other than the hosted engine's own) with room for the hosted-engine VM: the engine's
 * `HeSparesCount` reserve must not drop below min(spares, what it is before the move).
 */
function heSpares(s: State, he: BalanceVm | undefined, heHost: string | undefined): number {
  if (!he) return 0;
  let n = 0;
  for (const h of s.upHosts) if (h.id !== heHost && (s.free.get(h.id) ?? 0) >= he.memory) n++;
  return n;
}

function ruleVms(vms: readonly BalanceVm[]): RuleVm[] {
  return vms.map((v) => ({
    id: v.id,
    name: v.name,
    ...(v.hostId !== undefined ? { hostId: v.hostId } : {}),
    running: v.hostId !== undefined && RUNNING.has(v.status),
  }));
}

function movable(vm: BalanceVm): boolean {
  return vm.migrationMode !== 'pinned' && MIGRATABLE.has(vm.status) && !vm.hostedEngine;
}

export interface RebalanceOptions {
  /**
   * Destinations the engine's `migration_target_of` did not offer a VM (vmId → host ids): never
   * chosen for it (nor for the VMs that move with it).
   */
  refused?: Readonly<Record<string, readonly string[]>>;
}

export function suggestRebalance(
  input: RebalanceInput,
  options: RebalanceOptions = {},
): RebalancePlan {
  const refused = options.refused ?? {};
  const s = stateOf(input);
  const before = new Map(s.upHosts.map((h) => [h.id, loadOf(s, h)]));
  const allHosts = [...s.hostById.values()];
  for (const h of allHosts) if (!before.has(h.id)) before.set(h.id, loadOf(s, h));
  const rules: SchedulingRules = input.rules ?? { groups: [] };
  const rvms = ruleVms(s.running);
  const index = buildRuleIndex(rules, rvms);
  const placement = placementOf(rvms);
  const he = s.running.find((v) => v.hostedEngine);
  const moved = new Set<string>();
  // No host both sends and receives: whatever order the migrations run in, a target only gains
  // VMs, so each one meets the rules (negative affinity, cap, memory) when it arrives.
  const sent = new Set<string>();
  const received = new Set<string>();
  const stuck: StuckHost[] = [];
  const stuckIds = new Set<string>();
  const moves: PlannedMove[] = [];
  // Each round moves at least one VM (never moved again) or names a host stuck (never served
  // again), so this many rounds serve every host; fewer let hosts that cannot be helped use up
  // the rounds of one that can, which then was neither served nor named stuck.
  const limit = s.th.kind === 'none' ? 0 : s.running.length + s.upHosts.length;

  for (let round = 0; round < limit; round++) {
    let worst: BalanceHost | undefined;
    let worstExcess = 0;
    for (const h of s.upHosts) {
      if (stuckIds.has(h.id) || received.has(h.id)) continue;
      const e = excess(s, h);
      if (e > worstExcess) {
        worst = h;
        worstExcess = e;
      }
    }
    if (!worst) break;
    const source = worst;
    const onHost = s.running.filter(
      (v) => placement.location.get(v.id) === source.id && !moved.has(v.id) && movable(v),
    );
    const units = unitsOf(index, onHost).map((u) =>
      [...u].sort((a, b) => cmp(a.name, b.name) || cmp(a.id, b.id)),
    );
    let firstBlock: RuleBlock | undefined;
    let best:
      | { unit: BalanceVm[]; target: BalanceHost; fixes: boolean; relief: number; key: string }
      | undefined;
    const heHostBefore = he ? placement.location.get(he.id) : undefined;
    const sparesBefore = s.th.heSparesCount > 0 ? heSpares(s, he, heHostBefore) : 0;
    for (const unit of units) {
      // Every member's pinning list must allow the target.
      let candidates = s.upHosts.filter(
        (h) => h.id !== source.id && !stuckIds.has(h.id) && !sent.has(h.id),
      );
      for (const vm of unit) {
        const allowed = vm.allowedHostIds;
        if (allowed && allowed.length > 0)
          candidates = candidates.filter((h) => allowed.includes(h.id));
      }
      const notOffered = new Set(unit.flatMap((v) => refused[v.id] ?? []));
      if (notOffered.size > 0) candidates = candidates.filter((h) => !notOffered.has(h.id));
      if (candidates.length === 0) continue;
      const filtered = filterByRules(index, unit, input.clusterId, candidates, placement);
      if ('blocked' in filtered) {
        firstBlock ??= filtered.blocked;
        continue;
      }
      const need = unit.reduce((n, v) => n + v.memory, 0);
      const use = unit.reduce((n, v) => n + v.cpuUse, 0);
      const scores = softScores(index, unit, placement);
      let target: BalanceHost | undefined;
      let targetKey: [number, number, number, string, string] | undefined;
      for (const h of filtered.hosts) {
        const free = s.free.get(h.id) ?? 0;
        if (free < need) continue;
        const cpuAfter = (s.cpu.get(h.id) ?? 0) + cpuShare(h, use);
        const countAfter = (s.count.get(h.id) ?? 0) + unit.length;
        const markAfter = markOf(s.th, h, cpuAfter, free - need, countAfter);
        if (markAfter === 'over') continue;
        if (s.th.heSparesCount > 0 && he) {
          apply(s, source, h, unit);
          const after = heSpares(s, he, heHostBefore);
          apply(s, h, source, unit);
          if (after < Math.min(s.th.heSparesCount, sparesBefore)) continue;
        }
        // Power saving: a host that is itself to be emptied takes VMs only when no other can.
        const drainPenalty = s.th.drainUnderUtilized && loadOf(s, h).mark === 'under' ? 1 : 0;
        const key: [number, number, number, string, string] = [
          drainPenalty - (scores.get(h.id) ?? 0),
          s.th.kind === 'vm_count' ? countAfter : cpuAfter,
          -(free - need),
          h.name,
          h.id,
        ];
        if (!targetKey || lessKey(key, targetKey)) {
          target = h;
          targetKey = key;
        }
      }
      if (!target) continue;
      // Would the source be within bounds without this unit?
      apply(s, source, target, unit);
      const left = loadOf(s, source);
      const fixes = !outOfBounds(s.th, left.mark, left.vmCount);
      apply(s, target, source, unit);
      const relief =
        s.th.kind === 'vm_count' ? unit.length : cpuShare(source, use) + need / MB / 1024;
      const key = `${String(unit.length).padStart(6, '0')}|${unit[0]?.name ?? ''}|${unit[0]?.id ?? ''}`;
      const better =
        !best ||
        (fixes && !best.fixes) ||
        (fixes === best.fixes &&
          (fixes
            ? unit.length < best.unit.length ||
              (unit.length === best.unit.length &&
                (relief < best.relief || (relief === best.relief && key < best.key)))
            : relief > best.relief || (relief === best.relief && key < best.key)));
      if (better) best = { unit, target, fixes, relief, key };
    }
    if (!best) {
      stuckIds.add(source.id);
      stuck.push({ hostId: source.id, ...(firstBlock ? { rule: firstBlock } : {}) });
      continue;
    }
    const { unit, target } = best;
    apply(s, source, target, unit);
    sent.add(source.id);
    received.add(target.id);
    const [leader, ...rest] = unit;
    for (const vm of unit) {
      movePlaced(placement, vm.id, target.id);
      moved.add(vm.id);
      const move: PlannedMove = {
        vmId: vm.id,
        vmName: vm.name,
        memory: vm.memory,
        sourceHostId: source.id,
        targetHostId: target.id,
        overridden: false,
        issues: [],
        ...(vm.migrationMode === 'user_migratable' ? { manualOnly: true } : {}),
      };
      if (rest.length > 0 && leader) {
        if (vm.id === leader.id) move.closure = rest.map((o) => o.id);
        else move.movesWith = leader.id;
      }
      moves.push(move);
    }
  }
  return finishPlan(input, s.th, moves, stuck);
}

function lessKey(
  a: readonly [number, number, number, string, string],
  b: readonly [number, number, number, string, string],
): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x < y) return true;
    if (x > y) return false;
  }
  return false;
}

/** Projects the moves and checks each one against the hard rules (after the admin's edits too). */
function finishPlan(
  input: RebalanceInput,
  th: BalanceThresholds,
  rawMoves: PlannedMove[],
  stuck: StuckHost[],
): RebalancePlan {
  const s = stateOf(input);
  const vmById = new Map(s.running.map((v) => [v.id, v]));
  const moves = [...rawMoves].sort((a, b) => cmp(a.vmName, b.vmName) || cmp(a.vmId, b.vmId));
  const before = new Map([...s.hostById.values()].map((h) => [h.id, loadOf(s, h)]));
  const vmsIn = new Map<string, number>();
  const vmsOut = new Map<string, number>();
  for (const m of moves) {
    const vm = vmById.get(m.vmId);
    const from = s.hostById.get(m.sourceHostId);
    const to = s.hostById.get(m.targetHostId);
    if (!vm || !from || !to) continue;
    apply(s, from, to, [vm]);
    vmsIn.set(to.id, (vmsIn.get(to.id) ?? 0) + 1);
    vmsOut.set(from.id, (vmsOut.get(from.id) ?? 0) + 1);
  }
  const rows: HostBalanceRow[] = [...s.hostById.values()].map((h) => ({
    hostId: h.id,
    name: h.name,
    before: before.get(h.id) ?? loadOf(s, h),
    after: loadOf(s, h),
    vmsIn: vmsIn.get(h.id) ?? 0,
    vmsOut: vmsOut.get(h.id) ?? 0,
  }));
  markIssues(input, s, moves);
  const balanced = rows.every((r) => !outOfBounds(th, r.after.mark, r.after.vmCount));
  return {
    thresholds: th,
    moves,
    hosts: rows,
    balanced,
    valid: moves.every((m) => m.issues.length === 0),
    stuck,
  };
}

/** Marks what the engine would refuse once every move is done (`s` holds the final loads). */
function markIssues(input: RebalanceInput, s: State, moves: PlannedMove[]): void {
  const rvms = ruleVms(s.running);
  const rules = input.rules ?? { groups: [] };
  const index = buildRuleIndex(rules, rvms);
  const placement = placementOf(rvms);
  for (const m of moves) movePlaced(placement, m.vmId, m.targetHostId);
  const vmById = new Map(s.running.map((v) => [v.id, v]));
  const cap = rules.maxVmsPerHost?.[input.clusterId];
  for (const m of moves) {
    const issues: MoveIssue[] = [];
    const add = (i: MoveIssue): void => {
      if (!issues.includes(i)) issues.push(i);
    };
    const vm = vmById.get(m.vmId);
    const target = s.hostById.get(m.targetHostId);
    if (!target) add('unknown_target');
    else {
      if (target.status !== 'up') add('target_not_up');
      const allowed = vm?.allowedHostIds;
      if (allowed && allowed.length > 0 && !allowed.includes(target.id)) add('target_not_allowed');
      if ((s.free.get(target.id) ?? 0) < 0) add('over_capacity');
      if (cap !== undefined && (placement.count.get(target.id) ?? 0) > cap) add('over_vm_cap');
    }
    if (vm && (vm.migrationMode === 'pinned' || !MIGRATABLE.has(vm.status)))
      add('target_not_allowed');
    for (const issue of affinityIssues(index, placement, m.vmId, m.targetHostId)) add(issue);
    m.issues = issues;
  }
}

/** The plan after the admin's changes: `assignment` maps each VM kept in it to its target. */
export function validateRebalance(
  input: RebalanceInput,
  plan: RebalancePlan,
  assignment: Readonly<Record<string, string>>,
  refused: Readonly<Record<string, readonly string[]>> = {},
): RebalancePlan {
  const moves: PlannedMove[] = [];
  for (const m of plan.moves) {
    const target = Object.hasOwn(assignment, m.vmId) ? assignment[m.vmId] : undefined;
    if (target === undefined || target === m.sourceHostId) continue;
    const next: PlannedMove = {
      ...m,
      targetHostId: target,
      overridden: m.overridden || target !== m.targetHostId,
      issues: [],
    };
    delete next.closure;
    delete next.movesWith;
    moves.push(next);
  }
  // Units moved to one host together go as one affinity closure again.
  const original = new Map(plan.moves.map((m) => [m.vmId, m]));
  const kept = new Map(moves.map((m) => [m.vmId, m]));
  for (const m of moves) {
    const o = original.get(m.vmId);
    if (!o?.closure) continue;
    const followers = o.closure.filter((id) => kept.get(id)?.targetHostId === m.targetHostId);
    if (followers.length > 0) {
      m.closure = followers;
      for (const f of followers) {
        const fm = kept.get(f);
        if (fm) fm.movesWith = m.vmId;
      }
    }
  }
  const out = finishPlan(input, plan.thresholds, moves, plan.stuck);
  let refusedAny = false;
  for (const m of out.moves) {
    if (refused[m.vmId]?.includes(m.targetHostId)) {
      m.issues.push('engine_refused');
      refusedAny = true;
    }
  }
  return refusedAny ? { ...out, valid: false } : out;
}

/** The hosts an admin may pick for a move: up, other than the VM's own, allowed by its pins. */
export function rebalanceTargets(input: RebalanceInput, vmId: string): BalanceHost[] {
  const vm = input.vms.find((v) => v.id === vmId);
  if (!vm) return [];
  const allowed = vm.allowedHostIds;
  return input.hosts
    .filter(
      (h) =>
        h.status === 'up' &&
        h.id !== vm.hostId &&
        (!allowed || allowed.length === 0 || allowed.includes(h.id)),
    )
    .sort((a, b) => cmp(a.name, b.name) || cmp(a.id, b.id));
}

/** Host loads with no moves (the balance view before a suggestion is asked for). */
export function clusterBalance(input: RebalanceInput): RebalancePlan {
  return finishPlan(input, thresholdsOf(input.policy), [], []);
}
