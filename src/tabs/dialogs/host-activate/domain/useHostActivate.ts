/**
 * Bulk activation: reads the selected hosts, shows which will be activated (in maintenance) and
 * which are skipped and why, then runs it through the host operation runner with progress. The
 * operation id goes into the hash so a reloaded dialog shows the same run.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { closeDialog } from '../../../../plugin-api/pluginApi';
import { DIALOG_TOKENS } from '../../../../plugin-api/pages';
import { activationSkip } from '../../../../operations/hostActivateRunner';
import type { HostState } from '../../../../operations/hostOpsPort';
import { useHostOperationRunner } from '../../../hosts/domain/useHostOperationRunner';
import { useMessages } from '../../../../messages/catalogue';
import { usePage } from '../../../shared/pageContext';
import { hostKeys } from '../../../shared/queryKeys';
import type { OperationRecord } from '../../../../operations/operationsStore';
import { useOperations } from '../../../shared/operations/useOperations';
import { splitIds, useHashParams } from '../../../shared/useHashParams';

export interface ActivationCandidate extends HostState {
  skip?: string;
}

export interface HostActivateModel {
  data: {
    ids: string[];
    hosts: ActivationCandidate[] | undefined;
    isLoading: boolean;
    error: unknown;
    op: OperationRecord | undefined;
  };
  actions: {
    runActivation: () => void;
    cancelRun: () => void;
    retryLoad: () => void;
    closeDialog: () => void;
  };
}

export function useHostActivate(): HostActivateModel {
  const { client } = usePage();
  const { t } = useMessages();
  const params = useHashParams();
  const ids = useMemo(() => splitIds(params.ids ?? params.id), [params.ids, params.id]);
  const runner = useHostOperationRunner();
  const ops = useOperations();
  const op = params.op !== undefined ? ops.find((o) => o.id === params.op) : undefined;

  const query = useQuery({
    queryKey: [...hostKeys.all, 'activate', ids] as const,
    queryFn: ({ signal }) => client.hostListByIds(ids, { signal }),
    enabled: ids.length > 0 && op === undefined,
    refetchOnWindowFocus: false,
  });

  const hosts = useMemo(
    () =>
      query.data?.map((h): ActivationCandidate => {
        const state: HostState = { id: h.id, name: h.name, status: h.status };
        const skip = activationSkip(t, state);
        return skip === undefined ? state : { ...state, skip };
      }),
    [query.data, t],
  );

  const runActivation = useCallback(() => {
    if (!hosts) return;
    const id = runner.startActivation(hosts);
    window.location.hash = new URLSearchParams({ ids: ids.join(','), op: id }).toString();
  }, [hosts, runner, ids]);

  return {
    data: { ids, hosts, isLoading: query.isPending, error: query.error, op },
    actions: {
      runActivation,
      cancelRun: () => {
        if (op) runner.cancelActivation(op.id);
      },
      retryLoad: () => {
        void query.refetch();
      },
      closeDialog: () => {
        closeDialog(DIALOG_TOKENS.hostActivate);
      },
    },
  };
}
