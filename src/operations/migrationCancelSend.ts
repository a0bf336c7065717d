/**
 * Sends `cancelmigration` for one item, never twice (see migrationCancel.ts): the mark is stored
 * in one synchronous read-check-write before the request leaves; a refused write sends nothing.
 * Loaded when the admin clicks "Cancel migration", not with a page.
 */
import { isDefinitiveRejection } from '../rest/bulk';
import { errorText } from './runnerKit';
import type { OperationRecord } from './operationsStore';
import {
  canCancelMigration,
  readCancelMarks,
  writeCancelMarks,
  type CancelStorage,
} from './migrationCancel';

export type CancelOutcome =
  | { kind: 'sent' }
  /** Already asked (here or in another page), or not migrating under this operation. */
  | { kind: 'not-applicable' }
  /** The browser refused to store the mark: nothing was sent. */
  | { kind: 'storage' }
  /** The engine refused: its own words, also stored in the mark. */
  | { kind: 'refused'; error: string }
  /** No (readable) answer: the engine may have cancelled; the runner follows the VM. */
  | { kind: 'unknown'; error: string };

/**
 * Marks, then sends the cancel once. `send` posts `cancelmigration` with the correlation id;
 * it must not retry.
 */
export async function cancelMigration(
  deps: {
    storage: CancelStorage;
    read: (opId: string) => OperationRecord | undefined;
    send: (vmId: string, correlationId: string) => Promise<unknown>;
    now?: () => number;
  },
  opId: string,
  vmId: string,
): Promise<CancelOutcome> {
  const now = deps.now ?? Date.now;
  const op = deps.read(opId);
  // One synchronous read-check-write: no await between reading the marks and storing ours.
  const marks = readCancelMarks(deps.storage, opId);
  if (!op || !canCancelMigration(op, vmId, marks)) return { kind: 'not-applicable' };
  marks[vmId] = { at: now() };
  if (!writeCancelMarks(deps.storage, opId, marks)) return { kind: 'storage' };
  const item = op.items.find((i) => i.id === vmId);
  try {
    await deps.send(vmId, `${item?.correlationId ?? op.correlationId}c`);
    const latest = readCancelMarks(deps.storage, opId);
    latest[vmId] = { ...(latest[vmId] ?? marks[vmId]), accepted: true };
    writeCancelMarks(deps.storage, opId, latest);
    return { kind: 'sent' };
  } catch (error) {
    const text = errorText(error);
    if (!isDefinitiveRejection(error)) return { kind: 'unknown', error: text };
    const latest = readCancelMarks(deps.storage, opId);
    latest[vmId] = { ...(latest[vmId] ?? marks[vmId]), refused: text };
    writeCancelMarks(deps.storage, opId, latest);
    return { kind: 'refused', error: text };
  }
}
