/** The host's VDSM hooks (`GET /hosts/{id}/hooks`), read once per opening of the tab. */
import { useQuery } from '@tanstack/react-query';
import { usePage } from '../../shared/pageContext';
import { hostKeys } from '../../shared/queryKeys';

export function useHostHooks(hostId: string | undefined) {
  const { client } = usePage();
  return useQuery({
    queryKey: [...hostKeys.all, 'hooks', hostId ?? ''] as const,
    queryFn: ({ signal }) => client.hostHooks(hostId ?? '', { signal }),
    enabled: hostId !== undefined && hostId !== '',
    refetchOnWindowFocus: false,
    staleTime: 5 * 60_000,
  });
}
