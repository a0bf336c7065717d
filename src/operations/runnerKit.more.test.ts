/** The abortable sleep every runner waits with: Cancel must not wait out a poll interval. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultSleep, runPool } from './runnerKit';

afterEach(() => {
  vi.useRealTimers();
});

describe('defaultSleep', () => {
  it('waits the given time', async () => {
    vi.useFakeTimers();
    let done = false;
    void defaultSleep(1000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('returns at once when already cancelled, and when cancelled while waiting', async () => {
    vi.useFakeTimers();
    const before = new AbortController();
    before.abort();
    let first = false;
    void defaultSleep(60_000, before.signal).then(() => (first = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(first).toBe(true);

    const during = new AbortController();
    let second = false;
    void defaultSleep(60_000, during.signal).then(() => (second = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(second).toBe(false);
    during.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(second).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves no listener behind on a long-lived signal (one per poll would pile up)', async () => {
    vi.useFakeTimers();
    const added: unknown[] = [];
    const removed: unknown[] = [];
    const signal = {
      aborted: false,
      addEventListener: (type: string, fn: unknown, opts: unknown) => added.push([type, fn, opts]),
      removeEventListener: (type: string, fn: unknown) => removed.push([type, fn]),
    } as unknown as AbortSignal;
    const p = defaultSleep(5, signal);
    await vi.advanceTimersByTimeAsync(5);
    await p;
    expect(added).toHaveLength(1);
    const [type, fn, opts] = added[0] as [string, unknown, unknown];
    expect(type).toBe('abort');
    expect(opts).toEqual({ once: true });
    expect(removed).toEqual([['abort', fn]]);
  });
});

describe('runPool edge cases', () => {
  it('a concurrency below 1 still runs every task, one at a time', async () => {
    const order: number[] = [];
    await runPool(
      [1, 2, 3].map((n) => () => {
        order.push(n);
        return Promise.resolve();
      }),
      0,
      () => false,
    );
    expect(order).toEqual([1, 2, 3]);
  });
});
