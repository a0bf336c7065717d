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
} from './domain/vmActions';
import type { VmOpsPort, VmState } from './vmOpsPort';
import {
  ALREADY_SENT,
  isDefinitiveRejection,
  runBulk,
  type BulkItemResult,
  type BulkLedger,
} from '../../../rest/bulk';
import { FaultError } from '../../../rest/errors';
import type { VmsMessageKey } from '../../../messages/vms';

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
  concurrency: number;
  pollMs: number;
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
}

/**
 * Creates the record (pending for what will be sent, skipped with the reason for the rest).
 * Returns the operation id; call `driveOperation` to run it.
 */
export function createVmOperation(
  deps: Pick<RunnerDeps, 'store' | 'storage' | 't'>,
  action: VmAction,
  vms: readonly VmToAct[],
  options: { hostId?: string; hostName?: string; title: string; now?: number },
): string {
  const id = crypto.randomUUID();
  const correlationId = newCorrelationId();
  const seen = new Set<string>();
  const items: OperationItem[] = [];
  const meta: OperationMeta = { fromHost: {}, fromStatus: {} };
  if (options.hostId !== undefined) meta.hostId = options.hostId;
  if (options.hostName !== undefined) meta.hostName = options.hostName;
  const now = options.now ?? Date.now();
  for (const vm of vms) {
    if (seen.has(vm.id)) continue;
    seen.add(vm.id);
    const applies = vmActionApplies(action, vm.status);
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
  /** Why the send's outcome is unknown (no answer, or one we could not read). */
  sendError?: string;
  resolve: () => void;
}

const NOT_PENDING = 'ops-center:not-pending';

/** The engine's own words when it has them ("Cannot run VM. …"), else the error's message. */
function errorText(error: unknown): string {
  if (error instanceof FaultError) return error.detail ?? error.reason;
  return error instanceof Error ? error.message : String(error);
}

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * Runs (or resumes) one operation until every item is finished. Resolves immediately when another
 * page holds the lease. Within a page, `driveOperation` makes sure it runs once per operation.
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
  let stopped = false;

  const item = (id: string): OperationItem | undefined =>
    store.get(opId)?.items.find((i) => i.id === id);

  const finish = (id: string, patch: Partial<OperationItem>): void => {
    store.updateItem(opId, id, { finishedAt: now(), ...patch });
    const tr = tracked.get(id);
    tracked.delete(id);
    tr?.resolve();
  };

  const evaluate = async (vm: VmState | undefined, id: string): Promise<void> => {
    const tr = tracked.get(id);
    const it = item(id);
    if (!tr || !it) return;
    tr.ticks++;
    if (!vm) {
      finish(id, { state: 'failed', error: t('vms.op.vanished') });
      return;
    }
    const from = meta.fromStatus[id];
    if (vm.status !== from) tr.moved = true;
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
      finish(id, { state: 'done', progress: 100, ...(detail ? { detail } : {}) });
      return;
    }
    const statusText = t(`vms.status.${vm.status}` as VmsMessageKey);
    if (vm.status === 'migrating') {
      store.updateItem(opId, id, {
        state: 'in_progress',
        detail:
          vm.migrationProgress !== undefined
            ? t('vms.migrate.progress', { percent: Math.round(vm.migrationProgress) })
            : statusText,
        ...(vm.migrationProgress !== undefined ? { progress: vm.migrationProgress } : {}),
      });
    } else if (it.state !== 'in_progress' || it.detail !== statusText) {
      store.updateItem(opId, id, { state: 'in_progress', detail: statusText });
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
      if (!job && tr.unconfirmed && tr.ticks >= 6 && !tr.moved) {
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

  const trackerLoop = async (): Promise<void> => {
    while (!stopped && !signal.aborted) {
      tryAcquireLease(storage, opId, PAGE_ID, now());
      const ids = [...tracked.keys()];
      if (ids.length > 0) {
        try {
          const vms = await port.readVms(ids, signal);
          const byId = new Map(vms.map((v) => [v.id, v]));
          for (const id of ids) await evaluate(byId.get(id), id);
        } catch {
          // A failed poll is retried next tick; the items stay as they are.
        }
      }
      await sleep(deps.pollMs, signal);
    }
  };

  const track = (id: string, sentAt: number, unconfirmed = false): Promise<void> =>
    new Promise((resolve) => {
      tracked.set(id, { sentAt, moved: false, ticks: 0, unconfirmed, resolve });
    });

  // Resume: what was already sent is only tracked.
  const resumed: Promise<void>[] = [];
  for (const it of first.items) {
    if (!isItemFinished(it) && it.actionSentAt !== undefined) {
      resumed.push(track(it.id, it.actionSentAt, it.state === 'sent'));
    }
  }
  const queue = first.items
    .filter((i) => i.state === 'pending' && i.actionSentAt === undefined)
    .map((i) => i.id);
  const tracker = trackerLoop();

  // The record is runBulk's ledger: `actionSentAt` is persisted by `add`, before the request.
  const ledger: BulkLedger = {
    has: (id) => item(id)?.actionSentAt !== undefined,
    add: (id) => {
      store.updateItem(opId, id, { state: 'sent', actionSentAt: now() });
    },
    delete: () => {
      // A refused item stays `failed` with its send time; only an explicit retry clears it.
    },
  };

  const skip = async (id: string): Promise<string | undefined> => {
    if (item(id)?.state !== 'pending') return NOT_PENDING;
    let current: VmState | undefined;
    try {
      current = (await port.readVms([id], signal))[0];
    } catch (error) {
      finish(id, { state: 'failed', error: errorText(error) });
      return NOT_PENDING;
    }
    if (!current) {
      finish(id, { state: 'failed', error: t('vms.op.vanished') });
      return NOT_PENDING;
    }
    const applies = vmActionApplies(action, current.status);
    if (!applies.applies) return skipText(t, applies.reason, current.status);
    meta.fromStatus[id] = current.status;
    meta.fromHost[id] = current.hostId;
    writeMeta(storage, opId, meta);
    // Cancelled from another page between the first check and now.
    return item(id)?.state === 'pending' ? undefined : NOT_PENDING;
  };

  const sendAndTrack = async (id: string): Promise<void> => {
    const done = track(id, now());
    const sent = item(id);
    try {
      await port.sendAction(id, action, {
        correlationId: sent?.correlationId ?? `${first.correlationId}-x`,
        ...(meta.hostId !== undefined ? { hostId: meta.hostId } : {}),
      });
    } catch (error) {
      if (isDefinitiveRejection(error)) throw error;
      // No answer, a 5xx or an unreadable one: the engine may have run it. Follow the VM (and the
      // correlation id's job) instead of recording a failure the engine may never have had.
      const tr = tracked.get(id);
      if (tr) {
        tr.unconfirmed = true;
        tr.sendError = errorText(error);
      }
    }
    store.updateItem(opId, id, { state: 'in_progress' });
    await done;
  };

  const onItem = (r: BulkItemResult<string, void>): void => {
    if (r.state === 'failed') {
      finish(r.key, { state: 'failed', error: errorText(r.error) });
    } else if (r.state === 'skipped' && r.reason !== NOT_PENDING && r.reason !== ALREADY_SENT) {
      store.updateItem(opId, r.key, { state: 'skipped', detail: r.reason, finishedAt: now() });
    } else if (r.state === 'cancelled' && !r.sent) {
      store.updateItem(opId, r.key, { state: 'cancelled', finishedAt: now() });
    }
  };

  const slots = Math.max(1, deps.concurrency - resumed.length);
  await Promise.all([
    queue.length > 0
      ? runBulk(queue, sendAndTrack, {
          key: (id) => id,
          concurrency: slots,
          signal,
          ledger,
          skip,
          onItem,
        })
      : Promise.resolve(),
    ...resumed,
  ]);
  stopped = true;
  await tracker;
  const final = store.get(opId);
  if (final && !signal.aborted) {
    const state = settledState(final.items);
    if (state !== 'running') store.update(opId, { state, finishedAt: now() });
  }
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
