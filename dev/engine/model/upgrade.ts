/**
 * Host upgrade in the simulated engine: `POST /hosts/{id}/upgradecheck`, `POST /hosts/{id}/upgrade`
 * and the 4.5 cluster upgrade mode (`POST /clusters/{id}/upgrade`), after the engine's
 * HostUpgradeCheckCommand, UpgradeHostCommand / UpgradeHostInternalCommand and
 * Start/Update/FinishClusterUpgradeCommand. Texts are AuditLogMessages.properties /
 * AppErrors.properties; where the simulation guesses, dev/engine/README.md says so.
 *
 * Timed states, one engine step apart:
 * - upgradecheck: HOST_AVAILABLE_UPDATES_STARTED → (2 steps) `update_available` set from the
 *   scenario (`updatesPending`), HOST_UPDATES_ARE_AVAILABLE_WITH_PACKAGES or the finished event.
 * - upgrade: a host not in maintenance is first moved there by the engine (as
 *   UpgradeHostCommand runs MaintenanceNumberOfVdss); then `installing` (2 steps) → `reboot`
 *   (2 steps) → back to its status before the upgrade (`maintenance`, or `up` through
 *   `initializing`), on the new software. With the `failActions` rule `{vm: <host>, action:
 *   'upgrade', mode: 'async'}` the install ends in `install_failed` with HOST_UPGRADE_FAILED.
 */
import type { ActionContext, ActionResult, Engine } from './engine';
import type { TaskHandle } from './scheduler';
import { ADMIN_USER_NAME, type HostRecord, type HostSoftware } from './types';

/** What a successful upgrade installs (the next minor of everything the fleet runs). */
export const UPGRADED_HOST_SOFTWARE: HostSoftware = {
  vdsm: 'vdsm-4.50.5.1-1.el8',
  libvirt: 'libvirt-8.0.0-22.module_el8.7.0+1340+a7a4e1ad',
  os: '8.7 - 1.el8',
  kernelCmdline:
    'BOOT_IMAGE=(hd0,msdos1)/vmlinuz-4.18.0-425.3.1.el8.x86_64 root=/dev/mapper/rhel-root ro crashkernel=auto rd.lvm.lv=rhel/root',
};

/** The packages a check reports, as HOST_UPDATES_ARE_AVAILABLE_WITH_PACKAGES lists them. */
const UPDATED_PACKAGES = ['vdsm', 'vdsm-client', 'libvirt-daemon', 'qemu-kvm', 'kernel'];

const tasks = new WeakMap<Engine, Map<string, TaskHandle>>();

function hostTasks(engine: Engine): Map<string, TaskHandle> {
  let m = tasks.get(engine);
  if (!m) {
    m = new Map();
    tasks.set(engine, m);
  }
  return m;
}

function failed(status: number, detail: string): Extract<ActionResult, { ok: false }> {
  return { ok: false, status, reason: 'Operation Failed', detail };
}

/** Runs `fn` one engine step from now; `fn` returns true to run again a step later. */
function later(engine: Engine, host: HostRecord, steps: number, fn: () => unknown): void {
  const map = hostTasks(engine);
  map.set(
    host.id,
    engine.scheduler.schedule(engine.options.timeScale * steps, () => {
      map.delete(host.id);
      const again = fn() === true;
      engine.touch();
      if (again) later(engine, host, 1, fn);
    }),
  );
}

function failRule(engine: Engine, host: HostRecord, action: string) {
  return engine.faults.current.failActions.find(
    (r) =>
      r.action === action && (r.vm === host.id || r.vm.toLowerCase() === host.name.toLowerCase()),
  );
}

// ActionUtils' status matrix (what UpgradeHostValidator asks): HostUpgradeCheck and UpgradeHost
// run in Up, Maintenance, Non-Operational and Install Failed. An upgrade from Install Failed (a
// retry) is not simulated: the simulator's maintenance step refuses that status.
const CHECK_STATUSES = new Set(['up', 'maintenance', 'non_operational', 'install_failed']);
const UPGRADE_STATUSES = new Set(['up', 'maintenance', 'non_operational']);

