/**
 * The VM view's page read, shared by the view (useVmsView) and the main place's boot script,
 * which starts it before the view's code has loaded (issue 14): both must send the same request.
 */
import type { EngineClient } from '../../../rest/client';
import type { Vm } from '../../../rest/models';

/** The links each listed VM carries inline: its statistics and the guest agent's IPs. */
export const VM_LIST_FOLLOW = ['statistics', 'reporteddevices'] as const;

export function readVmPage(
  client: EngineClient,
  search: string,
  pageSize: number,
  signal?: AbortSignal,
): Promise<Vm[]> {
  return client.vmList({ search, max: pageSize, follow: VM_LIST_FOLLOW, signal });
}
