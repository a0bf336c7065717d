/**
 * Safe clone: how it reads the engine after each send. A send with no answer is followed until the
 * engine shows it arrived, or is called lost after six looks and ten seconds with no trace; an
 * answered send is never called lost; a resumed page re-derives each step from the engine and
 * never sends one again; the lease, the record and the time limits say what an admin expects.
 * Written against the mutants StrykerJS left alive in vmCloneRunner.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  createOperationsStore,
  OPERATIONS_STORAGE_KEY,
  type OperationStep,
} from './operationsStore';
import { isLeaseHeldByOther, tryAcquireLease } from './lease';
import {
  createCloneOperation,
  driveClone,
  resumeClones,
  type CloneDeps,
  type ClonePort,
} from './vmCloneRunner';
import type { Translate } from './vmBulkRunner';
import type { JobOutcome, VmState } from './vmOpsPort';
import { ActionError, ConnectionError } from '../rest/errors';

const t: Translate = (key, params) => (params ? `${key} ${JSON.stringify(params)}` : key);

function memoryStorage() {
  const map = new Map<string, string>();
  const s = {
    /** Writes of the operations record. */
    recordWrites: 0,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (k === OPERATIONS_STORAGE_KEY) s.recordWrites++;
      map.set(k, v);
    },
    removeItem: (k: string) => {
      map.delete(k);
    },
  };
  return s;
}

/**
 * A scripted engine. A VM's script gives its status at each next read (its last status stays);
 * an accepted shutdown or start scripts the usual path when none is set. `calls` lists every port
 * call in order (`read:<id>`, `find`, `job:<n>` for correlation suffix n, and the POSTs), `sent`
 * only the POSTs. No job is known unless a test sets one.
 */
function engine(original = 'up') {
  const vms = new Map<string, VmState>([['orig', { id: 'orig', name: 'db', status: original }]]);
  const scripts = new Map<string, string[]>();
  const jobs = new Map<string, JobOutcome>();
  const sent: string[] = [];
  const calls: string[] = [];
  /** POSTs that never reach the engine (no answer), refused ones (engine words), and ones that reach it but whose answer is lost. */
  const lost = new Set<string>();
  const dropped = new Set<string>();
  const refused = new Map<string, string>();
  const e = {
    vms,
    scripts,
    jobs,
    sent,
    calls,
    lost,
    dropped,
    refused,
    readFaults: 0,
    findFaults: 0,
    /** Finds that do not show the clone yet although it exists (the engine's list lags). */
    hiddenFinds: 0,
    /** Called at every port call, before it is answered. */
    onCall: undefined as unknown as (call: string) => void,
    count: (call: string) => calls.filter((c) => c === call).length,
    port: undefined as unknown as ClonePort,
  };
  e.onCall = () => undefined;
  const advance = (id: string): void => {
    const s = scripts.get(id)?.shift();
    const vm = vms.get(id);
    if (s && vm) vm.status = s;
  };
  const post = (what: string, effect: () => void): Promise<void> => {
    sent.push(what);
    calls.push(what);
    e.onCall(what);
    const words = refused.get(what);
    if (words !== undefined)
      return Promise.reject(new ActionError('x', 'Operation Failed', words, { status: 409 }));
    if (lost.has(what)) return Promise.reject(new ConnectionError('no answer', 'timeout'));
    effect();
    if (dropped.has(what)) return Promise.reject(new ConnectionError('no answer', 'timeout'));
    return Promise.resolve();
  };
  e.port = {
    vm: {
      sendAction: (vmId, action) =>
        post(`${action}:${vmId}`, () => {
          if (scripts.get(vmId)?.length) return;
          scripts.set(
            vmId,
            action === 'shutdown' ? ['powering_down', 'down'] : ['powering_up', 'up'],
          );
        }),
      readVms: (ids) => {
        calls.push(`read:${ids.join()}`);
        e.onCall(`read:${ids.join()}`);
        if (e.readFaults > 0) {
          e.readFaults--;
          return Promise.reject(new ConnectionError('blip', 'network'));
        }
        return Promise.resolve(
          ids.flatMap((id) => {
            advance(id);
            const vm = vms.get(id);
            return vm ? [{ ...vm }] : [];
          }),
        );
      },
      jobOutcome: (cid) => {
        const call = `job:${cid.slice(cid.lastIndexOf('-') + 1)}`;
        calls.push(call);
        e.onCall(call);
        return Promise.resolve(jobs.get(cid));
      },
    },
    cloneVm: (vmId, name) =>
      post(`clone:${vmId}`, () => {
        vms.set('copy', { id: 'copy', name, status: 'image_locked' });
        if (!scripts.has('copy')) scripts.set('copy', ['image_locked', 'down']);
      }),
    findByName: (name) => {
      calls.push('find');
      e.onCall('find');
      if (e.findFaults > 0) {
        e.findFaults--;
        return Promise.reject(new ConnectionError('blip', 'network'));
      }
      const vm = [...vms.values()].find((v) => v.name.toLowerCase() === name.toLowerCase());
      if (!vm) return Promise.resolve(undefined);
      if (e.hiddenFinds > 0) {
        e.hiddenFinds--;
        return Promise.resolve(undefined);
      }
      advance(vm.id);
      return Promise.resolve({ ...vm });
    },
  };
  return e;
}
type Engine = ReturnType<typeof engine>;

