/**
 * The in-memory model of the simulated engine. Plain data: no MSW, no HTTP, so benchmarks and
 * the browser worker can drive it directly. Wire JSON is produced from it by `wire.ts`.
 */

/** REST spellings of VmStatus (reference §3.2). */
export type VmStatus =
  | 'unassigned'
  | 'down'
  | 'up'
  | 'powering_up'
  | 'paused'
  | 'migrating'
  | 'unknown'
  | 'not_responding'
  | 'wait_for_launch'
  | 'reboot_in_progress'
  | 'saving_state'
  | 'restoring_state'
  | 'suspended'
  | 'image_locked'
  | 'powering_down';

/** REST spellings of HostStatus (reference §3.4). */
export type HostStatus =
  | 'down'
  | 'error'
  | 'initializing'
  | 'installing'
  | 'install_failed'
  | 'maintenance'
  | 'non_operational'
  | 'non_responsive'
  | 'pending_approval'
  | 'preparing_for_maintenance'
  | 'connecting'
  | 'reboot'
  | 'unassigned'
  | 'up'
  | 'installing_os'
  | 'kdumping';

export type Severity = 'normal' | 'warning' | 'error' | 'alert';

export interface DataCenterRecord {
  id: string;
  name: string;
  description: string;
  versionMajor: number;
  versionMinor: number;
}

export interface ClusterRecord {
  id: string;
  name: string;
  description: string;
  dataCenterId: string;
  cpuType: string;
  /** Scheduling policy id; absent = `none` (scheduling.ts). */
  schedulingPolicyId?: string;
  /** `custom_scheduling_policy_properties` the cluster overrides. */
  schedulingProperties?: Record<string, string>;
}

export interface TemplateRecord {
  id: string;
  name: string;
  description: string;
  clusterId?: string;
  memory: number;
  sockets: number;
  cores: number;
  os: string;
  creationTime: number;
}

export interface HostNicRecord {
  id: string;
  name: string;
  mac: string;
  ip: string;
  /** 0 when VDSM reports no speed (virtual devices): the engine then omits `speed`. */
  speedMbps: number;
  /** A VLAN device: its id and the NIC it sits on. */
  vlan?: { id: number; baseInterface: string };
}

export interface HostRecord {
  id: string;
  name: string;
  address: string;
  clusterId: string;
  status: HostStatus;
  statusDetail?: string;
  memory: number;
  sockets: number;
  cores: number;
  threads: number;
  cpuModel: string;
  cpuSpeed: number;
  spmPriority: number;
  spm: boolean;
  bootTime: number;
  nics: HostNicRecord[];
  /** Seed for the synthetic load curve, so statistics move but stay reproducible. */
  phase: number;
}

export interface VmNicRecord {
  id: string;
  name: string;
  mac: string;
  ips: string[];
  iface: 'virtio' | 'e1000' | 'rtl8139';
  linked: boolean;
}

export interface DiskRecord {
  id: string;
  name: string;
  provisionedSize: number;
  actualSize: number;
  bootable: boolean;
  format: 'cow' | 'raw';
}

export interface SnapshotRecord {
  id: string;
  description: string;
  date: number;
  type: 'active' | 'regular';
  persistMemory: boolean;
  /** `locked` while the engine creates or removes it (absent = `ok`). */
  status?: 'ok' | 'locked';
}

export interface MigrationState {
  sourceHostId: string;
  targetHostId: string;
  progress: number;
  startedAt: number;
  jobId?: string;
  correlationId?: string;
}

/** REST spellings of OriginType that matter here (the engine refuses actions by some of them). */
export type VmOrigin =
  'ovirt' | 'external' | 'hosted_engine' | 'managed_hosted_engine' | 'kubevirt';

export interface VmRecord {
  id: string;
  name: string;
  /** Absent = `ovirt`. */
  origin?: VmOrigin;
  description: string;
  comment: string;
  clusterId: string;
  templateId: string;
  status: VmStatus;
  hostId?: string;
  memory: number;
  guaranteedMemory: number;
  sockets: number;
  cores: number;
  threads: number;
  os: string;
  type: 'server' | 'desktop' | 'high_performance';
  affinity: 'migratable' | 'user_migratable' | 'pinned';
  /** `placement_policy.hosts`: the hosts the VM may run on (PinToHost filter). */
  placementHostIds?: string[];
  highAvailability: boolean;
  stateless: boolean;
  deleteProtected: boolean;
  creationTime: number;
  startTime?: number;
  stopTime?: number;
  stopReason: string;
  pauseReason?: string;
  nics: VmNicRecord[];
  disks: DiskRecord[];
  snapshots: SnapshotRecord[];
  migration?: MigrationState;
  phase: number;
}

export interface EventRecord {
  id: number;
  code: number;
  severity: Severity;
  time: number;
  description: string;
  correlationId?: string;
  vmId?: string;
  vmName?: string;
  hostId?: string;
  hostName?: string;
  clusterId?: string;
  dataCenterId?: string;
  templateId?: string;
  user: boolean;
}

export type JobStatus = 'started' | 'finished' | 'failed' | 'aborted' | 'unknown';

export interface StepRecord {
  id: string;
  description: string;
  type: 'validating' | 'executing' | 'finalizing';
  number: number;
  status: JobStatus;
  startTime: number;
  endTime?: number;
  progress?: number;
  hostId?: string;
}

export interface JobRecord {
  id: string;
  description: string;
  status: JobStatus;
  startTime: number;
  endTime?: number;
  lastUpdated: number;
  correlationId: string;
  steps: StepRecord[];
  vmId?: string;
  hostId?: string;
}

export const BLANK_TEMPLATE_ID = '00000000-0000-0000-0000-000000000000';
export const ADMIN_USER_ID = 'bfd9c3a2-5b43-11ed-9ff0-00163e3a1ab4';
export const ADMIN_USER_NAME = 'admin@internal-authz';
export const GIB = 1024 * 1024 * 1024;
export const MIB = 1024 * 1024;

/** Statuses in which the engine reports no host (`VMStatus.isNotRunning`, reference §3.1). */
export const VM_NOT_RUNNING: ReadonlySet<VmStatus> = new Set<VmStatus>([
  'down',
  'suspended',
  'image_locked',
  'unassigned',
]);

export function vmIsRunning(vm: VmRecord): boolean {
  return !VM_NOT_RUNNING.has(vm.status);
}
