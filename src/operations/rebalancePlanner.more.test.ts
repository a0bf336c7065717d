/**
 * More tests of the cluster balance planner ("Suggest rebalance"): which thresholds a policy
 * gives (the engine's property names and defaults), how each host is marked, which VM leaves
 * an overloaded host and where it goes, and what an admin's edit of the plan is told. A wrong
 * answer here is a migration the admin did not need, or one the engine refuses.
 */
import { describe, expect, it } from 'vitest';
import {
  clusterBalance,
  markOf,
  rebalanceTargets,
  suggestRebalance,
  thresholdsOf,
  validateRebalance,
  type BalanceHost,
  type BalanceThresholds,
  type BalanceVm,
  type RebalanceInput,
  type RebalancePlan,
} from './rebalancePlanner';
import type { PlannerAffinityGroup } from './schedulingRules';

const GIB = 1024 ** 3;
const MB = 1024 ** 2;

/** 10 logical CPUs: a VM's `cpuUse` of 1 is 10 % of the host. */
function host(id: string, cpuLoad: number, extra: Partial<BalanceHost> = {}): BalanceHost {
  const h = { id, name: id, status: 'up', memory: 64 * GIB, freeMemory: 40 * GIB };
  return { ...h, cpuLoad, cpuThreads: 10, ...extra };
}

function vm(id: string, hostId: string, cpuUse: number, extra: Partial<BalanceVm> = {}): BalanceVm {
  return { id, name: id, hostId, status: 'up', memory: 4 * GIB, cpuUse, ...extra };
}

const EVEN = { name: 'evenly_distributed', properties: { HighUtilization: '80' } };

function input(hosts: BalanceHost[], vms: BalanceVm[], extra: Partial<RebalanceInput> = {}) {
  return { clusterId: 'c', hosts, vms, policy: EVEN, ...extra } satisfies RebalanceInput;
}

const moves = (plan: RebalancePlan) => plan.moves.map((m) => `${m.vmId}>${m.targetHostId}`);
const row = (plan: RebalancePlan, id: string) => plan.hosts.find((h) => h.hostId === id);

function negative(vmIds: string[]): PlannerAffinityGroup {
  return {
    id: 'n',
    name: 'spread',
    clusterId: 'c',
    vmsRule: { positive: false, enforcing: true },
    vmIds,
    hostIds: [],
  };
}

