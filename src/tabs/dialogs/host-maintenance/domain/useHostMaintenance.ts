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
  return {
    sources,
    hosts: inClusters,
    vms: vms.filter((v) => v.host && sourceIds.has(v.host.id)),
    reasonRequired: clusters.some((c) => c.maintenanceReasonRequired),
  };
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
            fleetQuery.data.vms,
          )
        : undefined,
    [fleetQuery.data],
  );
  const planned = useMemo(() => (input ? planEvacuation(input) : undefined), [input]);
  const original = useMemo(() => (planned ? assignmentOf(planned) : undefined), [planned]);
  const plan = useMemo(() => {
    if (!input || !planned) return undefined;
    return assignment ? validatePlan(input, assignment, original) : planned;
  }, [input, planned, assignment, original]);

  const hostNames = useMemo(
    () => new Map((fleetQuery.data?.hosts ?? []).map((h) => [h.id, h.name])),
    [fleetQuery.data],
  );

  const setTarget = useCallback(
    (vmId: string, hostId: string) => {
      if (!plan) return;
      setAssignment({ ...assignmentOf(plan), [vmId]: hostId });
    },
    [plan],
  );
  const replanOthers = useCallback(() => {
    if (!input || !plan || !original) return;
    const fixed: Record<string, string> = {};
    for (const m of plan.moves) if (m.overridden) fixed[m.vmId] = m.targetHostId;
    const next = planEvacuation(input, { fixed });
    setAssignment(assignmentOf(next));
  }, [input, plan, original]);
  const resetTargets = useCallback(() => {
    setAssignment(undefined);
  }, []);
  const refreshFleet = useCallback(() => {
    setAssignment(undefined);
    void fleetQuery.refetch();
  }, [fleetQuery]);

  const runPlan = useCallback(() => {
    if (!plan || !fleetQuery.data || !plan.valid) return;
    // The cluster requires a reason: WebAdmin does not confirm without one, nor do we.
    if (reasonRequired && reason.trim() === '') return;
    const sources = fleetQuery.data.sources
      .filter((h) => h.status !== 'maintenance')
      .map((h) => ({ id: h.id, name: h.name }));
    const id = runner.startEvacuation(plan, sources, hostNames, reason.trim());
    const hash = new URLSearchParams({ ids: ids.join(','), op: id });
    window.location.hash = hash.toString();
  }, [plan, fleetQuery.data, runner, hostNames, ids, reason, reasonRequired]);

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
