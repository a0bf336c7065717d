/**
 * The Hosts view's state in the URL hash and the engine search it becomes. The main place shares
 * its hash with the VM view, so every key here is prefixed `h` (`hq`, `hsort`, `hdir`, `hpage`, `hsize`).
 * The user's text is the engine's own syntax; the column sort and paging are appended as
 * `sortby` / `page N` unless the user wrote their own (reference §4.2).
 */
import { searchQuery, splitSearchText } from '../../../rest/search';

export type HostSortColumn = 'name' | 'status' | 'cluster' | 'vms' | 'cpu' | 'memory';

/** Column → engine host search field that `sortby` accepts. */
export const HOST_SORT_FIELDS: Record<HostSortColumn, string> = {
  name: 'name',
  status: 'status',
  cluster: 'cluster',
  vms: 'active_vms',
  cpu: 'cpu_usage',
  memory: 'mem_usage',
};

export interface HostListState {
  q: string;
  sort: HostSortColumn;
  dir: 'asc' | 'desc';
  page: number;
  /** Rows per page (the engine's `max`); 0 means the configured default. */
  size: number;
}

const SORTS = new Set(Object.keys(HOST_SORT_FIELDS));

export function parseHostListState(params: Record<string, string>): HostListState {
  const page = Number(params.hpage);
  const size = Number(params.hsize);
  const sort = params.hsort ?? '';
  return {
    q: params.hq ?? '',
    sort: SORTS.has(sort) ? (sort as HostSortColumn) : 'name',
    dir: params.hdir === 'desc' ? 'desc' : 'asc',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    size: Number.isInteger(size) && size >= 1 && size <= 1000 ? size : 0,
  };
}

/** The hash with this state merged in; other keys (the VM view's, `view`) are kept. */
export function hostListHash(current: Record<string, string>, state: HostListState): string {
  const p = new URLSearchParams(current);
  for (const k of ['hq', 'hsort', 'hdir', 'hpage', 'hsize']) p.delete(k);
  if (state.q) p.set('hq', state.q);
  if (state.sort !== 'name') p.set('hsort', state.sort);
  if (state.dir !== 'asc') p.set('hdir', state.dir);
  if (state.page !== 1) p.set('hpage', String(state.page));
  if (state.size !== 0) p.set('hsize', String(state.size));
  return p.toString();
}

export function userHostControls(q: string): { sort: boolean; page: boolean } {
  return { sort: /\bsortby\b/i.test(q), page: /\bpage\s+\d+/i.test(q) };
}

/**
 * The engine search for one page of the table. The admin's criteria go in parentheses, so an
 * unfinished text (`status=up and`) is reported by the engine as their mistake, not ours.
 */
export function hostPageSearch(state: HostListState): string {
  const own = splitSearchText(state.q);
  return [
    searchQuery().raw(own.criteria).toString(),
    own.sort || `sortby ${HOST_SORT_FIELDS[state.sort]} ${state.dir}`,
    own.page || `page ${String(state.page)}`,
  ]
    .filter((p) => p !== '')
    .join(' ');
}
