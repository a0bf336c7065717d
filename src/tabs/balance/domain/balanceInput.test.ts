import { describe, expect, it } from 'vitest';
import type { Host, Statistic, Vm } from '../../../rest/models';
import { suggestRebalance, thresholdsOf } from '../../../operations/rebalancePlanner';
import {
  balanceHost,
  balanceVm,
  canRun,
  editAssignment,
  effectiveProperties,
  rebalanceInput,
  stillOut,
  thresholdLines,
} from './balanceInput';

const GIB = 1024 ** 3;

function stat(name: string, value: number): Statistic {
  return { name, value } as Statistic;
}

function host(id: string, cluster: string, cpu: number, over: Partial<Host> = {}): Host {
  return {
    id,
    name: id,
    status: 'up',
    cluster: { id: cluster },
    memory: 64 * GIB,
    maxSchedulingMemory: 40 * GIB,
    cpuCount: 10,
    statistics: [stat('cpu.current.user', cpu * 0.8), stat('cpu.current.system', cpu * 0.2)],
    ...over,
  } as Host;
}

function vm(id: string, hostId: string, cpu: number, over: Partial<Vm> = {}): Vm {
  return {
    id,
    name: id,
    status: 'up',
    cluster: { id: 'c' },
    host: { id: hostId },
    memory: 4 * GIB,
    vcpus: 4,
    statistics: [stat('cpu.current.total', cpu)],
    ...over,
  } as Vm;
}

describe('the planner input from the engine', () => {
  it('reads CPU load (user + system), threads, free scheduling memory and the SPM', () => {
    const h = balanceHost(host('a', 'c', 90, { spm: { priority: 5, status: 'spm' } }));
    expect(h).toMatchObject({ cpuLoad: 90, cpuThreads: 10, freeMemory: 40 * GIB, spm: true });
  });

  it('turns a VM’s CPU percent into the logical CPUs it keeps busy', () => {
    expect(balanceVm(vm('v', 'a', 50)).cpuUse).toBe(2);
    expect(balanceVm(vm('v', 'a', 50, { statistics: [] })).cpuUse).toBe(0);
    expect(balanceVm(vm('he', 'a', 5, { origin: 'managed_hosted_engine' })).hostedEngine).toBe(
      true,
    );
    expect(
      balanceVm(vm('p', 'a', 5, { placementAffinity: 'pinned', placementHostIds: ['a'] })),
    ).toMatchObject({ migrationMode: 'pinned', allowedHostIds: ['a'] });
  });

  it('keeps only the chosen cluster', () => {
    const input = rebalanceInput(
      'c',
      [host('a', 'c', 10), host('x', 'other', 10)],
      [vm('v', 'a', 1), vm('w', 'x', 1, { cluster: { id: 'other' } })],
      { name: 'evenly_distributed', properties: {} },
    );
    expect(input.hosts.map((h) => h.id)).toEqual(['a']);
    expect(input.vms.map((v) => v.id)).toEqual(['v']);
  });

  it('shows the cluster’s own properties over the policy’s, sorted', () => {
    expect(
      effectiveProperties({ HighUtilization: '80', HeSparesCount: '0' }, { HighUtilization: '70' }),
    ).toEqual([
      ['HeSparesCount', '0'],
      ['HighUtilization', '70'],
    ]);
  });
});

describe('what the view says and allows', () => {
  it('lists the thresholds the policy applies', () => {
    expect(
      thresholdLines(
        thresholdsOf({
          name: 'power_saving',
          properties: { HighUtilization: '75', MaxFreeMemoryForOverUtilized: '1024' },
        }),
      ).map((l) => l.key),
    ).toEqual(['balance.th.cpu', 'balance.th.memOver', 'balance.th.low', 'balance.th.drain']);
    expect(thresholdLines(thresholdsOf({ name: 'none', properties: {} }))).toEqual([
      { key: 'balance.th.none' },
    ]);
    expect(thresholdLines(thresholdsOf({ name: 'vm_evenly_distributed', properties: {} }))).toEqual(
      [{ key: 'balance.th.vmCount', count: 10, grace: 5 }],
    );
  });

  const input = rebalanceInput(
    'c',
    [host('a', 'c', 95), host('b', 'c', 10), host('d', 'c', 10)],
    [vm('v1', 'a', 50), vm('v2', 'a', 50), vm('v3', 'a', 10)],
    { name: 'evenly_distributed', properties: { HighUtilization: '80' } },
    {
      groups: [
        {
          id: 'g',
          name: 'pair',
          clusterId: 'c',
          vmsRule: { positive: true, enforcing: true },
          vmIds: ['v1', 'v2'],
          hostIds: [],
        },
      ],
    },
  );
  const plan = suggestRebalance(input);

  it('moves a pair together, and an edit of one member moves its partner too', () => {
    expect(plan.moves.map((m) => m.vmId)).toEqual(['v1', 'v2']);
    const all = Object.fromEntries(plan.moves.map((m) => [m.vmId, m.targetHostId]));
    const other = plan.moves[0]?.targetHostId === 'b' ? 'd' : 'b';
    expect(editAssignment(plan, all, 'v2', other)).toEqual({ v1: other, v2: other });
    expect(editAssignment(plan, all, 'v1', undefined)).toEqual({});
  });

  it('runs only a valid, checked plan with moves', () => {
    expect(canRun(plan, false)).toBe(true);
    expect(canRun(plan, true)).toBe(false);
    expect(canRun({ ...plan, valid: false }, false)).toBe(false);
    expect(canRun({ ...plan, moves: [] }, false)).toBe(false);
    expect(canRun(undefined, false)).toBe(false);
  });

  it('names the hosts still over the thresholds', () => {
    expect(stillOut(plan)).toEqual([]);
    const stuck = suggestRebalance({
      ...input,
      vms: input.vms.map((v) => ({ ...v, migrationMode: 'pinned' as const })),
    });
    expect(stillOut(stuck)).toEqual(['a']);
  });
});
