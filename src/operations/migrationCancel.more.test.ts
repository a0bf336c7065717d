/**
 * Cancelling a migration, never twice: the mark each page reads before sending, the outcome of
 * each answer (sent, refused in the engine's words, unknown after no answer), and when a runner
 * may end an item `cancelled`. Plain storage, hand-made records: no runner, no engine.
 */
import { describe, expect, it } from 'vitest';
import { ActionError, ConnectionError } from '../rest/errors';
import {
  canCancelMigration,
  cancelledMigration,
  migratesVms,
  readCancelMarks,
  writeCancelMarks,
  type CancelMark,
  type CancelStorage,
} from './migrationCancel';
import { cancelMigration } from './migrationCancelSend';
import type { OperationItem, OperationRecord } from './operationsStore';

const KEY = 'ops-center:operations:cancel:op1';

function memoryStorage(): CancelStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => {
      data.set(k, v);
    },
  };
}

function item(patch: Partial<OperationItem> = {}): OperationItem {
  return {
    entity: 'vm',
    id: 'a',
    name: 'db-01',
    state: 'in_progress',
    correlationId: 'oc1-1',
    actionSentAt: 5,
    ...patch,
  };
}

function record(patch: Partial<OperationRecord> = {}): OperationRecord {
  return {
    id: 'op1',
    kind: 'vm-migrate',
    title: 'Migrate',
    correlationId: 'oc1',
    startedAt: 1,
    state: 'running',
    items: [item()],
    ...patch,
  };
}

describe('cancel marks in storage', () => {
  it('stores marks under one key per operation and reads them back', () => {
    const s = memoryStorage();
    expect(writeCancelMarks(s, 'op1', { a: { at: 3, accepted: true } })).toBe(true);
    expect([...s.data.keys()]).toEqual([KEY]);
    expect(readCancelMarks(s, 'op1')).toEqual({ a: { at: 3, accepted: true } });
    expect(readCancelMarks(s, 'op2')).toEqual({});
  });

  it.each(['not json', '[1,2]', '"text"', '7', 'null'])('reads %j as no marks', (stored) => {
    const s = memoryStorage();
    s.data.set(KEY, stored);
    expect(readCancelMarks(s, 'op1')).toEqual({});
  });

  it('reads an unreadable storage as no marks, and reports a refused write', () => {
    const broken: CancelStorage = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(readCancelMarks(broken, 'op1')).toEqual({});
    expect(writeCancelMarks(broken, 'op1', { a: { at: 1 } })).toBe(false);
  });
});

describe('which items may be cancelled', () => {
  it('only migrations: migrate and evacuation operations', () => {
    expect(migratesVms({ kind: 'vm-migrate' })).toBe(true);
    expect(migratesVms({ kind: 'host-evacuate' })).toBe(true);
    expect(migratesVms({ kind: 'vm-start' })).toBe(false);
    expect(migratesVms({ kind: 'host-maintenance' as OperationRecord['kind'] })).toBe(false);
  });

  it('a VM item whose migration was sent and is still running, asked for the first time', () => {
    expect(canCancelMigration(record(), 'a', {})).toBe(true);
    expect(canCancelMigration(record({ kind: 'host-evacuate' }), 'a', {})).toBe(true);
    expect(canCancelMigration(record(), 'a', { a: { at: 1 } })).toBe(false);
    expect(canCancelMigration(record(), 'a', { b: { at: 1 } })).toBe(true);
    expect(canCancelMigration(record(), 'b', {})).toBe(false);
    expect(
      canCancelMigration(record({ items: [item({ actionSentAt: undefined })] }), 'a', {}),
    ).toBe(false);
    expect(canCancelMigration(record({ items: [item({ state: 'done' })] }), 'a', {})).toBe(false);
    expect(canCancelMigration(record({ items: [item({ entity: 'host' })] }), 'a', {})).toBe(false);
  });
});

describe('when a runner ends the item cancelled', () => {
  const up = { status: 'up', hostId: 'h1' };
  const accepted: CancelMark = { at: 1, accepted: true };

  it('the engine accepted and the VM is up on the host it left', () => {
    expect(cancelledMigration(accepted, up, 'h1', false)).toBe(true);
  });

  it('the runner saw it migrate, even before the answer arrived', () => {
    expect(cancelledMigration({ at: 1 }, up, 'h1', true)).toBe(true);
    expect(cancelledMigration({ at: 1 }, up, 'h1', false)).toBe(false);
  });

  it('never without a mark, after a refusal, on another host, or while not up', () => {
    expect(cancelledMigration(undefined, up, 'h1', true)).toBe(false);
    expect(cancelledMigration({ at: 1, refused: 'no' }, up, 'h1', true)).toBe(false);
    expect(cancelledMigration({ at: 1, accepted: true, refused: '' }, up, 'h1', true)).toBe(false);
    expect(cancelledMigration(accepted, { status: 'up', hostId: 'h2' }, 'h1', true)).toBe(false);
    expect(cancelledMigration(accepted, { status: 'migrating', hostId: 'h1' }, 'h1', true)).toBe(
      false,
    );
    expect(cancelledMigration(accepted, { status: 'up' }, undefined, true)).toBe(false);
  });
});

