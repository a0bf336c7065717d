/**
 * The VM view's page read, shared by the view (useVmsView) and the main place's boot script,
 * which starts it before the view's code has loaded (issue 14): both must send the same request.
 */
import type { EngineClient } from '../../../rest/client';
import type { Vm } from '../../../rest/models';
import { vmKeys } from '../../shared/queryKeys';
import { pageSearch } from './listState';
import type { VmListState } from './listState';

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

/** The page of VMs a list state shows: its engine search, its size and its query key. */
export function vmPageOf(state: VmListState, configuredPageSize: number) {
  const search = pageSearch(state);
  const pageSize = state.size || configuredPageSize;
  return { search, pageSize, key: vmKeys.list(search, state.page, pageSize) };
}
