// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { OperationRecord } from '../../../../operations/operationsStore';
import { EvacuationProgress } from './EvacuationProgress';

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

  it('a short evacuation is rendered whole', () => {
    const { container } = render(<EvacuationProgress op={evacuation(20)} />);
    expect(container.querySelectorAll('#oc-evac-progress-table tbody tr')).toHaveLength(20);
  });
});
