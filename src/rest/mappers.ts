/**
 * Wire → view model, once, at the edge. Unknown fields are ignored, missing optional fields are
 * tolerated, missing collections become `[]`. A body that is not the expected engine JSON (not an
 * object, an item without an id) is a `ParseError`, because a page must never render garbage.
 */
import { ParseError } from './errors';
import type {
  ActionResult,
  ApiInfo,
  Cluster,
  DiskAttachment,
  EngineEvent,
  EventSeverity,
  Host,
  HostNic,
  HostStatus,
  Identified,
  IpConfig,
  Job,
  JobStatus,
  Nic,
  Ref,
  Snapshot,
  Statistic,
  Step,
  Network,
  Template,
  Vm,
  VmStatus,
  ActionStatus,
} from './models';
import { HOST_STATUSES, VM_STATUSES } from './models';
import type {
  ActionWire,
  ApiRootWire,
  ClusterWire,
  DiskAttachmentWire,
  EventWire,
  HostNicWire,
  HostWire,
  IdentifiedWire,
  JobWire,
  NicWire,
  ReportedDeviceWire,
  RefWire,
  SnapshotWire,
  StatisticWire,
  StepWire,
  NetworkWire,
  TemplateWire,
  VmWire,
} from './wire';

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Engine booleans are `"true"`/`"false"`; real JSON booleans (older engines, inputs) also count. */
export function bool(value: unknown, fallback = false): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return fallback;
}

