/**
 * The scheduler's hard and soft rules one function at a time, as the evacuation and balance
 * planners rely on them: which VMs must travel together, which hosts a rule leaves (and which
 * rule, named so the admin recognises it, leaves none), what breaks enforcing affinity, and how
 * soft rules weigh hosts. A wrong answer here is a plan the engine refuses, or a pair split.
 */
import { describe, expect, it } from 'vitest';
import {
  affinityIssues,
  buildRuleIndex,
  filterByRules,
  movePlaced,
  placementOf,
  softScores,
  unitsOf,
  type PlannerAffinityGroup,
  type RuleVm,
  type SchedulingRules,
} from './schedulingRules';

const HARD_POS = { positive: true, enforcing: true };
const HARD_NEG = { positive: false, enforcing: true };
const SOFT_POS = { positive: true, enforcing: false };
const SOFT_NEG = { positive: false, enforcing: false };

function group(
  id: string,
  vmIds: string[],
  rules: Partial<Pick<PlannerAffinityGroup, 'vmsRule' | 'hostsRule'>>,
  hostIds: string[] = [],
): PlannerAffinityGroup {
  return { id, name: `g-${id}`, clusterId: 'c1', vmIds, hostIds, ...rules };
}

const vm = (id: string, hostId?: string, running = hostId !== undefined): RuleVm => ({
  id,
  name: `vm-${id}`,
  running,
  ...(hostId !== undefined ? { hostId } : {}),
});

const H = (...ids: string[]) => ids.map((id) => ({ id }));

function setup(
  groups: PlannerAffinityGroup[],
  vms: RuleVm[],
  extra: Partial<SchedulingRules> = {},
) {
  const index = buildRuleIndex({ groups, ...extra }, vms);
  return { index, placement: placementOf(vms) };
}

describe('rule index and placement', () => {
  it('indexes groups per VM in id order, each VM once per group, hosts per group, names', () => {
    const groups = [
      group('b', ['v1'], { vmsRule: HARD_POS }, ['h2']),
      group('a', ['v1', 'v1', 'v2'], { vmsRule: HARD_NEG }, ['h1']),
      group('c', ['v1'], { vmsRule: SOFT_POS }),
    ];
    const index = buildRuleIndex({ groups }, [vm('v1', 'h1'), vm('v2')]);
    expect(index.groupsByVm.get('v1')?.map((g) => g.id)).toEqual(['a', 'b', 'c']);
    expect(index.groupsByVm.get('v2')?.map((g) => g.id)).toEqual(['a']);
    expect([...(index.hostSets.get('a') ?? [])]).toEqual(['h1']);
    expect([...(index.hostSets.get('b') ?? [])]).toEqual(['h2']);
    expect(index.vmName.get('v2')).toBe('vm-v2');
    // Two groups with the same id keep the engine's order between them (a stable sort).
    const same = buildRuleIndex(
      { groups: [group('x', ['v1'], {}, ['h1']), group('x', ['v1'], {}, ['h2'])] },
      [],
    );
    expect(same.groupsByVm.get('v1')?.map((g) => g.hostIds[0])).toEqual(['h1', 'h2']);
  });

  it('places running VMs only and counts them per host', () => {
    const p = placementOf([vm('v1', 'h1'), vm('v2', 'h1'), vm('v3', 'h2'), vm('v4', 'h2', false)]);
    expect(Object.fromEntries(p.location)).toEqual({ v1: 'h1', v2: 'h1', v3: 'h2' });
    expect(Object.fromEntries(p.count)).toEqual({ h1: 2, h2: 1 });
    expect(placementOf([{ id: 'v5', name: 'v5', running: true }]).location.size).toBe(0);
  });

  it('moves a placed VM: one less on its host, one more on the target', () => {
    const p = placementOf([vm('v1', 'h1'), vm('v2', 'h1')]);
    movePlaced(p, 'v1', 'h2');
    expect(Object.fromEntries(p.count)).toEqual({ h1: 1, h2: 1 });
    expect(p.location.get('v1')).toBe('h2');
    movePlaced(p, 'v1', 'h2');
    expect(Object.fromEntries(p.count)).toEqual({ h1: 1, h2: 1 });
    // A VM not placed yet (starting elsewhere) only adds to its target.
    movePlaced(p, 'v9', 'h2');
    expect(Object.fromEntries(p.count)).toEqual({ h1: 1, h2: 2 });
    // A source with no count left is not driven below zero by a missing entry.
    const q = { location: new Map([['v1', 'h1']]), count: new Map<string, number>() };
    movePlaced(q, 'v1', 'h3');
    expect(Object.fromEntries(q.count)).toEqual({ h1: 0, h3: 1 });
  });
});