function setup(e: Engine, o: { startClone?: boolean; clock?: number; pollMs?: number } = {}) {
  const storage = memoryStorage();
  const store = createOperationsStore(storage);
  let clock = o.clock ?? 1_000_000;
  const sleeps: number[] = [];
  const deps: CloneDeps = {
    port: e.port,
    store,
    storage,
    t,
    shutdownTimeoutMs: 60_000,
    startTimeoutMs: 60_000,
    pollMs: o.pollMs ?? 1000,
    now: () => clock,
    sleep: (ms) => {
      sleeps.push(ms);
      clock += ms;
      return Promise.resolve();
    },
  };
  const orig = e.vms.get('orig') as VmState;
  const opId = createCloneOperation(deps, orig, 'db-copy', o.startClone ?? false);
  const op = () => store.get(opId);
  const corr = (n: number) => `${op()?.correlationId ?? ''}-${String(n)}`;
  const states = () => op()?.steps?.map((s) => s.state);
  /** What a page that went away left in the record: step states, the first send's time. */
  const leftBy = (stepStates: OperationStep['state'][], actionSentAt = clock - 100): void => {
    store.update(opId, {
      steps: (op()?.steps ?? []).map((s, i) => ({ name: s.name, state: stepStates[i] ?? s.state })),
      items: (op()?.items ?? []).map((i) => ({ ...i, state: 'in_progress', actionSentAt })),
    });
  };
  /** How long after the first send the flow ended (the item's finishedAt). */
  const endedAfterSend = () =>
    (op()?.items[0]?.finishedAt ?? NaN) - (op()?.items[0]?.actionSentAt ?? NaN);
  return {
    deps,
    store,
    storage,
    opId,
    op,
    corr,
    states,
    leftBy,
    endedAfterSend,
    sleeps,
    now: () => clock,
    setClock: (ms: number) => {
      clock = ms;
    },
  };
}

const forever = (status: string) => Array.from({ length: 500 }, () => status);

describe('a send with no answer and no trace in the engine is called lost after six looks and 10 s', () => {
  // Looks every pollMs; the shutdown's job is asked every third look while the VM has not moved.
  it.each([
    [1000, 11_000],
    [2000, 10_000],
    [5000, 25_000],
  ])(
    'shutdown, a look every %i ms: lost %i ms after the send, sent once',
    async (pollMs, after) => {
      const e = engine();
      e.lost.add('shutdown:orig');
      const s = setup(e, { pollMs });
      await driveClone(s.deps, s.opId);
      expect(e.sent).toEqual(['shutdown:orig']);
      expect(s.op()?.steps?.[1]).toMatchObject({ state: 'failed', detail: 'no answer' });
      expect(s.endedAfterSend()).toBe(after);
      // One question about the job every third look at the VM.
      expect(e.count('job:1')).toBe(Math.floor((e.count('read:orig') - 1) / 3));
    },
  );

  it.each([
    [1000, 10_000],
    [2000, 10_000],
    [5000, 25_000],
  ])('clone, a look every %i ms: lost %i ms after the send, sent once', async (pollMs, after) => {
    const e = engine('down');
    e.lost.add('clone:orig');
    const s = setup(e, { pollMs });
    await driveClone(s.deps, s.opId);
    expect(e.sent).toEqual(['clone:orig']);
    expect(s.op()?.steps?.[3]).toMatchObject({ state: 'failed', detail: 'no answer' });
    // The clone step is not shown done: nothing says the engine has it.
    expect(s.op()?.steps?.[2]?.state).not.toBe('done');
    expect(s.endedAfterSend()).toBe(after);
  });

  it('the start of the original with no answer and no trace: lost, in the words of the send, started once', async () => {
    const e = engine();
    e.lost.add('start:orig');
    const s = setup(e);
    await driveClone(s.deps, s.opId);
    expect(e.sent).toEqual(['shutdown:orig', 'clone:orig', 'start:orig']);
    expect(s.op()?.steps?.[4]).toMatchObject({ state: 'failed', detail: 'no answer' });
  });

  it('the start of the clone with no answer and no trace: lost, started once', async () => {
    const e = engine('down');
    e.lost.add('start:copy');
    const s = setup(e, { startClone: true });
    await driveClone(s.deps, s.opId);
    expect(e.sent).toEqual(['clone:orig', 'start:copy']);
    expect(s.op()?.steps?.[5]).toMatchObject({ state: 'failed', detail: 'no answer' });
    expect(s.states()?.slice(0, 5)).toEqual(['skipped', 'skipped', 'done', 'done', 'skipped']);
  });
});

