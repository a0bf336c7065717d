/**
 * Decides what the Hosts view shows and does: the engine search from the hash, one page of hosts
 * with their statistics, live updates from the engine's event stream (a host or VM event makes
 * the page re-read once), selection, and the Maintenance / Activate / Load & VMs actions.
 * `HostsView.tsx` only renders what this returns.
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { showDialog } from '../../../plugin-api/pluginApi';
import { DIALOG_TOKENS, pageUrl } from '../../../plugin-api/pages';
import type { EngineClient } from '../../../rest/client';
import { FaultError } from '../../../rest/errors';
import type { EventStream } from '../../../rest/events';
import type { Host } from '../../../rest/models';
import { useMessages } from '../../../messages/catalogue';
import { usePage } from '../../shared/pageContext';
import { clusterKeys, hostKeys } from '../../shared/queryKeys';
import { useHashParams } from '../../shared/useHashParams';
import { useRowSelection } from '../../shared/useRowSelection';
import { hostLoad, type HostLoad } from './hostLoad';
import {
  hostListHash,
  hostPageSearch,
  parseHostListState,
  userHostControls,
  type HostListState,
  type HostSortColumn,
} from './hostListState';
import { useHostOperationRunner } from './useHostOperationRunner';

export interface HostRow {
  id: string;
  name: string;
  status: Host['status'];
  statusDetail?: string;
  cluster: string;
  spm: string;
  vms: Host['summary'];
  load: HostLoad;
  freeMemory: number;
  memory: number;
}

export function toHostRow(host: Host, clusterNames: ReadonlyMap<string, string>): HostRow {
  const row: HostRow = {
    id: host.id,
    name: host.name,
    status: host.status,
    cluster: host.cluster?.name ?? clusterNames.get(host.cluster?.id ?? '') ?? '',
    spm: host.spm?.status ?? 'none',
    vms: host.summary,
    load: hostLoad(host, host.statistics),
    freeMemory: host.maxSchedulingMemory,
    memory: host.memory,
  };
  if (host.statusDetail !== undefined) row.statusDetail = host.statusDetail;
  return row;
}

function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  useEffect(() => {
    const on = (): void => {
      setVisible(document.visibilityState !== 'hidden');
    };
    document.addEventListener('visibilitychange', on);
    return () => {
      document.removeEventListener('visibilitychange', on);
    };
  }, []);
  return visible;
}

/** Any host or VM event may change a host row (status, VM counts, memory): re-read the page. */
function useLiveHostUpdates(
  client: EngineClient,
  intervalMs: number,
): { lastUpdated: number | undefined; live: boolean; error: unknown } {
  const queryClient = useQueryClient();
  const visible = usePageVisible();
  const [lastUpdated, setLastUpdated] = useState<number>();
  // The last poll's failure, cleared by the next success: the page then says it is stale.
  const [error, setError] = useState<unknown>(undefined);
  const stream = useRef<EventStream | undefined>(undefined);
  useEffect(() => {
    if (!visible) return;
    const controller = new AbortController();
    const signal = controller.signal;
    const aborted = (): boolean => signal.aborted;
    stream.current ??= client.eventStream({ intervalMs });
    const events = stream.current;
    const loop = async (): Promise<void> => {
      while (!aborted()) {
        try {
          const batch = await events.poll({ signal });
          if (batch.some((e) => e.host !== undefined || e.vm !== undefined)) {
            await queryClient.invalidateQueries({ queryKey: hostKeys.lists() });
          }
          setLastUpdated(Date.now());
          setError(undefined);
        } catch (e) {
          if (aborted()) return;
          // A glitch must not end live updates; the indicator says since when it is stale.
          setError(e);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, intervalMs);
          signal.addEventListener(
            'abort',
            () => {
              clearTimeout(timer);
              resolve();
            },
            { once: true },
          );
        });
      }
    };
    void loop();
    return () => {
      controller.abort();
    };
  }, [client, intervalMs, queryClient, visible]);
  return { lastUpdated, live: visible, error };
}

