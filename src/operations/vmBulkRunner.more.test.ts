// @vitest-environment jsdom
/**
 * More bulk-runner tests, written against the mutants StrykerJS left alive in vmBulkRunner.ts:
 * what the record says, what is sent and how often, after faults and resumes.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createOperationsStore, type OperationsStore } from './operationsStore';
import {
  cancelRest,
  createVmOperation,
  driveOperation,
  newCorrelationId,
  retryFailed,
  vmActionOf,
  type RunnerDeps,
  type Translate,
} from './vmBulkRunner';
import type { JobOutcome, VmOpsPort, VmState } from './vmOpsPort';
import { ActionError, ConnectionError } from '../rest/errors';
import type { VmAction } from './vmActions';
import { readMeta } from './operationMeta';

const t: Translate = (key, params) => (params ? `${key} ${JSON.stringify(params)}` : key);

interface Sent {
  id: string;
  action: VmAction;
  correlationId: string;
  hostId?: string;
  reason?: string;
  affinityClosure?: boolean;
}

/** A scripted engine: each read applies the VM's next scripted state. */
class Engine implements VmOpsPort {
  vms = new Map<string, VmState>();
  sent: Sent[] = [];
  reads: string[][] = [];
  /** What a send does to the VM: the states the next reads show. */
  script = new Map<string, Partial<VmState>[]>();
  onSend: (id: string) => Promise<void> = () => Promise.resolve();
  readFault: (() => Error | undefined) | undefined;
  jobs = new Map<string, JobOutcome>();
  jobAsks: string[] = [];

  add(id: string, status: string, extra: Partial<VmState> = {}): void {
    this.vms.set(id, { id, name: `vm-${id}`, status, ...extra });
  }

  sendAction(id: string, action: VmAction, o: Omit<Sent, 'id' | 'action'>): Promise<void> {
    this.sent.push({ id, action, ...o });
    return this.onSend(id);
  }

  readVms(ids: readonly string[]): Promise<VmState[]> {
    this.reads.push([...ids]);
    const fault = this.readFault?.();
    if (fault) return Promise.reject(fault);
    const out: VmState[] = [];
    for (const id of ids) {
      const vm = this.vms.get(id);
      if (!vm) continue;
      if (this.sent.some((s) => s.id === id)) {
        const next = this.script.get(id)?.shift();
        if (next) Object.assign(vm, next);
      }
      out.push({ ...vm });
    }
    return Promise.resolve(out);
  }

  jobOutcome(correlationId: string): Promise<JobOutcome | undefined> {
    this.jobAsks.push(correlationId);
    return Promise.resolve(this.jobs.get(correlationId));
  }
}

let store: OperationsStore;
let engine: Engine;
let deps: RunnerDeps;

