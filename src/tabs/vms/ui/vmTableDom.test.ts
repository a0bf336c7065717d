// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTranslator } from '../../../messages/catalogue';
import { DEFAULT_LIST_STATE } from '../domain/listState';
import type { VmRow } from '../domain/vmRow';
import { createVmTableDom } from './vmTableDom';
import type { VmTableInput } from './vmTableDom';

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);
const t = createTranslator('en-US');
const vm = (n: number, extra: Partial<VmRow> = {}): VmRow => ({
  id: `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`,
  name: `vm-${String(n)}`,
  status: 'up',
  since: NOW - 65_000,
  ...extra,
});
const input = (rows: VmRow[], more: Partial<VmTableInput> = {}): VmTableInput => ({
  rows,
  state: DEFAULT_LIST_STATE,
  selectedIds: new Set(),
  sortable: true,
  now: NOW,
  t,
  locale: 'en-US',
  ...more,
});
const handlers = () => ({ onSort: vi.fn(), onToggle: vi.fn(), onTogglePage: vi.fn() });

afterEach(() => {
  document.body.textContent = '';
});

describe('the VM table kept as plain DOM', () => {
  it('keeps a row’s elements (and the focus in it) while the VM stays, in the list’s order', () => {
    const { table, update } = createVmTableDom();
    document.body.appendChild(table);
    update(input([vm(1), vm(2), vm(3)]), handlers());
    const second = table.querySelector<HTMLTableRowElement>(`tr[data-vm-id="${vm(2).id}"]`);
    const box = second?.querySelector('input');
    box?.focus();
    expect(document.activeElement).toBe(box);
    // vm-2 changes state, vm-1 leaves, vm-4 arrives, the order changes.
    update(input([vm(4), vm(2, { status: 'down', since: NOW - 5_000 }), vm(3)]), handlers());
    const ids = [...(table.tBodies[0]?.rows ?? [])].map((tr) => tr.dataset.vmName);
    expect(ids).toEqual(['vm-4', 'vm-2', 'vm-3']);
    const again = table.querySelector<HTMLTableRowElement>(`tr[data-vm-id="${vm(2).id}"]`);
    expect(again).toBe(second);
    expect(document.activeElement).toBe(box);
    expect(again?.querySelector('.oc-vm-status')?.className).toContain('oc-vm-status-grey');
    expect(again?.textContent).toContain('for 5s');
    expect(box?.id).toBe('oc-vm-select-1');
  });

  it('moves durations with `now` and changes no other node', () => {
    const { table, update } = createVmTableDom();
    update(input([vm(1)]), handlers());
    const cells = [...table.querySelectorAll('td')];
    const texts = cells.map((c) => c.textContent);
    update(input([vm(1)], { now: NOW + 10_000 }), handlers());
    const after = [...table.querySelectorAll('td')];
    expect(after).toEqual(cells); // the same elements
    const changed = after.filter((c, i) => c.textContent !== texts[i]);
    expect(changed.map((c) => c.textContent)).toEqual(['Up for 1m 15s']);
  });

  it('reaches the last handlers: row and page checkboxes, sort headers', () => {
    const { table, update } = createVmTableDom();
    document.body.appendChild(table);
    const first = handlers();
    update(input([vm(1), vm(2)]), first);
    const last = handlers();
    update(input([vm(1), vm(2)], { selectedIds: new Set([vm(2).id]) }), last);
    const rowBox = document.getElementById('oc-vm-select-0') as HTMLInputElement;
    expect((document.getElementById('oc-vm-select-1') as HTMLInputElement).checked).toBe(true);
    rowBox.click();
    expect(last.onToggle).toHaveBeenCalledWith(expect.objectContaining({ id: vm(1).id }), true);
    (document.getElementById('oc-vm-select-page') as HTMLInputElement).click();
    expect(last.onTogglePage).toHaveBeenCalledWith(true);
    table
      .querySelector<HTMLElement>('th.oc-vm-col-cpu button path')
      ?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(last.onSort).toHaveBeenCalledWith('cpu');
    expect(first.onToggle).not.toHaveBeenCalled();
    expect(first.onSort).not.toHaveBeenCalled();
  });

  it('shows sort state on the headers and drops the buttons when the search sorts itself', () => {
    const { table, update } = createVmTableDom();
    update(input([vm(1)], { state: { ...DEFAULT_LIST_STATE, sort: 'cpu', dir: 'desc' } }));
    const cpu = table.querySelector('th.oc-vm-col-cpu');
    const button = cpu?.querySelector('button');
    expect(cpu?.getAttribute('aria-sort')).toBe('descending');
    update(input([vm(1)], { state: { ...DEFAULT_LIST_STATE, sort: 'cpu', dir: 'asc' } }));
    expect(cpu?.getAttribute('aria-sort')).toBe('ascending');
    expect(cpu?.querySelector('button')).toBe(button); // kept: the focus stays on it
    update(input([vm(1)], { sortable: false }));
    expect(table.querySelector('button')).toBeNull();
    expect(cpu?.hasAttribute('aria-sort')).toBe(false);
    expect(cpu?.textContent).toBe('CPU %');
  });

  it('sets engine text as text', () => {
    const { table, update } = createVmTableDom();
    update(
      input([vm(1, { name: '<img src=x onerror="window.__pwned=1">', hostName: '<b>h</b>' })]),
    );
    expect(table.querySelector('img, b')).toBeNull();
    expect(table.tBodies[0]?.rows[0]?.cells[1]?.textContent).toBe(
      '<img src=x onerror="window.__pwned=1">',
    );
  });
});

describe('the VM table’s name', () => {
  it('is the one the view had (tests and assistive technology find the list by it)', () => {
    const { table, update } = createVmTableDom();
    update(input([vm(1)]));
    expect(table.getAttribute('aria-label')).toBe(t('vms.list.rows'));
  });
});
