/**
 * What the engine's scheduler will do with one VM, as the Activity tab shows it (issue 15 point
 * 5): the affinity groups it belongs to (directly or through one of its affinity labels) with
 * their VM and host rules and the other members, its affinity labels, and the hosts it is
 * pinned to with its migration mode. Pure: the reads are in SchedulingSection.
 */
import type { AffinityGroup, AffinityLabel } from '../../../rest/scheduling';

export interface GroupView {
  id: string;
  name: string;
  /** Absent when the group's VM (or host) rule is disabled. */
  vmRule?: { positive: boolean; enforcing: boolean };
  hostRule?: { positive: boolean; enforcing: boolean };
  /** The other VMs (names when known), sorted. */
  otherVms: string[];
  /** The group's hosts (names when known), sorted. */
  hosts: string[];
}

export interface SchedulingView {
  groups: GroupView[];
  labels: string[];
  /** `placement_policy.hosts` by name; empty = any host of the cluster. */
  pinnedHosts: string[];
  /** `placement_policy.affinity`: migratable, user_migratable, pinned. */
  mode?: string;
}

const byName = (a: string, b: string): number => a.localeCompare(b);

export function vmSchedulingView(input: {
  vmId: string;
  groups: readonly AffinityGroup[];
  labels: readonly AffinityLabel[];
  /** Labels' members, for groups that name VM or host labels. */
  labelMembers?: ReadonlyMap<string, { vmIds: readonly string[]; hostIds: readonly string[] }>;
  placementHostIds?: readonly string[];
  placementAffinity?: string;
  vmNames: ReadonlyMap<string, string>;
  hostNames: ReadonlyMap<string, string>;
}): SchedulingView {
  const own = new Set(input.labels.map((l) => l.id));
  const vmName = (id: string): string => input.vmNames.get(id) ?? id;
  const hostName = (id: string): string => input.hostNames.get(id) ?? id;
  const groups = input.groups
    .filter((g) => g.vmIds.includes(input.vmId) || g.vmLabelIds.some((l) => own.has(l)))
    .map((g): GroupView => {
      const members = new Set(g.vmIds);
      for (const l of g.vmLabelIds)
        for (const v of input.labelMembers?.get(l)?.vmIds ?? []) members.add(v);
      members.delete(input.vmId);
      const hosts = new Set(g.hostIds);
      for (const l of g.hostLabelIds)
        for (const h of input.labelMembers?.get(l)?.hostIds ?? []) hosts.add(h);
      return {
        id: g.id,
        name: g.name,
        ...(g.vmsRule.enabled
          ? { vmRule: { positive: g.vmsRule.positive, enforcing: g.vmsRule.enforcing } }
          : {}),
        ...(g.hostsRule.enabled
          ? { hostRule: { positive: g.hostsRule.positive, enforcing: g.hostsRule.enforcing } }
          : {}),
        otherVms: [...members].map(vmName).sort(byName),
        hosts: [...hosts].map(hostName).sort(byName),
      };
    })
    .sort((a, b) => byName(a.name, b.name));
  return {
    groups,
    labels: input.labels.map((l) => l.name).sort(byName),
    pinnedHosts: (input.placementHostIds ?? []).map(hostName).sort(byName),
    ...(input.placementAffinity !== undefined ? { mode: input.placementAffinity } : {}),
  };
}

/** Every VM and host id the view will want a name for. */
export function idsToName(
  vmId: string,
  groups: readonly AffinityGroup[],
  labels: readonly AffinityLabel[],
  placementHostIds: readonly string[] = [],
): { vmIds: string[]; hostIds: string[] } {
  const own = new Set(labels.map((l) => l.id));
  const mine = groups.filter((g) => g.vmIds.includes(vmId) || g.vmLabelIds.some((l) => own.has(l)));
  return {
    vmIds: [...new Set(mine.flatMap((g) => g.vmIds))].filter((id) => id !== vmId),
    hostIds: [...new Set([...mine.flatMap((g) => g.hostIds), ...placementHostIds])],
  };
}