describe('thresholds of a policy', () => {
  it('evenly distributed: CPU over 80 % by default, no low mark, nothing drained', () => {
    expect(thresholdsOf({ name: 'evenly_distributed', properties: {} })).toStrictEqual({
      kind: 'cpu_memory',
      high: 80,
      heSparesCount: 0,
      drainUnderUtilized: false,
    });
  });

  it('power saving: low 20 % by default, under-utilized hosts are emptied', () => {
    expect(thresholdsOf({ name: 'power_saving', properties: {} })).toStrictEqual({
      kind: 'cpu_memory',
      high: 80,
      low: 20,
      heSparesCount: 0,
      drainUnderUtilized: true,
    });
  });

  it('reads every engine property, trimmed; anything not a whole number is the default', () => {
    expect(
      thresholdsOf({
        name: 'evenly_distributed',
        properties: {
          HighUtilization: ' 75 ',
          LowUtilization: '10',
          MaxFreeMemoryForOverUtilized: '2048',
          MinFreeMemoryForUnderUtilized: '8192',
          HeSparesCount: '2',
        },
      }),
    ).toEqual({
      kind: 'cpu_memory',
      high: 75,
      low: 10,
      maxFreeMemoryForOverUtilized: 2048,
      minFreeMemoryForUnderUtilized: 8192,
      heSparesCount: 2,
      drainUnderUtilized: false,
    });
    expect(
      thresholdsOf({
        name: 'power_saving',
        properties: { HighUtilization: '7.5', LowUtilization: '-3', HeSparesCount: 'x1' },
      }),
    ).toMatchObject({ high: 80, low: 20, heSparesCount: 0 });
    expect(
      thresholdsOf({ name: 'power_saving', properties: { HighUtilization: '90x' } }).high,
    ).toBe(80);
  });

  it('VM count: 10 VMs, SPM grace 5 by default, or the policy values', () => {
    expect(thresholdsOf({ name: 'vm_evenly_distributed', properties: {} })).toEqual({
      kind: 'vm_count',
      highVmCount: 10,
      spmVmGrace: 5,
      heSparesCount: 0,
      drainUnderUtilized: false,
    });
    expect(
      thresholdsOf({
        name: 'mine',
        balanceUnit: 'OptimalForEvenGuestDistribution',
        properties: { HighVmCount: '4', SpmVmGrace: '0', HighUtilization: '50' },
      }),
    ).toEqual({
      kind: 'vm_count',
      highVmCount: 4,
      spmVmGrace: 0,
      heSparesCount: 0,
      drainUnderUtilized: false,
    });
  });

  it('a custom policy is known by its balancing unit, else by its CPU threshold', () => {
    const of = (balanceUnit: string | undefined, properties: Record<string, string> = {}) =>
      thresholdsOf({ name: 'custom', properties, ...(balanceUnit ? { balanceUnit } : {}) });
    expect(of('OptimalForEvenDistribution')).toMatchObject({
      kind: 'cpu_memory',
      drainUnderUtilized: false,
    });
    expect(of('OptimalForPowerSaving')).toMatchObject({
      kind: 'cpu_memory',
      drainUnderUtilized: true,
    });
    expect(of(undefined, { HighUtilization: '60' })).toMatchObject({
      kind: 'cpu_memory',
      high: 60,
      drainUnderUtilized: false,
    });
    expect(of(undefined, { HighUtilization: 'high' })).toEqual({
      kind: 'none',
      heSparesCount: 0,
      drainUnderUtilized: false,
    });
    // A unit this planner does not know does not balance, whatever its properties.
    expect(of('SomeExternalBalancer', { HighUtilization: '60' }).kind).toBe('none');
    expect(thresholdsOf({ name: 'none', properties: { HeSparesCount: '1' } })).toEqual({
      kind: 'none',
      heSparesCount: 1,
      drainUnderUtilized: false,
    });
  });
});

describe('host marks', () => {
  const up = { status: 'up' };

  it('CPU: over above the high mark, under below the low one; the marks themselves are ok', () => {
    const th = thresholdsOf({
      name: 'power_saving',
      properties: { HighUtilization: '80', LowUtilization: '20' },
    });
    expect(markOf(th, up, 80.5, 10 * GIB, 3)).toBe('over');
    expect(markOf(th, up, 80, 10 * GIB, 3)).toBe('ok');
    expect(markOf(th, up, 20, 10 * GIB, 3)).toBe('ok');
    expect(markOf(th, up, 19.5, 10 * GIB, 3)).toBe('under');
    expect(
      markOf({ kind: 'cpu_memory', heSparesCount: 0, drainUnderUtilized: false }, up, 99, 0, 1),
    ).toBe('ok');
    expect(
      markOf({ kind: 'cpu_memory', heSparesCount: 0, drainUnderUtilized: false }, up, 101, 0, 1),
    ).toBe('over');
  });

  it('memory: over below MaxFreeMemoryForOverUtilized, under above MinFreeMemoryForUnderUtilized (MB)', () => {
    const th = thresholdsOf({
      name: 'power_saving',
      properties: { MaxFreeMemoryForOverUtilized: '2048', MinFreeMemoryForUnderUtilized: '8192' },
    });
    expect(markOf(th, up, 50, 2048 * MB - 1, 1)).toBe('over');
    expect(markOf(th, up, 50, 2048 * MB, 1)).toBe('ok');
    expect(markOf(th, up, 50, 8192 * MB, 1)).toBe('ok');
    expect(markOf(th, up, 50, 8192 * MB + 1, 1)).toBe('under');
  });

  it('VM count: over past HighVmCount, the SPM counting its grace', () => {
    const th = thresholdsOf({
      name: 'vm_evenly_distributed',
      properties: { HighVmCount: '4', SpmVmGrace: '2' },
    });
    expect(markOf(th, up, 99, 0, 4)).toBe('ok');
    expect(markOf(th, up, 0, 40 * GIB, 5)).toBe('over');
    expect(markOf(th, { status: 'up', spm: true }, 0, 0, 2)).toBe('ok');
    expect(markOf(th, { status: 'up', spm: true }, 0, 0, 3)).toBe('over');
    const bare: BalanceThresholds = {
      kind: 'vm_count',
      heSparesCount: 0,
      drainUnderUtilized: false,
    };
    expect(markOf({ ...bare, highVmCount: 2 }, { status: 'up', spm: true }, 0, 0, 2)).toBe('ok');
    expect(markOf(bare, up, 0, 0, 1000)).toBe('ok');
  });

  it('a host not up is not_up; a policy that does not balance leaves up hosts unbalanced', () => {
    const none = thresholdsOf({ name: 'none', properties: {} });
    expect(markOf(none, up, 99, 0, 50)).toBe('unbalanced');
    expect(markOf(none, { status: 'maintenance' }, 99, 0, 50)).toBe('not_up');
  });
});

