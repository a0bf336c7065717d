/**
 * Decides everything the Virtual Machines view shows and does: the engine search from the hash,
 * one page of VMs (with statistics), live row updates, selection, bulk actions, saved searches
 * and the CSV export. `VmsView.tsx` only renders what this returns.
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { loginUserId } from '../../../plugin-api/pluginApi';
import { FaultError, isAbortError } from '../../../rest/errors';
import { usePage } from '../../shared/pageContext';
import { clusterKeys, hostKeys } from '../../shared/queryKeys';
import { useHashParams } from '../../shared/useHashParams';
import { useRowSelection } from '../../shared/useRowSelection';
import type { VmAction } from '../../../operations/vmActions';
import { useVmOperationRunner } from '../../shared/operations/useOperations';
import { operationsStore } from '../../../operations/operationsStore';
import { useMessages } from '../../../messages/catalogue';
import { CSV_HEADER, exportVmsCsv } from './csvExport';
import {
  vmListHash,
  parseListState,
  searchCriteria,
  type SortColumn,
  type VmListState,
} from './listState';
import { readHostNames, readVmPage, vmPageOf } from './vmListRead';
import type { ListedVm } from './vmListRead';
import {
  activeSavedSearch,
  deleteSavedSearch,
  loadSavedSearches,
  restoreSavedSearch,
  savedAsFilters,
  saveSearch,
  type SavedSearch,
} from './savedSearches';
import { useLiveVmUpdates } from './useLiveVmUpdates';
import { LIST_NOTIFY_ON } from './livePatch';
import { toVmRow, type VmRow } from './vmRow';

export type CsvState =
  | { kind: 'idle' }
  | { kind: 'running'; count: number }
  | { kind: 'done'; count: number }
  | { kind: 'failed'; error: string };

export type Dialog =
  /** `opId`: once confirmed, the modal shows that operation's progress (issue 13 pt 10). */
  | { kind: 'bulk'; action: VmAction; vms: VmRow[]; opId?: string }
  | { kind: 'migrate'; vms: VmRow[] }
  | { kind: 'clone'; vm: VmRow };

