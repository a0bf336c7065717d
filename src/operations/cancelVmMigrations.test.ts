// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { createOperationsStore, type OperationsStore } from './operationsStore';
import { createVmOperation, driveOperation, type RunnerDeps } from './vmBulkRunner';
import type { JobOutcome, VmOpsPort, VmState } from './vmOpsPort';
import { cancelVmMigrations } from './cancelVmMigrations';

/** db-01 is migrating from h1 (started elsewhere); a cancel brings it back up on h1. */
class Engine implements VmOpsPort {
  vm: VmState = { id: 'a', name: 'db-01', status: 'migrating', hostId: 'h1', hostName: 'host-01' };
  posts: string[] = [];
  sendAction(): Promise<void> {
    this.vm = { ...this.vm, status: 'migrating' };
    return Promise.resolve();
  }
  cancel(id: string): Promise<void> {
    this.posts.push(id);
    this.vm = { ...this.vm, status: 'up' };
    return Promise.resolve();
  }
  readVms(): Promise<VmState[]> {
    return Promise.resolve([{ ...this.vm }]);
  }
  jobOutcome(): Promise<JobOutcome | undefined> {
    return Promise.resolve(undefined);
  }
}

let store: OperationsStore;
let engine: Engine;
let deps: RunnerDeps;
let runs: Promise<void>[];

beforeEach(() => {
  sessionStorage.clear();
  store = createOperationsStore(sessionStorage);
  engine = new Engine();
  runs = [];
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
  store,
  storage: sessionStorage,
  send: (id: string) => engine.cancel(id),
  drive: (opId: string) => {
    runs.push(driveOperation(deps, opId));
  },
  title: 'Migrate 1 VM',
});

describe('cancelVmMigrations (VM view)', () => {
  it('adopts a migration no operation follows, cancels it once, records it as cancelled', async () => {
    const vm = { id: 'a', name: 'db-01', status: 'migrating', hostId: 'h1' };
    const outcomes = await cancelVmMigrations(cancelDeps(), [vm, { ...vm, id: 'b', status: 'up' }]);
    expect(outcomes.map((o) => o.kind)).toEqual(['sent']);
    // A second click finds the item already asked: nothing more is sent.
    expect((await cancelVmMigrations(cancelDeps(), [vm]))[0]?.kind).not.toBe('sent');
    await Promise.all(runs);
    expect(engine.posts).toEqual(['a']);
    const [op] = store.list();
    expect(op?.kind).toBe('vm-migrate');
    expect(op?.items[0]).toMatchObject({
      state: 'cancelled',
      detail: 'vms.migrate.onHost {"host":"host-01"}',
    });
  });

  it('cancels on the operation that follows the VM when there is one', async () => {
    engine.vm = { ...engine.vm, status: 'up' };
    const id = createVmOperation(
      deps,
      'migrate',
      [{ id: 'a', name: 'db-01', status: 'up', hostId: 'h1' }],
      {
        title: 'Migrate',
      },
    );
    const run = driveOperation(deps, id);
    await new Promise((r) => setTimeout(r, 5));
    expect(engine.vm.status).toBe('migrating');
    await cancelVmMigrations(cancelDeps(), [
      { id: 'a', name: 'db-01', status: 'migrating', hostId: 'h1' },
    ]);
    await run;
    expect(store.list()).toHaveLength(1);
    expect(store.get(id)?.items[0]?.state).toBe('cancelled');
    expect(engine.posts).toEqual(['a']);
  });
});
