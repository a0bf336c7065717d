/**
 * The typed engine client. Pages get one from `PageRoot`; nothing else calls the engine.
 *
 * @example
 * const client = createEngineClient({
 *   baseUrl: api.engineBaseUrl(),
 *   credentials: () => ({ kind: 'bearer', token: api.ssoToken() }),
 *   acceptLanguage: api.currentLocale(),
 * });
 * const vms = await client.vmList({ search: searchQuery().whereStatus('vm', 'up') });
 * await client.vmStart(vms[0].id);
 * await client.waitForStatus({ kind: 'vm', id: vms[0].id }, 'up', { timeout: 120_000 });
 */
import type { BackoffOptions, Clock } from './clock';
import { ActionError, EngineError, stripBrackets } from './errors';
import { EventStream } from './events';
import type { EventStreamOptions } from './events';
import { jobTrack } from './jobs';
import type { JobTrackOptions } from './jobs';
import type { Logger } from './logger';
import {
  collection,
  toActionResult,
  toApiInfo,
  toCluster,
  toDiskAttachment,
  toEvent,
  toHost,
  toHostNic,
  toJob,
  toNic,
  toSnapshot,
  toStatistic,
  toStep,
  toNetwork,
  toTemplate,
  toVm,
} from './mappers';
import type {
  ActionResult,
  ApiInfo,
  Cluster,
  DiskAttachment,
  EngineEvent,
  Host,
  HostNic,
  HostStatus,
  Job,
  Nic,
  Snapshot,
  Statistic,
  Step,
  Network,
  Template,
  Vm,
  VmStatus,
} from './models';
import { searchQuery } from './search';
import type { SearchQuery } from './search';
import { assertEngineIds } from './ids';
import { toHostHook, toPowerStatus } from './hostLifecycle';
import type { FenceType, HostHook, PowerStatus } from './hostLifecycle';
import type {
  AffinityGroup,
  AffinityLabel,
  ClusterScheduling,
  SchedulingPolicy,
  SchedulingPolicyUnit,
} from './scheduling';

/** The scheduling mappers load with the first scheduling read: no page pays for them up front. */
const scheduling = () => import('./scheduling');
import { Transport } from './transport';
import type { CallOptions, Credential, QueryValue, RequestSpec } from './transport';
import { waitForStatus } from './wait';
import type { WaitOptions } from './wait';
import type { ClusterWire, HostWire, JobWire, SnapshotWire, TemplateWire, VmWire } from './wire';

/**
 * Ids per `id = … or id = …` search. A clause costs about 45 URL-encoded characters, so 40 ids
 * stay near 2 KB: far below Apache's default 8190-byte request line in front of the engine
 * (500 ids in one search is a 27 KB URL that such a server refuses).
 */
export const IDS_PER_SEARCH = 40;

/** Runs `list` over chunks of `ids`, one after the other, and joins the results. */
async function byIds<T>(
  ids: readonly string[],
  list: (chunk: readonly string[]) => Promise<T[]>,
): Promise<T[]> {
  // An id spliced into a search must never widen it (`*` would match the whole fleet).
  assertEngineIds(ids);
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_SEARCH) {
    out.push(...(await list(ids.slice(i, i + IDS_PER_SEARCH))));
  }
  return out;
}

export type { CallOptions, Credential } from './transport';

export interface EngineClientOptions {
  /** `engineBaseUrl()`, e.g. `https://e.example/ovirt-engine/`. */
  baseUrl: string;
  /** `ssoToken()` (4.x) or the `RestApiSessionAcquired` session id (3.x). Re-read after a 401. */
  credentials: () => Credential | Promise<Credential>;
  fetch?: typeof fetch;
  logger?: Logger;
  /** `currentLocale()`; localises the engine's fault texts. */
  acceptLanguage?: string;
  /** Per request, default 30 000 ms. */
  timeoutMs?: number;
  /** Tries for idempotent requests, default 5. Actions are never retried. */
  retries?: number;
  /** Injected time for every wait, poll and timeout (tests; default: real timers). */
  clock?: Clock;
  backoff?: BackoffOptions;
  /** Makes Correlation-Ids (default `oc-` + 32 hex digits). */
  correlationId?: () => string;
}

export interface ListOptions extends CallOptions {
  /** Engine search text, or a `searchQuery()`. */
  search?: string | SearchQuery;
  max?: number;
  caseSensitive?: boolean;
  /** Link paths to inline (`['nics', 'disk_attachments.disk']`). */
  follow?: readonly string[];
  /** Adds the attributes the engine leaves out by default. */
  allContent?: boolean;
}

export interface GetOptions extends CallOptions {
  follow?: readonly string[];
  allContent?: boolean;
}

export interface IterateOptions extends CallOptions {
  search?: string | SearchQuery;
  /** Page size (`max`), default 100. */
  pageSize?: number;
  caseSensitive?: boolean;
  follow?: readonly string[];
}

export interface ActionOptions extends CallOptions {
  /** Sent as `Correlation-Id`; generated when absent. Reuse it to find the job and events. */
  correlationId?: string;
}

export type EntityRef = { id: string } | { name: string };

