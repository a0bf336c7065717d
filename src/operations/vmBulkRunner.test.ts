// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { createOperationsStore, type OperationsStore } from './operationsStore';
import {
  cancelRest,
  createVmOperation,
  driveOperation,
  retryFailed,
  type RunnerDeps,
  type Translate,
} from './vmBulkRunner';
import type { JobOutcome, VmOpsPort, VmState } from './vmOpsPort';
import { ActionError } from '../rest/errors';
import type { VmAction } from './vmActions';
import { tryAcquireLease } from './lease';

const t: Translate = (key, params) => (params ? `${key} ${JSON.stringify(params)}` : key);

/** A tiny engine: actions move the VM one status per read, failures are refused up front. */
class FakeEngine implements VmOpsPort {
  vms = new Map<string, VmState>();
  sent: { id: string; action: VmAction; correlationId: string; reason?: string }[] = [];
  refuse = new Set<string>();
  asyncFail = new Set<string>();
  jobs = new Map<string, JobOutcome>();
  private pending = new Map<string, string[]>();

  add(id: string, status: string, hostId?: string): void {
    this.vms.set(id, { id, name: `vm-${id}`, status, ...(hostId ? { hostId } : {}) });
  }

  sendAction(
    id: string,
    action: VmAction,
    o: { correlationId: string; hostId?: string; reason?: string },
  ): Promise<void> {
    this.sent.push({
      id,
      action,
      correlationId: o.correlationId,
      ...(o.reason !== undefined ? { reason: o.reason } : {}),
    });
    if (this.refuse.has(id))
      return Promise.reject(
        new ActionError('start', 'Operation Failed', 'Cannot run VM. No host.', { status: 409 }),
      );
    if (this.asyncFail.has(id)) {
      this.pending.set(id, ['wait_for_launch', 'down']);
      this.jobs.set(o.correlationId, { status: 'failed', error: 'Failed to run VM on host' });
      return Promise.resolve();
    }
    const path: Record<VmAction, string[]> = {
      start: ['powering_up', 'up'],
      shutdown: ['powering_down', 'down'],
      stop: ['down'],
      reboot: ['reboot_in_progress', 'up'],
      suspend: ['saving_state', 'suspended'],
      migrate: ['migrating', 'up'],
    };
    this.pending.set(id, [...path[action]]);
    if (action === 'migrate') this.migrateTo.set(id, o.hostId ?? 'other-host');
    this.jobs.set(o.correlationId, { status: 'finished' });
    return Promise.resolve();
  }
  migrateTo = new Map<string, string>();

  readVms(ids: readonly string[]): Promise<VmState[]> {
    const out: VmState[] = [];
    for (const id of ids) {
      const vm = this.vms.get(id);
      if (!vm) continue;
      const steps = this.pending.get(id);
      const next = steps?.shift();
      if (next) {
        vm.status = next;
        if (next === 'up' && this.migrateTo.has(id)) vm.hostId = this.migrateTo.get(id);
      }
      out.push({ ...vm });
    }
    return Promise.resolve(out);
  }

  jobOutcome(correlationId: string): Promise<JobOutcome | undefined> {
    return Promise.resolve(this.jobs.get(correlationId));
  }
}

let store: OperationsStore;
let engine: FakeEngine;
let deps: RunnerDeps;

beforeEach(() => {
  sessionStorage.clear();
  store = createOperationsStore(sessionStorage);
  engine = new FakeEngine();
  deps = {
    store,
    port: engine,
    storage: sessionStorage,
    t,
    concurrency: 5,
    pollMs: 1,
    unconfirmedAfterMs: 0,
    timeoutMs: () => 60_000,
    sleep: () => Promise.resolve(),
  };
});

function vmsOf(ids: string[]) {
  return ids.map((id) => ({ ...(engine.vms.get(id) as VmState) }));
}