describe('sending the cancel', () => {
  function rig(send: (vmId: string, cid: string) => Promise<unknown>, op = record()) {
    const storage = memoryStorage();
    const posts: string[] = [];
    const deps = {
      storage,
      read: (id: string) => (id === op.id ? op : undefined),
      send: (vmId: string, cid: string) => {
        posts.push(`${vmId} ${cid}`);
        return send(vmId, cid);
      },
      now: () => 42,
    };
    return { deps, storage, posts };
  }

  it("marks before sending, sends with the item's Correlation-Id, then records the acceptance", async () => {
    let markAtSend: unknown;
    const { deps, storage, posts } = rig(() => {
      markAtSend = readCancelMarks(storage, 'op1');
      return Promise.resolve();
    });
    expect(await cancelMigration(deps, 'op1', 'a')).toEqual({ kind: 'sent' });
    expect(markAtSend).toEqual({ a: { at: 42 } });
    expect(posts).toEqual(['a oc1-1c']);
    expect(readCancelMarks(storage, 'op1')).toEqual({ a: { at: 42, accepted: true } });
    // Asked again (another click, another page): nothing more leaves.
    expect(await cancelMigration(deps, 'op1', 'a')).toEqual({ kind: 'not-applicable' });
    expect(posts).toHaveLength(1);
  });

  it("falls back to the operation's Correlation-Id for an item without its own", async () => {
    const op = record({ items: [item({ correlationId: undefined as unknown as string })] });
    const { deps, posts } = rig(() => Promise.resolve(), op);
    await cancelMigration(deps, 'op1', 'a');
    expect(posts).toEqual(['a oc1c']);
  });

  it("sends with the Correlation-Id of the VM's own item, not its neighbour's", async () => {
    const op = record({ items: [item(), item({ id: 'b', correlationId: 'oc1-2' })] });
    const { deps, posts } = rig(() => Promise.resolve(), op);
    await cancelMigration(deps, 'op1', 'b');
    expect(posts).toEqual(['b oc1-2c']);
  });

  it('keeps marks of other VMs written while the request was out', async () => {
    const op = record({ items: [item(), item({ id: 'b', correlationId: 'oc1-2' })] });
    const { deps, storage } = rig(() => {
      const marks = readCancelMarks(storage, 'op1');
      writeCancelMarks(storage, 'op1', { ...marks, b: { at: 7 } });
      return Promise.resolve();
    }, op);
    await cancelMigration(deps, 'op1', 'a');
    expect(readCancelMarks(storage, 'op1')).toEqual({
      a: { at: 42, accepted: true },
      b: { at: 7 },
    });
  });

  it("records the engine's refusal in its own words, and never sends again", async () => {
    const refusal = new ActionError('cancelmigration', 'Operation Failed', 'Not migrating.', {
      status: 409,
    });
    const { deps, storage, posts } = rig(() => Promise.reject(refusal));
    expect(await cancelMigration(deps, 'op1', 'a')).toEqual({
      kind: 'refused',
      error: 'Not migrating.',
    });
    expect(readCancelMarks(storage, 'op1')).toEqual({ a: { at: 42, refused: 'Not migrating.' } });
    expect((await cancelMigration(deps, 'op1', 'a')).kind).toBe('not-applicable');
    expect(posts).toHaveLength(1);
  });

  it('after no answer, says it does not know, keeps the plain mark and never resends', async () => {
    const lost = new ConnectionError('The engine could not be reached', 'network');
    const { deps, storage, posts } = rig(() => Promise.reject(lost));
    expect(await cancelMigration(deps, 'op1', 'a')).toEqual({
      kind: 'unknown',
      error: 'The engine could not be reached',
    });
    expect(readCancelMarks(storage, 'op1')).toEqual({ a: { at: 42 } });
    expect((await cancelMigration(deps, 'op1', 'a')).kind).toBe('not-applicable');
    expect(posts).toHaveLength(1);
  });

  it('sends nothing for an unknown operation or an item that is not migrating', async () => {
    const { deps, storage, posts } = rig(() => Promise.resolve());
    expect((await cancelMigration(deps, 'nope', 'a')).kind).toBe('not-applicable');
    expect((await cancelMigration(deps, 'op1', 'zz')).kind).toBe('not-applicable');
    expect(posts).toEqual([]);
    expect(storage.data.size).toBe(0);
  });
});
