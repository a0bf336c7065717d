/**
 * "Cancel migration" from the VM view for the selected VMs that are migrating (issue 15 point 3).
 * A VM whose migration an Ops Center operation follows is cancelled on that operation's item. A
 * VM migrating without one (started in WebAdmin, by the engine's balancing, …) first gets a
 * one-item migrate record that follows it from where it is, so the cancel is recorded like any
 * other: the item is marked as sent before anything leaves (the migration is already running, it
 * is never sent by us), then the cancel goes out once, and the runner records how it ended.
 * Loaded when the admin clicks, not with the view.
 */
import type { readMeta } from './operationMeta';
import { writeMeta } from './operationMeta';
import { isItemFinished, type OperationRecord, type OperationsStore } from './operationsStore';
import type { readCancelMarks } from './migrationCancel';
import { cancelMigration, type CancelOutcome } from './migrationCancelSend';
import { newCorrelationId } from './vmBulkRunner';

export interface MigratingVm {
  id: string;
  name: string;
  status: string;
  /** While migrating, the engine names the source host. */
  hostId?: string;
}

export async function cancelVmMigrations(
  deps: {
    store: OperationsStore;
    storage: Parameters<typeof readMeta>[0] & Parameters<typeof readCancelMarks>[0];
    send: (vmId: string, correlationId: string) => Promise<unknown>;
    /** Starts following a new record (the page's runner). */
    drive: (opId: string) => void;
    title: string;
    now?: () => number;
  },
  vms: readonly MigratingVm[],
): Promise<CancelOutcome[]> {
  const now = deps.now ?? Date.now;
  const read = (id: string): OperationRecord | undefined => deps.store.get(id);
  const out: CancelOutcome[] = [];
  for (const vm of vms) {
    if (vm.status !== 'migrating') continue;
    // The operation following this VM's migration, if any (asked before or not: never adopted
    // twice, never cancelled twice).
    let op = deps.store
      .list()
      .find(
        (o) =>
          o.state === 'running' &&
          o.items.some((i) => i.id === vm.id && i.actionSentAt !== undefined && !isItemFinished(i)),
      );
    if (!op) {
      const id = crypto.randomUUID();
      const correlationId = newCorrelationId();
      const at = now();
      writeMeta(deps.storage, id, {
        fromHost: { [vm.id]: vm.hostId },
        fromStatus: { [vm.id]: 'up' },
      });
      op = deps.store.create({
        id,
        kind: 'vm-migrate',
        title: deps.title,
        correlationId,
        startedAt: at,
        state: 'running',
        items: [
          {
            entity: 'vm',
            id: vm.id,
            name: vm.name,
            state: 'in_progress',
            target: 'up',
            correlationId: `${correlationId}-1`,
            actionSentAt: at,
          },
        ],
      });
      // Not stored: nothing may be sent for it.
      if (!deps.store.writable()) {
        out.push({ kind: 'storage' });
        continue;
      }
      deps.drive(id);
    }
    out.push(await cancelMigration({ storage: deps.storage, read, send: deps.send }, op.id, vm.id));
  }
  return out;
}