describe('cluster balance with no moves', () => {
  it('shows each host by name with its load, counting running VMs on known hosts once', () => {
    const plan = clusterBalance(
      input(
        [
          host('h2', 120, { memory: 64 * GIB, freeMemory: 16 * GIB }),
          host('h1', -5, { memory: 0 }),
          host('h0', 50, { memory: 8 * GIB, freeMemory: 10 * GIB, status: 'maintenance' }),
        ],
        [
          vm('a', 'h2', 1),
          vm('a', 'h2', 1),
          vm('b', 'h2', 1, { status: 'down' }),
          vm('c', 'h1', 1, { status: 'paused' }),
          vm('d', 'elsewhere', 1),
          { id: 'e', name: 'e', status: 'up', memory: GIB, cpuUse: 1 },
        ],
      ),
    );
    expect(plan.hosts.map((h) => h.hostId)).toEqual(['h0', 'h1', 'h2']);
    expect(row(plan, 'h2')?.before).toEqual({
      vmCount: 1,
      cpu: 100,
      memoryUsed: 75,
      freeMemory: 16 * GIB,
      mark: 'over',
    });
    expect(row(plan, 'h1')?.before).toEqual({
      vmCount: 1,
      cpu: 0,
      memoryUsed: 0,
      freeMemory: 40 * GIB,
      mark: 'ok',
    });
    expect(row(plan, 'h0')?.before).toMatchObject({ vmCount: 0, memoryUsed: 0, mark: 'not_up' });
    expect(row(plan, 'h2')?.after).toEqual(row(plan, 'h2')?.before);
    expect(plan).toMatchObject({ moves: [], stuck: [], balanced: false, valid: true });
    expect(clusterBalance(input([host('h1', 50)], [])).balanced).toBe(true);
  });
});

