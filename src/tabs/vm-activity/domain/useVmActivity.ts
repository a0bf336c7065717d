/**
 * The VM "Activity" tab (`vm-activity.html#id=<vmId>`, follows the hash without reloading):
 * the VM, its statistics history, NICs, disks, snapshots and recent events, polled while the
 * page is visible; lifecycle actions go through the operations runner (tracked in the drawer),
 * snapshot changes through confirmed mutations.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useStopReason } from '../../shared/operations/useStopReason';
import { showToast } from '../../../plugin-api/pluginApi';
import { FaultError } from '../../../rest/errors';
import { searchQuery } from '../../../rest/search';
import { useMessages } from '../../../messages/catalogue';
import type { MessageKey } from '../../../messages/catalogue';
import { hostQueries } from '../../shared/entityQueries';
import { usePage } from '../../shared/pageContext';
import { eventKeys, vmKeys } from '../../shared/queryKeys';
import { useDetailEntity } from '../../shared/useDetailEntity';
import { historyOldestFirst } from './history';
import { vmActivityReads } from './vmActivityReads';
import { vmActionsFor, type VmAction } from '../../../operations/vmActions';
import { useVmOperationRunner } from '../../shared/operations/useOperations';

export type SnapshotConfirm =
  | { kind: 'create' }
  | { kind: 'restore'; id: string; description: string }
  | { kind: 'delete'; id: string; description: string };

function errorText(error: unknown): string {
  if (error instanceof FaultError) return error.detail ?? error.reason;
  return error instanceof Error ? error.message : String(error);
}

export function useVmActivity() {
  const { id, resolving } = useDetailEntity('vm');
  const { client, config } = usePage();
  const { t } = useMessages();
  const queryClient = useQueryClient();
  const enabled = id !== '';
  const poll = config.pollIntervalMs;

  // The same reads as the page's boot script starts before this code loads (boot.ts).
  const reads = vmActivityReads(client, id);
  const vm = useQuery({ ...reads.vm, enabled, refetchInterval: poll });
  const stats = useQuery({ ...reads.stats, enabled, refetchInterval: poll * 6 });
  const nics = useQuery({ ...reads.nics, enabled });
  const disks = useQuery({ ...reads.disks, enabled });
  const snapshots = useQuery({
    ...reads.snapshots,
    enabled,
    refetchInterval: (q) =>
      q.state.data?.some((s) => s.snapshotStatus === 'locked') ? poll : false,
  });
  const hostId = vm.data?.host?.id;
  const host = useQuery({
    ...hostQueries.detail(client, hostId ?? ''),
    enabled: hostId !== undefined && vm.data?.host?.name === undefined,
    staleTime: 60_000,
  });
  const vmName = vm.data?.name;
  const events = useQuery({
    queryKey: eventKeys.forVm(id),
    queryFn: ({ signal }) =>
      client.eventList({
        search: `${searchQuery()
          .where('event_vm', vmName ?? '')
          .toString()} sortby time desc`,
        max: 20,
        signal,
      }),
    enabled: enabled && vmName !== undefined,
    refetchInterval: poll * 2,
  });

  // ---- lifecycle actions (tracked operations) ----
  const runner = useVmOperationRunner();
  const [pendingAction, setPendingAction] = useState<VmAction>();
  // Shut down / power off on an optional_reason cluster: the reason goes to the engine's event.
  const clusterId = vm.data?.cluster?.id;
  const vmClusters = useMemo(() => (clusterId ? [{ clusterId }] : undefined), [clusterId]);
  const stop = useStopReason(pendingAction, vmClusters);
  const confirmAction = useCallback(() => {
    const current = vm.data;
    if (!pendingAction || !current) return;
    runner.startVmAction(
      pendingAction,
      [
        {
          id: current.id,
          name: current.name,
          status: current.status,
          ...(current.host ? { hostId: current.host.id } : {}),
        },
      ],
      stop.options(),
    );
    showToast(
      'info',
      t('vms.activity.actionSent', {
        action: t(`vms.action.${pendingAction}` as MessageKey),
        name: current.name,
      }),
    );
    setPendingAction(undefined);
  }, [pendingAction, runner, t, vm.data, stop]);

  // ---- snapshots (each confirmed) ----
  const [snapshotConfirm, setSnapshotConfirm] = useState<SnapshotConfirm>();
  const [snapshotDescription, setSnapshotDescription] = useState('');
  const [snapshotError, setSnapshotError] = useState<string>();
  const snapshotMutation = useMutation({
    mutationFn: async (c: SnapshotConfirm) => {
      if (c.kind === 'create')
        await client.vmSnapshotCreate(id, {
          description: snapshotDescription.trim() || 'Ops Center',
        });
      else if (c.kind === 'restore') await client.vmSnapshotRestore(id, c.id);
      else await client.vmSnapshotDelete(id, c.id);
    },
    onSuccess: () => {
      setSnapshotConfirm(undefined);
      setSnapshotDescription('');
      setSnapshotError(undefined);
    },
    onError: (error) => {
      setSnapshotError(errorText(error));
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: vmKeys.snapshots(id) });
      void queryClient.invalidateQueries({ queryKey: vmKeys.detail(id) });
    },
  });

  return {
    data: {
      id,
      resolving,
      vm,
      hostName: vm.data?.host?.name ?? (host.data?.id === hostId ? host.data?.name : undefined),
      cpu: historyOldestFirst(stats.data, 'cpu.usage.history'),
      memory: historyOldestFirst(stats.data, 'memory.usage.history'),
      network: historyOldestFirst(stats.data, 'network.usage.history'),
      uptimeSec: stats.data?.find((s) => s.name === 'elapsed.time')?.value,
      nics,
      disks,
      snapshots,
      events,
      validActions: vm.data ? vmActionsFor(vm.data.status, vm.data.origin) : [],
      pendingAction,
      /** Shut down / power off offer a reason on this VM's cluster. */
      stopReasonOffered: stop.offered,
      stopReason: stop.reason,
      snapshotConfirm,
      snapshotDescription,
      snapshotError,
      snapshotBusy: snapshotMutation.isPending,
    },
    actions: {
      askAction: setPendingAction,
      cancelAction: () => {
        setPendingAction(undefined);
      },
      confirmAction,
      setStopReason: stop.setReason,
      askSnapshot: (c: SnapshotConfirm) => {
        setSnapshotError(undefined);
        setSnapshotConfirm(c);
      },
      cancelSnapshot: () => {
        setSnapshotConfirm(undefined);
      },
      setSnapshotDescription,
      confirmSnapshot: () => {
        if (snapshotConfirm && !snapshotMutation.isPending)
          snapshotMutation.mutate(snapshotConfirm);
      },
    },
  };
}