export function useHostsView() {
  const { client, config } = usePage();
  const { t } = useMessages();
  const params = useHashParams();
  const state = useMemo(() => parseHostListState(params), [params]);
  const search = hostPageSearch(state);
  const own = userHostControls(state.q);
  const pageSize = state.size || config.pageSize;
  useHostOperationRunner();

  const clusters = useQuery({
    queryKey: clusterKeys.list(),
    queryFn: ({ signal }) => client.clusterList({ signal }),
    staleTime: 5 * 60_000,
  });
  const clusterNames = useMemo(
    () => new Map((clusters.data ?? []).map((c) => [c.id, c.name])),
    [clusters.data],
  );
  const list = useQuery({
    queryKey: hostKeys.list(search, state.page, pageSize),
    queryFn: ({ signal }) =>
      client.hostList({ search, max: pageSize, follow: ['statistics'], signal }),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const live = useLiveHostUpdates(client, config.pollIntervalMs);
  const rows = useMemo(
    () => (list.data ?? []).map((h) => toHostRow(h, clusterNames)),
    [list.data, clusterNames],
  );
  const searchError =
    list.error instanceof FaultError && list.error.status === 400
      ? (list.error.detail ?? list.error.reason)
      : undefined;

  const navigate = useCallback(
    (patch: Partial<HostListState>) => {
      window.location.hash = hostListHash(params, { ...state, ...patch });
    },
    [params, state],
  );

  // Rows keep their latest state: the selection holds ids, the actions read the current rows.
  const { selectedRows, selectedIds, toggleRow, togglePage, clearSelection } =
    useRowSelection(rows);

  const openMaintenance = useCallback(() => {
    const ids = selectedRows.map((r) => r.id).join(',');
    showDialog(
      t('hosts.evac.title'),
      DIALOG_TOKENS.hostMaintenance,
      pageUrl('hostMaintenance', { ids }),
      '960px',
      '640px',
    );
  }, [selectedRows, t]);
  const openActivate = useCallback(() => {
    const ids = selectedRows.map((r) => r.id).join(',');
    showDialog(
      t('hosts.activate.title'),
      DIALOG_TOKENS.hostActivate,
      pageUrl('hostActivate', { ids }),
      '720px',
      '480px',
    );
  }, [selectedRows, t]);
  const openUpgrade = useCallback(
    (mode: 'check' | 'upgrade') => {
      const ids = selectedRows.map((r) => r.id).join(',');
      showDialog(
        t(mode === 'check' ? 'hosts.upgrade.checkTitle' : 'hosts.upgrade.title'),
        DIALOG_TOKENS.hostUpgrade,
        pageUrl('hostUpgrade', mode === 'check' ? { ids, mode } : { ids }),
        '960px',
        '640px',
      );
    },
    [selectedRows, t],
  );
  const openRestart = useCallback(() => {
    const ids = selectedRows.map((r) => r.id).join(',');
    showDialog(
      t('hosts.restart.title'),
      DIALOG_TOKENS.hostRestart,
      pageUrl('hostRestart', { ids }),
      '720px',
      '560px',
    );
  }, [selectedRows, t]);
  /** The drift view is its own page (issue 16): nothing of it weighs on this place. */
  const openDrift = useCallback(() => {
    const first = selectedRows[0]?.cluster;
    const cluster = (clusters.data ?? []).find((c) => c.name === first)?.id;
    showDialog(
      t('hosts.drift.action'),
      DIALOG_TOKENS.hostDrift,
      pageUrl('hostRestart', cluster ? { view: 'drift', cluster } : { view: 'drift' }),
      '1100px',
      '680px',
    );
  }, [selectedRows, clusters.data, t]);
  return {
    data: {
      state,
      rows,
      isLoading: list.isPending,
      error: searchError === undefined ? list.error : null,
      searchError,
      fetching: list.isFetching,
      selectedIds,
      selectedRows,
      canMaintain: selectedRows.some((r) => r.status !== 'maintenance'),
      canActivate: selectedRows.some((r) => r.status === 'maintenance'),
      sortable: !own.sort,
      pageable: !own.page,
      hasNext: rows.length >= pageSize,
      pageSize,
      configuredPageSize: config.pageSize,
      lastUpdated: live.lastUpdated ?? (list.dataUpdatedAt || undefined),
      live: live.live,
      liveError: live.error,
    },
    actions: {
      submitSearch: (q: string) => {
        navigate({ q: q.trim(), page: 1 });
      },
      sortBy: (column: HostSortColumn) => {
        navigate({
          sort: column,
          dir: state.sort === column && state.dir === 'asc' ? 'desc' : 'asc',
          page: 1,
        });
      },
      setPageSize: (size: number) => {
        navigate({ size: size === config.pageSize ? 0 : size, page: 1 });
      },
      goToPage: (page: number) => {
        navigate({ page: Math.max(1, page) });
      },
      toggleRow,
      togglePage,
      clearSelection,
      retry: () => {
        void list.refetch();
      },
      openMaintenance,
      openActivate,
      openUpgradeCheck: () => {
        openUpgrade('check');
      },
      openUpgrade: () => {
        openUpgrade('upgrade');
      },
      openRestart,
      openDrift,
    },
  };
}