describe('suggestRebalance: which VM leaves', () => {
  it('with no single VM enough, the one relieving most goes first, then the next', () => {
    const plan = suggestRebalance(
      input(
        [host('a', 99), host('b', 10), host('c', 10)],
        [vm('v1', 'a', 0.5), vm('v2', 'a', 1.5)],
      ),
    );
    // 99 − 15 = 84 is still over: v1 goes too (84 − 5 = 79).
    expect(moves(plan)).toEqual(['v1>c', 'v2>b']);
    expect(row(plan, 'a')?.after.cpu).toBeCloseTo(79);
    expect(row(plan, 'a')?.vmsOut).toBe(2);
    expect(plan.balanced).toBe(true);
  });

  it('among VMs that are each enough, the one moving the least load', () => {
    const plan = suggestRebalance(
      input(
        [host('a', 90), host('b', 10)],
        [vm('big', 'a', 3), vm('small', 'a', 1.1), vm('tiny', 'a', 0.5)],
      ),
    );
    expect(moves(plan)).toEqual(['small>b']);
  });

  it('a single VM that is enough beats a positive pair relieving more', () => {
    const pair: PlannerAffinityGroup = {
      id: 'p',
      name: 'pair',
      clusterId: 'c',
      vmsRule: { positive: true, enforcing: true },
      vmIds: ['p1', 'p2'],
      hostIds: [],
    };
    const plan = suggestRebalance(
      input(
        [host('a', 90), host('b', 10)],
        [vm('p1', 'a', 1), vm('p2', 'a', 1), vm('solo', 'a', 1.5)],
        { rules: { groups: [pair] } },
      ),
    );
    expect(moves(plan)).toEqual(['solo>b']);
    // Without the single VM the pair goes, as one closure led by the first by name.
    const both = suggestRebalance(
      input([host('a', 90), host('b', 10)], [vm('p2', 'a', 1), vm('p1', 'a', 1)], {
        rules: { groups: [pair] },
      }),
    );
    expect(both.moves).toMatchObject([
      { vmId: 'p1', targetHostId: 'b', closure: ['p2'] },
      { vmId: 'p2', targetHostId: 'b', movesWith: 'p1' },
    ]);
    expect(both.moves[0]).not.toHaveProperty('movesWith');
    expect(both.moves[1]).not.toHaveProperty('closure');
  });

  it('ties between equal VMs go by name', () => {
    const plan = suggestRebalance(
      input([host('a', 90), host('b', 10)], [vm('z', 'a', 2), vm('m', 'a', 2), vm('q', 'a', 2)]),
    );
    expect(moves(plan)).toEqual(['m>b']);
  });

  it('the worst host is served first; ties by name', () => {
    const plan = suggestRebalance(
      input(
        [host('b', 95), host('a', 85), host('z', 10), host('y', 10, { freeMemory: 39 * GIB })],
        [vm('vb', 'b', 2), vm('va', 'a', 1)],
      ),
    );
    // b is worst: its VM gets the coolest host (z and y tie on CPU; z has more free memory).
    expect(plan.moves.map((m) => [m.vmId, m.sourceHostId, m.targetHostId])).toEqual([
      ['va', 'a', 'y'],
      ['vb', 'b', 'z'],
    ]);
    const tie = suggestRebalance(
      input([host('b', 90), host('a', 90), host('z', 10)], [vm('vb', 'b', 2), vm('va', 'a', 2)]),
    );
    // a is served first and takes z; b's VM still finds room there (z is at 30 %, 50 % after).
    expect(tie.moves.map((m) => m.sourceHostId).sort()).toEqual(['a', 'b']);
  });

  it('never moves what may not move: pinned, not migratable now, the hosted engine', () => {
    const plan = suggestRebalance(
      input(
        [host('a', 95), host('b', 10)],
        [
          vm('pin', 'a', 2, { migrationMode: 'pinned' }),
          vm('mig', 'a', 2, { status: 'migrating' }),
          vm('he', 'a', 2, { hostedEngine: true }),
          vm('down', 'a', 2, { status: 'down' }),
        ],
      ),
    );
    expect(plan.moves).toEqual([]);
    expect(plan.stuck).toEqual([{ hostId: 'a' }]);
    const paused = suggestRebalance(
      input([host('a', 95), host('b', 10)], [vm('p', 'a', 2, { status: 'paused' })]),
    );
    expect(moves(paused)).toEqual(['p>b']);
  });

  it('a user-migratable VM is suggested for a manual migration only', () => {
    const plan = suggestRebalance(
      input(
        [host('a', 95), host('b', 10)],
        [vm('u', 'a', 2, { migrationMode: 'user_migratable' })],
      ),
    );
    expect(plan.moves).toEqual([
      {
        vmId: 'u',
        vmName: 'u',
        memory: 4 * GIB,
        sourceHostId: 'a',
        targetHostId: 'b',
        overridden: false,
        issues: [],
        manualOnly: true,
      },
    ]);
    const auto = suggestRebalance(input([host('a', 95), host('b', 10)], [vm('m', 'a', 2)]));
    expect(auto.moves[0]).not.toHaveProperty('manualOnly');
  });
});