describe('units that move together', () => {
  const movable = [{ id: 'v1' }, { id: 'v2' }, { id: 'v3' }, { id: 'v4' }, { id: 'v5' }];

  it('joins VMs by enforcing positive VM affinity, transitively, in first-member order', () => {
    const { index } = setup(
      [
        group('a', ['v4', 'v2'], { vmsRule: HARD_POS }),
        group('b', ['v2', 'v5', 'v9'], { vmsRule: HARD_POS }),
        group('c', ['v1', 'v3'], { vmsRule: HARD_NEG }),
        group('d', ['v1', 'v3'], { vmsRule: SOFT_POS }),
        group('e', ['v1', 'v3'], { hostsRule: HARD_POS }),
      ],
      [],
    );
    const units = unitsOf(index, movable).map((u) => u.map((v) => v.id));
    expect(units).toEqual([['v1'], ['v2', 'v4', 'v5'], ['v3']]);
  });

  it('chains of groups end in one unit, whichever order they are met in', () => {
    const { index } = setup(
      [
        group('a', ['v5', 'v4'], { vmsRule: HARD_POS }),
        group('b', ['v4', 'v3'], { vmsRule: HARD_POS }),
        group('c', ['v3', 'v2'], { vmsRule: HARD_POS }),
        group('d', ['v2', 'v1'], { vmsRule: HARD_POS }),
      ],
      [],
    );
    expect(unitsOf(index, movable).map((u) => u.map((v) => v.id))).toEqual([
      ['v1', 'v2', 'v3', 'v4', 'v5'],
    ]);
    expect(unitsOf(index, [])).toEqual([]);
  });
});

describe('enforcing affinity a move breaks', () => {
  it('positive VM rule: only where a placed partner is', () => {
    const { index, placement } = setup(
      [group('a', ['v1', 'v2', 'v3'], { vmsRule: HARD_POS })],
      [vm('v1', 'h1'), vm('v2', 'h2'), vm('v3')],
    );
    expect(affinityIssues(index, placement, 'v3', 'h1')).toEqual([]);
    expect(affinityIssues(index, placement, 'v3', 'h2')).toEqual([]);
    expect(affinityIssues(index, placement, 'v3', 'h3')).toEqual(['affinity_positive']);
    // The VM's own place does not count as a partner's.
    expect(affinityIssues(index, placement, 'v1', 'h3')).toEqual(['affinity_positive']);
    const alone = setup([group('a', ['v1', 'v2'], { vmsRule: HARD_POS })], [vm('v1', 'h1')]);
    expect(affinityIssues(alone.index, alone.placement, 'v1', 'h9')).toEqual([]);
  });

  it('negative VM rule: never where a partner is; soft rules never break', () => {
    const { index, placement } = setup(
      [
        group('a', ['v1', 'v2'], { vmsRule: HARD_NEG }),
        group('b', ['v1', 'v3'], { vmsRule: SOFT_POS }),
      ],
      [vm('v1', 'h1'), vm('v2', 'h2'), vm('v3', 'h3')],
    );
    expect(affinityIssues(index, placement, 'v1', 'h2')).toEqual(['affinity_negative']);
    expect(affinityIssues(index, placement, 'v1', 'h1')).toEqual([]);
    expect(affinityIssues(index, placement, 'v1', 'h4')).toEqual([]);
  });

  it('VM-to-host rule: inside a positive group, outside a negative one; each issue once', () => {
    const { index, placement } = setup(
      [
        group('a', ['v1'], { hostsRule: HARD_POS }, ['h1', 'h2']),
        group('b', ['v1'], { hostsRule: HARD_POS }, ['h1']),
        group('c', ['v2'], { hostsRule: HARD_NEG }, ['h1']),
        group('d', ['v2'], { hostsRule: SOFT_NEG }, ['h2']),
      ],
      [],
    );
    expect(affinityIssues(index, placement, 'v1', 'h1')).toEqual([]);
    expect(affinityIssues(index, placement, 'v1', 'h2')).toEqual(['affinity_host']);
    expect(affinityIssues(index, placement, 'v1', 'h3')).toEqual(['affinity_host']);
    expect(affinityIssues(index, placement, 'v2', 'h1')).toEqual(['affinity_host']);
    expect(affinityIssues(index, placement, 'v2', 'h2')).toEqual([]);
    expect(affinityIssues(index, placement, 'v9', 'h1')).toEqual([]);
  });

  it('lists every kind a move breaks at once', () => {
    const { index, placement } = setup(
      [
        group('a', ['v1', 'v2'], { vmsRule: HARD_POS, hostsRule: HARD_POS }, ['h2']),
        group('b', ['v1', 'v3'], { vmsRule: HARD_NEG }),
      ],
      [vm('v2', 'h2'), vm('v3', 'h3')],
    );
    expect(affinityIssues(index, placement, 'v1', 'h3')).toEqual([
      'affinity_positive',
      'affinity_host',
      'affinity_negative',
    ]);
  });
});

