/**
 * The durable record is what "never twice" rests on: what it stores must read back exactly (an
 * item's `actionSentAt` lost on a reload means the action is sent again), a malformed record
 * must not take the others with it, and a refused write must be visible to the runner.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  OPERATIONS_STORAGE_KEY,
  FLUSH_MS,
  SIDE_KEY_PREFIXES,
  createOperationsStore,
  decodeStoredOperations,
  isItemFinished,
  settledState,
  type OperationItem,
  type OperationRecord,
} from './operationsStore';

class MemStorage {
  readonly map = new Map<string, string>();
  writes = 0;
  refuse = false;
  getItem(k: string): string | null {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    if (this.refuse) throw new Error('QuotaExceededError');
    this.writes++;
    this.map.set(k, v);
  }
}

function item(id: string, state: OperationItem['state'] = 'pending'): OperationItem {
  return { entity: 'vm', id, name: `vm-${id}`, state, correlationId: `corr-${id}` };
}

function rec(id: string, over: Partial<OperationRecord> = {}): OperationRecord {
  return {
    id,
    kind: 'vm-start',
    title: `Start ${id}`,
    correlationId: id,
    startedAt: 1000,
    state: 'running',
    items: [item('a'), item('b')],
    ...over,
  };
}

describe('what is stored reads back exactly', () => {
  it('every field of every item, after a reload', () => {
    const storage = new MemStorage();
    const full: OperationRecord = {
      id: 'op',
      kind: 'host-evacuate',
      title: 'Evacuate host-1',
      correlationId: 'op',
      startedAt: 10_000,
      finishedAt: 99_000,
      state: 'partial',
      steps: [{ name: 'Move VMs', state: 'done', detail: '2 moved' }],
      items: [
        // The default correlation id (`<op>-<n>`) and the common target are not stored per item.
        {
          entity: 'vm',
          id: 'v1',
          name: 'web',
          state: 'done',
          correlationId: 'op-1',
          target: 'host-2',
          actionSentAt: 10_500,
          finishedAt: 20_000,
          detail: 'Up on host-2',
          progress: 100,
        },
        {
          entity: 'vm',
          id: 'v2',
          name: 'db',
          state: 'failed',
          correlationId: 'custom',
          target: 'host-3',
          actionSentAt: 10_000,
          error: 'Migration failed',
        },
        {
          entity: 'host',
          id: 'h1',
          name: 'host-1',
          state: 'pending',
          correlationId: 'op-3',
          target: 'host-2',
        },
        {
          entity: 'vm',
          id: 'v3',
          name: 'cache',
          state: 'sent',
          correlationId: 'op-4',
          target: 'host-2',
          actionSentAt: 10_001,
          progress: 0,
        },
      ],
    };
    // (An item without a target, among items that share one, reads back with that target:
    // reported to the lead, not pinned here.)
    createOperationsStore(storage).create(full);
    const back = createOperationsStore(storage).get('op');
    expect(back).toEqual(full);
  });

  it('every item state survives', () => {
    const storage = new MemStorage();
    const states: OperationItem['state'][] = [
      'pending',
      'sent',
      'in_progress',
      'done',
      'failed',
      'skipped',
      'cancelled',
    ];
    const r = rec('op', { items: states.map((s) => item(s, s)) });
    createOperationsStore(storage).create(r);
    expect(
      createOperationsStore(storage)
        .get('op')
        ?.items.map((i) => i.state),
    ).toEqual(states);
  });

  it('one malformed record is dropped, the others are kept', () => {
    const good = {
      i: 'ok',
      k: 'vm-start',
      n: 'Start',
      c: 'ok',
      s: 5,
      st: 'done',
      it: [['v', 'web', 'd', 1, 2]],
    };
    const bad = [
      null,
      'text',
      { ...good, i: 7 },
      { ...good, k: undefined },
      { ...good, it: 'x' },
      { ...good, s: '5' },
      { ...good, c: null },
      { ...good, it: [['v', 'web', 'd', 1, 2], 'row'] },
      { ...good, it: [[1, 'web', 'd']] },
    ];
    const got = decodeStoredOperations(JSON.stringify([...bad, good]));
    expect(got).toEqual([
      {
        id: 'ok',
        kind: 'vm-start',
        title: 'Start',
        correlationId: 'ok',
        startedAt: 5,
        state: 'done',
        items: [
          {
            entity: 'vm',
            id: 'v',
            name: 'web',
            state: 'done',
            correlationId: 'ok-1',
            actionSentAt: 6,
            finishedAt: 7,
          },
        ],
      },
    ]);
    expect(decodeStoredOperations('{"not":"a list"}')).toEqual([]);
    expect(decodeStoredOperations('')).toEqual([]);
    expect(decodeStoredOperations(null)).toEqual([]);
  });

  it('an unknown item state reads as pending and a missing record state as running', () => {
    const got = decodeStoredOperations(
      JSON.stringify([
        { i: 'op', k: 'vm-stop', n: 'Stop', c: 'op', s: 0, it: [['v', 'web', '?', null, null]] },
      ]),
    );
    expect(got[0]?.state).toBe('running');
    expect(got[0]?.items[0]).toEqual({
      entity: 'vm',
      id: 'v',
      name: 'web',
      state: 'pending',
      correlationId: 'op-1',
    });
  });
});

describe('the overall state from the items', () => {
  const of = (...states: OperationItem['state'][]) =>
    settledState(states.map((s, i) => item(String(i), s)));
  it('running while any item moves', () => {
    expect(of('done', 'pending')).toBe('running');
    expect(of('sent')).toBe('running');
    expect(of('in_progress', 'failed')).toBe('running');
  });
  it('done, failed, cancelled, partial', () => {
    expect(of('done', 'skipped')).toBe('done');
    expect(of('skipped')).toBe('done');
    expect(of()).toBe('done');
    expect(of('failed', 'failed')).toBe('failed');
    expect(of('cancelled')).toBe('cancelled');
    // Nothing happened but failures: failed, not "partly done" (an upgrade stopped at its first
    // host; a bulk start whose other VMs were already up).
    expect(of('skipped', 'failed')).toBe('failed');
    expect(of('failed', 'cancelled')).toBe('failed');
    expect(of('skipped', 'cancelled')).toBe('cancelled');
    expect(of('done', 'failed', 'skipped')).toBe('partial');
    expect(of('done', 'cancelled')).toBe('partial');
  });
  it('finished items', () => {
    expect(
      ['done', 'failed', 'skipped', 'cancelled'].every((s) =>
        isItemFinished(item('x', s as OperationItem['state'])),
      ),
    ).toBe(true);
    expect(
      ['pending', 'sent', 'in_progress'].some((s) =>
        isItemFinished(item('x', s as OperationItem['state'])),
      ),
    ).toBe(false);
  });
});

describe('the pre-send mark', () => {
  it('marks only requested items that are pending and never sent; nothing to mark writes nothing', () => {
    const storage = new MemStorage();
    const store = createOperationsStore(storage);
    store.create(
      rec('op', {
        items: [
          item('a'),
          item('b'),
          { ...item('c'), actionSentAt: 5 },
          item('d', 'cancelled'),
          item('e'),
        ],
      }),
    );
    expect(store.markSending('op', ['a', 'c', 'd', 'zz'], 2000)).toEqual(['a']);
    const items = createOperationsStore(storage).get('op')?.items ?? [];
    expect(items.map((i) => [i.id, i.state, i.actionSentAt])).toEqual([
      ['a', 'sent', 2000],
      ['b', 'pending', undefined],
      ['c', 'pending', 5],
      ['d', 'cancelled', undefined],
      ['e', 'pending', undefined],
    ]);
    const writes = storage.writes;
    expect(store.markSending('op', ['a', 'c'], 3000)).toEqual([]);
    expect(store.markSending('nope', ['a'], 3000)).toEqual([]);
    expect(storage.writes).toBe(writes);
  });

  it('a refused mark leaves the item pending in this page too, and the store says it is not writable', () => {
    const storage = new MemStorage();
    const store = createOperationsStore(storage);
    store.create(rec('op'));
    expect(store.writable()).toBe(true);
    storage.refuse = true;
    expect(store.markSending('op', ['a'], 2000)).toBeUndefined();
    expect(store.writable()).toBe(false);
    expect(store.get('op')?.items[0]).toEqual(item('a'));
    storage.refuse = false;
    expect(store.markSending('op', ['a'], 2100)).toEqual(['a']);
    expect(store.writable()).toBe(true);
  });

  it('a mark stores the changes made before it, refused earlier, with it', () => {
    const storage = new MemStorage();
    const store = createOperationsStore(storage);
    store.create(rec('op'));
    storage.refuse = true;
    store.update('op', { title: 'Renamed' });
    expect(store.flush()).toBe(false);
    expect(store.get('op')?.title).toBe('Renamed');
    storage.refuse = false;
    expect(store.markSending('op', ['b'], 1)).toEqual(['b']);
    const back = createOperationsStore(storage).get('op');
    expect(back?.title).toBe('Renamed');
    expect(back?.items[1]?.state).toBe('sent');
  });
});

describe('writes, deferred writes and subscribers', () => {
  it('a refused write is kept in this page and stored by the next flush', () => {
    const storage = new MemStorage();
    const store = createOperationsStore(storage);
    store.create(rec('op'));
    storage.refuse = true;
    store.updateItem('op', 'a', { state: 'failed', error: 'boom' });
    expect(store.writable()).toBe(false);
    expect(store.get('op')?.items[0]?.state).toBe('failed');
    expect(createOperationsStore(storage).get('op')?.items[0]?.state).toBe('pending');
    storage.refuse = false;
    expect(store.flush()).toBe(true);
    expect(store.writable()).toBe(true);
    expect(createOperationsStore(storage).get('op')?.items[0]?.state).toBe('failed');
    // Nothing unsaved: a flush writes nothing.
    const w = storage.writes;
    expect(store.flush()).toBe(true);
    expect(storage.writes).toBe(w);
  });

  it('updates of an unknown operation change nothing', () => {
    const storage = new MemStorage();
    const store = createOperationsStore(storage);
    store.create(rec('op'));
    const w = storage.writes;
    expect(store.update('nope', { state: 'done' })).toBeUndefined();
    expect(store.updateItem('nope', 'a', { state: 'done' })).toBeUndefined();
    expect(storage.writes).toBe(w);
    expect(store.list().map((r) => r.id)).toEqual(['op']);
  });

  it('updates keep the ids: a patch cannot move a record or an item', () => {
    const store = createOperationsStore(new MemStorage());
    store.create(rec('op'));
    store.update('op', { id: 'other' } as Partial<OperationRecord>);
    store.updateItem('op', 'a', { id: 'zz', entity: 'host' } as Partial<OperationItem>);
    const r = store.get('op');
    expect(r?.id).toBe('op');
    expect(r?.items[0]).toMatchObject({ id: 'a', entity: 'vm' });
  });

  it('deferred changes are stored once per FLUSH_MS, then subscribers hear of it', () => {
    const scheduled: [() => void, number][] = [];
    const storage = new MemStorage();
    const store = createOperationsStore(storage, undefined, {
      schedule: (fn, ms) => scheduled.push([fn, ms]),
    });
    store.create(rec('op'));
    const fn = vi.fn();
    store.subscribe(fn);
    store.deferItem('op', 'a', { state: 'in_progress' });
    store.deferItem('op', 'b', { state: 'in_progress' });
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]?.[1]).toBe(FLUSH_MS);
    expect(fn).toHaveBeenCalledTimes(2);
    scheduled[0]?.[0]();
    expect(fn).toHaveBeenCalledTimes(3);
    // The next deferred change schedules a new write.
    store.deferItem('op', 'a', { state: 'done' });
    expect(scheduled).toHaveLength(2);
    // A refused deferred write does not tell subscribers it was stored.
    storage.refuse = true;
    scheduled[1]?.[0]();
    expect(fn).toHaveBeenCalledTimes(4);
    expect(store.get('op')?.items[0]?.state).toBe('done');
  });

  it('listens to other pages only while someone subscribes; a clear of the area is heard too', () => {
    const target = new EventTarget();
    const add = vi.spyOn(target, 'addEventListener');
    const remove = vi.spyOn(target, 'removeEventListener');
    const store = createOperationsStore(new MemStorage(), target as unknown as Window);
    const a = vi.fn();
    const b = vi.fn(() => {
      throw new Error('subscriber bug');
    });
    const c = vi.fn();
    const offA = store.subscribe(a);
    const offB = store.subscribe(b);
    const offC = store.subscribe(c);
    expect(add).toHaveBeenCalledTimes(1);
    const ev = (key: string | null) => Object.assign(new Event('storage'), { key });
    target.dispatchEvent(ev(null));
    expect(a).toHaveBeenCalledTimes(1);
    // A failing subscriber does not stop the others.
    expect(c).toHaveBeenCalledTimes(1);
    target.dispatchEvent(ev(OPERATIONS_STORAGE_KEY));
    expect(c).toHaveBeenCalledTimes(2);
    offA();
    offB();
    expect(remove).not.toHaveBeenCalled();
    offC();
    expect(remove).toHaveBeenCalledTimes(1);
    target.dispatchEvent(ev(null));
    expect(c).toHaveBeenCalledTimes(2);
  });
});

describe('staying within the storage budget', () => {
  it('running operations alone over the limit: the write is refused, never a running one dropped', () => {
    const storage = new MemStorage();
    const store = createOperationsStore(storage, undefined, { maxChars: 400 });
    store.create(rec('r1'));
    expect(store.writable()).toBe(true);
    const many = Array.from({ length: 20 }, (_, i) => item(`v${i}`));
    store.create(rec('r2', { items: many }));
    expect(store.writable()).toBe(false);
    expect(
      createOperationsStore(storage)
        .list()
        .map((r) => r.id),
    ).toEqual(['r1']);
  });

  it('finished operations make room for a new one, oldest first, newest kept', () => {
    const storage = new MemStorage();
    const store = createOperationsStore(storage, undefined, { maxChars: 700 });
    for (let i = 1; i <= 4; i++) store.create(rec(`f${i}`, { startedAt: i, state: 'done' }));
    store.create(rec('new', { startedAt: 10 }));
    expect(store.writable()).toBe(true);
    const ids = createOperationsStore(storage)
      .list()
      .map((r) => r.id);
    expect(ids[0]).toBe('new');
    expect(ids).toContain('f4');
    expect(ids).not.toContain('f1');
    expect((storage.getItem(OPERATIONS_STORAGE_KEY) ?? '').length).toBeLessThanOrEqual(700);
  });

  it('the 50-record cap counts running operations', () => {
    const storage = new MemStorage();
    const store = createOperationsStore(storage);
    for (let i = 0; i < 10; i++) store.create(rec(`r${i}`, { startedAt: 100 + i }));
    for (let i = 0; i < 50; i++) store.create(rec(`f${i}`, { startedAt: i, state: 'done' }));
    const ids = createOperationsStore(storage)
      .list()
      .map((r) => r.id);
    expect(ids).toHaveLength(50);
    expect(ids.filter((id) => id.startsWith('r'))).toHaveLength(10);
    expect(ids).toContain('f49');
    expect(ids).toContain('f10');
    expect(ids).not.toContain('f9');
  });

  it('a storage that cannot even be read starts empty', () => {
    const store = createOperationsStore({
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => undefined,
    });
    expect(store.list()).toEqual([]);
  });
});

describe('an item without a target next to items with one', () => {
  it('reads back without a target (not with the usual one)', () => {
    const storage = new MemStorage();
    const store = createOperationsStore(storage);
    const withTargets = rec('t', {
      items: [{ ...item('a'), target: 'host-2' }, { ...item('b'), target: 'host-2' }, item('c')],
    });
    store.create(withTargets);
    const [read] = decodeStoredOperations(storage.getItem(OPERATIONS_STORAGE_KEY));
    expect(read?.items.map((i) => i.target)).toEqual(['host-2', 'host-2', undefined]);
    expect(read?.items[2]).not.toHaveProperty('target');
  });
});

class RemovableStorage extends MemStorage {
  removeItem(k: string): void {
    this.map.delete(k);
  }
}

describe('what a record leaves behind', () => {
  const sideKeys = (storage: MemStorage, id: string): string[] =>
    SIDE_KEY_PREFIXES.map((p) => p + id).filter((k) => storage.map.has(k));

  it('a dismissed operation takes its meta, lease and marks with it; others keep theirs', () => {
    const storage = new RemovableStorage();
    const store = createOperationsStore(storage);
    store.create(rec('done', { state: 'done' }));
    store.create(rec('run'));
    for (const p of SIDE_KEY_PREFIXES) {
      storage.setItem(p + 'done', '{}');
      storage.setItem(p + 'run', '{}');
    }
    store.remove('done');
    expect(store.list().map((r) => r.id)).toEqual(['run']);
    expect(sideKeys(storage, 'done')).toEqual([]);
    expect(sideKeys(storage, 'run')).toHaveLength(SIDE_KEY_PREFIXES.length);
  });

  it('an operation evicted as the oldest finished one does too', () => {
    const storage = new RemovableStorage();
    const store = createOperationsStore(storage, undefined, { maxChars: 400 });
    store.create(rec('old', { state: 'done', startedAt: 1 }));
    storage.setItem('ops-center:operations:meta:old', '{"big":true}');
    store.create(rec('new', { state: 'done', startedAt: 2, title: 'x'.repeat(150) }));
    expect(store.list().map((r) => r.id)).toEqual(['new']);
    expect(sideKeys(storage, 'old')).toEqual([]);
  });

  it('names every side key prefix the operations layer writes', () => {
    const dir = join(__dirname);
    const used = new Set<string>();
    for (const f of readdirSync(dir)) {
      if (!f.endsWith('.ts') || f.includes('.test.')) continue;
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(
        /'(ops-center:operations:[a-z-]+:)'/g,
      ))
        if (m[1]) used.add(m[1]);
    }
    expect([...used].sort()).toEqual([...SIDE_KEY_PREFIXES].sort());
  });
});
