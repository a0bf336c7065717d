/**
 * "Cancel migration" from the VM view, never twice: a migration no operation follows is adopted
 * into one record (marked sent: we never send the migration itself) before the cancel leaves;
 * a record the browser refused to store sends nothing; VMs not migrating are left alone.
 */
import { describe, expect, it } from 'vitest';
import { cancelVmMigrations, type MigratingVm } from './cancelVmMigrations';
import { readMeta } from './operationMeta';
import type { OperationRecord, OperationsStore } from './operationsStore';

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => {
      data.set(k, v);
    },
  };
}

/** A store in memory; `writable` says whether the browser kept the last write. */
function memoryStore(records: OperationRecord[] = [], writable = true): OperationsStore {
  const list = [...records];
  return {
    list: () => [...list],
    get: (id) => list.find((r) => r.id === id),
    create: (r) => {
      list.unshift(r);
      return r;
    },
    writable: () => writable,
  } as Partial<OperationsStore> as OperationsStore;
}

const migrating: MigratingVm = { id: 'a', name: 'db-01', status: 'migrating', hostId: 'h1' };

function rig(store: OperationsStore) {
  const storage = memoryStorage();
  const posts: string[] = [];
  const driven: string[] = [];
  const deps = {
    store,
    storage,
    send: (vmId: string, cid: string) => {
      posts.push(`${vmId} ${cid}`);
      return Promise.resolve();
    },
    drive: (opId: string) => {
      driven.push(opId);
    },
    title: 'Cancel migration',
    now: () => 1000,
  };
  return { deps, storage, posts, driven };
}

describe('cancelVmMigrations', () => {
  it('adopts a migration no operation follows: one record, marked sent, driven, then one cancel', async () => {
    const store = memoryStore();
    const { deps, storage, posts, driven } = rig(store);
    const out = await cancelVmMigrations(deps, [migrating]);
    expect(out).toEqual([{ kind: 'sent' }]);
    const [op] = store.list();
    if (!op) throw new Error('no record');
    expect(op).toMatchObject({
      kind: 'vm-migrate',
      title: 'Cancel migration',
      startedAt: 1000,
      state: 'running',
    });
    expect(op.correlationId).toMatch(/^oc[0-9a-f]+$/);
    expect(op.items).toEqual([
      {
        entity: 'vm',
        id: 'a',
        name: 'db-01',
        state: 'in_progress',
        target: 'up',
        correlationId: `${op.correlationId}-1`,
        actionSentAt: 1000,
      },
    ]);
    // The runner follows it back to where it came from, up.
    expect(readMeta(storage, op.id)).toMatchObject({
      fromHost: { a: 'h1' },
      fromStatus: { a: 'up' },
    });
    expect(driven).toEqual([op.id]);
    expect(posts).toEqual([`a ${op.correlationId}-1c`]);

    // Asked again: the record that follows it now is found, nothing is adopted or sent twice.
    expect(await cancelVmMigrations(deps, [migrating])).toEqual([{ kind: 'not-applicable' }]);
    expect(store.list()).toHaveLength(1);
    expect(posts).toHaveLength(1);
  });

  it('sends nothing when the adopted record could not be stored', async () => {
    const store = memoryStore([], false);
    const { deps, posts, driven } = rig(store);
    expect(await cancelVmMigrations(deps, [migrating, { ...migrating, id: 'b' }])).toEqual([
      { kind: 'storage' },
      { kind: 'storage' },
    ]);
    expect(posts).toEqual([]);
    expect(driven).toEqual([]);
  });

  it('leaves VMs that are not migrating alone', async () => {
    const store = memoryStore();
    const { deps, posts } = rig(store);
    expect(
      await cancelVmMigrations(deps, [
        { ...migrating, status: 'up' },
        { ...migrating, status: 'migrating_to' },
      ]),
    ).toEqual([]);
    expect(store.list()).toEqual([]);
    expect(posts).toEqual([]);
  });

  it('cancels on the running operation that sent the migration, with its Correlation-Id', async () => {
    const following: OperationRecord = {
      id: 'op1',
      kind: 'vm-migrate',
      title: 'Migrate',
      correlationId: 'oc1',
      startedAt: 1,
      state: 'running',
      items: [
        {
          entity: 'vm',
          id: 'a',
          name: 'db-01',
          state: 'in_progress',
          correlationId: 'oc1-3',
          actionSentAt: 2,
        },
      ],
    };
    const store = memoryStore([following]);
    const { deps, posts, driven } = rig(store);
    expect(await cancelVmMigrations(deps, [migrating])).toEqual([{ kind: 'sent' }]);
    expect(posts).toEqual(['a oc1-3c']);
    expect(driven).toEqual([]);
    expect(store.list()).toHaveLength(1);
  });

  it('finds the following operation among its other, finished items', async () => {
    const following: OperationRecord = {
      id: 'op1',
      kind: 'host-evacuate',
      title: 'Evacuate',
      correlationId: 'oc1',
      startedAt: 1,
      state: 'running',
      items: [
        {
          entity: 'vm',
          id: 'x',
          name: 'web-01',
          state: 'done',
          correlationId: 'oc1-1',
          actionSentAt: 2,
        },
        {
          entity: 'vm',
          id: 'a',
          name: 'db-01',
          state: 'in_progress',
          correlationId: 'oc1-2',
          actionSentAt: 2,
        },
      ],
    };
    const store = memoryStore([following]);
    const { deps, posts, driven } = rig(store);
    expect(await cancelVmMigrations(deps, [migrating])).toEqual([{ kind: 'sent' }]);
    expect(posts).toEqual(['a oc1-2c']);
    expect(driven).toEqual([]);
  });

  it.each([
    ['finished', { state: 'done' as const }, {}],
    ['never sent', { actionSentAt: undefined }, {}],
    ['of an ended operation', {}, { state: 'done' as const }],
  ])('adopts anew when the only record is %s', async (_what, itemPatch, opPatch) => {
    const old: OperationRecord = {
      id: 'old',
      kind: 'vm-migrate',
      title: 'Migrate',
      correlationId: 'old-op',
      startedAt: 1,
      state: 'running',
      items: [
        {
          entity: 'vm',
          id: 'a',
          name: 'db-01',
          state: 'in_progress',
          correlationId: 'old-op-1',
          actionSentAt: 2,
          ...itemPatch,
        },
      ],
      ...opPatch,
    };
    const store = memoryStore([old]);
    const { deps, posts, driven } = rig(store);
    await cancelVmMigrations(deps, [migrating]);
    expect(store.list()).toHaveLength(2);
    expect(driven).toHaveLength(1);
    expect(driven[0]).not.toBe('old');
    expect(posts).toHaveLength(1);
    expect(posts[0]).not.toContain('old-op');
  });
});
