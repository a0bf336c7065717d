// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTranslator } from '../../messages/catalogue';
import { DEFAULT_LIST_STATE } from '../vms/domain/listState';
import type { VmRow } from '../vms/domain/vmRow';
import { VmTable } from '../vms/ui/VmTable';
import {
  FIRST_PAINT_PLACE_KEY,
  buildVmTable,
  endFirstPaint,
  resetFirstPaint,
  showFirstPaint,
} from './firstPaint';

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);
const t = createTranslator('en-US');
const rows: VmRow[] = [
  {
    id: '11111111-1111-1111-1111-111111111111',
    name: 'web-01',
    status: 'up',
    since: NOW - 26 * 3600_000,
    hostName: 'host-a',
    clusterName: 'Production',
    cpu: 12.4,
    memory: 55,
    uptimeSec: 26 * 3600,
    ip: '10.0.0.5',
  },
  { id: '22222222-2222-2222-2222-222222222222', name: 'db-02', status: 'down' },
  {
    id: '33333333-3333-3333-3333-333333333333',
    name: '<img src=x onerror="window.__pwned=1">',
    status: 'not_responding',
  },
];

/** What a table shows, cell by cell: class, aria-sort and text. */
function shape(table: HTMLTableElement): string[][] {
  return [...table.rows].map((tr) => [
    `tr ${tr.dataset.vmId ?? ''} ${tr.dataset.vmName ?? ''}`,
    ...[...tr.cells].map(
      (cell) =>
        `${cell.tagName} .${cell.className} [${cell.getAttribute('aria-sort') ?? ''}] ${cell.textContent} ` +
        [...cell.querySelectorAll('span, button, svg, input')]
          .map((el) => `${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''}`)
          .join(' '),
    ),
  ]);
}

beforeEach(() => {
  window.localStorage.clear();
  resetFirstPaint();
});

afterEach(() => {
  cleanup();
  resetFirstPaint();
});

describe('the main place first paint', () => {
  it('draws the same table as the VM view: columns, classes, sort state and texts', () => {
    const state = { ...DEFAULT_LIST_STATE, sort: 'cpu' as const, dir: 'desc' as const };
    const { container } = render(
      <VmTable
        rows={rows}
        state={state}
        selectedIds={new Set()}
        sortable
        now={NOW}
        onSort={() => undefined}
        onToggle={() => undefined}
        onTogglePage={() => undefined}
      />,
    );
    const react = container.querySelector('table');
    if (!react) throw new Error('VmTable rendered no table');
    const painted = buildVmTable({ rows, state, sortable: true, now: NOW, t, locale: 'en-US' });
    expect(shape(painted)).toEqual(shape(react));
    expect(painted.querySelector('th[aria-sort="descending"]')?.textContent).toBe('CPU %');
    expect(painted.rows[1]?.textContent).toContain('for 1d 2h');
  });

  it('shows engine text as text, never as markup', () => {
    const painted = buildVmTable({
      rows,
      state: DEFAULT_LIST_STATE,
      sortable: true,
      now: NOW,
      t,
      locale: 'en-US',
    });
    expect(painted.querySelector('img')).toBeNull();
    expect(painted.rows[3]?.cells[1]?.textContent).toBe(rows[2]?.name);
  });

  it('lies inert over the page until the view takes over, then goes and remembers the place', () => {
    const table = buildVmTable({
      rows,
      state: DEFAULT_LIST_STATE,
      sortable: false,
      now: NOW,
      t,
      locale: 'en-US',
    });
    showFirstPaint(table);
    const layer = document.querySelector<HTMLElement>('.oc-first-paint');
    expect(layer?.inert).toBe(true);
    expect(layer?.querySelectorAll('tr[data-vm-id]')).toHaveLength(3);
    // Not sortable (the admin wrote their own sortby): no sort buttons, as in the view.
    expect(table.querySelector('button')).toBeNull();

    const viewTable = document.createElement('table');
    document.body.appendChild(viewTable);
    endFirstPaint(viewTable);
    expect(document.querySelector('.oc-first-paint')).toBeNull();
    const place = JSON.parse(window.localStorage.getItem(FIRST_PAINT_PLACE_KEY) ?? '{}') as {
      viewport?: number;
    };
    expect(place.viewport).toBe(window.innerWidth);

    // Once the view has its rows, a late answer draws nothing over them.
    showFirstPaint(table);
    expect(document.querySelector('.oc-first-paint')).toBeNull();
    viewTable.remove();
  });

  it('draws where the view had its table, and a second answer replaces the rows in place', () => {
    window.localStorage.setItem(
      FIRST_PAINT_PLACE_KEY,
      JSON.stringify({ viewport: window.innerWidth, top: 431, left: 16, width: 1368 }),
    );
    const args = { state: DEFAULT_LIST_STATE, sortable: true, now: NOW, t, locale: 'en-US' };
    showFirstPaint(buildVmTable({ ...args, rows: rows.slice(0, 1) }));
    const wrap = document.querySelector<HTMLElement>('.oc-first-paint > div');
    expect(wrap?.style.top).toBe('431px');
    expect(wrap?.style.width).toBe('1368px');
    showFirstPaint(buildVmTable({ ...args, rows }));
    expect(document.querySelectorAll('.oc-first-paint')).toHaveLength(1);
    expect(document.querySelectorAll('.oc-first-paint tr[data-vm-id]')).toHaveLength(3);
  });

  it('ignores a stored place of another window width or of the wrong shape', () => {
    for (const stored of [
      { viewport: window.innerWidth + 1, top: 431, left: 16, width: 1368 },
      { viewport: window.innerWidth, top: 'x', left: 16, width: 1368 },
    ]) {
      resetFirstPaint();
      window.localStorage.setItem(FIRST_PAINT_PLACE_KEY, JSON.stringify(stored));
      showFirstPaint(
        buildVmTable({
          rows,
          state: DEFAULT_LIST_STATE,
          sortable: true,
          now: NOW,
          t,
          locale: 'en-US',
        }),
      );
      expect(document.querySelector<HTMLElement>('.oc-first-paint > div')?.style.top).toBe('');
    }
  });
});
