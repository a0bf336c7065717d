/**
 * What the planner learns from the engine's scheduler (groups, labels, caps, the hosted-engine
 * reserve) and how a plan is checked with `migration_target_of`: each label read once, each
 * unit asked once with the VMs that move with it, the admin's cancel stops the asking.
 */
import { describe, expect, it, vi } from 'vitest';
import type { EvacuationInput, PlannedMove } from './evacuationPlanner';
import {
  engineRefusals,
  hasSchedulingRules,
  loadSchedulingRules,
  planCheckedWithEngine,
} from './schedulingRulesFromEngine';

type Call = { signal?: AbortSignal };

type Group = {
  id: string;
  name: string;
  vmsRule: { enabled: boolean; positive: boolean; enforcing: boolean };
  hostsRule: { enabled: boolean; positive: boolean; enforcing: boolean };
  vmIds: string[];
  hostIds: string[];
  vmLabelIds: string[];
  hostLabelIds: string[];
};

const off = { enabled: false, positive: true, enforcing: true };

function group(patch: Partial<Group> & { id: string }): Group {
  return {
    name: patch.id,
    vmsRule: off,
    hostsRule: off,
    vmIds: [],
    hostIds: [],
    vmLabelIds: [],
    hostLabelIds: [],
    ...patch,
  };
}

function engine(opts: {
  groups?: Record<string, Group[]>;
  scheduling?: Record<string, { policyId?: string; properties: Record<string, string> }>;
  policies?: Record<string, { name: string; properties: Record<string, string> }>;
  filters?: Record<string, string[]>;
  units?: { id: string; name: string }[];
  labels?: Record<string, { vmIds: string[]; hostIds: string[] }>;
}) {
  return {
    clusterAffinityGroups: vi.fn<(id: string, o?: Call) => Promise<unknown>>((id: string) =>
      Promise.resolve(opts.groups?.[id] ?? []),
    ),
    clusterScheduling: vi.fn<(id: string, o?: Call) => Promise<unknown>>((id: string) =>
      Promise.resolve(opts.scheduling?.[id] ?? { properties: {} }),
    ),
    affinityLabelMembers: vi.fn<(id: string, o?: Call) => Promise<unknown>>((id: string) =>
      Promise.resolve(opts.labels?.[id] ?? { vmIds: [], hostIds: [] }),
    ),
    schedulingPolicyGet: vi.fn<(id: string, o?: Call) => Promise<unknown>>((id: string) =>
      Promise.resolve({ id, ...(opts.policies?.[id] ?? { name: id, properties: {} }) }),
    ),
    schedulingPolicyFilters: vi.fn<(id: string, o?: Call) => Promise<unknown>>((id: string) =>
      Promise.resolve(opts.filters?.[id] ?? []),
    ),
    schedulingPolicyUnitList: vi.fn<(o?: Call) => Promise<unknown>>(() =>
      Promise.resolve(opts.units ?? [{ id: 'u-cap', name: 'max_vms' }]),
    ),
  };
}

