/**
 * What the engine's scheduler enforces beyond memory, as the evacuation planner (and the cluster
 * balance suggestion) must honour it. Framework-free and pure, like the planner.
 *
 * Hard rules (the engine refuses a migration that breaks one; the planner never proposes one):
 * - enforcing positive VM affinity: the VMs move together, to the host where their other
 *   partners run (if any), as one "unit" sent with `migrate_vms_in_affinity_closure`;
 * - enforcing negative VM affinity: never on a host where a partner runs or is planned to go;
 * - enforcing VM-to-host affinity: only to (positive) / never to (negative) the group's hosts,
 *   host labels included;
 * - the cluster policy's cap on running VMs per host (external `max_vms` filter,
 *   `maximum_vm_count`), counting the VMs already planned there;
 * - (in the planner) the pinning list, the migration mode, and memory.
 *
 * Soft rules (non-enforcing) are weights: a host with more soft-positive partners and fewer
 * soft-negative ones wins before memory balance decides.
 */

export interface AffinityRule {
  positive: boolean;
  enforcing: boolean;
}

export interface PlannerAffinityGroup {
  id: string;
  name: string;
  clusterId: string;
  /** VM-to-VM rule; absent = disabled. */
  vmsRule?: AffinityRule;
  /** VM-to-host rule; absent = disabled. */
  hostsRule?: AffinityRule;
  /** VM ids, the VMs of its VM labels included. */
  vmIds: readonly string[];
  /** Host ids, the hosts of its host labels included. */
  hostIds: readonly string[];
}

export interface SchedulingRules {
  groups: readonly PlannerAffinityGroup[];
  /** Cluster id → the most running VMs a host may have (the policy's `maximum_vm_count`). */
  maxVmsPerHost?: Readonly<Record<string, number>>;
  /** Cluster id → scheduling policy name, for the blocker text of the cap. */
  policyNames?: Readonly<Record<string, string>>;
  /**
   * Cluster id → the policy's `HeSparesCount`: how many hosts besides the hosted-engine VM's own
   * must keep room for that VM. Absent or 0: no reserve.
   */
  heSparesCount?: Readonly<Record<string, number>>;
}

/** Why a unit of VMs cannot go anywhere, named so an admin recognises the rule. */
export type RuleBlockKind =
  | 'vm_positive'
  | 'vm_negative'
  | 'vm_host'
  | 'vm_cap'
  | 'affinity_conflict'
  | 'engine'
  | 'he_spares';

export interface RuleBlock {
  kind: RuleBlockKind;
  /** The affinity group's name. */
  group?: string;
  /** For VM rules: the partner VMs' names. */
  others?: string[];
  /** Whether the group's rule is positive (VM-to-host). */
  positive?: boolean;
  /** For `vm_cap`: the cap and the policy's name. */
  cap?: number;
  policy?: string;
  /** For `engine`: the destination the engine did not offer. */
  host?: string;
  /** For `he_spares`: the policy's `HeSparesCount`. */
  spares?: number;
}

export interface RuleVm {
  id: string;
  name: string;
  /** Where it runs now; absent when not running. */
  hostId?: string;
  running: boolean;
}

export interface RuleIndex {
  groupsByVm: Map<string, PlannerAffinityGroup[]>;
  hostSets: Map<string, Set<string>>;
  vmName: Map<string, string>;
  rules: SchedulingRules;
}

export function buildRuleIndex(rules: SchedulingRules, vms: readonly RuleVm[]): RuleIndex {
  const groupsByVm = new Map<string, PlannerAffinityGroup[]>();
  const hostSets = new Map<string, Set<string>>();
  // Sorted by id so the outcome never depends on the order the engine listed the groups in.
  const groups = [...rules.groups].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const g of groups) {
    hostSets.set(g.id, new Set(g.hostIds));
    for (const id of new Set(g.vmIds)) {
      const list = groupsByVm.get(id) ?? [];
      list.push(g);
      groupsByVm.set(id, list);
    }
  }
  const vmName = new Map(vms.map((v) => [v.id, v.name]));
  return { groupsByVm, hostSets, vmName, rules };
}

/**
 * Units of VMs that must move together: VMs of `movable` joined by enforcing positive VM
 * affinity (transitively). Each unit is sorted by the given comparator; units come in the order
 * of their first member.
 */
