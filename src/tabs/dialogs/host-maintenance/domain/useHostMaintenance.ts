/**
 * Maintenance with evacuation: reads the selected hosts, the up hosts of their clusters and the
 * VMs running on them, plans the evacuation, lets the admin change targets (re-validated on
 * every change), then runs it through the host operation runner. The operation id goes into the
 * URL hash (`#ids=…&op=…`), so a reloaded dialog shows, and resumes, the same run.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { closeDialog } from '../../../../plugin-api/pluginApi';
import { DIALOG_TOKENS } from '../../../../plugin-api/pages';
import type { EngineClient } from '../../../../rest/client';
import type { Host, Vm } from '../../../../rest/models';
import { searchQuery } from '../../../../rest/search';
import {
  assignmentOf,
  planEvacuation,
  targetChoices,
  validatePlan,
  type EvacuationInput,
  type EvacuationPlan,
  type PlannerHost,
} from '../../../../operations/evacuationPlanner';
import { evacuationInput } from '../../../hosts/domain/hostLoad';
import type { SchedulingRules } from '../../../../operations/schedulingRules';
import {
  engineRefusals,
  newRefusals,
  withRefusals,
  hasSchedulingRules,
  loadSchedulingRules,
  type EngineRefusals,
} from '../../../../operations/schedulingRulesFromEngine';
import { useHostOperationRunner } from '../../../hosts/domain/useHostOperationRunner';
import { usePage } from '../../../shared/pageContext';
import { hostKeys } from '../../../shared/queryKeys';
import { useOperations } from '../../../shared/operations/useOperations';
import type { OperationRecord } from '../../../../operations/operationsStore';
import { splitIds, useHashParams } from '../../../shared/useHashParams';

export interface MaintenanceFleet {
  sources: Host[];
  hosts: Host[];
  vms: Vm[];
  /** A source host's cluster has `maintenance_reason_required`: no confirm without a reason. */
  reasonRequired: boolean;
  /** What the engine's scheduler enforces in these clusters (absent when it could not be read). */
  rules?: SchedulingRules;
  /** With rules: every VM of the clusters (partners of affinity groups, the per-host VM count). */
  clusterVms?: Vm[];
}

/** Hosts with their statistics (CPU load breaks ties); without them when the engine refuses `follow`. */
async function hostsWithStats(
  client: EngineClient,
  search: string,
  signal: AbortSignal,
): Promise<Host[]> {
  try {
    return await client.hostList({ search, follow: ['statistics'], signal });
  } catch (error) {
    if (signal.aborted) throw error;
    return client.hostList({ search, signal });
  }
}

export async function loadMaintenanceFleet(
  client: EngineClient,
  ids: readonly string[],
  signal: AbortSignal,
): Promise<MaintenanceFleet> {
  const sources = await client.hostListByIds(ids, { signal });
  const clusterIds = [...new Set(sources.map((h) => h.cluster?.id).filter((x) => x !== undefined))];
  // The clusters themselves: their names, and whether they require a maintenance reason.
  const clusters = await Promise.all(clusterIds.map((id) => client.clusterGet(id, { signal })));
  const clusterNames = clusters.map((c) => c.name);
  const [hosts, vms] = await Promise.all([
    clusterNames.length > 0
      ? hostsWithStats(client, searchQuery().whereAny('cluster', clusterNames).toString(), signal)
      : Promise.resolve([]),
    sources.length > 0
      ? client.vmList({
          search: searchQuery().whereAny(
            'host',
            sources.map((h) => h.name),
          ),
          signal,
        })
      : Promise.resolve([]),
  ]);
  // The cluster search matches names as patterns; keep exactly the clusters we asked for.
  const wanted = new Set(clusterIds);
  const inClusters = hosts.filter((h) => h.cluster && wanted.has(h.cluster.id));
  for (const s of sources) if (!inClusters.some((h) => h.id === s.id)) inClusters.push(s);
  const sourceIds = new Set(sources.map((s) => s.id));
  const fleet: MaintenanceFleet = {
    sources,
    hosts: inClusters,
    vms: vms.filter((v) => v.host && sourceIds.has(v.host.id)),
    reasonRequired: clusters.some((c) => c.maintenanceReasonRequired),
  };
  // The scheduler's rules; an engine (or a user) that cannot read them plans by memory only.
  const rules = await loadSchedulingRules(client, clusterIds, signal).catch((error: unknown) => {
    if (signal.aborted) throw error;
    return undefined;
  });
  if (hasSchedulingRules(rules)) {
    fleet.rules = rules;
    const all = await client.vmList({
      search: searchQuery().whereAny('cluster', clusterNames),
      signal,
    });
    fleet.clusterVms = all.filter((v) => v.cluster && wanted.has(v.cluster.id));
  }
  return fleet;
}