export interface VmMigrateOptions extends ActionOptions {
  /** Destination host (id, or `{id}`/`{name}`); omitted = the scheduler picks. */
  host?: string | EntityRef;
  /** Migrate even a VM pinned as non-migratable. */
  force?: boolean;
  /**
   * `migrate_vms_in_affinity_closure`: the engine migrates, with this VM, every VM tied to it by
   * enforcing positive affinity.
   */
  affinityClosure?: boolean;
}

export interface VmCloneOptions extends ActionOptions {
  name: string;
}

export interface VmStopOptions extends ActionOptions {
  /** Shown in the audit log (4.4+). */
  reason?: string;
  force?: boolean;
}

export interface HostDeactivateOptions extends ActionOptions {
  reason?: string;
}

export interface HostUpgradeOptions extends ActionOptions {
  /** Reboot after the install; the engine's default (absent) is to reboot. */
  reboot?: boolean;
}

/** The 4.5 cluster upgrade mode: `start`, `update_progress` (with a percent), `finish`. */
export type ClusterUpgradeAction = 'start' | 'update_progress' | 'finish';

export interface ClusterUpgradeOptions extends ActionOptions {
  /** `update_progress` only: 0–100. */
  percent?: number;
}

export interface DeleteOptions extends ActionOptions {
  force?: boolean;
  /** VMs: keep the disks. */
  detachOnly?: boolean;
}

export interface VmCreateSpec {
  name: string;
  cluster: EntityRef;
  /** Default: the Blank template. */
  template?: EntityRef;
  description?: string;
  comment?: string;
  /** Bytes. */
  memory?: number;
  cpu?: { sockets?: number; cores?: number; threads?: number };
}

export interface VmUpdateSpec {
  name?: string;
  description?: string;
  comment?: string;
  memory?: number;
  cpu?: { sockets?: number; cores?: number; threads?: number };
}

export interface VmUpdateOptions extends ActionOptions {
  /** Store the change for the next boot of a running VM. */
  nextRun?: boolean;
}

export interface SnapshotCreateSpec {
  description: string;
  persistMemoryState?: boolean;
}

export interface EventListOptions extends CallOptions {
  /** Only events with an id greater than this. Never combine with a small `max` (it drops events). */
  from?: number | string;
  max?: number;
  search?: string | SearchQuery;
}

export interface JobGetOptions extends CallOptions {
  /** Also fetch `/jobs/{id}/steps`. */
  steps?: boolean;
}

/** What `follow(href)` found, tagged by type. */
export type Followed =
  | { type: 'vm'; value: Vm }
  | { type: 'vms'; value: Vm[] }
  | { type: 'host'; value: Host }
  | { type: 'hosts'; value: Host[] }
  | { type: 'cluster'; value: Cluster }
  | { type: 'clusters'; value: Cluster[] }
  | { type: 'template'; value: Template }
  | { type: 'templates'; value: Template[] }
  | { type: 'event'; value: EngineEvent }
  | { type: 'events'; value: EngineEvent[] }
  | { type: 'job'; value: Job }
  | { type: 'jobs'; value: Job[] }
  | { type: 'step'; value: Step }
  | { type: 'steps'; value: Step[] }
  | { type: 'nic'; value: Nic }
  | { type: 'nics'; value: Nic[] }
  | { type: 'diskAttachment'; value: DiskAttachment }
  | { type: 'diskAttachments'; value: DiskAttachment[] }
  | { type: 'snapshot'; value: Snapshot }
  | { type: 'snapshots'; value: Snapshot[] }
  | { type: 'statistic'; value: Statistic }
  | { type: 'statistics'; value: Statistic[] }
  | { type: 'hostNic'; value: HostNic }
  | { type: 'hostNics'; value: HostNic[] };

export type WatchedResource = { kind: 'vm'; id: string } | { kind: 'host'; id: string };

export interface EngineClient {
  /** Absolute URL of the API root (`…/ovirt-engine/api/`). */
  readonly apiRoot: string;
  /** The Clock this client waits with (operations share it). */
  readonly clock: Clock;
  /** Makes a fresh Correlation-Id (for callers that record it before sending). */
  newCorrelationId(): string;

  /** `GET /api`: product version, summary; also a cheap "is my token still valid". */
  apiInfo(options?: CallOptions): Promise<ApiInfo>;