describe('bulk runner', () => {
  it('starts down VMs, skips up ones with the reason, and records the target', async () => {
    engine.add('a', 'down');
    engine.add('b', 'down');
    engine.add('c', 'up');
    const id = createVmOperation(deps, 'start', vmsOf(['a', 'b', 'c']), { title: 'Start' });
    expect(store.get(id)?.items.find((i) => i.id === 'c')).toMatchObject({
      state: 'skipped',
      detail: 'vms.skip.alreadyUp',
    });
    await driveOperation(deps, id);
    const op = store.get(id);
    expect(op?.state).toBe('done');
    expect(op?.items.map((i) => i.state)).toEqual(['done', 'done', 'skipped']);
    expect(op?.items[0]?.target).toBe('up');
    expect(op?.items[0]?.actionSentAt).toBeTypeOf('number');
    expect(engine.sent.map((s) => s.id)).toEqual(['a', 'b']);
  });

  it('sends the shutdown reason with every VM, from the stored meta (a resumed page too)', async () => {
    engine.add('a', 'up');
    engine.add('b', 'up');
    const id = createVmOperation(deps, 'shutdown', vmsOf(['a', 'b']), {
      title: 'Shut down',
      reason: ' kernel update ',
    });
    // A reloaded page: a fresh store over the same storage drives it.
    await driveOperation({ ...deps, store: createOperationsStore(sessionStorage) }, id);
    expect(engine.sent.map((s) => s.reason)).toEqual(['kernel update', 'kernel update']);
  });

  it('records the engine refusal, then retries exactly the failed ones', async () => {
    for (const id of ['a', 'b', 'c', 'd']) engine.add(id, 'down');
    engine.refuse.add('b');
    engine.refuse.add('d');
    const id = createVmOperation(deps, 'start', vmsOf(['a', 'b', 'c', 'd']), { title: 'Start' });
    await driveOperation(deps, id);
    let op = store.get(id);
    expect(op?.state).toBe('partial');
    expect(op?.items.find((i) => i.id === 'b')?.error).toBe('Cannot run VM. No host.');
    expect(engine.sent).toHaveLength(4);

    engine.refuse.clear();
    expect(retryFailed(store, id)).toBe(2);
    await driveOperation(deps, id);
    op = store.get(id);
    expect(op?.state).toBe('done');
    expect(
      engine.sent
        .slice(4)
        .map((s) => s.id)
        .sort(),
    ).toEqual(['b', 'd']);
  });

  it('reports an action the engine accepted but failed later, with the job error', async () => {
    engine.add('a', 'down');
    engine.asyncFail.add('a');
    const id = createVmOperation(deps, 'start', vmsOf(['a']), { title: 'Start' });
    await driveOperation(deps, id);
    expect(store.get(id)?.items[0]).toMatchObject({
      state: 'failed',
      error: 'Failed to run VM on host',
    });
  });

  it('never sends an item whose actionSentAt is set (resume after reload)', async () => {
    engine.add('a', 'down');
    engine.add('b', 'down');
    const id = createVmOperation(deps, 'start', vmsOf(['a', 'b']), { title: 'Start' });
    // The previous page had sent "a" and the engine is starting it.
    store.updateItem(id, 'a', { state: 'sent', actionSentAt: Date.now() });
    await engine.sendAction('a', 'start', { correlationId: 'earlier' });
    engine.sent = [];
    await driveOperation(deps, id);
    expect(engine.sent.map((s) => s.id)).toEqual(['b']);
    expect(store.get(id)?.items.map((i) => i.state)).toEqual(['done', 'done']);
  });

  it('gives up on a sent item the engine has no trace of, without sending it again', async () => {
    engine.add('a', 'down');
    const id = createVmOperation(deps, 'start', vmsOf(['a']), { title: 'Start' });
    store.updateItem(id, 'a', { state: 'sent', actionSentAt: Date.now() });
    await driveOperation(deps, id);
    expect(engine.sent).toEqual([]);
    expect(store.get(id)?.items[0]).toMatchObject({ state: 'failed', error: 'vms.op.unconfirmed' });
  });

  it('does not drive an operation another page holds the lease of', async () => {
    engine.add('a', 'down');
    const id = createVmOperation(deps, 'start', vmsOf(['a']), { title: 'Start' });
    tryAcquireLease(sessionStorage, id, 'another-page', Date.now());
    await driveOperation(deps, id);
    expect(engine.sent).toEqual([]);
  });

  it('sends once even when driven twice at the same time (double click)', async () => {
    engine.add('a', 'down');
    const id = createVmOperation(deps, 'start', vmsOf(['a']), { title: 'Start' });
    await Promise.all([driveOperation(deps, id), driveOperation(deps, id)]);
    expect(engine.sent).toHaveLength(1);
  });

  it('skips at send time a VM that changed state since the confirmation', async () => {
    engine.add('a', 'down');
    const id = createVmOperation(deps, 'start', vmsOf(['a']), { title: 'Start' });
    engine.add('a', 'up');
    await driveOperation(deps, id);
    expect(engine.sent).toEqual([]);
    expect(store.get(id)?.items[0]?.state).toBe('skipped');
  });

  it('cancels what was not sent yet', async () => {
    engine.add('a', 'down');
    engine.add('b', 'down');
    const id = createVmOperation(deps, 'start', vmsOf(['a', 'b']), { title: 'Start' });
    cancelRest(store, id);
    await driveOperation(deps, id);
    expect(engine.sent).toEqual([]);
    expect(store.get(id)?.state).toBe('cancelled');
  });

  it('migrates to a chosen host and is done only when up there', async () => {
    engine.add('a', 'up', 'h1');
    const id = createVmOperation(deps, 'migrate', vmsOf(['a']), {
      title: 'Migrate',
      hostId: 'h2',
    });
    await driveOperation(deps, id);
    expect(store.get(id)?.items[0]).toMatchObject({ state: 'done' });
    expect(engine.vms.get('a')?.hostId).toBe('h2');
  });

  it('a finished item names the state the VM ended in, not the last one seen on the way', async () => {
    const cases: [VmAction, string, string][] = [
      ['shutdown', 'up', 'vms.status.down'],
      ['stop', 'up', 'vms.status.down'],
      ['suspend', 'up', 'vms.status.suspended'],
      ['reboot', 'up', 'vms.status.up'],
      ['start', 'down', 'vms.status.up'],
    ];
    for (const [action, from, detail] of cases) {
      engine.add(action, from);
      const id = createVmOperation(deps, action, vmsOf([action]), { title: action });
      await driveOperation(deps, id);
      expect(store.get(id)?.items[0]).toMatchObject({ state: 'done', detail });
    }
    engine.add('m', 'up', 'h1');
    const id = createVmOperation(deps, 'migrate', vmsOf(['m']), { title: 'Migrate', hostId: 'h2' });
    await driveOperation(deps, id);
    expect(store.get(id)?.items[0]?.detail).toBe('vms.migrate.onHost {"host":"h2"}');
  });

  it('settles the record as soon as its last item finishes', async () => {
    engine.add('a', 'up');
    const id = createVmOperation(deps, 'shutdown', vmsOf(['a']), { title: 'Shut down' });
    const seen: string[] = [];
    const off = store.subscribe(() => {
      const op = store.get(id);
      if (op?.state === 'running' && op.items.every((i) => i.state === 'done'))
        queueMicrotask(() => seen.push(store.get(id)?.state ?? ''));
    });
    await driveOperation(deps, id);
    off();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s === 'done')).toBe(true);
  });

  it('fails an item that does not reach its target in time', async () => {
    engine.add('a', 'up');
    let clock = 0;
    deps.now = () => (clock += 1000);
    deps.timeoutMs = () => 5000;
    const port = engine;
    deps.port = {
      sendAction: () => Promise.resolve(),
      readVms: (ids) => port.readVms(ids),
      jobOutcome: () => Promise.resolve({ status: 'running' }),
    };
    const id = createVmOperation(deps, 'shutdown', vmsOf(['a']), { title: 'Shut down' });
    await driveOperation(deps, id);
    expect(store.get(id)?.items[0]?.state).toBe('failed');
    expect(store.get(id)?.items[0]?.error).toContain('vms.op.timeout');
  });
});

