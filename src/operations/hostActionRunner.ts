/**
 * One driver for every "send one action per host, follow the host until it is up" operation
 * (activation, restart through power management). Each host is claimed in the record with
 * `actionSentAt` before its request leaves (fail closed), then followed; a resumed page follows
 * what was sent and sends only what was never sent. The kinds differ only in their `HostActionSpec`.
 */
import { defaultSleep, errorText, runPool } from './runnerKit';
import { UNCONFIRMED_AFTER_MS } from './vmTracker';
import { isDefinitiveRejection } from '../rest/bulk';
import { PAGE_ID, createOperationDriver, releaseLease, tryAcquireLease } from './lease';
import {
  isItemFinished,
  settledState,
  type OperationItem,
  type OperationKind,
  type OperationRecord,
  type OperationsStore,
} from './operationsStore';
import { newCorrelationId } from './vmBulkRunner';
import type { HostsMessageKey } from '../messages/hosts';
import type { HostsTranslate, StorageLike } from './evacuationRunner';
import type { HostOpsPort, HostState } from './hostOpsPort';

export interface HostActionDeps {
  store: OperationsStore;
  hostPort: HostOpsPort;
  storage: StorageLike;
  t: HostsTranslate;
  concurrency: number;
  pollMs: number;
  timeoutMs: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * The record of a host action: one `host` item per host, pending or skipped with the reason
 * `skip` gives. Already settled (and finished) when every host was skipped. Returns its id.
 */
export function createHostActionRecord<H extends { id: string; name: string }>(
  store: OperationsStore,
  hosts: readonly H[],
  how: {
    kind: OperationKind;
    title: (pending: number) => string;
    target: (host: H) => string;
    skip: (host: H) => string | undefined;
  },
  now = Date.now(),
): string {
  const id = crypto.randomUUID();
  const correlationId = newCorrelationId();
  const items: OperationItem[] = hosts.map((h, i) => {
    const skip = how.skip(h);
    return {
      entity: 'host',
      id: h.id,
      name: h.name,
      state: skip === undefined ? 'pending' : 'skipped',
      target: how.target(h),
      correlationId: `${correlationId}-${String(i + 1)}`,
      ...(skip !== undefined ? { detail: skip, finishedAt: now } : {}),
    };
  });
  const record: OperationRecord = {
    id,
    kind: how.kind,
    title: how.title(items.filter((i) => i.state === 'pending').length),
    correlationId,
    startedAt: now,
    state: settledState(items),
    items,
  };
  if (record.state !== 'running') record.finishedAt = now;
  store.create(record);
  return id;
}

export interface HostActionSpec {
  kind: OperationKind;
  /** The one request per host. */
  action: 'activate' | 'restart';
  /**
   * For a send that got no answer: the host shows no sign of the action yet (activate: still in
   * maintenance; restart: still up without having gone through reboot).
   */
  untouched: (h: HostState) => boolean;
  /** Ends the item: the host is where the action leads. `unconfirmed` as `untouched` says. */
  isDone: (h: HostState, unconfirmed: boolean) => boolean;
  doneText: HostsMessageKey;
  /** With `{status}`. */
  waitingText: HostsMessageKey;
  /** With `{seconds}` and `{status}`. */
  timeoutText: HostsMessageKey;
}

async function drive(
  spec: HostActionSpec,
  deps: HostActionDeps,
  opId: string,
  signal: AbortSignal,
): Promise<void> {
  const { store, hostPort, storage, t } = deps;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  const aborted = (): boolean => signal.aborted;
  const first = store.get(opId);
  if (first?.kind !== spec.kind) return;
  if (!tryAcquireLease(storage, opId, PAGE_ID, now())) return;

  const item = (id: string): OperationItem | undefined =>
    store.get(opId)?.items.find((i) => i.id === id);
  const patch = (id: string, p: Partial<OperationItem>): void => {
    store.updateItem(opId, id, p);
    tryAcquireLease(storage, opId, PAGE_ID, now());
  };

  /**
   * Follows one host until `spec.isDone`. `unconfirmed`: the action got no answer, so a host still
   * `untouched` after a few polls never received it and fails with `sendError`.
   */
  const track = async (id: string, unconfirmed: boolean, sendError?: string): Promise<void> => {
    let ticks = 0;
    const trackedSince = now();
    for (;;) {
      ticks++;
      if (aborted()) return;
      const it = item(id);
      if (!it || isItemFinished(it)) return;
      try {
        const h = (await hostPort.readHosts([id], signal))[0];
        if (!h) {
          patch(id, { state: 'failed', error: t('hosts.evac.vanished'), finishedAt: now() });
          return;
        }
        const text = t(`hosts.status.${h.status}` as HostsMessageKey);
        if (unconfirmed && !spec.untouched(h)) unconfirmed = false;
        if (spec.isDone(h, unconfirmed)) {
          patch(id, {
            state: 'done',
            detail: t(spec.doneText),
            progress: 100,
            finishedAt: now(),
          });
          return;
        }
        if (unconfirmed && ticks >= 6 && now() - trackedSince >= UNCONFIRMED_AFTER_MS) {
          patch(id, {
            state: 'failed',
            error: sendError ?? t('vms.op.unconfirmed'),
            finishedAt: now(),
          });
          return;
        }
        if (now() - (it.actionSentAt ?? now()) > deps.timeoutMs) {
          patch(id, {
            state: 'failed',
            error: t(spec.timeoutText, {
              seconds: Math.round(deps.timeoutMs / 1000),
              status: text,
            }),
            finishedAt: now(),
          });
          return;
        }
        const detail = t(spec.waitingText, { status: text });
        if (!unconfirmed && it.detail !== detail) patch(id, { state: 'in_progress', detail });
      } catch {
        // Retried next tick.
      }
      await sleep(deps.pollMs, signal);
    }
  };

  /** Set once the browser refused the pre-send mark: nothing more is sent by this run. */
  let storageRefused = false;

  const sendOne = async (id: string): Promise<void> => {
    const it = item(id);
    if (it?.state !== 'pending' || it.actionSentAt !== undefined || aborted()) return;
    if (storageRefused) return;
    // Fail closed: the mark that this host is being sent is stored before the request leaves.
    const marked = store.markSending(opId, [id], now());
    if (marked === undefined) {
      // Nothing more is sent; hosts already sent are still tracked. The record says why.
      storageRefused = true;
      const op = store.get(opId);
      store.update(opId, {
        stoppedReason: 'storage',
        items: (op?.items ?? []).map((i): OperationItem =>
          i.state === 'pending' && i.actionSentAt === undefined
            ? { ...i, state: 'cancelled', finishedAt: now() }
            : i,
        ),
      });
      return;
    }
    if (marked.length === 0) return;
    tryAcquireLease(storage, opId, PAGE_ID, now());
    try {
      await hostPort.hostAction(id, spec.action, { correlationId: it.correlationId });
    } catch (error) {
      if (isDefinitiveRejection(error)) {
        patch(id, { state: 'failed', error: errorText(error), finishedAt: now() });
        return;
      }
      // No answer: the engine may have it. The host's status tells; the item stays `sent`.
      await track(id, true, errorText(error));
      return;
    }
    await track(id, false);
  };

  const tasks: (() => Promise<void>)[] = [
    ...first.items
      .filter((i) => !isItemFinished(i) && i.actionSentAt !== undefined)
      .map((i) => () => track(i.id, i.state === 'sent')),
    ...first.items
      .filter((i) => i.state === 'pending' && i.actionSentAt === undefined)
      .map((i) => () => sendOne(i.id)),
  ];
  await runPool(tasks, deps.concurrency, aborted);
  if (aborted()) return;
  const final = store.get(opId);
  if (final) {
    const state = settledState(final.items);
    if (state !== 'running') store.update(opId, { state, finishedAt: now() });
  }
  releaseLease(storage, opId, PAGE_ID);
}

/** Marks hosts not yet sent as cancelled. */
export function cancelHostAction(store: OperationsStore, opId: string, now = Date.now()): void {
  const op = store.get(opId);
  if (!op) return;
  const items = op.items.map((i): OperationItem =>
    i.state === 'pending' && i.actionSentAt === undefined
      ? { ...i, state: 'cancelled', finishedAt: now }
      : i,
  );
  const state = settledState(items);
  store.update(opId, { items, state, ...(state !== 'running' ? { finishedAt: now } : {}) });
}

/** The `drive` (run or resume one operation) and `resume` (every unfinished one) of a kind. */
export function createHostActionDriver(spec: HostActionSpec) {
  return createOperationDriver(
    (deps: HostActionDeps, opId: string, signal: AbortSignal) => drive(spec, deps, opId, signal),
    (op) => op.kind === spec.kind,
  );
}