export function hostUpgradeCheck(engine: Engine, hostId: string, ctx: ActionContext): ActionResult {
  const host = engine.state.hosts.get(hostId);
  if (!host) return failed(404, '');
  const rule = failRule(engine, host, 'upgradecheck');
  if (rule && (rule.mode ?? 'reject') === 'reject')
    return failed(400, rule.detail ?? '[Cannot check for upgrade Host. Internal Engine Error.]');
  if (!CHECK_STATUSES.has(host.status))
    return failed(
      409,
      '[Cannot check for upgrade Host. Valid Host statuses for upgrade check are Up or Non-Operational.]',
    );
  if (hostTasks(engine).has(host.id)) {
    engine.addEvent({
      code: 886,
      severity: 'warning',
      description: `Failed to check for available updates on host ${host.name}: Another process is already running.`,
      hostId: host.id,
      correlationId: ctx.correlationId,
    });
    return { ok: true, status: 200 };
  }
  engine.addEvent({
    code: 884,
    severity: 'normal',
    description: `Started to check for available updates on host ${host.name}.`,
    hostId: host.id,
    correlationId: ctx.correlationId,
  });
  later(engine, host, 2, () => {
    if (rule?.mode === 'async') {
      const message = rule.detail ?? 'Failed to run check-update of host.';
      engine.addEvent({
        code: 839,
        severity: 'error',
        description: `Failed to check for available updates on host ${host.name} with message '${message}'.`,
        hostId: host.id,
        correlationId: ctx.correlationId,
      });
      return;
    }
    host.updateAvailable = host.updatesPending === true;
    if (host.updateAvailable) {
      engine.addEvent({
        code: 843,
        severity: 'normal',
        description: `Host ${host.name} has available updates: ${UPDATED_PACKAGES.join(',')}.`,
        hostId: host.id,
        correlationId: ctx.correlationId,
      });
    }
    engine.addEvent({
      code: 885,
      severity: 'normal',
      description: `Check for available updates on host ${host.name} was completed successfully with message '${
        host.updateAvailable
          ? `found updates for packages ${UPDATED_PACKAGES.join(', ')}`
          : 'no updates found.'
      }'.`,
      hostId: host.id,
      correlationId: ctx.correlationId,
    });
  });
  return { ok: true, status: 200 };
}

export function hostUpgrade(
  engine: Engine,
  hostId: string,
  params: { reboot?: boolean | undefined },
  ctx: ActionContext,
): ActionResult {
  const host = engine.state.hosts.get(hostId);
  if (!host) return failed(404, '');
  const rule = failRule(engine, host, 'upgrade');
  if (rule && (rule.mode ?? 'reject') === 'reject')
    return failed(400, rule.detail ?? '[Cannot upgrade Host. Internal Engine Error.]');
  if (!UPGRADE_STATUSES.has(host.status))
    return failed(
      409,
      '[Cannot upgrade Host. Valid Host statuses for upgrade are Up, Maintenance, and Non-Operational.]',
    );
  if (host.updateAvailable !== true)
    return failed(409, '[Cannot upgrade Host. There are no available updates for the host.]');
  const reboot = params.reboot ?? true;
  const initial = host.status;
  engine.addEvent({
    code: 840,
    severity: 'normal',
    description: `Host ${host.name} upgrade was started (User: ${ADMIN_USER_NAME}).`,
    hostId: host.id,
    correlationId: ctx.correlationId,
    user: true,
  });

  const install = (): void => {
    host.status = 'installing';
    host.statusDetail = undefined;
    later(engine, host, 2, () => {
      if (rule?.mode === 'async') {
        host.status = 'install_failed';
        engine.addEvent({
          code: 841,
          severity: 'error',
          description: `Failed to upgrade Host ${host.name} (User: ${ADMIN_USER_NAME}). ${
            rule.detail ?? 'Please check the logs for more details'
          }.`,
          hostId: host.id,
          correlationId: ctx.correlationId,
        });
        return;
      }
      host.software = { ...UPGRADED_HOST_SOFTWARE };
      host.updateAvailable = false;
      host.updatesPending = false;
      if (!reboot) {
        engine.addEvent({
          code: 842,
          severity: 'normal',
          description: `Host ${host.name} upgrade was completed successfully.`,
          hostId: host.id,
          correlationId: ctx.correlationId,
        });
        back();
        return;
      }
      engine.addEvent({
        code: 888,
        severity: 'normal',
        description: `Upgrade was successful and host ${host.name} will be rebooted.`,
        hostId: host.id,
        correlationId: ctx.correlationId,
      });
      host.status = 'reboot';
      host.bootTime = engine.now();
      later(engine, host, 2, back);
    });
  };

  /** UpgradeHostInternalCommand / SshHostReboot: the host returns to its status before. */
  const back = (): void => {
    if (initial === 'maintenance') {
      host.status = 'maintenance';
      return;
    }
    host.status = 'initializing';
    later(engine, host, 1, () => {
      host.status = 'up';
      engine.addEvent({
        code: 13,
        severity: 'normal',
        description: `Status of host ${host.name} was set to Up.`,
        hostId: host.id,
        correlationId: ctx.correlationId,
      });
    });
  };

  if (host.status === 'maintenance') {
    install();
  } else {
    // UpgradeHostCommand moves the host to maintenance itself, then upgrades it there.
    const moved = engine.hostAction(host.id, 'deactivate', ctx);
    if (!moved.ok) return moved;
    later(engine, host, 1, () => {
      if (host.status === 'maintenance') {
        install();
        return false;
      }
      if (host.status === 'preparing_for_maintenance') return true;
      engine.addEvent({
        code: 841,
        severity: 'error',
        description: `Failed to upgrade Host ${host.name} (User: ${ADMIN_USER_NAME}). Host did not move to Maintenance.`,
        hostId: host.id,
        correlationId: ctx.correlationId,
      });
      return false;
    });
  }
  engine.touch();
  return { ok: true, status: 200 };
}

