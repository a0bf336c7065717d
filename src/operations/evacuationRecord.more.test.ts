/**
 * More tests of the evacuation record, written against the mutants StrykerJS left alive in
 * evacuationRecord.ts: what the record and its meta say before anything is sent (the runner and
 * a resumed page act on exactly this), and the words for each blocker.
 */
import { describe, expect, it } from 'vitest';
import { createOperationsStore } from './operationsStore';
import { blockerText, createEvacuation } from './evacuationRecord';
import { readEvacuationMeta, type HostsTranslate, type StorageLike } from './evacuationRunner';
import type { EvacuationBlocker, EvacuationPlan, PlannedMove } from './evacuationPlanner';

const t: HostsTranslate = (key, params) => (params ? `${key} ${JSON.stringify(params)}` : key);

function memoryStorage(): StorageLike {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => {
      map.set(k, v);
    },
    removeItem: (k) => {
      map.delete(k);
    },
  };
}

const blocker = (extra: Partial<EvacuationBlocker>): EvacuationBlocker => ({
  vmId: 'b',
  vmName: 'db-1',
  memory: 4096,
  sourceHostId: 'src',
  reason: 'pinned',
  ...extra,
});

const move = (vmId: string, extra: Partial<PlannedMove> = {}): PlannedMove => ({
  vmId,
  vmName: `vm-${vmId}`,
  memory: 1,
  sourceHostId: 'src',
  targetHostId: 't1',
  overridden: false,
  issues: [],
  ...extra,
});

describe('blockerText', () => {
  it('names each reason, with the status of a busy VM and the memory asked for', () => {
    expect(blockerText(t, blocker({ reason: 'pinned' }), '4 GiB')).toBe('hosts.evac.reason.pinned');
    expect(blockerText(t, blocker({ reason: 'non_migratable' }), '')).toBe(
      'hosts.evac.reason.non_migratable',
    );
    expect(blockerText(t, blocker({ reason: 'no_up_host' }), '')).toBe(
      'hosts.evac.reason.no_up_host',
    );
    expect(blockerText(t, blocker({ reason: 'busy', status: 'migrating' }), '')).toBe(
      'hosts.evac.reason.busy {"status":"vms.status.migrating"}',
    );
    expect(blockerText(t, blocker({ reason: 'busy' }), '')).toBe(
      'hosts.evac.reason.busy {"status":"vms.status.unknown"}',
    );
    expect(blockerText(t, blocker({ reason: 'no_capacity' }), '4 GiB')).toBe(
      'hosts.evac.reason.no_capacity {"memory":"4 GiB"}',
    );
  });

  it('names the scheduling rule that leaves no host, in its own words', () => {
    const rule = (r: NonNullable<EvacuationBlocker['rule']>) =>
      blockerText(t, blocker({ reason: 'rule', rule: r }), '');
    expect(rule({ kind: 'vm_positive', group: 'g', others: ['x', 'y'] })).toBe(
      'hosts.evac.rule.vm_positive {"group":"g","name":"db-1","others":"x, y"}',
    );
    expect(rule({ kind: 'vm_negative', group: 'g', others: ['x'] })).toBe(
      'hosts.evac.rule.vm_negative {"group":"g","name":"db-1","others":"x"}',
    );
    expect(rule({ kind: 'vm_host', group: 'g', positive: true })).toBe(
      'hosts.evac.rule.vm_host_positive {"group":"g","name":"db-1"}',
    );
    expect(rule({ kind: 'vm_host', group: 'g', positive: false })).toBe(
      'hosts.evac.rule.vm_host_negative {"group":"g","name":"db-1"}',
    );
    expect(rule({ kind: 'vm_cap', cap: 8, policy: 'evenly' })).toBe(
      'hosts.evac.rule.vm_cap {"cap":8,"policy":"evenly"}',
    );
    expect(rule({ kind: 'vm_cap' })).toBe('hosts.evac.rule.vm_cap {"cap":0,"policy":""}');
    expect(rule({ kind: 'affinity_conflict', group: 'g', others: ['x'] })).toBe(
      'hosts.evac.rule.affinity_conflict {"group":"g","others":"x"}',
    );
    expect(rule({ kind: 'affinity_conflict' })).toBe(
      'hosts.evac.rule.affinity_conflict {"group":"","others":""}',
    );
    expect(rule({ kind: 'engine', host: 'h9' })).toBe('hosts.evac.rule.engine {"host":"h9"}');
    expect(rule({ kind: 'engine' })).toBe('hosts.evac.rule.engine {"host":""}');
    expect(rule({ kind: 'he_spares', spares: 2 })).toBe('hosts.evac.rule.he_spares {"spares":2}');
    expect(rule({ kind: 'he_spares' })).toBe('hosts.evac.rule.he_spares {"spares":0}');
    expect(blockerText(t, blocker({ reason: 'rule' }), '')).toBe(
      'hosts.evac.reason.no_capacity {"memory":""}',
    );
  });

  it('adds the VMs it must move with, and the group, only when there are some', () => {
    expect(
      blockerText(
        t,
        blocker({ reason: 'pinned', together: { group: 'pair', names: ['a', 'b'] } }),
        '',
      ),
    ).toBe('hosts.evac.together {"text":"hosts.evac.reason.pinned","names":"a, b","group":"pair"}');
    expect(
      blockerText(t, blocker({ reason: 'pinned', together: { group: 'pair', names: [] } }), ''),
    ).toBe('hosts.evac.reason.pinned');
  });
});

