/**
 * The reason field of a shutdown / power off confirmation (see stopReason.ts): whether it is
 * offered for these VMs, what the admin typed, and the options to send. The cluster list is
 * read (or taken from the page's cache) only for those two actions; a new confirmation starts
 * with an empty reason.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { VmAction } from '../../../operations/vmActions';
import { usePage } from '../pageContext';
import { clusterKeys } from '../queryKeys';
import { stopReasonOffered, stopReasonOptions, type VmCluster } from './stopReason';

export interface StopReason {
  offered: boolean;
  reason: string;
  setReason: (reason: string) => void;
  /** `{ reason }` to send with the action, or `{}`. */
  options: () => { reason?: string };
}

export function useStopReason(
  action: VmAction | undefined,
  vms: readonly VmCluster[] | undefined,
): StopReason {
  const { client } = usePage();
  const stopping = action === 'shutdown' || action === 'stop';
  const clusters = useQuery({
    queryKey: clusterKeys.list(),
    queryFn: ({ signal }) => client.clusterList({ signal }),
    enabled: stopping && vms !== undefined && vms.length > 0,
    staleTime: 5 * 60_000,
  });
  const [reason, setReason] = useState('');
  // Adjusting state while rendering (React's pattern): another action or selection, no reason.
  const [shownFor, setShownFor] = useState({ action, vms });
  if (shownFor.action !== action || shownFor.vms !== vms) {
    setShownFor({ action, vms });
    setReason('');
  }
  const offered = stopReasonOffered(action, vms, clusters.data);
  return { offered, reason, setReason, options: () => stopReasonOptions(offered, reason) };
}