  vmList(options?: ListOptions): Promise<Vm[]>;
  /**
   * The VMs with these ids (missing ones are simply absent), in searches of at most
   * `IDS_PER_SEARCH` ids each, so no request line outgrows what the engine's web server accepts.
   */
  vmListByIds(ids: readonly string[], options?: Omit<ListOptions, 'search'>): Promise<Vm[]>;
  /** Every VM of a search, page by page (`sortby name asc` unless the search sorts). */
  vmIterate(options?: IterateOptions): AsyncIterableIterator<Vm[]>;
  vmGet(id: string, options?: GetOptions): Promise<Vm>;
  vmCreate(spec: VmCreateSpec, options?: ActionOptions): Promise<Vm>;
  vmUpdate(id: string, patch: VmUpdateSpec, options?: VmUpdateOptions): Promise<Vm>;
  vmDelete(id: string, options?: DeleteOptions): Promise<ActionResult>;
  vmStart(id: string, options?: ActionOptions): Promise<ActionResult>;
  vmShutdown(id: string, options?: VmStopOptions): Promise<ActionResult>;
  /** Power off. */
  vmStop(id: string, options?: VmStopOptions): Promise<ActionResult>;
  vmReboot(id: string, options?: ActionOptions): Promise<ActionResult>;
  vmSuspend(id: string, options?: ActionOptions): Promise<ActionResult>;
  vmMigrate(id: string, options?: VmMigrateOptions): Promise<ActionResult>;
  vmCancelMigration(id: string, options?: ActionOptions): Promise<ActionResult>;
  vmClone(id: string, options: VmCloneOptions): Promise<ActionResult>;
  vmNics(id: string, options?: CallOptions): Promise<Nic[]>;
  vmDiskAttachments(id: string, options?: GetOptions): Promise<DiskAttachment[]>;
  vmSnapshots(id: string, options?: CallOptions): Promise<Snapshot[]>;
  vmSnapshotCreate(
    id: string,
    spec: SnapshotCreateSpec,
    options?: ActionOptions,
  ): Promise<Snapshot>;
  vmSnapshotRestore(id: string, snapshotId: string, options?: ActionOptions): Promise<ActionResult>;
  vmSnapshotDelete(id: string, snapshotId: string, options?: ActionOptions): Promise<ActionResult>;
  vmStatistics(id: string, options?: CallOptions): Promise<Statistic[]>;

  hostList(options?: ListOptions): Promise<Host[]>;
  /** The hosts with these ids, chunked like `vmListByIds`. */
  hostListByIds(ids: readonly string[], options?: Omit<ListOptions, 'search'>): Promise<Host[]>;
  hostIterate(options?: IterateOptions): AsyncIterableIterator<Host[]>;
  hostGet(id: string, options?: GetOptions): Promise<Host>;
  /** Maintenance: the engine migrates the VMs away first. */
  hostDeactivate(id: string, options?: HostDeactivateOptions): Promise<ActionResult>;
  hostActivate(id: string, options?: ActionOptions): Promise<ActionResult>;
  /** Asks the engine to check for updates; it answers at once and reports in events later. */
  hostUpgradeCheck(id: string, options?: ActionOptions): Promise<ActionResult>;
  /** Upgrades the host (the engine moves it to maintenance first when it is not there). */
  hostUpgrade(id: string, options?: HostUpgradeOptions): Promise<ActionResult>;
  /** Sets, updates or clears the cluster's upgrade mode (engine 4.5). */
  clusterUpgrade(
    id: string,
    action: ClusterUpgradeAction,
    options?: ClusterUpgradeOptions,
  ): Promise<ActionResult>;
  /** Power management (`POST /hosts/{id}/fence`); `status` also answers the power status. */
  hostFence(
    id: string,
    type: FenceType,
    options?: ActionOptions,
  ): Promise<ActionResult & { powerStatus?: PowerStatus }>;
  hostHooks(id: string, options?: CallOptions): Promise<HostHook[]>;
  hostNics(id: string, options?: CallOptions): Promise<HostNic[]>;
  hostStatistics(id: string, options?: CallOptions): Promise<Statistic[]>;
  /** Hosts the scheduler accepts as migration targets of all these VMs (`migration_target_of`). */
  hostMigrationTargetsOf(
    vmIds: string | readonly string[],
    options?: CallOptions & { affinityClosure?: boolean },
  ): Promise<Host[]>;

  // Scheduling (issue 15): what the engine's scheduler enforces, read-only.
  clusterAffinityGroups(clusterId: string, options?: CallOptions): Promise<AffinityGroup[]>;
  /** The cluster's scheduling policy id and its `custom_scheduling_policy_properties`. */
  clusterScheduling(clusterId: string, options?: CallOptions): Promise<ClusterScheduling>;
  affinityLabelMembers(
    labelId: string,
    options?: CallOptions,
  ): Promise<{ vmIds: string[]; hostIds: string[] }>;
  /** The affinity labels a VM carries (`/vms/{id}/affinitylabels`). */
  vmAffinityLabels(vmId: string, options?: CallOptions): Promise<AffinityLabel[]>;
  schedulingPolicyGet(id: string, options?: CallOptions): Promise<SchedulingPolicy>;
  /** Unit ids of the policy's filters. */
  schedulingPolicyFilters(id: string, options?: CallOptions): Promise<string[]>;
  schedulingPolicyUnitList(options?: CallOptions): Promise<SchedulingPolicyUnit[]>;

  clusterList(options?: ListOptions): Promise<Cluster[]>;
  clusterGet(id: string, options?: GetOptions): Promise<Cluster>;
  templateList(options?: ListOptions): Promise<Template[]>;
  templateGet(id: string, options?: GetOptions): Promise<Template>;
  /** The logical networks: NICs name theirs by id only, so pages read this once to show names. */
  networkList(options?: ListOptions): Promise<Network[]>;

  /** As the engine sends them: newest first. */
  eventList(options?: EventListOptions): Promise<EngineEvent[]>;
  jobList(options?: ListOptions): Promise<Job[]>;
  jobGet(id: string, options?: JobGetOptions): Promise<Job>;
  jobSteps(id: string, options?: CallOptions): Promise<Step[]>;
  /** The jobs the engine recorded for actions sent with this Correlation-Id. */
  jobsByCorrelationId(correlationId: string, options?: CallOptions): Promise<Job[]>;