describe('suggestRebalance: where it goes', () => {
  it('a host without the memory, or that the move would overload, is not chosen', () => {
    const plan = suggestRebalance(
      input(
        [
          host('a', 95),
          host('b', 5, { freeMemory: 4 * GIB - 1 }),
          host('c', 65),
          host('d', 40, { cpuThreads: 10 }),
        ],
        [vm('v', 'a', 2)],
      ),
    );
    // b lacks 1 byte, c would reach 85 %: d.
    expect(moves(plan)).toEqual(['v>d']);
    const exact = suggestRebalance(
      input(
        [host('a', 95), host('b', 5, { freeMemory: 4 * GIB }), host('c', 60)],
        [vm('v', 'a', 2)],
      ),
    );
    // Exactly enough memory is enough; c at exactly 80 % would be ok but is busier than b.
    expect(moves(exact)).toEqual(['v>b']);
    expect(row(exact, 'b')?.after.freeMemory).toBe(0);
  });

  it('nor a host the move would leave short of free memory by the policy', () => {
    const policy = {
      name: 'evenly_distributed',
      properties: { HighUtilization: '80', MaxFreeMemoryForOverUtilized: '8192' },
    };
    const plan = suggestRebalance(
      input(
        [host('a', 95), host('c', 10, { freeMemory: 10 * GIB }), host('d', 40)],
        [vm('v', 'a', 2)],
        { policy },
      ),
    );
    // c is cooler, but 6 GiB left is below 8192 MB: over-utilized after the move.
    expect(moves(plan)).toEqual(['v>d']);
    expect(row(plan, 'd')?.after.mark).toBe('ok');
  });

  it('projects the CPU on the target by its own CPU count', () => {
    const plan = suggestRebalance(
      input(
        [host('a', 95), host('small', 30, { cpuThreads: 4 }), host('big', 40, { cpuThreads: 40 })],
        [vm('v', 'a', 2)],
      ),
    );
    // small: 30 + 50 = 80; big: 40 + 5 = 45.
    expect(moves(plan)).toEqual(['v>big']);
    expect(row(plan, 'big')?.after.cpu).toBeCloseTo(45);
    expect(row(plan, 'a')?.after.cpu).toBeCloseTo(75);
  });

  it('soft affinity wins before load', () => {
    const soft: PlannerAffinityGroup = {
      id: 's',
      name: 'near',
      clusterId: 'c',
      vmsRule: { positive: true, enforcing: false },
      vmIds: ['v', 'friend'],
      hostIds: [],
    };
    const plan = suggestRebalance(
      input(
        [host('a', 95), host('b', 10), host('c', 40)],
        [vm('v', 'a', 2), vm('friend', 'c', 0)],
        {
          rules: { groups: [soft] },
        },
      ),
    );
    expect(moves(plan)).toEqual(['v>c']);
  });

  it('with equal CPU, the most free memory after the move, then the name', () => {
    const plan = suggestRebalance(
      input(
        [
          host('a', 95),
          host('b', 10, { freeMemory: 20 * GIB }),
          host('c', 10, { freeMemory: 30 * GIB }),
        ],
        [vm('v', 'a', 2)],
      ),
    );
    expect(moves(plan)).toEqual(['v>c']);
    const byName = suggestRebalance(
      input([host('a', 95), host('c', 10), host('b', 10)], [vm('v', 'a', 2)]),
    );
    expect(moves(byName)).toEqual(['v>b']);
    const byId = suggestRebalance(
      input(
        [host('a', 95), host('y', 10, { name: 'same' }), host('x', 10, { name: 'same' })],
        [vm('v', 'a', 2)],
      ),
    );
    expect(moves(byId)).toEqual(['v>x']);
  });

  it('only up hosts, only those its pinning list allows, never one the engine refused', () => {
    const hosts = [
      host('a', 95),
      host('b', 5, { status: 'maintenance' }),
      host('c', 10),
      host('d', 20),
      host('e', 30),
    ];
    expect(moves(suggestRebalance(input(hosts, [vm('v', 'a', 2)])))).toEqual(['v>c']);
    expect(
      moves(
        suggestRebalance(input(hosts, [vm('v', 'a', 2, { allowedHostIds: ['a', 'b', 'd', 'e'] })])),
      ),
    ).toEqual(['v>d']);
    expect(
      moves(suggestRebalance(input(hosts, [vm('v', 'a', 2)]), { refused: { v: ['c', 'd'] } })),
    ).toEqual(['v>e']);
    const none = suggestRebalance(input(hosts, [vm('v', 'a', 2)]), {
      refused: { v: ['c', 'd', 'e'] },
    });
    expect(none.moves).toEqual([]);
    expect(none.stuck).toEqual([{ hostId: 'a' }]);
  });

  it('a host that sent VMs never receives any, so the moves may run in any order', () => {
    const plan = suggestRebalance(
      input(
        [host('a', 95), host('b', 95), host('c', 10, { freeMemory: 4 * GIB })],
        [vm('va', 'a', 4), vm('vb', 'b', 1.6)],
      ),
    );
    // a (first by name) sends va to c, the only host with room, and is at 55 %; b's VM would fit
    // on a, but a has sent, and c is full: b is stuck.
    expect(moves(plan)).toEqual(['va>c']);
    expect(plan.stuck).toEqual([{ hostId: 'b' }]);
    expect(plan.balanced).toBe(false);
  });

  it('a stuck host names the first hard rule that kept its VM', () => {
    const plan = suggestRebalance(
      input([host('a', 95), host('b', 10)], [vm('v', 'a', 2), vm('w', 'b', 0)], {
        rules: { groups: [negative(['v', 'w'])] },
      }),
    );
    expect(plan.stuck).toEqual([
      { hostId: 'a', rule: { kind: 'vm_negative', group: 'spread', others: ['w'] } },
    ]);
    expect(plan.balanced).toBe(false);
  });
});

