/**
 * The simulated engine's HTTP surface, independent of any transport: MSW handlers, the connect
 * middleware and the standalone server all call `handleEngineRequest`. Behaviour follows
 * shared/reference/engine-rest-api.md; section numbers below refer to it.
 */
import type {
  ActionContext,
  ActionResult,
  Engine,
  VmActionName,
  VmActionParams,
  VmCreateParams,
} from '../model/engine';
import { parseFaultPatch } from '../model/faults';
import { SCENARIOS, isScenario } from '../model/fleet';
import {
  compileSearch,
  runSearch,
  SearchSyntaxError,
  type CompiledSearch,
  type SearchSpec,
} from '../model/search';
import {
  clusterSearchSpec,
  dataCenterSearchSpec,
  eventSearchSpec,
  hostSearchSpec,
  jobSearchSpec,
  templateSearchSpec,
  vmSearchSpec,
} from '../model/searchFields';
import { networks, storageDomains, users, vnicProfiles, type NamedWire } from '../model/infra';
import { nicStatistics } from '../model/stats';
import { clusterUpgrade, hostUpgrade, hostUpgradeCheck, setUpdates } from '../model/upgrade';
import { applyLab, fenceAgentWire, hookWire } from '../model/hooks';
import { FENCE_TYPES, isFenceType } from '../model/hostPower';
import type { HostRecord, VmRecord } from '../model/types';
import {
  apiRootWire,
  dataCenterWire,
  diskAttachmentWire,
  diskWire,
  eventWire,
  hostNicWire,
  hostStatisticsWire,
  hostWire,
  jobWire,
  nicStatisticWire,
  ref,
  reportedDevicesWire,
  snapshotWire,
  cdromWire,
  CDROM_ID,
  stepWire,
  templateWire,
  vmNicWire,
  vmStatisticsWire,
  vmWire,
  wrap,
  type Json,
} from '../model/wire';
import { followClusterWire, followHost, followVm, parseFollow, type FollowTree } from './follow';
import {
  emptyResponse,
  jsonResponse,
  type EngineHttpRequest,
  type EngineHttpResponse,
} from './http';
import { localizeFaultBody } from './locale';
import { routeScheduling } from './schedulingRoutes';
import { affinityClosure } from '../model/scheduling';

const API_PREFIX = '/ovirt-engine/api';
const SSO_TOKEN_PATH = '/ovirt-engine/sso/oauth/token';
const CONTROL_PREFIX = '/__engine';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CORRELATION_ID = /^[0-9a-zA-Z_-]{1,36}$/;
const ADMIN = { user: 'admin@internal', password: 'ovirt' };

/** The servlet container's error page: not JSON, clients must not parse it (§1.6). */
const UNAUTHORIZED_BODY = '<html><head><title>Error</title></head><body>Unauthorized</body></html>';

const VM_ACTIONS_IMPLEMENTED: ReadonlySet<string> = new Set([
  'start',
  'stop',
  'shutdown',
  'reboot',
  'suspend',
  'migrate',
  'cancelmigration',
  'clone',
]);

const VM_VERBS: Record<string, string> = {
  start: 'run',
  suspend: 'hibernate',
  cancelmigration: 'cancel migration for',
};

class HttpFailure extends Error {
  constructor(readonly response: EngineHttpResponse) {
    super(`HTTP ${String(response.status)}`);
  }
}

const notFound = (): HttpFailure => new HttpFailure(emptyResponse(404));

function bareFault(status: number, reason: string, detail?: string): HttpFailure {
  return new HttpFailure(
    jsonResponse(status, detail === undefined ? { reason } : { reason, detail }),
  );
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    if (typeof t === 'object' && 'unref' in t) t.unref();
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Action parameters are echoed back with the engine's scalar encoding (§5.3: `"async": "false"`). */
function echo(value: unknown): unknown {
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(echo);
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = echo(v);
    return out;
  }
  return value;
}

/** Input accepts native JSON booleans and the string forms (§2.4 notes). */
function inBool(v: unknown): boolean | undefined {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return undefined;
}

function inInt(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

function inRef(v: unknown): { id?: string; name?: string } | undefined {
  if (!isRecord(v)) return undefined;
  return {
    id: typeof v.id === 'string' ? v.id : undefined,
    name: typeof v.name === 'string' ? v.name : undefined,
  };
}

interface Ctx {
  engine: Engine;
  req: EngineHttpRequest;
  method: string;
  segments: string[];
  params: Map<string, string>;
  correlationId: string;
  json: () => unknown;
}

function param(ctx: Ctx, name: string): string | undefined {
  return ctx.params.get(name);
}

function maxParam(ctx: Ctx): number | undefined {
  const v = param(ctx, 'max');
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n))
    throw bareFault(400, 'Invalid value', `Value "${v}" isn't a valid integer.`);
  // -1 means "no limit" in the engine's search backend.
  return n < 0 ? undefined : n;
}

function compile<T>(ctx: Ctx, spec: SearchSpec<T>): CompiledSearch<T> | undefined {
  const q = param(ctx, 'search');
  if (q === undefined || q.trim() === '') return undefined;
  try {
    return compileSearch(spec, q, inBool(param(ctx, 'case_sensitive')) ?? false);
  } catch (e) {
    if (e instanceof SearchSyntaxError) {
      // §4.2: invalid search text → 400 with the syntax error as detail (wording unconfirmed).
      throw bareFault(400, 'Operation Failed', `[Syntax error in search query: ${e.message}]`);
    }
    throw e;
  }
}

