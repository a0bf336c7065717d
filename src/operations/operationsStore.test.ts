// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  OPERATIONS_STORAGE_KEY,
  createOperationsStore,
  decodeStoredOperations,
  storedSize,
  settledState,
  type OperationItem,
  type OperationRecord,
} from './operationsStore';

function item(id: string, state: OperationItem['state'] = 'pending'): OperationItem {
  return { entity: 'vm', id, name: `vm-${id}`, state, correlationId: `c-${id}` };
}

function record(id: string, startedAt = 1, items = [item('a'), item('b')]): OperationRecord {
  return {
    id,
    kind: 'vm-start',
    title: 'Start 2 VMs',
    correlationId: `corr-${id}`,
    startedAt,
    state: 'running',
    items,
  };
}

describe('operationsStore', () => {
  beforeEach(() => {
    sessionStorage.clear();
  });

  it('persists records in sessionStorage under the pinned key, newest first', () => {
    const store = createOperationsStore(sessionStorage, window);
    store.create(record('old', 1));
    store.create(record('new', 2));
    expect(store.list().map((r) => r.id)).toEqual(['new', 'old']);
    const raw = sessionStorage.getItem(OPERATIONS_STORAGE_KEY) ?? '';
    expect(JSON.parse(raw)).toHaveLength(2);
    // A second store over the same area (another iframe) sees the same records.
    expect(createOperationsStore(sessionStorage).get('old')?.title).toBe('Start 2 VMs');
  });

  it('updates one item without touching the others', () => {
    const store = createOperationsStore(sessionStorage);
    store.create(record('op'));
    store.updateItem('op', 'a', { state: 'sent', actionSentAt: 42 });
    const op = store.get('op');
    expect(op?.items[0]).toMatchObject({ id: 'a', state: 'sent', actionSentAt: 42 });
    expect(op?.items[1]).toMatchObject({ id: 'b', state: 'pending' });
    expect(op?.items[1]?.actionSentAt).toBeUndefined();
  });

  it('updates the record and ignores unknown ids', () => {
    const store = createOperationsStore(sessionStorage);
    store.create(record('op'));
    expect(store.update('op', { state: 'done', finishedAt: 5 })?.state).toBe('done');
    expect(store.update('nope', { state: 'done' })).toBeUndefined();
    expect(store.updateItem('nope', 'a', { state: 'done' })).toBeUndefined();
  });

  it('notifies subscribers on local writes and on storage events from other pages', () => {
    const store = createOperationsStore(sessionStorage, window);
    const fn = vi.fn();
    const off = store.subscribe(fn);
    store.create(record('op'));
    expect(fn).toHaveBeenCalledTimes(1);
    window.dispatchEvent(new StorageEvent('storage', { key: OPERATIONS_STORAGE_KEY }));
    expect(fn).toHaveBeenCalledTimes(2);
    window.dispatchEvent(new StorageEvent('storage', { key: 'something-else' }));
    expect(fn).toHaveBeenCalledTimes(2);
    off();
    window.dispatchEvent(new StorageEvent('storage', { key: OPERATIONS_STORAGE_KEY }));
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('survives corrupt storage content', () => {
    sessionStorage.setItem(OPERATIONS_STORAGE_KEY, '{not json');
    const store = createOperationsStore(sessionStorage);
    expect(store.list()).toEqual([]);
    store.create(record('op'));
    expect(store.list()).toHaveLength(1);
  });

  it('keeps running operations and drops the oldest finished ones beyond the limit', () => {
    const store = createOperationsStore(sessionStorage);
    store.create(record('running', 0));
    for (let i = 1; i <= 60; i++) store.create({ ...record(`f${i}`, i), state: 'done' });
    const ids = store.list().map((r) => r.id);
    expect(ids).toContain('running');
    expect(ids).toContain('f60');
    expect(ids).not.toContain('f1');
    expect(ids.length).toBe(50);
  });

  it('never stores anything that looks like a token', () => {
    const store = createOperationsStore(sessionStorage);
    store.create(record('op'));
    expect(sessionStorage.getItem(OPERATIONS_STORAGE_KEY)).not.toMatch(/token|bearer/i);
  });

  it('removes a record', () => {
    const store = createOperationsStore(sessionStorage);
    store.create(record('op'));
    store.remove('op');
    expect(store.get('op')).toBeUndefined();
  });
});

describe('compact, bounded, checked record', () => {
  beforeEach(() => {
    sessionStorage.clear();
  });

  function big(id: string, n: number, startedAt = 1_700_000_000_000): OperationRecord {
    const items = Array.from({ length: n }, (_, i): OperationItem => {
      const it: OperationItem = {
        entity: 'vm',
        id: crypto.randomUUID(),
        name: `vm-${String(i).padStart(5, '0')}`,
        state: 'done',
        target: 'up',
        correlationId: `oc0123456789abcdef-${i + 1}`,
        actionSentAt: startedAt + 1000 + i * 40,
        finishedAt: startedAt + 30_000 + i * 40,
        progress: 100,
      };
      if (i % 10 === 0) it.detail = 'Powering up';
      return it;
    });
    return { ...record(id, startedAt, items), correlationId: 'oc0123456789abcdef', state: 'done' };
  }

  it('stores a 5,000-VM operation within 500 KB and reads it back unchanged', () => {
    const store = createOperationsStore(sessionStorage);
    const op = big('op', 5000);
    store.create(op);
    const raw = sessionStorage.getItem(OPERATIONS_STORAGE_KEY) ?? '';
    expect(raw.length).toBeLessThanOrEqual(500 * 1024);
    expect(storedSize([op])).toBe(raw.length);
    expect(decodeStoredOperations(raw)).toEqual([op]);
  });

  it('evicts the oldest finished operations first to stay under the size limit', () => {
    const store = createOperationsStore(sessionStorage, undefined, { maxChars: 200_000 });
    store.create({ ...big('running', 1000, 0), state: 'running' });
    for (let i = 1; i <= 6; i++) store.create(big(`f${i}`, 1000, i));
    const ids = store.list().map((r) => r.id);
    expect(ids).toContain('running');
    expect(ids).toContain('f6');
    expect(ids).not.toContain('f1');
    expect((sessionStorage.getItem(OPERATIONS_STORAGE_KEY) ?? '').length).toBeLessThanOrEqual(
      200_000,
    );
  });

  it('marks items sending in one checked write, and marks nothing when the write is refused', () => {
    let refuse = false;
    let writes = 0;
    const storage = {
      getItem: (k: string) => sessionStorage.getItem(k),
      setItem: (k: string, v: string) => {
        if (refuse) throw new DOMException('quota', 'QuotaExceededError');
        writes++;
        sessionStorage.setItem(k, v);
      },
    };
    const store = createOperationsStore(storage);
    store.create(record('op', 1, [item('a'), item('b'), item('c')]));
    writes = 0;
    expect(store.markSending('op', ['a', 'b'], 42)).toEqual(['a', 'b']);
    expect(writes).toBe(1);
    expect(store.markSending('op', ['a'], 43)).toEqual([]); // already sent: never twice
    refuse = true;
    expect(store.markSending('op', ['c'], 44)).toBeUndefined();
    expect(store.writable()).toBe(false);
    expect(store.get('op')?.items.map((i) => i.state)).toEqual(['sent', 'sent', 'pending']);
    expect(createOperationsStore(storage).get('op')?.items[2]?.actionSentAt).toBeUndefined();
  });

  it('coalesces deferred progress into one write, shown to this page at once', () => {
    const timers: (() => void)[] = [];
    let writes = 0;
    const storage = {
      getItem: (k: string) => sessionStorage.getItem(k),
      setItem: (k: string, v: string) => {
        writes++;
        sessionStorage.setItem(k, v);
      },
    };
    const store = createOperationsStore(storage, undefined, {
      schedule: (fn) => timers.push(fn),
    });
    store.create(record('op'));
    writes = 0;
    store.deferItem('op', 'a', { state: 'in_progress', detail: 'Powering up' });
    store.deferItem('op', 'b', { state: 'done' });
    expect(store.get('op')?.items.map((i) => i.state)).toEqual(['in_progress', 'done']);
    expect(writes).toBe(0);
    expect(timers).toHaveLength(1);
    timers[0]?.();
    expect(writes).toBe(1);
    expect(createOperationsStore(storage).get('op')?.items[1]?.state).toBe('done');
  });

  it("reads apply each unsaved change once, and see other pages' writes under them", () => {
    const timers: (() => void)[] = [];
    const ids = Array.from({ length: 500 }, (_, i) => `v${String(i)}`);
    const mine = createOperationsStore(sessionStorage, undefined, {
      schedule: (fn) => timers.push(fn),
    });
    mine.create(
      record(
        'op',
        1,
        ids.map((id) => item(id)),
      ),
    );
    const before = mine.get('op');
    // Unchanged items keep their identity from one read to the next (no re-applying).
    mine.deferItem('op', 'v0', { state: 'in_progress' });
    const first = mine.get('op');
    mine.deferItem('op', 'v1', { state: 'in_progress' });
    const second = mine.get('op');
    expect(second?.items[2]).toBe(first?.items[2]);
    expect(second?.items[0]).toBe(first?.items[0]);
    expect(before?.items[0]?.state).toBe('pending');
    // Sorting what list() returns does not reorder what the store holds.
    mine.create(record('other', 2));
    mine.list().reverse();
    expect(mine.list().map((r) => r.id)).toEqual(['other', 'op']);
    // Another page writes: this page's unsaved changes stay on top of what it wrote.
    const other = createOperationsStore(sessionStorage);
    other.updateItem('op', 'v2', { state: 'done' });
    const merged = mine.get('op');
    expect(merged?.items.slice(0, 3).map((i) => i.state)).toEqual([
      'in_progress',
      'in_progress',
      'done',
    ]);
    // A pre-send mark stores everything unsaved with it; later reads start from storage.
    expect(mine.markSending('op', ['v3'], 5)).toEqual(['v3']);
    const stored = createOperationsStore(sessionStorage).get('op');
    expect(stored?.items.slice(0, 4).map((i) => i.state)).toEqual([
      'in_progress',
      'in_progress',
      'done',
      'sent',
    ]);
    mine.deferItem('op', 'v3', { state: 'in_progress' });
    expect(mine.get('op')?.items[3]?.state).toBe('in_progress');
    expect(mine.get('op')?.items[3]?.actionSentAt).toBe(5);
  });
});

describe('settledState', () => {
  it('derives the overall state from the items', () => {
    expect(settledState([item('a', 'done'), item('b', 'sent')])).toBe('running');
    expect(settledState([item('a', 'done'), item('b', 'skipped')])).toBe('done');
    expect(settledState([item('a', 'failed'), item('b', 'failed')])).toBe('failed');
    expect(settledState([item('a', 'done'), item('b', 'failed')])).toBe('partial');
    expect(settledState([item('a', 'cancelled')])).toBe('cancelled');
    expect(settledState([item('a', 'done'), item('b', 'cancelled')])).toBe('partial');
  });
});
