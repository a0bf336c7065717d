/**
 * Statistics as the engine's REST layer defines them (`VmStatisticalQuery`,
 * `HostStatisticalQuery` in ovirt-engine's restapi module): name, description, kind, value type
 * and unit of every entry, in the engine's order, and the `*.usage.history` series newest first.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from './model/engine';
import { hostStatistics, vmCpuPercent, vmStatistics } from './model/stats';

type Row = [name: string, description: string, kind: string, unit: string, type: string];

const HISTORY = (what: string): string =>
  `List of ${what} usage history, sorted by date from newest to oldest, at intervals of 30 seconds`;

const VM: Row[] = [
  ['memory.installed', 'Total memory configured', 'gauge', 'bytes', 'integer'],
  ['memory.used', 'Memory used (agent)', 'gauge', 'bytes', 'integer'],
  ['cpu.current.guest', 'CPU used by guest', 'gauge', 'percent', 'decimal'],
  ['cpu.current.hypervisor', 'CPU overhead', 'gauge', 'percent', 'decimal'],
  ['cpu.current.total', 'Total CPU used', 'gauge', 'percent', 'decimal'],
  ['migration.progress', 'Migration Progress', 'gauge', 'percent', 'decimal'],
  ['memory.buffered', 'Memory buffered (agent)', 'gauge', 'bytes', 'integer'],
  ['memory.cached', 'Memory cached (agent)', 'gauge', 'bytes', 'integer'],
  ['memory.free', 'Memory free (agent)', 'gauge', 'bytes', 'integer'],
  ['memory.unused', 'Memory unused (agent)', 'gauge', 'bytes', 'integer'],
  ['network.current.total', 'Total network used', 'gauge', 'percent', 'decimal'],
  [
    'disks.usage',
    'Disk usage, in bytes, per filesystem as JSON (agent)',
    'gauge',
    'none',
    'string',
  ],
  ['elapsed.time', 'Elapsed VM runtime', 'counter', 'seconds', 'integer'],
  ['cpu.usage.history', HISTORY('CPU'), 'gauge', 'percent', 'decimal'],
  ['memory.usage.history', HISTORY('memory'), 'gauge', 'percent', 'decimal'],
  ['network.usage.history', HISTORY('network'), 'gauge', 'percent', 'decimal'],
];

const HOST: Row[] = [
  ['memory.total', 'Total memory', 'gauge', 'bytes', 'integer'],
  ['memory.used', 'Used memory', 'gauge', 'bytes', 'integer'],
  ['memory.free', 'Free memory', 'gauge', 'bytes', 'integer'],
  [
    'memory.shared',
    'The amount of memory, in bytes, shared among Virtual-Machines on this Host by Kernel Same-page Merging (KSM)',
    'gauge',
    'bytes',
    'integer',
  ],
  ['swap.total', 'Total swap', 'gauge', 'bytes', 'integer'],
  ['swap.free', 'Free swap', 'gauge', 'bytes', 'integer'],
  ['swap.used', 'Used swap', 'gauge', 'bytes', 'integer'],
  ['ksm.cpu.current', 'KSM CPU usage', 'gauge', 'percent', 'decimal'],
  ['cpu.current.user', 'User CPU usage', 'gauge', 'percent', 'decimal'],
  ['cpu.current.system', 'System CPU usage', 'gauge', 'percent', 'decimal'],
  ['cpu.current.idle', 'Idle CPU usage', 'gauge', 'percent', 'decimal'],
  ['cpu.load.avg.5m', 'CPU 5 minute load average', 'gauge', 'percent', 'decimal'],
  ['boot.time', 'Boot time of the machine', 'gauge', 'none', 'integer'],
];

const rows = (
  stats: { name: string; description: string; kind: string; unit: string; type: string }[],
) => stats.map((s): Row => [s.name, s.description, s.kind, s.unit, s.type]);

describe('statistics', () => {
  const engine = createEngine({ clock: 'manual' });
  const vm = [...engine.state.vms.values()].find((v) => v.status === 'up');
  const host = [...engine.state.hosts.values()].find((h) => h.status === 'up');
  if (!vm || !host) throw new Error('default fleet changed');

  it('of a VM: the names, kinds, types and units of VmStatisticalQuery, in its order', () => {
    expect(rows(vmStatistics(engine, vm))).toEqual(VM);
  });

  it('of a host: those of HostStatisticalQuery', () => {
    expect(rows(hostStatistics(engine, host))).toEqual(HOST);
  });

  it('history series are newest first, one point per 30 s', () => {
    engine.scheduler.advance(95_000);
    const cpu = vmStatistics(engine, vm).find((s) => s.name === 'cpu.usage.history');
    const values = cpu?.values ?? [];
    expect(values.length).toBeGreaterThan(10);
    const slot = Math.floor(engine.now() / 30_000) * 30_000;
    expect(values[0]).toBe(Math.round(vmCpuPercent(vm, slot)));
    expect(values[1]).toBe(Math.round(vmCpuPercent(vm, slot - 30_000)));
  });
});