describe('suggestRebalance: power saving and VM count', () => {
  const saving = {
    name: 'power_saving',
    properties: { HighUtilization: '80', LowUtilization: '20' },
  };

  it('empties an under-utilized host into a busy one before another idle one', () => {
    const plan = suggestRebalance(
      input([host('a', 5), host('b', 10), host('c', 50)], [vm('v', 'a', 0.2), vm('w', 'b', 0.2)], {
        policy: saving,
      }),
    );
    expect(moves(plan).sort()).toEqual(['v>c', 'w>c']);
    expect(plan.balanced).toBe(true);
    // An idle host with no VMs needs nothing.
    const empty = suggestRebalance(input([host('a', 5), host('c', 50)], [], { policy: saving }));
    expect(empty.moves).toEqual([]);
    expect(empty.balanced).toBe(true);
  });

  it('only an idle host left: it takes the VM rather than none', () => {
    const plan = suggestRebalance(
      input([host('a', 5), host('b', 10)], [vm('v', 'a', 0.2)], { policy: saving }),
    );
    expect(moves(plan)).toEqual(['v>b']);
  });

  it('VM count: the fewest VMs, to the host with the fewest', () => {
    const plan = suggestRebalance(
      input(
        [host('a', 10), host('b', 90), host('c', 10)],
        [vm('a1', 'a', 0), vm('a2', 'a', 0), vm('a3', 'a', 0), vm('a4', 'a', 0), vm('c1', 'c', 0)],
        {
          policy: {
            name: 'vm_evenly_distributed',
            properties: { HighVmCount: '2', SpmVmGrace: '0' },
          },
        },
      ),
    );
    // a has 2 too many: one VM a round, first to b (none), then b and c tie at 2 and c has
    // more free memory.
    expect(moves(plan)).toEqual(['a1>b', 'a2>c']);
    expect(row(plan, 'a')?.after.vmCount).toBe(2);
    expect(plan.balanced).toBe(true);
  });

  it('VM count: the SPM with its grace is the worst host, served first', () => {
    const plan = suggestRebalance(
      input(
        [host('a', 10), host('s', 10, { spm: true }), host('z', 10)],
        [
          ...['a1', 'a2', 'a3'].map((id) => vm(id, 'a', 0)),
          ...['s1', 's2'].map((id) => vm(id, 's', 0)),
          vm('z1', 'z', 0),
        ],
        {
          policy: {
            name: 'vm_evenly_distributed',
            properties: { HighVmCount: '2', SpmVmGrace: '2' },
          },
        },
      ),
    );
    // s counts 4 (2 + grace 2), a 3: s is served first and takes z's last place.
    expect(moves(plan)).toEqual(['s1>z']);
    expect(plan.stuck.map((x) => x.hostId)).toEqual(['a', 's']);
  });

  it('a host short of memory by much is served before one a little over on CPU', () => {
    const policy = {
      name: 'evenly_distributed',
      properties: { HighUtilization: '80', MaxFreeMemoryForOverUtilized: '8192' },
    };
    // c can take one 4 GiB VM and keep 8 GiB free.
    const plan = suggestRebalance(
      input(
        [
          host('a', 81),
          host('b', 30, { freeMemory: 2 * GIB }),
          host('c', 10, { freeMemory: 12 * GIB }),
        ],
        [vm('va', 'a', 0.2), vm('vb', 'b', 0.2)],
        { policy },
      ),
    );
    expect(moves(plan)).toEqual(['vb>c']);
    expect(row(plan, 'a')?.after.mark).toBe('over');
  });

  it('hosts are listed by name, then id', () => {
    const plan = clusterBalance(
      input(
        [
          host('x1', 10, { name: 'b' }),
          host('x3', 10, { name: 'a' }),
          host('x2', 10, { name: 'a' }),
        ],
        [],
      ),
    );
    expect(plan.hosts.map((h) => h.hostId)).toEqual(['x2', 'x3', 'x1']);
  });
});

