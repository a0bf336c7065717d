/**
 * Bulk host activation from the shared operations record: each host in maintenance is sent
 * `activate` once (claimed with `actionSentAt` before the request leaves) and tracked until `up`.
 * Hosts in another state are listed as skipped with the reason. Run and resume share one path.
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
  return createHostActionRecord(
    deps.store,
    hosts,
    {
      kind: 'host-activate',
      title: (count) => deps.t('hosts.activate.opTitle', { count }),
      target: () => deps.t('hosts.status.up'),
      skip: (h) => activationSkip(deps.t, h),
    },
    now,
  );
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
