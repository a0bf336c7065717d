// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OperationRecord } from '../../../../operations/operationsStore';
import { OperationCard } from './OperationCard';

afterEach(cleanup);

function finished(kind: OperationRecord['kind']): OperationRecord {
  return {
    id: 'op-1',
    kind,
    title: 'Some VMs',
    correlationId: 'c',
    startedAt: 1,
    state: 'partial',
    items: [
      { entity: 'vm', id: 'a', name: 'web-1', state: 'failed', correlationId: 'c' },
      { entity: 'vm', id: 'b', name: 'web-2', state: 'done', correlationId: 'c' },
    ],
  };
}

describe('OperationCard power off', () => {
  it('asks before powering off the VMs that did not shut down', () => {
    const forceOff = vi.fn();
    render(<OperationCard op={finished('vm-shutdown')} actions={{ forceOff }} />);
    fireEvent.click(
      screen.getByRole('button', { name: 'Power off the VMs that did not shut down' }),
    );
    expect(forceOff).not.toHaveBeenCalled();
    expect(screen.getByText(/unsaved data is lost/)).toBeTruthy();
    const confirm = screen.getByRole('button', { name: 'Power off 1 VM' });
    expect(confirm.className).toContain('pf-m-danger');
    fireEvent.click(confirm);
    expect(forceOff).toHaveBeenCalledTimes(1);
    expect(screen.queryByText(/unsaved data is lost/)).toBeNull();
  });

  it('asks before retrying a power off, and Cancel sends nothing', () => {
    const retry = vi.fn();
    render(<OperationCard op={finished('vm-stop')} actions={{ retry }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Retry failed (1)' }));
    expect(retry).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(retry).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Retry failed (1)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Power off 1 VM' }));
    expect(retry).toHaveBeenCalledWith('op-1');
  });

  it('retries other actions at once', () => {
    const retry = vi.fn();
    render(<OperationCard op={finished('vm-start')} actions={{ retry }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Retry failed (1)' }));
    expect(retry).toHaveBeenCalledWith('op-1');
  });
});

function cancelledRest(kind: OperationRecord['kind']): OperationRecord {
  return {
    id: 'op-2',
    kind,
    title: 'Start 4 VMs',
    correlationId: 'c',
    startedAt: 1,
    state: 'partial',
    items: [
      { entity: 'vm', id: 'a', name: 'web-1', state: 'done', correlationId: 'c' },
      { entity: 'vm', id: 'b', name: 'web-2', state: 'skipped', correlationId: 'c' },
      { entity: 'vm', id: 'c', name: 'web-3', state: 'cancelled', correlationId: 'c' },
      { entity: 'vm', id: 'd', name: 'web-4', state: 'cancelled', correlationId: 'c' },
    ],
  };
}

describe('OperationCard after "Cancel the rest"', () => {
  it('counts cancelled VMs as cancelled, not skipped', () => {
    render(<OperationCard op={cancelledRest('vm-start')} actions={{}} />);
    expect(
      screen.getByText('1 done, 0 failed, 1 skipped, 2 cancelled, 0 in progress'),
    ).toBeTruthy();
    expect(screen.getAllByText('Cancelled')).toHaveLength(2);
  });

  it('offers to send the cancelled VMs in a new operation', () => {
    const runCancelled = vi.fn();
    const op = cancelledRest('vm-start');
    render(<OperationCard op={op} actions={{ runCancelled }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Send the cancelled ones (2)' }));
    expect(runCancelled).toHaveBeenCalledWith(op);
  });

  it('asks first when the cancelled action is a power off', () => {
    const runCancelled = vi.fn();
    render(<OperationCard op={cancelledRest('vm-stop')} actions={{ runCancelled }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Send the cancelled ones (2)' }));
    expect(runCancelled).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Power off 2 VMs' }));
    expect(runCancelled).toHaveBeenCalledTimes(1);
  });

  it('offers nothing for cancelled VMs already sent again, nor while running', () => {
    const sent = cancelledRest('vm-start');
    sent.items = sent.items.map((i) =>
      i.state === 'cancelled' ? { ...i, detail: 'Sent later, in a new operation' } : i,
    );
    render(<OperationCard op={sent} actions={{ runCancelled: vi.fn() }} />);
    expect(screen.queryByRole('button', { name: /Send the cancelled/ })).toBeNull();
    cleanup();
    render(
      <OperationCard
        op={{ ...cancelledRest('vm-start'), state: 'running' }}
        actions={{ runCancelled: vi.fn() }}
      />,
    );
    expect(screen.queryByRole('button', { name: /Send the cancelled/ })).toBeNull();
  });
});

describe('OperationCard when every item is finished', () => {
  it('says how the operation ended at once, and a done item says where the VM is', () => {
    const op: OperationRecord = {
      id: 'op-2',
      kind: 'vm-stop',
      title: 'Power off',
      correlationId: 'c',
      startedAt: 1,
      state: 'running',
      items: [
        { entity: 'vm', id: 'a', name: 'web-1', state: 'done', target: 'down', correlationId: 'c' },
      ],
    };
    const { container } = render(<OperationCard op={op} actions={{}} />);
    expect(container.querySelector('.oc-op-card')?.getAttribute('data-state')).toBe('done');
    expect(screen.queryByText('Running')).toBeNull();
    expect(screen.getByText('Down')).toBeTruthy();
    expect(screen.queryByText('to down')).toBeNull();
  });

  it("names the target of an item still under way in the status column's words", () => {
    const op: OperationRecord = {
      id: 'op2',
      kind: 'vm-start',
      title: 'Start',
      correlationId: 'c',
      startedAt: 1,
      state: 'running',
      items: [
        {
          entity: 'vm',
          id: 'a',
          name: 'web-1',
          state: 'in_progress',
          target: 'up',
          correlationId: 'c',
        },
        {
          entity: 'host',
          id: 'h',
          name: 'host-1',
          state: 'in_progress',
          target: 'Maintenance',
          correlationId: 'c',
        },
      ],
    };
    render(<OperationCard op={op} actions={{}} />);
    expect(screen.getByText('Target: Up')).toBeTruthy();
    expect(screen.getByText('Target: Maintenance')).toBeTruthy();
    expect(screen.queryByText('to up')).toBeNull();
  });
});
