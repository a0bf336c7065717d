/**
 * Drives a bulk VM operation from the operations record: sends each pending item at most once,
 * with bounded concurrency, then tracks it to its target status, writing every step to the record.
 *
 * Rules that make "never twice" hold across retries, reloads and double clicks:
 * - An item goes pending → sent in one synchronous read-check-write of the record, and
 *   `actionSentAt` is persisted BEFORE the request leaves. A page that finds `actionSentAt` set
 *   only tracks, it never sends.
 * - Only the page holding the operation's lease drives it (see lease.ts).
 * - Right before sending, the VM's current status is re-read and the action re-checked, so a VM
 *   that got there by itself (or through another path) is skipped, not sent to.
 */
import { defaultSleep, errorText } from './runnerKit';
import {
  isItemFinished,
  settledState,
  type OperationItem,
  type OperationRecord,
  type OperationsStore,
} from './operationsStore';
import { PAGE_ID, createOperationDriver, releaseLease, tryAcquireLease } from './lease';
import { readMeta, writeMeta, type OperationMeta } from './operationMeta';
import {
  operationKindOf,
  vmActionApplies,
  vmActionTarget,
  vmActionTransitional,
  type SkipReason,
  type VmAction,
} from './vmActions';
import type { VmOpsPort, VmState } from './vmOpsPort';
import { isDefinitiveRejection } from '../rest/bulk';
import { UNCONFIRMED_AFTER_MS, trackerFor } from './vmTracker';
import { cancelledMigration, readCancelMarks, type CancelMark } from './migrationCancel';
import type { VmsMessageKey } from '../messages/vms';

