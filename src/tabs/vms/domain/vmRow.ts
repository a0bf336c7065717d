/** What one table row shows, derived from a `Vm` (with followed statistics) and name lookups. */
import type { Vm } from '../../../rest/models';
import type { ListedVm } from './vmListRead';

export interface VmRow {
  id: string;
  name: string;
  status: Vm['status'];
  /** When the VM entered its current state, when the engine tells (start or stop time). */
  since?: number;
  hostId?: string;
  hostName?: string;
  clusterName?: string;
  cpu?: number;
  memory?: number;
  uptimeSec?: number;
  ip?: string;
  /** Migration mode and pinning list: the migrate confirmation skips what the engine refuses. */
  placementAffinity?: string;
  placementHostIds?: string[];
}

function stat(vm: ListedVm, name: string): number | undefined {
  return vm.statistics?.find((s) => s.name === name)?.value;
}

const RUNNING = new Set([
  'up',
  'powering_up',
  'migrating',
  'paused',
  'reboot_in_progress',
  'powering_down',
  'saving_state',
]);

/**
 * States whose start the engine records: `start_time` is when the VM was launched (so it dates
 * Up and Powering up) and `stop_time` when it went Down. For the other states (Powering down,
 * Saving state, Migrating, …) neither time says when they began, so no "for …" is shown
 * (issue 13 pt 2: "Powering down for 3d 19h" was the age of the boot).
 */
const SINCE_START = new Set(['up', 'powering_up']);
const SINCE_STOP = new Set(['down']);

export function toVmRow(
  vm: ListedVm,
  names: { hosts: ReadonlyMap<string, string>; clusters: ReadonlyMap<string, string> },
  now: number,
): VmRow {
  const row: VmRow = { id: vm.id, name: vm.name, status: vm.status };
  if (vm.placementAffinity !== undefined) row.placementAffinity = vm.placementAffinity;
  if (vm.placementHostIds !== undefined) row.placementHostIds = vm.placementHostIds;
  const running = RUNNING.has(vm.status);
  const since = SINCE_START.has(vm.status)
    ? vm.startTime
    : SINCE_STOP.has(vm.status)
      ? vm.stopTime
      : undefined;
  if (since) row.since = since.getTime();
  if (vm.host) {
    row.hostId = vm.host.id;
    const hn = vm.host.name ?? names.hosts.get(vm.host.id);
    if (hn !== undefined) row.hostName = hn;
  }
  if (vm.cluster) {
    const cn = vm.cluster.name ?? names.clusters.get(vm.cluster.id);
    if (cn !== undefined) row.clusterName = cn;
  }
  const cpu = stat(vm, 'cpu.current.total');
  if (cpu !== undefined) row.cpu = cpu;
  const used = stat(vm, 'memory.used');
  const installed = stat(vm, 'memory.installed') ?? (vm.memory || undefined);
  if (used !== undefined && installed) row.memory = Math.min(100, (used / installed) * 100);
  if (running) {
    const elapsed = stat(vm, 'elapsed.time');
    if (elapsed !== undefined) row.uptimeSec = elapsed;
    else if (vm.startTime)
      row.uptimeSec = Math.max(0, Math.round((now - vm.startTime.getTime()) / 1000));
  }
  // The first guest-reported address, like WebAdmin's IP column; the Activity tab lists them all.
  const ip = vm.ips?.[0];
  if (ip !== undefined) row.ip = ip;
  return row;
}

/** `3d 4h`, `5h 2m`, `42s`: compact, for a table cell (in the locale's own units). */
export { formatDuration } from '../../../messages/intl';