describe('a send the engine did get is never called lost', () => {
  it('a shutdown with no answer while the VM powers down slowly (no job shown) is followed to down', async () => {
    const e = engine();
    e.dropped.add('shutdown:orig');
    e.onCall = (call) => {
      if (call === 'shutdown:orig')
        e.scripts.set('orig', [...forever('powering_down').slice(0, 30), 'down']);
    };
    const s = setup(e);
    await driveClone(s.deps, s.opId);
    expect(e.sent).toEqual(['shutdown:orig', 'clone:orig', 'start:orig']);
    expect(s.op()?.state).toBe('done');
    // Once the VM moved, its job is not asked about.
    expect(e.count('job:1')).toBe(0);
  });

  it('a shutdown with no answer whose job the engine shows running is waited for while the VM stays up', async () => {
    const e = engine();
    e.dropped.add('shutdown:orig');
    e.scripts.set('orig', [...forever('up').slice(0, 25), 'down']);
    const s = setup(e);
    e.jobs.set(s.corr(1), { status: 'running' });
    await driveClone(s.deps, s.opId);
    expect(s.op()?.state).toBe('done');
    expect(e.count('shutdown:orig')).toBe(1);
  });

  it('an answered shutdown whose job the engine no longer shows is waited for (20 s up, then down)', async () => {
    const e = engine();
    e.scripts.set('orig', [...forever('up').slice(0, 20), 'down']);
    const s = setup(e);
    await driveClone(s.deps, s.opId);
    expect(s.op()?.state).toBe('done');
    expect(e.sent).toEqual(['shutdown:orig', 'clone:orig', 'start:orig']);
  });

  it('an answered clone that the list shows only after 15 s, with no job shown, is waited for', async () => {
    const e = engine('down');
    e.hiddenFinds = 15;
    const s = setup(e);
    await driveClone(s.deps, s.opId);
    expect(s.op()?.state).toBe('done');
    expect(e.sent).toEqual(['clone:orig']);
  });

  it('a clone with no answer whose job finished before the list shows it: waited for two more looks', async () => {
    const e = engine('down');
    e.dropped.add('clone:orig');
    e.hiddenFinds = 2;
    const s = setup(e);
    e.jobs.set(s.corr(2), { status: 'finished' });
    await driveClone(s.deps, s.opId);
    expect(s.op()?.state).toBe('done');
    expect(s.op()?.steps?.[2]?.state).toBe('done');
  });

  it('a clone with no answer whose job is still running is waited for past the third look', async () => {
    const e = engine('down');
    e.dropped.add('clone:orig');
    e.hiddenFinds = 5;
    const s = setup(e);
    e.jobs.set(s.corr(2), { status: 'running' });
    await driveClone(s.deps, s.opId);
    expect(s.op()?.state).toBe('done');
  });

  it('a clone job that finished with no clone in three looks: the clone is missing, said at the third look', async () => {
    const e = engine('down');
    e.lost.add('clone:orig');
    const s = setup(e);
    e.jobs.set(s.corr(2), { status: 'finished' });
    await driveClone(s.deps, s.opId);
    expect(s.op()?.steps?.[3]).toMatchObject({ state: 'failed', detail: 'vms.clone.cloneMissing' });
    // Three looks, and one more for the summary of the failure.
    expect(e.count('find')).toBe(4);
    expect(s.endedAfterSend()).toBe(2000);
  });

  it('failed look-ups of the clone are not read as a missing clone', async () => {
    const e = engine('down');
    e.findFaults = 3;
    const s = setup(e);
    e.jobs.set(s.corr(2), { status: 'finished' });
    await driveClone(s.deps, s.opId);
    expect(s.op()?.state).toBe('done');
    expect(e.sent).toEqual(['clone:orig']);
  });
});

