/**
 * Host lifecycle data of the simulated engine that is not a state machine: VDSM hooks, fence
 * agents, cluster reason flags, and the "lab" knobs tests use to make one host differ
 * (`POST /__engine/lab`). Wire shapes follow HostMapper (hooks: `event_name`, `name`, `md5`,
 * an id derived from the three) and FenceAgentMapper (`address`, `type`, `order`, `username`).
 */
import type { Fleet } from './fleet';
import type { ClusterRecord, HookRecord, HostRecord, HostSoftware } from './types';
import { API, ref, type Json } from './wire';

/** Hooks every host of the fleet has (the ones a stock oVirt node ships). */
const DEFAULT_HOOKS: readonly { eventName: string; name: string }[] = [
  { eventName: 'after_network_setup', name: '30_ethtool_options' },
  { eventName: 'after_vm_destroy', name: '50_vhostmd' },
  { eventName: 'before_vm_dehibernate', name: '50_vhostmd' },
  { eventName: 'before_vm_migrate_destination', name: '50_vhostmd' },
  { eventName: 'before_vm_start', name: '50_hostedengine' },
  { eventName: 'before_vm_start', name: '50_vhostmd' },
  { eventName: 'before_vm_start', name: '50_vfio_mdev' },
];

/** A stable 32-hex digest (two FNV-1a passes): looks and compares like the md5 VDSM sends. */
export function digest(text: string): string {
  let out = '';
  for (const seed of [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x7f4a7c15]) {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}

function hookId(h: HookRecord): string {
  const x = digest(`${h.eventName}${h.name}${h.md5}`);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export function defaultHooks(): HookRecord[] {
  return DEFAULT_HOOKS.map((h) => ({ ...h, md5: digest(`${h.eventName}/${h.name}@vdsm-4.50`) }));
}

/**
 * Applied once per fleet load: every host has the stock hooks; every host has an IPMI agent and
 * power management enabled except the last host of each cluster that has more than one (so
 * both cases are always on screen). Reason flags stay off: the lab knob turns them on.
 */
export function applyHostLifecycleDefaults(fleet: Fleet): void {
  const byCluster = new Map<string, HostRecord[]>();
  for (const h of fleet.hosts) {
    const list = byCluster.get(h.clusterId) ?? [];
    list.push(h);
    byCluster.set(h.clusterId, list);
  }
  for (const list of byCluster.values()) {
    list.forEach((h, i) => {
      h.hooks = defaultHooks();
      const withPm = list.length < 2 || i < list.length - 1;
      h.powerManagement = {
        enabled: withPm,
        agents: withPm
          ? [
              {
                id: hookId({ eventName: 'agent', name: h.id, md5: '' }),
                type: 'ipmilan',
                address: `ipmi-${h.name}.lab.example.com`,
                username: 'root',
                order: 1,
              },
            ]
          : [],
      };
    });
  }
}

export function hookWire(host: HostRecord, h: HookRecord): Json {
  const id = hookId(h);
  return {
    event_name: h.eventName,
    md5: h.md5,
    name: h.name,
    host: ref('hosts', host.id),
    href: `${API}/hosts/${host.id}/hooks/${id}`,
    id,
  };
}

export function fenceAgentWire(host: HostRecord, a: HostRecord['powerManagement']): Json[] {
  return (a?.agents ?? []).map((x) => ({
    address: x.address,
    encrypt_options: 'false',
    order: String(x.order),
    type: x.type,
    username: x.username,
    host: ref('hosts', host.id),
    href: `${API}/hosts/${host.id}/fenceagents/${x.id}`,
    id: x.id,
  }));
}

/** `POST /__engine/lab` body: what a test changes on the loaded fleet. */
export interface LabPatch {
  hosts?: {
    name: string;
    powerManagement?: boolean;
    /** Replaces the md5 of one hook (`event/name`), or adds that hook when it is missing. */
    hook?: { eventName: string; name: string; md5: string };
    software?: Partial<HostSoftware>;
  }[];
  clusters?: { name: string; maintenanceReasonRequired?: boolean; optionalReason?: boolean }[];
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function applyLab(
  body: unknown,
  find: {
    host(name: string): HostRecord | undefined;
    cluster(name: string): ClusterRecord | undefined;
  },
): void {
  if (!isObj(body)) throw new Error('body must be an object');
  const hosts = Array.isArray(body.hosts) ? body.hosts : [];
  for (const p of hosts) {
    if (!isObj(p) || typeof p.name !== 'string') throw new Error('hosts[].name is required');
    const host = find.host(p.name);
    if (!host) throw new Error(`no host ${p.name}`);
    if (typeof p.powerManagement === 'boolean') {
      host.powerManagement = {
        enabled: p.powerManagement,
        agents: p.powerManagement
          ? [
              {
                id: hookId({ eventName: 'agent', name: host.id, md5: '' }),
                type: 'ipmilan',
                address: `ipmi-${host.name}.lab.example.com`,
                username: 'root',
                order: 1,
              },
            ]
          : [],
      };
    }
    if (isObj(p.hook)) {
      const { eventName, name, md5 } = p.hook;
      if (typeof eventName !== 'string' || typeof name !== 'string' || typeof md5 !== 'string')
        throw new Error('hook needs eventName, name and md5');
      const hooks = host.hooks ?? [];
      const existing = hooks.find((h) => h.eventName === eventName && h.name === name);
      if (existing) existing.md5 = md5;
      else hooks.push({ eventName, name, md5 });
      host.hooks = hooks;
    }
    if (isObj(p.software)) {
      for (const k of ['vdsm', 'libvirt', 'os', 'kernelCmdline'] as const) {
        const v = p.software[k];
        if (typeof v === 'string') host.software = { ...host.software, [k]: v };
      }
    }
  }
  const clusters = Array.isArray(body.clusters) ? body.clusters : [];
  for (const p of clusters) {
    if (!isObj(p) || typeof p.name !== 'string') throw new Error('clusters[].name is required');
    const c = find.cluster(p.name);
    if (!c) throw new Error(`no cluster ${p.name}`);
    if (typeof p.maintenanceReasonRequired === 'boolean')
      c.maintenanceReasonRequired = p.maintenanceReasonRequired;
    if (typeof p.optionalReason === 'boolean') c.optionalReason = p.optionalReason;
  }
}
