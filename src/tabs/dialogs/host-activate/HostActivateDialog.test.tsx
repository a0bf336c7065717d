// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OperationItem, OperationRecord } from '../../../operations/operationsStore';
import type { HostActivateModel } from './domain/useHostActivate';
import { HostActivateDialog } from './HostActivateDialog';

let current: HostActivateModel;
vi.mock('./domain/useHostActivate', () => ({ useHostActivate: () => current }));
vi.mock('../../shared/operations/ui/OperationsDrawer', () => ({
  OperationsDrawer: ({ children }: { children: ReactNode }) => <>{children}</>,
}));

afterEach(cleanup);

function item(id: string, state: OperationItem['state'], sent = false): OperationItem {
  return {
    entity: 'host',
    id,
    name: id,
    state,
    correlationId: 'c',
    ...(sent ? { actionSentAt: 1 } : {}),
  };
}

function model(items: OperationItem[], cancelRun = vi.fn()): HostActivateModel {
  const op: OperationRecord = {
    id: 'op-1',
    kind: 'host-activate',
    title: 'Activate 3 hosts',
    correlationId: 'c',
    startedAt: 1,
    state: 'running',
    items,
  };
  return {
    data: { ids: items.map((i) => i.id), hosts: undefined, isLoading: false, error: null, op },
    actions: { runActivation: vi.fn(), cancelRun, retryLoad: vi.fn(), closeDialog: vi.fn() },
  };
}

describe('HostActivateDialog while running', () => {
  it('offers to cancel the hosts not yet sent, never to stop after migrations', () => {
    const cancelRun = vi.fn();
    current = model(
      [
        item('host-01', 'in_progress', true),
        item('host-02', 'pending'),
        item('host-03', 'pending'),
      ],
      cancelRun,
    );
    render(<HostActivateDialog />);
    expect(screen.queryByText(/migrations/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel the hosts not yet sent (2)' }));
    expect(cancelRun).toHaveBeenCalledTimes(1);
  });

  it('offers no cancel once every host was sent', () => {
    current = model([item('host-01', 'in_progress', true), item('host-02', 'done', true)]);
    render(<HostActivateDialog />);
    expect(screen.queryByRole('button', { name: /Cancel the hosts/ })).toBeNull();
    expect(screen.queryByText(/migrations/)).toBeNull();
  });
});