  /** Fetches an engine `href` (absolute path) as its typed resource. */
  follow(href: string, options?: GetOptions): Promise<Followed>;

  /**
   * Polls until the resource has one of `status` (or is gone, for `'deleted'`), with growing
   * intervals. Resolves with the entity (`null` when deleted); `WaitTimeoutError` after `timeout`.
   */
  waitForStatus(
    resource: { kind: 'vm'; id: string },
    status: VmStatus | readonly VmStatus[] | 'deleted',
    options?: WaitOptions<Vm>,
  ): Promise<Vm | null>;
  waitForStatus(
    resource: { kind: 'host'; id: string },
    status: HostStatus | readonly HostStatus[] | 'deleted',
    options?: WaitOptions<Host>,
  ): Promise<Host | null>;

  /** Incremental engine events over `events?from=`, oldest first. */
  eventStream(options?: EventStreamOptions): EventStream;

  /** Waits until every job of a Correlation-Id has ended; resolves with them. */
  jobTrack(correlationId: string, options?: JobTrackOptions): Promise<Job[]>;
}

const BLANK_TEMPLATE = '00000000-0000-0000-0000-000000000000';

function searchText(search: string | SearchQuery | undefined): string | undefined {
  if (search === undefined) return undefined;
  const text = search.toString().trim();
  return text === '' ? undefined : text;
}

function listQuery(options: ListOptions): Record<string, QueryValue> {
  return {
    search: searchText(options.search),
    max: options.max,
    case_sensitive: options.caseSensitive,
    follow: options.follow?.length ? options.follow.join(',') : undefined,
    all_content: options.allContent,
  };
}

function getQuery(options: GetOptions): Record<string, QueryValue> {
  return {
    follow: options.follow?.length ? options.follow.join(',') : undefined,
    all_content: options.allContent,
  };
}

function call(options: CallOptions): Pick<RequestSpec, 'signal' | 'timeoutMs'> {
  const out: Pick<RequestSpec, 'signal' | 'timeoutMs'> = {};
  if (options.signal !== undefined) out.signal = options.signal;
  if (options.timeoutMs !== undefined) out.timeoutMs = options.timeoutMs;
  return out;
}

function entityRef(value: string | EntityRef): EntityRef {
  return typeof value === 'string' ? { id: value } : value;
}

function seg(id: string): string {
  return encodeURIComponent(id);
}

class Client implements EngineClient {
  readonly apiRoot: string;
  readonly clock: Clock;
  private readonly http: Transport;

  constructor(options: EngineClientOptions) {
    this.http = new Transport(options);
    this.apiRoot = this.http.apiRoot;
    this.clock = this.http.clock;
  }

  newCorrelationId(): string {
    return this.http.newCorrelationId();
  }

  private async get(path: string, query: Record<string, QueryValue>, options: CallOptions) {
    const res = await this.http.request({ path, query, ...call(options) });
    return res.body;
  }

  private async action(
    path: string,
    action: string,
    body: Record<string, unknown>,
    options: ActionOptions,
  ): Promise<ActionResult> {
    return (await this.actionWithBody(path, action, body, options)).result;
  }

  private async actionWithBody(
    path: string,
    action: string,
    body: Record<string, unknown>,
    options: ActionOptions,
  ): Promise<{ result: ActionResult; body: unknown }> {
    const correlationId = options.correlationId ?? this.http.newCorrelationId();
    const res = await this.http.request({
      method: 'POST',
      path,
      body,
      action,
      correlationId,
      ...call(options),
    });
    const result = toActionResult(res.body, res.status, correlationId);
    if (result.status === 'failed') {
      // Defensive: the engine signals failures with 4xx, but an action body saying "failed"
      // must never read as success.
      const fault = (res.body as { fault?: { reason?: string; detail?: string } }).fault;
      throw new ActionError(
        action,
        fault?.reason ?? 'Operation Failed',
        fault?.detail === undefined ? undefined : stripBrackets(fault.detail),
        { status: res.status, method: 'POST', path },
      );
    }
    return { result, body: res.body };
  }

  private async remove(path: string, query: Record<string, QueryValue>, options: ActionOptions) {
    const correlationId = options.correlationId ?? this.http.newCorrelationId();
    const res = await this.http.request({
      method: 'DELETE',
      path,
      query,
      action: 'delete',
      correlationId,
      ...call(options),
    });
    return toActionResult(res.body, res.status, correlationId);
  }

  private async *iterate<T>(
    path: string,
    key: string,
    map: (wire: never) => T,
    options: IterateOptions,
  ): AsyncIterableIterator<T[]> {
    const pageSize = options.pageSize ?? 100;
    let base = (searchText(options.search) ?? '').replace(/\s*\bpage\s+\d+\s*$/i, '');
    // The engine only guarantees an order with sortby; without one pages could overlap or skip.
    if (!/\bsortby\b/i.test(base)) base = `${base} sortby name asc`.trim();
    for (let page = 1; ; page++) {
      const q = `${base} page ${page}`;
      const body = await this.get(
        path,
        {
          search: q,
          max: pageSize,
          case_sensitive: options.caseSensitive,
          follow: options.follow?.length ? options.follow.join(',') : undefined,
        },
        options,
      );
      const items = collection(body, key, path, map);
      if (items.length > 0) yield items;
      if (items.length < pageSize) return;
    }
  }