describe('validateRebalance: the admin edits the plan', () => {
  const hosts = [
    host('a', 99),
    host('b', 10),
    host('c', 30),
    host('m', 10, { status: 'maintenance' }),
  ];
  const pair: PlannerAffinityGroup = {
    id: 'p',
    name: 'pair',
    clusterId: 'c',
    vmsRule: { positive: true, enforcing: true },
    vmIds: ['p1', 'p2'],
    hostIds: [],
  };
  const base = input(hosts, [vm('p1', 'a', 1), vm('p2', 'a', 1), vm('x', 'a', 0.5)], {
    rules: { groups: [pair], maxVmsPerHost: { c: 3 } },
  });
  const plan = suggestRebalance(base);

  it('the suggestion moves the pair together (what the edits start from)', () => {
    expect(plan.moves.map((m) => m.vmId)).toEqual(['p1', 'p2']);
    expect(plan.valid).toBe(true);
  });

  it('keeps what it is told, drops the rest and moves sent back home', () => {
    const target = plan.moves[0]?.targetHostId ?? '';
    const out = validateRebalance(base, plan, { p1: target, p2: target });
    expect(out.moves.map((m) => [m.vmId, m.overridden, m.closure, m.movesWith])).toEqual([
      ['p1', false, ['p2'], undefined],
      ['p2', false, undefined, 'p1'],
    ]);
    expect(out.valid).toBe(true);
    expect(validateRebalance(base, plan, { p1: 'a', p2: 'a' }).moves).toEqual([]);
    const one = validateRebalance(base, plan, { p1: target });
    expect(one.moves.map((m) => m.vmId)).toEqual(['p1']);
    expect(one.moves[0]).not.toHaveProperty('closure');
    expect(one.moves[0]?.issues).toEqual(['affinity_positive']);
  });

  it('splitting the pair is marked; both moved elsewhere together are one closure again', () => {
    const target = plan.moves[0]?.targetHostId ?? '';
    const other = target === 'b' ? 'c' : 'b';
    const split = validateRebalance(base, plan, { p1: target, p2: other });
    expect(split.moves.every((m) => m.issues.includes('affinity_positive'))).toBe(true);
    expect(split.moves.find((m) => m.vmId === 'p2')?.overridden).toBe(true);
    expect(split.moves.find((m) => m.vmId === 'p1')?.overridden).toBe(false);
    expect(split.valid).toBe(false);
    const moved = validateRebalance(base, plan, { p1: other, p2: other });
    expect(moved.moves.map((m) => [m.vmId, m.closure, m.movesWith, m.issues])).toEqual([
      ['p1', ['p2'], undefined, []],
      ['p2', undefined, 'p1', []],
    ]);
    // An override stays an override when validated again.
    const again = validateRebalance(base, moved, { p1: other, p2: other });
    expect(again.moves.every((m) => m.overridden)).toBe(true);
  });

  it('names what the engine would refuse', () => {
    const single = input(
      hosts,
      [
        vm('v', 'a', 2, { allowedHostIds: ['b'] }),
        vm('c1', 'c', 0),
        vm('c2', 'c', 0),
        vm('c3', 'c', 0),
      ],
      {
        rules: { groups: [], maxVmsPerHost: { c: 3 } },
      },
    );
    const p = suggestRebalance(single);
    expect(moves(p)).toEqual(['v>b']);
    const issues = (to: string) =>
      validateRebalance(single, p, { v: to }).moves.find((m) => m.vmId === 'v')?.issues;
    expect(issues('m')).toEqual(['target_not_up', 'target_not_allowed']);
    expect(issues('c')).toEqual(['target_not_allowed', 'over_vm_cap']);
    expect(issues('nowhere')).toEqual(['unknown_target']);
    const full = input(
      [host('a', 99), host('b', 10, { freeMemory: 3 * GIB }), host('c', 10)],
      [vm('v', 'a', 2)],
    );
    const fp = suggestRebalance(full);
    const over = validateRebalance(full, fp, { v: 'b' });
    expect(over.moves[0]?.issues).toEqual(['over_capacity']);
    expect(row(over, 'b')?.after.freeMemory).toBe(-GIB);
  });

  it('a destination the engine does not offer is marked and makes the plan invalid', () => {
    const target = plan.moves[0]?.targetHostId ?? '';
    const out = validateRebalance(base, plan, { p1: target, p2: target }, { p2: [target] });
    expect(out.moves.map((m) => m.issues)).toEqual([[], ['engine_refused']]);
    expect(out.valid).toBe(false);
    const fine = validateRebalance(base, plan, { p1: target, p2: target }, { p2: ['zz'] });
    expect(fine.valid).toBe(true);
  });

  it('a move of a VM that may not move any more is marked', () => {
    const target = plan.moves[0]?.targetHostId ?? '';
    const now = {
      ...base,
      vms: base.vms.map((v) => (v.id === 'x' ? v : { ...v, migrationMode: 'pinned' as const })),
    };
    const out = validateRebalance(now, plan, { p1: target, p2: target });
    expect(out.moves.map((m) => m.issues)).toEqual([
      ['target_not_allowed'],
      ['target_not_allowed'],
    ]);
  });

  it('counts VMs in and out per host and sorts the moves by VM name', () => {
    const two = input(
      [host('a', 99), host('b', 10), host('c', 10)],
      [vm('zz', 'a', 1), vm('aa', 'a', 1)],
    );
    const p = suggestRebalance(two);
    const out = validateRebalance(two, p, { zz: 'b', aa: 'c' });
    expect(out.moves.map((m) => m.vmId)).toEqual(['aa', 'zz']);
    expect([row(out, 'a')?.vmsOut, row(out, 'b')?.vmsIn, row(out, 'c')?.vmsIn]).toEqual([2, 1, 1]);
    expect(row(out, 'a')?.after.vmCount).toBe(0);
  });
});

describe('targets an admin may pick', () => {
  it('up hosts other than its own, by name then id; an unknown VM has none', () => {
    const i = input(
      [
        host('z', 1),
        host('b2', 1, { name: 'b' }),
        host('b1', 1, { name: 'b' }),
        host('a', 1),
        host('d', 1, { status: 'error' }),
      ],
      [vm('v', 'a', 1, { allowedHostIds: [] })],
    );
    expect(rebalanceTargets(i, 'v').map((h) => h.id)).toEqual(['b1', 'b2', 'z']);
    expect(rebalanceTargets(i, 'nope')).toEqual([]);
  });
});

describe('suggestRebalance: every host over the threshold is served or named stuck', () => {
  it('hosts that cannot be helped do not use up the rounds of one that can', () => {
    // a and b are over with nothing to move (their load is not from VMs), c is over with one
    // VM that d can take. More hosts are stuck than VMs run: the plan still serves c.
    const plan = suggestRebalance(
      input([host('a', 97), host('b', 96), host('c', 90), host('d', 10)], [vm('c1', 'c', 3)]),
    );
    expect(moves(plan)).toEqual(['c1>d']);
    expect(plan.stuck.map((x) => x.hostId)).toEqual(['a', 'b']);
  });
});
