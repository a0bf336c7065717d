/**
 * Restart hosts through power management (`POST /hosts/{id}/fence` with `restart`), one request
 * per host, each followed until the host is up again (reboot → non responsive → … → up). Hosts
 * without power management, or in a status the engine would refuse, are listed as skipped with
 * the reason before anything is sent. Runs and resumes through the shared host action driver.
 */
import {
  cancelHostAction,
  createHostActionDriver,
  createHostActionRecord,
  type HostActionDeps,
} from './hostActionRunner';
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
  return createHostActionRecord(
    deps.store,
    hosts,
    {
      kind: 'host-restart',
      title: (count) => deps.t('hosts.restart.opTitle', { count }),
      target: (h) =>
        deps.t(h.status === 'maintenance' ? 'hosts.status.maintenance' : 'hosts.status.up'),
      skip: (h) => restartSkip(deps.t, h),
    },
    now,
  );
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
