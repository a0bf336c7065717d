/**
 * The VM table as plain DOM (issue 14, memory and first rows), framework-free: the main place's
 * boot script draws its first paint with it before React has loaded (ops-center/firstPaint.ts),
 * and the VM view's VmTable keeps one and updates it in place. React kept two fibers and their
 * props for each of the page's ~700 table elements, and re-rendering 50 rows on every live poll
 * made most of React's code hot; here a poll changes the texts that changed and nothing else.
 *
 * Updates are keyed by VM id: a row keeps its elements (and the focus of its checkbox) while it
 * stays on the page; rows move, come and go as the list says. Every engine text is set with
 * `textContent`. Events are handled once, on the table, and reach the handlers the last update
 * gave.
 */
import type { Translate } from '../../../messages/catalogue';
import type { SortColumn, VmListState } from '../domain/listState';
import type { VmRow } from '../domain/vmRow';
import {
  SORT_ICON_PATHS,
  VM_COLUMNS,
  ariaSort,
  cellText,
  columnClass,
  statusCell,
} from './vmTableModel';

export interface VmTableInput {
  rows: readonly VmRow[];
  state: Pick<VmListState, 'sort' | 'dir'>;
  selectedIds: ReadonlySet<string>;
  sortable: boolean;
  now: number;
  t: Translate;
  locale: string;
}

export interface VmTableHandlers {
  onSort: (column: SortColumn) => void;
  onToggle: (row: VmRow, on: boolean) => void;
  onTogglePage: (on: boolean) => void;
}

export interface VmTableDom {
  table: HTMLTableElement;
  update: (input: VmTableInput, handlers?: VmTableHandlers) => void;
}

interface RowDom {
  tr: HTMLTableRowElement;
  box: HTMLInputElement;
  cells: HTMLTableCellElement[];
  status: HTMLSpanElement;
  since: HTMLSpanElement;
  row: VmRow;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}

/** Sets a property or attribute only when it differs (a live poll changes few). */
function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}
function setAttr(node: Element, name: string, value: string | undefined): void {
  if (value === undefined) {
    if (node.hasAttribute(name)) node.removeAttribute(name);
  } else if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

function sortIcon(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'oc-vm-sort-icon');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.appendChild(document.createElementNS(ns, 'path'));
  return svg;
}

export function createVmTableDom(): VmTableDom {
  const table = el('table', 'oc-vm-table');
  const head = el('tr');
  const selectAll = el('th', 'oc-vm-col-select');
  selectAll.scope = 'col';
  const pageBox = el('input');
  pageBox.type = 'checkbox';
  pageBox.id = 'oc-vm-select-page';
  selectAll.appendChild(pageBox);
  head.appendChild(selectAll);
  const headers = VM_COLUMNS.map((column) => {
    const th = el('th', columnClass(column));
    th.scope = 'col';
    head.appendChild(th);
    return th;
  });
  table.appendChild(el('thead')).appendChild(head);
  const body = table.appendChild(el('tbody'));
  let shown = new Map<string, RowDom>();
  let handlers: VmTableHandlers | undefined;

  table.addEventListener('change', (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || !handlers) return;
    if (box === pageBox) {
      handlers.onTogglePage(box.checked);
      return;
    }
    const id = box.closest('tr')?.dataset.vmId;
    const found = id === undefined ? undefined : shown.get(id);
    if (found) handlers.onToggle(found.row, box.checked);
  });
  table.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest('button.oc-vm-sort');
    const th = button?.closest('th');
    const column = th ? VM_COLUMNS[headers.indexOf(th)] : undefined;
    if (column?.sort && handlers) handlers.onSort(column.sort);
  });

  const newRow = (row: VmRow): RowDom => {
    const tr = el('tr');
    const select = el('td', 'oc-vm-col-select');
    const box = el('input');
    box.type = 'checkbox';
    select.appendChild(box);
    tr.appendChild(select);
    const status = el('span');
    const since = el('span', 'oc-muted');
    const cells = VM_COLUMNS.map((column) => {
      const td = el('td', columnClass(column));
      if (column.id === 'status') td.appendChild(status);
      tr.appendChild(td);
      return td;
    });
    return { tr, box, cells, status, since, row };
  };

  const update = (input: VmTableInput, next?: VmTableHandlers): void => {
    const { rows, state, selectedIds, sortable, now, t, locale } = input;
    handlers = next;
    setAttr(table, 'aria-label', t('vms.list.rows'));
    const pageLabel = t('vms.list.selectPage');
    setAttr(selectAll, 'aria-label', pageLabel);
    setAttr(pageBox, 'aria-label', pageLabel);
    pageBox.checked = rows.length > 0 && rows.every((r) => selectedIds.has(r.id));
    VM_COLUMNS.forEach((column, i) => {
      const th = headers[i];
      if (!th) return;
      const sort = ariaSort(column, state, sortable);
      const label = t(column.label);
      setAttr(th, 'aria-sort', sort);
      const button = th.querySelector('button');
      if (sort === undefined) {
        if (button || th.textContent !== label) th.textContent = label;
        return;
      }
      let b = button;
      if (!b) {
        th.textContent = '';
        b = el('button', 'oc-vm-sort');
        b.type = 'button';
        b.append('', sortIcon());
        th.appendChild(b);
      }
      const text = b.firstChild;
      if (text) setText(text, label);
      setAttr(b.querySelector('path') ?? b, 'd', SORT_ICON_PATHS[sort]);
    });

    // Rows that leave go first, so the ones that stay are not moved (a move loses the focus).
    const staying = new Set(rows.map((r) => r.id));
    for (const [id, dom] of shown) if (!staying.has(id)) dom.tr.remove();
    const placed = new Map<string, RowDom>();
    let at: ChildNode | null = body.firstChild;
    rows.forEach((row, index) => {
      const dom = shown.get(row.id) ?? newRow(row);
      dom.row = row;
      placed.set(row.id, dom);
      const { tr, box, cells, status, since } = dom;
      setAttr(tr, 'data-vm-id', row.id);
      setAttr(tr, 'data-vm-name', row.name);
      const boxId = `oc-vm-select-${String(index)}`;
      if (box.id !== boxId) box.id = boxId;
      setAttr(box, 'aria-label', t('vms.list.selectRow', { name: row.name }));
      box.checked = selectedIds.has(row.id);
      VM_COLUMNS.forEach((column, i) => {
        const td = cells[i];
        if (!td) return;
        // The column's name on each cell (tests and tools find cells by it).
        setAttr(td, 'data-label', t(column.label));
        if (column.id !== 'status') {
          setText(td, cellText(column.id, row, locale));
          return;
        }
        const cell = statusCell(row, now, t, locale);
        const className = `oc-vm-status oc-vm-status-${cell.tone}`;
        if (status.className !== className) status.className = className;
        setText(status, cell.label);
        if (cell.since === undefined) since.remove();
        else {
          setText(since, ` ${cell.since}`);
          if (since.parentNode !== td) td.appendChild(since);
        }
      });
      if (tr === at) at = tr.nextSibling;
      else body.insertBefore(tr, at);
    });
    shown = placed;
  };

  return { table, update };
}