describe('loadSchedulingRules (more)', () => {
  it('keeps only the enabled rules of a group, as the engine enforces them', async () => {
    const c = engine({
      groups: {
        c1: [
          group({ id: 'vm-rule', vmsRule: { enabled: true, positive: false, enforcing: false } }),
          group({
            id: 'host-rule',
            hostsRule: { enabled: true, positive: true, enforcing: false },
          }),
          group({ id: 'none' }),
        ],
      },
    });
    const rules = await loadSchedulingRules(c as never, ['c1']);
    expect(rules.groups).toEqual([
      {
        id: 'vm-rule',
        name: 'vm-rule',
        clusterId: 'c1',
        vmsRule: { positive: false, enforcing: false },
        vmIds: [],
        hostIds: [],
      },
      {
        id: 'host-rule',
        name: 'host-rule',
        clusterId: 'c1',
        hostsRule: { positive: true, enforcing: false },
        vmIds: [],
        hostIds: [],
      },
      { id: 'none', name: 'none', clusterId: 'c1', vmIds: [], hostIds: [] },
    ]);
  });

  it('reads each label once, over groups and clusters, and keeps members once', async () => {
    const c = engine({
      groups: {
        c1: [
          group({
            id: 'g1',
            vmIds: ['v1'],
            vmLabelIds: ['L'],
            hostIds: ['h1'],
            hostLabelIds: ['H'],
          }),
        ],
        c2: [group({ id: 'g2', vmLabelIds: ['L'], hostLabelIds: ['H', 'L'] })],
      },
      labels: {
        L: { vmIds: ['v1', 'v2'], hostIds: ['h7'] },
        H: { vmIds: ['v9'], hostIds: ['h1', 'h2'] },
      },
    });
    const rules = await loadSchedulingRules(c as never, ['c1', 'c2']);
    expect(c.affinityLabelMembers.mock.calls.map((call) => call[0]).sort()).toEqual(['H', 'L']);
    expect(rules.groups.map((g) => [g.id, g.clusterId, g.vmIds, g.hostIds])).toEqual([
      ['g1', 'c1', ['v1', 'v2'], ['h1', 'h2']],
      ['g2', 'c2', ['v1', 'v2'], ['h1', 'h2', 'h7']],
    ]);
  });

  it('reads no policy for a cluster without one, and the unit list once for many', async () => {
    const c = engine({
      scheduling: {
        c1: { properties: { maximum_vm_count: '4' } },
        c2: { policyId: 'p', properties: { maximum_vm_count: '5' } },
        c3: { policyId: 'p', properties: { maximum_vm_count: '6' } },
      },
      filters: { p: ['u-cap'] },
      policies: { p: { name: 'capped', properties: {} } },
    });
    const rules = await loadSchedulingRules(c as never, ['c1', 'c2', 'c3']);
    expect(rules.maxVmsPerHost).toEqual({ c2: 5, c3: 6 });
    expect(rules.policyNames).toEqual({ c2: 'capped', c3: 'capped' });
    expect(c.schedulingPolicyGet).toHaveBeenCalledTimes(2);
    expect(c.schedulingPolicyUnitList).toHaveBeenCalledTimes(1);
  });

  it.each(['3a', '-1', '', ' 2', '1.5'])('has no cap for the value %j', async (raw) => {
    const c = engine({
      scheduling: {
        c1: { policyId: 'p', properties: { maximum_vm_count: raw, HeSparesCount: raw } },
      },
      filters: { p: ['u-cap'] },
    });
    const rules = await loadSchedulingRules(c as never, ['c1']);
    expect(rules.maxVmsPerHost).toStrictEqual({});
    expect(rules.heSparesCount).toStrictEqual({});
    // Nothing to respect: the plan is not checked with the engine for it.
    expect(hasSchedulingRules(rules)).toBe(false);
  });

  it('reads a cap of several digits', async () => {
    const c = engine({
      scheduling: {
        c1: { policyId: 'p', properties: { maximum_vm_count: '12', HeSparesCount: '10' } },
      },
      filters: { p: ['u-cap'] },
    });
    const rules = await loadSchedulingRules(c as never, ['c1']);
    expect(rules.maxVmsPerHost).toStrictEqual({ c1: 12 });
    expect(rules.heSparesCount).toStrictEqual({ c1: 10 });
  });

  it('a cap of 0 is a cap; the reserve is read from the policy when the cluster has none', async () => {
    const c = engine({
      scheduling: { c1: { policyId: 'p', properties: { maximum_vm_count: '0' } } },
      policies: { p: { name: 'p', properties: { HeSparesCount: '1' } } },
      filters: { p: ['u-cap'] },
    });
    const rules = await loadSchedulingRules(c as never, ['c1']);
    expect(rules.maxVmsPerHost).toEqual({ c1: 0 });
    expect(rules.heSparesCount).toEqual({ c1: 1 });
  });

  it('recognises the cap filter by its unit name only', async () => {
    const c = engine({
      scheduling: { c1: { policyId: 'p', properties: { maximum_vm_count: '3' } } },
      filters: { p: ['u-other'] },
      units: [
        { id: 'u-other', name: 'Memory' },
        { id: 'u-cap', name: 'max_vms' },
      ],
    });
    expect((await loadSchedulingRules(c as never, ['c1'])).maxVmsPerHost).toEqual({});
  });

  it('passes the abort signal to every read', async () => {
    const c = engine({
      groups: { c1: [group({ id: 'g', vmLabelIds: ['L'] })] },
      scheduling: { c1: { policyId: 'p', properties: {} } },
    });
    const signal = new AbortController().signal;
    await loadSchedulingRules(c as never, ['c1'], signal);
    for (const fn of [
      c.clusterAffinityGroups,
      c.clusterScheduling,
      c.affinityLabelMembers,
      c.schedulingPolicyGet,
      c.schedulingPolicyFilters,
    ])
      expect(fn.mock.calls[0]?.[1]).toEqual({ signal });
    expect(c.schedulingPolicyUnitList.mock.calls[0]?.[0]).toEqual({ signal });
    const plain = engine({});
    await loadSchedulingRules(plain as never, ['c1']);
    expect(plain.clusterAffinityGroups.mock.calls[0]?.[1]).toEqual({});
  });
});