function listOf<T>(ctx: Ctx, items: readonly T[], spec: SearchSpec<T>): T[] {
  return runSearch(items, compile(ctx, spec), maxParam(ctx));
}

function requireId(id: string | undefined): string {
  if (!id || !UUID.test(id)) throw notFound();
  return id;
}

function actionCtx(ctx: Ctx): ActionContext {
  return { correlationId: ctx.correlationId };
}

function actionResponse(
  body: Json,
  result: ActionResult,
  item: { kind: 'vms' | 'hosts'; id: string },
): EngineHttpResponse {
  const echoed = echo(body) as Json;
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    // §5.3: action failures are the action echoed back with a nested fault.
    return jsonResponse(result.status, {
      ...echoed,
      fault: { reason: result.reason, detail: result.detail },
      status: 'failed',
    });
  }
  const out: Json = { ...echoed };
  if (result.status === 202) {
    out.async = 'true';
    out.status = 'pending';
  } else {
    out.status = 'complete';
  }
  if (result.jobId) out.job = ref('jobs', result.jobId);
  out[item.kind === 'vms' ? 'vm' : 'host'] = ref(item.kind, item.id);
  return jsonResponse(result.status, out);
}

/** `POST /clusters/{id}/upgrade` (4.5 cluster upgrade mode), logic in model/upgrade.ts. */
function routeClusterUpgrade(ctx: Ctx): EngineHttpResponse {
  const cluster = ctx.engine.state.clusters.get(requireId(ctx.segments[1]));
  if (!cluster) throw notFound();
  const body = ctx.json();
  const b = isRecord(body) ? body : {};
  const percent = Number(b.upgrade_percent_complete);
  const result = clusterUpgrade(
    ctx.engine,
    cluster.id,
    {
      ...(typeof b.upgrade_action === 'string' ? { action: b.upgrade_action } : {}),
      ...(b.upgrade_percent_complete !== undefined ? { percent } : {}),
      ...(typeof b.correlation_id === 'string' ? { correlationId: b.correlation_id } : {}),
    },
    actionCtx(ctx),
  );
  const echoed = echo(body) as Json;
  if (!result.ok) {
    return jsonResponse(result.status, {
      ...echoed,
      fault: { reason: result.reason, detail: result.detail },
      status: 'failed',
    });
  }
  return jsonResponse(200, { ...echoed, status: 'complete', cluster: ref('clusters', cluster.id) });
}

function crudFailure(result: Extract<ActionResult, { ok: false }>): HttpFailure {
  if (result.status === 404) return notFound();
  return bareFault(result.status, result.reason, result.detail);
}

function vmCreateParams(body: unknown): VmCreateParams {
  if (!isRecord(body)) return {};
  return {
    name: typeof body.name === 'string' ? body.name : undefined,
    description: typeof body.description === 'string' ? body.description : undefined,
    comment: typeof body.comment === 'string' ? body.comment : undefined,
    cluster: inRef(body.cluster),
    template: inRef(body.template),
    memory: inInt(body.memory),
    sockets:
      isRecord(body.cpu) && isRecord(body.cpu.topology)
        ? inInt(body.cpu.topology.sockets)
        : undefined,
    cores:
      isRecord(body.cpu) && isRecord(body.cpu.topology)
        ? inInt(body.cpu.topology.cores)
        : undefined,
  };
}

/** `Filter: true` (user API, §1.5) hides where a VM runs. */
function filtered(ctx: Ctx): boolean {
  const v = (ctx.req.headers.get('Filter') ?? param(ctx, 'filter') ?? '').toLowerCase();
  return ['true', 't', 'yes', 'y', '1'].includes(v);
}

function vmOut(ctx: Ctx, vm: VmRecord, follow: FollowTree | undefined): Json {
  const w = followVm(ctx.engine, vm, vmWire(vm, ctx.engine), follow);
  if (filtered(ctx)) {
    delete w.host;
    delete w.placement_policy;
  }
  return w;
}

// ---- routes ---------------------------------------------------------------------------------

