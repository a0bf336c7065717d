/**
 * The VMs the engine moves along with a migration sent with `migrate_vms_in_affinity_closure`:
 * every VM tied to it, directly or through others, by an enabled, positive, enforcing VM affinity
 * group (labels already flattened into `vmIds`, see schedulingRulesFromEngine.ts), that runs on
 * the same host. Each follower names the group that ties it, so the confirmation can say why.
 *
 * Selected VMs that another selected VM's closure already moves become its followers: the engine
 * moves them with it, so they are never sent on their own.
 */
import type { PlannerAffinityGroup } from './schedulingRules';

export interface ClosureVm {
  id: string;
  name: string;
  status: string;
  hostId?: string;
}

export interface ClosureFollower extends ClosureVm {
  /** The affinity group through which the engine reaches it. */
  group: string;
}

const NOT_RUNNING: ReadonlySet<string> = new Set(['down', 'suspended', 'image_locked']);

/**
 * Leader id → the VMs the engine moves with it (by name). Leaders keep the selection's order;
 * a VM is the follower of the first leader whose closure reaches it.
 */
export function closureFollowers(
  selected: readonly string[],
  groups: readonly PlannerAffinityGroup[],
  vms: ReadonlyMap<string, ClosureVm>,
): Map<string, ClosureFollower[]> {
  const tying = groups.filter(
    (g) => g.vmsRule !== undefined && g.vmsRule.positive && g.vmsRule.enforcing,
  );
  const groupsOf = new Map<string, PlannerAffinityGroup[]>();
  for (const g of tying)
    for (const id of g.vmIds) groupsOf.set(id, [...(groupsOf.get(id) ?? []), g]);
  const claimed = new Set<string>();
  const out = new Map<string, ClosureFollower[]>();
  for (const leaderId of selected) {
    const leader = vms.get(leaderId);
    if (!leader || claimed.has(leaderId)) continue;
    claimed.add(leaderId);
    const followers: ClosureFollower[] = [];
    const queue = [leaderId];
    const seen = new Set(queue);
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      for (const g of groupsOf.get(id) ?? []) {
        for (const other of g.vmIds) {
          if (seen.has(other)) continue;
          seen.add(other);
          // The closure runs through every member; the engine moves those running beside it.
          queue.push(other);
          const vm = vms.get(other);
          if (!vm || NOT_RUNNING.has(vm.status) || vm.hostId !== leader.hostId) continue;
          if (claimed.has(other)) continue;
          claimed.add(other);
          followers.push({ ...vm, group: g.name });
        }
      }
    }
    if (followers.length > 0)
      out.set(
        leaderId,
        followers.sort((a, b) => a.name.localeCompare(b.name)),
      );
  }
  return out;
}