describe('scheduler: requests in flight and VMs in transition', () => {
  /** VMs sent and not yet up, as the engine sees them at each send. */
  function inTransitionAtSends(): number[] {
    const seen: number[] = [];
    const send = engine.sendAction.bind(engine);
    engine.sendAction = (id, action, o) => {
      seen.push(engine.sent.filter((s) => engine.vms.get(s.id)?.status !== 'up').length + 1);
      return send(id, action, o);
    };
    return seen;
  }

  it('frees a request slot as soon as the engine answers, and bounds VMs in transition', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `v${i}`);
    for (const id of ids) engine.add(id, 'down');
    deps.concurrency = 2;
    deps.maxInTransition = 7;
    const seen = inTransitionAtSends();
    const id = createVmOperation(deps, 'start', vmsOf(ids), { title: 'Start' });
    await driveOperation(deps, id);
    expect(store.get(id)?.state).toBe('done');
    expect(engine.sent).toHaveLength(30);
    // More VMs in transition than request slots: a slot does not wait for the VM to be up.
    expect(Math.max(...seen)).toBe(7);
  });

  it('recomputes free slots as resumed items finish (not concurrency minus resumed, once)', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `v${i}`);
    for (const id of ids) engine.add(id, 'down');
    deps.maxInTransition = 5;
    const id = createVmOperation(deps, 'start', vmsOf(ids), { title: 'Start' });
    // The page that reloaded had 5 starts in flight.
    for (const r of ids.slice(0, 5)) {
      store.updateItem(id, r, { state: 'in_progress', actionSentAt: Date.now() });
      await engine.sendAction(r, 'start', { correlationId: `c-${r}` });
    }
    engine.sent = [];
    const seen = inTransitionAtSends();
    await driveOperation(deps, id);
    expect(store.get(id)?.state).toBe('done');
    expect(engine.sent.map((s) => s.id)).toEqual(ids.slice(5));
    expect(Math.max(...seen)).toBe(5);
  });

  it('one tracker per page: one batched read per tick for every tracked VM of every operation', async () => {
    const a = Array.from({ length: 12 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 12 }, (_, i) => `b${i}`);
    for (const id of [...a, ...b]) engine.add(id, 'down');
    const reads: number[] = [];
    const read = engine.readVms.bind(engine);
    engine.readVms = (ids) => {
      reads.push(ids.length);
      return read(ids);
    };
    const opA = createVmOperation(deps, 'start', vmsOf(a), { title: 'A' });
    const opB = createVmOperation(deps, 'start', vmsOf(b), { title: 'B' });
    deps.maxInTransition = 100;
    deps.concurrency = 20;
    await Promise.all([driveOperation(deps, opA), driveOperation(deps, opB)]);
    expect(store.get(opA)?.state).toBe('done');
    expect(store.get(opB)?.state).toBe('done');
    // 2 pre-send reads (one batch per operation) + tracker ticks; never a read per VM.
    expect(reads.length).toBeLessThanOrEqual(2 + 4);
    expect(reads.some((n) => n === 24)).toBe(true);
  });
});

