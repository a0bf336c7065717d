/** The hosts of one cluster with their hooks, for the drift view (read once per opening). */
import { useQuery } from '@tanstack/react-query';
import { searchQuery } from '../../../rest/search';
import { runPool } from '../../../operations/runnerKit';
import { usePage } from '../../shared/pageContext';
import { hostKeys } from '../../shared/queryKeys';
import type { DriftHost } from './drift';

/** Hooks are read per host; a few at a time so a large cluster does not flood the engine. */
const HOOK_READS_AT_ONCE = 4;

export function useDriftHosts(clusterId: string, clusterName: string | undefined) {
  const { client } = usePage();
  return useQuery({
    queryKey: [...hostKeys.all, 'drift', clusterId] as const,
    enabled: clusterName !== undefined,
    queryFn: async ({ signal }): Promise<DriftHost[]> => {
      const hosts = (
        await client.hostList({
          search: searchQuery().where('cluster', clusterName ?? ''),
          signal,
        })
      ).filter((h) => h.cluster?.id === clusterId);
      const out: DriftHost[] = hosts.map((host) => ({ host, hooks: [] }));
      await runPool(
        out.map((d) => async () => {
          d.hooks = await client.hostHooks(d.host.id, { signal });
        }),
        HOOK_READS_AT_ONCE,
        () => signal.aborted,
      );
      return out.sort((a, b) => a.host.name.localeCompare(b.host.name));
    },
    refetchOnWindowFocus: false,
  });
}
