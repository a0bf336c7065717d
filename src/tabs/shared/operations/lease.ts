/**
 * Which page drives an operation. Every plugin page of a WebAdmin tab shares one sessionStorage
 * area, so after a reload several pages (the main place, a dialog, the Activity tab) may each find
 * the same unfinished operation. Only the page holding a live lease sends and tracks; the others
 * only show it. A reloaded page's lease expires within `LEASE_MS`, then another page takes over.
 *
 * Acquire is a synchronous read-check-write: same-origin frames of one tab share an event loop,
 * so two pages cannot both see the lease free.
 */

const PREFIX = 'ops-center:operations:lease:';
export const LEASE_MS = 6000;

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