function routeVms(ctx: Ctx): EngineHttpResponse {
  const { engine, segments, method } = ctx;
  const follow = parseFollow(param(ctx, 'follow'));
  if (segments.length === 1) {
    if (method === 'GET') {
      const vms = listOf(ctx, engine.sortedVms(), vmSearchSpec(engine));
      return jsonResponse(
        200,
        wrap(
          'vm',
          vms.map((vm) => vmOut(ctx, vm, follow)),
        ),
      );
    }
    if (method === 'POST') {
      const result = engine.createVm(vmCreateParams(ctx.json()), actionCtx(ctx));
      if (!result.ok) throw crudFailure(result);
      const headers = new Headers({ Location: `${API_PREFIX}/vms/${result.vm.id}` });
      return jsonResponse(201, vmWire(result.vm, engine), headers);
    }
    throw methodNotAllowed();
  }
  const vm = engine.state.vms.get(requireId(segments[1]));
  if (!vm) {
    const action = segments[2] ?? '';
    if (method === 'POST' && segments.length === 3 && VM_ACTIONS_IMPLEMENTED.has(action)) {
      // Actions do not look the VM up first: the command's validation reports it (§5.3 table).
      const body = ctx.json();
      return jsonResponse(400, {
        ...(echo(isRecord(body) ? body : {}) as Json),
        fault: {
          reason: 'Operation Failed',
          detail: `[Cannot ${VM_VERBS[action] ?? action} VM. VM is not found.]`,
        },
        status: 'failed',
      });
    }
    throw notFound();
  }
  if (segments.length === 2) {
    if (method === 'GET') return jsonResponse(200, vmOut(ctx, vm, follow));
    if (method === 'PUT') {
      const result = engine.updateVm(vm.id, vmCreateParams(ctx.json()), actionCtx(ctx));
      if (!result.ok) throw crudFailure(result);
      return jsonResponse(200, vmWire(result.vm, engine));
    }
    if (method === 'DELETE') {
      const result = engine.removeVm(vm.id, actionCtx(ctx));
      if (!result.ok) throw crudFailure(result);
      if (inBool(param(ctx, 'async')) === true || ctx.req.headers.get('Expect') === '202-accepted')
        return emptyResponse(202);
      return jsonResponse(
        200,
        result.jobId
          ? { job: ref('jobs', result.jobId), status: 'complete' }
          : { status: 'complete' },
      );
    }
    throw methodNotAllowed();
  }
  const sub = segments[2] ?? '';
  if (sub === 'snapshots' && method === 'POST' && segments.length === 3) {
    const body = ctx.json();
    const b = isRecord(body) ? body : {};
    const result = engine.createSnapshot(
      vm.id,
      {
        description: typeof b.description === 'string' ? b.description : undefined,
        persistMemory: inBool(b.persist_memorystate),
      },
      actionCtx(ctx),
    );
    if (!result.ok) throw crudFailure(result);
    const headers = new Headers({
      Location: `${API_PREFIX}/vms/${vm.id}/snapshots/${result.snapshot.id}`,
    });
    return jsonResponse(201, snapshotWire(vm, result.snapshot), headers);
  }
  if (sub === 'snapshots' && method === 'DELETE' && segments.length === 4) {
    const result = engine.removeSnapshot(vm.id, requireId(segments[3]), actionCtx(ctx));
    if (!result.ok) throw crudFailure(result);
    if (inBool(param(ctx, 'async')) === true || ctx.req.headers.get('Expect') === '202-accepted')
      return emptyResponse(202);
    return jsonResponse(
      200,
      result.jobId
        ? { job: ref('jobs', result.jobId), status: 'complete' }
        : { status: 'complete' },
    );
  }
  if (method === 'POST' && segments.length === 3) {
    const body = ctx.json();
    const b = isRecord(body) ? body : {};
    if (!VM_ACTIONS_IMPLEMENTED.has(sub)) {
      if (!(vmWire(vm).actions as { link: { rel: string }[] }).link.some((l) => l.rel === sub))
        throw notFound();
      return jsonResponse(400, {
        ...(echo(b) as Json),
        fault: {
          reason: 'Operation Failed',
          detail: `[Cannot ${sub} VM. The simulated engine does not implement this action.]`,
        },
        status: 'failed',
      });
    }
    const params: VmActionParams = {
      host: inRef(b.host),
      force: inBool(b.force),
      affinityClosure: inBool(b.migrate_vms_in_affinity_closure),
      name: isRecord(b.vm) && typeof b.vm.name === 'string' ? b.vm.name : undefined,
      reason: typeof b.reason === 'string' && b.reason !== '' ? b.reason : undefined,
    };
    const result = engine.vmAction(vm.id, sub as VmActionName, params, actionCtx(ctx));
    return actionResponse(b, result, { kind: 'vms', id: vm.id });
  }
  if (
    method === 'POST' &&
    sub === 'snapshots' &&
    segments.length === 5 &&
    segments[4] === 'restore'
  ) {
    const body = ctx.json();
    const result = engine.restoreSnapshot(vm.id, requireId(segments[3]), actionCtx(ctx));
    return actionResponse(isRecord(body) ? body : {}, result, { kind: 'vms', id: vm.id });
  }
  if (method !== 'GET') throw methodNotAllowed();
  const subId = segments[3];
  switch (sub) {
    case 'nics': {
      if (segments.length === 3) {
        const withDevices = parseFollow(param(ctx, 'follow'))?.has('reporteddevices') ?? false;
        return jsonResponse(
          200,
          wrap(
            'nic',
            vm.nics.map((n) => {
              const w = vmNicWire(vm, n);
              if (withDevices)
                w.reported_devices = wrap('reported_device', reportedDevicesWire(vm, n));
              return w;
            }),
          ),
        );
      }
      const nic = vm.nics.find((n) => n.id === requireId(subId));
      if (!nic) throw notFound();
      if (segments.length === 4) return jsonResponse(200, vmNicWire(vm, nic));
      if (segments.length === 5 && segments[4] === 'reporteddevices') {
        return jsonResponse(200, wrap('reported_device', reportedDevicesWire(vm, nic)));
      }
      if (segments.length === 5 && segments[4] === 'statistics') {
        const stats = nicStatistics(
          vm.phase,
          vm.status === 'up' || vm.status === 'migrating',
          10_000_000_000,
          vm.startTime ?? 0,
          engine.now(),
        );
        return jsonResponse(
          200,
          wrap(
            'statistic',
            stats.map((st) => nicStatisticWire('vms', vm.id, nic.id, st)),
          ),
        );
      }
      throw notFound();
    }
    case 'reporteddevices':
      if (segments.length !== 3) throw notFound();
      return jsonResponse(
        200,
        wrap(
          'reported_device',
          vm.nics.flatMap((n) => reportedDevicesWire(vm, n)),
        ),
      );
    case 'diskattachments': {
      const withDisk = parseFollow(param(ctx, 'follow'))?.has('disk') ?? false;
      const wire = (i: number): Json => {
        const d = vm.disks[i];
        if (!d) throw notFound();
        const a = diskAttachmentWire(vm, d, i);
        if (withDisk) a.disk = diskWire(d);
        return a;
      };
      if (segments.length === 3)
        return jsonResponse(
          200,
          wrap(
            'disk_attachment',
            vm.disks.map((_, i) => wire(i)),
          ),
        );
      const index = vm.disks.findIndex((d) => d.id === requireId(subId));
      if (index < 0 || segments.length > 4) throw notFound();
      return jsonResponse(200, wire(index));
    }
    case 'snapshots': {
      if (segments.length === 3)
        return jsonResponse(
          200,
          wrap(
            'snapshot',
            vm.snapshots.map((s) => snapshotWire(vm, s)),
          ),
        );
      const s = vm.snapshots.find((x) => x.id === requireId(subId));
      if (!s || segments.length > 4) throw notFound();
      return jsonResponse(200, snapshotWire(vm, s));
    }
    case 'cdroms': {
      if (segments.length === 3) return jsonResponse(200, { cdrom: [cdromWire(vm)] });
      if (subId !== CDROM_ID || segments.length > 4) throw notFound();
      return jsonResponse(200, cdromWire(vm));
    }
    case 'statistics': {
      const stats = vmStatisticsWire(engine, vm);
      if (segments.length === 3) return jsonResponse(200, wrap('statistic', stats));
      const s = stats.find((x) => x.id === requireId(subId));
      if (!s || segments.length > 4) throw notFound();
      return jsonResponse(200, s);
    }
    default:
      if (
        segments.length === 3 &&
        (vmWire(vm).link as { rel: string }[]).some((l) => l.rel === sub)
      ) {
        return jsonResponse(200, {});
      }
      throw notFound();
  }
}

