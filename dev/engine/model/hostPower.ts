/**
 * Host power management in the simulated engine: `POST /hosts/{id}/fence` with `fence_type`
 * restart / start / stop / status / manual, after the engine's RestartVdsCommand,
 * StartVdsCommand, StopVdsCommand (FenceVdsBaseCommand), FenceVdsManualyCommand and
 * FenceValidator. Plain model code: the router turns its results into wire JSON.
 *
 * What the real engine does and this one copies:
 * - A host without power management is refused by FenceValidator before anything runs:
 *   `[Cannot fence Host, Host fence is disabled.]` (VDS_FENCE_DISABLED).
 * - Restart is stop followed by start (RestartVdsCommand), synchronous: the action answers
 *   `complete` once the agent reported both. The host is in `reboot` meanwhile; its VMs are set
 *   down by the internal manual fence (VM_WAS_SET_DOWN_DUE_TO_HOST_REBOOT_OR_MANUAL_FENCE). The
 *   engine does not refuse a restart of a host that runs VMs: WebAdmin only warns.
 * - After the start the host comes back as VDSM answers again: reboot → non_responsive →
 *   connecting → initializing → up; a host that was in maintenance stays in maintenance.
 * - Manual fence ("Confirm 'Host has been rebooted'") is only legal in the statuses
 *   FenceVdsManualyCommand.isLegalStatus lists; it sets the host's VMs down.
 */
import type { ActionContext, ActionResult } from './engine';
import type { FailActionRule } from './faults';
import {
  ADMIN_USER_NAME,
  type ClusterRecord,
  type EventRecord,
  type HostRecord,
  type HostStatus,
  type JobRecord,
  type VmRecord,
  type VmStatus,
} from './types';

export const FENCE_TYPES = ['manual', 'restart', 'start', 'stop', 'status'] as const;
export type FenceType = (typeof FENCE_TYPES)[number];

export function isFenceType(v: unknown): v is FenceType {
  return typeof v === 'string' && (FENCE_TYPES as readonly string[]).includes(v);
}

/** What `fence_type=status` reports (PowerManagementStatus). */
export type PowerStatus = 'on' | 'off' | 'unknown';

export type FenceResult =
  | (Extract<ActionResult, { ok: true }> & { powerStatus?: PowerStatus })
  | Extract<ActionResult, { ok: false }>;

/** What the engine model lends this module (all of it already exists in engine.ts). */
export interface HostPowerDeps {
  hosts: Map<string, HostRecord>;
  vms: Map<string, VmRecord>;
  clusters: Map<string, ClusterRecord>;
  addEvent(e: Omit<EventRecord, 'id' | 'time' | 'user'> & { user?: boolean }): EventRecord;
  createJob(description: string, ctx: ActionContext, refs: { hostId?: string }): JobRecord;
  endJob(jobId: string | undefined, ok: boolean): void;
  /** Runs each step one state-machine step apart, replacing the host's pending chain. */
  chainHost(hostId: string, steps: (() => void)[]): void;
  setVmStatus(vm: VmRecord, status: VmStatus): void;
  findFailRule(target: { id: string; name: string }, action: string): FailActionRule | undefined;
  touch(): void;
  now(): number;
}

/** Statuses FenceVdsManualyCommand.isLegalStatus accepts. */
const MANUAL_FENCE_LEGAL: ReadonlySet<HostStatus> = new Set<HostStatus>([
  'down',
  'install_failed',
  'maintenance',
  'non_operational',
  'non_responsive',
  'reboot',
]);

const VERB: Record<FenceType, string> = {
  restart: 'restart',
  start: 'start',
  stop: 'stop',
  status: 'get status of',
  manual: "confirm 'Host has been rebooted'",
};

function refuse(status: number, ...messages: string[]): Extract<ActionResult, { ok: false }> {
  return { ok: false, status, reason: 'Operation Failed', detail: `[${messages.join(', ')}]` };
}

export function hostHasPowerManagement(host: HostRecord): boolean {
  return host.powerManagement?.enabled === true && host.powerManagement.agents.length > 0;
}

