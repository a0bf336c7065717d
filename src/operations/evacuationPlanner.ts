import {
  affinityIssues,
  buildRuleIndex,
  filterByRules,
  movePlaced,
  placementOf,
  softScores,
  unitsOf,
  type Placement,
  type RuleBlock,
  type RuleIndex,
  type RuleVm,
  type SchedulingRules,
} from './schedulingRules';

/**
 * Evacuation planner: where every running VM of the hosts going to maintenance should go.
 *
 * Pure and framework-free so it can be property-tested and benchmarked (`bench/planner.bench.ts`).
 * It sees plain numbers, not REST view models; `planInputFromEngine.ts` maps those.
 *
 * Algorithm (greedy "worst fit decreasing", the XenServer `host.evacuate` idea made safe):
 *
 * 1. Sources are the hosts being evacuated. Candidate targets for a VM are hosts that are
 *    `up`, in the same cluster as the VM's current host, not themselves being evacuated and,
 *    when the VM has a placement list ("Start running on: specific hosts"), in that list.
 * 2. Every VM resident on a source (any status but `down`/`suspended`, see RESIDENT_STATUSES)
 *    is classified first; it becomes a blocker when it cannot be moved at all:
 *    `non_migratable` (migration mode "Do not allow migration"), `busy` (a transient status
 *    such as `migrating`, `powering_down`, `saving_state`: the engine would refuse a migration),
 *    `no_up_host` (no other up host in its cluster), `pinned` (its placement list leaves no
 *    candidate target).
 * 3. The movable VMs are placed largest memory first (ties: name, then id), so big VMs find a
 *    home while there is still room and the result never depends on input order.
 * 4. Each VM goes to the candidate with the most free scheduling memory after placement (which
 *    spreads memory evenly: the balancing goal), ties broken by lower CPU load, then host name,
 *    then host id. A candidate whose free memory is below the VM's memory is never chosen; if
 *    none fits the VM is a `no_capacity` blocker. Free memory only decreases while placing, so
 *    a `no_capacity` VM fits nowhere in the final plan either.
 *
 * The admin may override any target. `validatePlan` re-checks a full assignment (capacity
 * cumulated per target, status, cluster, placement list), and `planEvacuation(input, { fixed })`
 * re-plans the remaining VMs around the admin's fixed choices.
 *
 * Memory is the VM's defined memory (bytes), which is at least its guaranteed memory: the plan
 * errs on the side of leaving room. Free memory is the host's `max_scheduling_memory`, what the
 * engine's own scheduler admits new VMs against.
 */

export interface PlannerHost {
  id: string;
  name: string;
  clusterId: string;
  /** REST HostStatus, e.g. `up`, `maintenance`. */
  status: string;
  /** Physical memory in bytes (for the before/after percentages). */
  memory: number;
  /** Free scheduling memory in bytes (`max_scheduling_memory`). */
  freeMemory: number;
  /** CPU load in percent, when statistics are known. */
  cpuLoad?: number;
}

export type VmMigrationMode = 'migratable' | 'user_migratable' | 'pinned';

export interface PlannerVm {
  id: string;
  name: string;
  /** Host the VM runs on; absent for VMs that are not running. */
  hostId?: string;
  /** REST VmStatus. */
  status: string;
  /** Defined memory in bytes. */
  memory: number;
  /** `placement_policy.affinity`; absent means migratable. */
  migrationMode?: VmMigrationMode;
  /** `placement_policy.hosts`: the VM may run only on these hosts (ids). Empty/absent = any. */
  allowedHostIds?: readonly string[];
  /** The hosted-engine VM: the policy's `HeSparesCount` keeps hosts with room for it. */
  hostedEngine?: boolean;
}

export interface EvacuationInput {
  /** Ids of the hosts going to maintenance. */
  evacuate: readonly string[];
  hosts: readonly PlannerHost[];
  /** The VMs on the sources; with `rules`, every running VM of their clusters (partners, caps). */
  vms: readonly PlannerVm[];
  /** Affinity groups and the VM cap the engine's scheduler enforces (schedulingRules.ts). */
  rules?: SchedulingRules;
}

export type BlockerReason =
  | 'non_migratable'
  | 'pinned'
  | 'busy'
  | 'no_up_host'
  | 'no_capacity'
  /** A scheduling rule leaves no host: `rule` names it. */
  | 'rule';