describe('hard rules filtering the candidate hosts', () => {
  const hosts = H('h1', 'h2', 'h3', 'h4');

  it('a negative rule between members of one unit can never be met', () => {
    const { index, placement } = setup(
      [
        group('a', ['v1', 'v2'], { vmsRule: HARD_POS }),
        group('n', ['v2', 'v1', 'v9'], { vmsRule: HARD_NEG }),
      ],
      [vm('v1'), vm('v2'), vm('v9', 'h1')],
    );
    expect(filterByRules(index, [{ id: 'v1' }, { id: 'v2' }], 'c1', hosts, placement)).toEqual({
      blocked: { kind: 'affinity_conflict', group: 'g-n', others: ['vm-v1', 'vm-v2'] },
    });
    // One member alone only avoids the partner's host.
    expect(filterByRules(index, [{ id: 'v2' }], 'c1', hosts, placement)).toEqual({
      hosts: H('h2', 'h3', 'h4'),
    });
  });

  it('a positive VM rule keeps the hosts of the partners outside the unit, group by group', () => {
    const { index, placement } = setup(
      [
        group('a', ['v1', 'v2', 'v3'], { vmsRule: HARD_POS }),
        group('b', ['v1', 'v4'], { vmsRule: HARD_POS }),
        group('s', ['v1', 'v5'], { vmsRule: SOFT_POS }),
      ],
      [vm('v1', 'h1'), vm('v2', 'h2'), vm('v3', 'h3'), vm('v4', 'h3'), vm('v5', 'h4')],
    );
    expect(filterByRules(index, [{ id: 'v1' }], 'c1', hosts, placement)).toEqual({
      hosts: H('h3'),
    });
    // Partners split between hosts no group shares: blocked, naming the group and the partners.
    const split = setup(
      [
        group('a', ['v1', 'v2', 'v2b'], { vmsRule: HARD_POS }),
        group('b', ['v1', 'v4', 'v4b'], { vmsRule: HARD_POS }),
      ],
      [vm('v1', 'h1'), vm('v2', 'h2'), vm('v2b', 'h2'), vm('v4', 'h3'), vm('v4b', 'h3')],
    );
    expect(filterByRules(split.index, [{ id: 'v1' }], 'c1', hosts, split.placement)).toEqual({
      blocked: { kind: 'vm_positive', group: 'g-b', others: ['vm-v4', 'vm-v4b'] },
    });
    // No partner placed: no constraint.
    const none = setup([group('a', ['v1', 'v2'], { vmsRule: HARD_POS })], [vm('v1'), vm('v2')]);
    expect(filterByRules(none.index, [{ id: 'v1' }], 'c1', hosts, none.placement)).toEqual({
      hosts,
    });
  });

  it('the partners of a positive rule blocked by name, once each, sorted', () => {
    const { index, placement } = setup(
      [group('a', ['v1', 'v3', 'v2'], { vmsRule: HARD_POS })],
      [vm('v1', 'h1'), vm('v2', 'h9'), vm('v3', 'h9')],
    );
    const vmName = new Map(index.vmName);
    vmName.set('v3', 'vm-v2');
    expect(filterByRules({ ...index, vmName }, [{ id: 'v1' }], 'c1', hosts, placement)).toEqual({
      blocked: { kind: 'vm_positive', group: 'g-a', others: ['vm-v2'] },
    });
  });

  it('a negative VM rule removes the hosts of partners; blocked names the partners in the way', () => {
    const { index, placement } = setup(
      [
        group('n', ['v1', 'v3', 'v2', 'v5'], { vmsRule: HARD_NEG }),
        group('s', ['v1', 'v4'], { vmsRule: SOFT_NEG }),
      ],
      [vm('v1', 'h1'), vm('v2', 'h2'), vm('v3', 'h2'), vm('v4', 'h3'), vm('v5', 'h9')],
    );
    // Its own host stays (it is in the unit); a soft adversary's host stays too.
    expect(filterByRules(index, [{ id: 'v1' }], 'c1', hosts, placement)).toEqual({
      hosts: H('h1', 'h3', 'h4'),
    });
    expect(filterByRules(index, [{ id: 'v1' }], 'c1', H('h2'), placement)).toEqual({
      blocked: { kind: 'vm_negative', group: 'g-n', others: ['vm-v2', 'vm-v3'] },
    });
    // Nothing to start with is not the negative rule's fault.
    expect(filterByRules(index, [{ id: 'v1' }], 'c1', [], placement)).toEqual({ hosts: [] });
  });

  it('VM-to-host rules: inside the positive group, outside the negative one', () => {
    const { index, placement } = setup(
      [
        group('p', ['v1'], { hostsRule: HARD_POS }, ['h1', 'h2', 'h3']),
        group('q', ['v1'], { hostsRule: HARD_NEG }, ['h2']),
        group('s', ['v1'], { hostsRule: SOFT_NEG }, ['h3']),
      ],
      [vm('v1', 'h4')],
    );
    expect(filterByRules(index, [{ id: 'v1' }], 'c1', hosts, placement)).toEqual({
      hosts: H('h1', 'h3'),
    });
    expect(filterByRules(index, [{ id: 'v1' }], 'c1', H('h4'), placement)).toEqual({
      blocked: { kind: 'vm_host', group: 'g-p', positive: true },
    });
    expect(filterByRules(index, [{ id: 'v1' }], 'c1', H('h2'), placement)).toEqual({
      blocked: { kind: 'vm_host', group: 'g-q', positive: false },
    });
  });

  it("the cluster's cap counts the VMs there and the whole unit", () => {
    const vms = [vm('v1'), vm('v2'), vm('a', 'h1'), vm('b', 'h1'), vm('c', 'h2')];
    const rules = { maxVmsPerHost: { c1: 3 }, policyNames: { c1: 'evenly_distributed_capped' } };
    const { index, placement } = setup([], vms, rules);
    const unit = [{ id: 'v1' }, { id: 'v2' }];
    expect(filterByRules(index, unit, 'c1', H('h1', 'h2', 'h3'), placement)).toEqual({
      hosts: H('h2', 'h3'),
    });
    expect(filterByRules(index, [{ id: 'v1' }], 'c1', H('h1'), placement)).toEqual({
      hosts: H('h1'),
    });
    expect(filterByRules(index, unit, 'c1', H('h1'), placement)).toEqual({
      blocked: { kind: 'vm_cap', cap: 3, policy: 'evenly_distributed_capped' },
    });
    // Another cluster has no cap; a cap without a policy name still blocks.
    expect(filterByRules(index, unit, 'c2', H('h1'), placement)).toEqual({ hosts: H('h1') });
    const bare = setup([], vms, { maxVmsPerHost: { c1: 0 } });
    expect(filterByRules(bare.index, [{ id: 'v1' }], 'c1', H('h3'), bare.placement)).toEqual({
      blocked: { kind: 'vm_cap', cap: 0 },
    });
  });
});

