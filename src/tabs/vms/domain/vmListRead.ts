/**
 * The VM view's page read, shared by the view (useVmsView) and the main place's boot script,
 * which starts it before the view's code has loaded (issue 14): both must send the same request.
 */
import type { EngineClient } from '../../../rest/client';
import type { Host, Vm } from '../../../rest/models';
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
  return client
    .vmList({ search, max: pageSize, follow: VM_LIST_FOLLOW, signal })
    .then((vms) => vms.map(listedVm));
}

/** The statistics a row shows (vmRow.ts); the list keeps no others. */
export const LISTED_STATISTICS: ReadonlySet<string> = new Set([
  'cpu.current.total',
  'memory.used',
  'memory.installed',
  'elapsed.time',
]);

/**
 * A VM as the list keeps it (issue 14, memory): the engine sends some fifteen statistics per VM,
 * each with its own link and description, and the page's cache held all of them for every VM on
 * the page for as long as it was open. Used for the page read and for the live refreshes of
 * rows (useLiveVmUpdates), so a row never mixes the two shapes.
 */
export function listedVm(vm: Vm): Vm {
  if (vm.statistics === undefined) return vm;
  return { ...vm, statistics: vm.statistics.filter((s) => LISTED_STATISTICS.has(s.name)) };
}

/** A host as the VM view needs it: its id and name (row names, the host filter). */
export type HostName = Pick<Host, 'id' | 'name'>;

/**
 * The hosts the VM view names, shared by the view and the boot script (same key, same read).
 * Only id and name are kept: the full records (versions, CPU, kernel command line…) of every host
 * were the largest engine data the page held.
 */
export function readHostNames(client: EngineClient, signal?: AbortSignal): Promise<HostName[]> {
  return client.hostList({ signal }).then((hosts) => hosts.map(({ id, name }) => ({ id, name })));
}

/** The page of VMs a list state shows: its engine search, its size and its query key. */
export function vmPageOf(state: VmListState, configuredPageSize: number) {
  const search = pageSearch(state);
  const pageSize = state.size || configuredPageSize;
  return { search, pageSize, key: vmKeys.list(search, state.page, pageSize) };
}
