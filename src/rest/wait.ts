/**
 * Waiting for a VM or host to reach a status: poll with intervals that grow up to a cap, so a
 * long migration costs the engine a handful of requests, not one per second.
 */
import { anySignal, growingInterval, systemClock } from './clock';
import type { Clock } from './clock';
import { ConnectionError, NotFoundError, WaitTimeoutError } from './errors';

export interface WaitOptions<T> {
  /** Give up after this many ms (`WaitTimeoutError`). Default 10 minutes. */
  timeout?: number;
  signal?: AbortSignal;
  /** First poll interval, default 1000 ms. */
  initialIntervalMs?: number;
  /** Interval cap, default 10 000 ms. */
  maxIntervalMs?: number;
  /** Called with every fetched state (progress display). */
  onPoll?: (entity: T) => void;
  clock?: Clock;
}

/**
 * Polls `fetchOne` until its `status` is one of `target` (or it 404s, for `'deleted'`).
 * Most callers use `client.waitForStatus`; this form takes any fetcher.
 */
export async function waitForStatus<T extends { status: string }>(
  fetchOne: (signal: AbortSignal | undefined) => Promise<T>,
  /** Statuses to reach, or `'deleted'` to wait for a 404. */
  target: string | readonly string[],
  options: WaitOptions<T> = {},
): Promise<T | null> {
  const clock = options.clock ?? systemClock;
  const timeout = options.timeout ?? 600_000;
  const deadline = clock.now() + timeout;
  const wanted = typeof target === 'string' ? [target] : target;
  const deleted = target === 'deleted';
  // One controller per wait: aborting it stops the poll timer and any request in flight.
  const stop = new AbortController();
  const signal = anySignal([options.signal, stop.signal]);

  try {
    for (let poll = 0; ; poll++) {
      if (options.signal?.aborted) {
        throw new ConnectionError('The wait was aborted', 'abort', {
          cause: options.signal.reason,
        });
      }
      let entity: T;
      try {
        entity = await fetchOne(signal);
      } catch (error) {
        if (deleted && error instanceof NotFoundError) return null;
        throw error;
      }
      options.onPoll?.(entity);
      if (!deleted && wanted.includes(entity.status)) return entity;

      const remaining = deadline - clock.now();
      if (remaining <= 0) {
        throw new WaitTimeoutError(
          `Still ${entity.status} after ${timeout} ms (waiting for ${wanted.join(' or ')})`,
        );
      }
      const interval = growingInterval(poll, {
        initialMs: options.initialIntervalMs ?? 1000,
        maxMs: options.maxIntervalMs ?? 10_000,
      });
      try {
        await clock.sleep(Math.min(interval, remaining), options.signal);
      } catch (error) {
        throw new ConnectionError('The wait was aborted', 'abort', { cause: error });
      }
    }
  } finally {
    stop.abort();
  }
}