export type ClusterUpgradeAction = 'start' | 'update_progress' | 'finish';

export function clusterUpgrade(
  engine: Engine,
  clusterId: string,
  params: { action?: string; percent?: number; correlationId?: string },
  ctx: ActionContext,
): ActionResult {
  const cluster = engine.state.clusters.get(clusterId);
  if (!cluster) return failed(404, '');
  const correlationId = params.correlationId ?? ctx.correlationId;
  const event = (code: number, description: string): void => {
    engine.addEvent({
      code,
      severity: 'normal',
      description,
      clusterId: cluster.id,
      correlationId: ctx.correlationId,
      user: true,
    });
  };
  switch (params.action) {
    case 'start':
      // StartClusterUpgradeCommand validates only that the cluster exists (and, on Gluster
      // clusters, their bricks' free space, not simulated). SetClusterUpgradeRunning then sets
      // the flag only where it is still false: a cluster already in upgrade mode fails the
      // execution (USER_START_CLUSTER_UPGRADE_FAILED, and the REST layer answers 400 with the
      // command's execute-failed message).
      if (cluster.upgrade?.inProgress === true) {
        engine.addEvent({
          code: 893,
          severity: 'error',
          description: `Failed to set upgrade running flag on Host cluster ${cluster.name} by ${ADMIN_USER_NAME}`,
          clusterId: cluster.id,
          correlationId: ctx.correlationId,
          user: true,
        });
        engine.touch();
        return failed(400, `[Failed to set upgrade running flag on cluster '${cluster.id}'.]`);
      }
      cluster.upgrade = { inProgress: true, percent: 0, correlationId };
      event(
        892,
        `Successfully set upgrade running flag on Host cluster ${cluster.name} by ${ADMIN_USER_NAME}`,
      );
      break;
    case 'update_progress': {
      // UpdateClusterUpgradeCommand.validate, in its order (AppErrors texts; no ErrorType: 400).
      if (cluster.upgrade?.inProgress !== true)
        return failed(400, '[Cannot update progress, cluster upgrade has not been started.]');
      const p = params.percent ?? 0;
      if (!Number.isFinite(p) || p < 0 || p > 100)
        return failed(
          400,
          '[Cannot update upgrade percent complete, the value needs to be in the range of 0 to 100.]',
        );
      if (cluster.upgrade.correlationId !== correlationId)
        return failed(
          400,
          '[Cannot update progress, given correlation id does not match the current update correlation id.]',
        );
      cluster.upgrade.percent = Math.round(p);
      event(
        896,
        `Successfully updated upgrade percent complete on Host cluster ${cluster.name} by (User: ${ADMIN_USER_NAME})`,
      );
      break;
    }
    case 'finish':
      cluster.upgrade = { inProgress: false, percent: 0 };
      event(
        894,
        `Successfully cleared upgrade running flag on Host cluster ${cluster.name} by (User: ${ADMIN_USER_NAME})`,
      );
      break;
    default:
      return failed(400, '[upgrade_action must be one of start, update_progress, finish.]');
  }
  engine.touch();
  return { ok: true, status: 200 };
}

/**
 * Control knob (`POST /__engine/updates`): marks hosts (ids or names; none = every host) as having
 * updates in their repositories (`available`), and with `known` also sets `update_available` at
 * once, as if a check had run. Returns the hosts it changed, or an error text.
 */
export function setUpdates(
  engine: Engine,
  body: { hosts?: unknown; available?: unknown; known?: unknown },
): { hosts: string[] } | { error: string } {
  const available = body.available !== false;
  const known = body.known === true;
  const refs = body.hosts;
  if (refs !== undefined && (!Array.isArray(refs) || refs.some((r) => typeof r !== 'string')))
    return { error: 'hosts must be a list of host ids or names' };
  const wanted = (refs as string[] | undefined)?.map((r) => r.toLowerCase());
  const out: string[] = [];
  for (const h of engine.state.hosts.values()) {
    if (wanted && !wanted.includes(h.id) && !wanted.includes(h.name.toLowerCase())) continue;
    h.updatesPending = available;
    if (known || !available) h.updateAvailable = available;
    out.push(h.name);
  }
  if (wanted && out.length !== wanted.length) return { error: 'unknown host in hosts' };
  engine.touch();
  return { hosts: out };
}
