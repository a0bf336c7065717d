/**
 * "Migrate the affinity closure too": which other VMs the engine will move with the selection
 * (`migrate_vms_in_affinity_closure`), read from the clusters' affinity groups (labels flattened)
 * and the members' current state. Read only once the admin ticks the option.
 */
import { useQuery } from '@tanstack/react-query';
import { usePage } from '../../../shared/pageContext';
import { vmKeys } from '../../../shared/queryKeys';
import type { ClosureVm } from '../../../../operations/affinityClosure';
import type { Vm } from '../../../../rest/models';

const asClosureVm = (v: Vm): ClosureVm => ({
  id: v.id,
  name: v.name,
  status: v.status,
  ...(v.host ? { hostId: v.host.id } : {}),
});

/** `selected`: the VMs that would be sent, in the selection's order. */
export function useClosure(enabled: boolean, selected: readonly string[]) {
  const { client } = usePage();
  return useQuery({
    queryKey: [...vmKeys.lists(), 'affinity-closure', selected.join(',')],
    enabled: enabled && selected.length > 0,
    queryFn: async ({ signal }) => {
      // Loaded with the first tick of the option: the dialog's first paint does not carry them.
      const [{ closureFollowers }, { loadSchedulingRules }, vms] = await Promise.all([
        import('../../../../operations/affinityClosure'),
        import('../../../../operations/schedulingRulesFromEngine'),
        client.vmListByIds(selected, { signal }),
      ]);
      const clusters = [...new Set(vms.flatMap((v) => (v.cluster ? [v.cluster.id] : [])))];
      const { groups } = await loadSchedulingRules(client, clusters, signal);
      const known = new Set(selected);
      const others = [
        ...new Set(
          groups
            .filter((g) => g.vmsRule?.positive === true && g.vmsRule.enforcing)
            .flatMap((g) => g.vmIds)
            .filter((id) => !known.has(id)),
        ),
      ];
      const members = others.length > 0 ? await client.vmListByIds(others, { signal }) : [];
      const byId = new Map([...vms, ...members].map((v) => [v.id, asClosureVm(v)]));
      return closureFollowers(selected, groups, byId);
    },
  });
}