function move(vmId: string, target: string, patch: Partial<PlannedMove> = {}): PlannedMove {
  return {
    vmId,
    vmName: vmId,
    memory: 1,
    sourceHostId: 'h1',
    targetHostId: target,
    overridden: false,
    issues: [],
    ...patch,
  };
}

describe('engineRefusals (more)', () => {
  it('asks once per leader with its closure; followers and invalid moves are not asked', async () => {
    const asked: string[][] = [];
    const refused = await engineRefusals(
      {
        moves: [
          move('a', 'h2', { closure: ['b', 'c'] }),
          move('b', 'h2', { movesWith: 'a' }),
          move('c', 'h2', { movesWith: 'a' }),
          move('d', 'h3', { issues: ['target_not_up'] }),
          move('e', 'h3'),
        ],
      },
      (ids) => {
        asked.push([...ids]);
        return Promise.resolve(ids[0] === 'a' ? [{ id: 'h3' }] : [{ id: 'h3' }]);
      },
    );
    expect(asked).toEqual([['a', 'b', 'c'], ['e']]);
    // The whole unit is refused the destination.
    expect(refused).toEqual({ a: ['h2'], b: ['h2'], c: ['h2'] });
  });

  it('asks at most `concurrency` at a time, four by default', async () => {
    let inFlight = 0;
    let most = 0;
    const targetsOf = async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      return [];
    };
    const moves = Array.from({ length: 9 }, (_, i) => move(`v${i}`, 'h2'));
    await engineRefusals({ moves }, targetsOf);
    expect(most).toBe(4);
    most = 0;
    await engineRefusals({ moves }, targetsOf, { concurrency: 2 });
    expect(most).toBe(2);
  });

  it('stops asking once aborted', async () => {
    const targetsOf = vi.fn(() => Promise.resolve([]));
    const moves = Array.from({ length: 5 }, (_, i) => move(`v${i}`, 'h2'));
    expect(await engineRefusals({ moves }, targetsOf, { aborted: () => true })).toEqual({});
    expect(targetsOf).not.toHaveBeenCalled();
  });
});

describe('planCheckedWithEngine (more)', () => {
  const GiB = 2 ** 30;
  const input: EvacuationInput = {
    evacuate: ['h1'],
    hosts: ['h1', 'h2', 'h3'].map((id, i) => ({
      id,
      name: id,
      clusterId: 'c1',
      status: 'up',
      memory: 32 * GiB,
      freeMemory: (20 - i) * GiB,
    })),
    vms: [{ id: 'a', name: 'a', hostId: 'h1', status: 'up', memory: GiB }],
    rules: { groups: [], maxVmsPerHost: { c1: 10 } },
  };

  it('stops re-planning when the admin cancels', async () => {
    const targetsOf = vi.fn(() => Promise.resolve([]));
    const plan = await planCheckedWithEngine(input, targetsOf, {
      aborted: vi.fn().mockReturnValueOnce(false).mockReturnValue(true),
    });
    expect(targetsOf).toHaveBeenCalledTimes(1);
    // The refusal seen before the cancel is not planned around: the first plan stays.
    expect(plan.moves.map((m) => m.targetHostId)).toEqual(['h2']);
  });

  it('re-plans around a refusal and keeps earlier refusals in later rounds', async () => {
    const offered: Record<string, string[]> = { a: ['h3'] };
    const targetsOf = vi.fn((ids: readonly string[]) =>
      Promise.resolve((offered[ids[0] ?? ''] ?? []).map((id) => ({ id }))),
    );
    const plan = await planCheckedWithEngine(input, targetsOf);
    expect(plan.moves.map((m) => m.targetHostId)).toEqual(['h3']);
    expect(targetsOf).toHaveBeenCalledTimes(2);
  });
});
