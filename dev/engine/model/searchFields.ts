import type { Engine } from './engine';
import type { SearchSpec } from './search';
import { hostCpuPercent, vmCpuPercent, vmMemPercent, vmNetPercent } from './stats';
import {
  MIB,
  vmIsRunning,
  type ClusterRecord,
  type DataCenterRecord,
  type EventRecord,
  type HostRecord,
  type JobRecord,
  type TemplateRecord,
  type VmRecord,
} from './types';

/** Backend VMStatus names (search spelling) → REST status (reference §4.2). */
export const VM_STATUS_SEARCH: readonly (readonly [string, string])[] = [
  ['unassigned', 'unassigned'],
  ['down', 'down'],
  ['up', 'up'],
  ['poweringup', 'powering_up'],
  ['paused', 'paused'],
  ['migratingfrom', 'migrating'],
  ['migratingto', 'migrating'],
  ['unknown', 'unknown'],
  ['notresponding', 'not_responding'],
  ['waitforlaunch', 'wait_for_launch'],
  ['rebootinprogress', 'reboot_in_progress'],
  ['savingstate', 'saving_state'],
  ['restoringstate', 'restoring_state'],
  ['suspended', 'suspended'],
  ['imagelocked', 'image_locked'],
  ['imageillegal', '-'],
  ['poweringdown', 'powering_down'],
];

export const HOST_STATUS_SEARCH: readonly (readonly [string, string])[] = [
  ['unassigned', 'unassigned'],
  ['down', 'down'],
  ['maintenance', 'maintenance'],
  ['up', 'up'],
  ['nonresponsive', 'non_responsive'],
  ['error', 'error'],
  ['installing', 'installing'],
  ['installfailed', 'install_failed'],
  ['reboot', 'reboot'],
  ['preparingformaintenance', 'preparing_for_maintenance'],
  ['nonoperational', 'non_operational'],
  ['pendingapproval', 'pending_approval'],
  ['initializing', 'initializing'],
  ['connecting', 'connecting'],
  ['installingos', 'installing_os'],
  ['kdumping', 'kdumping'],
];

/** Ordered, so `severity>normal` means warning, error and alert. */
const SEVERITY_SEARCH: readonly (readonly [string, string])[] = [
  ['normal', 'normal'],
  ['warning', 'warning'],
  ['error', 'error'],
  ['alert', 'alert'],
];

const JOB_STATUS_SEARCH: readonly (readonly [string, string])[] = [
  ['started', 'started'],
  ['finished', 'finished'],
  ['failed', 'failed'],
  ['aborted', 'aborted'],
  ['unknown', 'unknown'],
];