export type Translate = (key: VmsMessageKey, params?: Record<string, string | number>) => string;

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface RunnerDeps {
  store: OperationsStore;
  port: VmOpsPort;
  storage: StorageLike;
  t: Translate;
  /** Requests in flight (`bulkConcurrency`): a slot frees as soon as the engine answers. */
  concurrency: number;
  /** VMs sent and not yet at their target (`maxVmsInTransition`): the boot-storm guard. */
  maxInTransition?: number;
  /** Tracking interval while items are in transition (the page's tracker polls at this pace). */
  pollMs: number;
  /** Defaults to `UNCONFIRMED_AFTER_MS`; tests with a fast clock shorten it. */
  unconfirmedAfterMs?: number;
  /** Per action, how long an item may take from sent to target. */
  timeoutMs: (action: VmAction) => number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export function vmActionOf(kind: OperationRecord['kind']): VmAction | undefined {
  switch (kind) {
    case 'vm-start':
      return 'start';
    case 'vm-shutdown':
      return 'shutdown';
    case 'vm-stop':
      return 'stop';
    case 'vm-reboot':
      return 'reboot';
    case 'vm-suspend':
      return 'suspend';
    case 'vm-migrate':
      return 'migrate';
    default:
      return undefined;
  }
}

function randomHex(n: number): string {
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Engine correlation ids allow `[0-9a-zA-Z_-]{1,36}`; item ids extend the operation's. */
export function newCorrelationId(): string {
  return `oc${randomHex(8)}`;
}

export function skipText(t: Translate, reason: SkipReason, status: string): string {
  return reason === 'busy'
    ? t('vms.skip.busy', { status: t(`vms.status.${status}` as VmsMessageKey) })
    : t(`vms.skip.${reason}`);
}

export interface VmToAct {
  id: string;
  name: string;
  status: string;
  hostId?: string;
  /** When known: the engine refuses some actions by origin (checked again before sending). */
  origin?: string;
  /** A refusal the engine states up front, decided by the caller (e.g. migrateChecks.ts). */
  skip?: SkipReason;
}

/**
 * Creates the record (pending for what will be sent, skipped with the reason for the rest).
 * Returns the operation id; call `driveOperation` to run it.
 */
export function createVmOperation(
  deps: Pick<RunnerDeps, 'store' | 'storage' | 't'>,
  action: VmAction,
  vms: readonly VmToAct[],
  options: {
    hostId?: string;
    hostName?: string;
    reason?: string;
    title: string;
    now?: number;
    /**
     * Migrate with the affinity closure: leader id → the VMs the engine moves with it (see
     * affinityClosure.ts). They get items of their own, tracked to the end, never sent.
     */
    closure?: ReadonlyMap<string, readonly VmToAct[]>;
  },
): string {
  const id = crypto.randomUUID();
  const correlationId = newCorrelationId();
  const seen = new Set<string>();
  const items: OperationItem[] = [];
  const meta: OperationMeta = { fromHost: {}, fromStatus: {} };
  if (options.hostId !== undefined) meta.hostId = options.hostId;
  if (options.hostName !== undefined) meta.hostName = options.hostName;
  const reason = options.reason?.trim();
  if (reason && (action === 'shutdown' || action === 'stop')) meta.reason = reason;
  const now = options.now ?? Date.now();
  for (const vm of vms) {
    if (seen.has(vm.id)) continue;
    seen.add(vm.id);
    let applies = vmActionApplies(action, vm.status, vm.origin);
    if (applies.applies && vm.skip !== undefined) applies = { applies: false, reason: vm.skip };
    meta.fromHost[vm.id] = vm.hostId;
    meta.fromStatus[vm.id] = vm.status;
    const item: OperationItem = {
      entity: 'vm',
      id: vm.id,
      name: vm.name,
      state: applies.applies ? 'pending' : 'skipped',
      target: vmActionTarget(action),
      correlationId: `${correlationId}-${items.length + 1}`,
    };
    if (!applies.applies) {
      item.detail = skipText(deps.t, applies.reason, vm.status);
      item.finishedAt = now;
    }
    items.push(item);
  }
  if (action === 'migrate' && options.closure) {
    const closure: Record<string, string[]> = {};
    for (const [leaderId, followers] of options.closure) {
      const leader = items.find((i) => i.id === leaderId);
      if (leader?.state !== 'pending') continue;
      const ids: string[] = [];
      for (const vm of followers) {
        if (seen.has(vm.id)) continue;
        seen.add(vm.id);
        ids.push(vm.id);
        meta.fromHost[vm.id] = vm.hostId;
        meta.fromStatus[vm.id] = vm.status;
        items.push({
          entity: 'vm',
          id: vm.id,
          name: vm.name,
          state: 'pending',
          target: vmActionTarget(action),
          correlationId: `${correlationId}-${items.length + 1}`,
        });
      }
      if (ids.length > 0) closure[leaderId] = ids;
    }
    meta.closure = closure;
  }
  writeMeta(deps.storage, id, meta);
  const record: OperationRecord = {
    id,
    kind: operationKindOf(action),
    title: options.title,
    correlationId,
    startedAt: now,
    state: 'running',
    items,
  };
  record.state = settledState(items);
  if (record.state !== 'running') record.finishedAt = now;
  deps.store.create(record);
  return id;
}

/** Marks every item not yet sent as cancelled; items already sent keep being tracked. */
export function cancelRest(store: OperationsStore, opId: string, now = Date.now()): void {
  const op = store.get(opId);
  if (!op) return;
  const items = op.items.map((i) =>
    i.state === 'pending' && i.actionSentAt === undefined
      ? { ...i, state: 'cancelled' as const, finishedAt: now }
      : i,
  );
  const state = settledState(items);
  store.update(opId, {
    items,
    state,
    ...(state !== 'running' ? { finishedAt: now } : {}),
  });
}

/**
 * Puts exactly the failed items back to pending, as a new attempt the user asked for. Their
 * previous `actionSentAt` is cleared on purpose: the engine refused or failed that attempt.
 * Returns how many items will be sent again.
 */
export function retryFailed(store: OperationsStore, opId: string): number {
  const op = store.get(opId);
  if (!op || op.state === 'running') return 0;
  let count = 0;
  const items = op.items.map((i): OperationItem => {
    if (i.state !== 'failed') return i;
    count++;
    const next: OperationItem = { ...i, state: 'pending', correlationId: `${i.correlationId}r` };
    delete next.actionSentAt;
    delete next.finishedAt;
    delete next.error;
    delete next.detail;
    delete next.progress;
    return next;
  });
  if (count > 0) {
    const next: OperationRecord = { ...op, items, state: 'running' };
    delete next.finishedAt;
    store.create(next);
  }
  return count;
}

interface Tracked {
  sentAt: number;
  moved: boolean;
  ticks: number;
  /** Resumed in state `sent`: the previous page may have died before the request left. */
  unconfirmed: boolean;
  /** When this page started following the item. */
  since: number;
  /** Why the send's outcome is unknown (no answer, or one we could not read). */
  sendError?: string;
}

export const DEFAULT_MAX_IN_TRANSITION = 50;
/** Failed pre-send reads in a row (each already retried by the client) before items fail. */
const PRE_SEND_READ_TRIES = 3;

/**
 * Runs (or resumes) one operation until every item is finished. Resolves immediately when another
 * page holds the lease. Within a page, `driveOperation` makes sure it runs once per operation.
 *
 * The scheduler has two limits: at most `concurrency` requests in flight (a slot frees when the
 * engine answers the POST), and at most `maxInTransition` VMs sent and not yet finished. Both are
 * recomputed whenever a send is answered or an item finishes, resumed ones included. Tracking is
 * separate: the page's tracker reads every tracked VM in batches each tick.
 */
async function drive(deps: RunnerDeps, opId: string, signal: AbortSignal): Promise<void> {
  const { store, port, storage, t } = deps;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  const first = store.get(opId);
  if (!first) return;
  const action = vmActionOf(first.kind);
  if (!action) return;
  if (!tryAcquireLease(storage, opId, PAGE_ID, now())) return;
  const meta = readMeta(storage, opId);
  const target = vmActionTarget(action);
  const transitional = vmActionTransitional(action);
  const tracked = new Map<string, Tracked>();
  const concurrency = Math.max(1, deps.concurrency);
  const maxInTransition = Math.max(1, deps.maxInTransition ?? DEFAULT_MAX_IN_TRANSITION);
  let inFlight = 0;

  // The scheduling loop sleeps until something frees a slot.
  let wake: () => void = () => undefined;
  const changed = (): void => {
    const w = wake;
    wake = () => undefined;
    w();
  };
  const nextChange = (): Promise<void> =>
    new Promise((resolve) => {
      wake = resolve;
    });
  signal.addEventListener('abort', changed, { once: true });

  const item = (id: string): OperationItem | undefined =>
    store.get(opId)?.items.find((i) => i.id === id);

  // Progress after the send is coalesced (one storage write per FLUSH_MS): losing it is safe,
  // a resumed page re-derives it from the engine.
  // A finished item says where the VM ended ("Down", "Up on host-04"), never the last status
  // seen on the way. The record settles as soon as its last item finishes, not after cleanup.
  const finalText = t(`vms.status.${target}` as VmsMessageKey);
  const finish = (id: string, patch: Partial<OperationItem>): void => {
    const final = patch.state === 'done' && patch.detail === undefined ? { detail: finalText } : {};
    store.deferItem(opId, id, { finishedAt: now(), ...final, ...patch });
    if (tracked.delete(id)) changed();
    const op = store.get(opId);
    if (op?.state === 'running' && settledState(op.items) !== 'running')
      store.update(opId, { state: settledState(op.items), finishedAt: now() });
  };

  const evaluate = async (
    vm: VmState | undefined,
    id: string,
    cancel: CancelMark | undefined,
  ): Promise<void> => {
    const tr = tracked.get(id);
    if (!tr) return;
    const it = item(id);
    if (!it) {
      // The record is gone (dismissed, or cleared by another page): nothing left to follow.
      if (tracked.delete(id)) changed();
      return;
    }
    tr.ticks++;
    if (!vm) {
      finish(id, { state: 'failed', error: t('vms.op.vanished') });
      return;
    }
    // A refused cancel: the migration ends as it does, with the engine's words for the refusal.
    const refused = cancel?.refused !== undefined ? { error: cancel.refused } : {};
    const from = meta.fromStatus[id];
    if (vm.status !== from) tr.moved = true;
    // The admin cancelled this migration (migrationCancel.ts) and the VM is up where it was.
    if (action === 'migrate' && cancelledMigration(cancel, vm, meta.fromHost[id], tr.moved)) {
      finish(id, {
        state: 'cancelled',
        detail: t('vms.migrate.onHost', { host: vm.hostName ?? vm.hostId ?? '' }),
      });
      return;
    }
    const hostChanged =
      meta.fromHost[id] !== undefined && vm.hostId !== undefined && vm.hostId !== meta.fromHost[id];
    let reached = vm.status === target;
    if (action === 'migrate') {
      reached =
        vm.status === 'up' && (meta.hostId !== undefined ? vm.hostId === meta.hostId : hostChanged);
    } else if (action === 'reboot') {
      reached = vm.status === 'up' && tr.moved;
    }
    if (reached) {
      const detail =
        action === 'migrate'
          ? t('vms.migrate.onHost', { host: vm.hostName ?? vm.hostId ?? '' })
          : undefined;
      finish(id, { state: 'done', progress: 100, ...(detail ? { detail } : {}), ...refused });
      return;
    }
    const statusText = t(`vms.status.${vm.status}` as VmsMessageKey);
    if (vm.status === 'migrating') {
      store.deferItem(opId, id, {
        state: 'in_progress',
        detail:
          vm.migrationProgress !== undefined
            ? t('vms.migrate.progress', { percent: Math.round(vm.migrationProgress) })
            : statusText,
        ...(vm.migrationProgress !== undefined ? { progress: vm.migrationProgress } : {}),
      });
    } else if (it.state !== 'in_progress' || it.detail !== statusText) {
      store.deferItem(opId, id, { state: 'in_progress', detail: statusText });
    }
    const returned = tr.moved && vm.status === from && action !== 'reboot' && action !== 'migrate';
    const unexpected =
      returned ||
      !transitional.has(vm.status) ||
      (action === 'migrate' && tr.moved && vm.status === 'up' && !hostChanged) ||
      (action === 'migrate' && vm.status === 'up' && meta.hostId !== undefined && hostChanged);
    const stale = !tr.moved && tr.ticks % 3 === 0;
    if (unexpected || stale) {
      const job = await port.jobOutcome(it.correlationId, signal).catch(() => undefined);
      if (job) tr.unconfirmed = false;
      if (action === 'reboot' && vm.status === 'up' && job?.status === 'finished') {
        // The reboot ran while this page could not read (unreachable engine, a reload): the VM
        // never looked moved, but the engine's job for it finished and the VM is up again.
        finish(id, { state: 'done', progress: 100 });
        return;
      }
      if (job?.status === 'failed') {
        finish(id, {
          state: 'failed',
          error: job.error ?? t('vms.op.unexpected', { status: statusText, target }),
        });
        return;
      }
      if (unexpected && (tr.moved || job?.status === 'finished')) {
        const error =
          action === 'migrate' && vm.status === 'up'
            ? t('vms.migrate.stayed', { host: vm.hostName ?? vm.hostId ?? '' })
            : t('vms.op.unexpected', {
                status: statusText,
                target: t(`vms.status.${target}` as VmsMessageKey),
              });
        finish(id, { state: 'failed', error: job?.error ?? error });
        return;
      }
      if (
        !job &&
        tr.unconfirmed &&
        tr.ticks >= 6 &&
        !tr.moved &&
        now() - tr.since >= (deps.unconfirmedAfterMs ?? UNCONFIRMED_AFTER_MS)
      ) {
        // Sent by a page that was closed mid-request, and the engine has no job for it.
        finish(id, { state: 'failed', error: tr.sendError ?? t('vms.op.unconfirmed') });
        return;
      }
    }
    if (now() - tr.sentAt > deps.timeoutMs(action)) {
      finish(id, {
        state: 'failed',
        error: t('vms.op.timeout', {
          target: t(`vms.status.${target}` as VmsMessageKey),
          seconds: Math.round(deps.timeoutMs(action) / 1000),
          status: statusText,
        }),
      });
    }
  };

  const untrack = trackerFor(port, { intervalMs: deps.pollMs, sleep: (ms) => sleep(ms) }).add({
    // A VM whose POST is still unanswered is not read yet: its state says nothing so far.
    ids: () => [...tracked].filter(([, tr]) => tr.sentAt > 0).map(([id]) => id),
    onRead: async (byId, asked) => {
      tryAcquireLease(storage, opId, PAGE_ID, now());
      const cancels = action === 'migrate' ? readCancelMarks(storage, opId) : {};
      for (const id of asked) await evaluate(byId.get(id), id, cancels[id]);
    },
  });

  // Resume: what was already sent is only tracked.
  for (const it of first.items) {
    if (!isItemFinished(it) && it.actionSentAt !== undefined) {
      tracked.set(it.id, {
        sentAt: it.actionSentAt,
        moved: false,
        ticks: 0,
        unconfirmed: it.state === 'sent',
        since: now(),
      });
    }
  }
  // Affinity closure: followers go out with their leader's request, never on their own (unless
  // their leader is finished and they were put back by a retry: then they are sent alone).
  const followersOf = (leaderId: string): string[] =>
    (meta.closure?.[leaderId] ?? []).filter((f) => {
      const it = item(f);
      return it?.state === 'pending' && it.actionSentAt === undefined;
    });
  const leaderOf = new Map<string, string>();
  for (const [leaderId, ids] of Object.entries(meta.closure ?? {}))
    for (const f of ids) leaderOf.set(f, leaderId);
  const waitsForLeader = (id: string): boolean => {
    const leaderId = leaderOf.get(id);
    if (leaderId === undefined) return false;
    const leader = item(leaderId);
    return leader?.state === 'pending' && leader.actionSentAt === undefined;
  };
  /** A leader that ends without being sent takes its followers with it. */
  const settleFollowers = (leaderId: string): void => {
    if (!meta.closure?.[leaderId]?.length) return;
    const leader = item(leaderId);
    if (!leader || !isItemFinished(leader)) return;
    for (const f of followersOf(leaderId)) {
      const state = leader.state === 'skipped' ? 'skipped' : leader.state;
      finish(f, {
        state,
        ...(leader.detail !== undefined ? { detail: leader.detail } : {}),
        ...(leader.error !== undefined ? { error: leader.error } : {}),
      });
    }
  };
  const queue = first.items
    .filter((i) => i.state === 'pending' && i.actionSentAt === undefined && !waitsForLeader(i.id))
    .map((i) => i.id);

  const send = async (id: string, followers: readonly string[]): Promise<void> => {
    const sent = item(id);
    try {
      await port.sendAction(id, action, {
        correlationId: sent?.correlationId ?? `${first.correlationId}-x`,
        ...(meta.hostId !== undefined ? { hostId: meta.hostId } : {}),
        ...(meta.reason !== undefined ? { reason: meta.reason } : {}),
        ...(followers.length > 0 ? { affinityClosure: true } : {}),
      });
      for (const f of [id, ...followers]) store.deferItem(opId, f, { state: 'in_progress' });
    } catch (error) {
      if (isDefinitiveRejection(error)) {
        // The engine refused before doing anything; only an explicit retry sends again.
        for (const f of [id, ...followers]) finish(f, { state: 'failed', error: errorText(error) });
        return;
      }
      // No answer, a 5xx or an unreadable one: the engine may have run it. Follow the VM (and the
      // correlation id's job) instead of recording a failure the engine may never have had.
      const tr = tracked.get(id);
      if (tr) {
        tr.unconfirmed = true;
        tr.sendError = errorText(error);
      }
      store.deferItem(opId, id, { state: 'in_progress' });
    } finally {
      for (const f of [id, ...followers]) {
        const tr = tracked.get(f);
        if (tr) tr.sentAt = now();
      }
    }
  };

  let storageRefused = false;
  let readFailures = 0;
  const aborted = (): boolean => signal.aborted;
  while (queue.length > 0 && !signal.aborted) {
    const free = Math.min(concurrency - inFlight, maxInTransition - tracked.size);
    if (free <= 0) {
      await nextChange();
      continue;
    }
    const batch = queue.splice(0, free);
    inFlight++;
    let current: Map<string, VmState>;
    try {
      // Right before sending, one batched read: a VM that got there by itself is skipped.
      current = new Map((await port.readVms(batch, signal)).map((v) => [v.id, v]));
      readFailures = 0;
    } catch (error) {
      // Nothing was sent: try the same items again after a pause, and give up on them (failed,
      // with the reason) only when the engine keeps failing.
      if (++readFailures < PRE_SEND_READ_TRIES) {
        queue.unshift(...batch);
        await sleep(deps.pollMs, signal);
      } else {
        readFailures = 0;
        for (const id of batch) {
          if (item(id)?.state === 'pending') {
            finish(id, { state: 'failed', error: errorText(error) });
            settleFollowers(id);
          }
        }
      }
      continue;
    } finally {
      inFlight--;
    }
    const toSend: string[] = [];
    let metaChanged = false;
    for (const id of batch) {
      const it = item(id);
      // Cancelled (or sent) from another page meanwhile.
      if (it?.state !== 'pending' || it.actionSentAt !== undefined) continue;
      const vm = current.get(id);
      if (!vm) {
        finish(id, { state: 'failed', error: t('vms.op.vanished') });
        continue;
      }
      const applies = vmActionApplies(action, vm.status, vm.origin);
      if (!applies.applies) {
        store.deferItem(opId, id, {
          state: 'skipped',
          detail: skipText(t, applies.reason, vm.status),
          finishedAt: now(),
        });
        continue;
      }
      if (meta.fromStatus[id] !== vm.status || meta.fromHost[id] !== vm.hostId) {
        meta.fromStatus[id] = vm.status;
        meta.fromHost[id] = vm.hostId;
        metaChanged = true;
      }
      toSend.push(id);
    }
    for (const id of batch) if (!toSend.includes(id)) settleFollowers(id);
    // A function, so the check is re-evaluated after the read's await.
    if (toSend.length === 0 || aborted()) continue;
    // Rewritten only when the engine's state differs from what the dialog saw (rarely): it
    // holds every VM of the operation.
    if (metaChanged) writeMeta(storage, opId, meta);
    // Fail closed: the mark that these items are being sent is stored, in one write, before any
    // of them leaves. A refused write sends nothing.
    // Followers are marked in the same write as their leader: they leave with its request.
    const closure = new Map(toSend.map((id) => [id, followersOf(id)]));
    const marked = store.markSending(opId, [...toSend, ...[...closure.values()].flat()], now());
    if (marked === undefined) {
      storageRefused = true;
      break;
    }
    const markedSet = new Set(marked);
    for (const id of marked) {
      tracked.set(id, { sentAt: 0, moved: false, ticks: 0, unconfirmed: false, since: now() });
    }
    for (const id of toSend) {
      if (!markedSet.has(id)) continue;
      inFlight++;
      const followers = (closure.get(id) ?? []).filter((f) => markedSet.has(f));
      void send(id, followers).finally(() => {
        inFlight--;
        changed();
      });
    }
  }

  if (storageRefused) {
    // Nothing more is sent; what was sent is still tracked below. The record says why, in this
    // page at least (the storage that refused cannot tell the others).
    const op = store.get(opId);
    store.update(opId, {
      stoppedReason: 'storage',
      items: (op?.items ?? []).map((i) =>
        i.state === 'pending' && i.actionSentAt === undefined
          ? { ...i, state: 'cancelled' as const, finishedAt: now() }
          : i,
      ),
    });
  }
  while ((tracked.size > 0 || inFlight > 0) && !signal.aborted) await nextChange();
  untrack();
  signal.removeEventListener('abort', changed);
  const final = store.get(opId);
  if (final && !signal.aborted && final.state === 'running') {
    const state = settledState(final.items);
    if (state !== 'running') store.update(opId, { state, finishedAt: now() });
  }
  store.flush();
  releaseLease(storage, opId, PAGE_ID);
}

const driver = createOperationDriver(drive, (op) => vmActionOf(op.kind) !== undefined);

/**
 * Runs or resumes the operation unless this page already does (double clicks, two hooks) or
 * another page holds its lease. Resolves when this page's run ends.
 */
export const driveOperation = driver.drive;

/**
 * On page load: pick up every unfinished VM operation nobody is driving (the page that ran it was
 * reloaded or closed). Items already sent are tracked from the engine, never sent again.
 */
export const resumeOperations = driver.resume;

export const isDrivenHere = driver.isDriven;
