/**
 * The bulk dialog (`vm-bulk.html#action=start&ids=a,b`): reads the VMs, lets the admin confirm,
 * starts the operation once, and follows it from the shared record.
 */
import { useQuery } from '@tanstack/react-query';
import { startTransition, useCallback, useDeferredValue, useMemo, useRef, useState } from 'react';
import { closeDialog } from '../../../../plugin-api/pluginApi';
import { DIALOG_TOKENS } from '../../../../plugin-api/pages';
import { usePage } from '../../../shared/pageContext';
import { splitIds, useHashParams } from '../../../shared/useHashParams';
import { isVmAction } from '../../../../operations/vmActions';
import type { VmAction } from '../../../../operations/vmActions';
import { useOperations, useVmOperationRunner } from '../../../shared/operations/useOperations';
import type { OperationRecord } from '../../../../operations/operationsStore';
import type { Vm } from '../../../../rest/models';
import { vmByIdsQuery } from '../../../vms/domain/vmQueries';
import { useStopReason } from '../../../shared/operations/useStopReason';

export interface VmBulkData {
  action: VmAction | undefined;
  rawAction: string;
  ids: string[];
  vms: Vm[] | undefined;
  loading: boolean;
  error: unknown;
  operation: OperationRecord | undefined;
  concurrency: number;
  /** Shutdown / power off of VMs in an `optional_reason` cluster: a reason is offered. */
  reasonOffered: boolean;
  reason: string;
}

export function useVmBulk(): {
  data: VmBulkData;
  actions: {
    confirmAction: () => void;
    closeDialog: () => void;
    retryLoad: () => void;
    setReason: (reason: string) => void;
  };
} {
  const params = useHashParams();
  const { client, config } = usePage();
  const rawAction = params.action ?? '';
  const action = isVmAction(rawAction) ? rawAction : undefined;
  const rawIds = params.ids ?? params.id;
  // Once per hash, not per render: the dialog re-renders every frame while an operation runs,
  // and splitting and sorting 500 ids for the query key each time adds up.
  const ids = useMemo(() => splitIds(rawIds), [rawIds]);
  const query = useMemo(() => vmByIdsQuery(client, ids), [client, ids]);
  const [opId, setOpId] = useState<string>();
  // Read for the confirmation only: once the operation runs, its progress comes from the record,
  // and the VM lists refetched as items finish (refetchOnOperationEnd) must not include these
  // 500 VMs (13 by-id requests a second during a 500-VM run).
  const vms = useQuery({ ...query, enabled: ids.length > 0 && opId === undefined });
  const runner = useVmOperationRunner();
  // Ticks that finish many items re-render the progress card in a transition, in slices.
  const ops = useDeferredValue(useOperations());
  const vmClusters = useMemo(
    () => vms.data?.map((v) => (v.cluster ? { clusterId: v.cluster.id } : {})),
    [vms.data],
  );
  const stop = useStopReason(action, vmClusters);
  const started = useRef(false);

  const confirmAction = useCallback(() => {
    // A second click (or a re-render racing it) must not start a second operation.
    if (started.current || !action || !vms.data) return;
    started.current = true;
    const id = runner.startVmAction(
      action,
      vms.data.map((v) => ({
        id: v.id,
        name: v.name,
        status: v.status,
        ...(v.host ? { hostId: v.host.id } : {}),
        ...(v.origin !== undefined ? { origin: v.origin } : {}),
      })),
      stop.options(),
    );
    // The progress card for hundreds of items renders in slices, not inside the click's task
    // (a long task of 60-140 ms in the 500-VM bench).
    startTransition(() => {
      setOpId(id);
    });
  }, [action, runner, vms.data, stop]);

  return {
    data: {
      action,
      rawAction,
      ids,
      vms: vms.data,
      loading: vms.isPending && ids.length > 0,
      error: vms.error,
      operation: ops.find((o) => o.id === opId),
      concurrency: config.bulkConcurrency,
      reasonOffered: stop.offered,
      reason: stop.reason,
    },
    actions: {
      confirmAction,
      closeDialog: () => {
        closeDialog(DIALOG_TOKENS.vmBulk);
      },
      retryLoad: () => void vms.refetch(),
      setReason: stop.setReason,
    },
  };
}