export function vmSearchSpec(engine: Engine): SearchSpec<VmRecord> {
  const hostName = (vm: VmRecord): string | undefined =>
    vm.hostId && vmIsRunning(vm) ? engine.state.hosts.get(vm.hostId)?.name : undefined;
  const clusterName = (vm: VmRecord): string | undefined =>
    engine.state.clusters.get(vm.clusterId)?.name;
  const templateName = (vm: VmRecord): string | undefined =>
    engine.state.templates.get(vm.templateId)?.name;
  const dcName = (vm: VmRecord): string | undefined => {
    const dc = engine.state.clusters.get(vm.clusterId)?.dataCenterId;
    return dc ? engine.state.dataCenters.get(dc)?.name : undefined;
  };
  const now = (): number => engine.now();
  return {
    prefixes: ['vms', 'vm'],
    text: (vm) => [vm.name, vm.description, vm.comment],
    fields: {
      name: { type: 'string', get: (vm) => vm.name },
      description: { type: 'string', get: (vm) => vm.description },
      comment: { type: 'string', get: (vm) => vm.comment },
      id: { type: 'string', get: (vm) => vm.id },
      status: { type: 'enum', get: (vm) => vm.status, values: VM_STATUS_SEARCH },
      cluster: { type: 'string', get: clusterName },
      'cluster.name': { type: 'string', get: clusterName },
      host: { type: 'string', get: hostName },
      'host.name': { type: 'string', get: hostName },
      on_host: { type: 'string', get: hostName },
      template: { type: 'string', get: templateName },
      'template.name': { type: 'string', get: templateName },
      datacenter: { type: 'string', get: dcName },
      os: { type: 'string', get: (vm) => vm.os },
      type: { type: 'string', get: (vm) => vm.type },
      architecture: { type: 'string', get: () => 'x86_64' },
      memory: { type: 'number', get: (vm) => Math.round(vm.memory / MIB) },
      guaranteed_memory: { type: 'number', get: (vm) => Math.round(vm.guaranteedMemory / MIB) },
      vcpus: { type: 'number', get: (vm) => vm.sockets * vm.cores * vm.threads },
      cpu_usage: { type: 'number', get: (vm) => Math.round(vmCpuPercent(vm, now())) },
      mem_usage: { type: 'number', get: (vm) => Math.round(vmMemPercent(vm, now())) },
      network_usage: { type: 'number', get: (vm) => Math.round(vmNetPercent(vm, now())) },
      migration_progress_percent: { type: 'number', get: (vm) => vm.migration?.progress ?? 0 },
      uptime: {
        type: 'number',
        get: (vm) =>
          vm.startTime !== undefined && vmIsRunning(vm)
            ? Math.round((now() - vm.startTime) / 1000)
            : 0,
      },
      ip: {
        type: 'string',
        get: (vm) =>
          vm.status === 'up' || vm.status === 'migrating' ? vm.nics.flatMap((n) => n.ips) : [],
      },
      fqdn: {
        type: 'string',
        get: (vm) => (vmIsRunning(vm) ? `${vm.name}.lab.example.com` : undefined),
      },
      creationdate: { type: 'date', get: (vm) => vm.creationTime },
      next_run_config_exists: { type: 'string', get: () => 'false' },
      tag: { type: 'string', get: () => [] },
      pool: { type: 'string', get: () => [] },
    },
  };
}

export function hostSearchSpec(engine: Engine): SearchSpec<HostRecord> {
  const clusterName = (h: HostRecord): string | undefined =>
    engine.state.clusters.get(h.clusterId)?.name;
  const vmsOf = (h: HostRecord): VmRecord[] => {
    const out: VmRecord[] = [];
    for (const vm of engine.state.vms.values())
      if (vm.hostId === h.id && vmIsRunning(vm)) out.push(vm);
    return out;
  };
  return {
    prefixes: ['hosts', 'host'],
    text: (h) => [h.name, h.address],
    fields: {
      name: { type: 'string', get: (h) => h.name },
      address: { type: 'string', get: (h) => h.address },
      comment: { type: 'string', get: () => '' },
      id: { type: 'string', get: (h) => h.id },
      status: { type: 'enum', get: (h) => h.status, values: HOST_STATUS_SEARCH },
      cluster: { type: 'string', get: clusterName },
      datacenter: {
        type: 'string',
        get: (h) => {
          const dc = engine.state.clusters.get(h.clusterId)?.dataCenterId;
          return dc ? engine.state.dataCenters.get(dc)?.name : undefined;
        },
      },
      active_vms: { type: 'number', get: (h) => engine.hostLoad(h.id).active },
      migrating_vms: { type: 'number', get: (h) => engine.hostLoad(h.id).migrating },
      committed_mem: {
        type: 'number',
        get: (h) => Math.round((engine.hostLoad(h.id).committed / h.memory) * 100),
      },
      mem_usage: {
        type: 'number',
        get: (h) => Math.round((engine.hostLoad(h.id).committed / h.memory) * 100),
      },
      cpu_usage: {
        type: 'number',
        get: (h) => Math.round(hostCpuPercent(engine, h, engine.now())),
      },
      network_usage: { type: 'number', get: () => 0 },
      memory: { type: 'number', get: (h) => Math.round(h.memory / MIB) },
      cpus: { type: 'number', get: (h) => h.sockets * h.cores * h.threads },
      cpu_speed: { type: 'number', get: (h) => h.cpuSpeed },
      cpu_model: { type: 'string', get: (h) => h.cpuModel },
      type: { type: 'string', get: () => 'rhel' },
      architecture: { type: 'string', get: () => 'x86_64' },
      spm_id: { type: 'number', get: (h) => (h.spm ? 1 : -1) },
      'vms.name': { type: 'string', get: (h) => vmsOf(h).map((vm) => vm.name) },
      'vms.status': {
        type: 'enum',
        get: (h) => vmsOf(h).map((vm) => vm.status),
        values: VM_STATUS_SEARCH,
      },
    },
  };
}