/**
 * `migration_target_of` (§4.1): hosts every listed VM could migrate to right now, the listed VMs
 * scheduled together (memory per VM, as before, and the policy's filters: pinning lists, affinity,
 * the VM cap). With `check_vms_in_affinity_closure=true` their affinity closures join the group.
 */
function migrationTargets(ctx: Ctx, hosts: HostRecord[], ids: string): HostRecord[] {
  const { engine } = ctx;
  let vms = ids
    .split(',')
    .map((id) => engine.state.vms.get(id.trim()))
    .filter((vm) => vm !== undefined);
  if (inBool(param(ctx, 'check_vms_in_affinity_closure')) === true) {
    const byId = new Map<string, VmRecord>();
    for (const vm of vms)
      for (const v of affinityClosure(engine.scheduling, engine.state.vms, vm)) byId.set(v.id, v);
    vms = [...byId.values()];
  }
  return hosts.filter((h) => {
    if (h.status !== 'up') return false;
    const free = h.memory - engine.hostLoad(h.id).committed;
    if (!vms.every((vm) => vm.clusterId === h.clusterId && vm.hostId !== h.id && free >= vm.memory))
      return false;
    return engine.schedulingRefusals(vms, h).every((r) => r.includes(' filter Memory '));
  });
}

function routeHosts(ctx: Ctx): EngineHttpResponse {
  const { engine, segments, method } = ctx;
  const follow = parseFollow(param(ctx, 'follow'));
  if (segments.length === 1) {
    if (method !== 'GET') throw methodNotAllowed();
    let hosts = [...engine.state.hosts.values()].sort((a, b) => a.name.localeCompare(b.name));
    const targetOf = param(ctx, 'migration_target_of');
    if (targetOf) hosts = migrationTargets(ctx, hosts, targetOf);
    hosts = listOf(ctx, hosts, hostSearchSpec(engine));
    return jsonResponse(
      200,
      wrap(
        'host',
        hosts.map((h) => followHost(engine, h, hostWire(engine, h), follow)),
      ),
    );
  }
  const host = engine.state.hosts.get(requireId(segments[1]));
  if (!host) throw notFound();
  if (segments.length === 2) {
    if (method !== 'GET') throw methodNotAllowed();
    return jsonResponse(200, followHost(engine, host, hostWire(engine, host), follow));
  }
  const sub = segments[2] ?? '';
  if (method === 'POST' && segments.length === 3) {
    const body = ctx.json();
    const b = isRecord(body) ? body : {};
    if (sub === 'activate' || sub === 'deactivate') {
      const reason = sub === 'deactivate' && typeof b.reason === 'string' ? b.reason : undefined;
      return actionResponse(b, engine.hostAction(host.id, sub, actionCtx(ctx), { reason }), {
        kind: 'hosts',
        id: host.id,
      });
    }
    if (sub === 'upgradecheck' || sub === 'upgrade') {
      const result =
        sub === 'upgrade'
          ? hostUpgrade(engine, host.id, { reboot: inBool(b.reboot) }, actionCtx(ctx))
          : hostUpgradeCheck(engine, host.id, actionCtx(ctx));
      return actionResponse(b, result, { kind: 'hosts', id: host.id });
    }
    if (sub === 'fence') return fenceAction(ctx, host.id, b);
    throw notFound();
  }
  if (method !== 'GET') throw methodNotAllowed();
  if (sub === 'nics') {
    if (segments.length === 3)
      return jsonResponse(
        200,
        wrap(
          'host_nic',
          host.nics.map((n) => hostNicWire(host, n)),
        ),
      );
    const nic = host.nics.find((n) => n.id === requireId(segments[3]));
    if (!nic || segments.length > 5) throw notFound();
    if (segments.length === 4) return jsonResponse(200, hostNicWire(host, nic));
    if (segments[4] !== 'statistics') throw notFound();
    const active = host.status === 'up' || host.status === 'preparing_for_maintenance';
    const stats = nicStatistics(
      host.phase,
      active && nic.ip !== '',
      nic.speedMbps * 1_000_000,
      host.bootTime,
      engine.now(),
    );
    return jsonResponse(
      200,
      wrap(
        'statistic',
        stats.map((st) => nicStatisticWire('hosts', host.id, nic.id, st)),
      ),
    );
  }
  if (sub === 'hooks') {
    const hooks = (host.hooks ?? []).map((h) => hookWire(host, h));
    if (segments.length === 3) return jsonResponse(200, wrap('hook', hooks));
    const one = hooks.find((h) => h.id === segments[3]);
    if (!one || segments.length > 4) throw notFound();
    return jsonResponse(200, one);
  }
  if (sub === 'fenceagents') {
    const agents = fenceAgentWire(host, host.powerManagement);
    if (segments.length === 3) return jsonResponse(200, wrap('agent', agents));
    const one = agents.find((a) => a.id === segments[3]);
    if (!one || segments.length > 4) throw notFound();
    return jsonResponse(200, one);
  }
  if (sub === 'statistics') {
    const stats = hostStatisticsWire(engine, host);
    if (segments.length === 3) return jsonResponse(200, wrap('statistic', stats));
    const s = stats.find((x) => x.id === requireId(segments[3]));
    if (!s || segments.length > 4) throw notFound();
    return jsonResponse(200, s);
  }
  if (
    segments.length === 3 &&
    (hostWire(engine, host).link as { rel: string }[]).some((l) => l.rel === sub)
  ) {
    return jsonResponse(200, {});
  }
  throw notFound();
}

