/**
 * Runs an evacuation plan from the shared operations record: migrates every planned VM to its
 * target with at most `concurrency` migrations in flight, tracks each one until the VM is up on
 * its target, then puts each source host into maintenance ONLY when every VM that was on it
 * moved and nothing runs on it any more. A host with a blocker or a failed/cancelled migration
 * stays active, and its record item says why.
 *
 * It reuses the shared pieces (record store, lease, `VmOpsPort` for migrate/read/job outcome,
 * correlation ids) and adds only what VM bulk runs lack: a target per VM and the host phase.
 *
 * Never twice: an item goes pending → sent (with `actionSentAt`) in one synchronous
 * read-check-write BEFORE the request leaves; a page that finds `actionSentAt` set only tracks.
 * Run and resume are the same code path, driven by the record, so a reloaded page continues
 * exactly where the engine is.
 */
import { defaultSleep, errorText, runPool } from './runnerKit';
import { UNCONFIRMED_AFTER_MS, trackerFor } from './vmTracker';
import { cancelledMigration, readCancelMarks, type CancelMark } from './migrationCancel';
import { PAGE_ID, createOperationDriver, releaseLease, tryAcquireLease } from './lease';
import {
  isItemFinished,
  settledState,
  type OperationItem,
  type OperationRecord,
  type OperationStep,
  type OperationsStore,
} from './operationsStore';
import { isDefinitiveRejection } from '../rest/bulk';
import type { VmOpsPort, VmState } from './vmOpsPort';
import type { HostsMessageKey } from '../messages/hosts';
import type { VmsMessageKey } from '../messages/vms';
import type { HostOpsPort } from './hostOpsPort';

