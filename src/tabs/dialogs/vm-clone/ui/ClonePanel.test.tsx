// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OperationRecord } from '../../../../operations/operationsStore';
import type { Vm } from '../../../../rest/models';
import type { useSafeClone } from '../domain/useSafeClone';
import { ClonePanel } from './ClonePanel';

type Model = ReturnType<typeof useSafeClone>;
let current: Model;
vi.mock('../domain/useSafeClone', () => ({ useSafeClone: () => current }));

afterEach(cleanup);

function model(
  status: string,
  operation?: OperationRecord,
  restart?: 'offer' | 'sent',
  restartOriginal = vi.fn(),
): Model {
  return {
    data: {
      vm: { id: 'vm-1', name: 'db-1', status } as unknown as Vm,
      loading: false,
      error: null,
      name: 'db-1-clone',
      startClone: false,
      problem: undefined,
      checking: false,
      operation,
      restart,
    },
    actions: {
      setName: vi.fn(),
      setStartClone: vi.fn(),
      runClone: vi.fn(),
      retryLoad: vi.fn(),
      restartOriginal,
    },
  };
}

function cloneOp(state: OperationRecord['state']): OperationRecord {
  return {
    id: 'op-1',
    kind: 'vm-clone',
    title: 'Safe clone of db-1',
    correlationId: 'c',
    startedAt: 1,
    state,
    items: [{ entity: 'vm', id: 'vm-1', name: 'db-1', state: 'failed', correlationId: 'c' }],
    steps: [
      { name: 'Shut down db-1', state: 'done' },
      { name: 'Clone to db-1-clone', state: state === 'failed' ? 'failed' : 'running' },
    ],
  };
}

describe('ClonePanel before the clone', () => {
  it('warns that a running VM will be shut down', () => {
    current = model('up');
    render(<ClonePanel vmId="vm-1" onClose={vi.fn()} />);
    expect(screen.getByText(/db-1 is not down: the safe clone shuts it down first/)).toBeTruthy();
  });

  it('gives no downtime warning for a VM that is already down', () => {
    current = model('down');
    render(<ClonePanel vmId="vm-1" onClose={vi.fn()} />);
    expect(screen.queryByText(/shuts it down first/)).toBeNull();
  });
});

describe('ClonePanel while and after the clone', () => {
  it('says truthfully that the clone goes on if the window closes', () => {
    current = model('down', cloneOp('running'));
    render(<ClonePanel vmId="vm-1" onClose={vi.fn()} />);
    expect(screen.getByText(/continues even if this window is closed/)).toBeTruthy();
    expect(screen.queryByText(/Keep this window open/)).toBeNull();
  });

  it('offers to start the original again after a failed clone left it down', () => {
    const restartOriginal = vi.fn();
    current = model('down', cloneOp('failed'), 'offer', restartOriginal);
    render(<ClonePanel vmId="vm-1" onClose={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Start db-1 again' }));
    expect(restartOriginal).toHaveBeenCalledTimes(1);
  });

  it('offers no start when the original is not down', () => {
    current = model('up', cloneOp('failed'), undefined);
    render(<ClonePanel vmId="vm-1" onClose={vi.fn()} />);
    expect(screen.queryByRole('button', { name: 'Start db-1 again' })).toBeNull();
  });

  it('says the start was sent, and offers it no more', () => {
    current = model('down', cloneOp('failed'), 'sent');
    render(<ClonePanel vmId="vm-1" onClose={vi.fn()} />);
    expect(screen.queryByRole('button', { name: 'Start db-1 again' })).toBeNull();
    expect(screen.getByText(/Start sent for db-1/)).toBeTruthy();
  });
});