/**
 * `POST /hosts/{id}/fence` (BackendHostResource.fence): `fence_type` is required and must be a
 * FenceType; `status` answers with `power_management.status`.
 */
function fenceAction(ctx: Ctx, hostId: string, b: Record<string, unknown>): EngineHttpResponse {
  const raw = b.fence_type;
  if (typeof raw !== 'string' || raw === '')
    throw bareFault(400, 'Incomplete parameters', 'Action [fenceType] required for fence');
  const type = raw.toLowerCase();
  if (!isFenceType(type))
    throw bareFault(
      400,
      'Invalid value',
      `'${raw}' is not a member of FenceType. Possible values for FenceType are: ${FENCE_TYPES.join(', ')}`,
    );
  const result = ctx.engine.hostFence(hostId, type, actionCtx(ctx));
  if (result.ok && type === 'status') {
    return jsonResponse(200, {
      ...(echo(b) as Json),
      power_management: { status: result.powerStatus ?? 'unknown' },
      status: 'complete',
    });
  }
  return actionResponse(b, result, { kind: 'hosts', id: hostId });
}

function routeSimple<T extends { id: string; name: string }>(
  ctx: Ctx,
  key: string,
  items: Iterable<T>,
  spec: SearchSpec<T>,
  toWire: (item: T) => Json,
): EngineHttpResponse {
  if (ctx.method !== 'GET') throw methodNotAllowed();
  if (ctx.segments.length === 1) {
    const sorted = [...items].sort((a, b) => a.name.localeCompare(b.name));
    return jsonResponse(200, wrap(key, listOf(ctx, sorted, spec).map(toWire)));
  }
  const id = requireId(ctx.segments[1]);
  const item = [...items].find((x) => x.id === id);
  if (!item || ctx.segments.length > 2) throw notFound();
  return jsonResponse(200, toWire(item));
}

function routeEvents(ctx: Ctx): EngineHttpResponse {
  const { engine, segments, method } = ctx;
  if (segments.length === 1) {
    if (method !== 'GET') throw methodNotAllowed();
    const fromRaw = param(ctx, 'from');
    const from = fromRaw === undefined ? undefined : inInt(fromRaw);
    if (fromRaw !== undefined && from === undefined)
      throw bareFault(400, 'Invalid value', `Value "${fromRaw}" isn't a valid integer.`);
    const compiled = compile(ctx, eventSearchSpec());
    // §6: newest first; `from` is exclusive; `max` keeps the newest N (after `from`).
    let events = engine.state.events.filter((e) => from === undefined || e.id > from).reverse();
    events = runSearch(events, compiled, maxParam(ctx));
    return jsonResponse(200, wrap('event', events.map(eventWire)));
  }
  const idText = segments[1] ?? '';
  if (!/^\d+$/.test(idText) || segments.length > 2) throw notFound();
  const index = engine.state.events.findIndex((e) => e.id === Number(idText));
  const event = engine.state.events[index];
  if (!event) throw notFound();
  if (method === 'GET') return jsonResponse(200, eventWire(event));
  if (method === 'DELETE') {
    engine.state.events.splice(index, 1);
    return jsonResponse(200, { status: 'complete' });
  }
  throw methodNotAllowed();
}

function routeJobs(ctx: Ctx): EngineHttpResponse {
  const { engine, segments, method } = ctx;
  if (method !== 'GET') throw methodNotAllowed();
  if (segments.length === 1) {
    const jobs = listOf(ctx, [...engine.state.jobs.values()], jobSearchSpec());
    return jsonResponse(200, wrap('job', jobs.map(jobWire)));
  }
  const job = engine.state.jobs.get(requireId(segments[1]));
  if (!job) throw notFound();
  if (segments.length === 2) return jsonResponse(200, jobWire(job));
  if (segments[2] !== 'steps') throw notFound();
  if (segments.length === 3)
    return jsonResponse(
      200,
      wrap(
        'step',
        job.steps.map((s) => stepWire(job, s)),
      ),
    );
  const step = job.steps.find((s) => s.id === requireId(segments[3]));
  if (!step || segments.length > 4) throw notFound();
  return jsonResponse(200, stepWire(job, step));
}

