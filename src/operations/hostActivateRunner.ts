/**
 * Bulk host activation from the shared operations record: each host in maintenance is sent
 * `activate` once (claimed with `actionSentAt` before the request leaves) and tracked until `up`.
 * Hosts in another state are listed as skipped with the reason. Run and resume share one path.
 */
import { cancelHostAction, createHostActionDriver, type HostActionDeps } from './hostActionRunner';
import { settledState, type OperationItem, type OperationRecord } from './operationsStore';
import { newCorrelationId } from './vmBulkRunner';
import type { HostsMessageKey } from '../messages/hosts';
import type { HostsTranslate } from './evacuationRunner';
import type { HostState } from './hostOpsPort';

export type ActivationDeps = HostActionDeps;

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

/** Marks hosts not yet sent as cancelled. */
export const cancelActivation = cancelHostAction;

const driver = createHostActionDriver({
  kind: 'host-activate',
  action: 'activate',
  untouched: (h) => h.status === 'maintenance',
  isDone: (h) => h.status === 'up',
  doneText: 'hosts.activate.item.done',
  waitingText: 'hosts.activate.item.waiting',
  timeoutText: 'hosts.activate.timeout',
});

export const driveActivation = driver.drive;
export const resumeActivations = driver.resume;
