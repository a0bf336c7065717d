/**
 * Cancelling a running migration (`POST /vms/{id}/cancelmigration`) of an item of a migrate or
 * evacuation operation, never twice.
 *
 * The admin's request is a mark stored next to the record (one storage key per operation, read
 * and written synchronously, so two pages of the tab cannot both claim it) BEFORE the request
 * leaves; a refused write sends nothing. The page that sent it stores the engine's refusal in the
 * same mark. The runner driving the operation (it may live in another page) is the one that
 * follows the VM: up again on its source host with a cancel mark → the item ends `cancelled`,
 * neither failed nor skipped; a refused cancel lets the migration end as it does, and the item
 * keeps the engine's words for the refusal. The sending half is migrationCancelSend.ts (loaded
 * on the admin's click); this half is what runners and the operations list read.
 */
import { isItemFinished, type OperationRecord } from './operationsStore';

const PREFIX = 'ops-center:operations:cancel:';

export interface CancelMark {
  /** When the admin asked (the mark is written before the request leaves). */
  at: number;
  /** The engine accepted the cancel (a 2xx answer). */
  accepted?: true;
  /** The engine refused the cancel: its own words. */
  refused?: string;
}

export interface CancelStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** VM id → cancel mark, for one operation. Unreadable storage reads as no marks. */
export function readCancelMarks(storage: CancelStorage, opId: string): Record<string, CancelMark> {
  try {
    const parsed = JSON.parse(storage.getItem(PREFIX + opId) ?? 'null') as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, CancelMark>;
  } catch {
    // fall through
  }
  return {};
}

/** Stores the marks; false when the browser refused the write. */
export function writeCancelMarks(
  storage: CancelStorage,
  opId: string,
  marks: Record<string, CancelMark>,
): boolean {
  try {
    storage.setItem(PREFIX + opId, JSON.stringify(marks));
    return true;
  } catch {
    return false;
  }
}

/** Operation kinds whose VM items are migrations. */
export function migratesVms(op: Pick<OperationRecord, 'kind'>): boolean {
  return op.kind === 'vm-migrate' || op.kind === 'host-evacuate';
}

/**
 * Whether the admin may ask to cancel this item's migration now: a VM item of a migrate or
 * evacuation operation whose migration was sent and is not finished, and not asked before.
 */
export function canCancelMigration(
  op: OperationRecord,
  vmId: string,
  marks: Record<string, CancelMark>,
): boolean {
  if (!migratesVms(op) || marks[vmId] !== undefined) return false;
  const item = op.items.find((i) => i.id === vmId && i.entity === 'vm');
  return item !== undefined && item.actionSentAt !== undefined && !isItemFinished(item);
}

/**
 * Whether a runner ends a migrating item the admin asked to cancel as `cancelled`, from the VM it
 * just read: the VM is up on the host it left, and the engine accepted the cancel or the runner
 * saw the VM migrate (`sawMoving`); a VM not migrating yet when the mark was written is still up
 * on its source while the engine's refusal is on its way. False while the VM is on its way, or
 * when the cancel was refused (the migration then ends as migrations do).
 */
export function cancelledMigration(
  mark: CancelMark | undefined,
  vm: { status: string; hostId?: string },
  sourceHostId: string | undefined,
  sawMoving: boolean,
): boolean {
  if (!mark || mark.refused !== undefined || (mark.accepted !== true && !sawMoving)) return false;
  return vm.status === 'up' && sourceHostId !== undefined && vm.hostId === sourceHostId;
}
