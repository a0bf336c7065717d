/**
 * Bulk host activation from the shared operations record: each host in maintenance is sent
 * `activate` once (claimed with `actionSentAt` before the request leaves) and tracked until `up`.
 * Hosts in another state are listed as skipped with the reason. Run and resume share one path.
 */
import { defaultSleep, errorText, runPool } from './runnerKit';
import { UNCONFIRMED_AFTER_MS } from './vmTracker';
import { isDefinitiveRejection } from '../rest/bulk';
import { PAGE_ID, createOperationDriver, releaseLease, tryAcquireLease } from './lease';
import {
  isItemFinished,
  settledState,
  type OperationItem,
  type OperationRecord,
  type OperationsStore,
} from './operationsStore';
import { newCorrelationId } from './vmBulkRunner';
import type { HostsMessageKey } from '../messages/hosts';
import type { HostsTranslate, StorageLike } from './evacuationRunner';
import type { HostOpsPort, HostState } from './hostOpsPort';

export interface ActivationDeps {
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

/** Why a host will not be activated, or undefined when it will. */
export function activationSkip(t: HostsTranslate, host: HostState): string | undefined {
  if (host.status === 'maintenance') return undefined;
  if (host.status === 'up') return t('hosts.activate.skipAlreadyUp');
  return t('hosts.activate.skipBusy', {
    status: t(`hosts.status.${host.status}` as HostsMessageKey),
  });
}

export function createActivation(
  deps: Pick<ActivationDeps, 'store' | 't'>,
  hosts: readonly HostState[],
  now = Date.now(),
): string {
  const id = crypto.randomUUID();
  const correlationId = newCorrelationId();
  const items: OperationItem[] = hosts.map((h, i) => {
    const skip = activationSkip(deps.t, h);
    return {
      entity: 'host',
      id: h.id,
      name: h.name,
      state: skip === undefined ? 'pending' : 'skipped',
      target: deps.t('hosts.status.up'),
      correlationId: `${correlationId}-${i + 1}`,
      ...(skip !== undefined ? { detail: skip, finishedAt: now } : {}),
    };
  });
  const pending = items.filter((i) => i.state === 'pending').length;
  const record: OperationRecord = {
    id,
    kind: 'host-activate',
    title: deps.t('hosts.activate.opTitle', { count: pending }),
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

async function drive(deps: ActivationDeps, opId: string, signal: AbortSignal): Promise<void> {
  const { store, hostPort, storage, t } = deps;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  const aborted = (): boolean => signal.aborted;
  const first = store.get(opId);
  if (first?.kind !== 'host-activate') return;
  if (!tryAcquireLease(storage, opId, PAGE_ID, now())) return;

  const item = (id: string): OperationItem | undefined =>
    store.get(opId)?.items.find((i) => i.id === id);
  const patch = (id: string, p: Partial<OperationItem>): void => {
    store.updateItem(opId, id, p);
    tryAcquireLease(storage, opId, PAGE_ID, now());
  };

  /**
   * Follows one host until it is up. `unconfirmed`: the activate got no answer, so a host still
   * in maintenance after a few polls never received it and fails with `sendError`.
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
        if (h.status === 'up') {
          patch(id, {
            state: 'done',
            detail: t('hosts.activate.item.done'),
            progress: 100,
            finishedAt: now(),
          });
          return;
        }
        if (unconfirmed && h.status !== 'maintenance') unconfirmed = false;
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
            error: t('hosts.activate.timeout', {
              seconds: Math.round(deps.timeoutMs / 1000),
              status: text,
            }),
            finishedAt: now(),
          });
          return;
        }
        const detail = t('hosts.activate.item.waiting', { status: text });
        if (!unconfirmed && it.detail !== detail) patch(id, { state: 'in_progress', detail });
      } catch {
        // Retried next tick.
      }
      await sleep(deps.pollMs, signal);
    }
  };

  /** Set once the browser refused the pre-send mark: nothing more is sent by this run. */
  let storageRefused = false;

  const activateOne = async (id: string): Promise<void> => {
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
      await hostPort.hostAction(id, 'activate', { correlationId: it.correlationId });
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
      .map((i) => () => activateOne(i.id)),
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
export function cancelActivation(store: OperationsStore, opId: string, now = Date.now()): void {
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

const driver = createOperationDriver(drive, (op) => op.kind === 'host-activate');

export const driveActivation = driver.drive;
export const resumeActivations = driver.resume;