/** Fixed collections (networks, profiles, storage domains, users): list, get, name search. */
function routeNamed(ctx: Ctx, key: string, prefix: string, items: NamedWire[]): EngineHttpResponse {
  const spec: SearchSpec<NamedWire> = {
    prefixes: [`${prefix}s`, prefix],
    text: (x) => [x.name],
    fields: {
      name: { type: 'string', get: (x) => x.name },
      id: { type: 'string', get: (x) => x.id },
    },
  };
  return routeSimple(ctx, key, items, spec, (x) => x.wire);
}

function routeDisks(ctx: Ctx): EngineHttpResponse {
  if (ctx.method === 'GET' && ctx.segments.length === 1) {
    const disks = [...ctx.engine.state.vms.values()]
      .flatMap((vm) => vm.disks)
      .map((d) => ({ id: d.id, name: d.name, wire: diskWire(d) }));
    return routeNamed(ctx, 'disk', 'disk', disks);
  }
  if (ctx.method !== 'GET' || ctx.segments.length !== 2) throw notFound();
  const id = requireId(ctx.segments[1]);
  for (const vm of ctx.engine.state.vms.values()) {
    const disk = vm.disks.find((d) => d.id === id);
    if (disk) return jsonResponse(200, diskWire(disk));
  }
  throw notFound();
}

function methodNotAllowed(): HttpFailure {
  return new HttpFailure(emptyResponse(405));
}

function route(ctx: Ctx): EngineHttpResponse {
  const { engine } = ctx;
  const [collection] = ctx.segments;
  const scheduling = routeScheduling(engine, ctx.method, ctx.segments);
  if (scheduling) return scheduling;
  switch (collection) {
    case undefined:
      if (ctx.method !== 'GET') throw methodNotAllowed();
      return jsonResponse(200, apiRootWire(engine));
    case 'vms':
      return routeVms(ctx);
    case 'hosts':
      return routeHosts(ctx);
    case 'clusters':
      if (ctx.method === 'POST' && ctx.segments.length === 3 && ctx.segments[2] === 'upgrade')
        return routeClusterUpgrade(ctx);
      return routeSimple(
        ctx,
        'cluster',
        engine.state.clusters.values(),
        clusterSearchSpec(engine),
        (c) => followClusterWire(engine, c, parseFollow(param(ctx, 'follow'))),
      );
    case 'datacenters':
      return routeSimple(
        ctx,
        'data_center',
        engine.state.dataCenters.values(),
        dataCenterSearchSpec(),
        dataCenterWire,
      );
    case 'templates':
      return routeSimple(
        ctx,
        'template',
        engine.state.templates.values(),
        templateSearchSpec(engine),
        templateWire,
      );
    case 'events':
      return routeEvents(ctx);
    case 'jobs':
      return routeJobs(ctx);
    case 'disks':
      return routeDisks(ctx);
    case 'networks':
      return routeNamed(ctx, 'network', 'network', networks(engine));
    case 'vnicprofiles':
      return routeNamed(ctx, 'vnic_profile', 'vnicprofile', vnicProfiles(engine));
    case 'storagedomains':
      return routeNamed(ctx, 'storage_domain', 'storage', storageDomains(engine));
    case 'users':
      return routeNamed(ctx, 'user', 'user', users());
    default:
      throw notFound();
  }
}

// ---- auth, SSO, faults, logging ---------------------------------------------------------------

function unauthorized(): EngineHttpResponse {
  const headers = new Headers({
    'Content-Type': 'text/html;charset=utf-8',
    'WWW-Authenticate': 'Basic realm="RESTAPI"',
  });
  return { status: 401, headers, body: UNAUTHORIZED_BODY };
}