export function unitsOf<T extends { id: string }>(index: RuleIndex, movable: readonly T[]): T[][] {
  const byId = new Map(movable.map((v) => [v.id, v]));
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r) ?? r;
    let c = x;
    while (c !== r) {
      const n = parent.get(c) ?? r;
      parent.set(c, r);
      c = n;
    }
    return r;
  };
  for (const v of movable) parent.set(v.id, v.id);
  for (const v of movable) {
    for (const g of index.groupsByVm.get(v.id) ?? []) {
      if (!g.vmsRule?.enforcing || !g.vmsRule.positive) continue;
      for (const other of g.vmIds) {
        if (other === v.id || !byId.has(other)) continue;
        const a = find(v.id);
        const b = find(other);
        if (a !== b) parent.set(b, a);
      }
    }
  }
  const units = new Map<string, T[]>();
  for (const v of movable) {
    const r = find(v.id);
    const list = units.get(r) ?? [];
    list.push(v);
    units.set(r, list);
  }
  return [...units.values()];
}

/** Where each running VM is (or is planned to be), and how many run on each host. */
export interface Placement {
  location: Map<string, string>;
  count: Map<string, number>;
}

export function placementOf(vms: readonly RuleVm[]): Placement {
  const location = new Map<string, string>();
  const count = new Map<string, number>();
  for (const v of vms) {
    if (!v.running || v.hostId === undefined) continue;
    location.set(v.id, v.hostId);
    count.set(v.hostId, (count.get(v.hostId) ?? 0) + 1);
  }
  return { location, count };
}

/** A move's breaches of enforcing affinity, as the engine would refuse it. */
export type AffinityIssue = 'affinity_positive' | 'affinity_negative' | 'affinity_host';

/**
 * The enforcing affinity rules a VM breaks on `targetHostId`, given where every other VM is (or
 * is planned to be). As the engine: with positive VM affinity, any host where a partner runs is
 * acceptable; with negative, none where one runs.
 */
export function affinityIssues(
  index: RuleIndex,
  placement: Placement,
  vmId: string,
  targetHostId: string,
): AffinityIssue[] {
  const out: AffinityIssue[] = [];
  const add = (issue: AffinityIssue): void => {
    if (!out.includes(issue)) out.push(issue);
  };
  for (const g of index.groupsByVm.get(vmId) ?? []) {
    if (g.vmsRule?.enforcing) {
      const partnerHosts = new Set<string>();
      for (const p of g.vmIds) {
        if (p === vmId) continue;
        const at = placement.location.get(p);
        if (at !== undefined) partnerHosts.add(at);
      }
      if (g.vmsRule.positive && partnerHosts.size > 0 && !partnerHosts.has(targetHostId))
        add('affinity_positive');
      if (!g.vmsRule.positive && partnerHosts.has(targetHostId)) add('affinity_negative');
    }
    if (g.hostsRule?.enforcing) {
      const inSet = index.hostSets.get(g.id)?.has(targetHostId) ?? false;
      if (inSet !== g.hostsRule.positive) add('affinity_host');
    }
  }
  return out;
}

export function movePlaced(p: Placement, vmId: string, to: string): void {
  const from = p.location.get(vmId);
  if (from === to) return;
  if (from !== undefined) p.count.set(from, (p.count.get(from) ?? 1) - 1);
  p.location.set(vmId, to);
  p.count.set(to, (p.count.get(to) ?? 0) + 1);
}

/**
 * Applies the hard rules to the candidate hosts of a unit, in the engine's filter order. Returns
 * the hosts left, or the first rule that left none.
 */
