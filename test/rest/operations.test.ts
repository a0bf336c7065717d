import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupEngine } from '../../dev/engine/node';
import {
  ALREADY_SENT,
  createMemoryLedger,
  isDefinitiveRejection,
  runBulk,
} from '../../src/rest/bulk';
import type { BulkItemResult } from '../../src/rest/bulk';
import { createEngineClient } from '../../src/rest/client';
import type { EngineClient } from '../../src/rest/client';
import {
  ActionError,
  AuthError,
  ConnectionError,
  FaultError,
  NotFoundError,
  WaitTimeoutError,
} from '../../src/rest/errors';
import type { EngineEvent, Vm } from '../../src/rest/models';
import { searchQuery } from '../../src/rest/search';

const env = setupEngine();
let c: EngineClient;
const fast = { initialIntervalMs: 5, maxIntervalMs: 20 };

const posts = (path: RegExp) =>
  env.engine.requestLog.entries().filter((r) => r.method === 'POST' && path.test(r.path));

async function vmsIn(status: Vm['status'], count: number): Promise<Vm[]> {
  const vms = await c.vmList({ search: searchQuery().whereStatus('vm', status) });
  if (vms.length < count) throw new Error(`fleet has only ${vms.length} ${status} VMs`);
  return vms.slice(0, count);
}

