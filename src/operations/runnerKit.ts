/**
 * The small pieces every runner shares: how a failure reads in a record, an abortable sleep,
 * and a pool that runs tasks with at most `concurrency` at once.
 */
import { FaultError } from '../rest/errors';

/** The engine's own words when it refused (brackets stripped), else what went wrong on the way. */
export function errorText(error: unknown): string {
  if (error instanceof FaultError) return error.detail ?? error.reason;
  return error instanceof Error ? error.message : String(error);
}

/** Resolves after `ms`, or at once when the signal aborts (never rejects). */
export const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * Runs the tasks in order with at most `concurrency` in flight; a worker takes the next task as
 * soon as its current one ends. Stops taking tasks once `aborted()` says so.
 */
export async function runPool(
  tasks: (() => Promise<void>)[],
  concurrency: number,
  aborted: () => boolean,
): Promise<void> {
  const queue = [...tasks];
  const worker = async (): Promise<void> => {
    for (let task = queue.shift(); task !== undefined; task = queue.shift()) {
      if (aborted()) return;
      await task();
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(Math.max(1, concurrency), queue.length) }, worker),
  );
}