describe('how often the engine is asked about a job', () => {
  it('after an answered clone, every third look; after an unanswered one, every look', async () => {
    const answered = engine('down');
    answered.hiddenFinds = 4;
    const a = setup(answered);
    answered.jobs.set(a.corr(2), { status: 'running' });
    await driveClone(a.deps, a.opId);
    expect(answered.count('find')).toBe(6);
    expect(answered.count('job:2')).toBe(1);

    const unanswered = engine('down');
    unanswered.dropped.add('clone:orig');
    unanswered.hiddenFinds = 4;
    const u = setup(unanswered);
    unanswered.jobs.set(u.corr(2), { status: 'running' });
    await driveClone(u.deps, u.opId);
    expect(unanswered.count('job:2')).toBe(4);
    expect(u.op()?.state).toBe('done');
  });
});

describe('a job that failed without words', () => {
  it('a shutdown: the step says the VM did not reach down, from what status', async () => {
    const e = engine();
    e.scripts.set('orig', forever('up'));
    const s = setup(e);
    e.jobs.set(s.corr(1), { status: 'failed' });
    await driveClone(s.deps, s.opId);
    expect(s.op()?.steps?.[1]?.detail).toBe(
      'vms.op.unexpected {"status":"vms.status.up","target":"vms.status.down"}',
    );
  });

  it('a clone: the step says the clone is missing', async () => {
    const e = engine('down');
    e.lost.add('clone:orig');
    const s = setup(e);
    e.jobs.set(s.corr(2), { status: 'failed' });
    await driveClone(s.deps, s.opId);
    expect(s.op()?.steps?.[3]).toMatchObject({ state: 'failed', detail: 'vms.clone.cloneMissing' });
  });

  it('the start of the original: the engine words of its failed job', async () => {
    const e = engine();
    const s = setup(e);
    e.onCall = (call) => {
      if (call === 'start:orig') e.scripts.set('orig', forever('down'));
    };
    e.jobs.set(s.corr(3), { status: 'failed', error: 'No host to run the VM on.' });
    await driveClone(s.deps, s.opId);
    expect(s.op()?.steps?.[4]).toMatchObject({
      state: 'failed',
      detail: 'No host to run the VM on.',
    });
  });

  it('the start of the clone: the engine words of its failed job', async () => {
    const e = engine('down');
    const s = setup(e, { startClone: true });
    e.onCall = (call) => {
      if (call === 'start:copy') e.scripts.set('copy', forever('down'));
    };
    e.jobs.set(s.corr(4), { status: 'failed', error: 'Not enough memory.' });
    await driveClone(s.deps, s.opId);
    expect(s.op()?.steps?.[5]).toMatchObject({ state: 'failed', detail: 'Not enough memory.' });
  });
});

describe('time limits', () => {
  it('a shutdown gets its full time limit, counted from the send', async () => {
    const e = engine();
    e.scripts.set('orig', forever('powering_down'));
    const s = setup(e);
    s.deps.shutdownTimeoutMs = 5_000;
    await driveClone(s.deps, s.opId);
    expect(s.op()?.steps?.[1]?.detail).toBe(
      'vms.op.timeout {"target":"vms.status.down","seconds":5,"status":"vms.status.powering_down"}',
    );
    expect(s.endedAfterSend()).toBe(6_000);
  });

  it('a clone that never shows up gets its full time limit, and the step says it does not exist', async () => {
    const e = engine('down');
    e.hiddenFinds = 1_000;
    const s = setup(e);
    s.deps.cloneTimeoutMs = 5_000;
    e.jobs.set(s.corr(2), { status: 'running' });
    await driveClone(s.deps, s.opId);
    expect(s.op()?.steps?.[3]?.detail).toBe(
      'vms.op.timeout {"target":"vms.status.down","seconds":5,"status":"vms.op.vanished"}',
    );
    expect(s.endedAfterSend()).toBe(6_000);
  });

  it('a shutdown resumed after its time ran out fails at once, not after another full limit', async () => {
    const e = engine('powering_down');
    e.scripts.set('orig', forever('powering_down'));
    const s = setup(e);
    s.leftBy(['running', 'running'], s.now() - 120_000);
    const resumedAt = s.now();
    await driveClone(s.deps, s.opId);
    expect(s.op()?.steps?.[1]?.detail).toContain('vms.op.timeout');
    expect(s.op()?.items[0]?.finishedAt).toBe(resumedAt);
  });
});

