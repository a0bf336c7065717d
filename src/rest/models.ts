/**
 * View models: what the pages read. Plain values (booleans, numbers, `Date`, status unions,
 * `[]` for missing collections), produced once by `mappers.ts`.
 */

export const VM_STATUSES = [
  'unassigned',
  'down',
  'up',
  'powering_up',
  'paused',
  'migrating',
  'unknown',
  'not_responding',
  'wait_for_launch',
  'reboot_in_progress',
  'saving_state',
  'restoring_state',
  'suspended',
  'image_locked',
  'powering_down',
] as const;
export type VmStatus = (typeof VM_STATUSES)[number];

export const HOST_STATUSES = [
  'down',
  'error',
  'initializing',
  'installing',
  'install_failed',
  'maintenance',
  'non_operational',
  'non_responsive',
  'pending_approval',
  'preparing_for_maintenance',
  'connecting',
  'reboot',
  'unassigned',
  'up',
  'installing_os',
  'kdumping',
] as const;
export type HostStatus = (typeof HOST_STATUSES)[number];

export type EventSeverity = 'normal' | 'warning' | 'error' | 'alert';
export type JobStatus = 'started' | 'finished' | 'failed' | 'aborted' | 'unknown';
export type StepType =
  'validating' | 'executing' | 'finalizing' | 'rebalancing_volume' | 'removing_bricks' | 'unknown';
/** CreationStatus, what an action answers: `complete` means accepted, not "VM is up". */
export type ActionStatus = 'pending' | 'in_progress' | 'complete' | 'failed';
export type TemplateStatus = 'ok' | 'locked' | 'illegal';

/** A reference to another engine object (`{id, href, name?}`). */
export interface Ref {
  id: string;
  href?: string;
  name?: string;
}

export interface Identified {
  id: string;
  href: string;
  name: string;
  description: string;
  comment: string;
  /** Action rels the resource type supports (the engine lists them regardless of state). */
  actions: string[];
  /** Sub-collection rel → href. */
  links: Record<string, string>;
}

export interface CpuTopology {
  sockets: number;
  cores: number;
  threads: number;
}

export interface Vm extends Identified {
  /** `unknown` also when the engine omits it (backend `ImageIllegal` has no REST name). */
  status: VmStatus;
  statusDetail?: string;
  stopReason?: string;
  type?: string;
  /** Bytes. */
  memory: number;
  memoryGuaranteed?: number;
  memoryMax?: number;
  cpu: CpuTopology & { architecture?: string };
  /** sockets × cores × threads. */
  vcpus: number;
  os?: string;
  creationTime?: Date;
  startTime?: Date;
  stopTime?: Date;
  origin?: string;
  stateless: boolean;
  deleteProtected: boolean;
  highAvailability: { enabled: boolean; priority: number };
  placementAffinity?: string;
  /** `placement_policy.hosts`: the only hosts the VM may run on (ids); absent = any. */
  placementHostIds?: string[];
  nextRunConfigurationExists: boolean;
  fqdn?: string;
  cluster?: Ref;
  /** Only while running (the engine omits it for down VMs). */
  host?: Ref;
  template?: Ref;
  /** Filled only when requested with `follow` (e.g. `follow: ['nics']`). */
  nics?: Nic[];
  /** Guest-reported addresses of all NICs; present only with `follow: ['reporteddevices']`. */
  ips?: string[];
  diskAttachments?: DiskAttachment[];
  snapshots?: Snapshot[];
  statistics?: Statistic[];
}

export interface Host extends Identified {
  status: HostStatus;
  statusDetail?: string;
  externalStatus?: string;
  address: string;
  type?: string;
  cluster?: Ref;
  cpu: CpuTopology & { name?: string; type?: string; speedMhz?: number };
  /** Logical CPUs: sockets × cores × threads. */
  cpuCount: number;
  /** Bytes. */
  memory: number;
  /** Bytes still schedulable for new VMs. */
  maxSchedulingMemory: number;
  summary: { active: number; migrating: number; total: number };
  spm?: { priority: number; status: string };
  /** VDSM's package, e.g. `vdsm-4.50.3.4-1.el8` (`version.full_version`). */
  version?: string;
  /** e.g. `libvirt-8.0.0-5.module_el8.6.0+1087+b42c8331`. */
  libvirtVersion?: string;
  /** The host OS release as VDSM reports it, e.g. `8.6 - 1.el8`. */
  osVersion?: string;
  /** The kernel command line the host booted with; the REST API serves no kernel version. */
  kernelCmdline?: string;
  osType?: string;
  updateAvailable: boolean;
  /** `power_management.enabled`: the host can be fenced (restart / start / stop). */
  powerManagement: boolean;
  nics?: HostNic[];
  statistics?: Statistic[];
}

