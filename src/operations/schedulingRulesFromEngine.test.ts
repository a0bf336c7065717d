import { describe, expect, it, vi } from 'vitest';
import type { EvacuationInput } from './evacuationPlanner';
import {
  engineRefusals,
  hasSchedulingRules,
  loadSchedulingRules,
  newRefusals,
  planCheckedWithEngine,
  withRefusals,
} from './schedulingRulesFromEngine';
import type { SchedulingRules } from './schedulingRules';

const GiB = 2 ** 30;

const host = (id: string, free = 16 * GiB) => ({
  id,
  name: id,
  clusterId: 'c1',
  status: 'up',
  memory: 32 * GiB,
  freeMemory: free,
});

function input(rules?: SchedulingRules): EvacuationInput {
  return {
    evacuate: ['h1'],
    // h2 has the most free memory: the planner's first choice.
    hosts: [host('h1'), host('h2', 20 * GiB), host('h3', 12 * GiB)],
    vms: [
      { id: 'vm-a', name: 'a', hostId: 'h1', status: 'up', memory: GiB },
      { id: 'vm-b', name: 'b', hostId: 'h1', status: 'up', memory: GiB },
    ],
    ...(rules ? { rules } : {}),
  };
}

const someRules: SchedulingRules = { groups: [], maxVmsPerHost: { c1: 10 } };

describe('hasSchedulingRules', () => {
  it('is true for a group or a VM cap, false for nothing to respect', () => {
    expect(hasSchedulingRules(undefined)).toBe(false);
    expect(hasSchedulingRules({ groups: [] })).toBe(false);
    expect(hasSchedulingRules({ groups: [], maxVmsPerHost: {} })).toBe(false);
    expect(hasSchedulingRules(someRules)).toBe(true);
    expect(
      hasSchedulingRules({
        groups: [{ id: 'g', name: 'g', clusterId: 'c1', vmIds: [], hostIds: [] }],
      }),
    ).toBe(true);
  });
});

describe('engineRefusals', () => {
  it('asks once per unit and returns the destinations the engine did not offer', async () => {
    const plan = await planCheckedWithEngine(input(), () => Promise.resolve([]));
    const asked: string[][] = [];
    const refused = await engineRefusals(plan, (ids) => {
      asked.push([...ids]);
      // The engine offers h3 only.
      return Promise.resolve([{ id: 'h3' }]);
    });
    expect(asked.map((a) => a.join()).sort()).toEqual(['vm-a', 'vm-b']);
    const planned = Object.fromEntries(plan.moves.map((m) => [m.vmId, m.targetHostId]));
    for (const vm of ['vm-a', 'vm-b'])
      expect(refused[vm] ?? []).toEqual(planned[vm] === 'h3' ? [] : [planned[vm]]);
  });

  it('refuses nothing when the engine cannot be asked (it still validates each send)', async () => {
    const plan = await planCheckedWithEngine(input(), () => Promise.resolve([]));
    const refused = await engineRefusals(plan, () => Promise.reject(new Error('503')));
    expect(refused).toEqual({});
  });
});

describe('planCheckedWithEngine', () => {
  it('does not ask the engine when there are no rules', async () => {
    const targetsOf = vi.fn(() => Promise.resolve([{ id: 'h2' }]));
    const plan = await planCheckedWithEngine(input(), targetsOf);
    expect(targetsOf).not.toHaveBeenCalled();
    expect(plan.moves).toHaveLength(2);
  });

  it('re-plans around what the engine refuses until it accepts every destination', async () => {
    // The engine offers only h3, although h2 has more free memory.
    const targetsOf = vi.fn(() => Promise.resolve([{ id: 'h3' }]));
    const plan = await planCheckedWithEngine(input(someRules), targetsOf);
    expect(plan.blockers).toEqual([]);
    expect(plan.moves.map((m) => m.targetHostId)).toEqual(['h3', 'h3']);
    expect(plan.valid).toBe(true);
  });

  it('makes a VM no host is offered for a blocker instead of planning a refused move', async () => {
    const plan = await planCheckedWithEngine(input(someRules), (ids) =>
      Promise.resolve(ids.includes('vm-b') ? [] : [{ id: 'h2' }, { id: 'h3' }]),
    );
    expect(plan.blockers.map((b) => b.vmId)).toEqual(['vm-b']);
    expect(plan.moves.map((m) => m.vmId)).toEqual(['vm-a']);
  });

  it('stops after the given number of rounds', async () => {
    // An engine that offers nothing: each round refuses every planned destination.
    const targetsOf = vi.fn(() => Promise.resolve([]));
    const plan = await planCheckedWithEngine(input(someRules), targetsOf, { rounds: 1 });
    // One round: both VMs asked once, then re-planned once around h2 and not asked again.
    expect(targetsOf).toHaveBeenCalledTimes(2);
    expect(plan.moves.map((m) => m.targetHostId)).toEqual(['h3', 'h3']);
    // With enough rounds every destination is refused and both VMs become blockers.
    const settled = await planCheckedWithEngine(input(someRules), () => Promise.resolve([]));
    expect(settled.moves).toEqual([]);
    expect(settled.blockers.map((x) => x.vmId).sort()).toEqual(['vm-a', 'vm-b']);
  });
});

