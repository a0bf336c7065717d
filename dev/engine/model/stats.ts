import type { Engine } from './engine';
import { GIB, vmIsRunning, type HostRecord, type VmRecord } from './types';

/** `UUID.nameUUIDFromBytes(name)` of each statistic name (reference §3.5), precomputed. */
export const STATISTIC_IDS: Record<string, string> = {
  'memory.installed': '5a89a1d2-32be-33f7-a0d1-f8b5bc974ff6',
  'memory.used': 'b7499508-c1c3-32f0-8174-c1783e57bb08',
  'cpu.current.guest': 'ef802239-b74a-329f-9955-be8fea6b50a4',
  'cpu.current.hypervisor': 'd849a55f-0049-36f8-ae65-face541473ac',
  'cpu.current.total': '2ec286fe-4bec-32f5-8d63-dba7bed58763',
  'migration.progress': '892b69a7-41ca-36b1-9a2e-ae5177ef21bb',
  'memory.buffered': '09e07489-64fd-32ab-8e4e-a2b61eed8d60',
  'memory.cached': '1b6244ee-8dbd-365d-8762-482ddc05ee11',
  'memory.free': '5a0fba9d-33d7-3cbf-addd-ba462040c946',
  'memory.unused': '439422cf-02ca-307f-9745-2a86e87ed8e0',
  'network.current.total': 'd5e709a1-f0bc-3bb9-9f14-1c9cdec65c40',
  'disks.usage': 'c5dd0086-d5f0-3abf-9628-4674abb3f5ac',
  'elapsed.time': '57dfc947-ba36-3a51-a1ad-3800b6199ff5',
  'cpu.usage.history': 'bde6d1ed-e07b-3aa1-bfc4-463990f5921a',
  'memory.usage.history': 'e9ecc8dd-9320-37cf-ab1a-0003016f69e1',
  'network.usage.history': 'dddb4e54-50dc-3e49-93d7-58c7ee51274b',
  'memory.total': '7816602b-c05c-3db7-a4da-3769f7ad8896',
  'memory.shared': 'ffc0e1fd-fa34-3f85-9862-8a841c1658bc',
  'swap.total': 'c43847d7-3bc1-3aaf-b92c-902e64bbdb5b',
  'swap.free': '1a4c1c9b-f3cc-301e-82ce-47d4b9fb5a46',
  'swap.used': '27686b4e-ba8d-3576-bc70-d68cbd8a2ba9',
  'ksm.cpu.current': 'f740b9ad-14a7-3f6c-9b80-efff44777169',
  'cpu.current.user': 'a1fab379-66e2-3b1d-9914-81a9e79cb719',
  'cpu.current.system': 'a98c1e11-078c-3593-a57e-4b12c1ce9815',
  'cpu.current.idle': '4ae97794-f56d-3f05-a9e7-8798887cd1ac',
  'cpu.load.avg.5m': '65860dae-c890-312e-9314-5c01f31225ab',
  'boot.time': '3ceb2072-a5a5-3b21-9bb2-e966471fd81c',
  'data.current.rx': 'ecd0559f-e88f-3330-94b4-1f091b0ffdf7',
  'data.current.tx': '2c6fe105-4913-3f90-9425-07ddfeca5417',
  'data.current.rx.bps': '87211eae-bb7c-382e-9e1b-378cf4505e2f',
  'data.current.tx.bps': '939bae68-c68f-3e94-8960-766668395f86',
  'data.total.rx': '0b9ddd6a-fc1b-398a-9f95-7a863c753017',
  'data.total.tx': '4d75baca-1fc9-3b19-b44f-6d32abda3888',
  'errors.total.rx': '50b8f057-7795-30bd-825a-1acadd37a9d7',
  'errors.total.tx': '7211a516-3e61-3c4e-be79-739424d13461',
};

export interface StatisticRecord {
  name: string;
  description: string;
  kind: 'gauge' | 'counter';
  type: 'integer' | 'decimal' | 'string';
  unit: 'bytes' | 'bits_per_second' | 'bytes_per_second' | 'percent' | 'seconds' | 'none';
  values: number[];
  detail?: string;
}

/** The engine rounds double statistics to 2 significant digits (reference §2.4 notes). */
export function twoDigits(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(2));
}

const HISTORY_POINTS = 40;
const HISTORY_INTERVAL = 30_000;

/** A smooth, reproducible load curve in 0..1: statistics move over time but tests can predict ranges. */
function wave(phase: number, t: number, periodMs: number): number {
  return 0.5 + 0.5 * Math.sin((t / periodMs) * 2 * Math.PI + phase);
}

