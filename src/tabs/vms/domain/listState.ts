/**
 * The VM list's state as it lives in the URL hash (deep links, back/forward) and the engine search
 * it becomes. The user's text is passed through as the engine's own syntax; quick filters and the
 * column sort are appended with `and` / `sortby`, paging is `page N` + `max` (reference §4.2).
 */
import { searchQuery, splitSearchText } from '../../../rest/search';
import type { VmStatus } from '../../../rest/models';

export type SortColumn = 'name' | 'status' | 'host' | 'cluster' | 'cpu' | 'memory' | 'uptime';

/** Column → engine search field that `sortby` accepts. */
export const SORT_FIELDS: Record<SortColumn, string> = {
  name: 'name',
  status: 'status',
  host: 'host',
  cluster: 'cluster',
  cpu: 'cpu_usage',
  memory: 'mem_usage',
  uptime: 'uptime',
};

export interface VmListState {
  q: string;
  status: VmStatus | '';
  cluster: string;
  host: string;
  sort: SortColumn;
  dir: 'asc' | 'desc';
  page: number;
  /** Rows per page (the engine's `max`); 0 means the configured default. */
  size: number;
}

export const DEFAULT_LIST_STATE: VmListState = {
  q: '',
  status: '',
  cluster: '',
  host: '',
  sort: 'name',
  dir: 'asc',
  page: 1,
  size: 0,
};

const SORT_COLUMNS = new Set(Object.keys(SORT_FIELDS));

export function parseListState(params: Record<string, string>): VmListState {
  const page = Number(params.page);
  const size = Number(params.size);
  const sort = params.sort ?? '';
  return {
    q: params.q ?? '',
    status: (params.status ?? '') as VmStatus | '',
    cluster: params.cluster ?? '',
    host: params.host ?? '',
    sort: SORT_COLUMNS.has(sort) ? (sort as SortColumn) : 'name',
    dir: params.dir === 'desc' ? 'desc' : 'asc',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    size: Number.isInteger(size) && size >= 1 && size <= 1000 ? size : 0,
  };
}

/** Hash text for the state; default values are left out so links stay short. */
/** The hash keys the VM list owns; everything else in the hash belongs to someone else. */
export const VM_LIST_KEYS: readonly string[] = [
  'q',
  'status',
  'cluster',
  'host',
  'sort',
  'dir',
  'page',
  'size',
];

export function listStateToHash(state: VmListState, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams(extra);
  if (state.q) p.set('q', state.q);
  if (state.status) p.set('status', state.status);
  if (state.cluster) p.set('cluster', state.cluster);
  if (state.host) p.set('host', state.host);
  if (state.sort !== 'name') p.set('sort', state.sort);
  if (state.dir !== 'asc') p.set('dir', state.dir);
  if (state.page !== 1) p.set('page', String(state.page));
  if (state.size !== 0) p.set('size', String(state.size));
  return p.toString();
}

/** The next hash: the VM list's keys from `state`; keys it does not own (the tab, the Hosts view's) kept. */
export function vmListHash(current: Record<string, string>, state: VmListState): string {
  const extra = Object.fromEntries(
    Object.entries(current).filter(([key]) => !VM_LIST_KEYS.includes(key)),
  );
  return listStateToHash(state, extra);
}

/** True when the user wrote their own `sortby` / `page`: ours would clash with it. */
export function userControls(q: string): { sort: boolean; page: boolean } {
  return { sort: /\bsortby\b/i.test(q), page: /\bpage\s+\d+/i.test(q) };
}

function withFilters(text: string, state: VmListState): string {
  const q = searchQuery();
  q.raw(text);
  if (state.status) q.whereStatus('vm', state.status);
  if (state.cluster) q.where('cluster', state.cluster);
  if (state.host) q.where('host', state.host);
  return q.toString();
}

/** The criteria (no sort, no page): what a CSV export of "the whole search" iterates over. */
export function searchCriteria(state: VmListState): string {
  return withFilters(splitSearchText(state.q).criteria, state);
}

/** The full search for one page of the table. */
export function pageSearch(state: VmListState): string {
  const user = splitSearchText(state.q);
  return [
    withFilters(user.criteria, state),
    user.sort || `sortby ${SORT_FIELDS[state.sort]} ${state.dir}`,
    user.page || `page ${String(state.page)}`,
  ]
    .filter((p) => p !== '')
    .join(' ');
}