describe('loadSchedulingRules', () => {
  function client(overrides: Record<string, unknown> = {}) {
    return {
      clusterAffinityGroups: vi.fn(() =>
        Promise.resolve([
          {
            id: 'g1',
            name: 'db-pair',
            vmsRule: { enabled: true, positive: true, enforcing: true },
            hostsRule: { enabled: false, positive: false, enforcing: false },
            vmIds: ['vm-a'],
            hostIds: [],
            vmLabelIds: ['l1'],
            hostLabelIds: ['l2'],
          },
        ]),
      ),
      clusterScheduling: vi.fn(() =>
        Promise.resolve({ policyId: 'p1', properties: { maximum_vm_count: '3' } }),
      ),
      affinityLabelMembers: vi.fn((id: string) =>
        Promise.resolve(
          id === 'l1' ? { vmIds: ['vm-b', 'vm-a'], hostIds: [] } : { vmIds: [], hostIds: ['h9'] },
        ),
      ),
      schedulingPolicyGet: vi.fn(() =>
        Promise.resolve({ id: 'p1', name: 'vm_cap', properties: { maximum_vm_count: '8' } }),
      ),
      schedulingPolicyFilters: vi.fn(() => Promise.resolve(['u-cap'])),
      schedulingPolicyUnitList: vi.fn(() => Promise.resolve([{ id: 'u-cap', name: 'max_vms' }])),
      ...overrides,
    };
  }

  it('flattens labels into their groups and reads the cluster’s own VM cap first', async () => {
    const c = client();
    const rules = await loadSchedulingRules(c as never, ['c1']);
    expect(rules.groups).toEqual([
      {
        id: 'g1',
        name: 'db-pair',
        clusterId: 'c1',
        vmsRule: { positive: true, enforcing: true },
        vmIds: ['vm-a', 'vm-b'],
        hostIds: ['h9'],
      },
    ]);
    expect(rules.maxVmsPerHost).toEqual({ c1: 3 });
    expect(rules.policyNames).toEqual({ c1: 'vm_cap' });
  });

  it('has no cap when the policy lacks the filter, or the value is not a count', async () => {
    const noFilter = client({ schedulingPolicyFilters: vi.fn(() => Promise.resolve([])) });
    expect((await loadSchedulingRules(noFilter as never, ['c1'])).maxVmsPerHost).toEqual({});
    const bad = client({
      clusterScheduling: vi.fn(() =>
        Promise.resolve({ policyId: 'p1', properties: { maximum_vm_count: 'lots' } }),
      ),
    });
    expect((await loadSchedulingRules(bad as never, ['c1'])).maxVmsPerHost).toEqual({});
  });

  it('reads the hosted-engine reserve (HeSparesCount), the cluster’s value first', async () => {
    const c = client({
      clusterScheduling: vi.fn(() =>
        Promise.resolve({ policyId: 'p1', properties: { HeSparesCount: '2' } }),
      ),
    });
    const rules = await loadSchedulingRules(c as never, ['c1']);
    expect(rules.heSparesCount).toEqual({ c1: 2 });
    expect(hasSchedulingRules({ groups: [], heSparesCount: { c1: 2 } })).toBe(true);
    const zero = client({
      clusterScheduling: vi.fn(() =>
        Promise.resolve({ policyId: 'p1', properties: { HeSparesCount: '0' } }),
      ),
    });
    expect((await loadSchedulingRules(zero as never, ['c1'])).heSparesCount).toEqual({});
  });

  it('falls back to the policy’s value when the cluster sets none', async () => {
    const c = client({
      clusterScheduling: vi.fn(() => Promise.resolve({ policyId: 'p1', properties: {} })),
    });
    expect((await loadSchedulingRules(c as never, ['c1'])).maxVmsPerHost).toEqual({ c1: 8 });
  });
});

describe('newRefusals / withRefusals', () => {
  it('keeps only what is not known yet, and adds it per VM', () => {
    const known = { a: ['h1'] };
    const fresh = newRefusals({ a: ['h1', 'h2'], b: ['h1'], c: [] }, known);
    expect(fresh).toEqual({ a: ['h2'], b: ['h1'] });
    expect(newRefusals({ a: ['h1'] }, known)).toEqual({});
    expect(withRefusals(known, fresh)).toEqual({ a: ['h1', 'h2'], b: ['h1'] });
    // The known refusals are not changed in place (React state).
    expect(known).toEqual({ a: ['h1'] });
  });
});
