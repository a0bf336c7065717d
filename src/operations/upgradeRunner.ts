/**
 * Rolling upgrade from the shared operations record: the hosts are upgraded one at a time (or
 * `concurrency` at a time), each through plan → evacuate + maintenance → upgrade (the engine
 * reboots the host) → back → activate, and the run stops at the first host that fails.
 *
 * Reuse, not copies: the evacuation and the activation of each host are operations of their own
 * (`host-evacuate`, `host-activate`), created and driven by their runners; this runner records
 * their ids in its meta and waits for them to settle. Only the upgrade POST is its own action.
 *
 * Never twice: the meta (phase, child operation ids, cluster mode) is stored BEFORE a child
 * operation is created or a cluster-mode request leaves, and the upgrade POST is claimed on the
 * host item (`markSending`) before it leaves; when the browser refuses either write, nothing more
 * is sent. A page that finds a phase recorded resumes it from the engine's state.
 *
 * On engines with the 4.5 cluster upgrade mode, the mode is started for each cluster before the
 * first host, its progress is updated after each host, and it is finished at the end, also when
 * the run failed or was cancelled.
 */
import { defaultSleep, errorText, runPool } from './runnerKit';
import { PAGE_ID, createOperationDriver, releaseLease, tryAcquireLease } from './lease';
import {
  isItemFinished,
  settledState,
  type OperationItem,
  type OperationRecord,
  type OperationStep,
  type OperationsStore,
} from './operationsStore';
import { newCorrelationId } from './vmBulkRunner';
import { isDefinitiveRejection } from '../rest/bulk';
import { planCheckedWithEngine } from './schedulingRulesFromEngine';
import { blockerText, createEvacuation } from './evacuationRecord';
import {
  driveEvacuation,
  type EvacuationDeps,
  type HostsTranslate,
  type StorageLike,
} from './evacuationRunner';
import { createActivation, driveActivation, type ActivationDeps } from './hostActivateRunner';
import type { UpgradeHostState, UpgradePort } from './upgradePort';
import type { HostsMessageKey } from '../messages/hosts';