export type HostsTranslate = (
  key: HostsMessageKey | VmsMessageKey,
  params?: Record<string, string | number>,
) => string;

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface EvacuationDeps {
  store: OperationsStore;
  vmPort: VmOpsPort;
  hostPort: HostOpsPort;
  storage: StorageLike;
  t: HostsTranslate;
  concurrency: number;
  pollMs: number;
  migrationTimeoutMs: number;
  /** How long a host may take from deactivate to `maintenance`. */
  hostTimeoutMs: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** What the record cannot hold: each VM's source and target host ids, blockers per host. */
export interface EvacuationMeta {
  sources: Record<string, string>;
  targets: Record<string, string>;
  /** Host id → how many of its VMs the plan could not move. */
  blocked: Record<string, number>;
  /** VM ids migrated with the force flag (migration mode "manual only"). */
  force?: Record<string, boolean>;
  /** The maintenance reason the admin gave; sent with each deactivate. */
  reason?: string;
  /**
   * Enforcing positive affinity: VM id → the VMs the engine moves with it (sent once, with
   * `migrate_vms_in_affinity_closure`); the followers are never sent themselves, only tracked.
   */
  closure?: Record<string, string[]>;
  movesWith?: Record<string, string>;
}

const META_PREFIX = 'ops-center:operations:evacuation:';

export function readEvacuationMeta(storage: StorageLike, opId: string): EvacuationMeta | undefined {
  try {
    const parsed = JSON.parse(
      storage.getItem(META_PREFIX + opId) ?? 'null',
    ) as EvacuationMeta | null;
    if (parsed && typeof parsed === 'object' && typeof parsed.targets === 'object') return parsed;
  } catch {
    // fall through
  }
  return undefined;
}

export function writeEvacuationMeta(
  storage: StorageLike,
  opId: string,
  meta: EvacuationMeta,
): void {
  try {
    storage.setItem(META_PREFIX + opId, JSON.stringify(meta));
  } catch {
    // Without storage the run still works in this page; only a resume elsewhere cannot.
  }
}

export interface EvacuationHostRef {
  id: string;
  name: string;
}

function stepState(items: readonly OperationItem[]): OperationStep['state'] {
  if (items.length === 0) return 'skipped';
  if (items.some((i) => i.state === 'failed')) {
    return items.every(isItemFinished) ? 'failed' : 'running';
  }
  // Skipped VMs (blocked by the plan) are not in `items`: deriveSteps leaves them out.
  if (items.every((i) => i.state === 'done')) return 'done';
  if (items.every((i) => i.state === 'pending')) return 'pending';
  if (items.every(isItemFinished)) return 'skipped';
  return 'running';
}

/** The steps the drawer shows: migrate all, then one "maintenance" step per host. */
export function deriveSteps(record: OperationRecord, t: HostsTranslate): OperationStep[] {
  const vms = record.items.filter((i) => i.entity === 'vm' && i.state !== 'skipped');
  const hosts = record.items.filter((i) => i.entity === 'host');
  const steps: OperationStep[] = [
    {
      // Without hosts to put into maintenance (a cluster rebalance) the step is the record itself.
      name:
        hosts.length > 0
          ? t('hosts.evac.step.migrate', { names: hosts.map((h) => h.name).join(', ') })
          : record.title,
      state: stepState(vms),
    },
  ];
  for (const h of hosts) {
    const state: OperationStep['state'] =
      h.state === 'done'
        ? 'done'
        : h.state === 'failed'
          ? 'failed'
          : h.state === 'cancelled' || h.state === 'skipped'
            ? 'skipped'
            : h.state === 'pending'
              ? 'pending'
              : 'running';
    steps.push({
      name: t('hosts.evac.step.deactivate', { name: h.name }),
      state,
      ...(h.error !== undefined
        ? { detail: h.error }
        : h.detail !== undefined
          ? { detail: h.detail }
          : {}),
    });
  }
  return steps;
}

/** Marks every VM migration not yet sent, and every host not yet deactivated, as cancelled. */
export function cancelEvacuation(
  store: OperationsStore,
  t: HostsTranslate,
  opId: string,
  now = Date.now(),
): void {
  const op = store.get(opId);
  if (!op) return;
  const items = op.items.map((i): OperationItem => {
    if (i.state !== 'pending' || i.actionSentAt !== undefined) return i;
    return i.entity === 'host'
      ? {
          ...i,
          state: 'cancelled',
          finishedAt: now,
          detail: t('hosts.evac.stepSkipped.cancelled'),
        }
      : { ...i, state: 'cancelled', finishedAt: now, detail: t('hosts.evac.item.cancelled') };
  });
  const next = { ...op, items };
  const state = settledState(items);
  store.update(opId, {
    items,
    steps: deriveSteps(next, t),
    state,
    ...(state !== 'running' ? { finishedAt: now } : {}),
  });
}

/** Statuses in which a VM no longer needs a home (it left the host by other means). */
const VM_GONE_STATUSES = new Set(['down', 'suspended']);

async function drive(deps: EvacuationDeps, opId: string, signal: AbortSignal): Promise<void> {
  const { store, vmPort, hostPort, storage, t } = deps;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  // A function, not the property: TypeScript would narrow `signal.aborted` across awaits.
  const aborted = (): boolean => signal.aborted;
  const first = store.get(opId);
  if (first?.kind !== 'host-evacuate') return;
  if (!tryAcquireLease(storage, opId, PAGE_ID, now())) return;
  const meta = readEvacuationMeta(storage, opId) ?? { sources: {}, targets: {}, blocked: {} };

  const item = (id: string): OperationItem | undefined =>
    store.get(opId)?.items.find((i) => i.id === id);

  /** The drawer's steps follow every stored change (the record may be gone: dismissed). */
  const refreshSteps = (): void => {
    const rec = store.get(opId);
    if (rec) store.update(opId, { steps: deriveSteps(rec, t) });
  };

  const patch = (id: string, p: Partial<OperationItem>): void => {
    store.updateItem(opId, id, p);
    refreshSteps();
    tryAcquireLease(storage, opId, PAGE_ID, now());
  };

  const finish = (id: string, p: Partial<OperationItem>): void => {
    patch(id, { finishedAt: now(), ...p });
  };

  /** Set once the browser refused the pre-send mark: nothing more is sent by this run. */
  let storageRefused = false;

  /**
   * The browser would not store the pre-send mark: send nothing more. Every migration and host
   * not sent yet is cancelled, and the record says why (in this page: the storage that refused
   * cannot tell the others). What was already sent keeps being tracked.
   */
  const stopForStorage = (): void => {
    storageRefused = true;
    const op = store.get(opId);
    if (!op) return;
    const items = op.items.map((i): OperationItem => {
      if (i.state !== 'pending' || i.actionSentAt !== undefined) return i;
      return {
        ...i,
        state: 'cancelled',
        finishedAt: now(),
        detail:
          i.entity === 'host'
            ? t('hosts.evac.stepSkipped.cancelled')
            : t('hosts.evac.item.cancelled'),
      };
    });
    store.update(opId, {
      stoppedReason: 'storage',
      items,
      steps: deriveSteps({ ...op, items }, t),
    });
  };

  /**
   * pending → sent with `actionSentAt`, in one checked write stored BEFORE the request leaves.
   * False when it was cancelled or claimed elsewhere, or when the browser refused the write (then
   * the run stops sending).
   */
  const claim = (ids: readonly string[]): boolean => {
    if (storageRefused) return false;
    const marked = store.markSending(opId, ids, now());
    if (marked === undefined) {
      stopForStorage();
      return false;
    }
    if (marked.length === 0) return false;
    refreshSteps();
    tryAcquireLease(storage, opId, PAGE_ID, now());
    return true;
  };

  const statusText = (s: string): string => t(`vms.status.${s}` as VmsMessageKey);

  interface Watch {
    done: () => void;
    unconfirmed: boolean;
    sendError?: string;
    moved: boolean;
    ticks: number;
    since: number;
  }
  /** The VMs this run follows, each until it is up on its target or evidently failed. */
  const watching = new Map<string, Watch>();
  const tracker = trackerFor(vmPort, { intervalMs: deps.pollMs, sleep: (ms) => sleep(ms) });
  let untrack: (() => void) | undefined;

  const unwatch = (id: string): void => {
    const w = watching.get(id);
    watching.delete(id);
    w?.done();
    if (watching.size === 0) {
      untrack?.();
      untrack = undefined;
    }
  };

  const settleItem = (id: string, p: Partial<OperationItem>): void => {
    finish(id, p);
    unwatch(id);
  };

  /** One tracker tick's verdict on one followed VM (`vm` undefined: the engine has no such VM). */
  const evaluate = async (
    id: string,
    w: Watch,
    vm: VmState | undefined,
    cancel: CancelMark | undefined,
  ): Promise<void> => {
    const it = item(id);
    if (!it || isItemFinished(it)) {
      unwatch(id);
      return;
    }
    const target = meta.targets[id];
    const source = meta.sources[id];
    const sentAt = it.actionSentAt ?? now();
    w.ticks++;
    if (!vm) {
      settleItem(id, { state: 'failed', error: t('hosts.evac.vanished') });
      return;
    }
    const hostName = vm.hostName ?? vm.hostId ?? '';
    // A paused VM migrates as paused (the engine keeps its status).
    const settled = vm.status === 'up' || vm.status === 'paused';
    if (settled && vm.hostId !== undefined && vm.hostId !== source) {
      // Up on its target (or, if the engine chose otherwise, at least off the host). A cancel the
      // engine refused keeps its words (migrationCancel.ts).
      settleItem(id, {
        state: 'done',
        progress: 100,
        detail: t('hosts.evac.item.done', { host: hostName }),
        ...(cancel?.refused !== undefined ? { error: cancel.refused } : {}),
      });
      return;
    }
    if (vm.status === 'migrating') w.moved = true;
    // The admin cancelled this migration and the VM is up on the host being emptied.
    if (cancelledMigration(cancel, vm, source, w.moved)) {
      settleItem(id, { state: 'cancelled', detail: t('hosts.evac.item.done', { host: hostName }) });
      return;
    }
    if (vm.status === 'migrating') {
      const progress = vm.migrationProgress;
      // Progress is shown at once and stored with the next write: a resumed page reads it again.
      store.deferItem(opId, id, {
        state: 'in_progress',
        detail:
          progress !== undefined
            ? t('hosts.evac.item.in_progress', { percent: Math.round(progress) })
            : t('hosts.evac.item.migrating'),
        ...(progress !== undefined ? { progress } : {}),
      });
    } else if (VM_GONE_STATUSES.has(vm.status)) {
      settleItem(id, {
        state: 'failed',
        error: t('vms.op.unexpected', {
          status: statusText(vm.status),
          target: statusText('up'),
        }),
      });
      return;
    } else if (w.ticks % 2 === 0 || w.moved) {
      // Still on the source: ask the engine whether the migration failed, and why.
      const job = await vmPort.jobOutcome(it.correlationId, signal).catch(() => undefined);
      if (job?.status === 'failed' || (w.moved && job?.status === 'finished')) {
        settleItem(id, {
          state: 'failed',
          error:
            job.error ?? t('hosts.evac.stayed', { host: hostName, status: statusText(vm.status) }),
        });
        return;
      }
      if (w.moved && w.ticks > 3) {
        settleItem(id, {
          state: 'failed',
          error:
            job?.error ?? t('hosts.evac.stayed', { host: hostName, status: statusText(vm.status) }),
        });
        return;
      }
      if (
        w.unconfirmed &&
        !job &&
        !w.moved &&
        w.ticks >= 6 &&
        now() - w.since >= UNCONFIRMED_AFTER_MS
      ) {
        settleItem(id, { state: 'failed', error: w.sendError ?? t('hosts.evac.unconfirmed') });
        return;
      }
    }
    if (now() - sentAt > deps.migrationTimeoutMs) {
      settleItem(id, {
        state: 'failed',
        error: t('hosts.evac.timeout', {
          host: it.target ?? target ?? '',
          seconds: Math.round(deps.migrationTimeoutMs / 1000),
          status: statusText(vm.status),
        }),
      });
    }
  };

  /**
   * Follows one VM through the page's shared tracker (one batched read per tick for every VM any
   * operation follows) until it is up on its target, or the migration evidently failed; resolves
   * then, or when the run is aborted. `unconfirmed`: the request left (or may have) without an
   * answer from the engine, so only the engine's own trace tells whether it arrived; `sendError`
   * is what went wrong on the way.
   */
  const trackVm = (id: string, unconfirmed: boolean, sendError?: string): Promise<void> =>
    new Promise<void>((done) => {
      const it = item(id);
      if (aborted() || !it || isItemFinished(it)) {
        done();
        return;
      }
      watching.set(id, {
        done,
        unconfirmed,
        ...(sendError !== undefined ? { sendError } : {}),
        moved: false,
        ticks: 0,
        since: now(),
      });
      untrack ??= tracker.add({
        ids: () => [...watching.keys()],
        onRead: async (byId, asked) => {
          if (aborted()) return;
          tryAcquireLease(storage, opId, PAGE_ID, now());
          const cancels = readCancelMarks(storage, opId);
          for (const vmId of asked) {
            const w = watching.get(vmId);
            if (w) await evaluate(vmId, w, byId.get(vmId), cancels[vmId]);
          }
        },
      });
    });

  const stopTracking = (): void => {
    for (const id of [...watching.keys()]) unwatch(id);
  };
  signal.addEventListener('abort', stopTracking, { once: true });

  /** The VMs the engine moves with this one, when all of them still wait to be sent. */
  const closureOf = (id: string): string[] => {
    const followers = meta.closure?.[id] ?? [];
    return followers.every((f) => {
      const it = item(f);
      return it?.state === 'pending' && it.actionSentAt === undefined;
    })
      ? followers
      : [];
  };

  const migrateOne = async (id: string): Promise<void> => {
    // Sent by the VM it moves with (its task claims and tracks this one too).
    if (meta.movesWith?.[id] !== undefined) return;
    const target = meta.targets[id];
    if (target === undefined) {
      finish(id, { state: 'failed', error: t('hosts.evac.issue.unknown_target') });
      return;
    }
    const followers = closureOf(id);
    if (aborted() || !claim([id, ...followers])) return;
    const claimed = item(id);
    const all = [id, ...followers];
    try {
      await hostPort.vmMigrate(id, target, {
        correlationId: claimed?.correlationId ?? `${first.correlationId}-x`,
        ...(meta.force?.[id] ? { force: true } : {}),
        ...(followers.length > 0 ? { affinityClosure: true } : {}),
      });
    } catch (error) {
      if (isDefinitiveRejection(error)) {
        for (const x of all) finish(x, { state: 'failed', error: errorText(error) });
        return;
      }
      // No answer (the page going away, the network, a timeout, a 5xx): the engine may have
      // started the migration. Follow the VM and the job instead of recording a failure the
      // engine may never have had; the item stays `sent` so another page resumes it the same way.
      await Promise.all(all.map((x) => trackVm(x, true, errorText(error))));
      return;
    }
    for (const x of all) patch(x, { state: 'in_progress', detail: t('hosts.evac.item.sent') });
    await Promise.all(all.map((x) => trackVm(x, false)));
  };

  // Phase 1: migrations. Tasks already sent are only tracked; they come first so they hold
  // their slots, and no more than `concurrency` migrations are ever in flight.
  const tasks: (() => Promise<void>)[] = [
    ...first.items
      .filter((i) => i.entity === 'vm' && !isItemFinished(i) && i.actionSentAt !== undefined)
      .map((i) => () => trackVm(i.id, i.state === 'sent')),
    ...first.items
      .filter((i) => i.entity === 'vm' && i.state === 'pending' && i.actionSentAt === undefined)
      .map((i) => () => migrateOne(i.id)),
  ];
  await runPool(tasks, deps.concurrency, aborted);
  if (aborted()) return;

  // Phase 2: hosts, one after the other (the engine also serialises SPM handover).
  const hosts = (store.get(opId)?.items ?? []).filter((i) => i.entity === 'host');
  for (const h of hosts) {
    if (aborted()) return;
    await deactivateHost(h.id);
  }

  async function deactivateHost(id: string): Promise<void> {
    const h = item(id);
    if (!h || isItemFinished(h)) return;
    if (h.actionSentAt === undefined) {
      const vmItems = (store.get(opId)?.items ?? []).filter(
        (i) => i.entity === 'vm' && meta.sources[i.id] === id,
      );
      const failed = vmItems.filter((i) => i.state === 'failed').length;
      const cancelled = vmItems.filter((i) => i.state === 'cancelled').length;
      const blocked = meta.blocked[id] ?? 0;
      if (failed > 0) {
        finish(id, {
          state: 'failed',
          error: t('hosts.evac.stepSkipped.failed', { count: failed }),
        });
        return;
      }
      if (cancelled > 0) {
        finish(id, { state: 'cancelled', detail: t('hosts.evac.stepSkipped.cancelled') });
        return;
      }
      if (blocked > 0) {
        finish(id, {
          state: 'failed',
          error: t('hosts.evac.stepSkipped.blocked', { count: blocked }),
        });
        return;
      }
      // VMs started on the host while we migrated would be moved by the engine without a plan.
      let residents;
      try {
        residents = (await hostPort.residentVms(h.name, signal)).filter(
          (v) => !VM_GONE_STATUSES.has(v.status),
        );
      } catch (error) {
        if (aborted()) return;
        finish(id, { state: 'failed', error: errorText(error) });
        return;
      }
      if (residents.length > 0) {
        finish(id, {
          state: 'failed',
          error: t('hosts.evac.stepSkipped.blocked', { count: residents.length }),
        });
        return;
      }
      if (aborted() || !claim([id])) return;
      try {
        await hostPort.hostAction(id, 'deactivate', {
          correlationId: h.correlationId,
          ...(meta.reason ? { reason: meta.reason } : {}),
        });
      } catch (error) {
        if (isDefinitiveRejection(error)) {
          finish(id, { state: 'failed', error: errorText(error) });
          return;
        }
        // No answer: the host's status says whether the engine got it.
        await waitForHost(id, 'maintenance', deps.hostTimeoutMs, {
          unchanged: 'up',
          sendError: errorText(error),
        });
        return;
      }
      patch(id, { state: 'in_progress' });
    }
    const current = item(id);
    await waitForHost(
      id,
      'maintenance',
      deps.hostTimeoutMs,
      current?.state === 'sent' ? { unchanged: 'up' } : undefined,
    );
  }

  /**
   * `unconfirmed`: the deactivate got no answer, so a host still `unchanged` after a few polls
   * never received it; the item fails with `sendError` instead of waiting out the timeout.
   */
  async function waitForHost(
    id: string,
    wanted: string,
    timeoutMs: number,
    unconfirmed?: { unchanged: string; sendError?: string },
  ): Promise<void> {
    let ticks = 0;
    const waitSince = now();
    for (;;) {
      ticks++;
      if (aborted()) return;
      const h = item(id);
      if (!h || isItemFinished(h)) return;
      const sentAt = h.actionSentAt ?? now();
      try {
        const state = (await hostPort.readHosts([id], signal))[0];
        if (!state) {
          finish(id, { state: 'failed', error: t('hosts.evac.vanished') });
          return;
        }
        const text = t(`hosts.status.${state.status}` as HostsMessageKey);
        if (state.status === wanted) {
          finish(id, { state: 'done', progress: 100, detail: text });
          return;
        }
        if (unconfirmed && state.status !== unconfirmed.unchanged) unconfirmed = undefined;
        if (unconfirmed && ticks >= 6 && now() - waitSince >= UNCONFIRMED_AFTER_MS) {
          finish(id, {
            state: 'failed',
            error: unconfirmed.sendError ?? t('vms.op.unconfirmed'),
          });
          return;
        }
        if (unconfirmed === undefined && h.detail !== text) {
          patch(id, { state: 'in_progress', detail: text });
        }
        if (now() - sentAt > timeoutMs) {
          finish(id, {
            state: 'failed',
            error: t('hosts.evac.hostTimeout', {
              seconds: Math.round(timeoutMs / 1000),
              status: text,
            }),
          });
          return;
        }
      } catch {
        // Retried next tick.
      }
      await sleep(deps.pollMs, signal);
    }
  }

  const final = store.get(opId);
  if (final) {
    const state = settledState(final.items);
    store.update(opId, {
      steps: deriveSteps(final, t),
      ...(state !== 'running' ? { state, finishedAt: now() } : {}),
    });
  }
  releaseLease(storage, opId, PAGE_ID);
}

const driver = createOperationDriver(drive, (op) => op.kind === 'host-evacuate');

/** Runs or resumes the evacuation unless this page already drives it or another page holds it. */
export const driveEvacuation = driver.drive;

/** On page load: pick up every unfinished evacuation nobody drives (its page was reloaded). */
export const resumeEvacuations = driver.resume;

export const isEvacuationDrivenHere = driver.isDriven;
