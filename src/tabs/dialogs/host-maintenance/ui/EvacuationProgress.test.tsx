// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { OperationRecord } from '../../../../operations/operationsStore';
import { OperationCard } from '../../../shared/operations/ui/OperationCard';
import { EvacuationProgress, EvacuationSummary } from './EvacuationProgress';

afterEach(cleanup);

function evacuation(n: number): OperationRecord {
  return {
    id: 'op-1',
    kind: 'host-evacuate',
    title: 'Evacuate host-1',
    correlationId: 'c',
    startedAt: 1,
    state: 'running',
    items: Array.from({ length: n }, (_, i) => ({
      entity: 'vm' as const,
      id: `vm-${String(i)}`,
      name: `vm-${String(i)}`,
      state: 'pending' as const,
      correlationId: 'c',
    })),
  };
}

describe('EvacuationProgress', () => {
  it('a 500-VM evacuation mounts far fewer than 500 rows', () => {
    const { container } = render(<EvacuationProgress op={evacuation(500)} />);
    const rows = container.querySelectorAll('#oc-evac-progress-table tbody tr[data-item-id]');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(100);
  });

  it('a rebalance (one step, named as the operation): its state sits by the title, no step line', () => {
    const op = {
      ...evacuation(2),
      title: 'Rebalance of cluster prod',
      steps: [{ name: 'Rebalance of cluster prod', state: 'running' as const }],
    };
    const { container } = render(<EvacuationProgress op={op} />);
    expect(container.querySelector('.oc-evac-steps')).toBeNull();
    expect(container.querySelector('.oc-step-single')).toBeNull();
    expect(container.querySelector('#oc-evac-progress')?.textContent).toBe(
      'Rebalance of cluster prod Running',
    );
  });

  it('an evacuation with its steps keeps them as a numbered list', () => {
    const op = {
      ...evacuation(2),
      steps: [
        { name: 'Migrate the VMs of host-1', state: 'done' as const },
        { name: 'host-1: maintenance', state: 'running' as const },
      ],
    };
    const { container } = render(<EvacuationProgress op={op} />);
    expect(container.querySelectorAll('ol.oc-evac-steps > li')).toHaveLength(2);
    expect(container.querySelector('#oc-evac-progress')?.textContent).toBe('Evacuate host-1');
  });

  it('a short evacuation is rendered whole', () => {
    const { container } = render(<EvacuationProgress op={evacuation(20)} />);
    expect(container.querySelectorAll('#oc-evac-progress-table tbody tr')).toHaveLength(20);
  });

  it("shows a migration's progress once, not again as text in the Reason column", () => {
    const op = evacuation(1);
    op.items = [
      {
        entity: 'vm',
        id: 'vm-0',
        name: 'vm-0',
        correlationId: 'c',
        state: 'in_progress',
        progress: 0,
        detail: 'Migrating 0%',
      },
      { entity: 'host', id: 'h1', name: 'host-1', state: 'pending', correlationId: 'c' },
    ];
    const { container } = render(<EvacuationProgress op={op} />);
    expect(container.textContent).not.toContain('Migrating 0%');
    expect(container.querySelectorAll('[role="progressbar"]')).toHaveLength(1);
  });
});

describe('the evacuation counter', () => {
  it('counts the VMs, not the host being emptied', () => {
    const op = evacuation(12);
    op.items = [
      ...op.items.map((i) => ({ ...i, state: 'done' as const })),
      { entity: 'host', id: 'h1', name: 'host-1', state: 'done', correlationId: 'c' },
    ];
    op.state = 'done';
    render(<OperationCard op={op} actions={{}} />);
    expect(screen.getByText('12 done, 0 failed, 0 skipped, 0 in progress')).toBeTruthy();
  });

  it('a host that stayed with no failed VM says so, without counting "0 VMs"', () => {
    const op = evacuation(1);
    op.state = 'failed';
    op.items = [
      { entity: 'vm', id: 'vm-0', name: 'vm-0', correlationId: 'c', state: 'done' },
      {
        entity: 'host',
        id: 'h1',
        name: 'host-1',
        correlationId: 'c',
        state: 'failed',
        error: 'not done: 2 VMs cannot be moved',
      },
    ];
    render(<EvacuationSummary op={op} />);
    expect(screen.getByText(/host-1 stayed active: it did not reach maintenance/)).toBeTruthy();
    expect(screen.queryByText(/0 VMs did not move/)).toBeNull();
    expect(screen.getByText('host-1: not done: 2 VMs cannot be moved')).toBeTruthy();
  });

  it('counts the VMs that did not move when some failed', () => {
    const op = evacuation(1);
    op.state = 'failed';
    op.items = [
      { entity: 'vm', id: 'vm-0', name: 'vm-0', correlationId: 'c', state: 'failed', error: 'x' },
      { entity: 'host', id: 'h1', name: 'host-1', correlationId: 'c', state: 'failed' },
    ];
    render(<EvacuationSummary op={op} />);
    expect(screen.getByText(/1 VM did not move, so host-1 stayed active/)).toBeTruthy();
  });
});
