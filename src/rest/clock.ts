/**
 * Every wait in `src/rest` goes through a `Clock`, so tests (and callers) can inject time and
 * every timer is cleared when its signal aborts: nothing outlives the work it belongs to.
 */

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : new DOMException('The operation was aborted.', 'AbortError');
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortReason(signal as AbortSignal));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface BackoffOptions {
  /** First delay in ms. */
  baseMs?: number;
  /** Upper bound in ms. */
  maxMs?: number;
  /** 0..1: the share of each delay that is randomised ("equal jitter"). */
  jitter?: number;
  random?: () => number;
}

/**
 * Exponential backoff with jitter for retry `attempt` (0-based): base·2^attempt capped at max,
 * then the `jitter` share of it randomised so many clients hitting a recovering engine spread out.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = 200, maxMs = 5000, jitter = 0.5, random = Math.random } = options;
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  const fixed = exp * (1 - jitter);
  return Math.round(fixed + random() * exp * jitter);
}

/** Poll intervals that grow by `factor` from `initialMs` up to `maxMs`. */
export function growingInterval(
  poll: number,
  options: { initialMs?: number; maxMs?: number; factor?: number } = {},
): number {
  const { initialMs = 500, maxMs = 5000, factor = 1.5 } = options;
  return Math.min(maxMs, Math.round(initialMs * factor ** Math.max(0, poll)));
}

/** A signal that aborts when any of `signals` aborts. */
export function anySignal(signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  // AbortSignal.any arrived in Chrome 116 / Firefox 124; WebAdmin admins run older browsers too.
  if (typeof (AbortSignal as { any?: unknown }).any === 'function') return AbortSignal.any(present);
  return anySignalFallback(present);
}

export function anySignalFallback(signals: AbortSignal[]): AbortSignal {
  const controller = new AbortController();
  const onAbort = (event: Event): void => {
    controller.abort((event.target as AbortSignal).reason);
    for (const s of signals) s.removeEventListener('abort', onAbort);
  };
  for (const s of signals) {
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    s.addEventListener('abort', onAbort);
  }
  return controller.signal;
}
