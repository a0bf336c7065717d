/**
 * Which page drives an operation. Every plugin page of a WebAdmin tab shares one sessionStorage
 * area, so after a reload several pages (the main place, a dialog, the Activity tab) may each find
 * the same unfinished operation. Only the page holding a live lease sends and tracks; the others
 * only show it. A reloaded page's lease expires within `LEASE_MS`, then another page takes over.
 *
 * Acquire is a synchronous read-check-write: same-origin frames of one tab share an event loop,
 * so two pages cannot both see the lease free.
 */

import type { OperationRecord } from './operationsStore';

const PREFIX = 'ops-center:operations:lease:';
export const LEASE_MS = 6000;
/** How often a page renews the leases of the operations it drives: well inside LEASE_MS. */
export const LEASE_BEAT_MS = 2000;

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

interface Lease {
  owner: string;
  expires: number;
}

export const PAGE_ID: string = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

function read(storage: StorageLike, opId: string): Lease | undefined {
  try {
    const parsed = JSON.parse(storage.getItem(PREFIX + opId) ?? 'null') as Lease | null;
    return parsed && typeof parsed.owner === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function tryAcquireLease(
  storage: StorageLike,
  opId: string,
  owner: string,
  now: number,
): boolean {
  const lease = read(storage, opId);
  if (lease && lease.owner !== owner && lease.expires > now) return false;
  try {
    storage.setItem(PREFIX + opId, JSON.stringify({ owner, expires: now + LEASE_MS }));
  } catch {
    // Without storage nobody else can see the operation either; drive it.
  }
  return true;
}

export function isLeaseHeldByOther(
  storage: StorageLike,
  opId: string,
  owner: string,
  now: number,
): boolean {
  const lease = read(storage, opId);
  return lease !== undefined && lease.owner !== owner && lease.expires > now;
}

export function releaseLease(storage: StorageLike, opId: string, owner: string): void {
  if (read(storage, opId)?.owner === owner) {
    try {
      storage.removeItem(PREFIX + opId);
    } catch {
      // Expires on its own.
    }
  }
}

interface DriverDeps {
  store: { list(): readonly OperationRecord[] };
  storage: StorageLike;
  now?: () => number;
}

/**
 * What every runner needs around its `run`: at most one run per operation in this page (double
 * clicks, two hooks mounting), and on page load the resumption of the unfinished operations of
 * its kinds that no live page holds the lease of.
 *
 * @example
 *   const driver = createOperationDriver(run, (op) => op.kind === 'host-activate');
 *   void driver.drive(deps, opId); // later, on another page load: driver.resume(deps)
 */
export function createOperationDriver<D extends DriverDeps>(
  run: (deps: D, opId: string, signal: AbortSignal) => Promise<void>,
  owns: (op: OperationRecord) => boolean,
): {
  drive: (deps: D, opId: string, signal?: AbortSignal) => Promise<void>;
  resume: (deps: D, signal?: AbortSignal) => void;
  isDriven: (opId: string) => boolean;
} {
  const running = new Map<string, Promise<void>>();
  const storages = new Map<string, StorageLike>();
  // A page going away (reload, dialog closed) hands its operations over at once instead of
  // leaving them unattended until the lease expires.
  if (typeof window !== 'undefined') {
    window.addEventListener('pagehide', () => {
      for (const [opId, storage] of storages) releaseLease(storage, opId, PAGE_ID);
    });
  }
  const drive = (
    deps: D,
    opId: string,
    signal: AbortSignal = new AbortController().signal,
  ): Promise<void> => {
    const existing = running.get(opId);
    if (existing) return existing;
    // The runners renew the lease when an item changes, but a step can wait longer than
    // LEASE_MS with nothing changing (a host preparing for maintenance, an install). Renewed on
    // a beat while the run lives, the lease cannot expire under a live page, so no other page
    // starts driving (and polling) the same operation. A live lease of another page is never
    // taken over by the beat (tryAcquireLease refuses it).
    const now = deps.now ?? Date.now;
    const beat = setInterval(() => {
      tryAcquireLease(deps.storage, opId, PAGE_ID, now());
    }, LEASE_BEAT_MS);
    (beat as { unref?: () => void }).unref?.();
    const p = run(deps, opId, signal).finally(() => {
      clearInterval(beat);
      running.delete(opId);
      storages.delete(opId);
    });
    running.set(opId, p);
    storages.set(opId, deps.storage);
    return p;
  };
  return {
    drive,
    resume: (deps, signal) => {
      const now = (deps.now ?? Date.now)();
      for (const op of deps.store.list()) {
        if (op.state !== 'running' || !owns(op)) continue;
        if (running.has(op.id) || isLeaseHeldByOther(deps.storage, op.id, PAGE_ID, now)) continue;
        void drive(deps, op.id, signal);
      }
    },
    isDriven: (opId) => running.has(opId),
  };
}
