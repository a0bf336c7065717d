/**
 * Which VMs the engine moves with a migration sent with the affinity closure: what the
 * confirmation lists and what the runner tracks, so none is sent on its own as well.
 */
import { describe, expect, it } from 'vitest';
import { closureFollowers, type ClosureVm } from './affinityClosure';
import type { PlannerAffinityGroup } from './schedulingRules';

const group = (
  name: string,
  vmIds: string[],
  vmsRule: PlannerAffinityGroup['vmsRule'] | null = { positive: true, enforcing: true },
): PlannerAffinityGroup => ({
  id: name,
  name,
  clusterId: 'c1',
  ...(vmsRule ? { vmsRule } : {}),
  vmIds,
  hostIds: [],
});

const vm = (id: string, status = 'up', hostId = 'h1', name = `vm-${id}`): ClosureVm => ({
  id,
  name,
  status,
  hostId,
});
const byId = (...list: ClosureVm[]) => new Map(list.map((v) => [v.id, v]));

describe('closureFollowers (more)', () => {
  it('reaches through a member that is not running, without moving it', () => {
    const out = closureFollowers(
      ['a'],
      [group('first', ['a', 'b']), group('second', ['b', 'c'])],
      byId(vm('a'), vm('b', 'down'), vm('c')),
    );
    expect(out.get('a')).toEqual([{ ...vm('c'), group: 'second' }]);
  });

  it('reaches through a member it does not know, and one on another host', () => {
    const out = closureFollowers(
      ['a'],
      [
        group('g1', ['a', 'ghost']),
        group('g2', ['ghost', 'b']),
        group('g3', ['a', 'far']),
        group('g4', ['far', 'c']),
      ],
      byId(vm('a'), vm('b'), vm('far', 'up', 'h2'), vm('c')),
    );
    expect(out.get('a')?.map((f) => [f.id, f.group])).toEqual([
      ['b', 'g2'],
      ['c', 'g4'],
    ]);
  });

  it.each(['down', 'suspended', 'image_locked'])('does not move a %s member', (status) => {
    expect(
      closureFollowers(['a'], [group('g', ['a', 'b'])], byId(vm('a'), vm('b', status))).size,
    ).toBe(0);
  });

  it.each(['migrating', 'powering_up', 'paused'])(
    'moves a %s member that runs beside it',
    (status) => {
      expect(
        closureFollowers(['a'], [group('g', ['a', 'b'])], byId(vm('a'), vm('b', status))).get('a'),
      ).toHaveLength(1);
    },
  );

  it('ignores groups without an enforcing positive VM rule', () => {
    const out = closureFollowers(
      ['a'],
      [
        group('hosts-only', ['a', 'b'], null),
        group('soft', ['a', 'c'], { positive: true, enforcing: false }),
        group('apart', ['a', 'd'], { positive: false, enforcing: true }),
      ],
      byId(vm('a'), vm('b'), vm('c'), vm('d')),
    );
    expect(out.size).toBe(0);
  });

  it('leads nothing from a selected VM it does not know, even one in a group', () => {
    expect(closureFollowers(['ghost'], [group('g', ['ghost', 'b'])], byId(vm('b'))).size).toBe(0);
  });

  it('lists followers by name, and skips a selected VM it does not know', () => {
    const out = closureFollowers(
      ['unknown', 'a'],
      [group('g', ['a', 'z', 'm', 'b'])],
      byId(
        vm('a'),
        vm('z', 'up', 'h1', 'alpha'),
        vm('m', 'up', 'h1', 'mike'),
        vm('b', 'up', 'h1', 'bravo'),
      ),
    );
    expect([...out.keys()]).toEqual(['a']);
    expect(out.get('a')?.map((f) => f.name)).toEqual(['alpha', 'bravo', 'mike']);
  });

  it('gives each VM to the first leader that reaches it, and never lists a leader as a follower', () => {
    const out = closureFollowers(
      ['a', 'c'],
      [group('g1', ['a', 'b']), group('g2', ['c', 'b']), group('g3', ['b', 'a'])],
      byId(vm('a'), vm('b'), vm('c')),
    );
    // c is reached through b: it moves with a, so it leads nothing.
    expect([...out.keys()]).toEqual(['a']);
    expect(out.get('a')?.map((f) => f.id)).toEqual(['b', 'c']);
  });

  it('keeps two separate closures apart', () => {
    const out = closureFollowers(
      ['a', 'c'],
      [group('g1', ['a', 'b']), group('g2', ['c', 'd'])],
      byId(vm('a'), vm('b'), vm('c', 'up', 'h2'), vm('d', 'up', 'h2')),
    );
    expect(out.get('a')?.map((f) => f.id)).toEqual(['b']);
    expect(out.get('c')?.map((f) => f.id)).toEqual(['d']);
  });
});