function localStore(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export function useVmsView() {
  const { client, config } = usePage();
  const { t } = useMessages();
  const params = useHashParams();
  const state = useMemo(() => parseListState(params), [params]);
  // The same page, key and read as the main place's boot script computes (boot.ts).
  const {
    search,
    pageSize,
    key: listKey,
  } = useMemo(() => vmPageOf(state, config.pageSize), [state, config.pageSize]);
  const queryClient = useQueryClient();

  const hosts = useQuery({
    queryKey: hostKeys.lists(),
    queryFn: ({ signal }) => readHostNames(client, signal),
    staleTime: 60_000,
  });
  const clusters = useQuery({
    queryKey: clusterKeys.list(),
    queryFn: ({ signal }) => client.clusterList({ signal }),
    staleTime: 5 * 60_000,
  });
  const names = useMemo(
    () => ({
      hosts: new Map((hosts.data ?? []).map((h) => [h.id, h.name])),
      clusters: new Map((clusters.data ?? []).map((c) => [c.id, c.name])),
    }),
    [hosts.data, clusters.data],
  );

  const list = useQuery({
    queryKey: listKey,
    // The same read as the main place's boot script, which may have started it already.
    queryFn: ({ signal }): Promise<ListedVm[]> => readVmPage(client, search, pageSize, signal),
    // The previous page stays on screen while the next loads: no layout jump.
    placeholderData: keepPreviousData,
    retry: false,
    // A live refresh of rows' contents changes `data` alone and renders nothing (livePatch.ts);
    // a render for any other reason reads the cache, so it shows the fresh rows.
    notifyOnChangeProps: [...LIST_NOTIFY_ON],
  });
  // The selection as of the last commit, for the live refresh to tell whether React must render.
  const selectionRef = useRef<ReadonlySet<string>>(new Set());
  const live = useLiveVmUpdates(client, listKey, config.pollIntervalMs, selectionRef);
  // The cached page now, live refreshes included: the plain-DOM table reads it on each poll.
  const readPage = useCallback(
    () => queryClient.getQueryData<ListedVm[]>(listKey),
    [queryClient, listKey],
  );
  const [mountedAt] = useState(() => Date.now());
  // As of the last read: the table shows durations as of the last poll itself (LiveVmTable), so
  // a poll does not re-render the whole view (liveClock.ts).
  const now = list.dataUpdatedAt || mountedAt;
  const rows = useMemo(
    () => (list.data ?? []).map((vm) => toVmRow(vm, names, now)),
    [list.data, names, now],
  );
  const searchError =
    list.error instanceof FaultError && list.error.status === 400
      ? (list.error.detail ?? list.error.reason)
      : undefined;

  // ---- navigation (every change is a history entry: back/forward work) ----
  const navigate = useCallback(
    (patch: Partial<VmListState>) => {
      const next: VmListState = { ...state, ...patch };
      window.location.hash = vmListHash(params, next);
    },
    [params, state],
  );
  const submitSearch = useCallback(
    (q: string) => {
      navigate({ q: q.trim(), page: 1 });
    },
    [navigate],
  );
  const setFilter = useCallback(
    (key: 'status' | 'cluster' | 'host', value: string) => {
      navigate({ [key]: value, page: 1 });
    },
    [navigate],
  );
  const sortBy = useCallback(
    (column: SortColumn) => {
      navigate({
        sort: column,
        dir: state.sort === column && state.dir === 'asc' ? 'desc' : 'asc',
        page: 1,
      });
    },
    [navigate, state.dir, state.sort],
  );
  const goToPage = useCallback(
    (page: number) => {
      navigate({ page: Math.max(1, page) });
    },
    [navigate],
  );
  const setPageSize = useCallback(
    (size: number) => {
      navigate({ size: size === config.pageSize ? 0 : size, page: 1 });
    },
    [navigate, config.pageSize],
  );

  // ---- selection (kept across pages; rows refresh live, the selection shows their status) ----
  const { selectedRows, selectedIds, toggleRow, togglePage, clearSelection } =
    useRowSelection(rows);
  useLayoutEffect(() => {
    selectionRef.current = selectedIds;
  }, [selectedIds]);

  // ---- bulk ----
  const runner = useVmOperationRunner();
  const [dialog, setDialog] = useState<Dialog>();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const openBulk = useCallback(
    (action: VmAction | 'clone') => {
      if (action === 'clone') {
        const vm = selectedRows[0];
        if (vm) setDialog({ kind: 'clone', vm });
      } else if (action === 'migrate') setDialog({ kind: 'migrate', vms: selectedRows });
      else setDialog({ kind: 'bulk', action, vms: selectedRows });
    },
    [selectedRows],
  );
  const closeDialog = useCallback(() => {
    setDialog(undefined);
  }, []);
  // Cancel the selected VMs' running migrations (issue 15 point 3); the code loads on the click.
  const cancelMigrations = useCallback(() => {
    const vms = selectedRows.filter((v) => v.status === 'migrating');
    if (vms.length === 0) return;
    setDrawerOpen(true);
    void import('../../../operations/cancelVmMigrations').then(({ cancelVmMigrations }) =>
      cancelVmMigrations(
        {
          store: operationsStore,
          storage: window.sessionStorage,
          send: (id, correlationId) => client.vmCancelMigration(id, { correlationId }),
          drive: runner.follow,
          title: t('vms.actionTitle.migrate', { count: 1 }),
        },
        vms.map((v) => ({
          id: v.id,
          name: v.name,
          status: v.status,
          ...(v.hostId ? { hostId: v.hostId } : {}),
        })),
      ),
    );
  }, [selectedRows, client, runner.follow, t]);
  const confirmBulk = useCallback(
    (options: { reason?: string } = {}) => {
      if (dialog?.kind !== 'bulk' || dialog.opId !== undefined) return;
      const opId = runner.startVmAction(
        dialog.action,
        dialog.vms.map((v) => ({
          id: v.id,
          name: v.name,
          status: v.status,
          ...(v.hostId ? { hostId: v.hostId } : {}),
        })),
        options,
      );
      setDialog({ ...dialog, opId });
    },
    [dialog, runner],
  );

  // ---- saved searches ----
  const userId = loginUserId() ?? '';
  const [saved, setSaved] = useState<SavedSearch[]>(() => {
    const s = localStore();
    return s ? loadSavedSearches(s, userId) : [];
  });
  // The last deletion, for Undo (a deletion asks nothing, so it must be reversible).
  const [deleted, setDeleted] = useState<{ search: SavedSearch; index: number }>();
  const activeSaved = activeSavedSearch(saved, state)?.name;
  const saveCurrentSearch = useCallback(
    (name: string) => {
      const s = localStore();
      if (!s) return;
      setSaved(
        saveSearch(s, userId, {
          name,
          query: state.q,
          status: state.status,
          cluster: state.cluster,
          host: state.host,
        }),
      );
      setDeleted(undefined);
    },
    [state.q, state.status, state.cluster, state.host, userId],
  );
  const applySaved = useCallback(
    (name: string) => {
      const found = saved.find((x) => x.name === name);
      if (!found) return;
      const f = savedAsFilters(found);
      navigate({
        q: f.q,
        status: f.status as VmListState['status'],
        cluster: f.cluster,
        host: f.host,
        page: 1,
      });
    },
    [navigate, saved],
  );
  const deleteSaved = useCallback(
    (name: string) => {
      const s = localStore();
      if (!s) return;
      const index = saved.findIndex((x) => x.name === name);
      const search = saved[index];
      if (search) setDeleted({ search, index });
      setSaved(deleteSavedSearch(s, userId, name));
    },
    [saved, userId],
  );
  const undoDelete = useCallback(() => {
    const s = localStore();
    if (!s || !deleted) return;
    setSaved(restoreSavedSearch(s, userId, deleted.search, deleted.index));
    setDeleted(undefined);
  }, [deleted, userId]);

  // ---- CSV export ----
  const [csv, setCsv] = useState<CsvState>({ kind: 'idle' });
  const csvAbort = useRef<AbortController | undefined>(undefined);
  const exportCsv = useCallback(() => {
    if (csvAbort.current) return;
    const controller = new AbortController();
    csvAbort.current = controller;
    setCsv({ kind: 'running', count: 0 });
    exportVmsCsv(
      client,
      searchCriteria(state),
      names,
      CSV_HEADER,
      (count) => {
        setCsv({ kind: 'running', count });
      },
      controller.signal,
    )
      .then(({ blob, count }) => {
        const url = URL.createObjectURL(blob);
        const a = document.createElement('a');
        a.href = url;
        a.download = `vms-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.csv`;
        a.id = 'oc-csv-download';
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => {
          URL.revokeObjectURL(url);
        }, 60_000);
        setCsv({ kind: 'done', count });
      })
      .catch((error: unknown) => {
        setCsv(
          isAbortError(error) || controller.signal.aborted
            ? { kind: 'idle' }
            : { kind: 'failed', error: error instanceof Error ? error.message : String(error) },
        );
      })
      .finally(() => {
        csvAbort.current = undefined;
      });
  }, [client, names, state]);
  const cancelCsv = useCallback(() => {
    csvAbort.current?.abort();
  }, []);

  return {
    data: {
      state,
      search,
      now,
      rows,
      loading: list.isPending,
      fetching: list.isFetching,
      error: searchError ? undefined : list.error,
      searchError,
      hasNext: (list.data?.length ?? 0) >= pageSize,
      pageSize,
      configuredPageSize: config.pageSize,
      hosts: hosts.data ?? [],
      clusters: clusters.data ?? [],
      /** The last poll's time (subscribe with useLiveClock); `now` until the first poll. */
      clock: live.clock,
      lastRead: list.dataUpdatedAt || undefined,
      /** The cached page as it is now (live refreshes that rendered nothing included). */
      readPage,
      names,
      live: live.live,
      liveError: live.error,
      selected: selectedRows,
      selectedIds,
      dialog,
      drawerOpen,
      saved,
      activeSaved,
      deletedSaved: deleted?.search.name,
      csv,
      concurrency: config.bulkConcurrency,
    },
    actions: {
      submitSearch,
      setFilter,
      sortBy,
      goToPage,
      setPageSize,
      toggleRow,
      togglePage,
      clearSelection,
      openBulk,
      cancelMigrations,
      closeDialog,
      confirmBulk,
      setDrawerOpen,
      saveCurrentSearch,
      deleteSaved,
      applySaved,
      undoDelete,
      exportCsv,
      cancelCsv,
      retry: () => void list.refetch(),
    },
  };
}