/** Engine integers are decimal strings (xs:long became a string in 4.2.3; numbers before). */
export function int(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

export function date(value: unknown): Date | undefined {
  const ms = int(value);
  return ms === undefined ? undefined : new Date(ms);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Adds `key: value` only when value is defined (keeps view models free of `undefined` keys). */
function opt<T extends object, K extends string, V>(
  target: T,
  key: K,
  value: V | undefined,
): T & Partial<Record<K, V>> {
  if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  return target;
}

export function ref(wire: RefWire | undefined): Ref | undefined {
  if (!isObject(wire)) return undefined;
  const id = str(wire.id);
  if (id === undefined) {
    // A few engine references carry only a name (events' `user` may); keep them addressable.
    const name = str(wire.name);
    return name === undefined ? undefined : { id: '', name };
  }
  const out: Ref = { id };
  opt(out, 'href', str(wire.href));
  opt(out, 'name', str(wire.name));
  return out;
}

/** The array of a collection body (`{"vm": [...]}`), `[]` for `{}`. */
export function collection<T>(
  body: unknown,
  key: string,
  what: string,
  map: (wire: never) => T,
): T[] {
  if (body === undefined) return [];
  if (!isObject(body)) throw new ParseError(`Expected a ${what} collection, got ${typeof body}`);
  const items = body[key];
  if (items === undefined) return [];
  if (!Array.isArray(items)) throw new ParseError(`Expected "${key}" to be an array in ${what}`);
  return (items as never[]).map(map);
}

/** The items of a followed sub-collection (`"nics": {"nic": [...]}`), undefined if not followed. */
function followed<T>(value: unknown, key: string, map: (wire: never) => T): T[] | undefined {
  if (!isObject(value)) return undefined;
  const items = value[key];
  return Array.isArray(items) ? (items as never[]).map(map) : [];
}

function requireId(wire: unknown, what: string): string {
  if (!isObject(wire)) throw new ParseError(`Expected a ${what} object`);
  const id = wire.id;
  if (typeof id !== 'string' || id === '') throw new ParseError(`A ${what} without an id`);
  return id;
}

function identified(wire: IdentifiedWire, what: string): Identified {
  const id = requireId(wire, what);
  const links: Record<string, string> = {};
  for (const l of Array.isArray(wire.link) ? wire.link : []) {
    if (typeof l.rel === 'string' && typeof l.href === 'string') links[l.rel] = l.href;
  }
  const actionLinks =
    isObject(wire.actions) && Array.isArray(wire.actions.link) ? wire.actions.link : [];
  return {
    id,
    href: str(wire.href) ?? '',
    name: str(wire.name) ?? '',
    description: str(wire.description) ?? '',
    comment: str(wire.comment) ?? '',
    actions: actionLinks.map((l) => l.rel).filter((r): r is string => typeof r === 'string'),
    links,
  };
}

export function vmStatus(value: unknown): VmStatus {
  return (VM_STATUSES as readonly unknown[]).includes(value) ? (value as VmStatus) : 'unknown';
}

export function hostStatus(value: unknown): HostStatus {
  return (HOST_STATUSES as readonly unknown[]).includes(value)
    ? (value as HostStatus)
    : 'unassigned';
}

function jobStatus(value: unknown): JobStatus {
  return value === 'started' ||
    value === 'finished' ||
    value === 'failed' ||
    value === 'aborted' ||
    value === 'unknown'
    ? value
    : 'unknown';
}

function severity(value: unknown): EventSeverity {
  return value === 'warning' || value === 'error' || value === 'alert' ? value : 'normal';
}

function topology(wire: { sockets?: string; cores?: string; threads?: string } | undefined): {
  sockets: number;
  cores: number;
  threads: number;
} {
  return {
    sockets: int(wire?.sockets) ?? 1,
    cores: int(wire?.cores) ?? 1,
    threads: int(wire?.threads) ?? 1,
  };
}

/** Addresses from followed reported devices; undefined when they were not followed. */
function reportedIps(value: unknown): string[] | undefined {
  const devices = followed(value, 'reported_device', (d: ReportedDeviceWire) => d);
  if (!devices) return undefined;
  return devices.flatMap((d) =>
    (d.ips?.ip ?? []).flatMap((ip) => (typeof ip.address === 'string' ? [ip.address] : [])),
  );
}

export function toNic(wire: NicWire): Nic {
  const base = identified(wire, 'nic');
  const out: Nic = {
    id: base.id,
    href: base.href,
    name: base.name,
    linked: bool(wire.linked, true),
    plugged: bool(wire.plugged, true),
  };
  opt(out, 'interface', str(wire.interface));
  opt(out, 'mac', str(wire.mac?.address));
  opt(out, 'vnicProfile', ref(wire.vnic_profile));
  opt(out, 'vm', ref(wire.vm));
  opt(out, 'ips', reportedIps(wire.reported_devices));
  return out;
}

export function toDiskAttachment(wire: DiskAttachmentWire): DiskAttachment {
  const base = identified(wire, 'disk attachment');
  const out: DiskAttachment = {
    id: base.id,
    href: base.href,
    active: bool(wire.active, true),
    bootable: bool(wire.bootable),
    readOnly: bool(wire.read_only),
    passDiscard: bool(wire.pass_discard),
  };
  opt(out, 'interface', str(wire.interface));
  opt(out, 'logicalName', str(wire.logical_name));
  const disk = ref(wire.disk);
  if (disk !== undefined) {
    opt(disk, 'provisionedSize', int(wire.disk?.provisioned_size));
    opt(disk, 'actualSize', int(wire.disk?.actual_size));
    opt(disk, 'format', str(wire.disk?.format));
    out.disk = disk;
  }
  opt(out, 'vm', ref(wire.vm));
  return out;
}

export function toSnapshot(wire: SnapshotWire): Snapshot {
  const base = identified(wire, 'snapshot');
  const out: Snapshot = {
    id: base.id,
    href: base.href,
    description: base.description,
    persistMemoryState: bool(wire.persist_memorystate),
  };
  opt(out, 'date', date(wire.date));
  opt(out, 'snapshotStatus', str(wire.snapshot_status));
  opt(out, 'snapshotType', str(wire.snapshot_type));
  opt(out, 'vm', ref(wire.vm));
  return out;
}

export function toStatistic(wire: StatisticWire): Statistic {
  const base = identified(wire, 'statistic');
  const raw = isObject(wire.values) && Array.isArray(wire.values.value) ? wire.values.value : [];
  const values = raw.map((v) => int(v.datum)).filter((n): n is number => n !== undefined);
  const details = raw.map((v) => str(v.detail)).filter((s): s is string => s !== undefined);
  const out: Statistic = {
    id: base.id,
    href: base.href,
    name: base.name,
    description: base.description,
    kind: str(wire.kind) ?? 'gauge',
    type: str(wire.type) ?? 'decimal',
    unit: str(wire.unit) ?? 'none',
    values,
    details,
  };
  opt(out, 'value', values[0]);
  opt(out, 'vm', ref(wire.vm));
  opt(out, 'host', ref(wire.host));
  return out;
}

export function toVm(wire: VmWire): Vm {
  const base = identified(wire, 'vm');
  const cpu = topology(wire.cpu?.topology);
  const out: Vm = {
    ...base,
    status: vmStatus(wire.status),
    memory: int(wire.memory) ?? 0,
    cpu,
    vcpus: cpu.sockets * cpu.cores * cpu.threads,
    stateless: bool(wire.stateless),
    deleteProtected: bool(wire.delete_protected),
    highAvailability: {
      enabled: bool(wire.high_availability?.enabled),
      priority: int(wire.high_availability?.priority) ?? 0,
    },
    nextRunConfigurationExists: bool(wire.next_run_configuration_exists),
  };
  opt(out.cpu, 'architecture', str(wire.cpu?.architecture));
  opt(out, 'statusDetail', str(wire.status_detail));
  opt(out, 'stopReason', str(wire.stop_reason));
  opt(out, 'type', str(wire.type));
  opt(out, 'memoryGuaranteed', int(wire.memory_policy?.guaranteed));
  opt(out, 'memoryMax', int(wire.memory_policy?.max));
  opt(out, 'os', str(wire.os?.type));
  opt(out, 'creationTime', date(wire.creation_time));
  opt(out, 'startTime', date(wire.start_time));
  opt(out, 'stopTime', date(wire.stop_time));
  opt(out, 'origin', str(wire.origin));
  opt(out, 'placementAffinity', str(wire.placement_policy?.affinity));
  opt(out, 'placementHostIds', placementHosts(wire.placement_policy?.hosts));
  opt(out, 'fqdn', str(wire.fqdn));
  opt(out, 'cluster', ref(wire.cluster));
  opt(out, 'host', ref(wire.host));
  opt(out, 'template', ref(wire.template));
  opt(out, 'nics', followed(wire.nics, 'nic', toNic));
  opt(out, 'ips', reportedIps(wire.reported_devices));
  opt(out, 'diskAttachments', followed(wire.disk_attachments, 'disk_attachment', toDiskAttachment));
  opt(out, 'snapshots', followed(wire.snapshots, 'snapshot', toSnapshot));
  opt(out, 'statistics', followed(wire.statistics, 'statistic', toStatistic));
  return out;
}

/** `placement_policy.hosts.host[]` ids; each must be an id like any other reference. */
function placementHosts(wire: { host?: RefWire[] } | undefined): string[] | undefined {
  if (!isObject(wire) || !Array.isArray(wire.host)) return undefined;
  const ids = wire.host.map((h) => requireId(h, 'placement host'));
  return ids.length > 0 ? ids : undefined;
}

function ipConfig(wire: HostNicWire['ip']): IpConfig | undefined {
  if (!isObject(wire)) return undefined;
  const out: IpConfig = {};
  opt(out, 'address', str(wire.address));
  opt(out, 'gateway', str(wire.gateway));
  opt(out, 'netmask', str(wire.netmask));
  opt(out, 'version', str(wire.version));
  return out;
}

export function toHostNic(wire: HostNicWire): HostNic {
  const base = identified(wire, 'host nic');
  const out: HostNic = {
    id: base.id,
    href: base.href,
    name: base.name,
    bridged: bool(wire.bridged),
  };
  opt(out, 'mac', str(wire.mac?.address));
  opt(out, 'ip', ipConfig(wire.ip));
  opt(out, 'ipv6', ipConfig(wire.ipv6));
  opt(out, 'bootProtocol', str(wire.boot_protocol));
  opt(out, 'mtu', int(wire.mtu));
  opt(out, 'speed', int(wire.speed));
  opt(out, 'status', str(wire.status));
  opt(out, 'network', ref(wire.network));
  opt(out, 'host', ref(wire.host));
  return out;
}

export function toHost(wire: HostWire): Host {
  const base = identified(wire, 'host');
  const cpu = topology(wire.cpu?.topology);
  const out: Host = {
    ...base,
    status: hostStatus(wire.status),
    address: str(wire.address) ?? '',
    cpu,
    cpuCount: cpu.sockets * cpu.cores * cpu.threads,
    memory: int(wire.memory) ?? 0,
    maxSchedulingMemory: int(wire.max_scheduling_memory) ?? 0,
    summary: {
      active: int(wire.summary?.active) ?? 0,
      migrating: int(wire.summary?.migrating) ?? 0,
      total: int(wire.summary?.total) ?? 0,
    },
    updateAvailable: bool(wire.update_available),
    powerManagement: bool(wire.power_management?.enabled),
  };
  opt(out.cpu, 'name', str(wire.cpu?.name));
  opt(out.cpu, 'type', str(wire.cpu?.type));
  opt(out.cpu, 'speedMhz', int(wire.cpu?.speed));
  opt(out, 'statusDetail', str(wire.status_detail));
  opt(out, 'externalStatus', str(wire.external_status));
  opt(out, 'type', str(wire.type));
  opt(out, 'cluster', ref(wire.cluster));
  if (isObject(wire.spm)) {
    out.spm = { priority: int(wire.spm.priority) ?? 0, status: str(wire.spm.status) ?? 'none' };
  }
  opt(out, 'version', str(wire.version?.full_version));
  opt(out, 'libvirtVersion', str(wire.libvirt_version?.full_version));
  opt(out, 'osType', str(wire.os?.type));
  opt(out, 'osVersion', str(wire.os?.version?.full_version));
  opt(out, 'kernelCmdline', str(wire.os?.reported_kernel_cmdline));
  opt(out, 'nics', followed(wire.nics, 'host_nic', toHostNic));
  opt(out, 'statistics', followed(wire.statistics, 'statistic', toStatistic));
  return out;
}

export function toCluster(wire: ClusterWire): Cluster {
  const out: Cluster = {
    ...identified(wire, 'cluster'),
    maintenanceReasonRequired: bool(wire.maintenance_reason_required),
    optionalReason: bool(wire.optional_reason),
  };
  opt(out, 'dataCenter', ref(wire.data_center));
  opt(out, 'cpuArchitecture', str(wire.cpu?.architecture));
  opt(out, 'cpuType', str(wire.cpu?.type));
  const major = str(wire.version?.major);
  const minor = str(wire.version?.minor);
  if (major !== undefined) out.version = minor === undefined ? major : `${major}.${minor}`;
  opt(out, 'memoryOverCommit', int(wire.memory_policy?.over_commit?.percent));
  opt(out, 'upgradeInProgress', bool(wire.upgrade_in_progress));
  opt(out, 'upgradePercentComplete', int(wire.upgrade_percent_complete));
  opt(out, 'upgradeCorrelationId', str(wire.upgrade_correlation_id));
  return out;
}

export function toTemplate(wire: TemplateWire): Template {
  const out: Template = { ...identified(wire, 'template'), memory: int(wire.memory) ?? 0 };
  opt(out, 'status', str(wire.status));
  opt(out, 'creationTime', date(wire.creation_time));
  opt(out, 'os', str(wire.os?.type));
  opt(out, 'cluster', ref(wire.cluster));
  opt(out, 'versionNumber', int(wire.version?.version_number));
  opt(out, 'versionName', str(wire.version?.version_name));
  opt(out, 'baseTemplate', ref(wire.version?.base_template));
  return out;
}

export function toNetwork(wire: NetworkWire): Network {
  const out: Network = identified(wire, 'network');
  opt(out, 'dataCenter', ref(wire.data_center));
  return out;
}

export function toEvent(wire: EventWire): EngineEvent {
  const id = requireId(wire, 'event');
  const index = int(wire.index) ?? int(id);
  if (index === undefined) throw new ParseError(`An event id that is not a number: ${id}`);
  const out: EngineEvent = {
    id,
    href: str(wire.href) ?? '',
    index,
    code: int(wire.code) ?? 0,
    severity: severity(wire.severity),
    time: date(wire.time) ?? new Date(0),
    description: str(wire.description) ?? '',
  };
  opt(out, 'correlationId', str(wire.correlation_id));
  opt(out, 'origin', str(wire.origin));
  opt(out, 'customId', int(wire.custom_id));
  opt(out, 'vm', ref(wire.vm));
  opt(out, 'host', ref(wire.host));
  opt(out, 'cluster', ref(wire.cluster));
  opt(out, 'dataCenter', ref(wire.data_center));
  opt(out, 'storageDomain', ref(wire.storage_domain));
  opt(out, 'template', ref(wire.template));
  opt(out, 'user', ref(wire.user));
  return out;
}

export function toStep(wire: StepWire): Step {
  const base = identified(wire, 'step');
  const out: Step = {
    id: base.id,
    href: base.href,
    description: base.description,
    type: str(wire.type) ?? 'unknown',
    number: int(wire.number) ?? 0,
    status: jobStatus(wire.status),
    external: bool(wire.external),
  };
  opt(out, 'startTime', date(wire.start_time));
  opt(out, 'endTime', date(wire.end_time));
  opt(out, 'progress', int(wire.progress));
  opt(out, 'job', ref(wire.job));
  opt(out, 'parentStep', ref(wire.parent_step));
  opt(out, 'executionHost', ref(wire.execution_host));
  return out;
}

export function toJob(wire: JobWire): Job {
  const base = identified(wire, 'job');
  const out: Job = {
    id: base.id,
    href: base.href,
    description: base.description,
    status: jobStatus(wire.status),
    external: bool(wire.external),
    autoCleared: bool(wire.auto_cleared),
  };
  opt(out, 'startTime', date(wire.start_time));
  opt(out, 'endTime', date(wire.end_time));
  opt(out, 'lastUpdated', date(wire.last_updated));
  opt(out, 'owner', ref(wire.owner));
  opt(out, 'steps', followed(wire.steps, 'step', toStep));
  return out;
}

function actionStatus(value: unknown): ActionStatus {
  return value === 'pending' || value === 'in_progress' || value === 'failed' ? value : 'complete';
}

export function toActionResult(
  body: unknown,
  httpStatus: number,
  correlationId: string,
): ActionResult {
  // DELETE with ?async=true (or Expect: 202-accepted) answers 202 with an empty body.
  const wire: ActionWire = isObject(body) ? body : {};
  if (body !== undefined && !isObject(body)) throw new ParseError('Expected an action answer');
  const out: ActionResult = {
    status: body === undefined && httpStatus === 202 ? 'pending' : actionStatus(wire.status),
    correlationId,
    async: httpStatus === 202 || bool(wire.async),
  };
  opt(out, 'job', ref(wire.job));
  return out;
}

export function toApiInfo(body: unknown): ApiInfo {
  if (!isObject(body)) throw new ParseError('Expected the API root object');
  const wire = body as ApiRootWire;
  const summary: ApiInfo['summary'] = {};
  for (const [key, value] of Object.entries(isObject(wire.summary) ? wire.summary : {})) {
    if (isObject(value)) {
      summary[key] = { active: int(value.active) ?? 0, total: int(value.total) ?? 0 };
    }
  }
  const v = wire.product_info?.version;
  const out: ApiInfo = { summary };
  opt(out, 'productName', str(wire.product_info?.name));
  opt(out, 'version', str(v?.full_version));
  opt(out, 'major', int(v?.major));
  opt(out, 'minor', int(v?.minor));
  opt(out, 'time', date(wire.time));
  opt(out, 'authenticatedUser', ref(wire.authenticated_user));
  return out;
}