  async apiInfo(options: CallOptions = {}): Promise<ApiInfo> {
    return toApiInfo(await this.get('', {}, options));
  }

  async vmList(options: ListOptions = {}): Promise<Vm[]> {
    return collection(await this.get('vms', listQuery(options), options), 'vm', 'vms', toVm);
  }

  vmListByIds(ids: readonly string[], options: Omit<ListOptions, 'search'> = {}): Promise<Vm[]> {
    return byIds(ids, (chunk) =>
      this.vmList({ ...options, search: searchQuery().whereAny('id', chunk) }),
    );
  }

  vmIterate(options: IterateOptions = {}): AsyncIterableIterator<Vm[]> {
    return this.iterate('vms', 'vm', toVm, options);
  }

  async vmGet(id: string, options: GetOptions = {}): Promise<Vm> {
    return toVm((await this.get(`vms/${seg(id)}`, getQuery(options), options)) as VmWire);
  }

  async vmCreate(spec: VmCreateSpec, options: ActionOptions = {}): Promise<Vm> {
    const body: Record<string, unknown> = {
      name: spec.name,
      cluster: spec.cluster,
      template: spec.template ?? { id: BLANK_TEMPLATE },
    };
    if (spec.description !== undefined) body.description = spec.description;
    if (spec.comment !== undefined) body.comment = spec.comment;
    if (spec.memory !== undefined) body.memory = String(spec.memory);
    if (spec.cpu !== undefined) body.cpu = { topology: topologyWire(spec.cpu) };
    const res = await this.http.request({
      method: 'POST',
      path: 'vms',
      body,
      action: 'add',
      correlationId: options.correlationId ?? this.http.newCorrelationId(),
      ...call(options),
    });
    return toVm(res.body as VmWire);
  }

  async vmUpdate(id: string, patch: VmUpdateSpec, options: VmUpdateOptions = {}): Promise<Vm> {
    const body: Record<string, unknown> = {};
    if (patch.name !== undefined) body.name = patch.name;
    if (patch.description !== undefined) body.description = patch.description;
    if (patch.comment !== undefined) body.comment = patch.comment;
    if (patch.memory !== undefined) body.memory = String(patch.memory);
    if (patch.cpu !== undefined) body.cpu = { topology: topologyWire(patch.cpu) };
    const res = await this.http.request({
      method: 'PUT',
      path: `vms/${seg(id)}`,
      query: { next_run: options.nextRun },
      body,
      action: 'update',
      correlationId: options.correlationId ?? this.http.newCorrelationId(),
      ...call(options),
    });
    return toVm(res.body as VmWire);
  }

  vmDelete(id: string, options: DeleteOptions = {}): Promise<ActionResult> {
    return this.remove(
      `vms/${seg(id)}`,
      { force: options.force, detach_only: options.detachOnly },
      options,
    );
  }

  vmStart(id: string, options: ActionOptions = {}): Promise<ActionResult> {
    return this.action(`vms/${seg(id)}/start`, 'start', {}, options);
  }

  vmShutdown(id: string, options: VmStopOptions = {}): Promise<ActionResult> {
    return this.action(`vms/${seg(id)}/shutdown`, 'shutdown', stopBody(options), options);
  }

  vmStop(id: string, options: VmStopOptions = {}): Promise<ActionResult> {
    return this.action(`vms/${seg(id)}/stop`, 'stop', stopBody(options), options);
  }

  vmReboot(id: string, options: ActionOptions = {}): Promise<ActionResult> {
    return this.action(`vms/${seg(id)}/reboot`, 'reboot', {}, options);
  }

  vmSuspend(id: string, options: ActionOptions = {}): Promise<ActionResult> {
    return this.action(`vms/${seg(id)}/suspend`, 'suspend', {}, options);
  }

  vmMigrate(id: string, options: VmMigrateOptions = {}): Promise<ActionResult> {
    const body: Record<string, unknown> = {};
    if (options.host !== undefined) body.host = entityRef(options.host);
    if (options.force !== undefined) body.force = options.force;
    if (options.affinityClosure !== undefined)
      body.migrate_vms_in_affinity_closure = options.affinityClosure;
    return this.action(`vms/${seg(id)}/migrate`, 'migrate', body, options);
  }

  vmCancelMigration(id: string, options: ActionOptions = {}): Promise<ActionResult> {
    return this.action(`vms/${seg(id)}/cancelmigration`, 'cancelmigration', {}, options);
  }

  vmClone(id: string, options: VmCloneOptions): Promise<ActionResult> {
    return this.action(`vms/${seg(id)}/clone`, 'clone', { vm: { name: options.name } }, options);
  }

  async vmNics(id: string, options: CallOptions = {}): Promise<Nic[]> {
    // The guest's addresses live in each NIC's reported devices: one request, not one per NIC.
    const body = await this.get(`vms/${seg(id)}/nics`, { follow: 'reporteddevices' }, options);
    return collection(body, 'nic', 'nics', toNic);
  }

