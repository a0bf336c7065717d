/**
 * The VM table's columns and cell texts, framework-free (issue 14): the React table (VmTable.tsx)
 * and the main place's first paint (ops-center/firstPaint.ts, drawn by the boot script before
 * React has loaded) both build their rows from here, so the two show the same columns, classes
 * and texts and the hand-over between them does not move anything on screen.
 *
 * The table is plain HTML with our own small stylesheet (vmTable.css), not PatternFly's Table:
 * its components put a dozen elements and dozens of `--pf-…` variables on every cell, which made
 * the list the largest part of the page's first render and memory.
 */
import { formatDuration, formatPercent } from '../../../messages/intl';
import type { MessageKey, Translate } from '../../../messages/catalogue';
import type { SortColumn, VmListState } from '../domain/listState';
import type { VmRow } from '../domain/vmRow';

export interface VmColumn {
  id: 'name' | 'status' | 'host' | 'cluster' | 'cpu' | 'memory' | 'uptime' | 'ip';
  label: MessageKey;
  /** The engine `sortby` field the header sorts on; none: not sortable. */
  sort?: SortColumn;
  /** Right-aligned numbers. */
  numeric?: boolean;
}

/** After the selection column, in order. Widths are in vmTable.css (`.oc-vm-col-<id>`). */
export const VM_COLUMNS: readonly VmColumn[] = [
  { id: 'name', label: 'vms.col.name', sort: 'name' },
  { id: 'status', label: 'vms.col.status', sort: 'status' },
  { id: 'host', label: 'vms.col.host', sort: 'host' },
  { id: 'cluster', label: 'vms.col.cluster', sort: 'cluster' },
  { id: 'cpu', label: 'vms.col.cpu', sort: 'cpu', numeric: true },
  { id: 'memory', label: 'vms.col.memory', sort: 'memory', numeric: true },
  { id: 'uptime', label: 'vms.col.uptime', sort: 'uptime' },
  { id: 'ip', label: 'vms.col.ip' },
];

/** The class of a column's header and cells. */
export function columnClass(column: VmColumn): string {
  return `oc-vm-col-${column.id}${column.numeric ? ' oc-num' : ''}`;
}

/** `aria-sort` of a header: only the sorted column says its direction. */
export function ariaSort(
  column: VmColumn,
  state: Pick<VmListState, 'sort' | 'dir'>,
  sortable: boolean,
): 'ascending' | 'descending' | 'none' | undefined {
  if (!sortable || column.sort === undefined) return undefined;
  if (state.sort !== column.sort) return 'none';
  return state.dir === 'desc' ? 'descending' : 'ascending';
}

/** Status colours, as WebAdmin's: green up, grey down, orange paused, red lost; blue otherwise. */
const STATUS_TONE: Partial<Record<VmRow['status'], string>> = {
  up: 'green',
  down: 'grey',
  suspended: 'orange',
  paused: 'orange',
  not_responding: 'red',
  unknown: 'red',
};

export function statusTone(status: VmRow['status']): string {
  return STATUS_TONE[status] ?? 'blue';
}

export interface VmStatusCell {
  label: string;
  tone: string;
  /** " for 3d 4h" when the engine says since when; undefined otherwise. */
  since?: string;
}

const pct = (value: number | undefined, locale: string): string =>
  value === undefined ? '—' : formatPercent(value, locale);

/** The text of every cell of one row but the status (which is `statusCell`). */
export function cellText(column: VmColumn['id'], row: VmRow, locale: string): string {
  switch (column) {
    case 'name':
      return row.name;
    case 'host':
      return row.hostName ?? '—';
    case 'cluster':
      return row.clusterName ?? '—';
    case 'cpu':
      return pct(row.cpu, locale);
    case 'memory':
      return pct(row.memory, locale);
    case 'uptime':
      return row.uptimeSec !== undefined ? formatDuration(row.uptimeSec, locale) : '—';
    case 'ip':
      return row.ip ?? '—';
    case 'status':
      return '';
  }
}

export function statusCell(row: VmRow, now: number, t: Translate, locale: string): VmStatusCell {
  const cell: VmStatusCell = {
    label: t(`vms.status.${row.status}` as MessageKey),
    tone: statusTone(row.status),
  };
  if (row.since !== undefined)
    cell.since = t('vms.list.inState', {
      duration: formatDuration((now - row.since) / 1000, locale),
    });
  return cell;
}

/** The sort indicator after a sortable header's text (16 × 16, `currentColor`). */
export const SORT_ICON_PATHS: Record<'ascending' | 'descending' | 'none', string> = {
  ascending: 'M8 2 13 7H9.5v7h-3V7H3z',
  descending: 'M8 14 3 9h3.5V2h3v7H13z',
  none: 'M8 1l4 4H9v6h3l-4 4-4-4h3V5H4z',
};
