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

const FIELDS: Readonly<Record<string, readonly string[]>> = {
  VirtualMachine: ['id', 'name', 'ipaddress', 'status', 'managed'],
  Host: ['id', 'name', 'hostname', 'managed'],
};

/** Rule 14: an entity object the shell is about to pass must follow §2.3 exactly. */
export function checkEntityObject(type: string, entity: unknown, mode: ApiMode): string[] {
  const problems: string[] = [];
  if (typeof entity !== 'object' || entity === null) return [`${type} entity is not an object`];
  const e = entity as Record<string, unknown>;
  if (typeof e.id !== 'string') problems.push(`${type} entity has no string id`);
  const allowed = FIELDS[type];
  if (allowed === undefined) return problems;
  const expected = hasManaged(mode) ? allowed : allowed.filter((f) => f !== 'managed');
  for (const key of Object.keys(e)) {
    if (!expected.includes(key)) problems.push(`${type} entity has unexpected field "${key}"`);
  }
  for (const key of expected) {
    if (!(key in e)) problems.push(`${type} entity lacks "${key}"`);
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
  if ('managed' in e && typeof e.managed !== 'boolean')
    problems.push(`${type} managed must be boolean`);
  return problems;
}
