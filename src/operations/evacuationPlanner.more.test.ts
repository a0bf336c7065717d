/**
 * Concrete evacuation scenarios an admin reads in the plan: the memory table, which hosts will be
 * empty, the engine's own refusals, the admin's changed targets, and how VMs tied by affinity
 * move together. Each expectation is worked out by hand from the rules in evacuationPlanner.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  assignmentOf,
  isResidentVm,
  planEvacuation,
  targetChoices,
  validatePlan,
  type EvacuationInput,
  type PlannerHost,
  type PlannerVm,
} from './evacuationPlanner';
import type { PlannerAffinityGroup } from './schedulingRules';

const G = 1024 ** 3;

function host(id: string, free: number, over: Partial<PlannerHost> = {}): PlannerHost {
  return {
    id,
    name: `n-${id}`,
    clusterId: 'c',
    status: 'up',
    memory: 64 * G,
    freeMemory: free * G,
    ...over,
  };
}
function vm(id: string, hostId: string, mem: number, over: Partial<PlannerVm> = {}): PlannerVm {
  return { id, name: `vm-${id}`, hostId, status: 'up', memory: mem * G, ...over };
}
const positivePair = (vmIds: string[], name = 'pair'): PlannerAffinityGroup => ({
  id: name,
  name,
  clusterId: 'c',
  vmsRule: { positive: true, enforcing: true },
  vmIds,
  hostIds: [],
});

describe('resident VMs', () => {
  it('a VM occupies its host while running, not once down or without a host', () => {
    expect(isResidentVm(vm('a', 'h', 1))).toBe(true);
    expect(isResidentVm(vm('a', 'h', 1, { status: 'migrating' }))).toBe(true);
    expect(isResidentVm(vm('a', 'h', 1, { status: 'down' }))).toBe(false);
    expect(isResidentVm({ id: 'a', name: 'a', status: 'up', memory: 1 })).toBe(false);
  });
});

describe('the memory table and the hosts that will be empty', () => {
  const input: EvacuationInput = {
    evacuate: ['s1', 's2', 'unknown-host'],
    hosts: [
      host('s2', 0, { name: 'b-src' }),
      host('s1', 0, { name: 'a-src' }),
      host('t2', 10, { name: 'z-tgt' }),
      host('t1', 20, { name: 'y-tgt' }),
      host('m', 50, { status: 'maintenance' }),
      host('o', 50, { clusterId: 'other' }),
    ],
    vms: [
      vm('big', 's1', 8),
      vm('small', 's1', 2),
      vm('x', 's2', 4),
      vm('stuck', 's2', 1, { status: 'wait_for_launch' }),
      vm('off', 's2', 1, { status: 'down' }),
      vm('elsewhere', 't1', 3),
      vm('big', 's1', 8),
    ],
  };

  it('lists sources first, then targets by name, with memory before and after', () => {
    const plan = planEvacuation(input);
    // Largest first, each to the host with most free memory left.
    expect(plan.moves.map((m) => [m.vmId, m.targetHostId])).toEqual([
      ['big', 't1'],
      ['x', 't1'],
      ['small', 't2'],
    ]);
    expect(
      plan.hosts.map((h) => [
        h.hostId,
        h.role,
        h.freeBefore / G,
        h.freeAfter / G,
        h.vmsIn,
        h.vmsOut,
      ]),
    ).toEqual([
      ['s1', 'source', 0, 10, 0, 2],
      ['s2', 'source', 0, 4, 0, 1],
      ['t1', 'target', 20, 8, 2, 0],
      ['t2', 'target', 10, 8, 1, 0],
    ]);
    // The VM still launching blocks its host; the other source will be empty.
    expect(plan.blockers).toEqual([
      {
        vmId: 'stuck',
        vmName: 'vm-stuck',
        memory: G,
        sourceHostId: 's2',
        reason: 'busy',
        status: 'wait_for_launch',
      },
    ]);
    expect(plan.valid).toBe(true);
    expect(plan.clearableHostIds).toEqual(['s1']);
  });

  it('the same plan whatever the order the engine listed things in', () => {
    const reversed = { ...input, hosts: [...input.hosts].reverse(), vms: [...input.vms].reverse() };
    expect(planEvacuation(reversed)).toEqual(planEvacuation(input));
  });

  it('among equal hosts, the less loaded CPU wins, then the name', () => {
    const base: EvacuationInput = {
      evacuate: ['s'],
      hosts: [
        host('s', 0),
        host('b', 10, { name: 'b', cpuLoad: 50 }),
        host('a', 10, { name: 'a', cpuLoad: 70 }),
      ],
      vms: [vm('v', 's', 1)],
    };
    expect(assignmentOf(planEvacuation(base))).toEqual({ v: 'b' });
    const noLoad = {
      ...base,
      hosts: [host('s', 0), host('b', 10, { name: 'b' }), host('a', 10, { name: 'a' })],
    };
    expect(assignmentOf(planEvacuation(noLoad))).toEqual({ v: 'a' });
    const oneKnown = {
      ...base,
      hosts: [host('s', 0), host('b', 10, { name: 'b', cpuLoad: 5 }), host('a', 10, { name: 'a' })],
    };
    expect(assignmentOf(planEvacuation(oneKnown))).toEqual({ v: 'a' });
  });

  it('VMs of equal size are placed by name, then id', () => {
    const plan = planEvacuation({
      evacuate: ['s'],
      hosts: [host('s', 0), host('t', 2)],
      vms: [
        vm('2', 's', 1, { name: 'same' }),
        vm('1', 's', 1, { name: 'same' }),
        vm('0', 's', 1, { name: 'zz' }),
      ],
    });
    expect(plan.moves.map((m) => m.vmId)).toEqual(['1', '2']);
    expect(plan.blockers.map((b) => [b.vmId, b.reason])).toEqual([['0', 'no_capacity']]);
    // A VM left behind: the host will not be empty.
    expect(plan.clearableHostIds).toEqual([]);
  });

  it('a VM that fits exactly still goes', () => {
    const plan = planEvacuation({
      evacuate: ['s'],
      hosts: [host('s', 0), host('t', 4)],
      vms: [vm('v', 's', 4)],
    });
    expect(assignmentOf(plan)).toEqual({ v: 't' });
  });
});

describe("the admin's changes (validatePlan)", () => {
  const input: EvacuationInput = {
    evacuate: ['s', 's2'],
    hosts: [
      host('s', 0),
      host('s2', 0),
      host('t', 20),
      host('u', 10),
      host('down', 10, { status: 'non_responsive' }),
      host('far', 10, { clusterId: 'other' }),
    ],
    vms: [vm('a', 's', 6), vm('b', 's', 6, { allowedHostIds: ['t', 's'] }), vm('c', 's2', 1)],
  };

  it('marks each wrong target with what is wrong and the plan invalid', () => {
    const plan = validatePlan(input, { a: 'down', b: 'u', c: 's' });
    expect(plan.moves.map((m) => [m.vmId, m.issues])).toEqual([
      ['a', ['target_not_up']],
      ['b', ['target_not_allowed']],
      ['c', ['target_evacuated', 'over_capacity']],
    ]);
    expect(plan.valid).toBe(false);
    expect(plan.clearableHostIds).toEqual([]);
    expect(
      validatePlan(input, { a: 'far', b: 't', c: 'nowhere' }).moves.map((m) => m.issues),
    ).toEqual([['target_other_cluster'], [], ['unknown_target']]);
    // Together over the free memory: both moves say so.
    expect(validatePlan(input, { a: 'u', b: 't', c: 'u' }).moves.map((m) => m.issues)).toEqual([
      [],
      [],
      [],
    ]);
    const tight = { ...input, vms: [...input.vms, vm('d', 's2', 5)] };
    const issues = validatePlan(tight, { a: 'u', b: 't', c: 't', d: 'u' }).moves.map((m) => [
      m.vmId,
      m.issues,
    ]);
    expect(Object.fromEntries(issues)).toEqual({
      a: ['over_capacity'],
      b: [],
      c: [],
      d: ['over_capacity'],
    });
  });

  it('a VM left out of the assignment is not moved, and only changed targets count as overridden', () => {
    const original = assignmentOf(planEvacuation(input));
    const changed = { ...original, c: original.c === 't' ? 'u' : 't' };
    delete (changed as Record<string, string>).a;
    const plan = validatePlan(input, changed, original);
    expect(plan.blockers.map((b) => [b.vmId, b.reason])).toEqual([['a', 'no_capacity']]);
    expect(plan.moves.map((m) => [m.vmId, m.overridden])).toEqual([
      ['b', false],
      ['c', true],
    ]);
    expect(plan.clearableHostIds).toEqual(['s2']);
    expect(validatePlan(input, original).moves.every((m) => !m.overridden)).toBe(true);
  });

  it('a destination the engine did not offer is flagged, and the plan cannot run as it is', () => {
    const plan = validatePlan(input, { a: 't', b: 't', c: 'u' }, undefined, { c: ['u'], a: ['x'] });
    expect(plan.moves.find((m) => m.vmId === 'c')?.issues).toEqual(['engine_refused']);
    expect(plan.moves.find((m) => m.vmId === 'a')?.issues).not.toContain('engine_refused');
    expect(plan.valid).toBe(false);
    expect(plan.clearableHostIds).toEqual([]);
    const fine = validatePlan(input, { a: 't', b: 't', c: 'u' }, undefined, { c: ['t'] });
    expect(fine.valid).toBe(true);
    expect(fine.clearableHostIds).toEqual(['s', 's2']);
  });

  it('offers as choices the up hosts of its cluster it may run on, by name', () => {
    expect(targetChoices(input, 'a').map((h) => h.id)).toEqual(['t', 'u']);
    expect(targetChoices(input, 'b').map((h) => h.id)).toEqual(['t']);
    expect(targetChoices(input, 'nope')).toEqual([]);
    const sameName = { ...input, hosts: [...input.hosts, host('t0', 1, { name: 'n-t' })] };
    expect(targetChoices(sameName, 'a').map((h) => h.id)).toEqual(['t', 't0', 'u']);
  });

  it("keeps the admin's fixed choice and plans the rest around its memory", () => {
    const plan = planEvacuation(input, { fixed: { a: 'u' } });
    expect(plan.moves.map((m) => [m.vmId, m.targetHostId, m.overridden])).toEqual([
      ['a', 'u', true],
      ['b', 't', false],
      ['c', 't', false],
    ]);
  });
});

describe("the engine's refusals (migration_target_of) when planning", () => {
  const input: EvacuationInput = {
    evacuate: ['s'],
    hosts: [host('s', 0), host('t', 10), host('u', 20)],
    vms: [vm('a', 's', 1), vm('b', 's', 1)],
  };
  it('never proposes a refused host again; a VM left with none names the hosts', () => {
    const plan = planEvacuation(input, { refused: { a: ['u'], b: ['u', 't'] } });
    expect(assignmentOf(plan)).toEqual({ a: 't' });
    expect(plan.blockers).toEqual([
      {
        vmId: 'b',
        vmName: 'vm-b',
        memory: G,
        sourceHostId: 's',
        reason: 'rule',
        rule: { kind: 'engine', host: 'n-t, n-u' },
      },
    ]);
  });

  it('the same with scheduling rules: a whole unit is blocked by the engine', () => {
    const plan = planEvacuation(
      { ...input, rules: { groups: [positivePair(['a', 'b'])] } },
      { refused: { a: ['u'], b: ['t', 'gone'] } },
    );
    expect(plan.moves).toEqual([]);
    expect(plan.blockers.map((b) => [b.vmId, b.rule, b.together])).toEqual([
      ['a', { kind: 'engine', host: 'gone, n-t, n-u' }, { group: 'pair', names: ['vm-b'] }],
      ['b', { kind: 'engine', host: 'gone, n-t, n-u' }, { group: 'pair', names: ['vm-a'] }],
    ]);
    const some = planEvacuation(
      { ...input, rules: { groups: [positivePair(['a', 'b'])] } },
      { refused: { b: ['u'] } },
    );
    expect(assignmentOf(some)).toEqual({ a: 't', b: 't' });
  });
});

describe('affinity units', () => {
  it('a positive pair moves as one closure led by its largest VM, to one host that holds both', () => {
    const input: EvacuationInput = {
      evacuate: ['s'],
      hosts: [host('s', 0), host('t', 5), host('u', 7)],
      vms: [vm('a', 's', 2), vm('b', 's', 4), vm('solo', 's', 3)],
      rules: { groups: [positivePair(['a', 'b'])] },
    };
    const plan = planEvacuation(input);
    expect(plan.moves.map((m) => [m.vmId, m.targetHostId, m.closure, m.movesWith])).toEqual([
      ['b', 'u', ['a'], undefined],
      ['solo', 't', undefined, undefined],
      ['a', 'u', undefined, 'b'],
    ]);
  });

  it("after the admin's changes, partners sent to one host become one closure again", () => {
    const input: EvacuationInput = {
      evacuate: ['s'],
      hosts: [host('s', 0), host('t', 50), host('u', 50)],
      vms: [vm('a', 's', 2), vm('b', 's', 4), vm('c', 's', 1), vm('d', 's', 1)],
      rules: { groups: [positivePair(['a', 'b', 'c'])] },
    };
    const together = validatePlan(input, { a: 't', b: 't', c: 't', d: 'u' });
    expect(together.moves.map((m) => [m.vmId, m.closure, m.movesWith])).toEqual([
      ['b', ['a', 'c'], undefined],
      ['a', undefined, 'b'],
      ['c', undefined, 'b'],
      ['d', undefined, undefined],
    ]);
    const apart = validatePlan(input, { a: 't', b: 'u', c: 't', d: 'u' });
    expect(apart.moves.map((m) => [m.vmId, m.closure, m.movesWith])).toEqual([
      ['b', undefined, undefined],
      ['a', ['c'], undefined],
      ['c', undefined, 'a'],
      ['d', undefined, undefined],
    ]);
    expect(apart.moves.find((m) => m.vmId === 'b')?.issues).toContain('affinity_positive');
  });

  it('the most constrained unit gets its only host first, even when smaller', () => {
    const input: EvacuationInput = {
      evacuate: ['s'],
      hosts: [host('s', 0), host('t', 4), host('u', 3)],
      vms: [vm('big', 's', 3), vm('tied', 's', 2, { allowedHostIds: ['t'] })],
      rules: { groups: [] },
    };
    expect(assignmentOf(planEvacuation(input))).toEqual({ tied: 't', big: 'u' });
  });

  it('a VM-to-host rule narrows the hosts a unit counts as possible', () => {
    const input: EvacuationInput = {
      evacuate: ['s'],
      hosts: [host('s', 0), host('t', 4), host('u', 3)],
      vms: [vm('big', 's', 3), vm('ruled', 's', 2)],
      rules: {
        groups: [
          {
            id: 'g',
            name: 'only-t',
            clusterId: 'c',
            hostsRule: { positive: true, enforcing: true },
            vmIds: ['ruled'],
            hostIds: ['t'],
          },
          {
            id: 'n',
            name: 'not-u',
            clusterId: 'c',
            hostsRule: { positive: false, enforcing: false },
            vmIds: ['big'],
            hostIds: ['u'],
          },
        ],
      },
    };
    expect(assignmentOf(planEvacuation(input))).toEqual({ ruled: 't', big: 'u' });
  });

  it('larger units first among equally constrained ones', () => {
    const input: EvacuationInput = {
      evacuate: ['s'],
      hosts: [host('s', 0), host('t', 5)],
      vms: [vm('a', 's', 2), vm('b', 's', 2), vm('c', 's', 3)],
      rules: { groups: [positivePair(['a', 'b'])] },
    };
    const plan = planEvacuation(input);
    expect(assignmentOf(plan)).toEqual({ a: 't', b: 't' });
    expect(plan.blockers.map((b) => [b.vmId, b.reason])).toEqual([['c', 'no_capacity']]);
  });

  it('a VM cap counts only hosts that receive VMs in this plan', () => {
    const input: EvacuationInput = {
      evacuate: ['s'],
      hosts: [host('s', 0), host('t', 50), host('full', 50)],
      vms: [vm('a', 's', 1), vm('x1', 'full', 1), vm('x2', 'full', 1), vm('x3', 'full', 1)],
      rules: { groups: [], maxVmsPerHost: { c: 2 } },
    };
    const ok = validatePlan(input, { a: 't' });
    expect(ok.moves[0]?.issues).toEqual([]);
    expect(validatePlan(input, { a: 'full' }).moves[0]?.issues).toEqual(['over_vm_cap']);
  });

  it('a blocked unit names the enforcing group that ties it, not a soft one', () => {
    const soft: PlannerAffinityGroup = {
      ...positivePair(['a', 'b'], 'soft'),
      vmsRule: { positive: true, enforcing: false },
    };
    const plan = planEvacuation({
      evacuate: ['s'],
      hosts: [host('s', 0), host('t', 4)],
      vms: [vm('a', 's', 2), vm('b', 's', 3)],
      rules: { groups: [soft, positivePair(['a', 'b'], 'real')] },
    });
    expect(plan.blockers.map((b) => [b.vmId, b.reason, b.together])).toEqual([
      ['b', 'no_capacity', { group: 'real', names: ['vm-a'] }],
      ['a', 'no_capacity', { group: 'real', names: ['vm-b'] }],
    ]);
    const fits = planEvacuation({
      evacuate: ['s'],
      hosts: [host('s', 0), host('t', 5)],
      vms: [vm('a', 's', 2), vm('b', 's', 3)],
      rules: { groups: [positivePair(['a', 'b'], 'real')] },
    });
    expect(assignmentOf(fits)).toEqual({ a: 't', b: 't' });
  });

  it("an admin's target that breaks a hard rule is flagged; a soft rule is not", () => {
    const input: EvacuationInput = {
      evacuate: ['s'],
      hosts: [host('s', 0), host('t', 50), host('u', 50)],
      vms: [vm('a', 's', 1), vm('b', 's', 1), vm('partner', 'u', 1)],
      rules: {
        groups: [
          {
            id: 'n',
            name: 'apart',
            clusterId: 'c',
            vmsRule: { positive: false, enforcing: true },
            vmIds: ['a', 'partner'],
            hostIds: [],
          },
          {
            id: 'h',
            name: 'only-t',
            clusterId: 'c',
            hostsRule: { positive: true, enforcing: true },
            vmIds: ['b'],
            hostIds: ['t'],
          },
          {
            id: 's',
            name: 'soft-not-t',
            clusterId: 'c',
            hostsRule: { positive: false, enforcing: false },
            vmIds: ['a'],
            hostIds: ['t'],
          },
        ],
      },
    };
    const bad = validatePlan(input, { a: 'u', b: 'u' });
    expect(Object.fromEntries(bad.moves.map((m) => [m.vmId, m.issues]))).toEqual({
      a: ['affinity_negative'],
      b: ['affinity_host'],
    });
    const good = validatePlan(input, { a: 't', b: 't' });
    expect(good.moves.map((m) => m.issues)).toEqual([[], []]);
    expect(good.valid).toBe(true);
  });
});
