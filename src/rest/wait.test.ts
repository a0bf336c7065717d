/** waitForStatus against a scripted fetcher and a virtual clock. */
import { describe, expect, it } from 'vitest';
import type { Clock } from './clock';
import { ConnectionError, NotFoundError, WaitTimeoutError } from './errors';
import { waitForStatus } from './wait';

function virtualClock(onSleep?: () => void) {
  let now = 0;
  const waits: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: (ms, signal) => {
      onSleep?.();
      if (signal?.aborted) return Promise.reject(new Error('aborted'));
      waits.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
  return { clock, waits };
}

/** Answers the statuses in turn (the last repeats); `'404'` answers NotFoundError. */
function fetcher(statuses: string[]) {
  const signals: (AbortSignal | undefined)[] = [];
  const fetchOne = (signal: AbortSignal | undefined) => {
    signals.push(signal);
    const s = statuses.length > 1 ? statuses.shift() : statuses[0];
    if (s === '404') return Promise.reject(new NotFoundError('Not found: /vms/1', { status: 404 }));
    return Promise.resolve({ status: s ?? 'unknown' });
  };
  return { fetchOne, signals };
}

const statusOf = (v: { status: string } | null) => v?.status;

describe('waitForStatus', () => {
  it('polls with growing pauses until one of the statuses, reporting each state', async () => {
    const { clock, waits } = virtualClock();
    const { fetchOne } = fetcher(['wait_for_launch', 'powering_up', 'powering_up', 'up']);
    const seen: string[] = [];
    const vm = await waitForStatus(fetchOne, ['up', 'paused'], {
      clock,
      onPoll: (e) => seen.push(e.status),
    });
    expect(statusOf(vm)).toBe('up');
    expect(seen).toEqual(['wait_for_launch', 'powering_up', 'powering_up', 'up']);
    expect(waits).toEqual([1000, 1500, 2250]);
  });

  it('keeps its pauses within the given bounds', async () => {
    const { clock, waits } = virtualClock();
    const { fetchOne } = fetcher(['a', 'a', 'a', 'a', 'b']);
    await waitForStatus(fetchOne, 'b', { clock, initialIntervalMs: 100, maxIntervalMs: 200 });
    expect(waits).toEqual([100, 150, 200, 200]);
  });

  it("waits for a 404 with 'deleted', and passes any other error on", async () => {
    const { clock } = virtualClock();
    expect(await waitForStatus(fetcher(['up', 'down', '404']).fetchOne, 'deleted', { clock })).toBe(
      null,
    );
    // A status named like the target does not count when waiting for deletion.
    expect(
      await waitForStatus(fetcher(['deleted', '404']).fetchOne, 'deleted', { clock }),
    ).toBeNull();
    await expect(waitForStatus(fetcher(['404']).fetchOne, 'up', { clock })).rejects.toThrow(
      NotFoundError,
    );
  });

  it('times out with the status it was stuck in, never sleeping past the deadline', async () => {
    const { clock, waits } = virtualClock();
    const error = await waitForStatus(fetcher(['migrating']).fetchOne, ['up', 'paused'], {
      clock,
      timeout: 2200,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toBe(
      'Still migrating after 2200 ms (waiting for up or paused)',
    );
    expect(waits).toEqual([1000, 1200]);
  });

  it('gives up after one look with a zero timeout', async () => {
    const { clock, waits } = virtualClock();
    const { fetchOne, signals } = fetcher(['down']);
    await expect(waitForStatus(fetchOne, 'up', { clock, timeout: 0 })).rejects.toThrow(
      WaitTimeoutError,
    );
    expect(signals).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('reads with a signal that ends with the wait, and stops when the caller aborts', async () => {
    const controller = new AbortController();
    const { clock } = virtualClock(() => {
      controller.abort(new Error('closed'));
    });
    const { fetchOne, signals } = fetcher(['down']);
    const error = await waitForStatus(fetchOne, 'up', { clock, signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).kind).toBe('abort');
    expect((error as Error).message).toBe('The wait was aborted');
    expect(signals[0]).toBeInstanceOf(AbortSignal);
    // The read's signal follows the caller's, and is aborted once the wait ends.
    expect(signals[0]?.aborted).toBe(true);

    const own = virtualClock();
    const plain = fetcher(['down', 'up']);
    await waitForStatus(plain.fetchOne, 'up', { clock: own.clock });
    expect(plain.signals.every((s) => s?.aborted === true)).toBe(true);
  });

  it('does not read at all when the caller aborted before', async () => {
    const { clock } = virtualClock();
    const { fetchOne, signals } = fetcher(['up']);
    const reason = new Error('gone');
    const error = await waitForStatus(fetchOne, 'up', {
      clock,
      signal: AbortSignal.abort(reason),
    }).catch((e: unknown) => e);
    expect((error as ConnectionError).kind).toBe('abort');
    expect((error as Error).message).toBe('The wait was aborted');
    expect((error as Error).cause).toBe(reason);
    expect(signals).toHaveLength(0);
  });
});