describe('resumed after a reload: each step re-derived from the engine, none sent again', () => {
  it('after the shutdown: the clone leaves only once the VM is down; the steps end done', async () => {
    const e = engine('powering_down');
    e.scripts.set('orig', ['powering_down', 'powering_down', 'powering_down', 'down']);
    const s = setup(e);
    s.leftBy(['running', 'running']);
    let statusAtClone = '';
    e.onCall = (call) => {
      if (call === 'clone:orig') statusAtClone = e.vms.get('orig')?.status ?? '';
    };
    await driveClone(s.deps, s.opId);
    expect(statusAtClone).toBe('down');
    expect(e.sent).toEqual(['clone:orig', 'start:orig']);
    expect(s.states()).toEqual(['done', 'done', 'done', 'done', 'done', 'skipped']);
  });

  it('after the shutdown, with no trace of it and the VM still up: says so, never shuts down again', async () => {
    const e = engine();
    e.scripts.set('orig', forever('up'));
    const s = setup(e);
    s.leftBy(['running', 'pending']);
    const waitShown: (string | undefined)[] = [];
    e.onCall = () => waitShown.push(s.op()?.steps?.[1]?.state);
    await driveClone(s.deps, s.opId);
    expect(e.sent).toEqual([]);
    expect(s.op()?.steps?.[1]).toMatchObject({ state: 'failed', detail: 'vms.op.unconfirmed' });
    // While the resumed page follows the shutdown, its wait is shown running.
    expect(waitShown.every((st) => st === 'running')).toBe(true);
  });

  it('after the clone of a VM that was down: the skipped steps stay skipped, no wait for down', async () => {
    const e = engine('down');
    e.vms.set('copy', { id: 'copy', name: 'db-copy', status: 'down' });
    const s = setup(e);
    s.leftBy(['skipped', 'skipped', 'running']);
    await driveClone(s.deps, s.opId);
    expect(s.states()).toEqual(['skipped', 'skipped', 'done', 'done', 'skipped', 'skipped']);
    expect(e.calls[0]).toBe('find');
    expect(e.sent).toEqual([]);
  });

  it('after the clone, with no trace of it: says so, never clones again', async () => {
    const e = engine('down');
    const s = setup(e);
    s.leftBy(['skipped', 'skipped', 'running']);
    await driveClone(s.deps, s.opId);
    expect(e.sent).toEqual([]);
    expect(s.op()?.steps?.[3]).toMatchObject({ state: 'failed', detail: 'vms.op.unconfirmed' });
  });

  it('after the clone was accepted, a clone the list does not show yet is not called lost', async () => {
    const e = engine('down');
    e.vms.set('copy', { id: 'copy', name: 'db-copy', status: 'down' });
    e.hiddenFinds = 14;
    const s = setup(e);
    s.leftBy(['skipped', 'skipped', 'done', 'running']);
    await driveClone(s.deps, s.opId);
    expect(s.op()?.state).toBe('done');
  });

  it('after the start of the original: waits for up and shows the step done', async () => {
    const e = engine();
    e.scripts.set('orig', ['wait_for_launch', 'up']);
    e.vms.set('copy', { id: 'copy', name: 'db-copy', status: 'down' });
    const s = setup(e);
    s.leftBy(['done', 'done', 'done', 'done', 'running']);
    await driveClone(s.deps, s.opId);
    expect(e.sent).toEqual([]);
    expect(s.states()).toEqual(['done', 'done', 'done', 'done', 'done', 'skipped']);
  });

  it('after the start of the original, with no trace of it: says so, never starts it again', async () => {
    const e = engine();
    e.scripts.set('orig', forever('down'));
    e.vms.set('copy', { id: 'copy', name: 'db-copy', status: 'down' });
    const s = setup(e);
    s.leftBy(['done', 'done', 'done', 'done', 'running']);
    await driveClone(s.deps, s.opId);
    expect(e.sent).toEqual([]);
    expect(s.op()?.steps?.[4]).toMatchObject({ state: 'failed', detail: 'vms.op.unconfirmed' });
  });

  it('the original started again and later shut down by the admin: the clone is still started, the original left alone', async () => {
    const e = engine();
    e.scripts.set('orig', forever('down'));
    e.vms.set('copy', { id: 'copy', name: 'db-copy', status: 'down' });
    const s = setup(e, { startClone: true });
    s.leftBy(['done', 'done', 'done', 'done', 'done', 'pending']);
    await driveClone(s.deps, s.opId);
    expect(e.sent).toEqual(['start:copy']);
    expect(s.op()?.state).toBe('done');
    expect(e.vms.get('orig')?.status).toBe('down');
  });

  it('after the start of the clone, with no trace of it: says so, never starts it again', async () => {
    const e = engine('down');
    e.vms.set('copy', { id: 'copy', name: 'db-copy', status: 'down' });
    const s = setup(e, { startClone: true });
    s.leftBy(['skipped', 'skipped', 'done', 'done', 'skipped', 'running']);
    await driveClone(s.deps, s.opId);
    expect(e.sent).toEqual([]);
    expect(s.op()?.steps?.[5]).toMatchObject({ state: 'failed', detail: 'vms.op.unconfirmed' });
  });

  it('the clone deleted before its start: the flow fails saying it vanished', async () => {
    const e = engine('down');
    const s = setup(e, { startClone: true });
    s.leftBy(['skipped', 'skipped', 'done', 'done', 'skipped', 'pending']);
    await driveClone(s.deps, s.opId);
    expect(e.sent).toEqual([]);
    expect(s.op()?.steps?.[5]).toMatchObject({ state: 'failed', detail: 'vms.op.vanished' });
  });

  it('resumeClones alone takes the operation over and finishes it', async () => {
    const e = engine('down');
    e.vms.set('copy', { id: 'copy', name: 'db-copy', status: 'image_locked' });
    e.scripts.set('copy', ['image_locked', 'down']);
    const s = setup(e);
    s.leftBy(['skipped', 'skipped', 'done', 'running']);
    resumeClones(s.deps);
    await new Promise((r) => setTimeout(r, 20));
    expect(s.op()?.state).toBe('done');
  });
});

