// @vitest-environment jsdom
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OperationItem, OperationRecord } from '../../../../operations/operationsStore';
import { OperationCard } from './OperationCard';
import type * as Catalogue from '../../../../messages/catalogue';

/** Every item row asks for its state label once per render: count those calls, per item state. */
const rowRenders = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../../messages/catalogue', async (importOriginal) => {
  const real = await importOriginal<typeof Catalogue>();
  const t: typeof real.t = (key, params) => {
    if (key.startsWith('vms.op.item.')) rowRenders.count++;
    return real.t(key, params);
  };
  return { ...real, t, useMessages: () => ({ ...real.useMessages(), t }) };
});

function op(n: number): OperationRecord {
  return {
    id: 'op-1',
    kind: 'vm-start',
    title: `Start ${String(n)} VMs`,
    correlationId: 'c',
    startedAt: 1,
    state: 'running',
    items: Array.from({ length: n }, (_, i): OperationItem => ({
      entity: 'vm',
      id: `vm-${String(i)}`,
      name: `vm-${String(i)}`,
      state: 'pending',
      correlationId: 'c',
    })),
  };
}

/** The same operation with item `k` changed; every other item keeps its identity. */
function withItem(o: OperationRecord, k: number, patch: Partial<OperationItem>): OperationRecord {
  return { ...o, items: o.items.map((i, n) => (n === k ? { ...i, ...patch } : i)) };
}

const actions = {};

// jsdom lays nothing out: give every box the height of the real scroll box (420 px).
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get: () => 420,
  });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
});

beforeEach(() => {
  rowRenders.count = 0;
});
afterEach(cleanup);

describe('OperationCard items', () => {
  it('a 500-item operation mounts far fewer than 500 rows', () => {
    const { container } = render(<OperationCard op={op(500)} actions={actions} />);
    const rows = container.querySelectorAll('tr[data-vm-id]');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(50);
    expect(container.querySelector('table')?.getAttribute('aria-rowcount')).toBe('500');
  });

  it('a short list is rendered whole, as before', () => {
    const { container } = render(<OperationCard op={op(60)} actions={actions} />);
    expect(container.querySelectorAll('tr[data-vm-id]')).toHaveLength(60);
    expect(container.querySelector('[aria-hidden="true"]')).toBeNull();
  });

  it.each([60, 500])('an update to one of %i items renders that row alone', (n) => {
    const first = op(n);
    const { container, rerender } = render(<OperationCard op={first} actions={actions} />);
    const mounted = container.querySelectorAll('tr[data-vm-id]').length;
    expect(rowRenders.count).toBe(mounted);
    rowRenders.count = 0;
    rerender(<OperationCard op={withItem(first, 3, { state: 'done' })} actions={actions} />);
    expect(rowRenders.count).toBe(1);
    expect(container.querySelector('tr[data-vm-id="vm-3"]')?.getAttribute('data-state')).toBe(
      'done',
    );
  });

  it('the same operation object renders nothing again', () => {
    const o = op(60);
    const { rerender } = render(<OperationCard op={o} actions={actions} />);
    rowRenders.count = 0;
    rerender(<OperationCard op={o} actions={actions} />);
    expect(rowRenders.count).toBe(0);
  });

  it('scrolling the list mounts the rows in view', () => {
    const { container } = render(<OperationCard op={op(500)} actions={actions} />);
    expect(container.querySelector('tr[data-vm-id="vm-300"]')).toBeNull();
    const box = container.querySelector<HTMLElement>('.oc-op-items-scroll');
    if (!box) throw new Error('no scroll box');
    act(() => {
      box.scrollTop = 300 * 36;
      fireEvent.scroll(box);
    });
    expect(container.querySelector('tr[data-vm-id="vm-300"]')).not.toBeNull();
    expect(container.querySelector('tr[data-vm-id="vm-0"]')).toBeNull();
  });
});
