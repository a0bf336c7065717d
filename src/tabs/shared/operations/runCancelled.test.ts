import { describe, expect, it, vi } from 'vitest';
import { createOperationsStore } from '../../../operations/operationsStore';
import { cancelRest, createVmOperation } from '../../../operations/vmBulkRunner';
import { runCancelledVms } from './runCancelled';

function memory(): {
  getItem: (k: string) => string | null;
  setItem: (k: string, v: string) => void;
  removeItem: (k: string) => void;
} {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
  };
}

const t = (key: string): string => key;

function cancelledStart(): { deps: Parameters<typeof runCancelledVms>[0]; opId: string } {
  const storage = memory();
  const store = createOperationsStore(storage);
  const opId = createVmOperation(
    { store, storage, t },
    'start',
    [
      { id: 'a', name: 'web-1', status: 'down', hostId: 'h1' },
      { id: 'b', name: 'web-2', status: 'down' },
      { id: 'c', name: 'web-3', status: 'down' },
    ],
    { title: 'Start 3 VMs' },
  );
  // web-1 was sent and finished; the admin cancelled the rest.
  store.update(opId, {
    items: (store.get(opId)?.items ?? []).map((i) =>
      i.id === 'a' ? { ...i, state: 'done' as const, actionSentAt: 1, finishedAt: 2 } : i,
    ),
  });
  cancelRest(store, opId);
  const startVmAction = vi.fn(() => 'op-2');
  return { deps: { store, storage, t, startVmAction }, opId };
}

describe('runCancelledVms', () => {
  it('sends the cancelled VMs, and only them, as a new operation of the same action', () => {
    const { deps, opId } = cancelledStart();
    expect(deps.store.get(opId)?.items.map((i) => i.state)).toEqual([
      'done',
      'cancelled',
      'cancelled',
    ]);
    expect(runCancelledVms(deps, opId)).toBe('op-2');
    expect(deps.startVmAction).toHaveBeenCalledTimes(1);
    expect(deps.startVmAction).toHaveBeenCalledWith(
      'start',
      [
        { id: 'b', name: 'web-2', status: 'down' },
        { id: 'c', name: 'web-3', status: 'down' },
      ],
      {},
    );
    // The old record still says they were cancelled, and that they were sent later.
    const old = deps.store.get(opId)?.items ?? [];
    expect(old.filter((i) => i.state === 'cancelled')).toHaveLength(2);
    expect(old[1]?.detail).toBe('vms.op.cancelledRerun');
  });

  it('sends them once only', () => {
    const { deps, opId } = cancelledStart();
    runCancelledVms(deps, opId);
    expect(runCancelledVms(deps, opId)).toBeUndefined();
    expect(deps.startVmAction).toHaveBeenCalledTimes(1);
  });
});