export type MoveIssue =
  | 'unknown_target'
  | 'target_not_up'
  | 'target_other_cluster'
  | 'target_evacuated'
  | 'target_not_allowed'
  | 'over_capacity'
  // Hard scheduling rules an admin's choice would break (the engine would refuse it).
  | 'affinity_positive'
  | 'affinity_negative'
  | 'affinity_host'
  | 'over_vm_cap'
  /** The engine's `migration_target_of` does not offer this host for the VM. */
  | 'engine_refused';

export interface PlannedMove {
  vmId: string;
  vmName: string;
  memory: number;
  sourceHostId: string;
  targetHostId: string;
  /** True when the admin chose this target rather than the planner. */
  overridden: boolean;
  /**
   * Migration mode "manual only" (`user_migratable`): the engine migrates it only with the
   * force flag, which an evacuation the admin asked for may send.
   */
  manualOnly?: boolean;
  /**
   * VMs that move with this one (enforcing positive affinity): this move is sent with
   * `migrate_vms_in_affinity_closure`, and the engine migrates them too.
   */
  closure?: string[];
  /** Set on a VM the engine moves with another (`closure` of that one): never sent itself. */
  movesWith?: string;
  /** Empty when the move is valid. */
  issues: MoveIssue[];
}

export interface EvacuationBlocker {
  vmId: string;
  vmName: string;
  memory: number;
  sourceHostId: string;
  reason: BlockerReason;
  /** The VM status for `busy`. */
  status?: string;
  /** For `rule`: which rule, in words an admin knows. */
  rule?: RuleBlock;
  /** The VMs that must move with it (enforcing positive affinity) and the group that says so. */
  together?: { group: string; names: string[] };
}

export interface HostMemoryChange {
  hostId: string;
  name: string;
  clusterId: string;
  role: 'source' | 'target';
  memory: number;
  freeBefore: number;
  freeAfter: number;
  vmsIn: number;
  vmsOut: number;
}

export interface EvacuationPlan {
  moves: PlannedMove[];
  blockers: EvacuationBlocker[];
  /** Sources and every up host of their clusters, sources first, then by name. */
  hosts: HostMemoryChange[];
  /** Every move is valid (no issues). Blockers do not make the plan invalid, only incomplete. */
  valid: boolean;
  /** Source host ids that will be empty when every move succeeds (no blockers on them). */
  clearableHostIds: string[];
}