describe('fail closed when the browser refuses to store the record', () => {
  /** sessionStorage whose writes start failing after `okWrites` of them (quota). */
  function failingStorage(okWrites: number): Storage {
    let left = okWrites;
    return new Proxy(sessionStorage, {
      get(target, prop) {
        if (prop === 'setItem')
          return (k: string, v: string) => {
            if (k.startsWith('ops-center:operations') && !k.includes(':lease:') && left-- <= 0)
              throw new DOMException('quota', 'QuotaExceededError');
            target.setItem(k, v);
          };
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
  }

  it('sends nothing when the pre-send mark cannot be stored, and says why', async () => {
    for (const id of ['a', 'b']) engine.add(id, 'down');
    const storage = failingStorage(2); // the record and its meta
    deps.store = store = createOperationsStore(storage);
    deps.storage = storage;
    const id = createVmOperation(deps, 'start', vmsOf(['a', 'b']), { title: 'Start' });
    await driveOperation(deps, id);
    expect(engine.sent).toEqual([]);
    expect(store.get(id)?.stoppedReason).toBe('storage');
    expect(store.get(id)?.items.map((i) => i.state)).toEqual(['cancelled', 'cancelled']);
    // The stored record still says nothing was sent: a reloaded page cannot think otherwise.
    const reloaded = createOperationsStore(storage).get(id);
    expect(reloaded?.items.every((i) => i.actionSentAt === undefined)).toBe(true);
  });

  it('keeps tracking what was sent before the storage refused', async () => {
    for (const id of ['a', 'b', 'c']) engine.add(id, 'down');
    const storage = failingStorage(3); // record, meta, first pre-send mark (meta unchanged)
    deps.store = store = createOperationsStore(storage);
    deps.storage = storage;
    deps.concurrency = 1;
    deps.maxInTransition = 1;
    const id = createVmOperation(deps, 'start', vmsOf(['a', 'b', 'c']), { title: 'Start' });
    await driveOperation(deps, id);
    expect(engine.sent.map((s) => s.id)).toEqual(['a']);
    expect(store.get(id)?.items.map((i) => i.state)).toEqual(['done', 'cancelled', 'cancelled']);
    expect(store.get(id)?.stoppedReason).toBe('storage');
  });
});
