// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  OPERATIONS_STORAGE_KEY,
  createOperationsStore,
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
