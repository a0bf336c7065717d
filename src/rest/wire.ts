/**
 * The engine's JSON exactly as it arrives (engine-rest-api.md §2): booleans and integers are
 * strings, dates are epoch milliseconds, decimals are numbers, empty collections are `{}`.
 * Nothing outside `mappers.ts` should read these types.
 */

/** `"true"` / `"false"`. */
export type OvBool = string;
/** An integer as a decimal string, e.g. `"1073741824"`. */
export type OvInt = string;
/** Epoch milliseconds. */
export type OvEpochMs = number;
/** A decimal (`cpu.speed`, statistic `datum`): a real JSON number. */
export type OvDecimal = number;

export interface RefWire {
  id?: string;
  href?: string;
  name?: string;
}

export interface LinkWire {
  href?: string;
  rel?: string;
}

export interface IdentifiedWire {
  id?: string;
  href?: string;
  name?: string;
  description?: string;
  comment?: string;
  actions?: { link?: LinkWire[] };
  link?: LinkWire[];
}

export interface FaultWire {
  reason?: string;
  detail?: string;
}

/** Guest-agent data for a NIC (`reporteddevices`): the addresses the guest reports. */
export interface ReportedDeviceWire extends IdentifiedWire {
  type?: string;
  ips?: { ip?: { address?: string; version?: string }[] };
  mac?: { address?: string };
}

export interface NicWire extends IdentifiedWire {
  /** Present only when followed (`nics.reporteddevices`, or `follow=reporteddevices` on a NIC). */
  reported_devices?: { reported_device?: ReportedDeviceWire[] };
  interface?: string;
  linked?: OvBool;
  plugged?: OvBool;
  synced?: OvBool;
  mac?: { address?: string };
  vnic_profile?: RefWire;
  vm?: RefWire;
}

export interface DiskAttachmentWire extends IdentifiedWire {
  active?: OvBool;
  bootable?: OvBool;
  interface?: string;
  pass_discard?: OvBool;
  read_only?: OvBool;
  uses_scsi_reservation?: OvBool;
  logical_name?: string;
  disk?: RefWire & { provisioned_size?: OvInt; actual_size?: OvInt; format?: string };
  vm?: RefWire;
}

export interface SnapshotWire extends IdentifiedWire {
  date?: OvEpochMs;
  snapshot_status?: string;
  snapshot_type?: string;
  persist_memorystate?: OvBool;
  vm?: RefWire;
}

export interface StatisticValueWire {
  datum?: OvDecimal;
  detail?: string;
}

export interface StatisticWire extends IdentifiedWire {
  kind?: string;
  type?: string;
  unit?: string;
  values?: { value?: StatisticValueWire[] };
  vm?: RefWire;
  host?: RefWire;
  nic?: RefWire;
  host_nic?: RefWire;
}

export interface VmWire extends IdentifiedWire {
  status?: string;
  status_detail?: string;
  stop_reason?: string;
  type?: string;
  memory?: OvInt;
  memory_policy?: { ballooning?: OvBool; guaranteed?: OvInt; max?: OvInt };
  cpu?: {
    architecture?: string;
    topology?: { sockets?: OvInt; cores?: OvInt; threads?: OvInt };
  };
  os?: { type?: string };
  creation_time?: OvEpochMs;
  start_time?: OvEpochMs;
  stop_time?: OvEpochMs;
  origin?: string;
  stateless?: OvBool;
  delete_protected?: OvBool;
  high_availability?: { enabled?: OvBool; priority?: OvInt };
  placement_policy?: { affinity?: string; hosts?: { host?: RefWire[] } };
  next_run_configuration_exists?: OvBool;
  fqdn?: string;
  run_once?: OvBool;
  has_illegal_images?: OvBool;
  cluster?: RefWire;
  host?: RefWire;
  template?: RefWire;
  original_template?: RefWire;
  /** Present only when followed (`?follow=nics`). */
  nics?: { nic?: NicWire[] };
  reported_devices?: { reported_device?: ReportedDeviceWire[] };
  disk_attachments?: { disk_attachment?: DiskAttachmentWire[] };
  snapshots?: { snapshot?: SnapshotWire[] };
  statistics?: { statistic?: StatisticWire[] };
}

export interface HostNicWire extends IdentifiedWire {
  mac?: { address?: string };
  ip?: { address?: string; gateway?: string; netmask?: string; version?: string };
  ipv6?: { address?: string; gateway?: string; netmask?: string; version?: string };
  boot_protocol?: string;
  mtu?: OvInt;
  speed?: OvInt;
  status?: string;
  bridged?: OvBool;
  network?: RefWire;
  host?: RefWire;
}

