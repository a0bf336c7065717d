/**
 * What the runner needs besides the pinned record to resume an operation after a reload: the
 * action's parameters (a chosen migration host) and where each VM was before (a migration is done
 * when the VM is up on another host). Kept next to the record, in the same storage area.
 */

const PREFIX = 'ops-center:operations:meta:';

export interface OperationMeta {
  /** Migration destination; absent = the engine's scheduler picks. */
  hostId?: string;
  hostName?: string;
  /** Shutdown / power off reason (`optional_reason` clusters), sent with each action. */
  reason?: string;
  /** VM id → host id before the action. */
  fromHost: Record<string, string | undefined>;
  /** VM id → status before the action. */
  fromStatus: Record<string, string>;
  /**
   * Migration with `migrate_vms_in_affinity_closure`: leader VM id → the VMs the engine moves
   * with it. The followers are never sent themselves, only tracked (vmBulkRunner.ts).
   */
  closure?: Record<string, string[]>;
}

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function readMeta(storage: StorageLike, opId: string): OperationMeta {
  try {
    const parsed = JSON.parse(storage.getItem(PREFIX + opId) ?? 'null') as OperationMeta | null;
    if (parsed && typeof parsed === 'object') {
      return { ...parsed, fromHost: parsed.fromHost, fromStatus: parsed.fromStatus };
    }
  } catch {
    // fall through
  }
  return { fromHost: {}, fromStatus: {} };
}

export function writeMeta(storage: StorageLike, opId: string, meta: OperationMeta): void {
  try {
    storage.setItem(PREFIX + opId, JSON.stringify(meta));
  } catch {
    // The runner then falls back to the record alone (still never sends twice).
  }
}