export type MaintenancePhase = 'no-ids' | 'loading' | 'error' | 'plan' | 'run';

export interface HostMaintenanceModel {
  data: {
    phase: MaintenancePhase;
    ids: string[];
    error: unknown;
    fleet: MaintenanceFleet | undefined;
    input: EvacuationInput | undefined;
    plan: EvacuationPlan | undefined;
    hostNames: Map<string, string>;
    op: OperationRecord | undefined;
    concurrency: number;
    refreshing: boolean;
    reason: string;
    reasonRequired: boolean;
    /** The plan is being checked with the engine's `migration_target_of`: not runnable yet. */
    checking: boolean;
  };
  actions: {
    choicesFor: (vmId: string) => PlannerHost[];
    setTarget: (vmId: string, hostId: string) => void;
    replanOthers: () => void;
    resetTargets: () => void;
    refreshFleet: () => void;
    runPlan: () => void;
    cancelRun: () => void;
    closeDialog: () => void;
    setReason: (reason: string) => void;
  };
}

export function useHostMaintenance(): HostMaintenanceModel {
  const { client, config } = usePage();
  const params = useHashParams();
  const ids = useMemo(() => splitIds(params.ids ?? params.id), [params.ids, params.id]);
  const opId = params.op;
  const runner = useHostOperationRunner();
  const ops = useOperations();
  // The run this dialog started (hash), or one still running for the same hosts (reopened from
  // the Host list): show it instead of offering a second evacuation of the same hosts.
  const op =
    opId !== undefined
      ? ops.find((o) => o.id === opId)
      : ops.find(
          (o) =>
            o.kind === 'host-evacuate' &&
            o.state === 'running' &&
            ids.length > 0 &&
            ids.every((id) => o.items.some((i) => i.entity === 'host' && i.id === id)),
        );

  const fleetQuery = useQuery({
    queryKey: [...hostKeys.all, 'evacuation', ids] as const,
    queryFn: ({ signal }) => loadMaintenanceFleet(client, ids, signal),
    enabled: ids.length > 0 && op === undefined,
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });

  // The admin's choices: vmId → target host id. Undefined = the planner's own plan.
  const [assignment, setAssignment] = useState<Record<string, string> | undefined>(undefined);
  const [reason, setReason] = useState('');
  const reasonRequired = fleetQuery.data?.reasonRequired ?? false;

  const input = useMemo(
    () =>
      fleetQuery.data
        ? evacuationInput(
            fleetQuery.data.sources.map((s) => s.id),
            fleetQuery.data.hosts,
            fleetQuery.data.clusterVms ?? fleetQuery.data.vms,
            fleetQuery.data.rules,
          )
        : undefined,
    [fleetQuery.data],
  );
  // Destinations the engine did not offer (migration_target_of): the planner avoids them.
  const [refused, setRefused] = useState<EngineRefusals>({});
  const planned = useMemo(
    () => (input ? planEvacuation(input, { refused }) : undefined),
    [input, refused],
  );
  const original = useMemo(() => (planned ? assignmentOf(planned) : undefined), [planned]);
  const plan = useMemo(() => {
    if (!input || !planned) return undefined;
    return assignment ? validatePlan(input, assignment, original, refused) : planned;
  }, [input, planned, assignment, original, refused]);

  // Every plan shown is checked with the engine before it can run.
  const checkKey = plan
    ? plan.moves
        .filter((m) => m.movesWith === undefined)
        .map((m) => `${m.vmId}>${m.targetHostId}`)
        .sort()
        .join(',')
    : '';
  const check = useQuery({
    queryKey: [...hostKeys.all, 'evacuation-check', ids, checkKey] as const,
    queryFn: ({ signal }) =>
      plan
        ? engineRefusals(plan, (vmIds) => client.hostMigrationTargetsOf(vmIds, { signal }), {
            aborted: () => signal.aborted,
          })
        : Promise.resolve<EngineRefusals>({}),
    enabled: plan !== undefined && input?.rules !== undefined && op === undefined,
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
  const fresh = useMemo(() => newRefusals(check.data ?? {}, refused), [check.data, refused]);
  const hasFresh = Object.keys(fresh).length > 0;
  // Adjusting state while rendering (React's pattern for state derived from new data): the
  // planner re-plans around the destinations the engine just refused, then that plan is checked.
  if (hasFresh) {
    setRefused(withRefusals(refused, fresh));
  }
  const checking = input?.rules !== undefined && (check.isFetching || check.isPending || hasFresh);

  const hostNames = useMemo(
    () => new Map((fleetQuery.data?.hosts ?? []).map((h) => [h.id, h.name])),
    [fleetQuery.data],
  );

  const setTarget = useCallback(
    (vmId: string, hostId: string) => {
      if (!plan) return;
      // VMs that enforcing positive affinity keeps together follow the one the admin moved.
      const move = plan.moves.find((m) => m.vmId === vmId);
      const leader = plan.moves.find((m) => m.vmId === (move?.movesWith ?? vmId));
      const unit = [leader?.vmId ?? vmId, ...(leader?.closure ?? [])];
      const next = assignmentOf(plan);
      for (const id of unit.includes(vmId) ? unit : [vmId]) next[id] = hostId;
      setAssignment(next);
    },
    [plan],
  );
  const replanOthers = useCallback(() => {
    if (!input || !plan || !original) return;
    const fixed: Record<string, string> = {};
    for (const m of plan.moves) if (m.overridden) fixed[m.vmId] = m.targetHostId;
    const next = planEvacuation(input, { fixed, refused });
    setAssignment(assignmentOf(next));
  }, [input, plan, original, refused]);
  const resetTargets = useCallback(() => {
    setAssignment(undefined);
  }, []);
  const refreshFleet = useCallback(() => {
    setAssignment(undefined);
    setRefused({});
    void fleetQuery.refetch();
  }, [fleetQuery]);

  const runPlan = useCallback(() => {
    if (!plan || !fleetQuery.data || !plan.valid || checking) return;
    // The cluster requires a reason: WebAdmin does not confirm without one, nor do we.
    if (reasonRequired && reason.trim() === '') return;
    const sources = fleetQuery.data.sources
      .filter((h) => h.status !== 'maintenance')
      .map((h) => ({ id: h.id, name: h.name }));
    const id = runner.startEvacuation(plan, sources, hostNames, reason.trim());
    const hash = new URLSearchParams({ ids: ids.join(','), op: id });
    window.location.hash = hash.toString();
  }, [plan, fleetQuery.data, runner, hostNames, ids, reason, reasonRequired, checking]);

  const cancelRun = useCallback(() => {
    if (op) runner.cancelEvacuation(op.id);
  }, [runner, op]);

  const choicesFor = useCallback(
    (vmId: string) => (input ? targetChoices(input, vmId) : []),
    [input],
  );

  let phase: MaintenancePhase;
  if (ids.length === 0) phase = 'no-ids';
  else if (op) phase = 'run';
  else if (fleetQuery.isError) phase = 'error';
  else if (!plan) phase = 'loading';
  else phase = 'plan';

  return {
    data: {
      phase,
      ids,
      error: fleetQuery.error,
      fleet: fleetQuery.data,
      input,
      plan,
      hostNames,
      op,
      concurrency: config.evacuationConcurrency,
      refreshing: fleetQuery.isFetching,
      reason,
      reasonRequired,
      checking,
    },
    actions: {
      choicesFor,
      setTarget,
      replanOthers,
      resetTargets,
      refreshFleet,
      runPlan,
      cancelRun,
      closeDialog: () => {
        closeDialog(DIALOG_TOKENS.hostMaintenance);
      },
      setReason,
    },
  };
}
