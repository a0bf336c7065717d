/**
 * Which VM, host or cluster a detail tab shows. Normally the host page puts `#id=…` into the page's URL
 * when WebAdmin fires a selection event. A detail tab opened directly (reload, bookmark,
 * `#ops-center-vm-activity;name=vm1`) gets no event, because no list presenter runs: then the
 * entity comes from WebAdmin's own URL (`;name=`), resolved to an id through a REST search.
 *
 * @example
 *   const { id, resolving } = useDetailEntity('vm');
 */
import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { topPlace, watchTopPlace } from '../../plugin-api/pluginApi';
import { searchQuery } from '../../rest/search';
import { usePage } from './pageContext';
import { useHashParams } from './useHashParams';

const topName = (): string => topPlace()?.params.name ?? '';

export interface DetailEntity {
  /** The entity id, or '' when there is none (yet). */
  id: string;
  /** A `;name=` from WebAdmin's URL is being looked up. */
  resolving: boolean;
  /** The `;name=` WebAdmin's URL names, when it is the source. */
  name?: string;
}

export function useDetailEntity(kind: 'vm' | 'host' | 'cluster'): DetailEntity {
  const { id: hashId = '' } = useHashParams();
  const name = useSyncExternalStore(watchTopPlace, topName, () => '');
  const { client } = usePage();
  const byName = hashId === '' && name !== '';
  const lookup = useQuery({
    queryKey: ['detail-entity', kind, name],
    queryFn: async ({ signal }) => {
      const search = searchQuery().where('name', name);
      const found =
        kind === 'vm'
          ? await client.vmList({ search, signal })
          : kind === 'host'
            ? await client.hostList({ search, signal })
            : await client.clusterList({ search, signal });
      // `name=` is a pattern in the engine's search; take the exact match only.
      return found.find((e) => e.name === name)?.id ?? '';
    },
    enabled: byName,
    staleTime: 60_000,
  });
  if (!byName) return { id: hashId, resolving: false };
  return { id: lookup.data ?? '', resolving: lookup.isPending, name };
}