function cookie(headers: Headers, name: string): string | undefined {
  const raw = headers.get('Cookie');
  if (!raw) return undefined;
  for (const part of raw.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

interface AuthOutcome {
  ok: boolean;
  sessionId?: string;
  newSession?: string;
  endSession?: boolean;
}

/** §1.4: Bearer token, Basic (deprecated), or the JSESSIONID session with `Prefer: persistent-auth`. */
function authenticate(engine: Engine, headers: Headers): AuthOutcome {
  const persistent = (headers.get('Prefer') ?? '').toLowerCase().includes('persistent-auth');
  const authz = headers.get('Authorization') ?? '';
  let ok = false;
  const bearer = /^Bearer\s+(.+)$/i.exec(authz);
  if (bearer?.[1]) ok = engine.useToken(bearer[1].trim());
  const basic = /^Basic\s+(.+)$/i.exec(authz);
  if (!ok && basic?.[1]) {
    try {
      ok = atob(basic[1].trim()) === `${ADMIN.user}:${ADMIN.password}`;
    } catch {
      ok = false;
    }
  }
  if (ok) {
    return persistent ? { ok, newSession: engine.issueSession() } : { ok };
  }
  // Browsers (and MSW's cookie store) may still send a stale cookie next to a valid header.
  const sessionId = [headers.get('JSESSIONID'), cookie(headers, 'JSESSIONID')].find(
    (id): id is string => !!id && engine.useSession(id),
  );
  if (sessionId) {
    // A request without `Prefer: persistent-auth` invalidates the HTTP session (§1.4).
    return { ok: true, sessionId, endSession: !persistent };
  }
  return { ok: false };
}

function ssoToken(engine: Engine, req: EngineHttpRequest): EngineHttpResponse {
  if (req.method !== 'POST' && req.method !== 'GET') return emptyResponse(405);
  const form = new URLSearchParams(req.url.search);
  if (req.body) for (const [k, v] of new URLSearchParams(req.body)) form.set(k, v);
  const grant = form.get('grant_type');
  if (grant !== 'password') {
    return jsonResponse(400, {
      error_code: grant ? 'unsupported_grant_type' : 'invalid_request',
      error: grant
        ? `The grant type '${grant}' is not supported.`
        : 'The request is missing a required parameter: grant_type.',
    });
  }
  const scope = form.get('scope') ?? '';
  if (!scope.split(/\s+/).includes('ovirt-app-api')) {
    return jsonResponse(400, {
      error_code: 'invalid_scope',
      error: 'The requested scope is invalid, unknown, or malformed.',
    });
  }
  const username = form.get('username') ?? '';
  const password = form.get('password') ?? '';
  const userOk =
    username === ADMIN.user || username === 'admin@internal-authz' || username === 'admin@ovirt';
  if (!userOk || password !== ADMIN.password) {
    // §1.4: bad credentials give 400, not 401.
    return jsonResponse(400, {
      error_code: 'access_denied',
      error: `Cannot authenticate user '${username}': The username or password is incorrect..`,
    });
  }
  const token = engine.issueToken();
  return jsonResponse(200, {
    access_token: token,
    scope,
    exp: String(engine.now() + 10 * 365 * 24 * 3600 * 1000),
    token_type: 'bearer',
  });
}

function injectedError(
  engine: Engine,
  method: string,
  path: string,
): EngineHttpResponse | undefined {
  for (const rule of engine.faults.current.errorRate) {
    if (rule.method && rule.method !== method) continue;
    if (!new RegExp(rule.path).test(path)) continue;
    let hit: boolean;
    if (rule.count !== undefined) {
      hit = rule.count > 0;
      if (hit) rule.count--;
    } else {
      hit = rule.rate === undefined || engine.random.next() < rule.rate;
    }
    if (!hit) continue;
    if (rule.status === 401) return unauthorized();
    if (rule.status === 404) return emptyResponse(404);
    return jsonResponse(rule.status, {
      reason: 'Operation Failed',
      detail: '[Internal Engine Error]',
    });
  }
  return undefined;
}

function malform(engine: Engine, path: string, res: EngineHttpResponse): EngineHttpResponse {
  if (!res.body) return res;
  for (const rule of engine.faults.current.malformed) {
    if (!new RegExp(rule.path).test(path)) continue;
    if (rule.count !== undefined) {
      if (rule.count <= 0) continue;
      rule.count--;
    }
    return { ...res, body: res.body.slice(0, Math.max(1, Math.floor(res.body.length / 2))) };
  }
  return res;
}

function parsePath(pathname: string): { segments: string[]; matrix: Map<string, string> } {
  const matrix = new Map<string, string>();
  let rest = pathname.slice(API_PREFIX.length);
  if (/^\/v4(\/|$)/.test(rest)) rest = rest.slice(3);
  const segments: string[] = [];
  for (const raw of rest.split('/')) {
    if (!raw) continue;
    const [name = '', ...params] = raw.split(';');
    for (const p of params) {
      const [k = '', v = 'true'] = p.split('=');
      if (k) matrix.set(k, decodeURIComponent(v));
    }
    if (name) segments.push(decodeURIComponent(name));
  }
  return { segments, matrix };
}

function queryRecord(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) out[k] = v;
  return out;
}

function loggedBody(text: string | undefined): unknown {
  if (text === undefined || text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function apiRequest(
  engine: Engine,
  req: EngineHttpRequest,
  correlationId: string,
): EngineHttpResponse {
  const path = req.url.pathname;
  if (path === SSO_TOKEN_PATH)
    return injectedError(engine, req.method, path) ?? ssoToken(engine, req);
  const version = req.headers.get('Version');
  if (version !== null && version.trim() !== '4') return emptyResponse(400);
  const auth = authenticate(engine, req.headers);
  if (!auth.ok) return unauthorized();
  const headers = new Headers();
  if (auth.newSession) {
    headers.append('Set-Cookie', `JSESSIONID=${auth.newSession}; Path=/ovirt-engine/api; HttpOnly`);
    headers.set('JSESSIONID', auth.newSession);
  }
  if (auth.endSession && auth.sessionId) engine.endSession(auth.sessionId);
  const injected = injectedError(engine, req.method, path);
  let res: EngineHttpResponse;
  if (injected) {
    res = injected;
  } else {
    const { segments, matrix } = parsePath(path);
    const params = new Map(matrix);
    for (const [k, v] of req.url.searchParams) params.set(k, v);
    let parsed: { value: unknown } | undefined;
    const ctx: Ctx = {
      engine,
      req,
      method: req.method,
      segments,
      params,
      correlationId,
      json: () => {
        if (parsed) return parsed.value;
        const text = req.body?.trim() ?? '';
        if (text === '') {
          parsed = { value: {} };
          return parsed.value;
        }
        try {
          parsed = { value: JSON.parse(text) as unknown };
        } catch {
          const [collection, , action] = segments;
          const service = collection?.replace(/s$/, '') ?? 'api';
          const doc = action
            ? `services/${service}/methods/${action}`
            : `services/${collection ?? ''}`;
          throw bareFault(
            400,
            'Request syntactically incorrect.',
            `For correct usage, see: ${req.url.origin}/ovirt-engine/apidoc#${doc}`,
          );
        }
        return parsed.value;
      },
    };
    try {
      res = route(ctx);
    } catch (e) {
      if (e instanceof HttpFailure) res = e.response;
      else throw e;
    }
  }
  headers.forEach((v, k) => {
    if (k === 'set-cookie') res.headers.append(k, v);
    else res.headers.set(k, v);
  });
  return malform(engine, path, res);
}

function controlRequest(engine: Engine, req: EngineHttpRequest): EngineHttpResponse {
  const path = req.url.pathname.slice(CONTROL_PREFIX.length);
  let body: unknown = {};
  if (req.body && req.body.trim() !== '') {
    try {
      body = JSON.parse(req.body) as unknown;
    } catch {
      return jsonResponse(400, { error: 'body must be JSON' });
    }
  }
  const b = isRecord(body) ? body : {};
  try {
    switch (`${req.method} ${path}`) {
      case 'GET /requests':
        return jsonResponse(200, { requests: engine.requestLog.entries() });
      case 'DELETE /requests':
        engine.requestLog.clear();
        return emptyResponse(204);
      case 'POST /reset': {
        const scenario = b.scenario;
        if (scenario !== undefined && !isScenario(scenario)) {
          return jsonResponse(400, { error: `scenario must be one of ${SCENARIOS.join(', ')}` });
        }
        engine.reset({
          scenario: scenario,
          seed: inInt(b.seed),
          timeScale: inInt(b.timeScale),
        });
        return jsonResponse(200, {
          scenario: engine.options.scenario,
          seed: engine.options.seed,
          timeScale: engine.options.timeScale,
        });
      }
      case 'GET /faults':
        return jsonResponse(200, engine.faults.current);
      case 'POST /faults':
        engine.faults.set(parseFaultPatch(body));
        return jsonResponse(200, engine.faults.current);
      case 'DELETE /faults':
        engine.faults.clear();
        return emptyResponse(204);
      case 'POST /lab':
        applyLab(body, {
          host: (name) => engine.findHost(name),
          cluster: (name) => engine.findCluster(name),
        });
        return jsonResponse(200, { ok: true });
      case 'GET /token':
        return jsonResponse(200, { token: engine.issueToken() });
      case 'POST /updates': {
        const result = setUpdates(engine, b);
        return 'error' in result ? jsonResponse(400, result) : jsonResponse(200, result);
      }
      case 'POST /advance': {
        const ms = inInt(b.ms) ?? 0;
        if (engine.scheduler.mode === 'manual') engine.scheduler.advance(ms);
        return jsonResponse(200, { now: engine.now() });
      }
      default:
        return emptyResponse(404);
    }
  } catch (e) {
    return jsonResponse(400, { error: e instanceof Error ? e.message : String(e) });
  }
}

/** Entry point for every mount. Never throws: an unexpected error becomes a 500 fault. */
export async function handleEngineRequest(
  engine: Engine,
  req: EngineHttpRequest,
): Promise<EngineHttpResponse> {
  const path = req.url.pathname;
  if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`))
    return controlRequest(engine, req);
  const faults = engine.faults.current;
  const h = req.headers.get('Correlation-Id') ?? req.url.searchParams.get('correlation_id') ?? '';
  const correlationId = CORRELATION_ID.test(h) ? h : engine.random.uuid();
  const entry = {
    time: engine.now(),
    method: req.method,
    path,
    query: queryRecord(req.url),
    body: path === SSO_TOKEN_PATH ? null : loggedBody(req.body),
    correlationId,
  };
  if (faults.unreachable) {
    engine.requestLog.record({ ...entry, status: 0 });
    return { status: 0, headers: new Headers(), body: null, networkError: true };
  }
  if (faults.latencyMs > 0) await delay(faults.latencyMs);
  let res: EngineHttpResponse;
  try {
    res = apiRequest(engine, req, correlationId);
  } catch (e) {
    res = jsonResponse(500, {
      reason: 'Operation Failed',
      detail: `[Internal Engine Error: ${e instanceof Error ? e.message : String(e)}]`,
    });
  }
  res = await blockIfAsked(engine, req, res);
  if (res.status >= 400 && res.body !== null)
    res.body = localizeFaultBody(res.body, req.headers.get('Accept-Language'));
  res.headers.set('Correlation-Id', correlationId);
  engine.requestLog.record({ ...entry, status: res.status });
  return res;
}

/**
 * `{"async": false}` on an action that spawned async tasks makes the engine block until they
 * finish and answer 200 `complete`/`failed` (§5.2). Only with a real clock: a manual clock
 * would never advance while the request waits, so there the 202 stands.
 */
async function blockIfAsked(
  engine: Engine,
  req: EngineHttpRequest,
  res: EngineHttpResponse,
): Promise<EngineHttpResponse> {
  if (res.status !== 202 || req.method !== 'POST' || engine.scheduler.mode !== 'real' || !res.body)
    return res;
  const asked = loggedBody(req.body);
  if (!isRecord(asked) || inBool(asked.async) !== false) return res;
  const out = JSON.parse(res.body) as Json;
  const jobId = isRecord(out.job) && typeof out.job.id === 'string' ? out.job.id : undefined;
  const job = jobId ? engine.state.jobs.get(jobId) : undefined;
  if (!job) return res;
  const deadline = Date.now() + 60_000;
  while (
    job.status === 'started' &&
    engine.state.jobs.get(job.id) === job &&
    Date.now() < deadline
  ) {
    await delay(Math.max(1, Math.min(engine.options.timeScale, 1000) / 4));
  }
  out.async = 'false';
  out.status = job.status === 'finished' ? 'complete' : 'failed';
  return jsonResponse(200, out, res.headers);
}

export const ENGINE_PATHS = {
  api: API_PREFIX,
  sso: SSO_TOKEN_PATH,
  control: CONTROL_PREFIX,
} as const;
