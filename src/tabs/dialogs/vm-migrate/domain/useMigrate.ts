/**
 * Migration of one or more VMs: destination candidates from `hosts?migration_target_of=` (the
 * engine's own filter), or automatic; then a bulk 'migrate' operation tracked until each VM is
 * up on its destination.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { usePage } from '../../../shared/pageContext';
import { hostKeys } from '../../../shared/queryKeys';
import { useOperations, useVmOperationRunner } from '../../../shared/operations/useOperations';
import type { OperationRecord } from '../../../../operations/operationsStore';
import type { Host } from '../../../../rest/models';

export interface MigrateVm {
  id: string;
  name: string;
  status: string;
  hostId?: string;
}

export function useMigrate(vms: readonly MigrateVm[]): {
  data: {
    targets: Host[] | undefined;
    targetsLoading: boolean;
    targetsError: unknown;
    target: string;
    operation: OperationRecord | undefined;
    concurrency: number;
  };
  actions: { chooseTarget: (id: string) => void; confirmMigrate: () => void };
} {
  const { client, config } = usePage();
  const ids = vms.map((v) => v.id);
  const targets = useQuery({
    queryKey: [...hostKeys.lists(), 'migration-targets', [...ids].sort().join(',')],
    queryFn: ({ signal }) => client.hostMigrationTargetsOf(ids, { signal }),
    enabled: ids.length > 0,
  });
  const [target, setTarget] = useState('');
  const runner = useVmOperationRunner();
  const ops = useOperations();
  const [opId, setOpId] = useState<string>();
  const started = useRef(false);
  const confirmMigrate = useCallback(() => {
    if (started.current) return;
    started.current = true;
    const host = targets.data?.find((h) => h.id === target);
    setOpId(
      runner.startVmAction('migrate', vms, host ? { hostId: host.id, hostName: host.name } : {}),
    );
  }, [runner, target, targets.data, vms]);
  return {
    data: {
      targets: targets.data,
      targetsLoading: targets.isPending && ids.length > 0,
      targetsError: targets.error,
      target,
      operation: ops.find((o) => o.id === opId),
      concurrency: config.bulkConcurrency,
    },
    actions: { chooseTarget: setTarget, confirmMigrate },
  };
}