describe('which operations a page drives', () => {
  it('a cancelled safe clone is left as it is: no read, no change', async () => {
    const e = engine('down');
    const s = setup(e);
    s.store.update(s.opId, { state: 'cancelled' });
    const before = JSON.stringify(s.op());
    await driveClone(s.deps, s.opId);
    expect(e.calls).toEqual([]);
    expect(JSON.stringify(s.op())).toBe(before);
  });

  it('an operation of another kind, or one that does not exist, is not driven', async () => {
    const e = engine('down');
    const s = setup(e);
    s.store.update(s.opId, { kind: 'vm-bulk' } as never);
    await driveClone(s.deps, s.opId);
    await driveClone(s.deps, 'no-such-operation');
    expect(e.calls).toEqual([]);
  });

  it('a safe clone record without its VM is not driven', async () => {
    const e = engine('down');
    const s = setup(e);
    s.store.update(s.opId, { items: [] });
    await driveClone(s.deps, s.opId);
    expect(e.calls).toEqual([]);
  });

  it('a safe clone whose lease another live page holds is not driven by this one', async () => {
    const e = engine('down');
    const s = setup(e);
    expect(tryAcquireLease(s.storage, s.opId, 'other-page', s.now())).toBe(true);
    await driveClone(s.deps, s.opId);
    expect(e.calls).toEqual([]);
  });

  it('the lease is kept through a long copy and released at the end, for the next page', async () => {
    const e = engine('down');
    e.scripts.set('copy', [...forever('image_locked').slice(0, 30), 'down']);
    const s = setup(e);
    const heldByThisPage: boolean[] = [];
    e.onCall = (call) => {
      if (call === 'find')
        heldByThisPage.push(isLeaseHeldByOther(s.storage, s.opId, 'other-page', s.now()));
    };
    await driveClone(s.deps, s.opId);
    expect(s.op()?.state).toBe('done');
    expect(heldByThisPage.length).toBeGreaterThan(20);
    expect(heldByThisPage.every(Boolean)).toBe(true);
    expect(isLeaseHeldByOther(s.storage, s.opId, 'other-page', s.now())).toBe(false);
  });
});