  async vmDiskAttachments(id: string, options: GetOptions = {}): Promise<DiskAttachment[]> {
    const body = await this.get(`vms/${seg(id)}/diskattachments`, getQuery(options), options);
    return collection(body, 'disk_attachment', 'disk attachments', toDiskAttachment);
  }

  async vmSnapshots(id: string, options: CallOptions = {}): Promise<Snapshot[]> {
    const body = await this.get(`vms/${seg(id)}/snapshots`, {}, options);
    return collection(body, 'snapshot', 'snapshots', toSnapshot);
  }

  async vmSnapshotCreate(
    id: string,
    spec: SnapshotCreateSpec,
    options: ActionOptions = {},
  ): Promise<Snapshot> {
    const res = await this.http.request({
      method: 'POST',
      path: `vms/${seg(id)}/snapshots`,
      body: {
        description: spec.description,
        persist_memorystate: String(spec.persistMemoryState ?? false),
      },
      action: 'add snapshot',
      correlationId: options.correlationId ?? this.http.newCorrelationId(),
      ...call(options),
    });
    return toSnapshot(res.body as SnapshotWire);
  }

  vmSnapshotRestore(
    id: string,
    snapshotId: string,
    options: ActionOptions = {},
  ): Promise<ActionResult> {
    return this.action(
      `vms/${seg(id)}/snapshots/${seg(snapshotId)}/restore`,
      'restore',
      {},
      options,
    );
  }

  vmSnapshotDelete(
    id: string,
    snapshotId: string,
    options: ActionOptions = {},
  ): Promise<ActionResult> {
    return this.remove(`vms/${seg(id)}/snapshots/${seg(snapshotId)}`, {}, options);
  }

  async vmStatistics(id: string, options: CallOptions = {}): Promise<Statistic[]> {
    const body = await this.get(`vms/${seg(id)}/statistics`, {}, options);
    return collection(body, 'statistic', 'statistics', toStatistic);
  }

  async hostList(options: ListOptions = {}): Promise<Host[]> {
    const body = await this.get('hosts', listQuery(options), options);
    return collection(body, 'host', 'hosts', toHost);
  }

  hostListByIds(
    ids: readonly string[],
    options: Omit<ListOptions, 'search'> = {},
  ): Promise<Host[]> {
    return byIds(ids, (chunk) =>
      this.hostList({ ...options, search: searchQuery().whereAny('id', chunk) }),
    );
  }

  hostIterate(options: IterateOptions = {}): AsyncIterableIterator<Host[]> {
    return this.iterate('hosts', 'host', toHost, options);
  }

  async hostGet(id: string, options: GetOptions = {}): Promise<Host> {
    return toHost((await this.get(`hosts/${seg(id)}`, getQuery(options), options)) as HostWire);
  }

  hostDeactivate(id: string, options: HostDeactivateOptions = {}): Promise<ActionResult> {
    const body: Record<string, unknown> = {};
    if (options.reason !== undefined) body.reason = options.reason;
    return this.action(`hosts/${seg(id)}/deactivate`, 'deactivate', body, options);
  }

  hostActivate(id: string, options: ActionOptions = {}): Promise<ActionResult> {
    return this.action(`hosts/${seg(id)}/activate`, 'activate', {}, options);
  }

  hostUpgradeCheck(id: string, options: ActionOptions = {}): Promise<ActionResult> {
    return this.action(`hosts/${seg(id)}/upgradecheck`, 'upgradecheck', {}, options);
  }

  hostUpgrade(id: string, options: HostUpgradeOptions = {}): Promise<ActionResult> {
    const body: Record<string, unknown> = {};
    if (options.reboot !== undefined) body.reboot = options.reboot;
    return this.action(`hosts/${seg(id)}/upgrade`, 'upgrade', body, options);
  }

  clusterUpgrade(
    id: string,
    action: ClusterUpgradeAction,
    options: ClusterUpgradeOptions = {},
  ): Promise<ActionResult> {
    const body: Record<string, unknown> = { upgrade_action: action };
    if (action === 'update_progress' && options.percent !== undefined)
      body.upgrade_percent_complete = Math.max(0, Math.min(100, Math.round(options.percent)));
    return this.action(`clusters/${seg(id)}/upgrade`, 'upgrade', body, options);
  }

  async hostFence(
    id: string,
    type: FenceType,
    options: ActionOptions = {},
  ): Promise<ActionResult & { powerStatus?: PowerStatus }> {
    const { result, body } = await this.actionWithBody(
      `hosts/${seg(id)}/fence`,
      'fence',
      { fence_type: type },
      options,
    );
    const powerStatus = toPowerStatus(body);
    return powerStatus === undefined ? result : { ...result, powerStatus };
  }

  async hostHooks(id: string, options: CallOptions = {}): Promise<HostHook[]> {
    const body = await this.get(`hosts/${seg(id)}/hooks`, {}, options);
    return collection(body, 'hook', 'hooks', toHostHook);
  }

  async hostNics(id: string, options: CallOptions = {}): Promise<HostNic[]> {
    const body = await this.get(`hosts/${seg(id)}/nics`, {}, options);
    return collection(body, 'host_nic', 'host nics', toHostNic);
  }