export function vmCpuPercent(vm: VmRecord, t: number): number {
  if (
    vm.status !== 'up' &&
    vm.status !== 'migrating' &&
    vm.status !== 'powering_up' &&
    vm.status !== 'reboot_in_progress'
  ) {
    return 0;
  }
  if (vm.cpuFixed !== undefined) return vm.cpuFixed;
  return 5 + 60 * wave(vm.phase, t, 5 * 60_000) * wave(vm.phase * 2, t, 47_000);
}

export function vmMemPercent(vm: VmRecord, t: number): number {
  if (!vmIsRunning(vm)) return 0;
  return 30 + 50 * wave(vm.phase + 1, t, 11 * 60_000);
}

export function vmNetPercent(vm: VmRecord, t: number): number {
  if (!vmIsRunning(vm)) return 0;
  return 10 * wave(vm.phase + 2, t, 3 * 60_000);
}

function history(fn: (t: number) => number, now: number): number[] {
  const out: number[] = [];
  const last = Math.floor(now / HISTORY_INTERVAL) * HISTORY_INTERVAL;
  for (let i = HISTORY_POINTS - 1; i >= 0; i--)
    out.push(Math.round(fn(last - i * HISTORY_INTERVAL)));
  return out;
}

export function vmStatistics(engine: Engine, vm: VmRecord): StatisticRecord[] {
  const t = engine.now();
  const running = vmIsRunning(vm);
  const cpu = vmCpuPercent(vm, t);
  const memUsed = running ? Math.round((vm.memory * vmMemPercent(vm, t)) / 100) : 0;
  const g = (
    name: string,
    description: string,
    unit: StatisticRecord['unit'],
    v: number,
    type: StatisticRecord['type'] = 'decimal',
  ): StatisticRecord => ({
    name,
    description,
    kind: 'gauge',
    type,
    unit,
    values: [type === 'decimal' ? twoDigits(v) : Math.round(v)],
  });
  const elapsed =
    running && vm.startTime !== undefined ? Math.max(0, Math.round((t - vm.startTime) / 1000)) : 0;
  return [
    g('memory.installed', 'Total memory configured', 'bytes', vm.memory, 'integer'),
    g('memory.used', 'Memory used (agent)', 'bytes', memUsed, 'integer'),
    g('cpu.current.guest', 'CPU used by guest', 'percent', cpu * 0.9),
    g('cpu.current.hypervisor', 'CPU overhead', 'percent', running ? cpu * 0.1 : 0),
    g('cpu.current.total', 'Total CPU used', 'percent', cpu),
    g('migration.progress', 'Migration Progress', 'percent', vm.migration?.progress ?? 0),
    g(
      'memory.buffered',
      'Memory buffered (agent)',
      'bytes',
      running ? memUsed * 0.05 : 0,
      'integer',
    ),
    g('memory.cached', 'Memory cached (agent)', 'bytes', running ? memUsed * 0.2 : 0, 'integer'),
    g('memory.free', 'Memory free (agent)', 'bytes', running ? vm.memory - memUsed : 0, 'integer'),
    g(
      'memory.unused',
      'Memory unused (agent)',
      'bytes',
      running ? (vm.memory - memUsed) * 0.8 : 0,
      'integer',
    ),
    // The engine sets an int here: an integer datum in a decimal statistic.
    g('network.current.total', 'Total network used', 'percent', Math.round(vmNetPercent(vm, t))),
    {
      name: 'disks.usage',
      description: 'Disk usage, in bytes, per filesystem as JSON (agent)',
      kind: 'gauge',
      type: 'string',
      unit: 'none',
      values: [],
      detail: running
        ? JSON.stringify(
            vm.disks.map((d, i) => ({
              path: i === 0 ? '/' : `/data${String(i)}`,
              total: String(d.provisionedSize),
              used: String(d.actualSize),
              fs: 'xfs',
            })),
          )
        : undefined,
    },
    {
      name: 'elapsed.time',
      description: 'Elapsed VM runtime',
      kind: 'counter',
      type: 'integer',
      unit: 'seconds',
      values: [elapsed],
    },
    {
      name: 'cpu.usage.history',
      description:
        'List of CPU usage history, sorted by date from newest to oldest, at intervals of 30 seconds',
      kind: 'gauge',
      type: 'decimal',
      unit: 'percent',
      values: running ? history((x) => vmCpuPercent(vm, x), t).reverse() : [],
    },
    {
      name: 'memory.usage.history',
      description:
        'List of memory usage history, sorted by date from newest to oldest, at intervals of 30 seconds',
      kind: 'gauge',
      type: 'decimal',
      unit: 'percent',
      values: running ? history((x) => vmMemPercent(vm, x), t).reverse() : [],
    },
    {
      name: 'network.usage.history',
      description:
        'List of network usage history, sorted by date from newest to oldest, at intervals of 30 seconds',
      kind: 'gauge',
      type: 'decimal',
      unit: 'percent',
      values: running ? history((x) => vmNetPercent(vm, x), t).reverse() : [],
    },
  ];
}

