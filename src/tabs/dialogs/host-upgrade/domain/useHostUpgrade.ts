/**
 * `host-upgrade.html`: check for upgrade (`#mode=check`) and rolling upgrade of the selected
 * hosts (`#ids=…`) or of every host of a cluster that has updates (`#cluster=<id>`).
 *
 * Upgrade: reads the hosts, previews each host's evacuation with the planner against the cluster
 * as it is now (the runner plans again just before each host starts), lists the hosts that will
 * not be upgraded and why, then starts the `host-upgrade` operation; its id goes into the hash so
 * a reloaded dialog shows, and resumes, the same run.
 *
 * Check: sends `upgradecheck` to each host once and follows the engine's events for it (the
 * engine answers at once and reports the result later), then reads `update_available`.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { closeDialog } from '../../../../plugin-api/pluginApi';
import { DIALOG_TOKENS } from '../../../../plugin-api/pages';
import { useMessages } from '../../../../messages/catalogue';
import type { HostsMessageKey } from '../../../../messages/hosts';
import { planEvacuation } from '../../../../operations/evacuationPlanner';
import { LEASE_MS } from '../../../../operations/lease';
import { operationsStore, type OperationRecord } from '../../../../operations/operationsStore';
import { createRunnerDeps } from '../../../../operations/runners';
import { createUpgradeDeps } from '../../../../operations/upgradeDeps';
import { errorText } from '../../../../operations/runnerKit';
import {
  cancelUpgrade,
  createUpgrade,
  driveUpgrade,
  resumeUpgrades,
  type UpgradeHostRef,
} from '../../../../operations/upgradeRunner';
import type { UpgradeHostState, UpgradePort } from '../../../../operations/upgradePort';
import { useHostOperationRunner } from '../../../hosts/domain/useHostOperationRunner';
import { usePage } from '../../../shared/pageContext';
import { hostKeys } from '../../../shared/queryKeys';
import { useOperations } from '../../../shared/operations/useOperations';
import { splitIds, useHashParams } from '../../../shared/useHashParams';

export interface UpgradeCandidate extends UpgradeHostState {
  /** Why this host will not be upgraded; undefined = it will. */
  skip?: string;
  /** The planner's preview: VMs to move and where, or a reason it cannot. */
  plan?: { moves: number; targets: string[]; blocked?: string };
}

export type CheckResult =
  { state: 'checking' } | { state: 'found' | 'none' } | { state: 'failed'; reason: string };

export interface HostUpgradeModel {
  data: {
    mode: 'check' | 'upgrade';
    ids: string[];
    clusterId: string | undefined;
    hosts: UpgradeCandidate[] | undefined;
    clusterMode: boolean;
    concurrency: number;
    isLoading: boolean;
    error: unknown;
    op: OperationRecord | undefined;
    checks: Record<string, CheckResult>;
    /** *Reboot host after upgrade*: the engine's default (and WebAdmin's) is to reboot. */
    reboot: boolean;
  };
  actions: {
    run: () => void;
    setReboot: (reboot: boolean) => void;
    /** Switches to every host of this cluster that has updates (`#cluster=`). */
    wholeCluster: (clusterId: string) => void;
    runCheck: () => void;
    upgradeFound: () => void;
    cancelRun: () => void;
    retryLoad: () => void;
    closeDialog: () => void;
  };
}

/** The engine's events that end a check (HOST_AVAILABLE_UPDATES_FINISHED / _FAILED / …). */
const CHECK_END = /^Check for available updates on host .* was completed|^Failed to check/;

async function loadHosts(
  port: UpgradePort,
  client: ReturnType<typeof usePage>['client'],
  ids: readonly string[],
  clusterId: string | undefined,
  signal: AbortSignal,
): Promise<UpgradeHostState[]> {
  if (clusterId === undefined) return port.readHosts(ids, signal);
  const cluster = await client.clusterGet(clusterId, { signal });
  const hosts = await client.hostList({ search: `cluster=${cluster.name}`, signal });
  const inCluster = hosts.filter((h) => h.cluster?.id === clusterId && h.updateAvailable);
  return port.readHosts(
    inCluster.map((h) => h.id),
    signal,
  );
}

