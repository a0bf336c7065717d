import { createRandom, type Random } from './random';
import type { SchedulingModel } from './scheduling';
import { seedBalance, seedScheduling } from './schedulingScenario';
import {
  BLANK_TEMPLATE_ID,
  DEFAULT_HOST_SOFTWARE,
  GIB,
  type ClusterRecord,
  type DataCenterRecord,
  type DiskRecord,
  type HostRecord,
  type TemplateRecord,
  type VmNicRecord,
  type VmRecord,
  type VmStatus,
} from './types';

export const SCENARIOS = [
  'default',
  'large',
  'small',
  'evacuation',
  'origins',
  'scheduling',
  'balance',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export function isScenario(value: unknown): value is Scenario {
  return typeof value === 'string' && (SCENARIOS as readonly string[]).includes(value);
}

export interface Fleet {
  dataCenters: DataCenterRecord[];
  clusters: ClusterRecord[];
  templates: TemplateRecord[];
  hosts: HostRecord[];
  vms: VmRecord[];
  /** Affinity groups and labels (`scheduling` scenario; none elsewhere). */
  scheduling?: SchedulingModel;
}

interface ScenarioShape {
  clusters: number;
  hostsPerCluster: number;
  hostMemoryGiB: (clusterIndex: number, hostIndex: number) => number;
  vms: number;
  /** Fractions of up / paused / suspended VMs; the rest are down. */
  up: number;
  paused: number;
  suspended: number;
  /** Running VMs placed on the first host before any other host is considered. */
  firstHostRunning?: number;
}

const SMALL: ScenarioShape = {
  clusters: 1,
  hostsPerCluster: 2,
  hostMemoryGiB: () => 64,
  vms: 8,
  up: 0.5,
  paused: 0,
  suspended: 0.125,
};

const SHAPES: Record<Scenario, ScenarioShape> = {
  small: SMALL,
  // The small fleet, where three VMs are not ordinary oVirt VMs (see `setOrigins`).
  origins: SMALL,
  // Sizes chosen so that evacuating host-01 succeeds, while host-04's VMs do not all fit on
  // host-03: both outcomes of an evacuation plan can be shown with the default fleet.
  default: {
    clusters: 2,
    hostsPerCluster: 2,
    hostMemoryGiB: (c, h) =>
      [
        [128, 128],
        [64, 48],
      ][c]?.[h] ?? 64,
    vms: 60,
    up: 38 / 60,
    paused: 2 / 60,
    suspended: 3 / 60,
  },
  // One cluster of 4 hosts with 12 running VMs on host-01: the literal host-evacuation case
  // (every VM fits elsewhere, so a clean evacuation ends with host-01 in maintenance).
  evacuation: {
    clusters: 1,
    hostsPerCluster: 4,
    hostMemoryGiB: () => 128,
    vms: 24,
    up: 18 / 24,
    paused: 0,
    suspended: 0,
    firstHostRunning: 12,
  },
  // The evacuation fleet with affinity groups, labels, pinning lists and a VM cap
  // (schedulingScenario.ts).
  scheduling: {
    clusters: 1,
    hostsPerCluster: 4,
    hostMemoryGiB: () => 128,
    vms: 24,
    up: 18 / 24,
    paused: 0,
    suspended: 0,
    firstHostRunning: 12,
  },
  // The scheduling fleet with steady CPU loads: host-01 over the policy's HighUtilization
  // (schedulingScenario.ts, `seedBalance`).
  balance: {
    clusters: 1,
    hostsPerCluster: 4,
    hostMemoryGiB: () => 128,
    vms: 24,
    up: 18 / 24,
    paused: 0,
    suspended: 0,
    firstHostRunning: 12,
  },
  large: {
    clusters: 10,
    hostsPerCluster: 20,
    hostMemoryGiB: () => 512,
    vms: 10_000,
    up: 0.7,
    paused: 0.01,
    suspended: 0.02,
  },
};

const CLUSTER_NAMES = ['Default', 'Production'];
const PREFIXES = ['web', 'app', 'db', 'cache', 'build', 'mail', 'proxy', 'ci', 'test', 'mon'];
const VM_MEMORY_GIB = [1, 2, 2, 4, 4, 8];
const HOST_OVERHEAD = 2 * GIB;

function mac(random: Random): string {
  return `56:6f:${random.hex(1)}:${random.hex(1)}:${random.hex(1)}:${random.hex(1)}`;
}

export function generateFleet(scenario: Scenario, seed: number, now: number): Fleet {
  const random = createRandom(seed);
  const shape = SHAPES[scenario];
  const day = 24 * 3600 * 1000;

  const dataCenters: DataCenterRecord[] = [
    {
      id: random.uuid(),
      name: 'Default',
      description: 'The default Data Center',
      versionMajor: 4,
      versionMinor: 7,
    },
  ];
  const dcId = dataCenters[0]?.id ?? '';

  const clusters: ClusterRecord[] = [];
  for (let c = 0; c < shape.clusters; c++) {
    clusters.push({
      id: random.uuid(),
      name: CLUSTER_NAMES[c] ?? `Cluster-${String(c + 1).padStart(2, '0')}`,
      description: c === 0 ? 'The default server cluster' : '',
      dataCenterId: dcId,
      cpuType: 'Intel Cascadelake Server Family',
    });
  }

  const templates: TemplateRecord[] = [
    {
      id: BLANK_TEMPLATE_ID,
      name: 'Blank',
      description: 'Blank template',
      memory: GIB,
      sockets: 1,
      cores: 1,
      os: 'other',
      creationTime: now - 400 * day,
    },
  ];
  const firstCluster = clusters[0]?.id ?? '';
  for (const [name, os, mem] of [
    ['rhel9-base', 'rhel_9x64', 2],
    ['win2022-base', 'windows_2022', 4],
    ['ubuntu-22.04', 'other_linux', 2],
  ] as const) {
    templates.push({
      id: random.uuid(),
      name,
      description: `${name} golden image`,
      clusterId: firstCluster,
      memory: mem * GIB,
      sockets: 1,
      cores: 2,
      os,
      creationTime: now - random.int(30, 300) * day,
    });
  }

  const hosts: HostRecord[] = [];
  const hostsByCluster: HostRecord[][] = [];
  let hostNo = 0;
  const hostPad = shape.clusters * shape.hostsPerCluster >= 100 ? 3 : 2;
  for (let c = 0; c < shape.clusters; c++) {
    const cluster = clusters[c];
    if (!cluster) continue;
    const list: HostRecord[] = [];
    for (let h = 0; h < shape.hostsPerCluster; h++) {
      hostNo++;
      const name = `host-${String(hostNo).padStart(hostPad, '0')}`;
      const host: HostRecord = {
        id: random.uuid(),
        name,
        address: `${name}.lab.example.com`,
        clusterId: cluster.id,
        status: 'up',
        memory: shape.hostMemoryGiB(c, h) * GIB,
        sockets: 2,
        cores: 8,
        threads: 2,
        cpuModel: 'Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz',
        cpuSpeed: 2100,
        spmPriority: 5,
        spm: hostNo === 1,
        bootTime: now - random.int(2, 90) * day,
        nics: [
          {
            id: random.uuid(),
            name: 'eno1',
            mac: mac(random),
            ip: `192.168.${String(1 + Math.floor(hostNo / 250))}.${String(hostNo % 250)}`,
            speedMbps: 10000,
          },
          { id: random.uuid(), name: 'eno2', mac: mac(random), ip: '', speedMbps: 10000 },
        ],
        software: { ...DEFAULT_HOST_SOFTWARE },
        phase: random.next() * Math.PI * 2,
      };
      // A VLAN on eno2, as a real host has: no speed of its own (the engine omits `speed`),
      // the base NIC's MAC. Derived, not drawn, so the seeded sequence stays the same.
      const eno2 = host.nics[1];
      if (eno2)
        host.nics.push({
          id: `${eno2.id.slice(0, 24)}000000000020`,
          name: 'eno2.20',
          mac: eno2.mac,
          ip: '',
          speedMbps: 0,
          vlan: { id: 20, baseInterface: 'eno2' },
        });
      list.push(host);
      hosts.push(host);
    }
    hostsByCluster.push(list);
  }

  // A fixed status plan (not per-VM coin flips) so the default fleet always has exactly the
  // documented mix; the seeded shuffle only decides which VM gets which status.
  const statuses: VmStatus[] = [];
  const nUp = Math.round(shape.vms * shape.up);
  const nPaused = Math.round(shape.vms * shape.paused);
  const nSuspended = Math.round(shape.vms * shape.suspended);
  for (let i = 0; i < shape.vms; i++) {
    statuses.push(
      i < nUp
        ? 'up'
        : i < nUp + nPaused
          ? 'paused'
          : i < nUp + nPaused + nSuspended
            ? 'suspended'
            : 'down',
    );
  }
  for (let i = statuses.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    const a = statuses[i];
    const b = statuses[j];
    if (a !== undefined && b !== undefined) {
      statuses[i] = b;
      statuses[j] = a;
    }
  }

  const committed = new Map<string, number>();
  for (const h of hosts) committed.set(h.id, HOST_OVERHEAD);
  const vms: VmRecord[] = [];
  const counters = new Map<string, number>();
  const vmPad = shape.vms >= 1000 ? 4 : 2;
  let pinnedDone = false;
  let onFirstHost = 0;
  for (let i = 0; i < shape.vms; i++) {
    const clusterIndex = i % shape.clusters;
    const cluster = clusters[clusterIndex];
    const clusterHosts = hostsByCluster[clusterIndex] ?? [];
    if (!cluster) continue;
    const prefix = PREFIXES[i % PREFIXES.length] ?? 'vm';
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    const name = `${prefix}-${String(n).padStart(vmPad, '0')}`;
    const template = templates[i % templates.length] ?? templates[0];
    const memory = random.pick(VM_MEMORY_GIB) * GIB;
    let status: VmStatus = statuses[i] ?? 'down';
    let hostId: string | undefined;
    if (status === 'up' || status === 'paused') {
      // Most free memory first, like the engine's default scheduling policy (evenly distributed).
      let best: HostRecord | undefined;
      let bestFree = -Infinity;
      const first = clusterHosts[0];
      if (first && onFirstHost < (shape.firstHostRunning ?? 0)) {
        const free = first.memory - (committed.get(first.id) ?? 0);
        if (free >= memory) {
          best = first;
          bestFree = Infinity;
          onFirstHost++;
        }
      }
      for (const h of best ? [] : clusterHosts) {
        const free = h.memory - (committed.get(h.id) ?? 0);
        if (free >= memory && free > bestFree) {
          best = h;
          bestFree = free;
        }
      }
      if (best) {
        hostId = best.id;
        committed.set(best.id, (committed.get(best.id) ?? 0) + memory);
      } else {
        status = 'down';
      }
    }
    const created = now - random.int(5, 365) * day;
    const ipBase = 10 + clusterIndex;
    const nics: VmNicRecord[] = [
      {
        id: random.uuid(),
        name: 'nic1',
        mac: mac(random),
        ips: [`10.${String(ipBase)}.${String(Math.floor(i / 250) % 256)}.${String((i % 250) + 2)}`],
        iface: 'virtio',
        linked: true,
      },
    ];
    if (i % 7 === 3) {
      nics.push({
        id: random.uuid(),
        name: 'nic2',
        mac: mac(random),
        ips: [],
        iface: 'virtio',
        linked: true,
      });
    }
    const disks: DiskRecord[] = [];
    const diskCount = i % 5 === 0 ? 2 : 1;
    for (let d = 0; d < diskCount; d++) {
      const size = (d === 0 ? random.pick([20, 40, 60]) : random.pick([100, 200])) * GIB;
      disks.push({
        id: random.uuid(),
        name: `${name}_Disk${String(d + 1)}`,
        provisionedSize: size,
        actualSize: Math.round(size * (0.2 + random.next() * 0.6)),
        bootable: d === 0,
        format: 'cow',
      });
    }
    const snapshots: VmRecord['snapshots'] = [
      {
        id: random.uuid(),
        description: 'Active VM',
        date: created,
        type: 'active',
        persistMemory: false,
      },
    ];
    if (i % 4 === 1) {
      snapshots.push({
        id: random.uuid(),
        description: 'before upgrade',
        date: created + random.int(1, 4) * day,
        type: 'regular',
        persistMemory: false,
      });
    }
    const running = status === 'up' || status === 'paused';
    // One VM pinned to its host in the default fleet, so "cannot evacuate" is demonstrable.
    const pinned = scenario === 'default' && running && !pinnedDone && hostId === hosts[1]?.id;
    if (pinned) pinnedDone = true;
    vms.push({
      id: random.uuid(),
      name,
      description: '',
      comment: '',
      clusterId: cluster.id,
      templateId: template?.id ?? BLANK_TEMPLATE_ID,
      status,
      hostId,
      memory,
      guaranteedMemory: memory,
      sockets: 1,
      cores: random.pick([1, 2, 2, 4]),
      threads: 1,
      os: template?.os ?? 'other',
      type: 'server',
      affinity: pinned ? 'pinned' : 'migratable',
      highAvailability: i % 9 === 0,
      stateless: false,
      deleteProtected: false,
      creationTime: created,
      startTime: running ? now - random.int(1, 30 * 24) * 3600 * 1000 : undefined,
      stopTime: running ? undefined : now - random.int(1, 60) * day,
      stopReason: '',
      pauseReason: status === 'paused' ? 'user' : undefined,
      nics,
      disks,
      snapshots,
      phase: random.next() * Math.PI * 2,
    });
  }

  if (scenario === 'origins') setOrigins(vms);
  if (scenario === 'scheduling' || scenario === 'balance') {
    const scheduling = seedScheduling({ clusters, hosts, vms }, random);
    if (scenario === 'balance') seedBalance({ hosts, vms });
    return { dataCenters, clusters, templates, hosts, vms, scheduling };
  }
  return { dataCenters, clusters, templates, hosts, vms };
}

/**
 * The `origins` scenario: an external VM (down; imported from a host, not created by the engine),
 * the hosted-engine VM (up) and a KubeVirt VM (up). The engine refuses most actions on the first
 * two (`VmActionByVmOriginTypeValidator`); WebAdmin marks only the KubeVirt one `managed: false`.
 */
function setOrigins(vms: VmRecord[]): void {
  const down = vms.find((v) => v.status === 'down');
  const [first, second] = vms.filter((v) => v.status === 'up');
  if (down) Object.assign(down, { origin: 'external', name: 'external-vm' });
  if (first) Object.assign(first, { origin: 'managed_hosted_engine', name: 'HostedEngine' });
  if (second) Object.assign(second, { origin: 'kubevirt', name: 'kubevirt-vm' });
}
