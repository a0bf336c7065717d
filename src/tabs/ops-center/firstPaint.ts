/**
 * The main place's first paint (issue 14: first rows as fast as a plain grid). The boot script
 * draws the first page of real VM rows with the DOM API as soon as the engine has answered, before
 * React and PatternFly have loaded: the same markup, classes and texts as the VM view's table
 * (ui/vmTableModel.ts), every engine text set with `textContent`. It lies over the page, inert
 * (no focus, no clicks, hidden from assistive technology), until the VM view has rendered its
 * own table or its error or empty state: `endFirstPaint` then removes it in the same frame.
 *
 * So that the rows do not move at the hand-over, the view records where its table was (top and
 * left edge, width) in localStorage and the next first paint draws there; without a record (the
 * first open, another window width), the rows start at the top and move down once.
 */
import type { Translate } from '../../messages/catalogue';
import type { VmListState } from '../vms/domain/listState';
import type { VmRow } from '../vms/domain/vmRow';
import {
  SORT_ICON_PATHS,
  VM_COLUMNS,
  ariaSort,
  cellText,
  columnClass,
  statusCell,
} from '../vms/ui/vmTableModel';

/** localStorage: where the VM table was at the last hand-over (layout only, no engine data). */
export const FIRST_PAINT_PLACE_KEY = 'ops-center:first-paint-place';
/** Past this, the overlay goes even if the view never said so (e.g. it failed to render). */
const GIVE_UP_MS = 15_000;

interface Place {
  viewport: number;
  top: number;
  left: number;
  width: number;
}

let overlay: HTMLElement | undefined;
let ended = false;

function readPlace(): Place | undefined {
  try {
    const raw = window.localStorage.getItem(FIRST_PAINT_PLACE_KEY);
    if (raw === null) return undefined;
    const p = JSON.parse(raw) as Partial<Place>;
    const ok = [p.viewport, p.top, p.left, p.width].every(
      (n) => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n < 100_000,
    );
    return ok && p.viewport === window.innerWidth ? (p as Place) : undefined;
  } catch {
    return undefined;
  }
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function sortIcon(sort: keyof typeof SORT_ICON_PATHS): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'oc-vm-sort-icon');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', SORT_ICON_PATHS[sort]);
  svg.appendChild(path);
  return svg;
}

/** The VM table's markup for `rows` (what VmTable renders, without its handlers). */
export function buildVmTable(input: {
  rows: readonly VmRow[];
  state: Pick<VmListState, 'sort' | 'dir'>;
  sortable: boolean;
  now: number;
  t: Translate;
  locale: string;
}): HTMLTableElement {
  const { rows, state, sortable, now, t, locale } = input;
  const table = el('table', 'oc-vm-table');
  const head = el('tr');
  const selectAll = el('th', 'oc-vm-col-select');
  const box = el('input');
  box.type = 'checkbox';
  box.checked = false;
  selectAll.appendChild(box);
  head.appendChild(selectAll);
  for (const column of VM_COLUMNS) {
    const th = el('th', columnClass(column));
    const sort = ariaSort(column, state, sortable);
    const label = t(column.label);
    if (sort === undefined) th.textContent = label;
    else {
      th.setAttribute('aria-sort', sort);
      const button = el('button', 'oc-vm-sort', label);
      button.type = 'button';
      button.appendChild(sortIcon(sort));
      th.appendChild(button);
    }
    head.appendChild(th);
  }
  table.appendChild(el('thead')).appendChild(head);
  const body = el('tbody');
  for (const row of rows) {
    const tr = el('tr');
    tr.dataset.vmId = row.id;
    tr.dataset.vmName = row.name;
    const select = el('td', 'oc-vm-col-select');
    const rowBox = el('input');
    rowBox.type = 'checkbox';
    select.appendChild(rowBox);
    tr.appendChild(select);
    for (const column of VM_COLUMNS) {
      const td = el('td', columnClass(column));
      // The column's name on each cell, as the React table has it (tests and tools find cells by it).
      td.dataset.label = t(column.label);
      if (column.id === 'status') {
        const status = statusCell(row, now, t, locale);
        td.appendChild(el('span', `oc-vm-status oc-vm-status-${status.tone}`, status.label));
        if (status.since !== undefined) td.appendChild(el('span', 'oc-muted', ` ${status.since}`));
      } else td.textContent = cellText(column.id, row, locale);
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  table.appendChild(body);
  return table;
}

/**
 * Draws `table` over the page, or in place of the one drawn before (the names have arrived);
 * nothing once the view has taken over.
 */
export function showFirstPaint(table: HTMLTableElement): void {
  if (ended) return;
  const drawn = overlay?.querySelector('table');
  if (drawn) {
    drawn.replaceWith(table);
    return;
  }
  const place = readPlace();
  const layer = el('div', 'oc-first-paint');
  layer.inert = true;
  const wrap = el('div');
  wrap.style.position = 'absolute';
  if (place) {
    wrap.style.top = `${String(place.top)}px`;
    wrap.style.left = `${String(place.left)}px`;
    wrap.style.width = `${String(place.width)}px`;
  } else {
    wrap.style.inset = '0 0 auto';
  }
  wrap.appendChild(table);
  layer.appendChild(wrap);
  document.body.appendChild(layer);
  overlay = layer;
  window.setTimeout(() => {
    endFirstPaint();
  }, GIVE_UP_MS);
}

/**
 * The view has drawn its own content: the first paint goes, and `table` (the view's table, when
 * it shows one) is where the next first paint will draw.
 */
export function endFirstPaint(table?: HTMLElement | null): void {
  ended = true;
  overlay?.remove();
  overlay = undefined;
  if (!table) return;
  const r = table.getBoundingClientRect();
  const place: Place = {
    viewport: window.innerWidth,
    top: Math.round(r.top + window.scrollY),
    left: Math.round(r.left + window.scrollX),
    width: Math.round(r.width),
  };
  try {
    window.localStorage.setItem(FIRST_PAINT_PLACE_KEY, JSON.stringify(place));
  } catch {
    // Storage refused: the next first paint starts at the top.
  }
}

/** Tests: forget that a view took over. */
export function resetFirstPaint(): void {
  overlay?.remove();
  overlay = undefined;
  ended = false;
}
