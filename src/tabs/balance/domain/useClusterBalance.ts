/**
 * The balance view's data and actions: the clusters, then for the chosen one its hosts and VMs
 * with their statistics, its scheduling policy (with the cluster's own properties) and the rules
 * its scheduler enforces. "Suggest rebalance" plans with the rebalance planner; every plan shown
 * is checked with the engine's `migration_target_of` (a destination it does not offer is avoided,
 * or marked when the admin chose it); running it creates the same tracked record as an
 * evacuation without hosts, driven by the evacuation runner (bounded, never twice, resumable).
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { EngineClient } from '../../../rest/client';
import type { Cluster, Host, Vm } from '../../../rest/models';
import { searchQuery } from '../../../rest/search';
import {
  clusterBalance,
  suggestRebalance,
  validateRebalance,
  type BalancePolicy,
  type RebalanceInput,
  type RebalancePlan,
} from '../../../operations/rebalancePlanner';
import type { EvacuationPlan } from '../../../operations/evacuationPlanner';
import type { SchedulingRules } from '../../../operations/schedulingRules';
import {
  engineRefusals,
  newRefusals,
  withRefusals,
  loadSchedulingRules,
  type EngineRefusals,
} from '../../../operations/schedulingRulesFromEngine';
import { useHostOperationRunner } from '../../hosts/domain/useHostOperationRunner';
import { usePage } from '../../shared/pageContext';
import { useHashParams } from '../../shared/useHashParams';
import { useMessages } from '../../../messages/catalogue';
import { operationsStore } from '../../../operations/operationsStore';
import { editAssignment, rebalanceInput } from './balanceInput';

/** sessionStorage, like the operation records: the rebalance last started per cluster. */
const REMEMBERED = 'ops-center:rebalance:';

function rememberRebalance(clusterId: string, opId: string | undefined): void {
  try {
    if (opId === undefined) sessionStorage.removeItem(REMEMBERED + clusterId);
    else sessionStorage.setItem(REMEMBERED + clusterId, opId);
  } catch {
    // Storage refused: the run is still tracked, only not shown again here after a reload.
  }
}

function rememberedRebalance(clusterId: string): string | undefined {
  try {
    return sessionStorage.getItem(REMEMBERED + clusterId) ?? undefined;
  } catch {
    return undefined;
  }
}

export interface BalanceData {
  cluster: Cluster;
  hosts: Host[];
  vms: Vm[];
  policy: BalancePolicy;
  /** The policy's own properties and the cluster's, apart (the view shows both). */
  policyProperties: Record<string, string>;
  clusterProperties: Record<string, string>;
  rules?: SchedulingRules;
}

async function withStats<T>(
  list: (follow: string[] | undefined) => Promise<T[]>,
  signal: AbortSignal,
): Promise<T[]> {
  try {
    return await list(['statistics']);
  } catch (error) {
    if (signal.aborted) throw error;
    return list(undefined);
  }
}

export async function loadBalance(
  client: EngineClient,
  cluster: Cluster,
  signal: AbortSignal,
): Promise<BalanceData> {
  const search = searchQuery().whereAny('cluster', [cluster.name]).toString();
  const [hosts, vms, scheduling] = await Promise.all([
    withStats(
      (follow) => client.hostList({ search, signal, ...(follow ? { follow } : {}) }),
      signal,
    ),
    withStats((follow) => client.vmList({ search, signal, ...(follow ? { follow } : {}) }), signal),
    client.clusterScheduling(cluster.id, { signal }),
  ]);
  const policy =
    scheduling.policyId !== undefined
      ? await client.schedulingPolicyGet(scheduling.policyId, { signal })
      : undefined;
  const rules = await loadSchedulingRules(client, [cluster.id], signal).catch((error: unknown) => {
    if (signal.aborted) throw error;
    return undefined;
  });
  const out: BalanceData = {
    cluster,
    hosts: hosts.filter((h) => h.cluster?.id === cluster.id),
    vms: vms.filter((v) => v.cluster?.id === cluster.id),
    policy: {
      name: policy?.name ?? 'none',
      properties: { ...(policy?.properties ?? {}), ...scheduling.properties },
    },
    policyProperties: policy?.properties ?? {},
    clusterProperties: scheduling.properties,
  };
  if (rules) out.rules = rules;
  return out;
}

/**
 * `fixedId`: the Clusters detail tab's cluster (WebAdmin's selection; none is `''`), shown
 * without a fallback to another cluster. Without it (the main place), the hash's `cluster`, else
 * the first by name.
 */
