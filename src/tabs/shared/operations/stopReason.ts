/**
 * Shut down and power off take a reason that the engine writes into its events, on clusters
 * with `optional_reason` (WebAdmin asks for it there too). The same rule for the VM view's own
 * confirmation and for the bulk dialog on WebAdmin's VM list.
 */
import type { Cluster } from '../../../rest/models';
import type { VmAction } from '../../../operations/vmActions';

/** Where a VM runs, as the caller knows it: the cluster's id or (the VM view's rows) its name. */
export interface VmCluster {
  clusterId?: string;
  clusterName?: string;
}

export function stopReasonOffered(
  action: VmAction | undefined,
  vms: readonly VmCluster[] | undefined,
  clusters: readonly Cluster[] | undefined,
): boolean {
  if ((action !== 'shutdown' && action !== 'stop') || !vms || !clusters) return false;
  const optional = clusters.filter((c) => c.optionalReason);
  return vms.some((v) =>
    optional.some((c) =>
      v.clusterId !== undefined ? c.id === v.clusterId : c.name === v.clusterName,
    ),
  );
}

/** The options to send: the trimmed reason, or nothing when none is offered or typed. */
export function stopReasonOptions(offered: boolean, reason: string): { reason?: string } {
  const text = reason.trim();
  return offered && text !== '' ? { reason: text } : {};
}