describe('createEvacuation', () => {
  function make(
    plan: Partial<EvacuationPlan>,
    options: Parameters<typeof createEvacuation>[4] = {},
  ) {
    const storage = memoryStorage();
    const store = createOperationsStore(storage);
    const full = { moves: [], blockers: [], hosts: [], valid: true, clearableHostIds: [], ...plan };
    const id = createEvacuation(
      { store, storage, t },
      full,
      [
        { id: 'src', name: 'host-src' },
        { id: 'src2', name: 'host-src2' },
      ],
      new Map([['t1', 'host-t1']]),
      { now: 500, ...options },
    );
    return { op: store.get(id), meta: readEvacuationMeta(storage, id) };
  }

  it('a pending item per move, a skipped one per blocker, a pending one per host, in that order', () => {
    const { op } = make({
      moves: [move('v1'), move('v2', { targetHostId: 't9' })],
      blockers: [blocker({ vmId: 'b1' })],
    });
    expect(op?.items.map((i) => [i.entity, i.id, i.state, i.target])).toEqual([
      ['vm', 'v1', 'pending', 'host-t1'],
      ['vm', 'v2', 'pending', 't9'],
      ['vm', 'b1', 'skipped', undefined],
      ['host', 'src', 'pending', 'hosts.status.maintenance'],
      ['host', 'src2', 'pending', 'hosts.status.maintenance'],
    ]);
    expect(op?.items.map((i) => i.correlationId)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `${op?.correlationId}-${String(n)}`),
    );
    expect(op?.items[2]).toMatchObject({ detail: 'hosts.evac.reason.pinned', finishedAt: 500 });
    expect(op).toMatchObject({ kind: 'host-evacuate', startedAt: 500, state: 'running' });
    expect(op?.title).toBe('hosts.evac.opTitle {"names":"host-src, host-src2"}');
    expect(op?.steps?.map((s) => s.state)).toEqual(['pending', 'pending', 'pending']);
  });

  it('the blocker text gets the memory in words when the caller gives them', () => {
    const { op } = make(
      { blockers: [blocker({ reason: 'no_capacity', memory: 2048 })] },
      { memoryText: (b) => `${String(b / 1024)} KiB` },
    );
    expect(op?.items[0]?.detail).toBe('hosts.evac.reason.no_capacity {"memory":"2 KiB"}');
    const raw = make({ blockers: [blocker({ reason: 'no_capacity', memory: 2048 })] });
    expect(raw.op?.items[0]?.detail).toBe('hosts.evac.reason.no_capacity {"memory":"2048"}');
  });

  it('the meta holds sources, targets, blockers per host, force, closure and followers', () => {
    const { meta } = make({
      moves: [
        move('v1', { manualOnly: true, closure: ['v2'] }),
        move('v2', { movesWith: 'v1' }),
        move('v3', { sourceHostId: 'src2', closure: [] }),
      ],
      blockers: [
        blocker({ vmId: 'b1' }),
        blocker({ vmId: 'b2' }),
        blocker({ vmId: 'b3', sourceHostId: 'src2' }),
      ],
    });
    expect(meta).toEqual({
      sources: { v1: 'src', v2: 'src', v3: 'src2', b1: 'src', b2: 'src', b3: 'src2' },
      targets: { v1: 't1', v2: 't1', v3: 't1' },
      blocked: { src: 2, src2: 1 },
      force: { v1: true },
      closure: { v1: ['v2'] },
      movesWith: { v2: 'v1' },
    });
  });

  it('the maintenance reason is kept trimmed, and left out when blank', () => {
    expect(make({}, { reason: '  kernel  ' }).meta?.reason).toBe('kernel');
    expect(make({}, { reason: '   ' }).meta).not.toHaveProperty('reason');
    expect(make({}).meta).not.toHaveProperty('reason');
  });

  it('a rebalance gives its own title', () => {
    expect(make({}, { title: 'Rebalance prod' }).op?.title).toBe('Rebalance prod');
  });
});
