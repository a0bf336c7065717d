import { describe, expect, it } from 'vitest';
import { createTranslator } from '../messages/catalogue';
import { createOperationsStore, type OperationStep } from './operationsStore';
import {
  createCloneOperation,
  driveClone,
  resumeClones,
  type CloneDeps,
  type ClonePort,
} from './vmCloneRunner';
import type { JobOutcome, VmState } from './vmOpsPort';

/** Session storage of one tab; `broken` makes writes of the record throw (quota). */
function memoryStorage() {
  const map = new Map<string, string>();
  const s = {
    broken: false,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (s.broken && k === 'ops-center:operations')
        throw new DOMException('quota', 'QuotaExceededError');
      map.set(k, v);
    },
    removeItem: (k: string) => {
      map.delete(k);
    },
  };
  return s;
}

interface FakeVm extends VmState {
  /** Reads left before a transition lands, and the status it lands in. */
  after?: { reads: number; status: string };
}

/**
 * A small engine: shutdown and start land after one read; a clone appears `image_locked` and is
 * down two reads later. `sent` lists every POST, accepted or not.
 */
function fakeEngine() {
  const vms = new Map<string, FakeVm>([['orig', { id: 'orig', name: 'db', status: 'up' }]]);
  const jobs = new Map<string, JobOutcome>();
  const sent: string[] = [];
  const step = (vm: FakeVm): void => {
    if (vm.after && --vm.after.reads <= 0) {
      vm.status = vm.after.status;
      delete vm.after;
    }
  };
  const port: ClonePort = {
    vm: {
      sendAction(vmId, action, { correlationId }) {
        sent.push(`${action}:${vmId}`);
        const vm = vms.get(vmId);
        if (!vm) return Promise.reject(new Error('404'));
        jobs.set(correlationId, { status: 'finished' });
        if (action === 'shutdown') {
          vm.status = 'powering_down';
          vm.after = { reads: 1, status: 'down' };
        } else if (action === 'start') {
          vm.status = 'wait_for_launch';
          vm.after = { reads: 1, status: 'up' };
        }
        return Promise.resolve();
      },
      readVms(ids) {
        return Promise.resolve(
          ids.flatMap((id) => {
            const vm = vms.get(id);
            if (!vm) return [];
            step(vm);
            return [{ id: vm.id, name: vm.name, status: vm.status }];
          }),
        );
      },
      jobOutcome: (cid) => Promise.resolve(jobs.get(cid)),
    },
    cloneVm(vmId, name, { correlationId }) {
      sent.push(`clone:${vmId}`);
      jobs.set(correlationId, { status: 'running' });
      engine.addClone(name, 'image_locked');
      return Promise.resolve();
    },
    findByName(name) {
      const vm = [...vms.values()].find((v) => v.name.toLowerCase() === name.toLowerCase());
      if (!vm) return Promise.resolve(undefined);
      step(vm);
      return Promise.resolve({ id: vm.id, name: vm.name, status: vm.status });
    },
  };
  const engine = {
    vms,
    jobs,
    sent,
    port,
    addClone(name: string, status: string): void {
      vms.set('copy', {
        id: 'copy',
        name,
        status,
        ...(status === 'image_locked' ? { after: { reads: 2, status: 'down' } } : {}),
      });
    },
  };
  return engine;
}

function setup(engine: ReturnType<typeof fakeEngine>, startClone = false) {
  const storage = memoryStorage();
  const store = createOperationsStore(storage);
  let clock = 1_000;
  const deps: CloneDeps = {
    port: engine.port,
    store,
    storage,
    t: createTranslator('en-US'),
    shutdownTimeoutMs: 60_000,
    startTimeoutMs: 60_000,
    pollMs: 1000,
    now: () => clock,
    sleep: (ms) => {
      clock += ms;
      return Promise.resolve();
    },
  };
  const opId = createCloneOperation(
    deps,
    { id: 'orig', name: 'db', status: 'up' },
    'db-copy',
    startClone,
  );
  /** What a page that went away left in the record: step states, the first send's time. */
  const leftBy = (states: OperationStep['state'][]): void => {
    const op = store.get(opId);
    store.update(opId, {
      steps: (op?.steps ?? []).map((s, i) => ({ ...s, state: states[i] ?? s.state })),
      items: (op?.items ?? []).map((i) => ({ ...i, state: 'in_progress', actionSentAt: 900 })),
    });
  };
  return { deps, store, storage, opId, leftBy };
}

