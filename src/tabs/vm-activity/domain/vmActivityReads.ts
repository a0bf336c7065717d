/**
 * The Activity tab's first reads, shared by the view (useVmActivity) and the page's boot script,
 * which starts them before the view's code has loaded (issue 14): same keys, same requests.
 */
import type { EngineClient } from '../../../rest/client';
import { vmKeys } from '../../shared/queryKeys';

type Read<T> = {
  queryKey: readonly unknown[];
  queryFn: (context: { signal?: AbortSignal }) => Promise<T>;
};

export function vmActivityReads(client: EngineClient, id: string) {
  return {
    vm: {
      queryKey: vmKeys.detail(id),
      queryFn: ({ signal }) => client.vmGet(id, { signal }),
    } satisfies Read<unknown>,
    stats: {
      queryKey: vmKeys.statistics(id),
      queryFn: ({ signal }) => client.vmStatistics(id, { signal }),
    } satisfies Read<unknown>,
    nics: {
      queryKey: vmKeys.nics(id),
      queryFn: ({ signal }) => client.vmNics(id, { signal }),
    } satisfies Read<unknown>,
    disks: {
      queryKey: vmKeys.disks(id),
      queryFn: ({ signal }) => client.vmDiskAttachments(id, { follow: ['disk'], signal }),
    } satisfies Read<unknown>,
    snapshots: {
      queryKey: vmKeys.snapshots(id),
      queryFn: ({ signal }) => client.vmSnapshots(id, { signal }),
    } satisfies Read<unknown>,
  };
}
