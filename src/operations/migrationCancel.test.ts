// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { createOperationsStore, settledState, type OperationsStore } from './operationsStore';
import { createVmOperation, driveOperation, type RunnerDeps } from './vmBulkRunner';
import type { JobOutcome, VmOpsPort, VmState } from './vmOpsPort';
import { ActionError } from '../rest/errors';
import { canCancelMigration, readCancelMarks } from './migrationCancel';
import { cancelMigration } from './migrationCancelSend';

/**
 * A migration that runs until cancelled (or until `finishAfter` reads): `cancelmigration` while
 * migrating puts the VM back up on its source host; otherwise the engine refuses, in its words.
 */
class MigratingEngine implements VmOpsPort {
  vm: VmState = { id: 'a', name: 'db-01', status: 'up', hostId: 'h1', hostName: 'host-01' };
  cancelPosts: string[] = [];
  reads = 0;
  finishAfter = Infinity;
  onRead: (() => Promise<void>) | undefined;

  sendAction(): Promise<void> {
    this.vm = { ...this.vm, status: 'migrating' };
    return Promise.resolve();
  }

  cancel(vmId: string, correlationId: string): Promise<void> {
    this.cancelPosts.push(`${vmId} ${correlationId}`);
    if (this.vm.status !== 'migrating')
      return Promise.reject(
        new ActionError(
          'cancelmigration',
          'Operation Failed',
          'Cannot cancel migration for non migrating VM.',
          { status: 409 },
        ),
      );
    this.vm = { ...this.vm, status: 'up', hostId: 'h1', hostName: 'host-01' };
    return Promise.resolve();
  }

  async readVms(): Promise<VmState[]> {
    this.reads++;
    if (this.reads >= this.finishAfter && this.vm.status === 'migrating')
      this.vm = { ...this.vm, status: 'up', hostId: 'h2', hostName: 'host-02' };
    const seen = { ...this.vm };
    if (this.onRead) await this.onRead();
    return [seen];
  }

  jobOutcome(): Promise<JobOutcome | undefined> {
    // The migration's job ends aborted once cancelled: what a runner without the mark would fail.
    return Promise.resolve(
      this.cancelPosts.length > 0 && this.vm.hostId === 'h1'
        ? { status: 'failed', error: 'Migration job aborted' }
        : { status: 'running' },
    );
  }
}

let store: OperationsStore;
let engine: MigratingEngine;
let deps: RunnerDeps;

beforeEach(() => {
  sessionStorage.clear();
  store = createOperationsStore(sessionStorage);
  engine = new MigratingEngine();
  deps = {
    store,
    port: engine,
    storage: sessionStorage,
    t: (key, params) => (params ? `${key} ${JSON.stringify(params)}` : key),
    concurrency: 2,
    pollMs: 1,
    timeoutMs: () => 60_000,
    sleep: () => new Promise((r) => setTimeout(r, 0)),
  };
});

const cancelDeps = () => ({
  storage: sessionStorage,
  read: (id: string) => store.get(id),
  send: (vmId: string, correlationId: string) => engine.cancel(vmId, correlationId),
});

function migrate(): string {
  return createVmOperation(
    deps,
    'migrate',
    [{ id: 'a', name: 'db-01', status: 'up', hostId: 'h1' }],
    { title: 'Migrate' },
  );
}

describe('cancelling a running migration', () => {
  it('sends cancelmigration once and records the item as cancelled, up on its source host', async () => {
    const id = migrate();
    const outcomes: string[] = [];
    engine.onRead = async () => {
      if (engine.reads !== 2) return;
      // The admin clicks twice, and another page asks too: one POST.
      const [first, second, third] = await Promise.all([
        cancelMigration(cancelDeps(), id, 'a'),
        cancelMigration(cancelDeps(), id, 'a'),
        cancelMigration(cancelDeps(), id, 'a'),
      ]);
      outcomes.push(first.kind, second.kind, third.kind);
    };
    await driveOperation(deps, id);
    expect(engine.cancelPosts).toHaveLength(1);
    expect(engine.cancelPosts[0]).toMatch(/^a oc[0-9a-f]+-1c$/);
    expect(outcomes).toEqual(['sent', 'not-applicable', 'not-applicable']);
    const op = store.get(id);
    expect(op?.items[0]).toMatchObject({
      state: 'cancelled',
      detail: 'vms.migrate.onHost {"host":"host-01"}',
    });
    expect(op?.items[0]?.error).toBeUndefined();
    expect(op?.state).toBe('cancelled');
    // Neither failed nor skipped: the operation as a whole ends cancelled.
    expect(settledState(op?.items ?? [])).toBe('cancelled');
  });

  it('sends nothing when the mark cannot be stored (fail closed)', async () => {
    const id = migrate();
    store.update(id, {
      items: (store.get(id)?.items ?? []).map((i) => ({ ...i, state: 'sent', actionSentAt: 1 })),
    });
    const refusing = {
      ...cancelDeps(),
      storage: {
        getItem: (k: string) => sessionStorage.getItem(k),
        setItem: () => {
          throw new DOMException('full', 'QuotaExceededError');
        },
      },
    };
    expect((await cancelMigration(refusing, id, 'a')).kind).toBe('storage');
    expect(engine.cancelPosts).toEqual([]);
  });

  it('is offered only for a sent, unfinished migration not asked before', () => {
    const id = migrate();
    const op = store.get(id);
    if (!op) throw new Error('no record');
    expect(canCancelMigration(op, 'a', {})).toBe(false);
    const sent = { ...op, items: op.items.map((i) => ({ ...i, actionSentAt: 1 })) };
    expect(canCancelMigration(sent, 'a', {})).toBe(true);
    expect(canCancelMigration(sent, 'a', { a: { at: 1 } })).toBe(false);
    expect(canCancelMigration({ ...sent, kind: 'vm-start' }, 'a', {})).toBe(false);
  });

  it('keeps the engine words when it refuses (the migration had already finished)', async () => {
    const id = migrate();
    engine.finishAfter = 2;
    let outcome: Awaited<ReturnType<typeof cancelMigration>> | undefined;
    engine.onRead = async () => {
      if (engine.reads === 2) outcome = await cancelMigration(cancelDeps(), id, 'a');
    };
    await driveOperation(deps, id);
    expect(outcome).toEqual({
      kind: 'refused',
      error: 'Cannot cancel migration for non migrating VM.',
    });
    expect(readCancelMarks(sessionStorage, id).a?.refused).toBe(
      'Cannot cancel migration for non migrating VM.',
    );
    expect(store.get(id)?.items[0]).toMatchObject({
      state: 'done',
      detail: 'vms.migrate.onHost {"host":"host-02"}',
      error: 'Cannot cancel migration for non migrating VM.',
    });
    expect(engine.cancelPosts).toHaveLength(1);
  });
});