export function useClusterBalance(fixedId?: string) {
  const { client, config } = usePage();
  const { t } = useMessages();
  const runner = useHostOperationRunner();
  const clusters = useQuery({
    queryKey: ['balance', 'clusters'] as const,
    queryFn: ({ signal }) => client.clusterList({ signal }),
  });
  // `#view=balance&cluster=<id>`: a link (Copy link) opens the view on that cluster.
  const hashed = useHashParams().cluster;
  const chosen = fixedId ?? hashed;
  const cluster =
    clusters.data?.find((c) => c.id === chosen) ??
    (fixedId !== undefined
      ? undefined
      : [...(clusters.data ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1))[0]);
  const data = useQuery({
    queryKey: ['balance', 'cluster', cluster?.id ?? ''] as const,
    queryFn: ({ signal }) =>
      cluster ? loadBalance(client, cluster, signal) : Promise.reject(new Error('no cluster')),
    enabled: cluster !== undefined,
    refetchOnWindowFocus: false,
  });
  const input: RebalanceInput | undefined = useMemo(
    () =>
      data.data
        ? rebalanceInput(
            data.data.cluster.id,
            data.data.hosts,
            data.data.vms,
            data.data.policy,
            data.data.rules,
          )
        : undefined,
    [data.data],
  );
  const current = useMemo(() => (input ? clusterBalance(input) : undefined), [input]);

  const [suggested, setSuggested] = useState(false);
  const [refused, setRefused] = useState<EngineRefusals>({});
  const [assignment, setAssignment] = useState<Record<string, string> | undefined>(undefined);
  const [opId, setOpIdState] = useState<string | undefined>(undefined);
  const clusterId = cluster?.id;
  const setOpId = useCallback(
    (id: string | undefined) => {
      if (clusterId !== undefined) rememberRebalance(clusterId, id);
      setOpIdState(id);
    },
    [clusterId],
  );
  // After a reload (of the page or of WebAdmin) the cluster's unfinished rebalance is shown
  // again: the runners resume it from its record, never repeating a migration already sent.
  const resumed =
    clusterId !== undefined && opId === undefined ? rememberedRebalance(clusterId) : undefined;
  if (resumed !== undefined && operationsStore.get(resumed)?.state === 'running')
    setOpIdState(resumed);
  const planned = useMemo(
    () => (input && suggested ? suggestRebalance(input, { refused }) : undefined),
    [input, suggested, refused],
  );
  const plan: RebalancePlan | undefined = useMemo(() => {
    if (!input || !planned) return undefined;
    return assignment ? validateRebalance(input, planned, assignment, refused) : planned;
  }, [input, planned, assignment, refused]);

  const checkKey = plan
    ? plan.moves
        .filter((m) => m.movesWith === undefined)
        .map((m) => `${m.vmId}>${m.targetHostId}`)
        .sort()
        .join(',')
    : '';
  const check = useQuery({
    queryKey: ['balance', 'check', cluster?.id ?? '', checkKey] as const,
    queryFn: ({ signal }) =>
      plan
        ? engineRefusals(plan, (vmIds) => client.hostMigrationTargetsOf(vmIds, { signal }), {
            aborted: () => signal.aborted,
          })
        : Promise.resolve<EngineRefusals>({}),
    enabled: plan !== undefined && plan.moves.length > 0 && opId === undefined,
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
  const fresh = useMemo(() => newRefusals(check.data ?? {}, refused), [check.data, refused]);
  const hasFresh = Object.keys(fresh).length > 0;
  // State adjusted while rendering (React's pattern for state derived from new data): without
  // the admin's edits the planner re-plans around what the engine refused; with them, the
  // refused moves are marked.
  if (hasFresh) {
    setRefused(withRefusals(refused, fresh));
  }
  const checking =
    plan !== undefined &&
    plan.moves.length > 0 &&
    (check.isFetching || check.isPending || hasFresh);

  const hostNames = useMemo(
    () => new Map((data.data?.hosts ?? []).map((h) => [h.id, h.name])),
    [data.data],
  );

  const suggest = useCallback(() => {
    setSuggested(true);
    setAssignment(undefined);
    setRefused({});
    setOpId(undefined);
  }, [setOpId]);
  const base = useCallback((): Record<string, string> => {
    if (assignment) return assignment;
    const out: Record<string, string> = {};
    for (const m of planned?.moves ?? []) out[m.vmId] = m.targetHostId;
    return out;
  }, [assignment, planned]);
  const setTarget = useCallback(
    (vmId: string, hostId: string) => {
      if (plan) setAssignment(editAssignment(plan, base(), vmId, hostId));
    },
    [plan, base],
  );
  const drop = useCallback(
    (vmId: string) => {
      if (plan) setAssignment(editAssignment(plan, base(), vmId, undefined));
    },
    [plan, base],
  );
  const reset = useCallback(() => {
    setAssignment(undefined);
  }, []);
  const run = useCallback(() => {
    if (!plan || !cluster) return;
    const evacuation: EvacuationPlan = {
      moves: plan.moves,
      blockers: [],
      hosts: [],
      valid: plan.valid,
      clearableHostIds: [],
    };
    const id = runner.startEvacuation(
      evacuation,
      [],
      hostNames,
      undefined,
      t('balance.opTitle', { name: cluster.name }),
    );
    setOpId(id);
  }, [plan, cluster, runner, hostNames, t, setOpId]);
  const refresh = useCallback(() => {
    setSuggested(false);
    setAssignment(undefined);
    setRefused({});
    setOpId(undefined);
    void data.refetch();
  }, [data, setOpId]);
  const chooseCluster = useCallback((id: string) => {
    window.location.hash = `view=balance&cluster=${encodeURIComponent(id)}`;
    setSuggested(false);
    setAssignment(undefined);
    setRefused({});
    setOpIdState(undefined);
  }, []);

  return {
    clusters,
    cluster,
    data,
    input,
    current,
    plan,
    edited: assignment !== undefined,
    checking,
    opId,
    concurrency: config.evacuationConcurrency,
    hostNames,
    suggest,
    setTarget,
    drop,
    reset,
    run,
    refresh,
    chooseCluster,
  };
}
