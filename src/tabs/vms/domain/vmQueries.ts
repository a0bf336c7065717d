/**
 * VM reads shared by the VM pages: `queryOptions` with the keys from queryKeys.ts.
 */
import { queryOptions } from '@tanstack/react-query';
import type { EngineClient } from '../../../rest/client';
import { vmKeys } from '../../shared/queryKeys';

export const vmByIdsQuery = (client: EngineClient, ids: readonly string[]) =>
  queryOptions({
    queryKey: [...vmKeys.lists(), 'ids', [...ids].sort().join(',')] as const,
    queryFn: ({ signal }) =>
      ids.length === 0 ? Promise.resolve([]) : client.vmListByIds(ids, { signal }),
  });
