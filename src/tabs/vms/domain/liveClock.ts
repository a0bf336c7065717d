/**
 * When the VM list last heard from the engine's event stream, kept outside React state (issue 14,
 * memory): every poll (each `pollIntervalMs`) moves it, and only what shows time subscribes to it
 * (the "Live · last updated" line and the table's durations). The rest of the VM view — search
 * bar, filters, toolbar, pager — no longer renders on every poll: 30 minutes of polls had made
 * all of its code hot, and V8 kept about 1 MB of compiled code for it.
 */
import { useSyncExternalStore } from 'react';

export interface LiveClock {
  /** The last successful poll's time (ms), `undefined` before the first. */
  get: () => number | undefined;
  /**
   * Moves the time; `changed` also tells the subscribers when the time is the same (a live
   * refresh patched rows that only the plain-DOM table shows).
   */
  set: (at: number, changed?: boolean) => void;
  subscribe: (listener: () => void) => () => void;
}

export function createLiveClock(): LiveClock {
  let at: number | undefined;
  const listeners = new Set<() => void>();
  return {
    get: () => at,
    set: (next, changed = false) => {
      if (next === at && !changed) return;
      at = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/** The clock's time for a component that shows it; re-renders that component alone. */
export function useLiveClock(clock: LiveClock): number | undefined {
  return useSyncExternalStore(clock.subscribe, clock.get, clock.get);
}
