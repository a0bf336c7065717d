/**
 * The Load & VMs tab's first reads that need only the host id, shared by the view (useHostLoad)
 * and the page's boot script, which starts them before the view's code has loaded (issue 14):
 * same keys, same requests. The load samples and the resident VMs need the host's answer first.
 */
import type { EngineClient } from '../../../rest/client';
import { hostKeys, networkKeys } from '../../shared/queryKeys';

type Read<T> = {
  queryKey: readonly unknown[];
  queryFn: (context: { signal?: AbortSignal }) => Promise<T>;
};

export function hostLoadReads(client: EngineClient, id: string) {
  return {
    host: {
      queryKey: hostKeys.detail(id),
      queryFn: ({ signal }) => client.hostGet(id, { signal }),
    } satisfies Read<unknown>,
    nics: {
      queryKey: hostKeys.nics(id),
      queryFn: ({ signal }) => client.hostNics(id, { signal }),
    } satisfies Read<unknown>,
    networks: {
      queryKey: networkKeys.all,
      queryFn: ({ signal }) => client.networkList({ signal }),
    } satisfies Read<unknown>,
  };
}