/** CPU is accounted from the VMs running on the host: their load times vCPUs over host threads. */
export function hostCpuPercent(engine: Engine, host: HostRecord, t: number): number {
  if (host.status !== 'up' && host.status !== 'preparing_for_maintenance') return 0;
  const threads = host.sockets * host.cores * host.threads;
  let used = 0;
  for (const vm of engine.state.vms.values()) {
    if (vm.hostId === host.id)
      used += (vmCpuPercent(vm, t) * vm.sockets * vm.cores * vm.threads) / threads;
  }
  return Math.min(100, 1 + used + 2 * wave(host.phase, t, 90_000));
}

export function hostMemoryUsed(engine: Engine, host: HostRecord): number {
  if (host.status === 'maintenance' || host.status === 'down') return GIB;
  return Math.min(host.memory, engine.hostLoad(host.id).committed);
}

export function hostStatistics(engine: Engine, host: HostRecord): StatisticRecord[] {
  const t = engine.now();
  const cpu = hostCpuPercent(engine, host, t);
  const used = hostMemoryUsed(engine, host);
  const i = (
    name: string,
    description: string,
    unit: StatisticRecord['unit'],
    v: number,
  ): StatisticRecord => ({
    name,
    description,
    kind: 'gauge',
    type: 'integer',
    unit,
    values: [Math.round(v)],
  });
  const d = (name: string, description: string, v: number): StatisticRecord => ({
    name,
    description,
    kind: 'gauge',
    type: 'decimal',
    unit: 'percent',
    values: [twoDigits(v)],
  });
  return [
    i('memory.total', 'Total memory', 'bytes', host.memory),
    i('memory.used', 'Used memory', 'bytes', used),
    i('memory.free', 'Free memory', 'bytes', host.memory - used),
    i(
      'memory.shared',
      'The amount of memory, in bytes, shared among Virtual-Machines on this Host by Kernel Same-page Merging (KSM)',
      'bytes',
      0,
    ),
    i('swap.total', 'Total swap', 'bytes', 8 * GIB),
    i('swap.free', 'Free swap', 'bytes', 8 * GIB),
    i('swap.used', 'Used swap', 'bytes', 0),
    d('ksm.cpu.current', 'KSM CPU usage', 0),
    d('cpu.current.user', 'User CPU usage', cpu * 0.85),
    d('cpu.current.system', 'System CPU usage', cpu * 0.15),
    d('cpu.current.idle', 'Idle CPU usage', 100 - cpu),
    {
      name: 'cpu.load.avg.5m',
      description: 'CPU 5 minute load average',
      kind: 'gauge',
      type: 'decimal',
      // So the engine declares it, although the value is a load average, not a percentage.
      unit: 'percent',
      values: [twoDigits((cpu / 100) * host.sockets * host.cores)],
    },
    {
      name: 'boot.time',
      description: 'Boot time of the machine',
      kind: 'gauge',
      type: 'integer',
      unit: 'none',
      values: [Math.round(host.bootTime / 1000)],
    },
  ];
}

/** NIC traffic follows the owner's load curve; counters grow with the time the NIC has been up. */
export function nicStatistics(
  phase: number,
  active: boolean,
  speedBps: number,
  upSince: number,
  t: number,
): StatisticRecord[] {
  const load = active ? 0.02 + 0.2 * wave(phase + 3, t, 2 * 60_000) : 0;
  const rx = (speedBps / 8) * load;
  const tx = rx * 0.6;
  const seconds = active ? Math.max(0, (t - upSince) / 1000) : 0;
  const g = (
    name: string,
    description: string,
    unit: StatisticRecord['unit'],
    v: number,
  ): StatisticRecord => ({
    name,
    description,
    kind: 'gauge',
    type: 'integer',
    unit,
    values: [Math.round(v)],
  });
  const c = (
    name: string,
    description: string,
    unit: StatisticRecord['unit'],
    v: number,
  ): StatisticRecord => ({
    name,
    description,
    kind: 'counter',
    type: 'integer',
    unit,
    values: [Math.round(v)],
  });
  return [
    g('data.current.rx', 'Receive data rate', 'bytes_per_second', rx),
    g('data.current.tx', 'Transmit data rate', 'bytes_per_second', tx),
    g('data.current.rx.bps', 'Receive data rate', 'bits_per_second', rx * 8),
    g('data.current.tx.bps', 'Transmit data rate', 'bits_per_second', tx * 8),
    c('data.total.rx', 'Total received data', 'bytes', rx * seconds * 0.5),
    c('data.total.tx', 'Total transmitted data', 'bytes', tx * seconds * 0.5),
    c('errors.total.rx', 'Total received errors', 'none', 0),
    c('errors.total.tx', 'Total transmitted errors', 'none', 0),
  ];
}
