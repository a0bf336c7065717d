/**
 * Restart hosts through power management (`POST /hosts/{id}/fence` with `restart`), one request
 * per host, each followed until the host is up again (reboot → non responsive → … → up). Hosts
 * without power management, or in a status the engine would refuse, are listed as skipped with
 * the reason before anything is sent. Runs and resumes through the shared host action driver.
 */
import { cancelHostAction, createHostActionDriver, type HostActionDeps } from './hostActionRunner';
import { settledState, type OperationItem, type OperationRecord } from './operationsStore';
import { newCorrelationId } from './vmBulkRunner';
import type { HostsMessageKey } from '../messages/hosts';
import type { HostsTranslate } from './evacuationRunner';
import type { HostState } from './hostOpsPort';

export type RestartDeps = HostActionDeps;

export interface RestartHost extends HostState {
  /** `power_management.enabled`. */
  powerManagement: boolean;
}

/** Statuses a restart through power management makes sense from (the engine fences any). */
const RESTARTABLE: ReadonlySet<string> = new Set([
  'up',
  'maintenance',
  'non_operational',
  'non_responsive',
  'error',
  'down',
  'install_failed',
]);

/** Why a host will not be restarted, or undefined when it will. */
export function restartSkip(t: HostsTranslate, host: RestartHost): string | undefined {
  if (!host.powerManagement) return t('hosts.restart.noPm');
  if (RESTARTABLE.has(host.status)) return undefined;
  return t('hosts.activate.skipBusy', {
    status: t(`hosts.status.${host.status}` as HostsMessageKey),
  });
}

export function createRestart(
  deps: Pick<RestartDeps, 'store' | 't'>,
  hosts: readonly RestartHost[],
  now = Date.now(),
): string {
  const id = crypto.randomUUID();
  const correlationId = newCorrelationId();
  const items: OperationItem[] = hosts.map((h, i) => {
    const skip = restartSkip(deps.t, h);
    return {
      entity: 'host',
      id: h.id,
      name: h.name,
      state: skip === undefined ? 'pending' : 'skipped',
      target: deps.t(h.status === 'maintenance' ? 'hosts.status.maintenance' : 'hosts.status.up'),
      correlationId: `${correlationId}-${i + 1}`,
      ...(skip !== undefined ? { detail: skip, finishedAt: now } : {}),
    };
  });
  const pending = items.filter((i) => i.state === 'pending').length;
  const record: OperationRecord = {
    id,
    kind: 'host-restart',
    title: deps.t('hosts.restart.opTitle', { count: pending }),
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

export const cancelRestart = cancelHostAction;

/**
 * The engine answers a restart once its agent stopped and started the host (RestartVdsCommand is
 * synchronous), so an answered restart is done when the host is up again. A restart that got no
 * answer counts only once the host was seen out of `up`. A host in maintenance stays there.
 */
const driver = createHostActionDriver({
  kind: 'host-restart',
  action: 'restart',
  untouched: (h) => h.status === 'up' || h.status === 'maintenance',
  isDone: (h, unconfirmed) => !unconfirmed && (h.status === 'up' || h.status === 'maintenance'),
  doneText: 'hosts.restart.item.done',
  waitingText: 'hosts.restart.item.waiting',
  timeoutText: 'hosts.activate.timeout',
});

export const driveRestart = driver.drive;
export const resumeRestarts = driver.resume;
