/**
 * Running one action over many items: bounded concurrency, per-item results, cancellation,
 * retry of failed items only, and never the same action twice for one item.
 *
 * The never-twice guarantee rests on a ledger of "sent" keys. The runner records a key just
 * before the action leaves, and only removes it when the engine definitively refused (a 4xx
 * fault: nothing happened). A key whose outcome is unknown (timeout, network, 5xx after
 * sending) stays, so a retry or a resumed run reports it as skipped instead of re-sending.
 * Pass a ledger backed by your persisted operation record to extend this across reloads.
 *
 * The check (`has`) and the claim (`add`) run back to back with no `await` between them, so two
 * runs sharing one ledger (a double click, two hooks) cannot both find a key free and both send.
 * That is why both are synchronous. If `add` throws (the record cannot be written), the item is
 * not sent: it fails with `sent: false`.
 *
 * @example
 * const report = await runBulk(vms, (vm) => client.vmStart(vm.id, { correlationId }), {
 *   key: (vm) => vm.id, concurrency: 4, signal, onItem: (r) => update(r),
 *   skip: (vm) => (vm.status === 'up' ? 'already up' : undefined),
 * });
 * const again = await report.retryFailed();
 */
import { AuthError, FaultError, NotFoundError } from './errors';

export interface BulkLedger {
  /** True when an action was, or may have been, delivered for `key`. Synchronous (see above). */
  has(key: string): boolean;
  /**
   * Called just before the action leaves, right after `has` returned false. Persist it (e.g.
   * `actionSentAt`) to survive reloads; throw when it cannot be stored, and nothing is sent.
   */
  add(key: string): void;
  /** Called when the engine definitively refused the action: a later retry is safe. */
  delete(key: string): void | Promise<void>;
}

export interface MemoryLedger extends BulkLedger {
  keys(): string[];
}

export function createMemoryLedger(sent: Iterable<string> = []): MemoryLedger {
  const keys = new Set(sent);
  return {
    has: (key) => keys.has(key),
    add: (key) => {
      keys.add(key);
    },
    delete: (key) => {
      keys.delete(key);
    },
    keys: () => [...keys],
  };
}

/** Reason given to items skipped because their action may already have been delivered. */
export const ALREADY_SENT = 'already-sent';

export interface BulkContext {
  key: string;
  /**
   * Aborts when the run is cancelled. Use it for waiting after the action; think twice before
   * passing it to the action request itself (an aborted request may still have reached the engine).
   */
  signal: AbortSignal;
}

export type BulkItemResult<T, R> =
  | { state: 'running'; key: string; item: T }
  | { state: 'done'; key: string; item: T; value: R }
  /** `sent`: the engine may have received the action, so it will not be sent again. */
  | { state: 'failed'; key: string; item: T; error: unknown; sent: boolean }
  | { state: 'skipped'; key: string; item: T; reason: string }
  | { state: 'cancelled'; key: string; item: T; sent: boolean };

export type BulkFinalResult<T, R> = Exclude<BulkItemResult<T, R>, { state: 'running' }>;

export interface BulkOptions<T, R> {
  /** Identifies an item in the ledger; default `item.id`. */
  key?: (item: T) => string;
  /** Parallel actions, default 4. */
  concurrency?: number;
  /** Cancels the run: items not yet started become `cancelled`. */
  signal?: AbortSignal;
  /** Default: a fresh in-memory ledger (shared by `retryFailed`). */
  ledger?: BulkLedger;
  /** A reason to skip an item (e.g. "already up"); checked right before it would start. */
  skip?: (item: T) => string | undefined | Promise<string | undefined>;
  /** Every state change of every item (running, then a final state). */
  onItem?: (result: BulkItemResult<T, R>) => void;
}

export interface BulkReport<T, R> {
  /** One final result per input item, in input order. */
  results: BulkFinalResult<T, R>[];
  counts: Record<BulkFinalResult<T, R>['state'], number>;
  ledger: BulkLedger;
  /** Runs the action again for the failed items only (same ledger, same options unless given). */
  retryFailed(options?: BulkOptions<T, R>): Promise<BulkReport<T, R>>;
}