  async hostStatistics(id: string, options: CallOptions = {}): Promise<Statistic[]> {
    const body = await this.get(`hosts/${seg(id)}/statistics`, {}, options);
    return collection(body, 'statistic', 'statistics', toStatistic);
  }

  async hostMigrationTargetsOf(
    vmIds: string | readonly string[],
    options: CallOptions & { affinityClosure?: boolean } = {},
  ): Promise<Host[]> {
    const ids = typeof vmIds === 'string' ? [vmIds] : vmIds;
    assertEngineIds(ids);
    const body = await this.get(
      'hosts',
      {
        migration_target_of: ids.join(','),
        check_vms_in_affinity_closure: options.affinityClosure === true,
      },
      options,
    );
    return collection(body, 'host', 'hosts', toHost);
  }

  async clusterAffinityGroups(clusterId: string, options: CallOptions = {}) {
    assertEngineIds([clusterId]);
    const body = await this.get(`clusters/${seg(clusterId)}/affinitygroups`, {}, options);
    return (await scheduling()).affinityGroupList(body);
  }

  async clusterScheduling(clusterId: string, options: CallOptions = {}) {
    assertEngineIds([clusterId]);
    const body = await this.get(`clusters/${seg(clusterId)}`, {}, options);
    return (await scheduling()).toClusterScheduling((body ?? {}) as Record<string, unknown>);
  }

  async vmAffinityLabels(vmId: string, options: CallOptions = {}) {
    assertEngineIds([vmId]);
    const body = await this.get(`vms/${seg(vmId)}/affinitylabels`, {}, options);
    return (await scheduling()).affinityLabelList(body);
  }

  async affinityLabelMembers(labelId: string, options: CallOptions = {}) {
    assertEngineIds([labelId]);
    const [vms, hosts] = await Promise.all([
      this.get(`affinitylabels/${seg(labelId)}/vms`, {}, options),
      this.get(`affinitylabels/${seg(labelId)}/hosts`, {}, options),
    ]);
    const { refIds } = await scheduling();
    return { vmIds: refIds(vms, 'vm'), hostIds: refIds(hosts, 'host') };
  }

  async schedulingPolicyGet(id: string, options: CallOptions = {}) {
    assertEngineIds([id]);
    const body = await this.get(`schedulingpolicies/${seg(id)}`, {}, options);
    return (await scheduling()).toSchedulingPolicy((body ?? {}) as Record<string, unknown>);
  }

  async schedulingPolicyFilters(id: string, options: CallOptions = {}) {
    assertEngineIds([id]);
    const body = await this.get(`schedulingpolicies/${seg(id)}/filters`, {}, options);
    return (await scheduling()).policyUnitIds(body, 'filter');
  }

  async schedulingPolicyUnitList(options: CallOptions = {}) {
    const body = await this.get('schedulingpolicyunits', {}, options);
    return (await scheduling()).schedulingPolicyUnitList(body);
  }

  async clusterList(options: ListOptions = {}): Promise<Cluster[]> {
    const body = await this.get('clusters', listQuery(options), options);
    return collection(body, 'cluster', 'clusters', toCluster);
  }

  async clusterGet(id: string, options: GetOptions = {}): Promise<Cluster> {
    return toCluster(
      (await this.get(`clusters/${seg(id)}`, getQuery(options), options)) as ClusterWire,
    );
  }

  async templateList(options: ListOptions = {}): Promise<Template[]> {
    const body = await this.get('templates', listQuery(options), options);
    return collection(body, 'template', 'templates', toTemplate);
  }

  async networkList(options: ListOptions = {}): Promise<Network[]> {
    const body = await this.get('networks', listQuery(options), options);
    return collection(body, 'network', 'networks', toNetwork);
  }

  async templateGet(id: string, options: GetOptions = {}): Promise<Template> {
    return toTemplate(
      (await this.get(`templates/${seg(id)}`, getQuery(options), options)) as TemplateWire,
    );
  }

  async eventList(options: EventListOptions = {}): Promise<EngineEvent[]> {
    const body = await this.get(
      'events',
      {
        from: options.from === undefined ? undefined : String(options.from),
        max: options.max,
        search: searchText(options.search),
      },
      options,
    );
    return collection(body, 'event', 'events', toEvent);
  }

  async jobList(options: ListOptions = {}): Promise<Job[]> {
    const body = await this.get('jobs', listQuery(options), options);
    return collection(body, 'job', 'jobs', toJob);
  }

  async jobGet(id: string, options: JobGetOptions = {}): Promise<Job> {
    const job = toJob((await this.get(`jobs/${seg(id)}`, {}, options)) as JobWire);
    if (options.steps === true && job.steps === undefined)
      job.steps = await this.jobSteps(id, options);
    return job;
  }

  async jobSteps(id: string, options: CallOptions = {}): Promise<Step[]> {
    const body = await this.get(`jobs/${seg(id)}/steps`, {}, options);
    return collection(body, 'step', 'steps', toStep);
  }

  jobsByCorrelationId(correlationId: string, options: CallOptions = {}): Promise<Job[]> {
    return this.jobList({
      ...options,
      search: searchQuery().where('correlation_id', correlationId),
    });
  }

