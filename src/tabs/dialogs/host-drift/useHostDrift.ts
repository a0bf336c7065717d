/** The clusters to compare, and the one the Hosts view asked for (`#cluster=<id>`). */
import { useQuery } from '@tanstack/react-query';
import { usePage } from '../../shared/pageContext';
import { clusterKeys } from '../../shared/queryKeys';
import { useHashParams } from '../../shared/useHashParams';

export function useHostDrift() {
  const { client } = usePage();
  const params = useHashParams();
  const clusters = useQuery({
    queryKey: clusterKeys.list(),
    queryFn: ({ signal }) => client.clusterList({ signal }),
    staleTime: 5 * 60_000,
  });
  return { clusters, clusterId: params.cluster };
}
