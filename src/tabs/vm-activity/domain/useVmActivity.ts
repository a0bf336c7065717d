import { useQuery } from '@tanstack/react-query';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Vm } from '../../../rest/models';
import { vmQueries } from '../../shared/entityQueries';
import { useConfig, useEngineClient } from '../../shared/pageContext';
import { useHashParams } from '../../shared/useHashParams';

/** Placeholder domain hook: the VM selected in WebAdmin (hash `#id=`), polled while visible. */
export function useVmActivity(): {
  data: { vmId: string | undefined; vm: UseQueryResult<Vm> };
  actions: object;
} {
  const { id } = useHashParams();
  const client = useEngineClient();
  const config = useConfig();
  const vm = useQuery({
    ...vmQueries.detail(client, id ?? ''),
    enabled: id !== undefined && id !== '',
    refetchInterval: config.pollIntervalMs,
  });
  return { data: { vmId: id || undefined, vm }, actions: {} };
}
