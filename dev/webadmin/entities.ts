// Entity objects as EntityObject.from() builds them (§2.3), made from the engine's REST JSON.
// The shell hands these to selection handlers and buttons, so they must be exactly what the
// real WebAdmin would pass — checkEntityObject() keeps the shell honest (rule 14).

import type { ApiMode } from './contract';
import { VM_STATUS_NAMES } from './contract';

export type EntityObject = Record<string, string | boolean | null> & { id: string };

/** REST VmStatus → backend VMStatus name. REST folds MigratingFrom/To into `migrating`. */
const VM_STATUS: Readonly<Record<string, string>> = {
  unassigned: 'Unassigned',
  down: 'Down',
  up: 'Up',
  powering_up: 'PoweringUp',
  paused: 'Paused',
  migrating: 'MigratingFrom',
  unknown: 'Unknown',
  not_responding: 'NotResponding',
  wait_for_launch: 'WaitForLaunch',
  reboot_in_progress: 'RebootInProgress',
  saving_state: 'SavingState',
  restoring_state: 'RestoringState',
  suspended: 'Suspended',
  image_locked: 'ImageLocked',
  powering_down: 'PoweringDown',
};

export function vmStatusName(restStatus: unknown): string {
  // ImageIllegal is the one backend status REST omits (VmMapper.mapVmStatus → null).
  if (typeof restStatus !== 'string') return 'ImageIllegal';
  return VM_STATUS[restStatus] ?? 'Unknown';
}

interface RestRef {
  id?: unknown;
}
export interface RestVm {
  id: string;
  name?: unknown;
  status?: unknown;
  origin?: unknown;
  host?: RestRef;
  reported_devices?: { reported_device?: { ips?: { ip?: { address?: unknown }[] } }[] };
}
export interface RestHost {
  id: string;
  name?: unknown;
  address?: unknown;
  status?: unknown;
  summary?: { total?: unknown };
}
export interface RestCluster {
  id: string;
  name?: unknown;
  data_center?: RestRef;
  version?: { major?: unknown; minor?: unknown };
  cpu?: { type?: unknown };
}

function firstIp(vm: RestVm): string | null {
  for (const device of vm.reported_devices?.reported_device ?? []) {
    for (const ip of device.ips?.ip ?? []) {
      if (typeof ip.address === 'string' && ip.address !== '') return ip.address;
    }
  }
  return null;
}

/** `managed` appeared in 4.4.2 (§1.4 API history). */
function hasManaged(mode: ApiMode): boolean {
  return mode === '4.5';
}

export function vmEntity(vm: RestVm, mode: ApiMode): EntityObject {
  const entity: EntityObject = {
    id: vm.id,
    name: typeof vm.name === 'string' ? vm.name : '',
    ipaddress: firstIp(vm),
    status: vmStatusName(vm.status),
  };
  // VmStatic.isManaged(): origin != KUBEVIRT. External and hosted-engine VMs are "managed".
  if (hasManaged(mode)) entity.managed = vm.origin !== 'kubevirt';
  return entity;
}

export function hostEntity(host: RestHost, mode: ApiMode): EntityObject {
  const entity: EntityObject = {
    id: host.id,
    name: typeof host.name === 'string' ? host.name : '',
    hostname: typeof host.address === 'string' ? host.address : null,
  };
  if (hasManaged(mode)) entity.managed = true;
  return entity;
}

export function clusterEntity(cluster: RestCluster, mode: ApiMode): EntityObject {
  const entity: EntityObject = {
    id: cluster.id,
    name: typeof cluster.name === 'string' ? cluster.name : '',
  };
  // Cluster.isManaged(): not a KubeVirt provider's cluster; the simulated engine has none.
  if (hasManaged(mode)) entity.managed = true;
  return entity;
}

/** §2.3: the fields EntityObject.from() writes per entity type (4.5; `managed` 4.4.2+, Storage `type` 4.5.0+). */
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  DataCenter: ['id', 'name'],
  Cluster: ['id', 'name', 'managed'],
  Host: ['id', 'name', 'hostname', 'managed'],
  Network: ['id', 'name'],
  VnicProfile: ['id'],
  Storage: ['id', 'name', 'type'],
  Disk: ['id'],
  VirtualMachine: ['id', 'name', 'ipaddress', 'status', 'managed'],
  Pool: ['id', 'name'],
  Template: ['id', 'name'],
  GlusterVolume: ['id', 'name', 'clusterId'],
  Provider: ['id', 'name'],
  User: ['id', 'username', 'domain'],
  Quota: ['id', 'name'],
  Errata: ['id'],
  Event: ['id', 'correlationId', 'message', 'callStack', 'customEventId', 'toString'],
};
/** Written only sometimes: a Storage domain's `dataCenterId` only when it is attached (4.5.1+). */
const OPTIONAL_FIELDS: Readonly<Record<string, readonly string[]>> = { Storage: ['dataCenterId'] };

/** Rule 14: an entity object the shell is about to pass must follow §2.3 exactly. */
export function checkEntityObject(type: string, entity: unknown, mode: ApiMode): string[] {
  const problems: string[] = [];
  if (typeof entity !== 'object' || entity === null) return [`${type} entity is not an object`];
  const e = entity as Record<string, unknown>;
  if (typeof e.id !== 'string') problems.push(`${type} entity has no string id`);
  const allowed = FIELDS[type];
  if (allowed === undefined) return problems;
  const expected = hasManaged(mode)
    ? allowed
    : allowed.filter((f) => f !== 'managed' && !(type === 'Storage' && f === 'type'));
  const optional = OPTIONAL_FIELDS[type] ?? [];
  for (const key of Object.keys(e)) {
    if (!expected.includes(key) && !optional.includes(key))
      problems.push(`${type} entity has unexpected field "${key}"`);
  }
  const own = (key: string) => Object.prototype.hasOwnProperty.call(e, key);
  for (const key of expected) {
    if (!own(key)) problems.push(`${type} entity lacks "${key}"`);
  }
  if (type === 'VirtualMachine') {
    if (typeof e.status !== 'string' || !VM_STATUS_NAMES.includes(e.status)) {
      problems.push(`VirtualMachine status ${JSON.stringify(e.status)} is not a VMStatus name`);
    }
    if (e.ipaddress !== null && typeof e.ipaddress !== 'string') {
      problems.push('VirtualMachine ipaddress must be a string or null');
    }
  }
  if (type === 'Host' && e.hostname !== null && typeof e.hostname !== 'string') {
    problems.push('Host hostname must be a string or null');
  }
  for (const key of [
    'name',
    'username',
    'domain',
    'type',
    'clusterId',
    'dataCenterId',
    'toString',
  ]) {
    if (own(key) && expected.concat(optional).includes(key) && typeof e[key] !== 'string')
      problems.push(`${type} ${key} must be a string`);
  }
  if ('managed' in e && typeof e.managed !== 'boolean')
    problems.push(`${type} managed must be boolean`);
  return problems;
}
