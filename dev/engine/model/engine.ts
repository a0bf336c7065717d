import { createFaultController, type FaultController, type FailActionRule } from './faults';
import { generateFleet, type Scenario } from './fleet';
import { applyHostLifecycleDefaults } from './hooks';
import { createHostPower, type FenceResult, type FenceType } from './hostPower';
import { createRandom, randomToken, type Random } from './random';
import { createScheduler, type ClockMode, type Scheduler, type TaskHandle } from './scheduler';
import {
  affinityClosure,
  emptySchedulingModel,
  filterHost,
  NONE_POLICY,
  POLICY,
  SCHEDULING_POLICIES,
  type SchedulingModel,
  type SchedulingPolicyRecord,
} from './scheduling';
import {
  ADMIN_USER_NAME,
  GIB,
  MIB,
  vmIsRunning,
  type ClusterRecord,
  type DataCenterRecord,
  type EventRecord,
  type HostRecord,
  type JobRecord,
  type SnapshotRecord,
  type TemplateRecord,
  type VmRecord,
  type VmStatus,
} from './types';

export interface EngineOptions {
  scenario?: Scenario;
  seed?: number;
  /** Milliseconds per state-machine step; 0 = next tick. */
  timeScale?: number;
  latencyMs?: number;
  /** `manual`: transitions only run when a test calls `engine.scheduler.advance()`. */
  clock?: ClockMode;
}

export interface ResolvedEngineOptions {
  scenario: Scenario;
  seed: number;
  timeScale: number;
  latencyMs: number;
  clock: ClockMode;
}

export interface ActionContext {
  correlationId: string;
}

export type ActionResult =
  | { ok: true; status: 200 | 202; jobId?: string }
  | { ok: false; status: number; reason: string; detail: string };

export interface RequestLogEntry {
  seq: number;
  time: number;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  correlationId: string;
  status: number;
  /**
   * Dropped by the `unreachable` fault before the engine read it: no command ran. The browser
   * may send such a request again on its own (a connection closed before any answer is retried
   * by the network stack), so these entries are not sends the engine saw.
   */
  refused?: boolean;
}

export interface RequestLog {
  entries(): readonly RequestLogEntry[];
  record(entry: Omit<RequestLogEntry, 'seq'>): void;
  clear(): void;
}

export interface EngineState {
  dataCenters: Map<string, DataCenterRecord>;
  clusters: Map<string, ClusterRecord>;
  templates: Map<string, TemplateRecord>;
  hosts: Map<string, HostRecord>;
  vms: Map<string, VmRecord>;
  events: EventRecord[];
  jobs: Map<string, JobRecord>;
}

export interface HostLoad {
  committed: number;
  active: number;
  migrating: number;
  total: number;
}

export type VmActionName =
  'start' | 'stop' | 'shutdown' | 'reboot' | 'suspend' | 'migrate' | 'cancelmigration' | 'clone';

export interface VmActionParams {
  /** Target host id or name for `migrate`. */
  host?: { id?: string; name?: string };
  force?: boolean;
  /** `migrate_vms_in_affinity_closure`: migrate the VMs tied by positive enforcing affinity too. */
  affinityClosure?: boolean;
  /** New VM name for `clone`. */
  name?: string;
  /** `reason` of stop / shutdown (4.4+): shown in the audit event. */
  reason?: string;
}

export interface VmCreateParams {
  name?: string;
  description?: string;
  comment?: string;
  cluster?: { id?: string; name?: string };
  template?: { id?: string; name?: string };
  memory?: number;
  sockets?: number;
  cores?: number;
}

export interface Engine {
  readonly options: ResolvedEngineOptions;
  readonly state: EngineState;
  readonly scheduler: Scheduler;
  readonly faults: FaultController;
  readonly requestLog: RequestLog;
  readonly random: Random;
  /** Incremented on every model change (cheap cache key). */
  readonly version: number;
  /** Marks the model changed (cache keys) after a direct state edit (model/upgrade.ts). */
  touch(): void;
  now(): number;
  issueToken(): string;
  /** Checks a bearer token and counts the request against the token-expiry knob. */
  useToken(token: string): boolean;
  issueSession(): string;
  useSession(sessionId: string): boolean;
  endSession(sessionId: string): void;
  reset(options?: Partial<Pick<EngineOptions, 'scenario' | 'seed' | 'timeScale'>>): void;
  close(): void;

  findVm(idOrName: string): VmRecord | undefined;
  findHost(idOrName: string): HostRecord | undefined;
  findCluster(idOrName: string): ClusterRecord | undefined;
  findTemplate(idOrName: string): TemplateRecord | undefined;
  hostLoad(hostId: string): HostLoad;
  sortedVms(): VmRecord[];
  /** Affinity groups and labels (scheduling.ts). */
  readonly scheduling: SchedulingModel;
  /** The cluster's scheduling policy and its effective properties. */
  clusterPolicy(clusterId: string): {
    policy: SchedulingPolicyRecord;
    properties: Record<string, string>;
  };
  /**
   * Why the scheduler refuses `host` for these VMs scheduled together (memory and the policy's
   * filters; host status and cluster are the caller's). Empty = accepted.
   */
  schedulingRefusals(vms: readonly VmRecord[], host: HostRecord): string[];

  vmAction(
    vmId: string,
    action: VmActionName,
    params: VmActionParams,
    ctx: ActionContext,
  ): ActionResult;
  hostAction(
    hostId: string,
    action: 'activate' | 'deactivate',
    ctx: ActionContext,
    params?: { reason?: string },
  ): ActionResult;
  hostFence(hostId: string, type: FenceType, ctx: ActionContext): FenceResult;
  createVm(
    params: VmCreateParams,
    ctx: ActionContext,
  ): { ok: true; vm: VmRecord } | Extract<ActionResult, { ok: false }>;
  updateVm(
    vmId: string,
    patch: VmCreateParams,
    ctx: ActionContext,
  ): { ok: true; vm: VmRecord } | Extract<ActionResult, { ok: false }>;
  removeVm(vmId: string, ctx: ActionContext): ActionResult;
  restoreSnapshot(vmId: string, snapshotId: string, ctx: ActionContext): ActionResult;
  createSnapshot(
    vmId: string,
    params: { description?: string; persistMemory?: boolean },
    ctx: ActionContext,
  ): { ok: true; snapshot: SnapshotRecord; jobId: string } | Extract<ActionResult, { ok: false }>;
  removeSnapshot(vmId: string, snapshotId: string, ctx: ActionContext): ActionResult;
  addEvent(
    event: Omit<EventRecord, 'id' | 'time' | 'user'> & { user?: boolean; time?: number },
  ): EventRecord;
}

/** Per-host memory the engine keeps back for the hypervisor itself. */
export const HOST_OVERHEAD = 2 * GIB;

const DEFAULT_TIME_SCALE = 1500;

