/**
 * How a live refresh of some rows goes into the VM list's cached page (issue 14, memory), without
 * React or TanStack: `useLiveVmUpdates` applies it.
 *
 * A refresh that only changes rows' contents is *quiet*: the cached page gets the fresh VMs but
 * keeps its `dataUpdatedAt`, which the view watches (`LIST_NOTIFY_ON`), so React renders nothing
 * and the plain-DOM table (VmTable) redraws the rows from the cache on the poll's clock tick.
 * React renders only when something it shows depends on the refreshed VMs:
 * - a VM left the page (deleted): the row count, the pager and the empty state change;
 * - a refreshed VM is selected: the toolbar's enablement, the Cancel migration count and the
 *   dialogs read the selection's statuses.
 * Any later render of the view reads the cache and so shows the fresh VMs; the cache never holds
 * older rows than the table shows.
 */
import type { ListedVm } from './vmListRead';

/** The list query's result fields the VM view re-renders on: not `data` (see above). */
export const LIST_NOTIFY_ON = ['dataUpdatedAt', 'error', 'isPending', 'isFetching'] as const;

export interface LivePatch {
  page: ListedVm[];
  /** True when React has nothing to show from the refresh (the table redraws itself). */
  quiet: boolean;
}

/**
 * The page after a refresh of `refreshed` (ids on the page), given what the engine returned for
 * them (`fresh`: a VM missing from it was deleted) and the current selection.
 */
export function patchPage(
  page: readonly ListedVm[],
  refreshed: readonly string[],
  fresh: readonly ListedVm[],
  selected: ReadonlySet<string>,
): LivePatch {
  const byId = new Map(fresh.map((v) => [v.id, v]));
  const asked = new Set(refreshed);
  const next = page
    .filter((v) => !asked.has(v.id) || byId.has(v.id))
    .map((v) => byId.get(v.id) ?? v);
  const quiet = next.length === page.length && !refreshed.some((id) => selected.has(id));
  return { page: next, quiet };
}