export function createHostPower(d: HostPowerDeps) {
  function event(
    host: HostRecord,
    code: number,
    description: string,
    ctx: ActionContext,
    severity: EventRecord['severity'] = 'normal',
    user = false,
  ): void {
    d.addEvent({
      code,
      severity,
      description,
      hostId: host.id,
      correlationId: ctx.correlationId,
      user,
    });
  }

  /** FenceVdsManualy's effect: the host's VMs are known to be down. */
  function setVmsDown(host: HostRecord, ctx: ActionContext): void {
    for (const vm of d.vms.values()) {
      if (vm.hostId !== host.id) continue;
      d.setVmStatus(vm, 'down');
      vm.stopTime = d.now();
      vm.stopReason = '';
      d.addEvent({
        code: 143,
        severity: 'normal',
        description: `Vm ${vm.name} was shut down due to ${host.name} host reboot or manual fence`,
        vmId: vm.id,
        hostId: host.id,
        correlationId: ctx.correlationId,
      });
    }
  }

  /** VDSM answers again after a start: the host goes through the engine's usual statuses. */
  function comeBack(host: HostRecord, ctx: ActionContext, toMaintenance: boolean): void {
    const set = (s: HostStatus) => (): void => {
      host.status = s;
    };
    d.chainHost(host.id, [
      set('reboot'),
      set('non_responsive'),
      set('connecting'),
      set('initializing'),
      () => {
        host.status = toMaintenance ? 'maintenance' : 'up';
        host.statusDetail = undefined;
        host.bootTime = d.now();
        event(
          host,
          13,
          `Status of host ${host.name} was set to ${toMaintenance ? 'Maintenance' : 'Up'}.`,
          ctx,
        );
      },
    ]);
  }

  function powerOp(host: HostRecord, action: 'stop' | 'start', ctx: ActionContext): void {
    event(host, 9017, `Power management ${action} of Host ${host.name} initiated.`, ctx);
    event(host, 9018, `Power management ${action} of Host ${host.name} succeeded.`, ctx);
  }

  function fence(hostId: string, type: FenceType, ctx: ActionContext): FenceResult {
    const host = d.hosts.get(hostId);
    if (!host) return { ok: false, status: 404, reason: '', detail: '' };
    const rule = d.findFailRule(host, 'fence');
    if (type === 'manual') {
      if (!MANUAL_FENCE_LEGAL.has(host.status))
        return refuse(
          409,
          `Cannot ${VERB.manual} Host. Valid Host statuses are "Non operational", "Maintenance" or "Connecting".`,
        );
      setVmsDown(host, ctx);
      event(host, 494, `Manual fence for host ${host.name} was started.`, ctx, 'normal', true);
      host.powerStatus = host.powerStatus ?? 'on';
      d.touch();
      return { ok: true, status: 200 };
    }
    if (!hostHasPowerManagement(host))
      return refuse(409, 'Cannot fence Host, Host fence is disabled.');
    if (type === 'status') {
      return {
        ok: true,
        status: 200,
        powerStatus: host.status === 'down' ? 'off' : (host.powerStatus ?? 'on'),
      };
    }
    if (rule && (rule.mode ?? 'reject') === 'reject') {
      event(host, 9019, `Power management ${type} of Host ${host.name} failed.`, ctx, 'error');
      return {
        ok: false,
        status: 400,
        reason: rule.reason ?? 'Operation Failed',
        detail: rule.detail ?? `[Cannot ${VERB[type]} Host. Fence operation failed.]`,
      };
    }
    const wasMaintenance = host.status === 'maintenance';
    if (type === 'stop') {
      const job = d.createJob(`Stopping Host ${host.name}`, ctx, { hostId: host.id });
      powerOp(host, 'stop', ctx);
      setVmsDown(host, ctx);
      host.status = 'down';
      host.powerStatus = 'off';
      event(host, 21, `Host ${host.name} was stopped by ${ADMIN_USER_NAME}.`, ctx, 'normal', true);
      d.endJob(job.id, true);
      d.chainHost(host.id, []);
      d.touch();
      return { ok: true, status: 200, jobId: job.id };
    }
    const job = d.createJob(
      `${type === 'start' ? 'Starting' : 'Restarting'} Host ${host.name}`,
      ctx,
      {
        hostId: host.id,
      },
    );
    if (type === 'restart') {
      powerOp(host, 'stop', ctx);
      setVmsDown(host, ctx);
    }
    powerOp(host, 'start', ctx);
    host.status = 'reboot';
    host.powerStatus = 'on';
    event(
      host,
      type === 'start' ? 20 : 41,
      `Host ${host.name} was ${type === 'start' ? 'started' : 'restarted'} by ${ADMIN_USER_NAME}.`,
      ctx,
      'normal',
      true,
    );
    // RestartVds / StartVds are synchronous: their job ends when the agent has answered.
    d.endJob(job.id, true);
    d.touch();
    if (rule?.mode === 'async') {
      // The agent said yes but the host never answers again: the engine leaves it non responsive.
      d.chainHost(host.id, [
        () => {
          host.status = 'non_responsive';
          event(host, 12, `Host ${host.name} is non responsive.`, ctx, 'error');
        },
      ]);
    } else {
      comeBack(host, ctx, wasMaintenance);
    }
    return { ok: true, status: 200, jobId: job.id };
  }

  return { fence };
}

export type HostPower = ReturnType<typeof createHostPower>;