describe('soft rules as weights', () => {
  it('a soft partner adds one to its host, a soft adversary takes one; hard rules weigh nothing', () => {
    const { index, placement } = setup(
      [
        group('p', ['v1', 'v2', 'v3'], { vmsRule: SOFT_POS }),
        group('n', ['v1', 'v4'], { vmsRule: SOFT_NEG }),
        group('h', ['v1', 'v2'], { vmsRule: HARD_POS }),
        group('hp', ['v1'], { hostsRule: SOFT_POS }, ['h5', 'h2']),
        group('hn', ['v1'], { hostsRule: SOFT_NEG }, ['h6']),
        group('hh', ['v1'], { hostsRule: HARD_POS }, ['h7']),
      ],
      [vm('v1', 'h1'), vm('v2', 'h2'), vm('v3', 'h2'), vm('v4', 'h4')],
    );
    expect(Object.fromEntries(softScores(index, [{ id: 'v1' }], placement))).toEqual({
      h2: 3,
      h4: -1,
      h5: 1,
      h6: -1,
    });
  });

  it('members of the unit do not weigh for each other; unplaced partners weigh nothing', () => {
    const { index, placement } = setup(
      [group('p', ['v1', 'v2', 'v3'], { vmsRule: SOFT_POS })],
      [vm('v1', 'h1'), vm('v2', 'h2'), vm('v3')],
    );
    expect(Object.fromEntries(softScores(index, [{ id: 'v1' }, { id: 'v2' }], placement))).toEqual(
      {},
    );
    expect(Object.fromEntries(softScores(index, [{ id: 'v1' }], placement))).toEqual({ h2: 1 });
  });
});
