/**
 * The numbers the evacuation planner plans with come from the engine's view models: a host's
 * free scheduling memory and CPU load, a VM's host, memory, migration mode, pinning and whether
 * it is the hosted engine. A wrong number here moves a VM to a host that cannot take it. The
 * input is plain data: a value the engine did not give is absent, not `undefined`.
 */
import { describe, expect, it } from 'vitest';
import { toHost, toStatistic, toVm } from '../rest/mappers';
import type { Statistic } from '../rest/models';
import { evacuationInput, hostLoad, plannerHost, plannerVm } from './planInputFromEngine';
import type { SchedulingRules } from './schedulingRules';

const GiB = 1024 ** 3;

function stats(values: Record<string, number>): Statistic[] {
  return Object.entries(values).map(([name, v], i) =>
    toStatistic({ id: `s${i}`, name, values: { value: [{ datum: v }] } }),
  );
}

describe('hostLoad', () => {
  it('reads CPU as user + system, as the engine\'s "CPU usage" column does', () => {
    const s = stats({ 'cpu.current.user': 30, 'cpu.current.system': 12, 'cpu.current.idle': 5 });
    expect(hostLoad({ memory: 0 }, s).cpu).toBe(42);
    expect(hostLoad({ memory: 0 }, stats({ 'cpu.current.user': 7 })).cpu).toBe(7);
    expect(hostLoad({ memory: 0 }, stats({ 'cpu.current.system': 9 })).cpu).toBe(9);
  });

  it('falls back to 100 − idle, and keeps every percentage within 0..100', () => {
    expect(hostLoad({ memory: 0 }, stats({ 'cpu.current.idle': 85 })).cpu).toBe(15);
    expect(hostLoad({ memory: 0 }, stats({ 'cpu.current.idle': 130 })).cpu).toBe(0);
    expect(
      hostLoad({ memory: 0 }, stats({ 'cpu.current.user': 90, 'cpu.current.system': 40 })).cpu,
    ).toBe(100);
  });

  it('reads memory as used / total, with the physical memory when total is not reported', () => {
    const both = hostLoad(
      { memory: 64 * GiB },
      stats({ 'memory.total': 8 * GiB, 'memory.used': 2 * GiB }),
    );
    expect(both).toStrictEqual({ memory: 25, memoryUsed: 2 * GiB, memoryTotal: 8 * GiB });
    const physical = hostLoad({ memory: 4 * GiB }, stats({ 'memory.used': 3 * GiB }));
    expect(physical).toStrictEqual({ memory: 75, memoryUsed: 3 * GiB, memoryTotal: 4 * GiB });
    const over = hostLoad({ memory: 0 }, stats({ 'memory.total': GiB, 'memory.used': 2 * GiB }));
    expect(over.memory).toBe(100);
  });

  it('reports no memory figure without a usable total or used value', () => {
    expect(hostLoad({ memory: 0 }, stats({ 'memory.used': GiB }))).toStrictEqual({});
    expect(
      hostLoad({ memory: 8 * GiB }, stats({ 'memory.total': 0, 'memory.used': GiB })),
    ).toStrictEqual({});
    expect(hostLoad({ memory: 8 * GiB }, stats({ 'memory.total': GiB }))).toStrictEqual({});
    expect(hostLoad({ memory: 8 * GiB }, undefined)).toStrictEqual({});
  });

  it('passes the 5-minute load average through', () => {
    expect(hostLoad({ memory: 0 }, stats({ 'cpu.load.avg.5m': 3.5 }))).toStrictEqual({
      loadAvg5m: 3.5,
    });
    expect(hostLoad({ memory: 0 }, stats({ 'cpu.load.avg.5m': 0 }))).toStrictEqual({
      loadAvg5m: 0,
    });
  });
});

describe('plannerHost', () => {
  it("plans with the host's cluster, status, memory, free scheduling memory and CPU load", () => {
    const host = toHost({
      id: 'h1',
      name: 'host-1',
      status: 'up',
      memory: String(64 * GiB),
      max_scheduling_memory: String(20 * GiB),
      cluster: { id: 'c1' },
      statistics: {
        statistic: [
          { id: 'a', name: 'cpu.current.user', values: { value: [{ datum: 20 }] } },
          { id: 'b', name: 'cpu.current.system', values: { value: [{ datum: 5 }] } },
        ],
      },
    });
    expect(plannerHost(host)).toStrictEqual({
      id: 'h1',
      name: 'host-1',
      clusterId: 'c1',
      status: 'up',
      memory: 64 * GiB,
      freeMemory: 20 * GiB,
      cpuLoad: 25,
    });
  });

  it('leaves the CPU load out when unknown, and the cluster empty when not named', () => {
    const out = plannerHost(toHost({ id: 'h2', name: 'host-2', status: 'maintenance' }));
    expect(out).toStrictEqual({
      id: 'h2',
      name: 'host-2',
      clusterId: '',
      status: 'maintenance',
      memory: 0,
      freeMemory: 0,
    });
  });
});

describe('plannerVm', () => {
  it("carries the VM's host, memory, migration mode and the hosts it is pinned to", () => {
    const vm = toVm({
      id: 'v1',
      name: 'db',
      status: 'up',
      memory: String(8 * GiB),
      host: { id: 'h1' },
      placement_policy: {
        affinity: 'user_migratable',
        hosts: { host: [{ id: 'h1' }, { id: 'h3' }] },
      },
    });
    expect(plannerVm(vm)).toStrictEqual({
      id: 'v1',
      name: 'db',
      status: 'up',
      memory: 8 * GiB,
      hostId: 'h1',
      migrationMode: 'user_migratable',
      allowedHostIds: ['h1', 'h3'],
    });
  });

  it.each(['migratable', 'user_migratable', 'pinned'] as const)(
    'keeps the migration mode %s',
    (affinity) => {
      const vm = toVm({ id: 'v', name: 'v', placement_policy: { affinity } });
      expect(plannerVm(vm).migrationMode).toBe(affinity);
    },
  );

  it('drops an unknown migration mode, an empty pin list and a missing host', () => {
    const vm = toVm({ id: 'v', name: 'v', status: 'down', placement_policy: { affinity: 'odd' } });
    expect(plannerVm(vm)).toStrictEqual({ id: 'v', name: 'v', status: 'down', memory: 0 });
  });

  it.each(['managed_hosted_engine', 'hosted_engine'])(
    'marks the hosted-engine VM (origin %s)',
    (origin) => {
      expect(plannerVm(toVm({ id: 'he', name: 'HostedEngine', origin })).hostedEngine).toBe(true);
    },
  );

  it('does not mark an ordinary VM as the hosted engine', () => {
    expect(plannerVm(toVm({ id: 'v', name: 'v', origin: 'ovirt' }))).not.toHaveProperty(
      'hostedEngine',
    );
  });
});

describe('evacuationInput', () => {
  it('maps every host and VM, and passes the scheduling rules only when given', () => {
    const hosts = [toHost({ id: 'h1', name: 'a' }), toHost({ id: 'h2', name: 'b' })];
    const vms = [toVm({ id: 'v1', name: 'x', host: { id: 'h1' } })];
    const without = evacuationInput(['h1'], hosts, vms);
    expect(without).toStrictEqual({
      evacuate: ['h1'],
      hosts: hosts.map(plannerHost),
      vms: vms.map(plannerVm),
    });
    expect(without).not.toHaveProperty('rules');
    const rules = { groups: [], vmCap: undefined } as unknown as SchedulingRules;
    expect(evacuationInput(['h1'], hosts, vms, rules).rules).toBe(rules);
  });
});