const count = (sent: string[], what: string): number => sent.filter((s) => s === what).length;

describe('safe clone', () => {
  it('runs every step once: shutdown, clone, start of the original', async () => {
    const engine = fakeEngine();
    const { deps, store, opId } = setup(engine);
    await driveClone(deps, opId);
    expect(engine.sent).toEqual(['shutdown:orig', 'clone:orig', 'start:orig']);
    expect(store.get(opId)?.state).toBe('done');
    expect(store.get(opId)?.steps?.map((s) => s.state)).toEqual([
      'done',
      'done',
      'done',
      'done',
      'done',
      'skipped',
    ]);
    expect(engine.vms.get('orig')?.status).toBe('up');
  });

  it('starts the clone too when asked, once', async () => {
    const engine = fakeEngine();
    const { deps, store, opId } = setup(engine, true);
    await driveClone(deps, opId);
    expect(engine.sent).toEqual(['shutdown:orig', 'clone:orig', 'start:orig', 'start:copy']);
    expect(store.get(opId)?.state).toBe('done');
  });
});

describe('safe clone resumed after a reload re-derives its step from the engine', () => {
  it('after the shutdown was sent: waits for down, never shuts down again', async () => {
    const engine = fakeEngine();
    const { deps, store, opId, leftBy } = setup(engine);
    const orig = engine.vms.get('orig');
    if (orig) Object.assign(orig, { status: 'powering_down', after: { reads: 2, status: 'down' } });
    engine.jobs.set(`${store.get(opId)?.correlationId ?? ''}-1`, { status: 'running' });
    leftBy(['running', 'running']);
    await driveClone(deps, opId);
    expect(count(engine.sent, 'shutdown:orig')).toBe(0);
    expect(engine.sent).toEqual(['clone:orig', 'start:orig']);
    expect(store.get(opId)?.state).toBe('done');
  });

  it('after the clone was sent but before the clone appears: waits for it, never clones again', async () => {
    const engine = fakeEngine();
    const { deps, store, opId, leftBy } = setup(engine);
    const orig = engine.vms.get('orig');
    if (orig) orig.status = 'down';
    // The engine has the clone's job; the VM shows up a few reads later.
    engine.jobs.set(`${store.get(opId)?.correlationId ?? ''}-2`, { status: 'running' });
    let reads = 0;
    const find = engine.port.findByName.bind(engine.port);
    deps.port = {
      ...engine.port,
      findByName: (name, signal) => {
        if (++reads === 3) engine.addClone('db-copy', 'image_locked');
        return find(name, signal);
      },
    };
    leftBy(['done', 'done', 'running']);
    await driveClone(deps, opId);
    expect(count(engine.sent, 'clone:orig')).toBe(0);
    expect(engine.sent).toEqual(['start:orig']);
    expect(engine.vms.get('copy')?.status).toBe('down');
    expect(store.get(opId)?.state).toBe('done');
  });

  it('the clone exists and is still locked: waits for it to unlock, never clones again', async () => {
    const engine = fakeEngine();
    const { deps, store, opId, leftBy } = setup(engine);
    const orig = engine.vms.get('orig');
    if (orig) orig.status = 'down';
    engine.addClone('db-copy', 'image_locked');
    leftBy(['done', 'done', 'done', 'running']);
    await driveClone(deps, opId);
    expect(count(engine.sent, 'clone:orig')).toBe(0);
    expect(engine.sent).toEqual(['start:orig']);
    expect(store.get(opId)?.steps?.[3]?.state).toBe('done');
    expect(store.get(opId)?.state).toBe('done');
  });

  it('the clone exists and is down: goes on with the start, never clones again', async () => {
    const engine = fakeEngine();
    const { deps, store, opId, leftBy } = setup(engine, true);
    const orig = engine.vms.get('orig');
    if (orig) orig.status = 'down';
    engine.addClone('db-copy', 'down');
    leftBy(['done', 'done', 'running']);
    await driveClone(deps, opId);
    expect(engine.sent).toEqual(['start:orig', 'start:copy']);
    expect(store.get(opId)?.state).toBe('done');
  });

  it('after the start of the original was sent: waits for up, never starts it again', async () => {
    const engine = fakeEngine();
    const { deps, store, opId, leftBy } = setup(engine);
    const orig = engine.vms.get('orig');
    if (orig) Object.assign(orig, { status: 'wait_for_launch', after: { reads: 2, status: 'up' } });
    engine.addClone('db-copy', 'down');
    leftBy(['done', 'done', 'done', 'done', 'running']);
    await driveClone(deps, opId);
    expect(engine.sent).toEqual([]);
    expect(store.get(opId)?.state).toBe('done');
    expect(engine.vms.get('orig')?.status).toBe('up');
  });

  it('after the start of the clone was sent: waits for it, never starts it again', async () => {
    const engine = fakeEngine();
    const { deps, store, opId, leftBy } = setup(engine, true);
    engine.addClone('db-copy', 'wait_for_launch');
    const copy = engine.vms.get('copy');
    if (copy) copy.after = { reads: 4, status: 'up' };
    leftBy(['done', 'done', 'done', 'done', 'done', 'running']);
    await driveClone(deps, opId);
    expect(engine.sent).toEqual([]);
    expect(store.get(opId)?.state).toBe('done');
  });

  it('a clone sent by a page that died before it left, with no trace in the engine, fails without a second clone', async () => {
    const engine = fakeEngine();
    const { deps, store, opId, leftBy } = setup(engine);
    const orig = engine.vms.get('orig');
    if (orig) orig.status = 'down';
    leftBy(['done', 'done', 'running']);
    await driveClone(deps, opId);
    expect(engine.sent).toEqual([]);
    const op = store.get(opId);
    expect(op?.state).toBe('failed');
    expect(op?.steps?.[3]?.state).toBe('failed');
    expect(op?.items[0]?.error).toMatch(/the clone was not created/);
  });

  it('is picked up by resumeClones (what resumeAll runs on any page)', async () => {
    const engine = fakeEngine();
    const { deps, store, opId, leftBy } = setup(engine);
    const orig = engine.vms.get('orig');
    if (orig) orig.status = 'down';
    engine.addClone('db-copy', 'image_locked');
    leftBy(['done', 'done', 'done', 'running']);
    resumeClones(deps);
    // The run resumeClones started: driving again joins it instead of starting a second one.
    await driveClone(deps, opId);
    expect(engine.sent).toEqual(['start:orig']);
    expect(store.get(opId)?.state).toBe('done');
  });
});

