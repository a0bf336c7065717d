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
): Promise<ListedVm[]> {
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
 * A VM as the VM list keeps it: what its rows (vmRow.ts), toolbar rules and dialogs read, which
 * all go through `VmRow`. The CSV export and the detail tabs read the engine themselves.
 */
export interface ListedVm {
  id: string;
  name: string;
  status: Vm['status'];
  /** Bytes (the row's memory use when the engine sends no `memory.installed`). */
  memory: number;
  startTime?: Date;
  stopTime?: Date;
  placementAffinity?: string;
  placementHostIds?: string[];
  host?: { id: string; name?: string };
  cluster?: { id: string; name?: string };
  ips?: string[];
  statistics?: { name: string; value?: number }[];
}

/**
 * A VM as the list keeps it (issue 14, memory). The engine's VM carries its links (some 25
 * rel → href strings), its action names, its own href, description and comment, and some
 * fifteen statistics each with its href, description and VM reference; for a page of 50 VMs
 * that was about 1,500 URL strings held as long as the page was open, and none reaches a row.
 * Used for the page read and for the live refreshes of rows (useLiveVmUpdates), so a row never
 * mixes the two shapes.
 */
export function listedVm(vm: ListedVm): ListedVm {
  const kept: ListedVm = { id: vm.id, name: vm.name, status: vm.status, memory: vm.memory };
  if (vm.startTime !== undefined) kept.startTime = vm.startTime;
  if (vm.stopTime !== undefined) kept.stopTime = vm.stopTime;
  if (vm.placementAffinity !== undefined) kept.placementAffinity = vm.placementAffinity;
  if (vm.placementHostIds !== undefined) kept.placementHostIds = vm.placementHostIds;
  if (vm.host !== undefined) kept.host = refOf(vm.host);
  if (vm.cluster !== undefined) kept.cluster = refOf(vm.cluster);
  if (vm.ips !== undefined) kept.ips = vm.ips;
  if (vm.statistics !== undefined)
    kept.statistics = vm.statistics.flatMap((s) =>
      LISTED_STATISTICS.has(s.name)
        ? [s.value === undefined ? { name: s.name } : { name: s.name, value: s.value }]
        : [],
    );
  return kept;
}

function refOf(ref: { id: string; name?: string }): { id: string; name?: string } {
  return ref.name === undefined ? { id: ref.id } : { id: ref.id, name: ref.name };
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
