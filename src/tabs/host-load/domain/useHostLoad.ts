import { useQuery } from '@tanstack/react-query';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Host } from '../../../rest/models';
import { hostQueries } from '../../shared/entityQueries';
import { useConfig, useEngineClient } from '../../shared/pageContext';
import { useHashParams } from '../../shared/useHashParams';

/** Placeholder domain hook: the host selected in WebAdmin (hash `#id=`), polled while visible. */
export function useHostLoad(): {
  data: { hostId: string | undefined; host: UseQueryResult<Host> };
  actions: object;
} {
  const { id } = useHashParams();
  const client = useEngineClient();
  const config = useConfig();
  const host = useQuery({
    ...hostQueries.detail(client, id ?? ''),
    enabled: id !== undefined && id !== '',
    refetchInterval: config.pollIntervalMs,
  });
  return { data: { hostId: id || undefined, host }, actions: {} };
}