describe('safe clone checks the step again right before sending', () => {
  it('does not shut down when another page marked the shutdown while this one was reading', async () => {
    const engine = fakeEngine();
    const { deps, store, opId } = setup(engine);
    const read = engine.port.vm.readVms.bind(engine.port.vm);
    let first = true;
    deps.port = {
      ...engine.port,
      vm: {
        ...engine.port.vm,
        readVms: async (ids, signal) => {
          const out = await read(ids, signal);
          if (first) {
            first = false;
            const op = store.get(opId);
            store.update(opId, {
              steps: (op?.steps ?? []).map((s, i) => (i === 0 ? { ...s, state: 'running' } : s)),
            });
          }
          return out;
        },
      },
    };
    await driveClone(deps, opId);
    expect(engine.sent).toEqual([]);
  });
});

describe('safe clone fails closed when the browser refuses to store the record', () => {
  it('sends nothing when the mark before the shutdown cannot be stored, and says why', async () => {
    const engine = fakeEngine();
    const { deps, store, storage, opId } = setup(engine);
    storage.broken = true;
    await driveClone(deps, opId);
    expect(engine.sent).toEqual([]);
    const op = store.get(opId);
    expect(op?.stoppedReason).toBe('storage');
    expect(op?.state).toBe('failed');
    storage.broken = false;
    const reloaded = createOperationsStore(storage).get(opId);
    expect(reloaded?.items[0]?.actionSentAt).toBeUndefined();
    expect(reloaded?.steps?.[0]?.state).toBe('pending');
  });

  it('does not clone when the mark before the clone cannot be stored', async () => {
    const engine = fakeEngine();
    const { deps, store, storage, opId } = setup(engine);
    const send = engine.port.vm.sendAction.bind(engine.port.vm);
    deps.port = {
      ...engine.port,
      vm: {
        ...engine.port.vm,
        sendAction: async (id, action, options) => {
          await send(id, action, options);
          storage.broken = true;
        },
      },
    };
    await driveClone(deps, opId);
    expect(engine.sent).toEqual(['shutdown:orig']);
    expect(store.get(opId)?.stoppedReason).toBe('storage');
    expect(store.get(opId)?.steps?.[2]?.state).toBe('failed');
  });
});