export function filterByRules<H extends { id: string }>(
  index: RuleIndex,
  unit: readonly { id: string }[],
  clusterId: string,
  candidates: readonly H[],
  placement: Placement,
): { hosts: H[] } | { blocked: RuleBlock } {
  const inUnit = new Set(unit.map((v) => v.id));
  const name = (id: string): string => index.vmName.get(id) ?? id;
  let hosts = [...candidates];

  // Negative rules between members of one unit can never be met.
  for (const v of unit) {
    for (const g of index.groupsByVm.get(v.id) ?? []) {
      if (!g.vmsRule?.enforcing || g.vmsRule.positive) continue;
      const together = g.vmIds.filter((id) => inUnit.has(id));
      if (together.length > 1) {
        return {
          blocked: { kind: 'affinity_conflict', group: g.name, others: together.map(name).sort() },
        };
      }
    }
  }

  // Positive VM rules, group by group: where the group's partners outside the unit run. (The
  // engine takes the union over all groups; with partners already split over hosts that union
  // would break one of the groups, so the planner is stricter.)
  for (const v of unit) {
    for (const g of index.groupsByVm.get(v.id) ?? []) {
      if (!g.vmsRule?.enforcing || !g.vmsRule.positive) continue;
      const at = new Set<string>();
      const partners: string[] = [];
      for (const p of g.vmIds) {
        if (inUnit.has(p)) continue;
        const h = placement.location.get(p);
        if (h === undefined) continue;
        at.add(h);
        partners.push(name(p));
      }
      if (at.size === 0) continue;
      hosts = hosts.filter((h) => at.has(h.id));
      if (hosts.length === 0)
        return {
          blocked: { kind: 'vm_positive', group: g.name, others: [...new Set(partners)].sort() },
        };
    }
  }

  // Negative VM rules: never where a partner runs or is planned.
  for (const v of unit) {
    for (const g of index.groupsByVm.get(v.id) ?? []) {
      if (!g.vmsRule?.enforcing || g.vmsRule.positive) continue;
      const partnersAt = new Map<string, string[]>();
      for (const p of g.vmIds) {
        if (inUnit.has(p)) continue;
        const at = placement.location.get(p);
        if (at === undefined) continue;
        partnersAt.set(at, [...(partnersAt.get(at) ?? []), name(p)]);
      }
      const before = hosts;
      hosts = hosts.filter((h) => !partnersAt.has(h.id));
      if (hosts.length === 0 && before.length > 0) {
        const others = [...new Set(before.flatMap((h) => partnersAt.get(h.id) ?? []))].sort();
        return { blocked: { kind: 'vm_negative', group: g.name, others } };
      }
    }
  }

  // VM-to-host rules.
  for (const v of unit) {
    for (const g of index.groupsByVm.get(v.id) ?? []) {
      if (!g.hostsRule?.enforcing) continue;
      const set = index.hostSets.get(g.id) ?? new Set<string>();
      const positive = g.hostsRule.positive;
      hosts = hosts.filter((h) => set.has(h.id) === positive);
      if (hosts.length === 0) return { blocked: { kind: 'vm_host', group: g.name, positive } };
    }
  }

  // The cap on running VMs per host.
  const cap = index.rules.maxVmsPerHost?.[clusterId];
  if (cap !== undefined) {
    hosts = hosts.filter((h) => (placement.count.get(h.id) ?? 0) + unit.length <= cap);
    if (hosts.length === 0) {
      const policy = index.rules.policyNames?.[clusterId];
      return { blocked: { kind: 'vm_cap', cap, ...(policy !== undefined ? { policy } : {}) } };
    }
  }
  return { hosts };
}

/**
 * Soft rules as weights, for every host at once: host id → score (higher is better; absent = 0).
 * One pass over the unit's soft groups, so choosing among many hosts stays cheap.
 */
export function softScores(
  index: RuleIndex,
  unit: readonly { id: string }[],
  placement: Placement,
): Map<string, number> {
  const scores = new Map<string, number>();
  const add = (hostId: string, n: number): void => {
    scores.set(hostId, (scores.get(hostId) ?? 0) + n);
  };
  const inUnit = new Set(unit.map((v) => v.id));
  for (const v of unit) {
    for (const g of index.groupsByVm.get(v.id) ?? []) {
      if (g.vmsRule && !g.vmsRule.enforcing) {
        for (const p of g.vmIds) {
          if (inUnit.has(p)) continue;
          const at = placement.location.get(p);
          if (at !== undefined) add(at, g.vmsRule.positive ? 1 : -1);
        }
      }
      if (g.hostsRule && !g.hostsRule.enforcing) {
        for (const h of index.hostSets.get(g.id) ?? []) add(h, g.hostsRule.positive ? 1 : -1);
      }
    }
  }
  return scores;
}