export interface UpgradeDeps {
  store: OperationsStore;
  port: UpgradePort;
  storage: StorageLike;
  t: HostsTranslate;
  evacuation: EvacuationDeps;
  activation: ActivationDeps;
  /** Hosts upgraded at the same time (`upgradeConcurrency`). */
  concurrency: number;
  pollMs: number;
  /** How long a host may take from the upgrade POST until it is back. */
  timeoutMs: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Where one host is. Stored before each step starts. */
export type UpgradePhase = 'plan' | 'evacuate' | 'upgrade' | 'activate';

export interface UpgradeHostMeta {
  clusterId: string;
  clusterName: string;
  phase: UpgradePhase;
  /** Status before the run touched it: an `up` host is activated again, `maintenance` stays. */
  initial?: string;
  /** VDSM before the upgrade: a host back on another version has been upgraded. */
  versionBefore?: string;
  /** The host left maintenance for the install (seen `installing` / `reboot`). */
  seenInstall?: boolean;
  evacuationId?: string;
  activationId?: string;
}

/** `refused`: the engine refused to start the mode; this run never finishes it (not its own). */
export type ClusterModeState = 'pending' | 'started' | 'finished' | 'refused' | 'off';

export interface UpgradeMeta {
  hosts: Record<string, UpgradeHostMeta>;
  /** Cluster id → its upgrade mode in this run; empty until the engine's version is known. */
  clusters: Record<string, { name: string; state: ClusterModeState; error?: string }>;
  /** Set once the engine was asked whether it has the cluster upgrade mode. */
  clusterMode?: boolean;
  /**
   * The admin's *Reboot host after upgrade*, sent as `reboot` with every host's upgrade (a resumed
   * run sends the same). Absent in records written before the choice existed: nothing is sent,
   * and the engine reboots (its default).
   */
  reboot?: boolean;
}

const META_PREFIX = 'ops-center:operations:upgrade:';

export function readUpgradeMeta(storage: StorageLike, opId: string): UpgradeMeta | undefined {
  try {
    const parsed = JSON.parse(storage.getItem(META_PREFIX + opId) ?? 'null') as UpgradeMeta | null;
    if (parsed && typeof parsed === 'object' && typeof parsed.hosts === 'object') return parsed;
  } catch {
    // fall through
  }
  return undefined;
}

/** False when the browser refused: the caller then sends nothing (fail closed). */
function writeUpgradeMeta(storage: StorageLike, opId: string, meta: UpgradeMeta): boolean {
  try {
    storage.setItem(META_PREFIX + opId, JSON.stringify(meta));
    return true;
  } catch {
    return false;
  }
}

export interface UpgradeHostRef {
  id: string;
  name: string;
  clusterId: string;
  clusterName: string;
}

export interface UpgradeOptions {
  /** Reboot each host after its install; the engine's default (and WebAdmin's) is true. */
  reboot: boolean;
}

/** One `host` item per host, in the order given (the order they are upgraded in). */
export function createUpgrade(
  deps: Pick<UpgradeDeps, 'store' | 'storage' | 't'>,
  hosts: readonly UpgradeHostRef[],
  now = Date.now(),
  options: UpgradeOptions = { reboot: true },
): string {
  const { t } = deps;
  const id = crypto.randomUUID();
  const correlationId = newCorrelationId();
  const meta: UpgradeMeta = { hosts: {}, clusters: {}, reboot: options.reboot };
  const items: OperationItem[] = hosts.map((h, i) => {
    meta.hosts[h.id] = { clusterId: h.clusterId, clusterName: h.clusterName, phase: 'plan' };
    return {
      entity: 'host',
      id: h.id,
      name: h.name,
      state: 'pending',
      target: t('hosts.upgrade.target'),
      correlationId: `${correlationId}-${i + 1}`,
    };
  });
  if (!writeUpgradeMeta(deps.storage, id, meta)) throw new Error(t('hosts.upgrade.noStorage'));
  const record: OperationRecord = {
    id,
    kind: 'host-upgrade',
    title: t('hosts.upgrade.opTitle', { names: hosts.map((h) => h.name).join(', ') }),
    correlationId,
    startedAt: now,
    state: 'running',
    items,
    steps: [],
  };
  record.steps = deriveUpgradeSteps(record, meta, t);
  deps.store.create(record);
  return id;
}

const PHASES: readonly UpgradePhase[] = ['plan', 'evacuate', 'upgrade', 'activate'];

/** Per host: plan, evacuate + maintenance, upgrade + reboot, activate; cluster mode around. */
export function deriveUpgradeSteps(
  record: OperationRecord,
  meta: UpgradeMeta,
  t: HostsTranslate,
): OperationStep[] {
  const steps: OperationStep[] = [];
  const clusterStep = (which: 'start' | 'finish'): void => {
    for (const c of Object.values(meta.clusters)) {
      if (c.state === 'off') continue;
      if (c.state === 'refused') {
        steps.push({
          name: t(`hosts.upgrade.step.cluster.${which}`, { name: c.name }),
          state: which === 'start' ? 'failed' : 'skipped',
          ...(which === 'start' && c.error !== undefined ? { detail: c.error } : {}),
        });
        continue;
      }
      const done = which === 'start' ? c.state !== 'pending' : c.state === 'finished';
      steps.push({
        name: t(`hosts.upgrade.step.cluster.${which}`, { name: c.name }),
        state: c.error !== undefined && !done ? 'failed' : done ? 'done' : 'pending',
        ...(c.error !== undefined ? { detail: c.error } : {}),
      });
    }
  };
  clusterStep('start');
  for (const item of record.items) {
    const h = meta.hosts[item.id];
    const at = PHASES.indexOf(h?.phase ?? 'plan');
    PHASES.forEach((phase, i) => {
      if (phase === 'activate' && h?.initial === 'maintenance') return;
      let state: OperationStep['state'];
      if (item.state === 'done') state = 'done';
      else if (item.state === 'pending') state = i === 0 && at > 0 ? 'done' : 'pending';
      else if (i < at) state = 'done';
      else if (i > at) state = 'skipped';
      else if (item.state === 'failed') state = 'failed';
      else if (item.state === 'cancelled' || item.state === 'skipped') state = 'skipped';
      else state = 'running';
      if (item.state !== 'pending' && !isItemFinished(item) && i > at) state = 'pending';
      const detail = i === at ? (item.error ?? item.detail) : undefined;
      const key =
        phase === 'upgrade' && meta.reboot === false ? 'hosts.upgrade.step.upgradeNoReboot' : null;
      steps.push({
        name: t(key ?? `hosts.upgrade.step.${phase}`, { name: item.name }),
        state,
        ...(detail !== undefined ? { detail } : {}),
      });
    });
  }
  clusterStep('finish');
  return steps;
}

/** Marks hosts not started yet as cancelled; the host in progress finishes its upgrade. */
export function cancelUpgrade(
  store: OperationsStore,
  storage: StorageLike,
  t: HostsTranslate,
  opId: string,
  now = Date.now(),
): void {
  const op = store.get(opId);
  const meta = readUpgradeMeta(storage, opId);
  if (!op || !meta) return;
  const items = op.items.map((i): OperationItem =>
    i.state === 'pending'
      ? { ...i, state: 'cancelled', finishedAt: now, detail: t('hosts.upgrade.notStarted') }
      : i,
  );
  store.update(opId, { items, steps: deriveUpgradeSteps({ ...op, items }, meta, t) });
}

/** Host statuses on the way through an upgrade (the engine's install, then the reboot). */
const IN_UPGRADE: ReadonlySet<string> = new Set([
  'installing',
  'reboot',
  'non_responsive',
  'connecting',
  'initializing',
  'unassigned',
  'preparing_for_maintenance',
]);

async function drive(deps: UpgradeDeps, opId: string, signal: AbortSignal): Promise<void> {
  const { store, port, storage, t } = deps;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  const first = store.get(opId);
  if (first?.kind !== 'host-upgrade') return;
  if (!tryAcquireLease(storage, opId, PAGE_ID, now())) return;
  /**
   * The lease is renewed at every check, including the long waits for a host's evacuation or
   * reboot; a page that finds it taken by another (this one was starved past LEASE_MS) stops at
   * once, so two pages never drive the same run.
   */
  let lost = false;
  const aborted = (): boolean => {
    if (signal.aborted) return true;
    if (!lost && !tryAcquireLease(storage, opId, PAGE_ID, now())) lost = true;
    return lost;
  };
  const loaded = readUpgradeMeta(storage, opId);
  if (!loaded) {
    // Without its meta a run cannot know what was done: it stops and says so, sends nothing.
    store.update(opId, {
      state: 'failed',
      finishedAt: now(),
      items: first.items.map((i) =>
        isItemFinished(i) ? i : { ...i, state: 'failed', error: t('hosts.upgrade.lostMeta') },
      ),
    });
    releaseLease(storage, opId, PAGE_ID);
    return;
  }
  const meta: UpgradeMeta = loaded;
  let storageRefused = false;
  const refused = (): boolean => storageRefused;

  const item = (id: string): OperationItem | undefined =>
    store.get(opId)?.items.find((i) => i.id === id);
  const refreshSteps = (): void => {
    const rec = store.get(opId);
    if (rec) store.update(opId, { steps: deriveUpgradeSteps(rec, meta, t) });
    tryAcquireLease(storage, opId, PAGE_ID, now());
  };
  const patch = (id: string, p: Partial<OperationItem>): void => {
    store.updateItem(opId, id, p);
    refreshSteps();
  };
  const finish = (id: string, p: Partial<OperationItem>): void => {
    patch(id, { finishedAt: now(), ...p });
  };
  /** Stores the meta before what follows is sent; false (and the run stops) when refused. */
  const saveMeta = (): boolean => {
    if (storageRefused) return false;
    if (writeUpgradeMeta(storage, opId, meta)) {
      refreshSteps();
      return true;
    }
    storageRefused = true;
    store.update(opId, { stoppedReason: 'storage' });
    return false;
  };
  const statusText = (s: string): string => t(`hosts.status.${s}` as HostsMessageKey);
  const readHost = async (id: string): Promise<UpgradeHostState | undefined> => {
    for (;;) {
      if (aborted()) return undefined;
      try {
        return (await port.readHosts([id], signal))[0];
      } catch {
        await sleep(deps.pollMs, signal);
      }
    }
  };

  /** Waits until a child operation (evacuation, activation) is no longer running. */
  const settled = async (childId: string): Promise<OperationRecord | undefined> => {
    for (;;) {
      if (aborted()) return undefined;
      const child = store.get(childId);
      if (!child || child.state !== 'running') return child;
      await sleep(deps.pollMs, signal);
    }
  };

  /** The child's own words for why it stopped: the first failed item's error or detail. */
  const childReason = (child: OperationRecord | undefined): string => {
    const bad = child?.items.find((i) => i.state === 'failed' || i.state === 'cancelled');
    return bad
      ? `${bad.name}: ${bad.error ?? bad.detail ?? statusText('unassigned')}`
      : t('hosts.upgrade.childGone');
  };

  // ---- cluster upgrade mode (4.5) --------------------------------------------------------

  const clusterIds = [...new Set(Object.values(meta.hosts).map((h) => h.clusterId))];
  if (meta.clusterMode === undefined) {
    const supported = await port.clusterModeSupported(signal).catch(() => false);
    if (aborted()) return;
    meta.clusterMode = supported;
    for (const cid of clusterIds) {
      const name = Object.values(meta.hosts).find((h) => h.clusterId === cid)?.clusterName ?? cid;
      meta.clusters[cid] = { name, state: supported ? 'pending' : 'off' };
    }
    saveMeta();
  }

  /** Every host in this cluster is finished (done, failed, skipped or cancelled). */
  const clusterSettled = (cid: string): boolean =>
    (store.get(opId)?.items ?? []).every(
      (i) => meta.hosts[i.id]?.clusterId !== cid || isItemFinished(i),
    );

  const clusterAction = async (
    cid: string,
    action: 'start' | 'finish',
  ): Promise<string | undefined> => {
    const c = meta.clusters[cid];
    if (!c) return undefined;
    // Recorded before the request leaves; a reload after this point does not send it again.
    const before = c.state;
    c.state = action === 'start' ? 'started' : 'finished';
    // Finishing only clears the engine's flag, so it is sent even when the write was refused.
    // A start that cannot be recorded is not sent, and not marked started either: the end of
    // the run would otherwise finish a mode it never started (maybe another admin's).
    if (!saveMeta() && action === 'start') {
      c.state = before;
      return t('hosts.upgrade.noStorage');
    }
    try {
      await port.clusterUpgrade(cid, action, { correlationId: first.correlationId });
      return undefined;
    } catch (error) {
      c.error = errorText(error);
      if (action === 'start') c.state = isDefinitiveRejection(error) ? 'finished' : 'started';
      saveMeta();
      return c.error;
    }
  };

  let stopped = false;
  /** Stops the run: hosts not started yet are skipped, with where the run stopped. */
  const stopAfter = (hostName: string): void => {
    stopped = true;
    const op = store.get(opId);
    if (!op) return;
    const items = op.items.map((i): OperationItem =>
      i.state === 'pending'
        ? {
            ...i,
            state: 'skipped',
            finishedAt: now(),
            detail: t('hosts.upgrade.stoppedAt', { name: hostName }),
          }
        : i,
    );
    store.update(opId, { items, steps: deriveUpgradeSteps({ ...op, items }, meta, t) });
  };

  /**
   * A refused start. The engine refuses `start` on a cluster already in upgrade mode. When the
   * mode carries this run's correlation id, it is this run's own earlier start (one that arrived
   * though its answer did not): the run goes on. Otherwise another run or tool holds the mode:
   * nothing is upgraded, the mode is left to its owner, and the hosts say why in the engine's words.
   */
  const startRefused = async (cid: string, error: string): Promise<boolean> => {
    const c = meta.clusters[cid];
    if (!c) return true;
    const mode = await port.clusterUpgradeState(cid, signal).catch(() => undefined);
    if (aborted()) return true;
    if (mode?.inProgress === true && mode.correlationId === first.correlationId) {
      c.state = 'started';
      delete c.error;
      saveMeta();
      return false;
    }
    // Unknown (the cluster could not be read) after an answer that never came: the start may
    // have arrived, so the mode is finished at the end. Otherwise it is not this run's.
    if (mode !== undefined || c.state !== 'started') c.state = 'refused';
    saveMeta();
    const reason =
      mode?.inProgress === true
        ? t('hosts.upgrade.clusterBusy', {
            name: c.name,
            id: mode.correlationId ?? '',
            error,
          })
        : t('hosts.upgrade.clusterRefused', { error });
    const op = store.get(opId);
    for (const i of op?.items ?? []) {
      if (i.state !== 'pending') continue;
      if (meta.hosts[i.id]?.clusterId === cid) finish(i.id, { state: 'failed', error: reason });
    }
    // Stop at the first failure: the hosts of the other clusters are not started either.
    stopAfter(c.name);
    return true;
  };

  for (const cid of clusterIds) {
    const c = meta.clusters[cid];
    if (c?.state !== 'pending' || clusterSettled(cid)) continue;
    const error = await clusterAction(cid, 'start');
    if (aborted()) return;
    if (error !== undefined && (await startRefused(cid, error))) break;
    if (aborted()) return;
  }

  // ---- one host -------------------------------------------------------------------------

  const upgradeHost = async (id: string): Promise<void> => {
    if (stopped || storageRefused || aborted()) return;
    const it = item(id);
    const h = meta.hosts[id];
    if (!it || !h || isItemFinished(it)) return;
    const fail = (error: string): void => {
      finish(id, { state: 'failed', error });
      stopAfter(it.name);
    };

    // A function, not the property: TypeScript would narrow `h.phase` across the steps.
    const phase = (): UpgradePhase => h.phase;
    if (phase() === 'plan') {
      const host = await readHost(id);
      if (aborted()) return;
      if (!host) {
        fail(t('hosts.evac.vanished'));
        return;
      }
      if (host.status !== 'up' && host.status !== 'maintenance') {
        fail(t('hosts.upgrade.badStatus', { status: statusText(host.status) }));
        return;
      }
      if (!host.updateAvailable) {
        fail(t('hosts.upgrade.noUpdates'));
        return;
      }
      h.initial = host.status;
      if (host.version !== undefined) h.versionBefore = host.version;
      if (host.status === 'maintenance') {
        h.phase = 'upgrade';
        if (!saveMeta()) return;
      } else {
        patch(id, { state: 'in_progress', detail: t('hosts.upgrade.planning') });
        let input;
        try {
          input = await port.planInput(host, signal);
        } catch (error) {
          if (aborted()) return;
          fail(errorText(error));
          return;
        }
        if (aborted()) return;
        // With upgradeConcurrency > 1 the other hosts this run is taking out of service now are
        // no destination: the engine would refuse a migration to a host leaving for maintenance.
        input = {
          ...input,
          hosts: input.hosts.map((x) =>
            x.id !== id && inFlight.has(x.id) ? { ...x, status: 'preparing_for_maintenance' } : x,
          ),
        };
        // The rest of the cluster must hold every VM of this host, now, before anything moves,
        // by the scheduler's rules, and on destinations the engine itself offers.
        let plan;
        try {
          plan = await planCheckedWithEngine(input, (vmIds) => port.targetsOf(vmIds, signal), {
            aborted,
          });
        } catch (error) {
          if (aborted()) return;
          fail(errorText(error));
          return;
        }
        if (aborted()) return;
        if (plan.blockers.length > 0 || !plan.valid) {
          const reasons = plan.blockers.map(
            (b) => `${b.vmName}: ${blockerText(t, b, `${Math.round(b.memory / 2 ** 20)} MiB`)}`,
          );
          fail(
            t('hosts.upgrade.cannotEvacuate', {
              reasons: reasons.join('; ') || t('hosts.upgrade.planInvalid'),
            }),
          );
          return;
        }
        h.phase = 'evacuate';
        if (!saveMeta()) return;
        const names = new Map(input.hosts.map((x) => [x.id, x.name]));
        h.evacuationId = createEvacuation(
          { store, storage, t },
          plan,
          [{ id: host.id, name: host.name }],
          names,
        );
        if (!saveMeta()) return;
      }
    }

    if (phase() === 'evacuate') {
      // A reload between the phase and the child's id being stored: find the child by host.
      h.evacuationId ??= store
        .list()
        .find(
          (o) =>
            o.kind === 'host-evacuate' &&
            o.startedAt >= first.startedAt &&
            o.items.some((i) => i.entity === 'host' && i.id === id),
        )?.id;
      if (h.evacuationId === undefined) {
        const host = await readHost(id);
        if (aborted()) return;
        if (host?.status !== 'maintenance') {
          fail(t('hosts.upgrade.childGone'));
          return;
        }
      } else {
        patch(id, { state: 'in_progress', detail: t('hosts.upgrade.evacuating') });
        void driveEvacuation(deps.evacuation, h.evacuationId, signal);
        const child = await settled(h.evacuationId);
        if (aborted()) return;
        if (child?.state !== 'done') {
          const host = await readHost(id);
          if (aborted()) return;
          fail(
            t('hosts.upgrade.evacuationFailed', {
              reason: childReason(child),
              status: statusText(host?.status ?? 'unassigned'),
            }),
          );
          return;
        }
      }
      h.phase = 'upgrade';
      if (!saveMeta()) return;
    }

    if (phase() === 'upgrade') {
      let current = item(id);
      if (current?.actionSentAt === undefined) {
        const host = await readHost(id);
        if (aborted()) return;
        if (host?.status !== 'maintenance') {
          fail(
            t('hosts.upgrade.notInMaintenance', {
              status: statusText(host?.status ?? 'unassigned'),
            }),
          );
          return;
        }
        // Fail closed: the claim is stored before the request leaves. The item goes back to
        // pending and is claimed in the same synchronous turn (no other page runs in between),
        // because `markSending` claims only pending items that were never sent.
        store.updateItem(opId, id, { state: 'pending' });
        const marked = store.markSending(opId, [id], now());
        if (marked === undefined) {
          storageRefused = true;
          store.update(opId, { stoppedReason: 'storage' });
          fail(t('hosts.upgrade.noStorage'));
          return;
        }
        if (marked.length === 0) return;
        patch(id, { detail: t('hosts.upgrade.sending') });
        try {
          await port.upgrade(id, {
            correlationId: it.correlationId,
            ...(meta.reboot !== undefined ? { reboot: meta.reboot } : {}),
          });
        } catch (error) {
          if (isDefinitiveRejection(error)) {
            fail(errorText(error));
            return;
          }
          // No answer: the engine may have it. The host's status tells.
        }
        current = item(id);
      }
      const sentAt = current?.actionSentAt ?? now();
      for (;;) {
        if (aborted()) return;
        const host = await readHost(id);
        if (aborted()) return;
        if (!host) {
          fail(t('hosts.evac.vanished'));
          return;
        }
        if (host.status === 'install_failed') {
          const reasons = await port.errorEvents(it.correlationId, signal).catch(() => []);
          fail(
            t('hosts.upgrade.installFailed', {
              status: statusText(host.status),
              reason: reasons.at(-1) ?? statusText(host.status),
            }),
          );
          return;
        }
        const changed = h.versionBefore !== undefined && host.version !== h.versionBefore;
        if (IN_UPGRADE.has(host.status) && !h.seenInstall) {
          h.seenInstall = true;
          saveMeta();
        }
        if ((host.status === 'maintenance' || host.status === 'up') && (h.seenInstall || changed)) {
          break;
        }
        const detail = t('hosts.upgrade.upgrading', { status: statusText(host.status) });
        if (item(id)?.detail !== detail) patch(id, { state: 'in_progress', detail });
        if (now() - sentAt > deps.timeoutMs) {
          fail(
            t('hosts.upgrade.timeout', {
              seconds: Math.round(deps.timeoutMs / 1000),
              status: statusText(host.status),
            }),
          );
          return;
        }
        await sleep(deps.pollMs, signal);
      }
      h.phase = 'activate';
      if (!saveMeta()) return;
    }

    if (phase() === 'activate') {
      const host = await readHost(id);
      if (aborted()) return;
      const version = host?.version ?? '';
      if (h.initial === 'maintenance' || host?.status === 'up') {
        finish(id, {
          state: 'done',
          progress: 100,
          detail: t('hosts.upgrade.done', {
            status: statusText(host?.status ?? 'unassigned'),
            version,
          }),
        });
        return;
      }
      if (h.activationId === undefined) {
        if (!host || host.status !== 'maintenance') {
          fail(
            t('hosts.upgrade.notInMaintenance', {
              status: statusText(host?.status ?? 'unassigned'),
            }),
          );
          return;
        }
        h.activationId = createActivation({ store, t }, [host], now());
        if (!saveMeta()) return;
      }
      patch(id, { state: 'in_progress', detail: t('hosts.upgrade.activating') });
      void driveActivation(deps.activation, h.activationId, signal);
      const child = await settled(h.activationId);
      if (aborted()) return;
      if (child?.state !== 'done') {
        fail(t('hosts.upgrade.activationFailed', { reason: childReason(child) }));
        return;
      }
      const after = await readHost(id);
      finish(id, {
        state: 'done',
        progress: 100,
        detail: t('hosts.upgrade.done', {
          status: statusText(after?.status ?? 'up'),
          version: after?.version ?? version,
        }),
      });
    }
  };

  /** Hosts a slot is working on now (upgradeConcurrency > 1: several). */
  const inFlight = new Set<string>();
  const afterHost = async (id: string): Promise<void> => {
    inFlight.add(id);
    try {
      await upgradeHost(id);
    } finally {
      inFlight.delete(id);
    }
    if (aborted()) return;
    const cid = meta.hosts[id]?.clusterId;
    const c = cid !== undefined ? meta.clusters[cid] : undefined;
    if (!c || cid === undefined || c.state !== 'started') return;
    const inCluster = (store.get(opId)?.items ?? []).filter(
      (i) => meta.hosts[i.id]?.clusterId === cid,
    );
    const done = inCluster.filter((i) => i.state === 'done').length;
    if (!clusterSettled(cid) && item(id)?.state === 'done') {
      // Progress is informative: a lost update is corrected by the next one.
      await port
        .clusterUpgrade(cid, 'update_progress', {
          correlationId: first.correlationId,
          percent: (done / Math.max(1, inCluster.length)) * 100,
        })
        .catch(() => undefined);
    }
  };

  const order = first.items.filter((i) => !isItemFinished(i)).map((i) => i.id);
  // Hosts already under way come first so they hold their slots.
  order.sort((a, b) => Number(item(a)?.state === 'pending') - Number(item(b)?.state === 'pending'));
  await runPool(
    order.map((id) => () => afterHost(id)),
    deps.concurrency,
    () => aborted() || stopped || storageRefused,
  );
  if (aborted()) return;
  if (refused()) {
    const op = store.get(opId);
    for (const i of op?.items ?? []) {
      if (i.state === 'pending')
        finish(i.id, { state: 'cancelled', detail: t('hosts.upgrade.noStorage') });
    }
  }

  // The cluster upgrade mode is finished whatever happened (done, failed, stopped, cancelled).
  for (const cid of clusterIds) {
    if (meta.clusters[cid]?.state === 'started') {
      await clusterAction(cid, 'finish');
    }
  }

  const final = store.get(opId);
  if (final) {
    const state = settledState(final.items);
    store.update(opId, {
      steps: deriveUpgradeSteps(final, meta, t),
      ...(state !== 'running' ? { state, finishedAt: now() } : {}),
    });
  }
  releaseLease(storage, opId, PAGE_ID);
}

const driver = createOperationDriver(drive, (op) => op.kind === 'host-upgrade');

/** Runs or resumes the rolling upgrade unless this page already drives it or another page holds it. */
export const driveUpgrade = driver.drive;

/** On page load: pick up every unfinished rolling upgrade nobody drives. */
export const resumeUpgrades = driver.resume;

export const isUpgradeDrivenHere = driver.isDriven;