function label(status: string): string {
  return status
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

function fail(
  status: number,
  detail: string,
  reason = 'Operation Failed',
): Extract<ActionResult, { ok: false }> {
  return { ok: false, status, reason, detail };
}

/** Engine validation messages are `List.toString()` of translated messages (reference §5.3). */
function cannot(status: number, ...messages: string[]): Extract<ActionResult, { ok: false }> {
  return fail(status, `[${messages.join(', ')}]`);
}

const VERB: Record<string, string> = {
  start: 'run',
  stop: 'stop',
  shutdown: 'shutdown',
  reboot: 'reboot',
  suspend: 'hibernate',
  migrate: 'migrate',
  cancelmigration: 'cancel migration for',
  clone: 'clone',
  activate: 'activate',
  deactivate: 'switch to Maintenance mode',
};

/**
 * `VmActionByVmOriginTypeValidator`: actions allowed on external and hosted-engine VMs (of the
 * ones this engine implements). Clone does not go through it.
 */
const ALLOWED_ON_EXTERNAL: ReadonlySet<string> = new Set([
  'migrate',
  'cancelmigration',
  'stop',
  'shutdown',
  'reboot',
  'clone',
]);
const ALLOWED_ON_HOSTED_ENGINE: ReadonlySet<string> = new Set([
  'migrate',
  'cancelmigration',
  'clone',
]);

function originAllows(vm: VmRecord, action: string): boolean {
  if (vm.origin === 'external') return ALLOWED_ON_EXTERNAL.has(action);
  if (vm.origin === 'hosted_engine' || vm.origin === 'managed_hosted_engine')
    return ALLOWED_ON_HOSTED_ENGINE.has(action);
  return true;
}

export function createEngine(options: EngineOptions = {}): Engine {
  const resolved: ResolvedEngineOptions = {
    scenario: options.scenario ?? 'default',
    seed: options.seed ?? 1,
    timeScale: options.timeScale ?? DEFAULT_TIME_SCALE,
    latencyMs: options.latencyMs ?? 0,
    clock: options.clock ?? 'real',
  };
  const scheduler = createScheduler(resolved.clock);
  const now = (): number => scheduler.now();
  const faults = createFaultController(now, resolved.latencyMs);

  const state: EngineState = {
    dataCenters: new Map(),
    clusters: new Map(),
    templates: new Map(),
    hosts: new Map(),
    vms: new Map(),
    events: [],
    jobs: new Map(),
  };
  let random = createRandom(resolved.seed);
  let version = 0;
  let nextEventId = 1;
  const vmByName = new Map<string, string>();
  const vmTasks = new Map<string, TaskHandle>();
  const snapshotTasks = new Map<string, TaskHandle>();
  const hostTasks = new Map<string, TaskHandle>();
  const vmJobs = new Map<string, string>();
  const tokens = new Map<string, { issuedAt: number; used: number }>();
  const sessions = new Set<string>();
  let log: RequestLogEntry[] = [];
  let seq = 0;
  let loadCache: { version: number; loads: Map<string, HostLoad> } | undefined;
  let sortedCache: { version: number; list: VmRecord[] } | undefined;
  let schedulingModel: SchedulingModel = emptySchedulingModel();

  function clusterPolicy(clusterId: string): {
    policy: SchedulingPolicyRecord;
    properties: Record<string, string>;
  } {
    const c = state.clusters.get(clusterId);
    const id = c?.schedulingPolicyId ?? POLICY.none;
    const policy = SCHEDULING_POLICIES.find((p) => p.id === id) ?? NONE_POLICY;
    return { policy, properties: { ...policy.properties, ...c?.schedulingProperties } };
  }

  function schedulingRefusals(vms: readonly VmRecord[], host: HostRecord): string[] {
    const reasons: string[] = [];
    const arriving = vms.filter((v) => v.hostId !== host.id);
    const need = arriving.reduce((sum, v) => sum + v.memory, 0);
    if (arriving.length > 0 && freeMemory(host) < need) reasons.push(memoryFilterMessage(host));
    reasons.push(
      ...filterHost(
        schedulingModel,
        { vms: state.vms, hosts: state.hosts, clusterPolicy },
        vms,
        host,
      ),
    );
    return reasons;
  }

  const touch = (): void => {
    version++;
  };

  function load(o: Partial<Pick<EngineOptions, 'scenario' | 'seed' | 'timeScale'>>): void {
    scheduler.clear();
    vmTasks.clear();
    snapshotTasks.clear();
    hostTasks.clear();
    vmJobs.clear();
    if (o.scenario !== undefined) resolved.scenario = o.scenario;
    if (o.seed !== undefined) resolved.seed = o.seed;
    if (o.timeScale !== undefined) resolved.timeScale = o.timeScale;
    // A separate stream from the fleet generator's, so runtime ids never collide with seeded ones.
    random = createRandom((resolved.seed ^ 0x5bd1e995) >>> 0);
    const fleet = generateFleet(resolved.scenario, resolved.seed, now());
    applyHostLifecycleDefaults(fleet);
    schedulingModel = fleet.scheduling ?? emptySchedulingModel();
    for (const m of [
      state.dataCenters,
      state.clusters,
      state.templates,
      state.hosts,
      state.vms,
      state.jobs,
    ])
      m.clear();
    for (const x of fleet.dataCenters) state.dataCenters.set(x.id, x);
    for (const x of fleet.clusters) state.clusters.set(x.id, x);
    for (const x of fleet.templates) state.templates.set(x.id, x);
    for (const x of fleet.hosts) state.hosts.set(x.id, x);
    vmByName.clear();
    for (const x of fleet.vms) {
      state.vms.set(x.id, x);
      vmByName.set(x.name.toLowerCase(), x.id);
    }
    state.events = [];
    nextEventId = 1;
    seedEvents();
    touch();
  }

  /** A short history before "now", so an event list is never empty on first open. */
  function seedEvents(): void {
    const start = now() - 3_600_000;
    addEvent({
      code: 30,
      severity: 'normal',
      description: `User ${ADMIN_USER_NAME} connecting from '127.0.0.1' using session 'b3Zpcn' logged in.`,
      user: true,
      time: start,
    });
    let i = 0;
    for (const h of state.hosts.values()) {
      if (i >= 20) break;
      i++;
      addEvent({
        code: 13,
        severity: 'normal',
        description: `Status of host ${h.name} was set to Up.`,
        hostId: h.id,
        hostName: h.name,
        clusterId: h.clusterId,
        time: start + i * 60_000,
      });
    }
  }

  function addEvent(
    e: Omit<EventRecord, 'id' | 'time' | 'user'> & { user?: boolean; time?: number },
  ): EventRecord {
    const vm = e.vmId ? state.vms.get(e.vmId) : undefined;
    const host = e.hostId ? state.hosts.get(e.hostId) : undefined;
    const clusterId = e.clusterId ?? vm?.clusterId ?? host?.clusterId;
    const event: EventRecord = {
      ...e,
      id: nextEventId++,
      time: e.time ?? now(),
      user: e.user ?? false,
      vmName: e.vmName ?? vm?.name,
      hostName: e.hostName ?? host?.name,
      clusterId,
      dataCenterId:
        e.dataCenterId ?? (clusterId ? state.clusters.get(clusterId)?.dataCenterId : undefined),
    };
    state.events.push(event);
    // Retention: the engine deletes old audit entries too, so ids may have gaps at the start.
    if (state.events.length > 20_000) state.events.splice(0, state.events.length - 20_000);
    touch();
    return event;
  }

  function createJob(
    description: string,
    ctx: ActionContext,
    refs: { vmId?: string; hostId?: string },
  ): JobRecord {
    const t = now();
    if (refs.vmId) {
      // A new action supersedes the VM's pending transition: its job must not stay "started".
      const previous = state.jobs.get(vmJobs.get(refs.vmId) ?? '');
      if (previous?.status === 'started' && vmTasks.has(refs.vmId)) {
        previous.status = 'aborted';
        previous.endTime = t;
        previous.lastUpdated = t;
        for (const st of previous.steps) {
          if (st.status === 'started') {
            st.status = 'aborted';
            st.endTime = t;
          }
        }
      }
    }
    const job: JobRecord = {
      id: random.uuid(),
      description,
      status: 'started',
      startTime: t,
      lastUpdated: t,
      correlationId: ctx.correlationId,
      vmId: refs.vmId,
      hostId: refs.hostId,
      steps: [
        {
          id: random.uuid(),
          description: 'Validating',
          type: 'validating',
          number: 0,
          status: 'finished',
          startTime: t,
          endTime: t,
        },
        {
          id: random.uuid(),
          description: 'Executing',
          type: 'executing',
          number: 1,
          status: 'started',
          startTime: t,
          hostId: refs.hostId,
        },
      ],
    };
    state.jobs.set(job.id, job);
    if (refs.vmId) vmJobs.set(refs.vmId, job.id);
    touch();
    return job;
  }

  function endJob(jobId: string | undefined, ok: boolean): void {
    const job = jobId ? state.jobs.get(jobId) : undefined;
    if (!job || job.status !== 'started') return;
    const t = now();
    job.status = ok ? 'finished' : 'failed';
    job.endTime = t;
    job.lastUpdated = t;
    for (const s of job.steps) {
      if (s.status === 'started') {
        s.status = job.status;
        s.endTime = t;
        if (ok) s.progress = 100;
      }
    }
    touch();
  }

  const step = (): number => resolved.timeScale;

  /** Runs `steps` one state-machine step apart; a new chain for the VM cancels the old one. */
  function chain(map: Map<string, TaskHandle>, key: string, steps: (() => void)[]): void {
    scheduler.cancel(map.get(key));
    map.delete(key);
    const runFrom = (i: number): void => {
      const fn = steps[i];
      if (!fn) return;
      map.set(
        key,
        scheduler.schedule(step(), () => {
          map.delete(key);
          fn();
          touch();
          runFrom(i + 1);
        }),
      );
    };
    runFrom(0);
  }

  function setStatus(vm: VmRecord, status: VmStatus): void {
    vm.status = status;
    if (!vmIsRunning(vm)) {
      vm.hostId = undefined;
      vm.startTime = undefined;
      vm.migration = undefined;
    }
    if (status !== 'paused') vm.pauseReason = undefined;
    touch();
  }

  function hostLoad(hostId: string): HostLoad {
    if (!loadCache || loadCache.version !== version) {
      const loads = new Map<string, HostLoad>();
      for (const h of state.hosts.values())
        loads.set(h.id, { committed: HOST_OVERHEAD, active: 0, migrating: 0, total: 0 });
      for (const vm of state.vms.values()) {
        if (vm.hostId && vmIsRunning(vm)) {
          const l = loads.get(vm.hostId);
          if (l) {
            l.committed += vm.memory;
            l.active++;
            l.total++;
            if (vm.migration) l.migrating++;
          }
        }
        if (vm.migration) {
          const t = loads.get(vm.migration.targetHostId);
          if (t) {
            t.committed += vm.memory;
            t.migrating++;
          }
        }
      }
      loadCache = { version, loads };
    }
    return (
      loadCache.loads.get(hostId) ?? { committed: HOST_OVERHEAD, active: 0, migrating: 0, total: 0 }
    );
  }

  const freeMemory = (h: HostRecord): number => h.memory - hostLoad(h.id).committed;

  function memoryFilterMessage(h: HostRecord): string {
    return `The host ${h.name} did not satisfy internal filter Memory because its available memory is too low (${String(Math.max(0, Math.floor(freeMemory(h) / MIB)))} MB) to run the VM.`;
  }

  /** The engine's "evenly distributed" choice: the up host in the cluster with most free memory. */
  function schedule(vm: VmRecord, exclude?: string): { host?: HostRecord; reasons: string[] } {
    return scheduleGroup([vm], exclude);
  }

  /** VMs scheduled together (an affinity closure): one host for all of them. */
  function scheduleGroup(
    group: readonly VmRecord[],
    exclude?: string,
  ): { host?: HostRecord; reasons: string[] } {
    let best: HostRecord | undefined;
    const reasons: string[] = [];
    const clusterId = group[0]?.clusterId;
    for (const h of state.hosts.values()) {
      if (h.clusterId !== clusterId || h.id === exclude || h.status !== 'up') continue;
      const refused = schedulingRefusals(group, h);
      if (refused.length > 0) {
        reasons.push(...refused);
        continue;
      }
      if (!best || freeMemory(h) > freeMemory(best)) best = h;
    }
    return { host: best, reasons };
  }

  function findFailRule(
    target: { id: string; name: string },
    action: string,
  ): FailActionRule | undefined {
    return faults.current.failActions.find(
      (r) =>
        r.action === action &&
        (r.vm === target.id || r.vm.toLowerCase() === target.name.toLowerCase()),
    );
  }

  function rejectByRule(
    rule: FailActionRule,
    verb: string,
    type: string,
  ): Extract<ActionResult, { ok: false }> {
    return fail(
      400,
      rule.detail ?? `[Cannot ${verb} ${type}. Internal Engine Error.]`,
      rule.reason ?? 'Operation Failed',
    );
  }

  function migrationBlocked(hostId: string): boolean {
    const h = state.hosts.get(hostId);
    return faults.current.failMigrationsTo.some(
      (x) => x === hostId || x.toLowerCase() === h?.name.toLowerCase(),
    );
  }

  // ---- VM state machine -------------------------------------------------------------------

  function vmStart(
    vm: VmRecord,
    ctx: ActionContext,
    rule: FailActionRule | undefined,
  ): ActionResult {
    if (vm.status === 'image_locked')
      return cannot(409, 'Cannot run VM: VM is locked. Please try again in a few minutes.');
    if (vm.status === 'paused') {
      const job = createJob(`Resuming VM ${vm.name}`, ctx, { vmId: vm.id, hostId: vm.hostId });
      addEvent({
        code: 1030,
        severity: 'normal',
        description: `VM ${vm.name} was resumed by ${ADMIN_USER_NAME} (Host: ${hostName(vm.hostId)}).`,
        vmId: vm.id,
        hostId: vm.hostId,
        correlationId: ctx.correlationId,
      });
      chain(vmTasks, vm.id, [
        () => {
          setStatus(vm, 'up');
          endJob(job.id, true);
        },
      ]);
      return { ok: true, status: 200, jobId: job.id };
    }
    if (vm.status !== 'down' && vm.status !== 'suspended')
      return cannot(409, 'Cannot run VM. VM is running.');
    const { host, reasons } = schedule(vm);
    if (!host) {
      return cannot(
        409,
        'Cannot run VM. There is no host that satisfies current scheduling constraints. See below for details:',
        ...reasons,
      );
    }
    const resuming = vm.status === 'suspended';
    const job = createJob(`${resuming ? 'Resuming' : 'Launching'} VM ${vm.name}`, ctx, {
      vmId: vm.id,
      hostId: host.id,
    });
    const previous = vm.status;
    vm.hostId = host.id;
    vm.startTime = now();
    setStatus(vm, resuming ? 'restoring_state' : 'wait_for_launch');
    addEvent({
      code: 153,
      severity: 'normal',
      description: `VM ${vm.name} was started by ${ADMIN_USER_NAME} (Host: ${host.name}).`,
      vmId: vm.id,
      hostId: host.id,
      correlationId: ctx.correlationId,
    });
    const failed = (): void => {
      setStatus(vm, previous);
      if (previous === 'down') vm.stopTime = now();
      addEvent({
        code: 54,
        severity: 'error',
        description: rule?.detail ?? `Failed to run VM ${vm.name} (User: ${ADMIN_USER_NAME}).`,
        vmId: vm.id,
        correlationId: ctx.correlationId,
      });
      endJob(job.id, false);
    };
    const up = (): void => {
      setStatus(vm, 'up');
      addEvent({
        code: 32,
        severity: 'normal',
        description: `VM ${vm.name} started on Host ${host.name}`,
        vmId: vm.id,
        hostId: host.id,
        correlationId: ctx.correlationId,
      });
      endJob(job.id, true);
    };
    if (rule?.mode === 'async') {
      chain(vmTasks, vm.id, [() => undefined, failed]);
    } else if (resuming) {
      chain(vmTasks, vm.id, [() => undefined, up]);
    } else {
      chain(vmTasks, vm.id, [
        () => {
          setStatus(vm, 'powering_up');
        },
        up,
      ]);
    }
    return { ok: true, status: 200, jobId: job.id };
  }

  function hostName(hostId: string | undefined): string {
    return (hostId ? state.hosts.get(hostId)?.name : undefined) ?? 'N/A';
  }

  function vmStop(
    vm: VmRecord,
    graceful: boolean,
    ctx: ActionContext,
    rule: FailActionRule | undefined,
    reason?: string,
  ): ActionResult {
    const verb = graceful ? 'shutdown' : 'stop';
    const optionalReason = reason ? ` (Reason: ${reason})` : '';
    if (vm.status === 'image_locked')
      return cannot(409, `Cannot ${verb} VM: VM is locked. Please try again in a few minutes.`);
    if (vm.status === 'down') return cannot(409, `Cannot ${verb} VM. VM is not running.`);
    const job = createJob(`${graceful ? 'Shutting down' : 'Stopping'} VM ${vm.name}`, ctx, {
      vmId: vm.id,
      hostId: vm.hostId,
    });
    const previous = vm.status;
    const prevHost = vm.hostId;
    addEvent(
      graceful
        ? {
            code: 73,
            severity: 'normal',
            description: `VM shutdown initiated by ${ADMIN_USER_NAME} on VM ${vm.name} (Host: ${hostName(vm.hostId)})${optionalReason}.`,
            vmId: vm.id,
            hostId: vm.hostId,
            correlationId: ctx.correlationId,
          }
        : {
            code: 33,
            severity: 'normal',
            description: `VM ${vm.name} powered off by ${ADMIN_USER_NAME} (Host: ${hostName(vm.hostId)})${optionalReason}.`,
            vmId: vm.id,
            hostId: vm.hostId,
            correlationId: ctx.correlationId,
          },
    );
    if (vm.migration) abortMigration(vm, false);
    const down = (): void => {
      setStatus(vm, 'down');
      vm.stopTime = now();
      vm.stopReason = reason ?? '';
      addEvent({
        code: 61,
        severity: 'normal',
        description: `VM ${vm.name} is down. Exit message: ${graceful ? 'User shut down from within the guest' : 'Admin shut down from the engine'}`,
        vmId: vm.id,
        hostId: prevHost,
        correlationId: ctx.correlationId,
      });
      endJob(job.id, true);
    };
    if (vm.status === 'suspended') {
      chain(vmTasks, vm.id, [down]);
      return { ok: true, status: 200, jobId: job.id };
    }
    setStatus(vm, 'powering_down');
    if (rule?.mode === 'async') {
      chain(vmTasks, vm.id, [
        () => {
          setStatus(vm, previous === 'powering_down' ? 'up' : previous);
          vm.hostId = prevHost;
          addEvent({
            code: 74,
            severity: 'error',
            description:
              rule.detail ??
              `Failed to ${verb} VM ${vm.name} (Host: ${hostName(prevHost)}, User: ${ADMIN_USER_NAME}).`,
            vmId: vm.id,
            hostId: prevHost,
            correlationId: ctx.correlationId,
          });
          endJob(job.id, false);
        },
      ]);
    } else {
      chain(vmTasks, vm.id, graceful ? [() => undefined, down] : [down]);
    }
    return { ok: true, status: 200, jobId: job.id };
  }

  function notUp(vm: VmRecord, verb: string): Extract<ActionResult, { ok: false }> {
    if (!vmIsRunning(vm)) return cannot(409, `Cannot ${verb} VM. VM is not running.`);
    return cannot(409, `Cannot ${verb} VM because the VM is in ${label(vm.status)} status.`);
  }

  function vmReboot(
    vm: VmRecord,
    ctx: ActionContext,
    rule: FailActionRule | undefined,
  ): ActionResult {
    if (vm.status !== 'up') return notUp(vm, 'reboot');
    const job = createJob(`Rebooting VM ${vm.name}`, ctx, { vmId: vm.id, hostId: vm.hostId });
    setStatus(vm, 'reboot_in_progress');
    addEvent({
      code: 157,
      severity: 'normal',
      description: `User ${ADMIN_USER_NAME} initiated reboot of VM ${vm.name}.`,
      vmId: vm.id,
      hostId: vm.hostId,
      correlationId: ctx.correlationId,
    });
    chain(vmTasks, vm.id, [
      () => undefined,
      () => {
        setStatus(vm, 'up');
        if (rule?.mode === 'async') {
          addEvent({
            code: 158,
            severity: 'error',
            description: rule.detail ?? `Failed to reboot VM ${vm.name}.`,
            vmId: vm.id,
            correlationId: ctx.correlationId,
          });
          endJob(job.id, false);
        } else {
          endJob(job.id, true);
        }
      },
    ]);
    return { ok: true, status: 200, jobId: job.id };
  }

  function vmSuspend(
    vm: VmRecord,
    ctx: ActionContext,
    rule: FailActionRule | undefined,
  ): ActionResult {
    if (vm.status !== 'up') return notUp(vm, 'hibernate');
    const job = createJob(`Suspending VM ${vm.name}`, ctx, { vmId: vm.id, hostId: vm.hostId });
    const host = vm.hostId;
    setStatus(vm, 'saving_state');
    addEvent({
      code: 34,
      severity: 'normal',
      description: `Suspending VM ${vm.name} was initiated by User ${ADMIN_USER_NAME} (Host: ${hostName(host)}).`,
      vmId: vm.id,
      hostId: host,
      correlationId: ctx.correlationId,
    });
    chain(vmTasks, vm.id, [
      () => undefined,
      () => {
        if (rule?.mode === 'async') {
          setStatus(vm, 'up');
          addEvent({
            code: 35,
            severity: 'error',
            description: rule.detail ?? `Failed to complete suspending of VM ${vm.name}.`,
            vmId: vm.id,
            hostId: host,
            correlationId: ctx.correlationId,
          });
          endJob(job.id, false);
          return;
        }
        setStatus(vm, 'suspended');
        addEvent({
          code: 36,
          severity: 'normal',
          description: `Suspending VM ${vm.name} has been completed.`,
          vmId: vm.id,
          hostId: host,
          correlationId: ctx.correlationId,
        });
        endJob(job.id, true);
      },
    ]);
    // Hibernation runs VDSM async tasks: the engine answers 202 (reference §5.2).
    return { ok: true, status: 202, jobId: job.id };
  }

  const MIGRATABLE: ReadonlySet<VmStatus> = new Set<VmStatus>([
    'up',
    'powering_up',
    'paused',
    'reboot_in_progress',
  ]);

  function validateMigration(
    vm: VmRecord,
    target: HostRecord | undefined,
    force: boolean,
    group: readonly VmRecord[] = [vm],
  ): Extract<ActionResult, { ok: false }> | undefined {
    if (vm.affinity === 'pinned') return cannot(409, 'Cannot migrate VM. VM is pinned to Host.');
    if (vm.affinity === 'user_migratable' && !force) {
      return cannot(
        409,
        'Cannot migrate VM. VM is non migratable and user did not specify the force-migration flag',
      );
    }
    if (vm.status === 'migrating')
      return cannot(409, 'Cannot migrate VM. VM migration is in progress');
    if (vm.status === 'not_responding')
      return cannot(409, 'Cannot migrate VM because the VM is in Not Responding status.');
    if (!MIGRATABLE.has(vm.status)) return cannot(409, 'Cannot migrate VM. VM is not running.');
    if (target) {
      if (target.id === vm.hostId)
        return cannot(409, 'Cannot migrate VM. source and destination is the same.');
      if (target.clusterId !== vm.clusterId) {
        return cannot(
          409,
          'Cannot migrate VM. VM can be migrated only between Hosts in the same Cluster.\n-Please select target Host in the same Cluster to run the VM.',
        );
      }
      if (target.status !== 'up')
        return cannot(
          409,
          'Cannot migrate VM. Operation can be performed only when Host status is Up.',
        );
      const refused = schedulingRefusals(group, target);
      if (refused.length > 0) {
        return cannot(
          409,
          'Cannot migrate VM. There is no host that satisfies current scheduling constraints. See below for details:',
          ...refused,
        );
      }
    }
    return undefined;
  }

  function startMigration(
    vm: VmRecord,
    target: HostRecord,
    ctx: ActionContext,
    rule: FailActionRule | undefined,
    jobDescription?: string,
  ): string {
    const source = vm.hostId ?? '';
    const job = createJob(jobDescription ?? `Migrating VM ${vm.name} to Host ${target.name}`, ctx, {
      vmId: vm.id,
      hostId: target.id,
    });
    const previous = vm.status;
    vm.migration = {
      sourceHostId: source,
      targetHostId: target.id,
      progress: 0,
      startedAt: now(),
      jobId: job.id,
      correlationId: ctx.correlationId,
    };
    setStatus(vm, 'migrating');
    addEvent({
      code: 62,
      severity: 'normal',
      description: `Migration started (VM: ${vm.name}, Source: ${hostName(source)}, Destination: ${target.name}, User: ${ADMIN_USER_NAME}). `,
      vmId: vm.id,
      hostId: source,
      correlationId: ctx.correlationId,
    });
    const willFail = rule?.mode === 'async' || migrationBlocked(target.id);
    const progress = (p: number) => (): void => {
      if (vm.migration) vm.migration.progress = p;
      const s = job.steps[1];
      if (s) s.progress = p;
      job.lastUpdated = now();
    };
    const finish = (): void => {
      const m = vm.migration;
      if (!m) return;
      if (willFail) {
        vm.migration = undefined;
        setStatus(vm, previous === 'migrating' ? 'up' : previous);
        addEvent({
          code: 65,
          severity: 'error',
          description:
            rule?.detail ??
            `Migration failed  (VM: ${vm.name}, Source: ${hostName(source)}, Destination: ${target.name}).`,
          vmId: vm.id,
          hostId: source,
          correlationId: ctx.correlationId,
        });
        endJob(job.id, false);
        return;
      }
      const seconds = Math.max(1, Math.round((now() - m.startedAt) / 1000));
      vm.migration = undefined;
      vm.hostId = target.id;
      setStatus(vm, previous === 'paused' ? 'paused' : 'up');
      addEvent({
        code: 63,
        severity: 'normal',
        description: `Migration completed (VM: ${vm.name}, Source: ${hostName(source)}, Destination: ${target.name}, Duration: ${String(seconds)} seconds, Total: ${String(seconds)} seconds, Actual downtime: 85ms)`,
        vmId: vm.id,
        hostId: target.id,
        correlationId: ctx.correlationId,
      });
      endJob(job.id, true);
    };
    chain(
      vmTasks,
      vm.id,
      willFail
        ? [progress(25), progress(50), finish]
        : [progress(25), progress(50), progress(75), finish],
    );
    return job.id;
  }

  function abortMigration(vm: VmRecord, cancelled: boolean, ctx?: ActionContext): void {
    const m = vm.migration;
    if (!m) return;
    scheduler.cancel(vmTasks.get(vm.id));
    vmTasks.delete(vm.id);
    vm.migration = undefined;
    vm.hostId = m.sourceHostId;
    setStatus(vm, 'up');
    if (cancelled) {
      // The engine's VM_CANCEL_MIGRATION (161), logged by CancelMigrateVmCommand.
      addEvent({
        code: 161,
        severity: 'normal',
        description: `Migration cancelled (VM: ${vm.name}, Source: ${hostName(m.sourceHostId)}, User: ${ADMIN_USER_NAME}).`,
        vmId: vm.id,
        hostId: m.sourceHostId,
        correlationId: ctx?.correlationId,
      });
    }
    const job = m.jobId ? state.jobs.get(m.jobId) : undefined;
    if (job && job.status === 'started') {
      job.status = 'aborted';
      job.endTime = now();
      job.lastUpdated = now();
      for (const s of job.steps)
        if (s.status === 'started') {
          s.status = 'aborted';
          s.endTime = now();
        }
    }
  }

  function vmMigrate(
    vm: VmRecord,
    params: VmActionParams,
    ctx: ActionContext,
    rule: FailActionRule | undefined,
  ): ActionResult {
    let target: HostRecord | undefined;
    if (params.host && (params.host.id || params.host.name)) {
      target = params.host.id ? state.hosts.get(params.host.id) : findHost(params.host.name ?? '');
      if (!target) return fail(404, '');
    }
    // The closure: the VMs tied to this one by positive enforcing affinity that run on its host.
    const group = params.affinityClosure
      ? affinityClosure(schedulingModel, state.vms, vm).filter(
          (v) => v.id === vm.id || (v.hostId === vm.hostId && !v.migration),
        )
      : [vm];
    for (const member of group) {
      const invalid = validateMigration(member, target, params.force ?? false, group);
      if (invalid) return invalid;
    }
    if (!target) {
      const picked = scheduleGroup(group, vm.hostId);
      if (!picked.host) {
        return cannot(
          409,
          'Cannot migrate VM. There is no host that satisfies current scheduling constraints. See below for details:',
          ...picked.reasons,
        );
      }
      target = picked.host;
    }
    const jobId = startMigration(vm, target, ctx, rule);
    for (const member of group) {
      if (member.id !== vm.id) startMigration(member, target, ctx, findFailRule(member, 'migrate'));
    }
    return { ok: true, status: 200, jobId };
  }

  function vmClone(vm: VmRecord, params: VmActionParams, ctx: ActionContext): ActionResult {
    const name = params.name?.trim() ?? '';
    if (!name) return fail(400, 'Action [vm.name] required for clone', 'Incomplete parameters');
    if (vm.status !== 'down') {
      return vm.status === 'image_locked'
        ? cannot(409, 'Cannot clone VM: VM is locked. Please try again in a few minutes.')
        : cannot(409, 'Cannot clone VM. VM is running.');
    }
    if (vmByName.has(name.toLowerCase())) {
      return cannot(
        409,
        'Cannot clone VM. The VM name is already in use, please choose a unique name and try again.',
      );
    }
    const job = createJob(`Cloning VM ${vm.name}`, ctx, { vmId: vm.id });
    const clone: VmRecord = {
      ...vm,
      id: random.uuid(),
      name,
      status: 'image_locked',
      hostId: undefined,
      startTime: undefined,
      stopTime: undefined,
      migration: undefined,
      creationTime: now(),
      nics: vm.nics.map((n) => ({
        ...n,
        id: random.uuid(),
        mac: `56:6f:${random.hex(1)}:${random.hex(1)}:${random.hex(1)}:${random.hex(1)}`,
        ips: [],
      })),
      disks: vm.disks.map((d) => ({
        ...d,
        id: random.uuid(),
        name: d.name.replace(vm.name, name),
      })),
      snapshots: [
        {
          id: random.uuid(),
          description: 'Active VM',
          date: now(),
          type: 'active',
          persistMemory: false,
        },
      ],
    };
    state.vms.set(clone.id, clone);
    vmByName.set(name.toLowerCase(), clone.id);
    // The source is locked while its disks are copied, as the engine does.
    setStatus(vm, 'image_locked');
    addEvent({
      code: 1085,
      severity: 'normal',
      description: `VM ${name} was created by ${ADMIN_USER_NAME}.`,
      vmId: clone.id,
      correlationId: ctx.correlationId,
    });
    chain(vmTasks, clone.id, [
      () => undefined,
      () => {
        setStatus(clone, 'down');
        setStatus(vm, 'down');
        addEvent({
          code: 1086,
          severity: 'normal',
          description: `VM ${name} creation has been completed.`,
          vmId: clone.id,
          correlationId: ctx.correlationId,
        });
        endJob(job.id, true);
      },
    ]);
    return { ok: true, status: 200, jobId: job.id };
  }

  function vmAction(
    vmId: string,
    action: VmActionName,
    params: VmActionParams,
    ctx: ActionContext,
  ): ActionResult {
    const vm = state.vms.get(vmId);
    if (!vm) return fail(404, '');
    const rule = findFailRule(vm, action);
    if (rule && (rule.mode ?? 'reject') === 'reject')
      return rejectByRule(rule, VERB[action] ?? action, 'VM');
    if (!originAllows(vm, action))
      return cannot(
        409,
        `Cannot ${VERB[action] ?? action} VM. This VM is not managed by the engine.`,
      );
    switch (action) {
      case 'start':
        return vmStart(vm, ctx, rule);
      case 'stop':
        return vmStop(vm, false, ctx, rule, params.reason);
      case 'shutdown':
        return vmStop(vm, true, ctx, rule, params.reason);
      case 'reboot':
        return vmReboot(vm, ctx, rule);
      case 'suspend':
        return vmSuspend(vm, ctx, rule);
      case 'migrate':
        return vmMigrate(vm, params, ctx, rule);
      case 'cancelmigration': {
        if (vm.status !== 'migrating')
          return cannot(409, 'Cannot cancel migration for non migrating VM.');
        const job = createJob(`Cancelling migration of VM ${vm.name}`, ctx, { vmId: vm.id });
        abortMigration(vm, true, ctx);
        endJob(job.id, true);
        return { ok: true, status: 200, jobId: job.id };
      }
      case 'clone':
        return vmClone(vm, params, ctx);
    }
  }

  // ---- hosts ------------------------------------------------------------------------------

  function evacuationTick(
    host: HostRecord,
    ctx: ActionContext,
    job: JobRecord,
    reported: Set<string>,
    attempted: Set<string>,
  ): void {
    if (host.status !== 'preparing_for_maintenance') return;
    let remaining = 0;
    for (const vm of state.vms.values()) {
      if (vm.hostId !== host.id || !vmIsRunning(vm)) continue;
      remaining++;
      if (vm.migration || !MIGRATABLE.has(vm.status)) continue;
      const invalid =
        vm.affinity === 'pinned'
          ? cannot(409, 'Cannot migrate VM. VM is pinned to Host.')
          : undefined;
      // One migration attempt per VM, like the engine: a failed one leaves the host in
      // preparing_for_maintenance until the admin moves or stops the VM (ticking below notices).
      const group = affinityClosure(schedulingModel, state.vms, vm).filter(
        (v) => v.id === vm.id || (v.hostId === host.id && !v.migration && !attempted.has(v.id)),
      );
      const picked =
        invalid || attempted.has(vm.id) ? undefined : scheduleGroup(group, host.id).host;
      if (!picked) {
        if (!reported.has(vm.id)) {
          reported.add(vm.id);
          addEvent({
            code: 17,
            severity: 'error',
            description: `Failed to switch Host ${host.name} to Maintenance mode. Failed to migrate VM ${vm.name}.`,
            vmId: vm.id,
            hostId: host.id,
            correlationId: ctx.correlationId,
          });
        }
        continue;
      }
      for (const member of group) {
        attempted.add(member.id);
        startMigration(
          member,
          picked,
          ctx,
          findFailRule(member, 'migrate'),
          `Migrating VM ${member.name} because previous Host ${host.name} is in maintenance`,
        );
      }
    }
    if (remaining === 0) {
      host.status = 'maintenance';
      host.statusDetail = undefined;
      host.spm = false;
      addEvent({
        code: 18,
        severity: 'normal',
        description: `Host ${host.name} was switched to Maintenance Mode.`,
        hostId: host.id,
        correlationId: ctx.correlationId,
      });
      endJob(job.id, true);
      touch();
      return;
    }
    chain(hostTasks, host.id, [
      () => {
        evacuationTick(host, ctx, job, reported, attempted);
      },
    ]);
  }

  function hostAction(
    hostId: string,
    action: 'activate' | 'deactivate',
    ctx: ActionContext,
    params: { reason?: string } = {},
  ): ActionResult {
    const host = state.hosts.get(hostId);
    if (!host) return fail(404, '');
    const rule = findFailRule(host, action);
    if (rule && (rule.mode ?? 'reject') === 'reject')
      return rejectByRule(rule, VERB[action] ?? action, 'Host');
    if (action === 'activate') {
      if (host.status === 'up') return cannot(409, 'Cannot activate Host. Host in Up status.');
      const job = createJob(`Activating Host ${host.name}`, ctx, { hostId: host.id });
      scheduler.cancel(hostTasks.get(host.id));
      host.status = 'unassigned';
      host.maintenanceReason = undefined;
      touch();
      addEvent({
        code: 16,
        severity: 'normal',
        description: `Activation of host ${host.name} initiated by ${ADMIN_USER_NAME}.`,
        hostId: host.id,
        correlationId: ctx.correlationId,
        user: true,
      });
      chain(hostTasks, host.id, [
        () => {
          host.status = 'initializing';
        },
        () => {
          if (rule?.mode === 'async') {
            host.status = 'non_operational';
            host.statusDetail = 'network_unreachable';
            addEvent({
              code: 519,
              severity: 'error',
              description:
                rule.detail ??
                `Host ${host.name} does not comply with the cluster ${state.clusters.get(host.clusterId)?.name ?? ''} networks.`,
              hostId: host.id,
              correlationId: ctx.correlationId,
            });
            endJob(job.id, false);
            return;
          }
          host.status = 'up';
          host.statusDetail = undefined;
          addEvent({
            code: 13,
            severity: 'normal',
            description: `Status of host ${host.name} was set to Up.`,
            hostId: host.id,
            correlationId: ctx.correlationId,
          });
          endJob(job.id, true);
        },
      ]);
      return { ok: true, status: 200, jobId: job.id };
    }
    if (host.status === 'maintenance' || host.status === 'preparing_for_maintenance') {
      return cannot(
        409,
        'Cannot switch Host to Maintenance mode. Host is already in Maintenance mode.',
      );
    }
    if (
      host.status !== 'up' &&
      host.status !== 'non_operational' &&
      host.status !== 'non_responsive' &&
      host.status !== 'error'
    ) {
      return cannot(
        409,
        `Cannot switch Host to Maintenance mode. Operation can be performed only when Host status is Up.`,
      );
    }
    const job = createJob(`Moving Host ${host.name} to Maintenance`, ctx, { hostId: host.id });
    host.status = 'preparing_for_maintenance';
    host.statusDetail = undefined;
    // MaintenanceVdsCommand: USER_VDS_MAINTENANCE (600) names the reason; without one it is
    // USER_VDS_MAINTENANCE_WITHOUT_REASON (620). The engine itself never requires the reason.
    const reason = params.reason?.trim() ? params.reason : undefined;
    host.maintenanceReason = reason;
    touch();
    addEvent({
      code: reason ? 600 : 620,
      severity: 'normal',
      description: reason
        ? `Host ${host.name} was switched to Maintenance mode by ${ADMIN_USER_NAME} (Reason: ${reason}).`
        : `Host ${host.name} was switched to Maintenance mode by ${ADMIN_USER_NAME}.`,
      hostId: host.id,
      correlationId: ctx.correlationId,
      user: true,
    });
    chain(hostTasks, host.id, [
      () => {
        evacuationTick(host, ctx, job, new Set(), new Set());
      },
    ]);
    return { ok: true, status: 200, jobId: job.id };
  }

  // ---- CRUD -------------------------------------------------------------------------------

  function findCluster(idOrName: string): ClusterRecord | undefined {
    const byId = state.clusters.get(idOrName);
    if (byId) return byId;
    const lower = idOrName.toLowerCase();
    for (const c of state.clusters.values()) if (c.name.toLowerCase() === lower) return c;
    return undefined;
  }

  function findTemplate(idOrName: string): TemplateRecord | undefined {
    const byId = state.templates.get(idOrName);
    if (byId) return byId;
    const lower = idOrName.toLowerCase();
    for (const t of state.templates.values()) if (t.name.toLowerCase() === lower) return t;
    return undefined;
  }

  function findHost(idOrName: string): HostRecord | undefined {
    const byId = state.hosts.get(idOrName);
    if (byId) return byId;
    const lower = idOrName.toLowerCase();
    for (const h of state.hosts.values()) if (h.name.toLowerCase() === lower) return h;
    return undefined;
  }

  function findVm(idOrName: string): VmRecord | undefined {
    return state.vms.get(idOrName) ?? state.vms.get(vmByName.get(idOrName.toLowerCase()) ?? '');
  }

  const VALID_NAME = /^[\w.-]{1,255}$/u;

  function createVm(
    p: VmCreateParams,
    ctx: ActionContext,
  ): { ok: true; vm: VmRecord } | Extract<ActionResult, { ok: false }> {
    if (!p.cluster?.id && !p.cluster?.name)
      return fail(400, 'Vm [cluster.id|name] required for add', 'Incomplete parameters');
    if (!p.name) return fail(400, 'Vm [name] required for add', 'Incomplete parameters');
    if (!p.template?.id && !p.template?.name)
      return fail(400, 'Vm [template.id|name] required for add', 'Incomplete parameters');
    const cluster = p.cluster.id
      ? state.clusters.get(p.cluster.id)
      : findCluster(p.cluster.name ?? '');
    if (!cluster) return fail(404, '');
    const template = p.template.id
      ? state.templates.get(p.template.id)
      : findTemplate(p.template.name ?? '');
    if (!template) return fail(404, '');
    if (!VALID_NAME.test(p.name)) {
      return cannot(
        400,
        "Cannot add VM. The given name contains special characters. Only lower-case and upper-case letters, numbers, '_', '-', '.' are allowed.",
      );
    }
    if (vmByName.has(p.name.toLowerCase())) {
      return cannot(
        409,
        'Cannot add VM. The VM name is already in use, please choose a unique name and try again.',
      );
    }
    const t = now();
    const memory = p.memory ?? template.memory;
    const vm: VmRecord = {
      id: random.uuid(),
      name: p.name,
      description: p.description ?? '',
      comment: p.comment ?? '',
      clusterId: cluster.id,
      templateId: template.id,
      status: 'down',
      memory,
      guaranteedMemory: memory,
      sockets: p.sockets ?? template.sockets,
      cores: p.cores ?? template.cores,
      threads: 1,
      os: template.os,
      type: 'server',
      affinity: 'migratable',
      highAvailability: false,
      stateless: false,
      deleteProtected: false,
      creationTime: t,
      stopReason: '',
      nics: [],
      disks: [],
      snapshots: [
        {
          id: random.uuid(),
          description: 'Active VM',
          date: t,
          type: 'active',
          persistMemory: false,
        },
      ],
      phase: random.next() * Math.PI * 2,
    };
    state.vms.set(vm.id, vm);
    vmByName.set(vm.name.toLowerCase(), vm.id);
    addEvent({
      code: 34,
      severity: 'normal',
      description: `VM ${vm.name} was created by ${ADMIN_USER_NAME}.`,
      vmId: vm.id,
      correlationId: ctx.correlationId,
      user: true,
    });
    touch();
    return { ok: true, vm };
  }

  function updateVm(
    vmId: string,
    p: VmCreateParams,
    ctx: ActionContext,
  ): { ok: true; vm: VmRecord } | Extract<ActionResult, { ok: false }> {
    const vm = state.vms.get(vmId);
    if (!vm) return fail(404, '');
    if (vm.status === 'image_locked')
      return cannot(409, 'Cannot update VM: VM is locked. Please try again in a few minutes.');
    if (p.name !== undefined && p.name !== vm.name) {
      if (!VALID_NAME.test(p.name)) {
        return cannot(
          400,
          "Cannot update VM. The given name contains special characters. Only lower-case and upper-case letters, numbers, '_', '-', '.' are allowed.",
        );
      }
      const other = vmByName.get(p.name.toLowerCase());
      if (other && other !== vm.id) {
        return cannot(
          409,
          'Cannot update VM. The VM name is already in use, please choose a unique name and try again.',
        );
      }
      vmByName.delete(vm.name.toLowerCase());
      vm.name = p.name;
      vmByName.set(vm.name.toLowerCase(), vm.id);
    }
    if (p.description !== undefined) vm.description = p.description;
    if (p.comment !== undefined) vm.comment = p.comment;
    if (p.memory !== undefined) {
      if (vmIsRunning(vm) && p.memory < vm.memory) {
        return cannot(
          409,
          'Cannot update VM. Memory can not be decreased while the VM is running.',
        );
      }
      vm.memory = p.memory;
      vm.guaranteedMemory = Math.min(vm.guaranteedMemory, p.memory);
    }
    if (p.sockets !== undefined) vm.sockets = p.sockets;
    if (p.cores !== undefined) vm.cores = p.cores;
    addEvent({
      code: 35,
      severity: 'normal',
      description: `VM ${vm.name} configuration was updated by ${ADMIN_USER_NAME}.`,
      vmId: vm.id,
      correlationId: ctx.correlationId,
      user: true,
    });
    touch();
    return { ok: true, vm };
  }

  function removeVm(vmId: string, ctx: ActionContext): ActionResult {
    const vm = state.vms.get(vmId);
    if (!vm) return fail(404, '');
    if (vm.status === 'suspended') {
      return cannot(
        409,
        'Cannot remove VM that its state is not down. Please power off the VM before removing it.',
      );
    }
    if (vm.status === 'image_locked')
      return cannot(409, 'Cannot remove VM: VM is locked. Please try again in a few minutes.');
    if (vm.status !== 'down') return cannot(409, 'Cannot remove VM. VM is running.');
    if (vm.deleteProtected)
      return cannot(
        409,
        'Cannot remove VM. Delete protection is enabled. In order to delete, disable Delete protection first.',
      );
    const job = createJob(`Removing VM ${vm.name} from system`, ctx, { vmId: vm.id });
    state.vms.delete(vm.id);
    vmByName.delete(vm.name.toLowerCase());
    scheduler.cancel(vmTasks.get(vm.id));
    addEvent({
      code: 113,
      severity: 'normal',
      description: `VM ${vm.name} was successfully removed.`,
      // The audit entry keeps the removed VM's id (RemoveVmCommand is a VmCommand), and the
      // REST event names it: a client watching events can drop the VM by id.
      vmId: vm.id,
      vmName: vm.name,
      clusterId: vm.clusterId,
      correlationId: ctx.correlationId,
      user: true,
    });
    endJob(job.id, true);
    return { ok: true, status: 200, jobId: job.id };
  }

  function restoreSnapshot(vmId: string, snapshotId: string, ctx: ActionContext): ActionResult {
    const vm = state.vms.get(vmId);
    const snapshot = vm?.snapshots.find((x) => x.id === snapshotId);
    if (!vm || !snapshot) return fail(404, '');
    if (vm.status === 'image_locked') {
      return cannot(
        409,
        'Cannot revert to Snapshot: VM is locked. Please try again in a few minutes.',
      );
    }
    if (vm.status !== 'down')
      return cannot(409, 'Cannot revert to Snapshot. At least one of the VMs is not down.');
    // Unconfirmed wording; the engine refuses to restore the "Active VM" entry itself.
    if (snapshot.type === 'active')
      return cannot(409, 'Cannot revert to Snapshot. The Active VM snapshot cannot be restored.');
    const job = createJob(`Restoring VM Snapshot ${snapshot.description} of VM ${vm.name}`, ctx, {
      vmId: vm.id,
    });
    setStatus(vm, 'image_locked');
    addEvent({
      code: 99,
      severity: 'normal',
      description: `Snapshot-Restore ${snapshot.description} for VM ${vm.name} was initiated by ${ADMIN_USER_NAME}.`,
      vmId: vm.id,
      correlationId: ctx.correlationId,
      user: true,
    });
    chain(vmTasks, vm.id, [
      () => {
        setStatus(vm, 'down');
        addEvent({
          code: 100,
          severity: 'normal',
          description: `VM ${vm.name} restoring from Snapshot has been completed.`,
          vmId: vm.id,
          correlationId: ctx.correlationId,
        });
        endJob(job.id, true);
      },
    ]);
    return { ok: true, status: 200, jobId: job.id };
  }

  // ---- snapshots (CreateSnapshotForVmCommand, RemoveSnapshotCommand) -----------------------

  /** Validations both commands share, in the engine's order; wording from AppErrors. */
  function snapshotRefusal(
    vm: VmRecord,
    action: 'create' | 'remove',
  ): Extract<ActionResult, { ok: false }> | undefined {
    if (vm.status === 'image_locked')
      return cannot(
        409,
        `Cannot ${action} Snapshot: VM is locked. Please try again in a few minutes.`,
      );
    if (vm.snapshots.some((x) => x.status === 'locked'))
      return cannot(
        409,
        `Cannot ${action} Snapshot. The VM is performing an operation on a Snapshot. Please wait for the operation to finish, and try again.`,
      );
    if (action === 'create' && vm.status === 'migrating')
      return cannot(409, 'Cannot create Snapshot. VM migration is in progress');
    if (action === 'create' && (vm.status === 'saving_state' || vm.status === 'restoring_state'))
      return cannot(
        409,
        'Cannot create Snapshot. VM is in saving/restoring state.\n-Please try again when the VM is either up or down.',
      );
    return undefined;
  }

  function createSnapshot(
    vmId: string,
    params: { description?: string; persistMemory?: boolean },
    ctx: ActionContext,
  ): { ok: true; snapshot: SnapshotRecord; jobId: string } | Extract<ActionResult, { ok: false }> {
    const vm = state.vms.get(vmId);
    if (!vm) return cannot(400, 'Cannot create Snapshot. VM is not found.');
    const description = params.description?.trim() ?? '';
    if (description === '')
      return fail(400, 'Snapshot [description] required for add', 'Incomplete parameters');
    const refused = snapshotRefusal(vm, 'create');
    if (refused) return refused;
    const snapshot: SnapshotRecord = {
      id: random.uuid(),
      description,
      date: now(),
      type: 'regular',
      persistMemory: (params.persistMemory ?? false) && vmIsRunning(vm),
      status: 'locked',
    };
    // The "Active VM" entry stays last, as the engine lists it.
    const active = vm.snapshots.findIndex((x) => x.type === 'active');
    vm.snapshots.splice(active < 0 ? vm.snapshots.length : active, 0, snapshot);
    const job = createJob(`Creating VM Snapshot ${description} for VM ${vm.name}`, ctx, {});
    addEvent({
      code: 45,
      severity: 'normal',
      description: `Snapshot '${description}' creation for VM '${vm.name}' was initiated by ${ADMIN_USER_NAME}.`,
      vmId: vm.id,
      correlationId: ctx.correlationId,
      user: true,
    });
    chain(snapshotTasks, snapshot.id, [
      () => undefined,
      () => {
        snapshot.status = 'ok';
        addEvent({
          code: 68,
          severity: 'normal',
          description: `Snapshot '${description}' creation for VM '${vm.name}' has been completed.`,
          vmId: vm.id,
          correlationId: ctx.correlationId,
        });
        endJob(job.id, true);
      },
    ]);
    touch();
    return { ok: true, snapshot, jobId: job.id };
  }

  function removeSnapshot(vmId: string, snapshotId: string, ctx: ActionContext): ActionResult {
    const vm = state.vms.get(vmId);
    const snapshot = vm?.snapshots.find((x) => x.id === snapshotId);
    if (!vm || !snapshot) return fail(404, '');
    const refused = snapshotRefusal(vm, 'remove');
    if (refused) return refused;
    if (snapshot.type !== 'regular')
      return cannot(
        409,
        'Cannot remove Snapshot. The operation is only allowed for regular snapshots.',
      );
    snapshot.status = 'locked';
    const job = createJob(`Removing Snapshot ${snapshot.description} of VM ${vm.name}`, ctx, {});
    addEvent({
      code: 342,
      severity: 'normal',
      description: `Snapshot '${snapshot.description}' deletion for VM '${vm.name}' was initiated by ${ADMIN_USER_NAME}.`,
      vmId: vm.id,
      correlationId: ctx.correlationId,
      user: true,
    });
    chain(snapshotTasks, snapshot.id, [
      () => undefined,
      () => {
        vm.snapshots = vm.snapshots.filter((x) => x !== snapshot);
        addEvent({
          code: 356,
          severity: 'normal',
          description: `Snapshot '${snapshot.description}' deletion for VM '${vm.name}' has been completed.`,
          vmId: vm.id,
          correlationId: ctx.correlationId,
        });
        endJob(job.id, true);
      },
    ]);
    touch();
    return { ok: true, status: 200, jobId: job.id };
  }

  // ---- auth -------------------------------------------------------------------------------

  function tokenValid(token: string, count: boolean): boolean {
    const t = tokens.get(token);
    if (!t) return false;
    const expiry = faults.current.tokenExpiry;
    if (expiry) {
      const since = Math.max(t.issuedAt, faults.tokenExpirySince);
      if (expiry.afterMs !== undefined && now() - since >= expiry.afterMs) return false;
      if (expiry.afterRequests !== undefined && t.used >= expiry.afterRequests) return false;
    }
    if (count) t.used++;
    return true;
  }

  const hostPower = createHostPower({
    hosts: state.hosts,
    vms: state.vms,
    clusters: state.clusters,
    addEvent,
    createJob,
    endJob,
    chainHost: (hostId, steps) => {
      chain(hostTasks, hostId, steps);
    },
    setVmStatus: setStatus,
    findFailRule,
    touch,
    now,
  });

  load({});

  const engine: Engine = {
    options: resolved,
    state,
    scheduler,
    faults,
    get random() {
      return random;
    },
    get version() {
      return version;
    },
    requestLog: {
      entries: () => log,
      record(entry) {
        seq++;
        log.push({ seq, ...entry });
        // Bound memory for long demo sessions; tests read far fewer entries than this.
        if (log.length > 10_000) log = log.slice(-5_000);
      },
      clear() {
        log = [];
      },
    },
    now,
    touch,
    issueToken() {
      const token = randomToken();
      tokens.set(token, { issuedAt: now(), used: 0 });
      return token;
    },
    useToken: (token) => tokenValid(token, true),
    issueSession() {
      const id = randomToken().slice(0, 32);
      sessions.add(id);
      return id;
    },
    useSession: (id) => sessions.has(id),
    endSession(id) {
      sessions.delete(id);
    },
    reset(o = {}) {
      load(o);
      faults.clear();
      log = [];
    },
    close() {
      scheduler.clear();
      vmTasks.clear();
      hostTasks.clear();
    },
    findVm,
    findHost,
    findCluster,
    findTemplate,
    hostLoad,
    get scheduling() {
      return schedulingModel;
    },
    clusterPolicy,
    schedulingRefusals,
    sortedVms() {
      if (!sortedCache || sortedCache.version !== version) {
        const list = [...state.vms.values()].sort((a, b) =>
          a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
        );
        sortedCache = { version, list };
      }
      return sortedCache.list;
    },
    vmAction,
    hostAction,
    hostFence: hostPower.fence,
    createVm,
    updateVm,
    removeVm,
    restoreSnapshot,
    createSnapshot,
    removeSnapshot,
    addEvent,
  };
  return engine;
}