export function useHostUpgrade(): HostUpgradeModel {
  const { client, config } = usePage();
  const { t } = useMessages();
  const params = useHashParams();
  const ids = useMemo(() => splitIds(params.ids ?? params.id), [params.ids, params.id]);
  const clusterId = params.cluster;
  const mode = params.mode === 'check' ? 'check' : 'upgrade';
  const ops = useOperations();
  const op = params.op !== undefined ? ops.find((o) => o.id === params.op) : undefined;
  // Mounted for its resume of the evacuations and activations each host's upgrade creates.
  useHostOperationRunner();
  const deps = useMemo(
    () =>
      createUpgradeDeps(
        createRunnerDeps({ client, config, t, storage: window.sessionStorage }),
        client,
        config,
      ),
    [client, config, t],
  );
  const depsRef = useRef(deps);
  useEffect(() => {
    depsRef.current = deps;
  }, [deps]);
  useEffect(() => {
    const controller = new AbortController();
    const resume = (): void => {
      resumeUpgrades(depsRef.current, controller.signal);
    };
    resume();
    const timer = window.setInterval(resume, LEASE_MS);
    return () => {
      window.clearInterval(timer);
      controller.abort();
    };
  }, []);

  const query = useQuery({
    queryKey: [...hostKeys.all, 'upgrade', mode, ids, clusterId] as const,
    queryFn: async ({ signal }) => {
      const port = deps.port;
      const [hosts, clusterMode] = await Promise.all([
        loadHosts(port, client, ids, clusterId, signal),
        mode === 'upgrade' ? port.clusterModeSupported(signal).catch(() => false) : false,
      ]);
      // Host lists name their cluster by id only: the record and steps want its name.
      const clusterNames = new Map<string, string>();
      for (const cid of new Set(hosts.map((h) => h.clusterId))) {
        if (cid !== undefined)
          clusterNames.set(cid, (await client.clusterGet(cid, { signal })).name);
      }
      for (const h of hosts) {
        const name = h.clusterId !== undefined ? clusterNames.get(h.clusterId) : undefined;
        if (h.clusterName === undefined && name !== undefined) h.clusterName = name;
      }
      const statusText = (s: string): string => t(`hosts.status.${s}` as HostsMessageKey);
      const out: UpgradeCandidate[] = [];
      for (const h of hosts) {
        if (mode === 'check') {
          out.push(h);
          continue;
        }
        if (h.status !== 'up' && h.status !== 'maintenance') {
          out.push({ ...h, skip: t('hosts.upgrade.badStatus', { status: statusText(h.status) }) });
          continue;
        }
        if (!h.updateAvailable) {
          out.push({ ...h, skip: t('hosts.upgrade.noUpdates') });
          continue;
        }
        if (h.status === 'maintenance') {
          out.push({ ...h, plan: { moves: 0, targets: [] } });
          continue;
        }
        const input = await port.planInput(h, signal);
        const plan = planEvacuation(input);
        const names = new Map(input.hosts.map((x) => [x.id, x.name]));
        const targets = [...new Set(plan.moves.map((m) => names.get(m.targetHostId) ?? ''))];
        out.push({
          ...h,
          plan: {
            moves: plan.moves.length,
            targets,
            ...(plan.blockers.length > 0
              ? {
                  blocked: t('hosts.upgrade.cannotEvacuate', {
                    reasons: plan.blockers.map((b) => b.vmName).join(', '),
                  }),
                }
              : {}),
          },
        });
      }
      return { hosts: out, clusterMode };
    },
    enabled: (ids.length > 0 || clusterId !== undefined) && op === undefined,
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });

  const [checks, setChecks] = useState<Record<string, CheckResult>>({});
  const runCheck = useCallback(() => {
    const hosts = query.data?.hosts ?? [];
    const set = (id: string, r: CheckResult): void => {
      setChecks((prev) => ({ ...prev, [id]: r }));
    };
    for (const h of hosts) set(h.id, { state: 'checking' });
    void Promise.all(
      hosts.map(async (h) => {
        const correlationId = client.newCorrelationId();
        try {
          await deps.port.upgradeCheck(h.id, { correlationId });
        } catch (error) {
          set(h.id, { state: 'failed', reason: errorText(error) });
          return;
        }
        const deadline = Date.now() + 10 * 60_000;
        while (Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, Math.min(config.pollIntervalMs, 2000)));
          const events = await deps.port.events(correlationId).catch(() => []);
          const end = events.find((e) => CHECK_END.test(e.text));
          if (!end) continue;
          if (end.error || end.text.startsWith('Failed')) {
            set(h.id, { state: 'failed', reason: end.text });
            return;
          }
          const [after] = await deps.port.readHosts([h.id]).catch(() => []);
          set(h.id, { state: after?.updateAvailable ? 'found' : 'none' });
          return;
        }
        set(h.id, {
          state: 'failed',
          reason: t('hosts.upgrade.timeout', { seconds: 600, status: '' }),
        });
      }),
    );
  }, [query.data, client, deps, config.pollIntervalMs, t]);

  const [reboot, setReboot] = useState(true);
  const run = useCallback(() => {
    const hosts = (query.data?.hosts ?? []).filter((h) => h.skip === undefined);
    if (hosts.length === 0) return;
    const refs: UpgradeHostRef[] = hosts.map((h) => ({
      id: h.id,
      name: h.name,
      clusterId: h.clusterId ?? '',
      clusterName: h.clusterName ?? '',
    }));
    const id = createUpgrade(depsRef.current, refs, Date.now(), { reboot });
    void driveUpgrade(depsRef.current, id);
    window.location.hash = new URLSearchParams({
      ids: hosts.map((h) => h.id).join(','),
      op: id,
    }).toString();
  }, [query.data, reboot]);

  const upgradeFound = useCallback(() => {
    const found = Object.entries(checks)
      .filter(([, r]) => r.state === 'found')
      .map(([id]) => id);
    window.location.hash = new URLSearchParams({ ids: found.join(',') }).toString();
  }, [checks]);

  return {
    data: {
      mode,
      ids,
      clusterId,
      hosts: query.data?.hosts,
      clusterMode: query.data?.clusterMode ?? false,
      concurrency: config.upgradeConcurrency,
      isLoading: query.isPending,
      error: query.error,
      op,
      checks,
      reboot,
    },
    actions: {
      run,
      setReboot,
      wholeCluster: (id: string) => {
        window.location.hash = new URLSearchParams({ cluster: id }).toString();
      },
      runCheck,
      upgradeFound,
      cancelRun: () => {
        if (op) cancelUpgrade(operationsStore, window.sessionStorage, deps.t, op.id);
      },
      retryLoad: () => {
        void query.refetch();
      },
      closeDialog: () => {
        closeDialog(DIALOG_TOKENS.hostUpgrade);
      },
    },
  };
}