describe('what the record says while the flow runs', () => {
  it('the followed step is shown running at every look; the clone step done once the engine answered', async () => {
    const e = engine();
    const s = setup(e, { startClone: true });
    const seen: string[] = [];
    e.onCall = (call) => {
      const steps = s.op()?.steps ?? [];
      const running = steps.flatMap((st, i) => (st.state === 'running' ? [i] : []));
      seen.push(`${call} ${running.join()} ${steps.map((st) => st.state).join()}`);
    };
    await driveClone(s.deps, s.opId);
    // Waiting for down: shutdown and wait shown running.
    expect(seen.filter((x) => x.startsWith('read:orig 0,1 ')).length).toBeGreaterThan(1);
    // Following the copy: the clone step done, the wait running.
    // Following the copy: the clone step done from the engine's answer on, the wait running.
    expect(seen.find((x) => x.startsWith('find'))).toMatch(/^find 3 done,done,done,running,/);
    // Starting the original and the clone again: their step running while followed.
    expect(seen.some((x) => x.startsWith('read:orig 4 '))).toBe(true);
    expect(seen.some((x) => x.startsWith('read:copy 5 '))).toBe(true);
    // No step in a state the drawer does not know.
    const known = new Set(['pending', 'running', 'done', 'skipped', 'failed']);
    expect(
      seen.every((x) =>
        x
          .split(' ')[2]
          ?.split(',')
          .every((st) => known.has(st)),
      ),
    ).toBe(true);
    expect(s.states()).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
  });

  it('the item is marked in progress, with the time of the first send, before that send leaves', async () => {
    const e = engine();
    const s = setup(e);
    const atSend: unknown[] = [];
    e.onCall = (call) => {
      if (!call.includes(':') || call.startsWith('read') || call.startsWith('job')) return;
      const item = s.op()?.items[0];
      atSend.push([call, item?.state, item?.actionSentAt]);
    };
    const start = s.now();
    await driveClone(s.deps, s.opId);
    expect(atSend[0]).toEqual(['shutdown:orig', 'in_progress', start]);
    expect(atSend.slice(1).every((x) => (x as unknown[])[2] === start)).toBe(true);
    expect(atSend).toHaveLength(3);
  });

  it('a copy followed for 30 looks does not rewrite the record at every look', async () => {
    const e = engine('down');
    e.scripts.set('copy', [...forever('image_locked').slice(0, 30), 'down']);
    const s = setup(e);
    await driveClone(s.deps, s.opId);
    expect(s.op()?.state).toBe('done');
    expect(s.storage.recordWrites).toBeLessThan(15);
  });

  it('a failed flow marks exactly the failing step failed; the others keep their state', async () => {
    const e = engine();
    e.refused.set('start:orig', 'No host.');
    const s = setup(e, { startClone: true });
    await driveClone(s.deps, s.opId);
    expect(s.states()).toEqual(['done', 'done', 'done', 'done', 'failed', 'pending']);
  });

  it('a refused record write names the storage as the reason on the step', async () => {
    const e = engine();
    const s = setup(e);
    const store = s.deps.store;
    s.deps.store = { ...store, writable: () => false };
    await driveClone(s.deps, s.opId);
    expect(e.sent).toEqual([]);
    expect(s.op()?.steps?.[0]).toMatchObject({ state: 'failed', detail: 'vms.op.stopped.storage' });
  });

  it('a read that fails is tried again a poll later, not at once', async () => {
    const e = engine();
    e.readFaults = 2;
    const s = setup(e);
    const start = s.now();
    await driveClone(s.deps, s.opId);
    expect(s.op()?.items[0]?.actionSentAt).toBe(start + 2000);
    expect(e.sent).toEqual(['shutdown:orig', 'clone:orig', 'start:orig']);
  });

  it('a last read that fails does not fail a finished clone', async () => {
    const e = engine('down');
    const s = setup(e);
    e.onCall = (call) => {
      if (call === 'clone:orig') e.readFaults = 1;
    };
    await driveClone(s.deps, s.opId);
    expect(s.op()?.state).toBe('done');
    expect(s.op()?.steps?.[5]?.detail).toContain('"clone":"db-copy"');
  });

  it('a failure while the engine cannot be read is still recorded as failed', async () => {
    const e = engine();
    e.refused.set('shutdown:orig', 'VM is locked.');
    e.onCall = (call) => {
      if (call === 'shutdown:orig') e.readFaults = 1;
    };
    const s = setup(e);
    await driveClone(s.deps, s.opId);
    expect(s.op()?.state).toBe('failed');
    expect(s.op()?.items[0]?.error).toContain('VM is locked.');
  });
});

describe('the VMs vanishing', () => {
  it('the original deleted while it shuts down: the wait fails saying it vanished', async () => {
    const e = engine();
    e.onCall = (call) => {
      if (call === 'shutdown:orig') e.vms.delete('orig');
    };
    const s = setup(e);
    await driveClone(s.deps, s.opId);
    expect(s.op()?.steps?.[1]).toMatchObject({ state: 'failed', detail: 'vms.op.vanished' });
  });

  it('the original deleted while the clone is copied: the restart fails saying it vanished', async () => {
    const e = engine();
    e.onCall = (call) => {
      if (call === 'clone:orig') e.vms.delete('orig');
    };
    const s = setup(e);
    await driveClone(s.deps, s.opId);
    expect(e.sent).toEqual(['shutdown:orig', 'clone:orig']);
    expect(s.op()?.steps?.[4]).toMatchObject({ state: 'failed', detail: 'vms.op.vanished' });
  });
});