beforeEach(() => {
  sessionStorage.clear();
  store = createOperationsStore(sessionStorage);
  engine = new Engine();
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

const vm = (id: string): VmState => ({ ...(engine.vms.get(id) as VmState) });
const item = (opId: string, id: string) => store.get(opId)?.items.find((i) => i.id === id);

describe('vmActionOf and correlation ids', () => {
  it('maps every VM operation kind to the action it sends, and nothing else', () => {
    expect(vmActionOf('vm-start')).toBe('start');
    expect(vmActionOf('vm-shutdown')).toBe('shutdown');
    expect(vmActionOf('vm-stop')).toBe('stop');
    expect(vmActionOf('vm-reboot')).toBe('reboot');
    expect(vmActionOf('vm-suspend')).toBe('suspend');
    expect(vmActionOf('vm-migrate')).toBe('migrate');
    expect(vmActionOf('host-evacuate')).toBeUndefined();
    expect(vmActionOf('vm-clone')).toBeUndefined();
  });

  it('makes correlation ids the engine accepts, of one length, different every time', () => {
    const ids = Array.from({ length: 50 }, () => newCorrelationId());
    for (const id of ids) expect(id).toMatch(/^oc[0-9a-f]{16}$/);
    expect(new Set(ids).size).toBe(50);
  });
});

describe('createVmOperation', () => {
  it('one item per VM even when a VM is listed twice, each with its own correlation id', () => {
    engine.add('a', 'down');
    engine.add('b', 'down');
    const id = createVmOperation(deps, 'start', [vm('a'), vm('b'), vm('a')], { title: 'Start' });
    const op = store.get(id);
    expect(op?.items.map((i) => i.id)).toEqual(['a', 'b']);
    expect(op?.items.map((i) => i.correlationId)).toEqual([
      `${op?.correlationId}-1`,
      `${op?.correlationId}-2`,
    ]);
    // Engine correlation ids: [0-9a-zA-Z_-]{1,36}.
    for (const i of op?.items ?? []) expect(i.correlationId).toMatch(/^[0-9a-zA-Z_-]{1,36}$/);
    expect(op?.kind).toBe('vm-start');
    expect(op?.title).toBe('Start');
    expect(op?.state).toBe('running');
    expect(op?.finishedAt).toBeUndefined();
  });

  it('a reason goes only with shutdown and power off, trimmed, and never when blank', async () => {
    engine.add('a', 'down');
    engine.add('b', 'up');
    engine.script.set('a', [{ status: 'up' }]);
    const start = createVmOperation(deps, 'start', [vm('a')], { title: 'S', reason: 'why' });
    expect(readMeta(sessionStorage, start).reason).toBeUndefined();
    const stop = createVmOperation(deps, 'stop', [vm('b')], { title: 'P', reason: '  hw  ' });
    expect(readMeta(sessionStorage, stop).reason).toBe('hw');
    const blank = createVmOperation(deps, 'shutdown', [vm('b')], { title: 'D', reason: '   ' });
    expect(readMeta(sessionStorage, blank).reason).toBeUndefined();
    await driveOperation(deps, start);
    expect(engine.sent[0]).not.toHaveProperty('reason');
  });

  it('a VM the caller marks as refused is skipped with that reason, never pending', () => {
    engine.add('a', 'up', { hostId: 'h1' });
    const id = createVmOperation(deps, 'migrate', [{ ...vm('a'), skip: 'pinnedToHost' }], {
      title: 'M',
    });
    expect(item(id, 'a')).toMatchObject({ state: 'skipped', detail: 'vms.skip.pinnedToHost' });
  });

  it('a skipped item is finished at creation, and an all-skipped record is settled at once', () => {
    engine.add('a', 'up');
    const id = createVmOperation(deps, 'start', [vm('a')], { title: 'S', now: 1234 });
    expect(item(id, 'a')).toMatchObject({ state: 'skipped', finishedAt: 1234 });
    expect(store.get(id)).toMatchObject({ state: 'done', finishedAt: 1234, startedAt: 1234 });
  });

  it('a busy VM is skipped naming its status in words', () => {
    engine.add('a', 'migrating');
    const id = createVmOperation(deps, 'start', [vm('a')], { title: 'S' });
    expect(item(id, 'a')?.detail).toBe('vms.skip.busy {"status":"vms.status.migrating"}');
  });

  it('stores where each VM was and the chosen host, for the tracker after a reload', () => {
    engine.add('a', 'up', { hostId: 'h1' });
    const id = createVmOperation(deps, 'migrate', [vm('a')], {
      title: 'M',
      hostId: 'h2',
      hostName: 'host-2',
    });
    expect(readMeta(sessionStorage, id)).toMatchObject({
      hostId: 'h2',
      hostName: 'host-2',
      fromHost: { a: 'h1' },
      fromStatus: { a: 'up' },
    });
  });

  it('the closure is kept only for migrations, and only for leaders that will be sent', () => {
    engine.add('a', 'up', { hostId: 'h1' });
    engine.add('f', 'up', { hostId: 'h1' });
    engine.add('s', 'down');
    engine.add('g', 'up', { hostId: 'h1' });
    const closure = new Map([
      ['a', [vm('f'), vm('a')]],
      ['s', [vm('g')]],
    ]);
    const id = createVmOperation(deps, 'migrate', [vm('a'), vm('s')], { title: 'M', closure });
    // "s" is down: skipped, so its follower is not added; "a" itself is not its own follower.
    expect(store.get(id)?.items.map((i) => [i.id, i.state])).toEqual([
      ['a', 'pending'],
      ['s', 'skipped'],
      ['f', 'pending'],
    ]);
    expect(readMeta(sessionStorage, id).closure).toEqual({ a: ['f'] });
    expect(item(id, 'f')).toMatchObject({ entity: 'vm', name: 'vm-f', target: 'up' });
    const op = store.get(id);
    expect(item(id, 'f')?.correlationId).toBe(`${op?.correlationId}-3`);
    // A leader that is not part of the operation brings no follower.
    const other = createVmOperation(deps, 'migrate', [vm('a')], {
      title: 'M',
      closure: new Map([['zz', [vm('g')]]]),
    });
    expect(store.get(other)?.items.map((i) => i.id)).toEqual(['a']);
    expect(readMeta(sessionStorage, other).closure).toEqual({});
    const start = createVmOperation(deps, 'start', [vm('s')], {
      title: 'S',
      closure: new Map([['s', [vm('g')]]]),
    });
    expect(store.get(start)?.items.map((i) => i.id)).toEqual(['s']);
    expect(readMeta(sessionStorage, start).closure).toBeUndefined();
  });
});

describe('cancelRest and retryFailed', () => {
  it('cancelRest leaves sent items to be tracked, and the record runs on', () => {
    engine.add('a', 'down');
    engine.add('b', 'down');
    const id = createVmOperation(deps, 'start', [vm('a'), vm('b')], { title: 'S' });
    store.updateItem(id, 'a', { state: 'sent', actionSentAt: 5 });
    cancelRest(store, id, 99);
    expect(item(id, 'a')).toMatchObject({ state: 'sent', actionSentAt: 5 });
    expect(item(id, 'a')?.finishedAt).toBeUndefined();
    expect(item(id, 'b')).toMatchObject({ state: 'cancelled', finishedAt: 99 });
    expect(store.get(id)?.state).toBe('running');
    expect(store.get(id)?.finishedAt).toBeUndefined();
  });

  it('cancelRest never touches an item with actionSentAt, nor a skipped one', () => {
    engine.add('a', 'down');
    engine.add('b', 'up');
    engine.add('c', 'down');
    const id = createVmOperation(deps, 'start', [vm('a'), vm('b'), vm('c')], { title: 'S' });
    // A record written by another version: still "pending", but the send was recorded.
    store.updateItem(id, 'a', { actionSentAt: 5 });
    cancelRest(store, id, 99);
    expect(item(id, 'a')).toMatchObject({ state: 'pending', actionSentAt: 5 });
    expect(item(id, 'b')?.state).toBe('skipped');
    expect(item(id, 'b')?.finishedAt).not.toBe(99);
    expect(item(id, 'c')?.state).toBe('cancelled');
  });

  it('cancelRest of a record with nothing sent settles it, with the time', () => {
    engine.add('a', 'down');
    const id = createVmOperation(deps, 'start', [vm('a')], { title: 'S' });
    cancelRest(store, id, 77);
    expect(store.get(id)).toMatchObject({ state: 'cancelled', finishedAt: 77 });
    expect(() => {
      cancelRest(store, 'no-such-operation');
    }).not.toThrow();
  });

  it('retryFailed does nothing while the operation runs, or for an unknown one', () => {
    engine.add('a', 'down');
    const id = createVmOperation(deps, 'start', [vm('a')], { title: 'S' });
    store.updateItem(id, 'a', { state: 'failed', error: 'x' });
    expect(retryFailed(store, id)).toBe(0);
    expect(item(id, 'a')?.state).toBe('failed');
    expect(retryFailed(store, 'nope')).toBe(0);
  });

  it('a retry is a new attempt: new correlation id, no trace of the failed one', async () => {
    engine.add('a', 'down');
    engine.add('b', 'down');
    engine.onSend = () =>
      Promise.reject(new ActionError('start', 'Operation Failed', 'No host.', { status: 409 }));
    const id = createVmOperation(deps, 'start', [vm('a'), vm('b')], { title: 'S' });
    await driveOperation(deps, id);
    expect(store.get(id)?.state).toBe('failed');
    const before = item(id, 'a')?.correlationId;
    expect(retryFailed(store, id)).toBe(2);
    const a = item(id, 'a');
    expect(a?.state).toBe('pending');
    expect(a?.correlationId).toBe(`${before}r`);
    for (const key of ['actionSentAt', 'finishedAt', 'error', 'detail', 'progress'])
      expect(a).not.toHaveProperty(key);
    expect(store.get(id)?.state).toBe('running');
    expect(store.get(id)?.finishedAt).toBeUndefined();
    // The record as stored says the same (a reload retries it, it does not skip it).
    expect(createOperationsStore(sessionStorage).get(id)?.items[0]?.state).toBe('pending');
    engine.onSend = (vmId) => {
      engine.script.set(vmId, [{ status: 'up' }]);
      return Promise.resolve();
    };
    await driveOperation(deps, id);
    expect(engine.sent.slice(2).map((s) => s.correlationId)).toEqual([
      `${before}r`,
      `${item(id, 'b')?.correlationId}`,
    ]);
    expect(store.get(id)?.state).toBe('done');
  });

  it('a retry with nothing failed changes nothing', () => {
    engine.add('a', 'up');
    const id = createVmOperation(deps, 'start', [vm('a')], { title: 'S' });
    const before = store.get(id);
    expect(retryFailed(store, id)).toBe(0);
    expect(store.get(id)).toEqual(before);
  });
});

describe('sending', () => {
  it('sends the chosen host and the correlation id, and the VM is done on that host', async () => {
    engine.add('a', 'up', { hostId: 'h1' });
    engine.script.set('a', [
      { status: 'migrating', migrationProgress: 42.4 },
      { status: 'up', hostId: 'h2', hostName: 'host-2' },
    ]);
    const id = createVmOperation(deps, 'migrate', [vm('a')], { title: 'M', hostId: 'h2' });
    const details: string[] = [];
    const off = store.subscribe(() => {
      const d = item(id, 'a')?.detail;
      if (d && details.at(-1) !== d) details.push(d);
    });
    await driveOperation(deps, id);
    off();
    expect(engine.sent).toEqual([
      { id: 'a', action: 'migrate', correlationId: item(id, 'a')?.correlationId, hostId: 'h2' },
    ]);
    expect(details).toContain('vms.migrate.progress {"percent":42}');
    expect(item(id, 'a')).toMatchObject({
      state: 'done',
      progress: 100,
      detail: 'vms.migrate.onHost {"host":"host-2"}',
    });
  });

  it('a migration without a chosen host is done when the VM is up on another host', async () => {
    engine.add('a', 'up', { hostId: 'h1' });
    engine.script.set('a', [{ status: 'migrating' }, { status: 'up', hostId: 'h3' }]);
    const id = createVmOperation(deps, 'migrate', [vm('a')], { title: 'M' });
    await driveOperation(deps, id);
    expect(engine.sent[0]).not.toHaveProperty('hostId');
    expect(engine.sent[0]).not.toHaveProperty('affinityClosure');
    expect(item(id, 'a')).toMatchObject({
      state: 'done',
      detail: 'vms.migrate.onHost {"host":"h3"}',
    });
  });

  it('a migration that ends up on its own host again is failed, saying it stayed', async () => {
    engine.add('a', 'up', { hostId: 'h1', hostName: 'host-1' });
    engine.script.set('a', [{ status: 'migrating' }, { status: 'up' }]);
    const id = createVmOperation(deps, 'migrate', [vm('a')], { title: 'M' });
    await driveOperation(deps, id);
    expect(engine.sent).toHaveLength(1);
    expect(item(id, 'a')).toMatchObject({
      state: 'failed',
      error: 'vms.migrate.stayed {"host":"host-1"}',
    });
  });

  it('a migration to a chosen host that lands elsewhere is failed, not done', async () => {
    engine.add('a', 'up', { hostId: 'h1' });
    engine.script.set('a', [{ status: 'migrating' }, { status: 'up', hostId: 'h3' }]);
    engine.jobs.set('x', { status: 'finished' });
    const id = createVmOperation(deps, 'migrate', [vm('a')], { title: 'M', hostId: 'h2' });
    await driveOperation(deps, id);
    expect(item(id, 'a')?.state).toBe('failed');
  });

  it('pre-send: a VM the engine no longer has fails as vanished, the others are sent', async () => {
    engine.add('a', 'down');
    engine.add('b', 'down');
    engine.script.set('b', [{ status: 'up' }]);
    const id = createVmOperation(deps, 'start', [vm('a'), vm('b')], { title: 'S' });
    engine.vms.delete('a');
    await driveOperation(deps, id);
    expect(engine.sent.map((s) => s.id)).toEqual(['b']);
    expect(item(id, 'a')).toMatchObject({ state: 'failed', error: 'vms.op.vanished' });
    expect(item(id, 'b')?.state).toBe('done');
    expect(store.get(id)?.state).toBe('partial');
  });

  it('a VM that vanishes after its send fails as vanished', async () => {
    engine.add('a', 'down');
    engine.onSend = (id) => {
      engine.vms.delete(id);
      return Promise.resolve();
    };
    const id = createVmOperation(deps, 'start', [vm('a')], { title: 'S' });
    await driveOperation(deps, id);
    expect(item(id, 'a')).toMatchObject({ state: 'failed', error: 'vms.op.vanished' });
  });

  it('the state seen right before sending becomes the reference: a VM moved meanwhile is followed from there', async () => {
    engine.add('a', 'up', { hostId: 'h1' });
    const id = createVmOperation(deps, 'migrate', [vm('a')], { title: 'M' });
    // It moved to h3 by itself before the send; it ends up on h3 again: it stayed.
    engine.add('a', 'up', { hostId: 'h3' });
    engine.script.set('a', [{ status: 'migrating' }, { status: 'up' }]);
    await driveOperation(deps, id);
    expect(readMeta(sessionStorage, id).fromHost.a).toBe('h3');
    expect(item(id, 'a')?.state).toBe('failed');
  });

  it('a VM the engine refuses by origin at send time is skipped with the reason', async () => {
    engine.add('a', 'down');
    const id = createVmOperation(deps, 'start', [vm('a')], { title: 'S' });
    engine.add('a', 'down', { origin: 'hosted_engine' });
    await driveOperation(deps, id);
    expect(engine.sent).toEqual([]);
    expect(item(id, 'a')?.state).toBe('skipped');
    expect(item(id, 'a')?.detail).toMatch(/^vms\.skip\./);
  });
});

describe('faults around the send', () => {
  it('a pre-send read that fails twice is tried again, and the VMs are sent once', async () => {
    engine.add('a', 'down');
    engine.script.set('a', [{ status: 'up' }]);
    let faults = 2;
    engine.readFault = () => (faults-- > 0 ? new ConnectionError('down', 'network') : undefined);
    const id = createVmOperation(deps, 'start', [vm('a')], { title: 'S' });
    await driveOperation(deps, id);
    expect(engine.sent).toHaveLength(1);
    expect(item(id, 'a')?.state).toBe('done');
    // Two failed reads and the good one, all before the one send.
    expect(engine.reads.slice(0, 3)).toEqual([['a'], ['a'], ['a']]);
  });

  it('a pre-send read that keeps failing fails the items with the reason, and sends nothing', async () => {
    engine.add('a', 'down');
    engine.add('b', 'down');
    engine.readFault = () => new ConnectionError('engine unreachable', 'network');
    const id = createVmOperation(deps, 'start', [vm('a'), vm('b')], { title: 'S' });
    await driveOperation(deps, id);
    expect(engine.sent).toEqual([]);
    expect(engine.reads).toHaveLength(3);
    expect(item(id, 'a')).toMatchObject({ state: 'failed', error: 'engine unreachable' });
    expect(item(id, 'b')).toMatchObject({ state: 'failed', error: 'engine unreachable' });
    expect(store.get(id)?.state).toBe('failed');
  });

  it('read failures reset after a good read: two bad reads per batch never fail anything', async () => {
    for (const id of ['a', 'b']) {
      engine.add(id, 'down');
      engine.script.set(id, [{ status: 'up' }]);
    }
    deps.concurrency = 1;
    deps.maxInTransition = 1;
    // Pre-send reads are the ones for a single, never-sent VM.
    let badInARow = 0;
    engine.readFault = () => {
      const last = engine.reads.at(-1) ?? [];
      const preSend = last.length === 1 && !engine.sent.some((s) => s.id === last[0]);
      if (preSend && badInARow < 2) {
        badInARow++;
        return new ConnectionError('blip', 'network');
      }
      if (preSend) badInARow = 0;
      return undefined;
    };
    const id = createVmOperation(deps, 'start', [vm('a'), vm('b')], { title: 'S' });
    await driveOperation(deps, id);
    expect(engine.sent.map((s) => s.id)).toEqual(['a', 'b']);
    expect(store.get(id)?.state).toBe('done');
  });

  it('no answer to the send: never sent again, followed to the target, done', async () => {
    engine.add('a', 'down');
    engine.script.set('a', [{ status: 'powering_up' }, { status: 'up' }]);
    engine.onSend = () => Promise.reject(new ConnectionError('timed out', 'timeout'));
    const id = createVmOperation(deps, 'start', [vm('a')], { title: 'S' });
    await driveOperation(deps, id);
    expect(engine.sent).toHaveLength(1);
    expect(item(id, 'a')).toMatchObject({ state: 'done', detail: 'vms.status.up' });
  });

  it('no answer and the VM never moves: failed with the send error, not sent again', async () => {
    engine.add('a', 'down');
    engine.onSend = () => Promise.reject(new ConnectionError('connection reset', 'network'));
    const id = createVmOperation(deps, 'start', [vm('a')], { title: 'S' });
    await driveOperation(deps, id);
    expect(engine.sent).toHaveLength(1);
    expect(item(id, 'a')).toMatchObject({ state: 'failed', error: 'connection reset' });
    // Only after several reads with no job for it.
    expect(engine.reads.length).toBeGreaterThanOrEqual(6);
  });

  it('a sent item with no job is not given up before the unconfirmed delay', async () => {
    engine.add('a', 'down');
    const id = createVmOperation(deps, 'start', [vm('a')], { title: 'S' });
    store.updateItem(id, 'a', { state: 'sent', actionSentAt: 1 });
    let clock = 1000;
    deps.now = () => (clock += 10);
    deps.unconfirmedAfterMs = 500;
    deps.timeoutMs = () => 10 ** 9;
    await driveOperation(deps, id);
    expect(item(id, 'a')).toMatchObject({ state: 'failed', error: 'vms.op.unconfirmed' });
    // 10 ms per now() call: it waited for the delay, not just for 6 reads.
    expect(engine.reads.length).toBeGreaterThan(6);
    expect(engine.sent).toEqual([]);
  });

  it('an in-progress item resumed (request known to have left) is never given up as unconfirmed', async () => {
    engine.add('a', 'down');
    const id = createVmOperation(deps, 'start', [vm('a')], { title: 'S' });
    store.updateItem(id, 'a', { state: 'in_progress', actionSentAt: 1 });
    let clock = 1000;
    deps.now = () => (clock += 100);
    deps.timeoutMs = () => 5000;
    await driveOperation(deps, id);
    expect(item(id, 'a')?.state).toBe('failed');
    expect(item(id, 'a')?.error).toContain('vms.op.timeout');
    expect(item(id, 'a')?.error).toContain('"seconds":5,');
    expect(item(id, 'a')?.error).toContain('"status":"vms.status.down"');
  });

  it('a resumed reboot whose job finished while nobody watched is done', async () => {
    engine.add('a', 'up');
    const id = createVmOperation(deps, 'reboot', [vm('a')], { title: 'R' });
    const cid = item(id, 'a')?.correlationId ?? '';
    store.updateItem(id, 'a', { state: 'sent', actionSentAt: Date.now() });
    engine.jobs.set(cid, { status: 'finished' });
    await driveOperation(deps, id);
    expect(engine.sent).toEqual([]);
    expect(item(id, 'a')).toMatchObject({ state: 'done', progress: 100 });
  });

  it('a reboot resumed with its job still running is not done yet', async () => {
    engine.add('a', 'up');
    const id = createVmOperation(deps, 'reboot', [vm('a')], { title: 'R' });
    const cid = item(id, 'a')?.correlationId ?? '';
    store.updateItem(id, 'a', { state: 'sent', actionSentAt: 1 });
    engine.jobs.set(cid, { status: 'running' });
    let clock = 1000;
    deps.now = () => (clock += 100);
    deps.timeoutMs = () => 3000;
    await driveOperation(deps, id);
    expect(engine.sent).toEqual([]);
    expect(item(id, 'a')?.state).toBe('failed');
    expect(item(id, 'a')?.error).toContain('vms.op.timeout');
  });

  it('a VM back where it started after moving has failed, with the job error when there is one', async () => {
    engine.add('a', 'up');
    engine.add('b', 'up');
    engine.script.set('a', [{ status: 'powering_down' }, { status: 'up' }]);
    engine.script.set('b', [{ status: 'powering_down' }, { status: 'up' }]);
    const id = createVmOperation(deps, 'shutdown', [vm('a'), vm('b')], { title: 'D' });
    engine.jobs.set(item(id, 'b')?.correlationId ?? '', {
      status: 'finished',
      error: 'Guest refused',
    });
    await driveOperation(deps, id);
    expect(item(id, 'a')).toMatchObject({
      state: 'failed',
      error: 'vms.op.unexpected {"status":"vms.status.up","target":"vms.status.down"}',
    });
    expect(item(id, 'b')).toMatchObject({ state: 'failed', error: 'Guest refused' });
    expect(engine.sent).toHaveLength(2);
  });

  it('a failed job fails the item in the engine words, or says what the VM is doing', async () => {
    engine.add('a', 'down');
    engine.add('b', 'down');
    const id = createVmOperation(deps, 'start', [vm('a'), vm('b')], { title: 'S' });
    engine.jobs.set(item(id, 'a')?.correlationId ?? '', { status: 'failed', error: 'No host' });
    engine.jobs.set(item(id, 'b')?.correlationId ?? '', { status: 'failed' });
    await driveOperation(deps, id);
    expect(item(id, 'a')).toMatchObject({ state: 'failed', error: 'No host' });
    expect(item(id, 'b')).toMatchObject({
      state: 'failed',
      error: 'vms.op.unexpected {"status":"vms.status.down","target":"up"}',
    });
  });

  it('a VM that has not moved is checked against its job every third read (reads 3 and 6 of 7), not every read', async () => {
    engine.add('a', 'down');
    engine.script.set('a', [
      { status: 'down' },
      { status: 'down' },
      { status: 'down' },
      { status: 'down' },
      { status: 'down' },
      { status: 'down' },
      { status: 'down' },
      { status: 'up' },
    ]);
    const id = createVmOperation(deps, 'start', [vm('a')], { title: 'S' });
    engine.jobs.set(item(id, 'a')?.correlationId ?? '', { status: 'running' });
    await driveOperation(deps, id);
    expect(item(id, 'a')?.state).toBe('done');
    expect(engine.jobAsks).toHaveLength(2);
  });
});

describe('closure leaders and followers', () => {
  function closureOp(): string {
    engine.add('a', 'up', { hostId: 'h1' });
    engine.add('f', 'up', { hostId: 'h1' });
    return createVmOperation(deps, 'migrate', [vm('a')], {
      title: 'M',
      closure: new Map([['a', [vm('f')]]]),
    });
  }

  it('a leader that vanishes before its send takes its follower with it, unsent', async () => {
    const id = closureOp();
    engine.vms.delete('a');
    await driveOperation(deps, id);
    expect(engine.sent).toEqual([]);
    expect(item(id, 'f')).toMatchObject({ state: 'failed', error: 'vms.op.vanished' });
  });

  it('a leader skipped at send time skips its follower with the same words', async () => {
    const id = closureOp();
    engine.add('a', 'down', { hostId: 'h1' });
    await driveOperation(deps, id);
    expect(engine.sent).toEqual([]);
    expect(item(id, 'a')?.state).toBe('skipped');
    expect(item(id, 'f')).toMatchObject({ state: 'skipped', detail: item(id, 'a')?.detail });
  });

  it('a leader whose pre-send reads keep failing fails its follower too', async () => {
    const id = closureOp();
    engine.readFault = () => new ConnectionError('unreachable', 'network');
    await driveOperation(deps, id);
    expect(engine.sent).toEqual([]);
    expect(item(id, 'f')).toMatchObject({ state: 'failed', error: 'unreachable' });
  });

  it('the leader goes once with the closure flag; the follower is never sent alone', async () => {
    const id = closureOp();
    engine.script.set('a', [{ status: 'migrating' }, { status: 'up', hostId: 'h2' }]);
    engine.onSend = () => {
      engine.script.set('f', [{ status: 'migrating' }, { status: 'up', hostId: 'h2' }]);
      engine.sent.push({ id: 'f', action: 'migrate', correlationId: 'by-engine' });
      return Promise.resolve();
    };
    await driveOperation(deps, id);
    expect(engine.sent.filter((s) => s.correlationId !== 'by-engine')).toEqual([
      expect.objectContaining({ id: 'a', affinityClosure: true }),
    ]);
    expect(item(id, 'f')?.state).toBe('done');
    expect(item(id, 'f')?.actionSentAt).toBeTypeOf('number');
  });
});

/*
 * The drive loop's survivors of the mutation run of lines 252-450 (issue 11 point 7): what is
 * driven at all, what the record says while items move, when an item counts as arrived.
 */
describe('driveOperation drives only what it may', () => {
  it('an unknown id or a record of another kind is left alone: nothing read, sent or written', async () => {
    await expect(driveOperation(deps, 'nope')).resolves.toBeUndefined();
    const evacuation = {
      id: 'evac',
      kind: 'host-evacuate' as const,
      title: 'Maintenance',
      correlationId: 'oc9',
      startedAt: 1,
      state: 'running' as const,
      items: [
        {
          entity: 'vm' as const,
          id: 'a',
          name: 'vm-a',
          state: 'pending' as const,
          correlationId: 'oc9-1',
        },
      ],
    };
    store.create(evacuation);
    engine.add('a', 'up');
    // A bound, so a run that drives it anyway ends and is caught instead of polling forever.
    const controller = new AbortController();
    const read = engine.readVms.bind(engine);
    engine.readVms = (ids) => {
      if (engine.reads.length > 20) controller.abort();
      return read(ids);
    };
    await driveOperation(deps, 'evac', controller.signal);
    expect(store.get('evac')).toEqual(evacuation);
    expect(engine.sent).toEqual([]);
    expect(engine.reads).toEqual([]);
    expect(sessionStorage.getItem('ops-center:operations:lease:evac')).toBeNull();
  });

  it('a record dismissed while its VM is followed: the run lets go instead of polling forever', async () => {
    engine.add('a', 'down');
    engine.script.set(
      'a',
      Array.from({ length: 100 }, () => ({ status: 'wait_for_launch' })),
    );
    const id = createVmOperation(deps, 'start', [vm('a')], { title: 'S' });
    const controller = new AbortController();
    const read = engine.readVms.bind(engine);
    engine.readVms = (ids) => {
      // Read 1 is the pre-send read; read 2 the first tracking read.
      if (engine.reads.length === 1) store.remove(id);
      if (engine.reads.length > 20) controller.abort();
      return read(ids);
    };
    await driveOperation(deps, id, controller.signal);
    expect(controller.signal.aborted).toBe(false);
    expect(engine.reads).toHaveLength(2);
    expect(engine.sent).toHaveLength(1);
  });

  it('an abort while waiting for a free slot ends the run at once; the rest is never sent', async () => {
    engine.add('a', 'down');
    engine.add('b', 'down');
    engine.script.set(
      'a',
      Array.from({ length: 500 }, () => ({ status: 'wait_for_launch' })),
    );
    deps.maxInTransition = 1;
    let clock = 1000;
    deps.now = () => clock;
    deps.sleep = (ms) => {
      clock += ms;
      return Promise.resolve();
    };
    deps.pollMs = 1000;
    const controller = new AbortController();
    const read = engine.readVms.bind(engine);
    engine.readVms = (ids) => {
      if (engine.reads.length === 3) controller.abort();
      return read(ids);
    };
    const id = createVmOperation(deps, 'start', [vm('a'), vm('b')], { title: 'S' });
    await driveOperation(deps, id, controller.signal);
    expect(engine.sent.map((s) => s.id)).toEqual(['a']);
    // Stopped at the abort, not when `a` timed out a minute later.
    expect(item(id, 'a')?.state).not.toBe('failed');
    expect(item(id, 'b')?.state).toBe('pending');
  });
});

describe('what the record says while items move', () => {
  it('the record is finished only with its last item; a failed item does not say it is up', async () => {
    engine.add('a', 'down');
    engine.add('b', 'down');
    engine.script.set('a', [{ status: 'powering_up' }, { status: 'up' }]);
    // b never moves: its failed job is found on the third read, after a is up.
    engine.script.set(
      'b',
      Array.from({ length: 5 }, () => ({ status: 'down' })),
    );
    const id = createVmOperation(deps, 'start', [vm('a'), vm('b')], { title: 'S' });
    engine.jobs.set(item(id, 'b')?.correlationId ?? '', { status: 'failed' });
    const early: string[] = [];
    const off = store.subscribe(() => {
      const op = store.get(id);
      if (op?.items.some((i) => i.state !== 'done' && i.state !== 'failed'))
        if (op.finishedAt !== undefined || op.state !== 'running') early.push(op.state);
    });
    await driveOperation(deps, id);
    off();
    expect(early).toEqual([]);
    expect(item(id, 'a')).toMatchObject({ state: 'done', detail: 'vms.status.up' });
    expect(item(id, 'b')?.state).toBe('failed');
    expect(item(id, 'b')?.detail).not.toBe('vms.status.up');
    expect(store.get(id)).toMatchObject({ state: 'partial' });
  });

  it('the drawer shows each status on the way, then where the VM ended', async () => {
    engine.add('a', 'down');
    engine.script.set('a', [
      { status: 'wait_for_launch' },
      { status: 'powering_up' },
      { status: 'up' },
    ]);
    const id = createVmOperation(deps, 'start', [vm('a')], { title: 'S' });
    const seen: string[] = [];
    const off = store.subscribe(() => {
      const it = item(id, 'a');
      const s = `${it?.state ?? ''} ${it?.detail ?? ''}`;
      if (seen.at(-1) !== s) seen.push(s);
    });
    await driveOperation(deps, id);
    off();
    expect(seen).toContain('in_progress vms.status.wait_for_launch');
    expect(seen).toContain('in_progress vms.status.powering_up');
    expect(seen.at(-1)).toBe('done vms.status.up');
  });

  it('a migration shows its progress when the engine gives one, its status when not', async () => {
    engine.add('a', 'up', { hostId: 'h1' });
    engine.script.set('a', [
      { status: 'migrating' },
      { status: 'migrating', migrationProgress: 42.4 },
      { status: 'up', hostId: 'h2', hostName: 'host-2' },
    ]);
    const id = createVmOperation(deps, 'migrate', [vm('a')], { title: 'M', hostId: 'h2' });
    const seen: string[] = [];
    const off = store.subscribe(() => {
      const it = item(id, 'a');
      const s = `${it?.detail ?? ''} ${it?.progress ?? '-'}`;
      if (seen.at(-1) !== s) seen.push(s);
    });
    await driveOperation(deps, id);
    off();
    expect(seen).toContain('vms.status.migrating -');
    expect(seen).toContain('vms.migrate.progress {"percent":42} 42.4');
  });
});

describe('when a VM counts as arrived', () => {
  it('a migration is not done while migrating, even once the engine names the destination', async () => {
    engine.add('a', 'up', { hostId: 'h1' });
    engine.script.set('a', [
      { status: 'migrating', hostId: 'h2', hostName: 'handover' },
      { status: 'up', hostId: 'h2', hostName: 'host-2' },
    ]);
    const id = createVmOperation(deps, 'migrate', [vm('a')], { title: 'M', hostId: 'h2' });
    await driveOperation(deps, id);
    expect(item(id, 'a')).toMatchObject({
      state: 'done',
      detail: 'vms.migrate.onHost {"host":"host-2"}',
    });
  });

  it('a reboot is done only when the VM is up again, not while it reboots', async () => {
    engine.add('a', 'up');
    engine.script.set('a', [{ status: 'reboot_in_progress' }, { status: 'down' }]);
    const id = createVmOperation(deps, 'reboot', [vm('a')], { title: 'R' });
    await driveOperation(deps, id);
    expect(engine.sent).toHaveLength(1);
    expect(item(id, 'a')).toMatchObject({
      state: 'failed',
      error: 'vms.op.unexpected {"status":"vms.status.down","target":"vms.status.up"}',
    });
  });
});

describe('a send whose outcome is unknown', () => {
  it('a job seen once proves the request arrived: its later absence does not fail the item', async () => {
    engine.add('a', 'up');
    engine.script.set('a', [
      ...Array.from({ length: 7 }, () => ({ status: 'up' })),
      { status: 'down' },
    ]);
    const id = createVmOperation(deps, 'shutdown', [vm('a')], { title: 'D' });
    // Resumed: the previous page marked it sent and may have died before the request left.
    store.updateItem(id, 'a', { state: 'sent', actionSentAt: Date.now() });
    const cid = item(id, 'a')?.correlationId ?? '';
    // The fake engine plays a VM's script once it was sent: here, by the previous page.
    engine.sent.push({ id: 'a', action: 'shutdown', correlationId: cid });
    engine.jobs.set(cid, { status: 'running' });
    engine.jobOutcome = (c) => {
      engine.jobAsks.push(c);
      const job = engine.jobs.get(c);
      // The engine clears the job after the first answer (it ended; jobs are purged).
      engine.jobs.delete(c);
      return Promise.resolve(job);
    };
    await driveOperation(deps, id);
    expect(engine.sent).toHaveLength(1);
    expect(item(id, 'a')?.state).toBe('done');
  });

  it('a VM whose request is still unanswered is not read, so its wait is not judged from zero', async () => {
    engine.add('a', 'down');
    engine.add('b', 'down');
    engine.script.set('a', [
      { status: 'powering_up' },
      { status: 'powering_up' },
      { status: 'up' },
    ]);
    engine.script.set('b', [{ status: 'up' }]);
    let answerB: () => void = () => undefined;
    engine.onSend = (vmId) =>
      vmId === 'b'
        ? new Promise<void>((resolve) => {
            answerB = resolve;
          })
        : Promise.resolve();
    const read = engine.readVms.bind(engine);
    const readsWhileUnanswered: string[][] = [];
    let answered = false;
    engine.readVms = (ids) => {
      if (engine.reads.length >= 1 && !answered) readsWhileUnanswered.push([...ids]);
      if (engine.reads.length === 3) {
        answered = true;
        answerB();
      }
      return read(ids);
    };
    const id = createVmOperation(deps, 'start', [vm('a'), vm('b')], { title: 'S' });
    await driveOperation(deps, id);
    expect(readsWhileUnanswered.flat()).not.toContain('b');
    expect(item(id, 'b')?.state).toBe('done');
    expect(engine.sent.map((s) => s.id)).toEqual(['a', 'b']);
  });

  it('no answer and no trace: given up at the sixth read, naming the wait in seconds on timeout', async () => {
    engine.add('a', 'down');
    engine.onSend = () => Promise.reject(new ConnectionError('connection reset', 'network'));
    const id = createVmOperation(deps, 'start', [vm('a')], { title: 'S' });
    await driveOperation(deps, id);
    expect(item(id, 'a')).toMatchObject({ state: 'failed', error: 'connection reset' });
    // The pre-send read, then six tracking reads.
    expect(engine.reads).toHaveLength(7);
  });
});