export interface HostWire extends IdentifiedWire {
  address?: string;
  port?: OvInt;
  status?: string;
  status_detail?: string;
  external_status?: string;
  type?: string;
  cluster?: RefWire;
  spm?: { priority?: OvInt; status?: string };
  version?: {
    major?: OvInt;
    minor?: OvInt;
    build?: OvInt;
    revision?: OvInt;
    full_version?: string;
  };
  libvirt_version?: { full_version?: string };
  os?: {
    type?: string;
    version?: { full_version?: string };
    reported_kernel_cmdline?: string;
  };
  cpu?: {
    name?: string;
    type?: string;
    speed?: OvDecimal;
    topology?: { sockets?: OvInt; cores?: OvInt; threads?: OvInt };
  };
  memory?: OvInt;
  max_scheduling_memory?: OvInt;
  summary?: { active?: OvInt; migrating?: OvInt; total?: OvInt };
  update_available?: OvBool;
  power_management?: { enabled?: OvBool };
  nics?: { host_nic?: HostNicWire[] };
  statistics?: { statistic?: StatisticWire[] };
}

export interface ClusterWire extends IdentifiedWire {
  data_center?: RefWire;
  cpu?: { architecture?: string; type?: string };
  version?: { major?: OvInt; minor?: OvInt };
  memory_policy?: { over_commit?: { percent?: OvInt } };
  upgrade_in_progress?: OvBool;
  upgrade_percent_complete?: OvInt;
  upgrade_correlation_id?: string;
  maintenance_reason_required?: OvBool;
  optional_reason?: OvBool;
}

export interface TemplateWire extends IdentifiedWire {
  status?: string;
  memory?: OvInt;
  creation_time?: OvEpochMs;
  os?: { type?: string };
  cluster?: RefWire;
  version?: { version_number?: OvInt; version_name?: string; base_template?: RefWire };
}

export interface NetworkWire extends IdentifiedWire {
  data_center?: RefWire;
}

export interface EventWire extends IdentifiedWire {
  code?: OvInt;
  index?: OvInt;
  severity?: string;
  time?: OvEpochMs;
  correlation_id?: string;
  origin?: string;
  custom_id?: OvInt;
  flood_rate?: OvInt;
  custom_data?: string;
  vm?: RefWire;
  host?: RefWire;
  cluster?: RefWire;
  data_center?: RefWire;
  storage_domain?: RefWire;
  template?: RefWire;
  user?: RefWire;
}

export interface StepWire extends IdentifiedWire {
  type?: string;
  number?: OvInt;
  status?: string;
  start_time?: OvEpochMs;
  end_time?: OvEpochMs;
  progress?: OvInt;
  external?: OvBool;
  job?: RefWire;
  parent_step?: RefWire;
  execution_host?: RefWire;
}

export interface JobWire extends IdentifiedWire {
  status?: string;
  start_time?: OvEpochMs;
  end_time?: OvEpochMs;
  last_updated?: OvEpochMs;
  external?: OvBool;
  auto_cleared?: OvBool;
  owner?: RefWire;
  steps?: { step?: StepWire[] };
}

/** What an action POST answers, success or failure (§5.2, §5.3). */
export interface ActionWire {
  status?: string;
  async?: OvBool;
  job?: RefWire;
  fault?: FaultWire;
  vm?: RefWire;
  host?: RefWire;
}

export interface ApiRootWire {
  product_info?: {
    name?: string;
    version?: {
      major?: OvInt;
      minor?: OvInt;
      build?: OvInt;
      revision?: OvInt;
      full_version?: string;
    };
  };
  time?: OvEpochMs;
  summary?: Record<string, { active?: OvInt; total?: OvInt } | undefined>;
  authenticated_user?: RefWire;
}

export interface VmsWire {
  vm?: VmWire[];
}
export interface HostsWire {
  host?: HostWire[];
}
export interface ClustersWire {
  cluster?: ClusterWire[];
}
export interface TemplatesWire {
  template?: TemplateWire[];
}
export interface EventsWire {
  event?: EventWire[];
}
export interface JobsWire {
  job?: JobWire[];
}
export interface StepsWire {
  step?: StepWire[];
}
export interface NicsWire {
  nic?: NicWire[];
}
export interface DiskAttachmentsWire {
  disk_attachment?: DiskAttachmentWire[];
}
export interface SnapshotsWire {
  snapshot?: SnapshotWire[];
}
export interface StatisticsWire {
  statistic?: StatisticWire[];
}
export interface HostNicsWire {
  host_nic?: HostNicWire[];
}

/** The `access_token` answer of `/ovirt-engine/sso/oauth/token`. */
export interface SsoTokenWire {
  access_token?: string;
  token_type?: string;
  exp?: string;
  error?: string;
  error_description?: string;
}