export interface Cluster extends Identified {
  dataCenter?: Ref;
  cpuArchitecture?: string;
  cpuType?: string;
  version?: string;
  /** Memory over-commit percent (100 = none). */
  memoryOverCommit?: number;
  /** The 4.5 cluster upgrade mode is on (`upgrade_in_progress`). */
  upgradeInProgress?: boolean;
  upgradePercentComplete?: number;
  upgradeCorrelationId?: string;
  /** `maintenance_reason_required`: WebAdmin asks for a reason before Maintenance. */
  maintenanceReasonRequired: boolean;
  /** `optional_reason`: WebAdmin offers a reason on VM shutdown and power off. */
  optionalReason: boolean;
}

export interface Template extends Identified {
  /** A `TemplateStatus` (`ok`, `locked`, `illegal`). */
  status?: string;
  memory: number;
  creationTime?: Date;
  os?: string;
  cluster?: Ref;
  versionNumber?: number;
  versionName?: string;
  baseTemplate?: Ref;
}

/** A logical network (`GET /networks`): what host and VM NICs refer to by `{href, id}` only. */
export interface Network extends Identified {
  dataCenter?: Ref;
}

export interface EngineEvent {
  /** Decimal string, as the engine sends it. */
  id: string;
  href: string;
  /** The id as a number, for ordering and `from=`. */
  index: number;
  /** Event type (e.g. 30 = user logged in). */
  code: number;
  severity: EventSeverity;
  time: Date;
  description: string;
  correlationId?: string;
  origin?: string;
  customId?: number;
  vm?: Ref;
  host?: Ref;
  cluster?: Ref;
  dataCenter?: Ref;
  storageDomain?: Ref;
  template?: Ref;
  user?: Ref;
}

export interface Step {
  id: string;
  href: string;
  description: string;
  /** A `StepType`. */
  type: string;
  number: number;
  status: JobStatus;
  startTime?: Date;
  endTime?: Date;
  /** Percent, when the engine reports it. */
  progress?: number;
  external: boolean;
  job?: Ref;
  parentStep?: Ref;
  executionHost?: Ref;
}

export interface Job {
  id: string;
  href: string;
  description: string;
  status: JobStatus;
  startTime?: Date;
  endTime?: Date;
  lastUpdated?: Date;
  external: boolean;
  autoCleared: boolean;
  owner?: Ref;
  /** Filled when fetched with steps (`jobGet(id, { steps: true })`) or followed. */
  steps?: Step[];
}

export interface Statistic {
  id: string;
  href: string;
  name: string;
  description: string;
  /** `gauge` or `counter`. */
  kind: string;
  /** `integer`, `decimal` or `string`. */
  type: string;
  unit: string;
  /** Numeric data points (history statistics hold many). */
  values: number[];
  /** The first numeric value, if any. */
  value?: number;
  /** String statistics (e.g. `disks.usage`) carry text instead of numbers. */
  details: string[];
  vm?: Ref;
  host?: Ref;
}

export interface Nic {
  id: string;
  href: string;
  name: string;
  interface?: string;
  linked: boolean;
  plugged: boolean;
  mac?: string;
  vnicProfile?: Ref;
  vm?: Ref;
  /** Addresses the guest agent reports; present only when reported devices were followed. */
  ips?: string[];
}

export interface DiskAttachment {
  /** Equals the disk id. */
  id: string;
  href: string;
  active: boolean;
  bootable: boolean;
  interface?: string;
  readOnly: boolean;
  passDiscard: boolean;
  logicalName?: string;
  disk?: Ref & { provisionedSize?: number; actualSize?: number; format?: string };
  vm?: Ref;
}

export interface Snapshot {
  id: string;
  href: string;
  description: string;
  date?: Date;
  /** `ok`, `locked`, `in_preview`. */
  snapshotStatus?: string;
  /** `regular`, `active`, `stateless`, `preview`. */
  snapshotType?: string;
  persistMemoryState: boolean;
  vm?: Ref;
}

export interface IpConfig {
  address?: string;
  gateway?: string;
  netmask?: string;
  version?: string;
}

export interface HostNic {
  id: string;
  href: string;
  name: string;
  mac?: string;
  ip?: IpConfig;
  ipv6?: IpConfig;
  bootProtocol?: string;
  mtu?: number;
  /** Bits per second. */
  speed?: number;
  /** `up` or `down`. */
  status?: string;
  bridged: boolean;
  network?: Ref;
  host?: Ref;
}

/** What an action answered. `job` is the engine job it created (normally present). */
export interface ActionResult {
  status: ActionStatus;
  job?: Ref;
  /** The Correlation-Id this action was sent with (ours, or the caller's). */
  correlationId: string;
  /** True when the engine answered 202 (VDSM async tasks still running, e.g. suspend). */
  async: boolean;
}

export interface ApiInfo {
  productName?: string;
  version?: string;
  major?: number;
  minor?: number;
  time?: Date;
  authenticatedUser?: Ref;
  summary: Record<string, { active: number; total: number }>;
}
