/**
 * The lease decides which page sends: a wrong answer means two pages driving one operation (an
 * action sent twice) or none driving it (an operation left unattended after a reload).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OperationRecord } from './operationsStore';
import type * as LeaseModule from './lease';

class MemStorage {
  readonly map = new Map<string, string>();
  getItem(k: string): string | null {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.map.set(k, v);
  }
  removeItem(k: string): void {
    this.map.delete(k);
  }
}

const KEY = 'ops-center:operations:lease:op-1';

async function lease(): Promise<typeof LeaseModule> {
  vi.resetModules();
  return import('./lease');
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('who holds the lease', () => {
  it('a lease that expires exactly now is free for another page', async () => {
    const { tryAcquireLease, isLeaseHeldByOther, LEASE_MS } = await lease();
    const s = new MemStorage();
    expect(tryAcquireLease(s, 'op-1', 'page-a', 1000)).toBe(true);
    const expiry = 1000 + LEASE_MS;
    expect(isLeaseHeldByOther(s, 'op-1', 'page-b', expiry - 1)).toBe(true);
    expect(tryAcquireLease(s, 'op-1', 'page-b', expiry - 1)).toBe(false);
    expect(isLeaseHeldByOther(s, 'op-1', 'page-b', expiry)).toBe(false);
    expect(tryAcquireLease(s, 'op-1', 'page-b', expiry)).toBe(true);
    expect(JSON.parse(s.getItem(KEY) ?? '')).toEqual({
      owner: 'page-b',
      expires: expiry + LEASE_MS,
    });
  });

  it('the holder itself is never "another page", and renews its lease', async () => {
    const { tryAcquireLease, isLeaseHeldByOther } = await lease();
    const s = new MemStorage();
    tryAcquireLease(s, 'op-1', 'page-a', 0);
    expect(isLeaseHeldByOther(s, 'op-1', 'page-a', 1)).toBe(false);
    expect(tryAcquireLease(s, 'op-1', 'page-a', 10)).toBe(true);
    expect(isLeaseHeldByOther(s, 'op-1', 'page-b', 10)).toBe(true);
  });

  it('a damaged or ownerless lease entry blocks nobody', async () => {
    const { tryAcquireLease, isLeaseHeldByOther } = await lease();
    const s = new MemStorage();
    for (const junk of [
      '{"expires": 99999999999999}',
      '{not json',
      '42',
      '{"owner": 7, "expires": 99999999999999}',
    ]) {
      s.setItem(KEY, junk);
      expect(isLeaseHeldByOther(s, 'op-1', 'page-b', 0)).toBe(false);
      expect(tryAcquireLease(s, 'op-1', 'page-b', 0)).toBe(true);
    }
  });

  it('only the holder releases; after it, another page takes over at once', async () => {
    const { tryAcquireLease, releaseLease } = await lease();
    const s = new MemStorage();
    tryAcquireLease(s, 'op-1', 'page-a', 0);
    releaseLease(s, 'op-1', 'page-b');
    expect(tryAcquireLease(s, 'op-1', 'page-b', 1)).toBe(false);
    releaseLease(s, 'op-1', 'page-a');
    expect(s.getItem(KEY)).toBeNull();
    expect(tryAcquireLease(s, 'op-1', 'page-b', 1)).toBe(true);
  });

  it('a storage that refuses writes still lets this page drive (nobody else can see it)', async () => {
    const { tryAcquireLease, releaseLease } = await lease();
    const s = new MemStorage();
    s.setItem = () => {
      throw new Error('quota');
    };
    s.removeItem = () => {
      throw new Error('quota');
    };
    expect(tryAcquireLease(s, 'op-1', 'page-a', 0)).toBe(true);
    s.map.set(KEY, JSON.stringify({ owner: 'page-a', expires: 5 }));
    expect(() => {
      releaseLease(s, 'op-1', 'page-a');
    }).not.toThrow();
  });
});

function op(
  id: string,
  kind: OperationRecord['kind'],
  state: OperationRecord['state'],
): OperationRecord {
  return { id, kind, title: id, correlationId: id, startedAt: 0, state, items: [] };
}

describe('the operation driver', () => {
  it('drives one operation once in a page, however often it is asked', async () => {
    const { createOperationDriver } = await lease();
    let release!: () => void;
    const run = vi.fn(
      () =>
        new Promise<void>((r) => {
          release = r;
        }),
    );
    const driver = createOperationDriver(run, () => true);
    const deps = { store: { list: () => [] }, storage: new MemStorage() };
    const p1 = driver.drive(deps, 'op-1');
    const p2 = driver.drive(deps, 'op-1');
    expect(p2).toBe(p1);
    expect(run).toHaveBeenCalledTimes(1);
    expect(driver.isDriven('op-1')).toBe(true);
    release();
    await p1;
    expect(driver.isDriven('op-1')).toBe(false);
    // Once finished, a new drive (e.g. a retry) runs again.
    const p3 = driver.drive(deps, 'op-1');
    release();
    await p3;
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('resumes only the running operations of its kinds that no other page holds', async () => {
    const { createOperationDriver, tryAcquireLease } = await lease();
    const started: string[] = [];
    const run = vi.fn((_: unknown, opId: string) => {
      started.push(opId);
      return new Promise<void>(() => undefined);
    });
    const driver = createOperationDriver(run, (o) => o.kind === 'host-activate');
    const storage = new MemStorage();
    tryAcquireLease(storage, 'held', 'other-page', 1000);
    const records = [
      op('mine', 'host-activate', 'running'),
      op('done', 'host-activate', 'done'),
      op('partial', 'host-activate', 'partial'),
      op('other-kind', 'vm-start', 'running'),
      op('held', 'host-activate', 'running'),
    ];
    driver.resume({ store: { list: () => records }, storage, now: () => 1000 });
    expect(started).toEqual(['mine']);
    // A second resume (another hook mounting) does not start it again.
    driver.resume({ store: { list: () => records }, storage, now: () => 1000 });
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('on pagehide, hands the leases of the operations it drives to the next page at once', async () => {
    const target = new EventTarget();
    vi.stubGlobal('window', target);
    const { createOperationDriver, tryAcquireLease, isLeaseHeldByOther, PAGE_ID } = await lease();
    const driver = createOperationDriver(
      () => new Promise<void>(() => undefined),
      () => true,
    );
    const storage = new MemStorage();
    void driver.drive({ store: { list: () => [] }, storage }, 'op-1');
    tryAcquireLease(storage, 'op-1', PAGE_ID, Date.now());
    expect(isLeaseHeldByOther(storage, 'op-1', 'next-page', Date.now())).toBe(true);
    target.dispatchEvent(new Event('pagehide'));
    expect(storage.getItem(KEY)).toBeNull();
  });
});

describe('the lease while a run waits', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is renewed on a beat, so a step that changes nothing for longer than LEASE_MS keeps it', async () => {
    vi.useFakeTimers();
    const { createOperationDriver, tryAcquireLease, isLeaseHeldByOther, PAGE_ID, LEASE_MS } =
      await lease();
    let clock = 1000;
    let release!: () => void;
    const storage = new MemStorage();
    const driver = createOperationDriver(
      () => {
        // The run takes the lease once, then waits (e.g. for a host preparing for maintenance).
        tryAcquireLease(storage, 'op-1', PAGE_ID, clock);
        return new Promise<void>((r) => {
          release = r;
        });
      },
      () => true,
    );
    const p = driver.drive({ store: { list: () => [] }, storage, now: () => clock }, 'op-1');
    for (let waited = 0; waited < 5 * LEASE_MS; waited += 1000) {
      clock += 1000;
      vi.advanceTimersByTime(1000);
      // Another page (the hidden runner after a reload) must still find it held.
      expect(isLeaseHeldByOther(storage, 'op-1', 'other-page', clock)).toBe(true);
    }
    release();
    await p;
    // Once the run has ended, nothing renews it any more: it expires.
    clock += LEASE_MS;
    vi.advanceTimersByTime(LEASE_MS);
    expect(isLeaseHeldByOther(storage, 'op-1', 'other-page', clock)).toBe(false);
  });

  it('never takes over a live lease of another page, and stops with the run', async () => {
    vi.useFakeTimers();
    const { createOperationDriver, tryAcquireLease, LEASE_MS } = await lease();
    let clock = 1000;
    const storage = new MemStorage();
    const controller = new AbortController();
    const driver = createOperationDriver(
      (_deps: unknown, _id: string, signal: AbortSignal) =>
        new Promise<void>((r) => {
          signal.addEventListener('abort', () => {
            r();
          });
        }),
      () => true,
    );
    const p = driver.drive(
      { store: { list: () => [] }, storage, now: () => clock },
      'op-1',
      controller.signal,
    );
    tryAcquireLease(storage, 'op-1', 'other-page', clock);
    const held = storage.getItem(KEY);
    clock += LEASE_MS - 1000;
    vi.advanceTimersByTime(LEASE_MS - 1000);
    expect(storage.getItem(KEY)).toBe(held);
    controller.abort();
    await p;
    clock += LEASE_MS;
    vi.advanceTimersByTime(3 * LEASE_MS);
    // Aborted and ended: the beat wrote nothing after the other page's lease expired.
    expect(storage.getItem(KEY)).toBe(held);
  });
});