beforeAll(() => {
  env.server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(() => {
  env.engine.reset();
  env.engine.requestLog.clear();
  c = createEngineClient({
    baseUrl: env.baseUrl,
    credentials: () => ({ kind: 'bearer', token: env.token }),
    backoff: { baseMs: 1, maxMs: 4 },
  });
});
afterEach(() => {
  env.engine.faults.clear();
});
afterAll(() => {
  env.close();
});

describe('waitForStatus', () => {
  it('waits until a started VM is up, reporting the states on the way', async () => {
    const [vm] = await vmsIn('down', 1);
    if (!vm) throw new Error('fixture: no vm');
    await c.vmStart(vm.id);
    const seen: string[] = [];
    const up = await c.waitForStatus({ kind: 'vm', id: vm.id }, 'up', {
      ...fast,
      timeout: 30_000,
      onPoll: (v) => seen.push(v.status),
    });
    expect(up?.status).toBe('up');
    expect(up?.host).toBeDefined();
    expect(seen.at(-1)).toBe('up');
  });

  it('accepts a list of statuses and waits for hosts too', async () => {
    const host = (await c.hostList({ search: searchQuery().whereStatus('host', 'up') }))[0];
    if (!host) throw new Error('fixture: no host');
    const same = await c.waitForStatus({ kind: 'host', id: host.id }, ['up', 'maintenance'], fast);
    expect(same?.id).toBe(host.id);
    await c.hostDeactivate(host.id);
    const parked = await c.waitForStatus({ kind: 'host', id: host.id }, 'maintenance', {
      ...fast,
      timeout: 60_000,
    });
    expect(parked?.status).toBe('maintenance');
  });

  it("resolves null once a VM is 'deleted', and rejects a missing VM otherwise", async () => {
    const [vm] = await vmsIn('down', 1);
    if (!vm) throw new Error('fixture: no vm');
    await c.vmDelete(vm.id);
    await expect(c.waitForStatus({ kind: 'vm', id: vm.id }, 'deleted', fast)).resolves.toBeNull();
    await expect(c.waitForStatus({ kind: 'vm', id: vm.id }, 'up', fast)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('gives up after its timeout', async () => {
    const [vm] = await vmsIn('down', 1);
    if (!vm) throw new Error('fixture: no vm');
    const error = await c
      .waitForStatus({ kind: 'vm', id: vm.id }, 'up', { ...fast, timeout: 30 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
  });

  it('stops when aborted, before or during the wait', async () => {
    const [vm] = await vmsIn('down', 1);
    if (!vm) throw new Error('fixture: no vm');
    const controller = new AbortController();
    const waiting = c.waitForStatus({ kind: 'vm', id: vm.id }, 'up', {
      ...fast,
      signal: controller.signal,
    });
    setTimeout(() => {
      controller.abort();
    }, 30);
    await expect(waiting).rejects.toMatchObject({ kind: 'abort' });
    await expect(
      c.waitForStatus({ kind: 'vm', id: vm.id }, 'up', { signal: controller.signal }),
    ).rejects.toBeInstanceOf(ConnectionError);
  });
});

describe('event stream', () => {
  it('takes the high-water mark with max=1, then polls from= without max, oldest first', async () => {
    const stream = c.eventStream({ intervalMs: 5 });
    const mark = await stream.start();
    expect(mark).toBeGreaterThan(0);
    const [vm] = await vmsIn('down', 1);
    if (!vm) throw new Error('fixture: no vm');
    await c.vmStart(vm.id, { correlationId: 'oc-events' });
    await c.waitForStatus({ kind: 'vm', id: vm.id }, 'up', fast);
    const batch = await stream.poll();
    expect(batch.length).toBeGreaterThan(0);
    expect(batch.map((e) => e.index)).toEqual([...batch.map((e) => e.index)].sort((a, b) => a - b));
    expect(batch.every((e) => e.index > mark)).toBe(true);
    expect(batch.some((e) => e.vm?.id === vm.id && e.correlationId === 'oc-events')).toBe(true);
    expect(stream.lastId).toBe(batch.at(-1)?.index);
    expect(await stream.poll()).toEqual([]);

    const eventGets = env.engine.requestLog
      .entries()
      .filter((r) => r.method === 'GET' && r.path.endsWith('/events'));
    expect(eventGets[0]?.query).toMatchObject({ max: '1' });
    expect(eventGets[0]?.query).not.toHaveProperty('from');
    for (const r of eventGets.slice(1)) {
      expect(r.query).toHaveProperty('from');
      expect(r.query).not.toHaveProperty('max');
    }
  });

  it('survives id gaps (events deleted by retention)', async () => {
    const stream = c.eventStream({ from: 0 });
    await stream.poll();
    const [a, b] = await vmsIn('down', 2);
    if (!a || !b) throw new Error('fixture: two entities expected');
    await c.vmStart(a.id);
    await c.vmStart(b.id);
    const fresh = await c.eventList({ from: stream.lastId ?? 0 });
    // Dismiss all but the newest: the ids now jump.
    for (const e of fresh.slice(1)) {
      await fetch(`${env.baseUrl}api/events/${e.id}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${env.token}` },
      });
    }
    const batch = await stream.poll();
    expect(batch.map((e) => e.id)).toEqual([fresh[0]?.id]);
  });

  it('iterates batches until aborted, and filters with a search', async () => {
    const [a, b] = await vmsIn('down', 2);
    if (!a || !b) throw new Error('fixture: two down VMs expected');
    const controller = new AbortController();
    const stream = c.eventStream({
      intervalMs: 5,
      signal: controller.signal,
      search: searchQuery().where('event_vm', a.name),
    });
    const got: EngineEvent[] = [];
    const reading = (async () => {
      for await (const batch of stream) {
        got.push(...batch);
        if (got.length > 0) controller.abort();
      }
    })();
    await stream.start();
    // b's events come first: a stream that ignored the search would deliver them
    await c.vmStart(b.id);
    await c.vmStart(a.id);
    await reading;
    expect(got.length).toBeGreaterThan(0);
    expect(got.filter((e) => e.vm?.id !== a.id).map((e) => e.description)).toEqual([]);
    const sent = env.engine.requestLog
      .entries()
      // polls after start() (which reads the newest id without a search)
      .filter((r) => r.method === 'GET' && r.path.endsWith('/events') && 'from' in r.query);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.map((r) => r.query.search)).toEqual(sent.map(() => `event_vm = ${a.name}`));
  });

  it('subscribes with callbacks, keeps going after errors, stops on AuthError', async () => {
    const stream = c.eventStream({ intervalMs: 5 });
    await stream.start();
    const errors: unknown[] = [];
    const batches: EngineEvent[][] = [];
    env.engine.faults.set({ errorRate: [{ path: '/events$', status: 400, count: 1 }] });
    const stop = stream.subscribe(
      (b) => batches.push(b),
      (e) => errors.push(e),
    );
    const [vm] = await vmsIn('down', 1);
    await c.vmStart(vm?.id ?? '');
    await expect.poll(() => batches.length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(errors[0]).toBeInstanceOf(FaultError);
    stop();

    const broken = createEngineClient({
      baseUrl: env.baseUrl,
      credentials: () => ({ kind: 'bearer', token: 'expired' }),
    }).eventStream({ from: 1, intervalMs: 5 });
    const authErrors: unknown[] = [];
    broken.subscribe(
      () => undefined,
      (e) => authErrors.push(e),
    );
    await expect.poll(() => authErrors.length).toBe(1);
    expect(authErrors[0]).toBeInstanceOf(AuthError);
  });

  it('ends the iteration with a real error', async () => {
    const stream = createEngineClient({
      baseUrl: env.baseUrl,
      credentials: () => ({ kind: 'bearer', token: 'expired' }),
    }).eventStream({ from: 1 });
    const consume = async () => {
      for await (const batch of stream) expect(batch).toBeDefined();
    };
    await expect(consume()).rejects.toBeInstanceOf(AuthError);
  });
});

describe('job tracking', () => {
  it('follows the jobs of a correlation id until they end', async () => {
    const [vm] = await vmsIn('down', 1);
    if (!vm) throw new Error('fixture: no vm');
    await c.vmStart(vm.id, { correlationId: 'oc-track-1' });
    const updates: number[] = [];
    const jobs = await c.jobTrack('oc-track-1', {
      ...fast,
      steps: true,
      onUpdate: (j) => updates.push(j.length),
    });
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.every((j) => j.status === 'finished')).toBe(true);
    expect(updates.length).toBeGreaterThan(0);
  });

  it('times out when no job appears, and stops when aborted', async () => {
    await expect(c.jobTrack('oc-nothing', { ...fast, timeout: 20 })).rejects.toBeInstanceOf(
      WaitTimeoutError,
    );
    const controller = new AbortController();
    const tracking = c.jobTrack('oc-nothing', { ...fast, signal: controller.signal });
    setTimeout(() => {
      controller.abort();
    }, 20);
    await expect(tracking).rejects.toBeInstanceOf(ConnectionError);
  });

  it('times out while jobs are still running', async () => {
    const [vm] = await vmsIn('down', 1);
    await c.vmStart(vm?.id ?? '', { correlationId: 'oc-slow' });
    await expect(
      c.jobTrack('oc-slow', { initialIntervalMs: 1, maxIntervalMs: 1, timeout: 0 }),
    ).rejects.toThrow(/still running|No job/);
  });
});

describe('runBulk', () => {
  it('starts many VMs with bounded concurrency and per-item results', async () => {
    const vms = await vmsIn('down', 6);
    let running = 0;
    let peak = 0;
    const states: string[] = [];
    const report = await runBulk(
      vms,
      async (vm) => {
        running++;
        peak = Math.max(peak, running);
        try {
          await c.vmStart(vm.id);
          return await c.waitForStatus({ kind: 'vm', id: vm.id }, 'up', fast);
        } finally {
          running--;
        }
      },
      { concurrency: 2, onItem: (r) => states.push(r.state) },
    );
    expect(peak).toBeLessThanOrEqual(2);
    expect(report.counts).toEqual({ done: 6, failed: 0, skipped: 0, cancelled: 0 });
    expect(report.results.map((r) => r.key)).toEqual(vms.map((v) => v.id));
    expect(states.filter((s) => s === 'running')).toHaveLength(6);
    for (const vm of vms) expect(posts(new RegExp(`${vm.id}/start$`))).toHaveLength(1);
  });

  it('reports engine refusals with their text, and retries failed items only', async () => {
    const vms = await vmsIn('down', 3);
    const [ok, refused, skipped] = vms;
    if (!ok || !refused || !skipped) throw new Error('fixture: three results expected');
    env.engine.faults.set({
      failActions: [
        { vm: refused.id, action: 'start', detail: '[Cannot run VM. Not enough memory.]' },
      ],
    });
    const report = await runBulk(vms, (vm) => c.vmStart(vm.id), {
      skip: (vm) => (vm.id === skipped.id ? 'excluded by the user' : undefined),
    });
    expect(report.counts).toEqual({ done: 1, failed: 1, skipped: 1, cancelled: 0 });
    const failed = report.results[1];
    expect(failed?.state).toBe('failed');
    if (failed?.state !== 'failed') throw new Error('the refused start must fail');
    expect(failed.sent).toBe(false);
    expect(failed.error).toBeInstanceOf(ActionError);
    expect((failed.error as ActionError).detail).toBe('Cannot run VM. Not enough memory.');
    expect(report.results[2]).toMatchObject({ state: 'skipped', reason: 'excluded by the user' });

    env.engine.faults.clear();
    const again = await report.retryFailed();
    expect(again.results.map((r) => [r.key, r.state])).toEqual([[refused.id, 'done']]);
    expect(posts(new RegExp(`${ok.id}/start$`))).toHaveLength(1);
    expect(posts(new RegExp(`${refused.id}/start$`))).toHaveLength(2);
  });

  it('never sends the same action twice when the outcome is unknown', async () => {
    const vms = await vmsIn('down', 2);
    const [lost] = vms;
    if (!lost) throw new Error('fixture: no lost');
    env.engine.faults.set({
      errorRate: [{ method: 'POST', path: `${lost.id}/start$`, status: 503, count: 1 }],
    });
    const ledger = createMemoryLedger();
    const report = await runBulk(vms, (vm) => c.vmStart(vm.id), { ledger });
    expect(report.results[0]).toMatchObject({ state: 'failed', sent: true });
    const retry = await report.retryFailed();
    expect(retry.results).toMatchObject([{ state: 'skipped', reason: ALREADY_SENT }]);
    // A resumed run (e.g. after a reload) with the persisted ledger sends nothing again.
    const resumed = await runBulk(vms, (vm) => c.vmStart(vm.id), {
      ledger: createMemoryLedger(ledger.keys()),
    });
    expect(resumed.counts.skipped).toBe(2);
    for (const vm of vms) expect(posts(new RegExp(`${vm.id}/start$`))).toHaveLength(1);
  });

  it('cancels the items not yet sent', async () => {
    const vms = await vmsIn('down', 5);
    const controller = new AbortController();
    const seen: BulkItemResult<Vm, unknown>[] = [];
    const report = await runBulk(
      vms,
      async (vm, { signal }) => {
        await c.vmStart(vm.id);
        controller.abort();
        await c.waitForStatus({ kind: 'vm', id: vm.id }, 'up', { ...fast, signal });
      },
      { concurrency: 1, signal: controller.signal, onItem: (r) => seen.push(r) },
    );
    expect(report.results[0]).toMatchObject({ state: 'cancelled', sent: true });
    expect(report.results.slice(1).every((r) => r.state === 'cancelled' && !r.sent)).toBe(true);
    expect(posts(/\/start$/)).toHaveLength(1);
    expect(seen.filter((r) => r.state === 'running')).toHaveLength(1);
  });

  it('skips duplicates, survives a throwing progress callback, and needs a key for id-less items', async () => {
    const calls: string[] = [];
    const report = await runBulk(
      ['a', 'b', 'a'],
      (k) => {
        calls.push(k);
        return Promise.resolve(k.toUpperCase());
      },
      {
        concurrency: 3,
        onItem: () => {
          throw new Error('ui bug');
        },
      },
    );
    expect(calls.sort()).toEqual(['a', 'b']);
    expect(report.results[2]).toMatchObject({ state: 'skipped', reason: ALREADY_SENT });
    await expect(runBulk([{ n: 1 }], () => Promise.resolve(1))).rejects.toThrow(TypeError);
    const keyed = await runBulk([{ n: 1 }], () => Promise.resolve(1), { key: (i) => String(i.n) });
    expect(keyed.results[0]).toMatchObject({ state: 'done', value: 1 });
    const empty = await runBulk([], () => Promise.resolve(1));
    expect(empty.results).toEqual([]);
  });

  it('treats only engine refusals as safe to resend', () => {
    expect(
      isDefinitiveRejection(new ActionError('start', 'Operation Failed', 'x', { status: 409 })),
    ).toBe(true);
    expect(isDefinitiveRejection(new AuthError('x', { status: 401 }))).toBe(true);
    expect(isDefinitiveRejection(new NotFoundError('x', { status: 404 }))).toBe(true);
    expect(isDefinitiveRejection(new FaultError('x', undefined, { status: 503 }))).toBe(false);
    expect(isDefinitiveRejection(new FaultError('x', undefined, { status: 408 }))).toBe(false);
    expect(isDefinitiveRejection(new ConnectionError('x', 'timeout'))).toBe(false);
    expect(isDefinitiveRejection(new Error('x'))).toBe(false);
  });
});
