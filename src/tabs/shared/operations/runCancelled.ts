/**
 * "Send the cancelled ones": the VMs a "Cancel the rest" kept from being sent get a new
 * operation of the same action, through the VM runner (as "Retry failed" sends again).
 */
import type { MessageKey } from '../../../messages/catalogue';
import { readMeta } from '../../../operations/operationMeta';
import type { OperationRecord, OperationsStore } from '../../../operations/operationsStore';
import type { VmAction } from '../../../operations/vmActions';
import type { VmToAct } from '../../../operations/vmBulkRunner';

const RERUNNABLE: ReadonlySet<OperationRecord['kind']> = new Set([
  'vm-start',
  'vm-shutdown',
  'vm-stop',
  'vm-reboot',
  'vm-suspend',
  'vm-migrate',
]);

/** The cancelled VMs of a finished VM operation not yet sent again in a new operation. */
export function cancelledToRun(op: OperationRecord): OperationRecord['items'] {
  if (op.state === 'running' || !RERUNNABLE.has(op.kind)) return [];
  return op.items.filter((i) => i.entity === 'vm' && i.state === 'cancelled' && !i.detail);
}

export interface RunCancelledDeps {
  store: OperationsStore;
  storage: Parameters<typeof readMeta>[0];
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  startVmAction: (
    action: VmAction,
    vms: readonly VmToAct[],
    options?: { hostId?: string; hostName?: string },
  ) => string;
}

/**
 * Returns the new operation's id, or undefined when nothing is left to send. The cancelled items
 * of the old record are marked first (they stay cancelled), so they are sent again once only.
 */
export function runCancelledVms(deps: RunCancelledDeps, opId: string): string | undefined {
  const op = deps.store.get(opId);
  if (!op) return undefined;
  const items = cancelledToRun(op);
  if (items.length === 0) return undefined;
  const meta = readMeta(deps.storage, op.id);
  const vms = items.map((i): VmToAct => {
    const hostId = meta.fromHost[i.id];
    return {
      id: i.id,
      name: i.name,
      status: meta.fromStatus[i.id] ?? 'unknown',
      ...(hostId !== undefined ? { hostId } : {}),
    };
  });
  const ids = new Set(items.map((i) => i.id));
  deps.store.update(op.id, {
    items: op.items.map((i) =>
      ids.has(i.id) ? { ...i, detail: deps.t('vms.op.cancelledRerun') } : i,
    ),
  });
  return deps.startVmAction(op.kind.slice('vm-'.length) as VmAction, vms, {
    ...(meta.hostId !== undefined ? { hostId: meta.hostId } : {}),
    ...(meta.hostName !== undefined ? { hostName: meta.hostName } : {}),
  });
}
