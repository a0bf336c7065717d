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
  /** The 4.5 cluster upgrade mode (`POST /clusters/{id}/upgrade`); absent = never started. */
  upgrade?: ClusterUpgradeState;
  /** `maintenance_reason_required`: WebAdmin asks for a reason before Maintenance. */
  maintenanceReasonRequired?: boolean;
  /** `optional_reason`: WebAdmin offers a reason for VM shutdown / power off. */
  optionalReason?: boolean;
  /** Scheduling policy id; absent = `none` (scheduling.ts). */
  schedulingPolicyId?: string;
  /** `custom_scheduling_policy_properties` the cluster overrides. */
  schedulingProperties?: Record<string, string>;
}

export interface ClusterUpgradeState {
  inProgress: boolean;
  percent: number;
  correlationId?: string;
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

/**
 * The host's software as VDSM reports it, in the engine's own strings (`full_version` of
 * `version` and `libvirt_version`, `os.version.full_version`, `os.reported_kernel_cmdline`).
 * An upgrade changes it; the drift view compares it across a cluster. The engine's REST API
 * serves no kernel version of its own (HostMapper maps none), only the kernel command line.
 */
export interface HostSoftware {
  /** e.g. `vdsm-4.50.3.4-1.el8`. */
  vdsm: string;
  /** e.g. `libvirt-8.0.0-5.module_el8.6.0+1087+b42c8331`. */
  libvirt: string;
  /** e.g. `8.6 - 1.el8`. */
  os: string;
  /** e.g. `BOOT_IMAGE=(hd0,msdos1)/vmlinuz-4.18.0-372.9.1.el8.x86_64 root=… crashkernel=auto`. */
  kernelCmdline: string;
}

export const DEFAULT_HOST_SOFTWARE: HostSoftware = {
  vdsm: 'vdsm-4.50.3.4-1.el8',
  libvirt: 'libvirt-8.0.0-5.module_el8.6.0+1087+b42c8331',
  os: '8.6 - 1.el8',
  kernelCmdline:
    'BOOT_IMAGE=(hd0,msdos1)/vmlinuz-4.18.0-372.9.1.el8.x86_64 root=/dev/mapper/rhel-root ro crashkernel=auto rd.lvm.lv=rhel/root',
};

export interface FenceAgentRecord {
  id: string;
  type: string;
  address: string;
  username: string;
  order: number;
}

export interface HookRecord {
  eventName: string;
  name: string;
  md5: string;
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
  software: HostSoftware;
  /** `update_available`: what the engine learnt from its last check (see model/upgrade.ts). */
  updateAvailable?: boolean;
  /** Scenario knob: the package repositories hold updates for this host (a check finds them). */
  updatesPending?: boolean;
  /** Host lifecycle (dev/engine/model/hostPower.ts, hooks.ts): power management and agents. */
  powerManagement?: { enabled: boolean; agents: FenceAgentRecord[] };
  /** What the agent last reported; absent = `on`. */
  powerStatus?: 'on' | 'off' | 'unknown';
  /** VDSM hooks as `getVdsCaps` reports them. */
  hooks?: HookRecord[];
  /** The reason given on `deactivate`; served as `status_detail` while in maintenance. */
  maintenanceReason?: string;
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
  /** Scenario knob (`balance`): a steady CPU load in percent instead of the synthetic curve. */
  cpuFixed?: number;
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