export function eventSearchSpec(): SearchSpec<EventRecord> {
  return {
    prefixes: ['events', 'event'],
    text: (e) => [e.description],
    fields: {
      id: { type: 'number', get: (e) => e.id },
      type: { type: 'number', get: (e) => e.code },
      severity: { type: 'enum', get: (e) => e.severity, values: SEVERITY_SEARCH },
      message: { type: 'string', get: (e) => e.description },
      time: { type: 'date', get: (e) => e.time },
      usrname: { type: 'string', get: (e) => (e.user ? 'admin@internal-authz' : undefined) },
      event_host: { type: 'string', get: (e) => e.hostName },
      event_vm: { type: 'string', get: (e) => e.vmName },
      correlation_id: { type: 'string', get: (e) => e.correlationId },
      origin: { type: 'string', get: () => 'oVirt' },
      custom_event_id: { type: 'number', get: () => -1 },
      deleted: { type: 'string', get: () => 'false' },
    },
  };
}

export function jobSearchSpec(): SearchSpec<JobRecord> {
  return {
    prefixes: ['jobs', 'job'],
    text: (j) => [j.description],
    fields: {
      id: { type: 'string', get: (j) => j.id },
      correlation_id: { type: 'string', get: (j) => j.correlationId },
      status: { type: 'enum', get: (j) => j.status, values: JOB_STATUS_SEARCH },
      description: { type: 'string', get: (j) => j.description },
      start_time: { type: 'date', get: (j) => j.startTime },
      end_time: { type: 'date', get: (j) => j.endTime },
      last_update_time: { type: 'date', get: (j) => j.lastUpdated },
    },
  };
}

export function clusterSearchSpec(engine: Engine): SearchSpec<ClusterRecord> {
  return {
    prefixes: ['clusters', 'cluster'],
    text: (c) => [c.name, c.description],
    fields: {
      name: { type: 'string', get: (c) => c.name },
      description: { type: 'string', get: (c) => c.description },
      id: { type: 'string', get: (c) => c.id },
      datacenter: {
        type: 'string',
        get: (c) => engine.state.dataCenters.get(c.dataCenterId)?.name,
      },
      architecture: { type: 'string', get: () => 'x86_64' },
    },
  };
}

export function dataCenterSearchSpec(): SearchSpec<DataCenterRecord> {
  return {
    prefixes: ['datacenters', 'datacenter'],
    text: (d) => [d.name, d.description],
    fields: {
      name: { type: 'string', get: (d) => d.name },
      description: { type: 'string', get: (d) => d.description },
      id: { type: 'string', get: (d) => d.id },
      status: { type: 'string', get: () => 'up' },
    },
  };
}

export function templateSearchSpec(engine: Engine): SearchSpec<TemplateRecord> {
  return {
    prefixes: ['templates', 'template'],
    text: (t) => [t.name, t.description],
    fields: {
      name: { type: 'string', get: (t) => t.name },
      description: { type: 'string', get: (t) => t.description },
      id: { type: 'string', get: (t) => t.id },
      cluster: {
        type: 'string',
        get: (t) => (t.clusterId ? engine.state.clusters.get(t.clusterId)?.name : undefined),
      },
      os: { type: 'string', get: (t) => t.os },
      memory: { type: 'number', get: (t) => Math.round(t.memory / MIB) },
      status: { type: 'string', get: () => 'ok' },
    },
  };
}