describe('a page that goes away, or another page that moves on', () => {
  it('cancelled while the original is read: nothing sent, the cancel stands', async () => {
    const e = engine();
    const s = setup(e);
    e.onCall = (call) => {
      if (call === 'read:orig') s.store.update(s.opId, { state: 'cancelled' });
    };
    await driveClone(s.deps, s.opId);
    expect(e.sent).toEqual([]);
    expect(s.op()?.state).toBe('cancelled');
    expect(s.op()?.steps?.some((st) => st.state === 'failed')).toBe(false);
  });

  it('another page marked the shutdown while this one read: nothing sent, nothing failed', async () => {
    const e = engine();
    const s = setup(e);
    e.onCall = (call) => {
      if (call === 'read:orig' && s.op()?.steps?.[0]?.state === 'pending') s.leftBy(['running']);
    };
    await driveClone(s.deps, s.opId);
    expect(e.sent).toEqual([]);
    expect(s.op()?.state).toBe('running');
  });

  it('the page goes away while the copy is followed: no more looks, nothing more sent', async () => {
    const e = engine();
    e.scripts.set('copy', forever('image_locked').slice(0, 10));
    const controller = new AbortController();
    e.onCall = (call) => {
      if (call === 'find') controller.abort();
    };
    const s = setup(e);
    await driveClone(s.deps, s.opId, controller.signal);
    expect(e.count('find')).toBe(1);
    expect(e.sent).toEqual(['shutdown:orig', 'clone:orig']);
    expect(s.op()?.state).toBe('running');
  });

  it('the page goes away during the look-up before the clone start: left running for the next page', async () => {
    const e = engine('down');
    e.vms.set('copy', { id: 'copy', name: 'db-copy', status: 'down' });
    const controller = new AbortController();
    const s = setup(e, { startClone: true });
    s.leftBy(['skipped', 'skipped', 'done', 'done', 'skipped', 'pending']);
    s.deps.port = {
      ...e.port,
      findByName: () => {
        controller.abort();
        return Promise.reject(new DOMException('The operation was aborted.', 'AbortError'));
      },
    };
    await driveClone(s.deps, s.opId, controller.signal);
    expect(e.sent).toEqual([]);
    expect(s.op()?.state).toBe('running');
    expect(s.op()?.steps?.some((st) => st.state === 'failed')).toBe(false);
  });
});

describe('the safe clone record', () => {
  it('its one item is the original VM, so the drawer names and links that VM', () => {
    const s = setup(engine());
    expect(s.op()?.items).toHaveLength(1);
    expect(s.op()?.items[0]).toMatchObject({ entity: 'vm', id: 'orig', name: 'db' });
  });
});

describe('a failed safe clone shows no step still running', () => {
  // Nothing runs on after a failure: the drawer must not show "Running" on a finished operation.
  it.each([
    ['the shutdown lost', 'up', 'shutdown:orig', 1],
    ['the clone lost', 'down', 'clone:orig', 3],
    ['the start of the original lost', 'up', 'start:orig', 4],
  ])(
    '%s: the sent step and its wait are failed, the wait in the engine words',
    async (_, status, post, failing) => {
      const e = engine(status);
      e.lost.add(post);
      const s = setup(e);
      await driveClone(s.deps, s.opId);
      expect(s.op()?.state).toBe('failed');
      expect(s.states()).not.toContain('running');
      expect(s.op()?.steps?.[failing]).toMatchObject({ state: 'failed', detail: 'no answer' });
      // The step that sent is failed too, without words of its own.
      const sender = s.op()?.steps?.[failing === 4 ? 4 : failing - 1];
      expect(sender?.state).toBe('failed');
    },
  );

  it('a shutdown that times out: "Shut down" shown failed, never "Running"', async () => {
    const e = engine();
    e.onCall = (call) => {
      if (call === 'shutdown:orig') e.scripts.set('orig', forever('powering_down'));
    };
    const s = setup(e);
    s.deps.shutdownTimeoutMs = 5_000;
    await driveClone(s.deps, s.opId);
    expect(s.states()).toEqual(['failed', 'failed', 'pending', 'pending', 'pending', 'skipped']);
    expect(s.op()?.steps?.[0]?.detail).toBeUndefined();
  });
});

describe('a record removed while the flow runs', () => {
  it('a failure after the record was removed ends the run quietly, writing nothing back', async () => {
    const e = engine();
    e.refused.set('shutdown:orig', 'VM is locked.');
    const s = setup(e);
    e.onCall = (call) => {
      if (call === 'shutdown:orig') s.store.remove(s.opId);
    };
    await expect(driveClone(s.deps, s.opId)).resolves.toBeUndefined();
    expect(s.op()).toBeUndefined();
    expect(e.sent).toEqual(['shutdown:orig']);
  });
});

describe('the clone deleted between its look-up and its start', () => {
  it('is not sent a start: the step says it no longer exists', async () => {
    const e = engine('down');
    e.vms.set('copy', { id: 'copy', name: 'db-copy', status: 'down' });
    const s = setup(e, { startClone: true });
    s.leftBy(['skipped', 'skipped', 'done', 'done', 'skipped', 'pending']);
    e.onCall = (call) => {
      // Found by name, gone when read by id.
      if (call === 'read:copy') e.vms.delete('copy');
    };
    await driveClone(s.deps, s.opId);
    expect(e.sent).toEqual([]);
    expect(s.op()?.steps?.[5]).toMatchObject({ state: 'failed', detail: 'vms.op.vanished' });
  });
});
