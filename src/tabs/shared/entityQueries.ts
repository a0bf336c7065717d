/**
 * `queryOptions` for the single-entity reads every page shares (model-codebases §4.7): the key
 * from queryKeys.ts and the REST call in one place, so prefetches and invalidations match.
 *
 * @example
 *   const vm = useQuery(vmQueries.detail(client, id));
 */
import { queryOptions } from '@tanstack/react-query';
import type { EngineClient } from '../../rest/client';
import { hostKeys, vmKeys } from './queryKeys';

export const vmQueries = {
  detail: (client: EngineClient, id: string) =>
    queryOptions({
      queryKey: vmKeys.detail(id),
      queryFn: ({ signal }) => client.vmGet(id, { signal }),
    }),
};

export const hostQueries = {
  detail: (client: EngineClient, id: string) =>
    queryOptions({
      queryKey: hostKeys.detail(id),
      queryFn: ({ signal }) => client.hostGet(id, { signal }),
    }),
};
