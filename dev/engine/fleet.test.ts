import { describe, expect, it } from 'vitest';
import { createEngine, HOST_OVERHEAD } from './model/engine';
import { generateFleet } from './model/fleet';
import { vmIsRunning } from './model/types';

describe('fleet generator', () => {
  it('default: 1 DC, 2 clusters, 4 hosts, 60 VMs with the documented status mix', () => {
    const fleet = generateFleet('default', 1, Date.UTC(2026, 0, 1));
    expect(fleet.dataCenters).toHaveLength(1);
    expect(fleet.clusters.map((c) => c.name)).toEqual(['Default', 'Production']);
    expect(fleet.hosts).toHaveLength(4);
    expect(fleet.vms).toHaveLength(60);
    const count = (s: string) => fleet.vms.filter((v) => v.status === s).length;
    expect([count('up'), count('down'), count('suspended'), count('paused')]).toEqual([
      38, 17, 3, 2,
    ]);
    expect(fleet.vms.filter((v) => v.affinity === 'pinned')).toHaveLength(1);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const a = generateFleet('default', 42, 0);
    const b = generateFleet('default', 42, 0);
    const c = generateFleet('default', 43, 0);
    expect(a.vms.map((v) => v.id)).toEqual(b.vms.map((v) => v.id));
    expect(a.vms.map((v) => v.id)).not.toEqual(c.vms.map((v) => v.id));
  });

  it('large: 200 hosts and 10,000 uniquely named VMs, every running VM placed within its host memory', () => {
    const engine = createEngine({ scenario: 'large', clock: 'manual' });
    const { hosts, vms } = engine.state;
    expect(hosts.size).toBe(200);
    expect(vms.size).toBe(10_000);
    expect(new Set([...vms.values()].map((v) => v.name)).size).toBe(10_000);
    for (const vm of vms.values()) {
      if (!vmIsRunning(vm)) continue;
      const host = hosts.get(vm.hostId ?? '');
      expect(host?.clusterId).toBe(vm.clusterId);
    }
    for (const h of hosts.values())
      expect(engine.hostLoad(h.id).committed).toBeLessThanOrEqual(h.memory);
    engine.close();
  });

  it('small: 2 hosts, 8 VMs', () => {
    const engine = createEngine({ scenario: 'small', clock: 'manual' });
    expect([engine.state.hosts.size, engine.state.vms.size]).toEqual([2, 8]);
    expect(engine.hostLoad('nope').committed).toBe(HOST_OVERHEAD);
    engine.close();
  });

  it('evacuation: one cluster of 4 hosts, 12 running VMs on host-01, all of which fit elsewhere', () => {
    const engine = createEngine({ scenario: 'evacuation', clock: 'manual' });
    const hosts = [...engine.state.hosts.values()];
    expect(hosts.map((h) => h.name)).toEqual(['host-01', 'host-02', 'host-03', 'host-04']);
    expect(new Set(hosts.map((h) => h.clusterId)).size).toBe(1);
    const [first, ...others] = hosts;
    const onFirst = [...engine.state.vms.values()].filter(
      (v) => vmIsRunning(v) && v.hostId === first?.id,
    );
    expect(onFirst).toHaveLength(12);
    const needed = onFirst.reduce((sum, v) => sum + v.memory, 0);
    const free = others.reduce((sum, h) => sum + h.memory - engine.hostLoad(h.id).committed, 0);
    expect(needed).toBeLessThan(free);
    engine.close();
  });
});

describe('scheduler', () => {
  it('runs nothing until a manual clock advances, and close() drops pending transitions', () => {
    const engine = createEngine({ clock: 'manual', timeScale: 100 });
    const vm = engine.sortedVms().find((v) => v.status === 'down');
    if (!vm) throw new Error('no down VM');
    engine.vmAction(vm.id, 'start', {}, { correlationId: 'c' });
    expect(vm.status).toBe('wait_for_launch');
    engine.scheduler.advance(99);
    expect(vm.status).toBe('wait_for_launch');
    engine.scheduler.advance(1);
    expect(vm.status).toBe('powering_up');
    engine.close();
    expect(engine.scheduler.pending()).toBe(0);
    engine.scheduler.runAll();
    expect(vm.status).toBe('powering_up');
  });

  it('timeScale 0 runs each step on the next tick', async () => {
    const engine = createEngine({ timeScale: 0 });
    const vm = engine.sortedVms().find((v) => v.status === 'up');
    if (!vm) throw new Error('no up VM');
    engine.vmAction(vm.id, 'stop', {}, { correlationId: 'c' });
    expect(vm.status).toBe('powering_down');
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    expect(vm.status).toBe('down');
    engine.close();
  });

  it('with a real clock, timers never keep the process alive (unref) and close() clears them', async () => {
    const engine = createEngine({ timeScale: 1 });
    const vm = engine.sortedVms().find((v) => v.status === 'down');
    if (!vm) throw new Error('no down VM');
    engine.vmAction(vm.id, 'start', {}, { correlationId: 'c' });
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (vm.status === 'up') resolve();
        else setTimeout(check, 1);
      };
      check();
    });
    expect(vm.status).toBe('up');
    engine.close();
    expect(engine.scheduler.pending()).toBe(0);
  });
});