/**
 * The engine answered with a 4xx (or 401/404): it refused before doing anything, so the action
 * did not happen. Anything else after sending (timeout, network, 5xx, unparsable body) might
 * have happened.
 */
export function isDefinitiveRejection(error: unknown): boolean {
  if (error instanceof AuthError || error instanceof NotFoundError) return true;
  return (
    error instanceof FaultError && error.status >= 400 && error.status < 500 && error.status !== 408
  );
}

function defaultKey(item: unknown): string {
  if (typeof item === 'string') return item;
  if (typeof item === 'object' && item !== null && 'id' in item && typeof item.id === 'string') {
    return item.id;
  }
  throw new TypeError('runBulk needs a `key` option for items without a string `id`');
}

export async function runBulk<T, R>(
  items: readonly T[],
  action: (item: T, context: BulkContext) => Promise<R>,
  options: BulkOptions<T, R> = {},
): Promise<BulkReport<T, R>> {
  const keyOf = options.key ?? defaultKey;
  const ledger = options.ledger ?? createMemoryLedger();
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  const signal = options.signal ?? new AbortController().signal;
  const keys = items.map((item) => keyOf(item));
  const results: (BulkFinalResult<T, R> | undefined)[] = items.map(() => undefined);
  const emit = (r: BulkItemResult<T, R>): void => {
    try {
      options.onItem?.(r);
    } catch {
      // A failing progress callback must not turn a sent action into an unknown one.
    }
  };
  const settle = (index: number, r: BulkFinalResult<T, R>): void => {
    results[index] = r;
    emit(r);
  };

  // A function, so the check is re-evaluated after the awaits above it.
  const aborted = (): boolean => signal.aborted;
  let next = 0;
  const inFlight = new Set<string>();

  const runOne = async (index: number): Promise<void> => {
    const item = items[index] as T;
    const key = keys[index] as string;
    if (inFlight.has(key)) {
      // The same item twice in one list: the second never sends.
      settle(index, { state: 'skipped', key, item, reason: ALREADY_SENT });
      return;
    }
    inFlight.add(key);
    if (ledger.has(key)) {
      settle(index, { state: 'skipped', key, item, reason: ALREADY_SENT });
      return;
    }
    const reason = await options.skip?.(item);
    if (reason !== undefined) {
      settle(index, { state: 'skipped', key, item, reason });
      return;
    }
    if (signal.aborted) {
      settle(index, { state: 'cancelled', key, item, sent: false });
      return;
    }
    // Check again and claim in one synchronous step: another run sharing this ledger may have
    // claimed the key while `skip` was awaited.
    if (ledger.has(key)) {
      settle(index, { state: 'skipped', key, item, reason: ALREADY_SENT });
      return;
    }
    try {
      ledger.add(key);
    } catch (error) {
      // Fail closed: what cannot be recorded as sent is not sent.
      settle(index, { state: 'failed', key, item, error, sent: false });
      return;
    }
    emit({ state: 'running', key, item });
    try {
      const value = await action(item, { key, signal });
      settle(index, { state: 'done', key, item, value });
    } catch (error) {
      const refused = isDefinitiveRejection(error);
      if (refused) await ledger.delete(key);
      if (aborted() && !refused) settle(index, { state: 'cancelled', key, item, sent: true });
      else settle(index, { state: 'failed', key, item, error, sent: !refused });
    }
  };

  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      if (signal.aborted) {
        settle(index, {
          state: 'cancelled',
          key: keys[index] as string,
          item: items[index] as T,
          sent: false,
        });
        continue;
      }
      await runOne(index);
    }
  };

  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));

  const final = results as BulkFinalResult<T, R>[];
  const counts = { done: 0, failed: 0, skipped: 0, cancelled: 0 };
  for (const r of final) counts[r.state]++;
  return {
    results: final,
    counts,
    ledger,
    retryFailed: (retryOptions) => {
      const failed = final.filter((r) => r.state === 'failed').map((r) => r.item);
      return runBulk(failed, action, { ...options, ...retryOptions, ledger, key: keyOf });
    },
  };
}
