/**
 * More tests of the shared host action driver (activation, restart), written against the mutants
 * StrykerJS left alive in hostActionRunner.ts: one request per host, fail closed, and what the
 * record says after a refusal, no answer, a vanished host, a timeout or a resume.
 */
import { describe, expect, it } from 'vitest';
import { createOperationsStore } from './operationsStore';
import {
  cancelHostAction,
  createHostActionDriver,
  createHostActionRecord,
  type HostActionDeps,
} from './hostActionRunner';
import type { HostsTranslate, StorageLike } from './evacuationRunner';
import type { HostOpsPort, HostState } from './hostOpsPort';
import { ActionError, ConnectionError } from '../rest/errors';
import { tryAcquireLease } from './lease';

const t: HostsTranslate = (key, params) => (params ? `${key} ${JSON.stringify(params)}` : key);

function memoryStorage(): StorageLike & { map: Map<string, string>; broken: boolean } {
  const map = new Map<string, string>();
  const s = {
    map,
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

/** An "activate"-like kind: done when the host is up, untouched while still in maintenance. */
const driver = createHostActionDriver({
  kind: 'host-activate',
  action: 'activate',
  untouched: (h) => h.status === 'maintenance',
  isDone: (h) => h.status === 'up',
  doneText: 'hosts.activate.item.done',
  waitingText: 'hosts.activate.item.waiting',
  timeoutText: 'hosts.activate.timeout',
});

function setup(ids: string[], options: { skip?: string[]; concurrency?: number } = {}) {
  const hosts = new Map<string, HostState>(
    ids.map((id) => [id, { id, name: `host-${id}`, status: 'maintenance' }]),
  );
  /** After a send, each read applies the host's next scripted status. */
  const script = new Map<string, string[]>();
  const sent: { id: string; action: string; correlationId: string }[] = [];
  let onSend: (id: string) => Promise<void> = () => Promise.resolve();
  let readFaults = 0;
  let inFlight = 0;
  let most = 0;
  const hostPort: HostOpsPort = {
    readHosts: (asked) => {
      if (readFaults > 0) {
        readFaults--;
        return Promise.reject(new ConnectionError('blip', 'network'));
      }
      return Promise.resolve(
        asked.flatMap((id) => {
          const h = hosts.get(id);
          if (!h) return [];
          const next = script.get(id)?.shift();
          if (next) h.status = next;
          if (h.status === 'up') inFlight = Math.max(0, inFlight - 1);
          return [{ ...h }];
        }),
      );
    },
    hostAction: (id, action, o) => {
      sent.push({ id, action, correlationId: o.correlationId });
      inFlight++;
      most = Math.max(most, inFlight);
      return onSend(id);
    },
    vmMigrate: () => Promise.reject(new Error('not used')),
    residentVms: () => Promise.resolve([]),
  };
  const storage = memoryStorage();
  const store = createOperationsStore(storage);
  let clock = 1_000;
  const deps: HostActionDeps = {
    store,
    hostPort,
    storage,
    t,
    concurrency: options.concurrency ?? 2,
    pollMs: 1000,
    timeoutMs: 600_000,
    now: () => clock,
    sleep: (ms) => {
      clock += ms;
      return Promise.resolve();
    },
  };
  const opId = createHostActionRecord(
    store,
    [...hosts.values()],
    {
      kind: 'host-activate',
      title: (n) => `Activate ${String(n)}`,
      target: (h) => `target-${h.id}`,
      skip: (h) => (options.skip?.includes(h.id) ? `skip-${h.id}` : undefined),
    },
    clock,
  );
  const item = (id: string) => store.get(opId)?.items.find((i) => i.id === id);
  return {
    hosts,
    script,
    sent,
    deps,
    store,
    storage,
    opId,
    item,
    setOnSend: (f: (id: string) => Promise<void>) => {
      onSend = f;
    },
    setReadFaults: (n: number) => {
      readFaults = n;
    },
    most: () => most,
  };
}

describe('createHostActionRecord', () => {
  it('one item per host with its target, correlation id, and skip reason; the title counts what will be sent', () => {
    const { store, opId } = setup(['a', 'b', 'c'], { skip: ['b'] });
    const op = store.get(opId);
    expect(op?.title).toBe('Activate 2');
    expect(op?.kind).toBe('host-activate');
    expect(op?.startedAt).toBe(1_000);
    expect(op?.state).toBe('running');
    expect(op?.finishedAt).toBeUndefined();
    expect(op?.items.map((i) => [i.id, i.state, i.target, i.correlationId])).toEqual([
      ['a', 'pending', 'target-a', `${op?.correlationId}-1`],
      ['b', 'skipped', 'target-b', `${op?.correlationId}-2`],
      ['c', 'pending', 'target-c', `${op?.correlationId}-3`],
    ]);
    expect(op?.items[1]).toMatchObject({ detail: 'skip-b', finishedAt: 1_000 });
    expect(op?.items[0]).not.toHaveProperty('detail');
    expect(op?.items[0]).not.toHaveProperty('finishedAt');
  });

  it('a record where every host is skipped is settled and finished at once', () => {
    const { store, opId, sent, deps } = setup(['a'], { skip: ['a'] });
    expect(store.get(opId)).toMatchObject({ state: 'done', finishedAt: 1_000 });
    void driver.drive(deps, opId);
    expect(sent).toEqual([]);
  });
});

describe('cancelHostAction', () => {
  it('cancels hosts not sent; a sent one runs on and keeps the record running', () => {
    const { store, opId, item } = setup(['a', 'b']);
    store.updateItem(opId, 'a', { state: 'sent', actionSentAt: 5 });
    cancelHostAction(store, opId, 77);
    expect(item('a')).toMatchObject({ state: 'sent', actionSentAt: 5 });
    expect(item('b')).toMatchObject({ state: 'cancelled', finishedAt: 77 });
    expect(store.get(opId)?.state).toBe('running');
    expect(store.get(opId)?.finishedAt).toBeUndefined();
  });

  it('with nothing sent the record is cancelled and finished; an unknown id is ignored', () => {
    const { store, opId } = setup(['a']);
    cancelHostAction(store, opId, 77);
    expect(store.get(opId)).toMatchObject({ state: 'cancelled', finishedAt: 77 });
    expect(() => {
      cancelHostAction(store, 'nope');
    }).not.toThrow();
  });
});

describe('the host action driver', () => {
  it('sends one request per host with its correlation id and follows it to done', async () => {
    const { script, sent, deps, store, opId, item } = setup(['a', 'b']);
    script.set('a', ['unassigned', 'up']);
    script.set('b', ['up']);
    const details: string[] = [];
    store.subscribe(() => {
      const d = item('a')?.detail;
      if (d && details.at(-1) !== d) details.push(d);
    });
    await driver.drive(deps, opId);
    expect(sent).toEqual([
      { id: 'a', action: 'activate', correlationId: item('a')?.correlationId },
      { id: 'b', action: 'activate', correlationId: item('b')?.correlationId },
    ]);
    expect(details).toContain('hosts.activate.item.waiting {"status":"hosts.status.unassigned"}');
    expect(item('a')).toMatchObject({
      state: 'done',
      detail: 'hosts.activate.item.done',
      progress: 100,
    });
    expect(store.get(opId)).toMatchObject({ state: 'done' });
    expect(store.get(opId)?.finishedAt).toBeTypeOf('number');
  });

  it('never more hosts in flight than the concurrency', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const s = setup(ids, { concurrency: 2 });
    for (const id of ids) s.script.set(id, ['unassigned', 'up']);
    await driver.drive(s.deps, s.opId);
    expect(s.sent).toHaveLength(5);
    expect(s.most()).toBeLessThanOrEqual(2);
  });

  it('a refusal fails the host in the engine words, once; the others go on', async () => {
    const s = setup(['a', 'b']);
    s.script.set('b', ['up']);
    s.setOnSend((id) =>
      id === 'a'
        ? Promise.reject(
            new ActionError('activate', 'Operation Failed', 'Host is locked.', { status: 409 }),
          )
        : Promise.resolve(),
    );
    await driver.drive(s.deps, s.opId);
    expect(s.sent.map((x) => x.id)).toEqual(['a', 'b']);
    expect(s.item('a')).toMatchObject({ state: 'failed', error: 'Host is locked.' });
    expect(s.item('a')?.finishedAt).toBeTypeOf('number');
    expect(s.store.get(s.opId)?.state).toBe('partial');
  });

  it('no answer, but the host moves: followed to done, not sent again', async () => {
    const s = setup(['a']);
    s.script.set('a', ['maintenance', 'unassigned', 'up']);
    s.setOnSend(() => Promise.reject(new ConnectionError('timed out', 'timeout')));
    await driver.drive(s.deps, s.opId);
    expect(s.sent).toHaveLength(1);
    expect(s.item('a')?.state).toBe('done');
  });

  it('no answer and the host never moves: failed with the send error after the unconfirmed delay', async () => {
    const s = setup(['a']);
    s.setOnSend(() => Promise.reject(new ConnectionError('connection reset', 'network')));
    const reads: number[] = [];
    const read = s.deps.hostPort.readHosts.bind(s.deps.hostPort);
    s.deps.hostPort = {
      ...s.deps.hostPort,
      readHosts: (ids, sig) => {
        reads.push(1);
        return read(ids, sig);
      },
    };
    await driver.drive(s.deps, s.opId);
    expect(s.sent).toHaveLength(1);
    expect(s.item('a')).toMatchObject({ state: 'failed', error: 'connection reset' });
    // pollMs 1 s per read; the unconfirmed delay is longer than 6 reads.
    expect(reads.length).toBeGreaterThan(6);
    expect(reads.length).toBeLessThan(600);
  });

  it('a host the engine no longer has fails as vanished', async () => {
    const s = setup(['a']);
    s.setOnSend(() => {
      s.hosts.delete('a');
      return Promise.resolve();
    });
    await driver.drive(s.deps, s.opId);
    expect(s.item('a')).toMatchObject({ state: 'failed', error: 'hosts.evac.vanished' });
  });

  it('a host that does not get there in time fails with the time and its status', async () => {
    const s = setup(['a']);
    s.deps.timeoutMs = 10_000;
    s.script.set(
      'a',
      Array.from({ length: 100 }, () => 'unassigned'),
    );
    await driver.drive(s.deps, s.opId);
    expect(s.item('a')).toMatchObject({
      state: 'failed',
      error: 'hosts.activate.timeout {"seconds":10,"status":"hosts.status.unassigned"}',
    });
    expect(s.sent).toHaveLength(1);
  });

  it('failed reads are retried next tick', async () => {
    const s = setup(['a']);
    s.script.set('a', ['up']);
    s.setReadFaults(3);
    await driver.drive(s.deps, s.opId);
    expect(s.item('a')?.state).toBe('done');
  });

  it('fails closed: a refused pre-send mark sends nothing and says why', async () => {
    const s = setup(['a', 'b']);
    s.storage.broken = true;
    await driver.drive(s.deps, s.opId);
    expect(s.sent).toEqual([]);
    expect(s.store.get(s.opId)?.stoppedReason).toBe('storage');
    expect(s.store.get(s.opId)?.items.map((i) => i.state)).toEqual(['cancelled', 'cancelled']);
  });

  it('resume: a sent host is only followed, an unsent one is sent once', async () => {
    const s = setup(['a', 'b']);
    s.store.updateItem(s.opId, 'a', { state: 'in_progress', actionSentAt: 900 });
    s.script.set('a', ['up']);
    s.script.set('b', ['up']);
    await driver.drive(s.deps, s.opId);
    expect(s.sent.map((x) => x.id)).toEqual(['b']);
    expect(s.item('a')?.state).toBe('done');
  });

  it('resume of a host sent without an answer known, still untouched: failed as unconfirmed', async () => {
    const s = setup(['a']);
    s.store.updateItem(s.opId, 'a', { state: 'sent', actionSentAt: 900 });
    await driver.drive(s.deps, s.opId);
    expect(s.sent).toEqual([]);
    expect(s.item('a')).toMatchObject({ state: 'failed', error: 'vms.op.unconfirmed' });
  });

  it('an operation of another kind is left alone', async () => {
    const s = setup(['a']);
    const restart = createHostActionDriver({
      kind: 'host-restart',
      action: 'restart',
      untouched: () => true,
      isDone: () => true,
      doneText: 'hosts.restart.item.done',
      waitingText: 'hosts.restart.item.waiting',
      timeoutText: 'hosts.activate.timeout',
    });
    await restart.drive(s.deps, s.opId);
    expect(s.sent).toEqual([]);
    expect(s.item('a')?.state).toBe('pending');
  });

  it('an aborted run sends nothing more and leaves the record running', async () => {
    const s = setup(['a', 'b'], { concurrency: 1 });
    const controller = new AbortController();
    s.setOnSend(() => {
      controller.abort();
      return Promise.resolve();
    });
    await driver.drive(s.deps, s.opId, controller.signal);
    expect(s.sent.map((x) => x.id)).toEqual(['a']);
    expect(s.item('b')?.state).toBe('pending');
    expect(s.store.get(s.opId)?.state).toBe('running');
  });

  it('gives the lease back at the end', async () => {
    const s = setup(['a']);
    s.script.set('a', ['up']);
    await driver.drive(s.deps, s.opId);
    expect([...s.storage.map.keys()].some((k) => k.includes(':lease:'))).toBe(false);
  });
});

describe('following a host after its action (the track loop)', () => {
  /** Counts the host reads; `onRead(n)` runs before the n-th read is answered. */
  function counted(s: ReturnType<typeof setup>, onRead: (n: number) => void = () => undefined) {
    let reads = 0;
    const read = s.deps.hostPort.readHosts.bind(s.deps.hostPort);
    s.deps.hostPort = {
      ...s.deps.hostPort,
      readHosts: (ids, sig) => {
        reads++;
        onRead(reads);
        return read(ids, sig);
      },
    };
    return () => reads;
  }

  const noAnswer = () => Promise.reject(new ConnectionError('connection reset', 'network'));

  it('an unanswered send is declared lost only after the unconfirmed delay (10 s) and six reads', async () => {
    // Polling every second: the delay decides (reads at 0 s … 10 s).
    const fast = setup(['a']);
    fast.setOnSend(noAnswer);
    const fastReads = counted(fast);
    await driver.drive(fast.deps, fast.opId);
    expect(fastReads()).toBe(11);
    expect(fast.item('a')).toMatchObject({ state: 'failed', error: 'connection reset' });
    // Polling every 5 s: 10 s pass after three reads, but a few reads are needed too.
    const slow = setup(['a']);
    slow.deps.pollMs = 5_000;
    slow.setOnSend(noAnswer);
    const slowReads = counted(slow);
    await driver.drive(slow.deps, slow.opId);
    expect(slowReads()).toBe(6);
    expect(slow.item('a')).toMatchObject({ state: 'failed', error: 'connection reset' });
    expect(slow.sent).toHaveLength(1);
  });

  it('while unconfirmed, the record keeps the host "sent" (what a reloaded page goes by)', async () => {
    const s = setup(['a']);
    s.setOnSend(noAnswer);
    const states = new Set<string>();
    s.store.subscribe(() => {
      const st = s.item('a')?.state;
      if (st) states.add(st);
    });
    await driver.drive(s.deps, s.opId);
    expect([...states]).toEqual(['sent', 'failed']);
  });

  it('once the host shows the action, an unanswered send is followed like an answered one', async () => {
    const s = setup(['a']);
    s.setOnSend(noAnswer);
    // Activating for 15 s, longer than the unconfirmed delay, then up.
    s.script.set('a', [...Array.from({ length: 15 }, () => 'unassigned'), 'up']);
    await driver.drive(s.deps, s.opId);
    expect(s.item('a')).toMatchObject({ state: 'done', detail: 'hosts.activate.item.done' });
    expect(s.sent).toHaveLength(1);
  });

  it('a host gets the whole timeout: failed on the first read past it', async () => {
    const s = setup(['a']);
    s.deps.timeoutMs = 10_000;
    s.script.set(
      'a',
      Array.from({ length: 100 }, () => 'unassigned'),
    );
    const reads = counted(s);
    await driver.drive(s.deps, s.opId);
    // Reads at 0 s … 11 s after the send: 10 s is not past the timeout yet.
    expect(reads()).toBe(12);
    expect(s.item('a')?.state).toBe('failed');
  });

  it('stops following when the run is aborted, leaving the host unfinished in the record', async () => {
    const s = setup(['a']);
    const controller = new AbortController();
    s.script.set(
      'a',
      Array.from({ length: 100 }, () => 'unassigned'),
    );
    const reads = counted(s, (n) => {
      if (n === 3) controller.abort();
    });
    await driver.drive(s.deps, s.opId, controller.signal);
    expect(reads()).toBe(3);
    expect(s.item('a')?.state).toBe('in_progress');
    expect(s.item('a')?.finishedAt).toBeUndefined();
  });

  it('stops following a host another page has finished, keeping that result', async () => {
    const s = setup(['a']);
    s.script.set(
      'a',
      Array.from({ length: 100 }, () => 'unassigned'),
    );
    const sleep = s.deps.sleep;
    s.deps.sleep = async (ms, sig) => {
      await sleep?.(ms, sig);
      if (reads() === 2)
        s.store.updateItem(s.opId, 'a', { state: 'done', detail: 'elsewhere', finishedAt: 5 });
    };
    const reads = counted(s);
    await driver.drive(s.deps, s.opId);
    expect(reads()).toBe(2);
    expect(s.item('a')).toMatchObject({ state: 'done', detail: 'elsewhere', finishedAt: 5 });
  });

  it('stops quietly when the record itself is gone (cleared by the admin)', async () => {
    const s = setup(['a']);
    s.script.set(
      'a',
      Array.from({ length: 100 }, () => 'unassigned'),
    );
    const sleep = s.deps.sleep;
    s.deps.sleep = async (ms, sig) => {
      await sleep?.(ms, sig);
      if (reads() === 2) s.store.remove(s.opId);
    };
    const reads = counted(s);
    await expect(driver.drive(s.deps, s.opId)).resolves.toBeUndefined();
    expect(reads()).toBe(2);
  });

  it('writes the record when the status changes, not on every poll', async () => {
    const s = setup(['a']);
    s.script.set('a', [...Array.from({ length: 20 }, () => 'unassigned'), 'up']);
    let writes = 0;
    const setItem = s.storage.setItem.bind(s.storage);
    s.storage.setItem = (k, v) => {
      if (k === 'ops-center:operations') writes++;
      setItem(k, v);
    };
    await driver.drive(s.deps, s.opId);
    expect(s.item('a')?.state).toBe('done');
    // The pre-send mark, "activating", done, the settled record.
    expect(writes).toBeLessThanOrEqual(5);
  });
});

describe('the host action driver: what it leaves alone', () => {
  it('another page holding the lease drives the operation: this one sends nothing', async () => {
    const s = setup(['a']);
    s.script.set('a', ['up']);
    expect(tryAcquireLease(s.storage, s.opId, 'other-page', 1_000)).toBe(true);
    await driver.drive(s.deps, s.opId);
    expect(s.sent).toEqual([]);
    expect(s.item('a')?.state).toBe('pending');
  });

  it('an operation that is not there any more is not driven', async () => {
    const s = setup(['a']);
    await expect(driver.drive(s.deps, 'gone')).resolves.toBeUndefined();
    expect(s.sent).toEqual([]);
  });

  it('a refused action fails at once: the host is not followed', async () => {
    const s = setup(['a']);
    s.setOnSend(() =>
      Promise.reject(
        new ActionError('activate', 'Operation Failed', 'Host is locked.', { status: 409 }),
      ),
    );
    let reads = 0;
    const read = s.deps.hostPort.readHosts.bind(s.deps.hostPort);
    s.deps.hostPort = { ...s.deps.hostPort, readHosts: (ids, sig) => (reads++, read(ids, sig)) };
    await driver.drive(s.deps, s.opId);
    expect(reads).toBe(0);
    expect(s.item('a')).toMatchObject({
      state: 'failed',
      error: 'Host is locked.',
      finishedAt: 1_000,
    });
  });

  it('when the browser refuses the pre-send mark, a skipped host keeps its reason', async () => {
    const s = setup(['a', 'b'], { skip: ['a'] });
    s.storage.broken = true;
    await driver.drive(s.deps, s.opId);
    expect(s.sent).toEqual([]);
    expect(s.item('a')).toMatchObject({ state: 'skipped', detail: 'skip-a' });
    expect(s.item('b')?.state).toBe('cancelled');
  });

  it('cancelling keeps skipped and failed hosts as they are', () => {
    const s = setup(['a', 'b', 'c'], { skip: ['a'] });
    s.store.updateItem(s.opId, 'b', { state: 'failed', error: 'Host is locked.', finishedAt: 9 });
    cancelHostAction(s.store, s.opId, 77);
    expect(s.store.get(s.opId)?.items.map((i) => [i.id, i.state])).toEqual([
      ['a', 'skipped'],
      ['b', 'failed'],
      ['c', 'cancelled'],
    ]);
  });

  it('resume: a host whose action was answered is not doubted, however long it takes', async () => {
    const s = setup(['a']);
    s.store.updateItem(s.opId, 'a', {
      state: 'in_progress',
      actionSentAt: 1_000,
      detail: 'hosts.activate.item.waiting',
    });
    // Still shown in maintenance for 15 s (the engine is slow to move it), then up.
    s.script.set('a', [...Array.from({ length: 15 }, () => 'maintenance'), 'up']);
    await driver.drive(s.deps, s.opId);
    expect(s.sent).toEqual([]);
    expect(s.item('a')?.state).toBe('done');
  });

  it('resume drives the running operations of its kind, and only those', async () => {
    // Drivers made here, not at module load, so each test sees the driver as written.
    const spec = {
      untouched: (h: HostState) => h.status === 'maintenance',
      isDone: (h: HostState) => h.status === 'up',
      doneText: 'hosts.activate.item.done',
      waitingText: 'hosts.activate.item.waiting',
      timeoutText: 'hosts.activate.timeout',
    } as const;
    const activate = createHostActionDriver({ ...spec, kind: 'host-activate', action: 'activate' });
    const restart = createHostActionDriver({ ...spec, kind: 'host-restart', action: 'restart' });
    const s = setup(['a']);
    s.script.set('a', ['up']);
    restart.resume(s.deps);
    expect(restart.isDriven(s.opId)).toBe(false);
    activate.resume(s.deps);
    expect(activate.isDriven(s.opId)).toBe(true);
    await activate.drive(s.deps, s.opId);
    expect(s.sent.map((x) => [x.id, x.action])).toEqual([['a', 'activate']]);
    expect(s.item('a')?.state).toBe('done');
  });

  it('each item names a host', () => {
    const s = setup(['a']);
    expect(s.item('a')?.entity).toBe('host');
  });
});
