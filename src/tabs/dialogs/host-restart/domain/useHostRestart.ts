/**
 * Restart through power management: reads the selected hosts, shows which will be restarted and
 * which cannot be (no power management, or a status the engine refuses), warns about the VMs a
 * restart powers off, then runs it through the host operation runner. The operation id goes into
 * the hash so a reloaded dialog shows the same run. Also "Confirm host has been rebooted" (the
 * engine's manual fence) for non responsive hosts, behind an explicit acknowledgement.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { closeDialog } from '../../../../plugin-api/pluginApi';
import { DIALOG_TOKENS } from '../../../../plugin-api/pages';
import { restartSkip, type RestartHost } from '../../../../operations/hostRestartRunner';
import { errorText } from '../../../../operations/runnerKit';
import { useHostOperationRunner } from '../../../hosts/domain/useHostOperationRunner';
import { useMessages } from '../../../../messages/catalogue';
import { usePage } from '../../../shared/pageContext';
import { hostKeys } from '../../../shared/queryKeys';
import type { OperationRecord } from '../../../../operations/operationsStore';
import { useOperations } from '../../../shared/operations/useOperations';
import { splitIds, useHashParams } from '../../../shared/useHashParams';

export interface RestartCandidate extends RestartHost {
  skip?: string;
  /** Running VMs the restart would power off. */
  vms: number;
  /** FenceVdsManualy accepts the host's status. */
  canConfirmRebooted: boolean;
}

/** Statuses in which the engine accepts "Confirm 'Host has been rebooted'" and it makes sense. */
const MANUAL_FENCE: ReadonlySet<string> = new Set([
  'non_responsive',
  'reboot',
  'non_operational',
  'down',
  'install_failed',
]);

export type ManualResult = { ok: true } | { ok: false; error: string } | 'sending';

export interface HostRestartModel {
  data: {
    ids: string[];
    hosts: RestartCandidate[] | undefined;
    isLoading: boolean;
    error: unknown;
    op: OperationRecord | undefined;
    manual: Record<string, ManualResult>;
  };
  actions: {
    runRestart: () => void;
    cancelRun: () => void;
    confirmRebooted: (hostId: string) => void;
    retryLoad: () => void;
    closeDialog: () => void;
  };
}

export function useHostRestart(): HostRestartModel {
  const { client } = usePage();
  const { t } = useMessages();
  const params = useHashParams();
  const ids = useMemo(() => splitIds(params.ids ?? params.id), [params.ids, params.id]);
  const runner = useHostOperationRunner();
  const ops = useOperations();
  const op = params.op !== undefined ? ops.find((o) => o.id === params.op) : undefined;
  const [manual, setManual] = useState<Record<string, ManualResult>>({});

  const query = useQuery({
    queryKey: [...hostKeys.all, 'restart', ids] as const,
    queryFn: ({ signal }) => client.hostListByIds(ids, { signal }),
    enabled: ids.length > 0 && op === undefined,
    refetchOnWindowFocus: false,
  });

  const hosts = useMemo(
    () =>
      query.data?.map((h): RestartCandidate => {
        const host: RestartHost = {
          id: h.id,
          name: h.name,
          status: h.status,
          powerManagement: h.powerManagement,
        };
        const skip = restartSkip(t, host);
        return {
          ...host,
          ...(skip === undefined ? {} : { skip }),
          vms: h.summary.total,
          canConfirmRebooted: MANUAL_FENCE.has(h.status),
        };
      }),
    [query.data, t],
  );

  const runRestart = useCallback(() => {
    if (!hosts) return;
    const id = runner.startRestart(hosts);
    window.location.hash = new URLSearchParams({ ids: ids.join(','), op: id }).toString();
  }, [hosts, runner, ids]);

  const confirmRebooted = useCallback(
    (hostId: string) => {
      // One request per click; the button is gone while it is under way and after it succeeded.
      if (manual[hostId] === 'sending' || (manual[hostId] as { ok?: boolean } | undefined)?.ok)
        return;
      setManual((m) => ({ ...m, [hostId]: 'sending' }));
      client.hostFence(hostId, 'manual').then(
        () => {
          setManual((m) => ({ ...m, [hostId]: { ok: true } }));
          void query.refetch();
        },
        (error: unknown) => {
          setManual((m) => ({ ...m, [hostId]: { ok: false, error: errorText(error) } }));
        },
      );
    },
    [client, manual, query],
  );

  return {
    data: { ids, hosts, isLoading: query.isPending, error: query.error, op, manual },
    actions: {
      runRestart,
      cancelRun: () => {
        if (op) runner.cancelRestart(op.id);
      },
      confirmRebooted,
      retryLoad: () => {
        void query.refetch();
      },
      closeDialog: () => {
        closeDialog(DIALOG_TOKENS.hostRestart);
      },
    },
  };
}