/** Statuses in which a VM occupies its host and must leave it before maintenance. */
const RESIDENT_STATUSES: ReadonlySet<string> = new Set([
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

/** The engine migrates a VM only from these statuses (`MigrateVmCommand` validation). */
const MIGRATABLE_STATUSES: ReadonlySet<string> = new Set(['up', 'paused', 'powering_up']);

export function isResidentVm(vm: PlannerVm): boolean {
  return vm.hostId !== undefined && RESIDENT_STATUSES.has(vm.status);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Largest first; name and id make the order total, so input order never matters. */
function compareVmsForPlacement(a: PlannerVm, b: PlannerVm): number {
  return b.memory - a.memory || compareStrings(a.name, b.name) || compareStrings(a.id, b.id);
}

interface Context {
  hostById: Map<string, PlannerHost>;
  sources: Set<string>;
  /** Up, non-evacuated hosts per cluster. */
  targetsByCluster: Map<string, PlannerHost[]>;
  residents: PlannerVm[];
}

function buildContext(input: EvacuationInput): Context {
  const hostById = new Map<string, PlannerHost>();
  for (const h of input.hosts) hostById.set(h.id, h);
  const sources = new Set(input.evacuate.filter((id) => hostById.has(id)));
  const targetsByCluster = new Map<string, PlannerHost[]>();
  for (const h of hostById.values()) {
    if (h.status !== 'up' || sources.has(h.id)) continue;
    const list = targetsByCluster.get(h.clusterId) ?? [];
    list.push(h);
    targetsByCluster.set(h.clusterId, list);
  }
  const seen = new Set<string>();
  const residents: PlannerVm[] = [];
  for (const vm of input.vms) {
    if (seen.has(vm.id)) continue;
    if (!isResidentVm(vm) || vm.hostId === undefined || !sources.has(vm.hostId)) continue;
    seen.add(vm.id);
    residents.push(vm);
  }
  residents.sort(compareVmsForPlacement);
  return { hostById, sources, targetsByCluster, residents };
}

function candidatesFor(vm: PlannerVm, ctx: Context): PlannerHost[] {
  const source = vm.hostId === undefined ? undefined : ctx.hostById.get(vm.hostId);
  if (!source) return [];
  const inCluster = ctx.targetsByCluster.get(source.clusterId) ?? [];
  const allowed = vm.allowedHostIds;
  if (!allowed || allowed.length === 0) return inCluster;
  const allowedSet = new Set(allowed);
  return inCluster.filter((h) => allowedSet.has(h.id));
}

/** Why the VM cannot be moved at all, before capacity is considered. */
function intrinsicBlocker(vm: PlannerVm, ctx: Context): BlockerReason | undefined {
  if (vm.migrationMode === 'pinned') return 'non_migratable';
  if (!MIGRATABLE_STATUSES.has(vm.status)) return 'busy';
  const source = vm.hostId === undefined ? undefined : ctx.hostById.get(vm.hostId);
  if (!source || (ctx.targetsByCluster.get(source.clusterId) ?? []).length === 0) {
    return 'no_up_host';
  }
  if (candidatesFor(vm, ctx).length === 0) return 'pinned';
  return undefined;
}

function blockerOf(vm: PlannerVm, reason: BlockerReason): EvacuationBlocker {
  return {
    vmId: vm.id,
    vmName: vm.name,
    memory: vm.memory,
    sourceHostId: vm.hostId ?? '',
    reason,
    ...(reason === 'busy' ? { status: vm.status } : {}),
  };
}

/** Better target first: most free memory after placement, then lower CPU load, name, id. */
function compareTargets(a: PlannerHost, b: PlannerHost, free: Map<string, number>): number {
  const fa = free.get(a.id) ?? 0;
  const fb = free.get(b.id) ?? 0;
  return (
    fb - fa ||
    (a.cpuLoad ?? 0) - (b.cpuLoad ?? 0) ||
    compareStrings(a.name, b.name) ||
    compareStrings(a.id, b.id)
  );
}

function compareHostsForSummary(a: HostMemoryChange, b: HostMemoryChange): number {
  if (a.role !== b.role) return a.role === 'source' ? -1 : 1;
  return compareStrings(a.name, b.name) || compareStrings(a.hostId, b.hostId);
}

function summarise(
  ctx: Context,
  moves: readonly PlannedMove[],
  blockers: readonly EvacuationBlocker[],
): Pick<EvacuationPlan, 'hosts' | 'valid' | 'clearableHostIds'> {
  const clusters = new Set<string>();
  for (const id of ctx.sources) {
    const h = ctx.hostById.get(id);
    if (h) clusters.add(h.clusterId);
  }
  const rows = new Map<string, HostMemoryChange>();
  const row = (h: PlannerHost, role: 'source' | 'target'): HostMemoryChange => {
    let r = rows.get(h.id);
    if (!r) {
      r = {
        hostId: h.id,
        name: h.name,
        clusterId: h.clusterId,
        role,
        memory: h.memory,
        freeBefore: h.freeMemory,
        freeAfter: h.freeMemory,
        vmsIn: 0,
        vmsOut: 0,
      };
      rows.set(h.id, r);
    }
    return r;
  };
  for (const id of [...ctx.sources].sort()) {
    const h = ctx.hostById.get(id);
    if (h) row(h, 'source');
  }
  for (const c of [...clusters].sort()) {
    for (const h of ctx.targetsByCluster.get(c) ?? []) row(h, 'target');
  }
  for (const m of moves) {
    const src = ctx.hostById.get(m.sourceHostId);
    if (src) {
      const r = row(src, 'source');
      r.freeAfter += m.memory;
      r.vmsOut += 1;
    }
    const tgt = ctx.hostById.get(m.targetHostId);
    if (tgt) {
      const r = row(tgt, ctx.sources.has(tgt.id) ? 'source' : 'target');
      r.freeAfter -= m.memory;
      r.vmsIn += 1;
    }
  }
  const blockedSources = new Set(blockers.map((b) => b.sourceHostId));
  const valid = moves.every((m) => m.issues.length === 0);
  return {
    hosts: [...rows.values()].sort(compareHostsForSummary),
    valid,
    clearableHostIds: valid ? [...ctx.sources].filter((id) => !blockedSources.has(id)).sort() : [],
  };
}

export interface PlanOptions {
  /** Targets the admin chose (vmId → hostId); kept as they are, the rest is planned around them. */
  fixed?: Readonly<Record<string, string>>;
  /**
   * Destinations the engine's `migration_target_of` did not offer a VM (vmId → host ids): never
   * chosen again; a VM left with none is an `engine` blocker.
   */
  refused?: Readonly<Record<string, readonly string[]>>;
}

export function planEvacuation(input: EvacuationInput, options: PlanOptions = {}): EvacuationPlan {
  const ctx = buildContext(input);
  const free = new Map<string, number>();
  for (const h of ctx.hostById.values()) free.set(h.id, h.freeMemory);
  const fixed = options.fixed ?? {};

  const moves: PlannedMove[] = [];
  const blockers: EvacuationBlocker[] = [];
  const toPlace: PlannerVm[] = [];

  for (const vm of ctx.residents) {
    const reason = intrinsicBlocker(vm, ctx);
    if (reason) {
      blockers.push(blockerOf(vm, reason));
      continue;
    }
    const chosen = Object.hasOwn(fixed, vm.id) ? fixed[vm.id] : undefined;
    if (chosen !== undefined) {
      // The admin's choice takes its memory first; validation below reports if it does not fit.
      free.set(chosen, (free.get(chosen) ?? 0) - vm.memory);
      moves.push(moveOf(vm, chosen, true));
    } else {
      toPlace.push(vm);
    }
  }

  if (input.rules) {
    placeWithRules(input, input.rules, ctx, free, moves, blockers, toPlace, options.refused);
    return finish(ctx, moves, blockers, input.rules, input.vms);
  }

  for (const vm of toPlace) {
    let best: PlannerHost | undefined;
    const notOffered = new Set(options.refused?.[vm.id] ?? []);
    const offered = candidatesFor(vm, ctx).filter((h) => !notOffered.has(h.id));
    if (notOffered.size > 0 && offered.length === 0) {
      const names = [...notOffered].map((id) => ctx.hostById.get(id)?.name ?? id).sort();
      blockers.push({ ...blockerOf(vm, 'rule'), rule: { kind: 'engine', host: names.join(', ') } });
      continue;
    }
    for (const h of offered) {
      if ((free.get(h.id) ?? 0) < vm.memory) continue;
      if (!best || compareTargets(h, best, free) < 0) best = h;
    }
    if (!best) {
      blockers.push(blockerOf(vm, 'no_capacity'));
      continue;
    }
    free.set(best.id, (free.get(best.id) ?? 0) - vm.memory);
    moves.push(moveOf(vm, best.id, false));
  }

  return finish(ctx, moves, blockers);
}

function moveOf(vm: PlannerVm, targetHostId: string, overridden: boolean): PlannedMove {
  return {
    vmId: vm.id,
    vmName: vm.name,
    memory: vm.memory,
    sourceHostId: vm.hostId ?? '',
    targetHostId,
    overridden,
    issues: [],
    ...(vm.migrationMode === 'user_migratable' ? { manualOnly: true } : {}),
  };
}

function finish(
  ctx: Context,
  rawMoves: PlannedMove[],
  rawBlockers: EvacuationBlocker[],
  rules?: SchedulingRules,
  allVms?: readonly PlannerVm[],
): EvacuationPlan {
  const vmById = new Map(ctx.residents.map((vm) => [vm.id, vm]));
  const order = new Map(ctx.residents.map((vm, i) => [vm.id, i]));
  const byOrder = (a: { vmId: string }, b: { vmId: string }): number =>
    (order.get(a.vmId) ?? 0) - (order.get(b.vmId) ?? 0);
  const moves = rawMoves.sort(byOrder);
  const blockers = rawBlockers.sort(byOrder);

  const load = new Map<string, number>();
  for (const m of moves) load.set(m.targetHostId, (load.get(m.targetHostId) ?? 0) + m.memory);
  for (const m of moves) {
    const vm = vmById.get(m.vmId);
    const target = ctx.hostById.get(m.targetHostId);
    const source = ctx.hostById.get(m.sourceHostId);
    const issues: MoveIssue[] = [];
    if (!target) {
      issues.push('unknown_target');
    } else {
      if (ctx.sources.has(target.id)) issues.push('target_evacuated');
      else if (target.status !== 'up') issues.push('target_not_up');
      if (source && target.clusterId !== source.clusterId) issues.push('target_other_cluster');
      const allowed = vm?.allowedHostIds;
      if (allowed && allowed.length > 0 && !allowed.includes(target.id)) {
        issues.push('target_not_allowed');
      }
      if ((load.get(target.id) ?? 0) > target.freeMemory) issues.push('over_capacity');
    }
    m.issues = issues;
  }
  if (rules && allVms) markRuleIssues(ctx, rules, allVms, moves);
  return { moves, blockers, ...summarise(ctx, moves, blockers) };
}

/**
 * Re-checks a complete assignment (vmId → target host id), e.g. the plan after the admin changed
 * some targets. VMs with an intrinsic blocker stay blockers whatever the assignment says; VMs
 * missing from the assignment are `no_capacity` blockers (the admin removed them from the plan).
 * `overridden` marks the VMs whose target differs from `original` (when given).
 */
export function validatePlan(
  input: EvacuationInput,
  assignment: Readonly<Record<string, string>>,
  original?: Readonly<Record<string, string>>,
  refused: Readonly<Record<string, readonly string[]>> = {},
): EvacuationPlan {
  const ctx = buildContext(input);
  const moves: PlannedMove[] = [];
  const blockers: EvacuationBlocker[] = [];
  for (const vm of ctx.residents) {
    const reason = intrinsicBlocker(vm, ctx);
    const target = Object.hasOwn(assignment, vm.id) ? assignment[vm.id] : undefined;
    if (reason) blockers.push(blockerOf(vm, reason));
    else if (target === undefined) blockers.push(blockerOf(vm, 'no_capacity'));
    else moves.push(moveOf(vm, target, original !== undefined && original[vm.id] !== target));
  }
  if (input.rules) linkUnits(input, input.rules, moves);
  const plan = finish(ctx, moves, blockers, input.rules, input.vms);
  let marked = false;
  for (const m of plan.moves) {
    if (refused[m.vmId]?.includes(m.targetHostId)) {
      m.issues.push('engine_refused');
      marked = true;
    }
  }
  return marked ? { ...plan, valid: false, clearableHostIds: [] } : plan;
}

/** The plan as a vmId → target map, for `validatePlan` and `fixed`. */
export function assignmentOf(plan: EvacuationPlan): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of plan.moves) out[m.vmId] = m.targetHostId;
  return out;
}

/** Up, non-evacuated hosts of the VM's cluster it may run on: the choices offered to the admin. */
export function targetChoices(input: EvacuationInput, vmId: string): PlannerHost[] {
  const ctx = buildContext(input);
  const vm = ctx.residents.find((v) => v.id === vmId);
  if (!vm) return [];
  return [...candidatesFor(vm, ctx)].sort(
    (a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id),
  );
}

// ---- scheduling rules (schedulingRules.ts) ------------------------------------------------------

function ruleVmsOf(vms: readonly PlannerVm[]): RuleVm[] {
  const seen = new Set<string>();
  const out: RuleVm[] = [];
  for (const v of vms) {
    if (seen.has(v.id)) continue;
    seen.add(v.id);
    out.push({
      id: v.id,
      name: v.name,
      ...(v.hostId !== undefined ? { hostId: v.hostId } : {}),
      running: isResidentVm(v),
    });
  }
  return out;
}

/** The enforcing positive group that ties `vm` to another member of its unit. */
function unitGroup(index: RuleIndex, vmId: string, unit: ReadonlySet<string>): string {
  for (const g of index.groupsByVm.get(vmId) ?? []) {
    if (
      g.vmsRule?.enforcing &&
      g.vmsRule.positive &&
      g.vmIds.some((o) => o !== vmId && unit.has(o))
    )
      return g.name;
  }
  return '';
}

function compareUnits(a: readonly PlannerVm[], b: readonly PlannerVm[]): number {
  const ma = a.reduce((n, v) => n + v.memory, 0);
  const mb = b.reduce((n, v) => n + v.memory, 0);
  const fa = a[0];
  const fb = b[0];
  return mb - ma || (fa && fb ? compareVmsForPlacement(fa, fb) : 0);
}

function placeWithRules(
  input: EvacuationInput,
  rules: SchedulingRules,
  ctx: Context,
  free: Map<string, number>,
  moves: PlannedMove[],
  blockers: EvacuationBlocker[],
  toPlace: readonly PlannerVm[],
  refused: Readonly<Record<string, readonly string[]>> = {},
): void {
  const ruleVms = ruleVmsOf(input.vms);
  const index = buildRuleIndex(rules, ruleVms);
  const placement: Placement = placementOf(ruleVms);
  for (const m of moves) movePlaced(placement, m.vmId, m.targetHostId);
  const units = unitsOf(index, toPlace).map((u) => [...u].sort(compareVmsForPlacement));
  // Most constrained first (fewest hosts its pinning lists and VM-to-host rules allow), then
  // largest: a VM that may go to one host only gets it before others fill it up.
  const flex = new Map<PlannerVm[], number>();
  for (const u of units) {
    const first = u[0] ? candidatesFor(u[0], ctx) : [];
    let hosts = first;
    for (const vm of u) {
      const own = candidatesFor(vm, ctx);
      if (own !== first) {
        const allowed = new Set(own.map((h) => h.id));
        hosts = hosts.filter((h) => allowed.has(h.id));
      }
      for (const g of index.groupsByVm.get(vm.id) ?? []) {
        if (!g.hostsRule?.enforcing) continue;
        const set = index.hostSets.get(g.id);
        const positive = g.hostsRule.positive;
        hosts = hosts.filter((h) => (set?.has(h.id) ?? false) === positive);
      }
    }
    flex.set(u, hosts.length);
  }
  units.sort((a, b) => (flex.get(a) ?? 0) - (flex.get(b) ?? 0) || compareUnits(a, b));

  // HeSparesCount (the engine's hosted-engine memory reservation filter): with N > 0, a host
  // that could take the hosted-engine VM may not lose that room to another VM while N or fewer
  // such hosts (the engine VM's own host aside) are left.
  const heVms = new Map<string, PlannerVm>();
  for (const vm of input.vms) {
    if (!vm.hostedEngine || vm.hostId === undefined || !RESIDENT_STATUSES.has(vm.status)) continue;
    const cluster = ctx.hostById.get(vm.hostId)?.clusterId;
    if (cluster !== undefined && (rules.heSparesCount?.[cluster] ?? 0) > 0) heVms.set(cluster, vm);
  }
  const he = (clusterId: string): PlannerVm | undefined => heVms.get(clusterId);
  const breaksHeSpares = (
    heVm: PlannerVm | undefined,
    unit: readonly PlannerVm[],
    h: PlannerHost,
    need: number,
  ): boolean => {
    if (!heVm || unit.some((v) => v.id === heVm.id)) return false;
    const heHost = placement.location.get(heVm.id) ?? heVm.hostId;
    const room = free.get(h.id) ?? 0;
    // Not a spare now, or still one after this unit: nothing changes for the reserve.
    if (h.id === heHost || room < heVm.memory || room - need >= heVm.memory) return false;
    const spares = (ctx.targetsByCluster.get(h.clusterId) ?? []).filter(
      (x) => x.id !== heHost && (free.get(x.id) ?? 0) >= heVm.memory,
    ).length;
    return spares <= (rules.heSparesCount?.[h.clusterId] ?? 0);
  };

  for (const unit of units) {
    const ids = new Set(unit.map((v) => v.id));
    const together = (vm: PlannerVm): EvacuationBlocker['together'] =>
      unit.length > 1
        ? {
            group: unitGroup(index, vm.id, ids),
            names: unit.filter((o) => o.id !== vm.id).map((o) => o.name),
          }
        : undefined;
    const block = (reason: BlockerReason, rule?: RuleBlock): void => {
      for (const vm of unit) {
        const b = blockerOf(vm, reason);
        if (rule) b.rule = rule;
        const t = together(vm);
        if (t) b.together = t;
        blockers.push(b);
      }
    };
    const [leader] = unit;
    if (!leader) continue;
    // The hosts every member may go to (cluster, up, not evacuated, pinning lists).
    let candidates = candidatesFor(leader, ctx);
    for (const vm of unit.slice(1)) {
      const allowed = new Set(candidatesFor(vm, ctx).map((h) => h.id));
      candidates = candidates.filter((h) => allowed.has(h.id));
    }
    if (candidates.length === 0) {
      block('pinned');
      continue;
    }
    const notOffered = new Set(unit.flatMap((v) => refused[v.id] ?? []));
    if (notOffered.size > 0) {
      candidates = candidates.filter((h) => !notOffered.has(h.id));
      if (candidates.length === 0) {
        const names = [...notOffered].map((id) => ctx.hostById.get(id)?.name ?? id).sort();
        block('rule', { kind: 'engine', host: names.join(', ') });
        continue;
      }
    }
    const clusterId = ctx.hostById.get(leader.hostId ?? '')?.clusterId ?? '';
    const filtered = filterByRules(index, unit, clusterId, candidates, placement);
    if ('blocked' in filtered) {
      block('rule', filtered.blocked);
      continue;
    }
    const need = unit.reduce((n, v) => n + v.memory, 0);
    let best: PlannerHost | undefined;
    let bestScore = 0;
    let heReserved = false;
    const scores = softScores(index, unit, placement);
    for (const h of filtered.hosts) {
      if ((free.get(h.id) ?? 0) < need) continue;
      if (breaksHeSpares(he(clusterId), unit, h, need)) {
        heReserved = true;
        continue;
      }
      const score = scores.get(h.id) ?? 0;
      if (
        !best ||
        score > bestScore ||
        (score === bestScore && compareTargets(h, best, free) < 0)
      ) {
        best = h;
        bestScore = score;
      }
    }
    if (!best) {
      if (heReserved)
        block('rule', { kind: 'he_spares', spares: rules.heSparesCount?.[clusterId] ?? 0 });
      else block('no_capacity');
      continue;
    }
    free.set(best.id, (free.get(best.id) ?? 0) - need);
    for (const vm of unit) {
      movePlaced(placement, vm.id, best.id);
      const move = moveOf(vm, best.id, false);
      if (unit.length > 1) {
        if (vm.id === leader.id) move.closure = unit.slice(1).map((o) => o.id);
        else move.movesWith = leader.id;
      }
      moves.push(move);
    }
  }
}

/** After the admin's changes: members of one unit sent to one host move as one closure. */
function linkUnits(input: EvacuationInput, rules: SchedulingRules, moves: PlannedMove[]): void {
  const index = buildRuleIndex(rules, ruleVmsOf(input.vms));
  const vmById = new Map(input.vms.map((v) => [v.id, v]));
  const movable = moves.map((m) => vmById.get(m.vmId)).filter((v) => v !== undefined);
  const moveById = new Map(moves.map((m) => [m.vmId, m]));
  for (const unit of unitsOf(index, movable)) {
    if (unit.length < 2) continue;
    const sorted = [...unit].sort(compareVmsForPlacement);
    const byTarget = new Map<string, PlannerVm[]>();
    for (const vm of sorted) {
      const t = moveById.get(vm.id)?.targetHostId ?? '';
      byTarget.set(t, [...(byTarget.get(t) ?? []), vm]);
    }
    for (const group of byTarget.values()) {
      const [leader, ...rest] = group;
      if (!leader || rest.length === 0) continue;
      const lm = moveById.get(leader.id);
      if (lm) lm.closure = rest.map((v) => v.id);
      for (const v of rest) {
        const m = moveById.get(v.id);
        if (m) m.movesWith = leader.id;
      }
    }
  }
}

/** Marks moves that would break a hard rule once every move of the plan is done. */
function markRuleIssues(
  ctx: Context,
  rules: SchedulingRules,
  allVms: readonly PlannerVm[],
  moves: PlannedMove[],
): void {
  const ruleVms = ruleVmsOf(allVms);
  const index = buildRuleIndex(rules, ruleVms);
  const placement = placementOf(ruleVms);
  for (const m of moves) movePlaced(placement, m.vmId, m.targetHostId);
  const arrivals = new Set(moves.map((m) => m.targetHostId));
  for (const m of moves) {
    const add = (issue: MoveIssue): void => {
      if (!m.issues.includes(issue)) m.issues.push(issue);
    };
    for (const issue of affinityIssues(index, placement, m.vmId, m.targetHostId)) add(issue);
    const target = ctx.hostById.get(m.targetHostId);
    const cap = target ? rules.maxVmsPerHost?.[target.clusterId] : undefined;
    if (cap !== undefined && arrivals.has(m.targetHostId)) {
      if ((placement.count.get(m.targetHostId) ?? 0) > cap) add('over_vm_cap');
    }
  }
}