  async follow(href: string, options: GetOptions = {}): Promise<Followed> {
    const path = new URL(this.http.url(href)).pathname.slice(new URL(this.apiRoot).pathname.length);
    const parts = path.split('/').filter((p) => p !== '');
    const [coll, id, sub, subId] = parts;
    const body = await this.get(href, getQuery(options), options);
    const one = <T>(map: (w: never) => T): T => map(body as never);
    const many = <T>(key: string, map: (w: never) => T): T[] => collection(body, key, href, map);
    if (parts.length === 1) {
      switch (coll) {
        case 'vms':
          return { type: 'vms', value: many('vm', toVm) };
        case 'hosts':
          return { type: 'hosts', value: many('host', toHost) };
        case 'clusters':
          return { type: 'clusters', value: many('cluster', toCluster) };
        case 'templates':
          return { type: 'templates', value: many('template', toTemplate) };
        case 'events':
          return { type: 'events', value: many('event', toEvent) };
        case 'jobs':
          return { type: 'jobs', value: many('job', toJob) };
      }
    }
    if (parts.length === 2 && id !== undefined) {
      switch (coll) {
        case 'vms':
          return { type: 'vm', value: one(toVm) };
        case 'hosts':
          return { type: 'host', value: one(toHost) };
        case 'clusters':
          return { type: 'cluster', value: one(toCluster) };
        case 'templates':
          return { type: 'template', value: one(toTemplate) };
        case 'events':
          return { type: 'event', value: one(toEvent) };
        case 'jobs':
          return { type: 'job', value: one(toJob) };
      }
    }
    const key = `${coll ?? ''}/${sub ?? ''}`;
    if (parts.length === 3) {
      switch (key) {
        case 'vms/nics':
          return { type: 'nics', value: many('nic', toNic) };
        case 'vms/diskattachments':
          return { type: 'diskAttachments', value: many('disk_attachment', toDiskAttachment) };
        case 'vms/snapshots':
          return { type: 'snapshots', value: many('snapshot', toSnapshot) };
        case 'vms/statistics':
        case 'hosts/statistics':
          return { type: 'statistics', value: many('statistic', toStatistic) };
        case 'hosts/nics':
          return { type: 'hostNics', value: many('host_nic', toHostNic) };
        case 'jobs/steps':
          return { type: 'steps', value: many('step', toStep) };
      }
    }
    if (parts.length === 4 && subId !== undefined) {
      switch (key) {
        case 'vms/nics':
          return { type: 'nic', value: one(toNic) };
        case 'vms/diskattachments':
          return { type: 'diskAttachment', value: one(toDiskAttachment) };
        case 'vms/snapshots':
          return { type: 'snapshot', value: one(toSnapshot) };
        case 'vms/statistics':
        case 'hosts/statistics':
          return { type: 'statistic', value: one(toStatistic) };
        case 'hosts/nics':
          return { type: 'hostNic', value: one(toHostNic) };
        case 'jobs/steps':
          return { type: 'step', value: one(toStep) };
      }
    }
    throw new EngineError(`No typed resource for ${href}`);
  }

  waitForStatus(
    resource: { kind: 'vm'; id: string },
    status: VmStatus | readonly VmStatus[] | 'deleted',
    options?: WaitOptions<Vm>,
  ): Promise<Vm | null>;
  waitForStatus(
    resource: { kind: 'host'; id: string },
    status: HostStatus | readonly HostStatus[] | 'deleted',
    options?: WaitOptions<Host>,
  ): Promise<Host | null>;
  waitForStatus(
    resource: WatchedResource,
    status: string | readonly string[],
    options: WaitOptions<Vm> | WaitOptions<Host> = {},
  ): Promise<Vm | Host | null> {
    const fetchOne = (signal: AbortSignal | undefined): Promise<Vm | Host> => {
      const call = signal ? { signal } : {};
      return resource.kind === 'vm'
        ? this.vmGet(resource.id, call)
        : this.hostGet(resource.id, call);
    };
    return waitForStatus<Vm | Host>(fetchOne, status, {
      clock: this.clock,
      ...(options as WaitOptions<Vm | Host>),
    });
  }

  eventStream(options: EventStreamOptions = {}): EventStream {
    return new EventStream(this, { clock: this.clock, ...options });
  }

  jobTrack(correlationId: string, options: JobTrackOptions = {}): Promise<Job[]> {
    return jobTrack(this, correlationId, { clock: this.clock, ...options });
  }
}

function topologyWire(cpu: { sockets?: number; cores?: number; threads?: number }) {
  const out: Record<string, string> = {};
  if (cpu.sockets !== undefined) out.sockets = String(cpu.sockets);
  if (cpu.cores !== undefined) out.cores = String(cpu.cores);
  if (cpu.threads !== undefined) out.threads = String(cpu.threads);
  return out;
}

function stopBody(options: VmStopOptions): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (options.reason !== undefined) body.reason = options.reason;
  if (options.force !== undefined) body.force = options.force;
  return body;
}

/** Builds the client. Reads nothing global: everything host-derived comes in `options`. */
export function createEngineClient(options: EngineClientOptions): EngineClient {
  return new Client(options);
}
