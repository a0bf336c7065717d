/**
 * Wire JSON exactly as a 4.5 engine writes it (reference §2): strings for booleans and
 * integers, epoch-ms numbers for dates, numbers for decimals, `{}` for empty collections,
 * absent (never null) for unset values, hrefs under /ovirt-engine/api.
 */
import type { Engine } from './engine';
import { hostStatistics, STATISTIC_IDS, vmStatistics, type StatisticRecord } from './stats';
import {
  ADMIN_USER_ID,
  ADMIN_USER_NAME,
  BLANK_TEMPLATE_ID,
  DEFAULT_HOST_SOFTWARE,
  vmIsRunning,
  type ClusterRecord,
  type DataCenterRecord,
  type DiskRecord,
  type EventRecord,
  type HostNicRecord,
  type HostRecord,
  type JobRecord,
  type SnapshotRecord,
  type StepRecord,
  type TemplateRecord,
  type VmNicRecord,
  type VmRecord,
} from './types';

export type Json = Record<string, unknown>;

export const API = '/ovirt-engine/api';
export const STORAGE_DOMAIN_ID = 'a1e3c2f0-7b5d-4c8e-9f61-2d3b4a5c6e7f';
export const VNIC_PROFILE_ID = '0000000a-000a-000a-000a-000000000398';
/** The management network's id, as an engine installs it in the first data center. */
export const MANAGEMENT_NETWORK_ID = '00000000-0000-0000-0000-000000000009';
const CPU_PROFILE_ID = '58ca604e-01a7-003f-01de-000000000250';
const QUOTA_ID = '58ca604b-017d-0374-0220-00000000014a';

export const str = (n: number): string => String(Math.round(n));
export const bool = (b: boolean): string => (b ? 'true' : 'false');

export function ref(collection: string, id: string): Json {
  return { href: `${API}/${collection}/${id}`, id };
}

/** Empty collections are `{}`: the JAXB list stays null and nulls are omitted (reference §2.2). */
export function wrap(key: string, items: unknown[]): Json {
  return items.length > 0 ? { [key]: items } : {};
}

export function links(base: string, rels: readonly string[]): Json[] {
  return rels.map((rel) => ({ href: `${base}/${rel}`, rel }));
}

function actions(base: string, rels: readonly string[]): Json {
  return { link: links(base, rels) };
}

export const VM_ACTIONS = [
  'autopincpuandnumanodes',
  'cancelmigration',
  'clone',
  'commitsnapshot',
  'detach',
  'export',
  'freezefilesystems',
  'logon',
  'maintenance',
  'migrate',
  'previewsnapshot',
  'reboot',
  'reordermacaddresses',
  'reset',
  'screenshot',
  'shutdown',
  'start',
  'stop',
  'suspend',
  'thawfilesystems',
  'ticket',
  'undosnapshot',
] as const;

const VM_LINKS = [
  'affinitylabels',
  'applications',
  'cdroms',
  'diskattachments',
  'graphicsconsoles',
  'hostdevices',
  'katelloerrata',
  'mediateddevices',
  'nics',
  'numanodes',
  'permissions',
  'reporteddevices',
  'sessions',
  'snapshots',
  'statistics',
  'tags',
  'watchdogs',
] as const;

export const HOST_ACTIONS = [
  'activate',
  'approve',
  'commitnetconfig',
  'copyhostnetworks',
  'deactivate',
  'discoveriscsi',
  'enrollcertificate',
  'fence',
  'forceselectspm',
  'install',
  'iscsidiscover',
  'iscsilogin',
  'refresh',
  'setupnetworks',
  'syncallnetworks',
  'unregisteredstoragedomainsdiscover',
  'upgrade',
  'upgradecheck',
] as const;

const HOST_LINKS = [
  'affinitylabels',
  'devices',
  'externalnetworkproviderconfigurations',
  'fenceagents',
  'hooks',
  'katelloerrata',
  'networkattachments',
  'nics',
  'numanodes',
  'permissions',
  'statistics',
  'storage',
  'storageconnectionextensions',
  'tags',
  'unmanagednetworks',
] as const;

/** The console ports VDSM gives a running VM: plain and TLS, in the 5900 range. */
function displayPorts(vm: VmRecord): { port: number; secure: number } {
  const k = parseInt(vm.id.slice(-3), 16) % 400;
  return { port: 5900 + 2 * k, secure: 5901 + 2 * k };
}

const DISPLAY_STATUSES = new Set([
  'up',
  'migrating',
  'paused',
  'powering_up',
  'powering_down',
  'reboot_in_progress',
]);

/**
 * `display` as DisplayMapper (VmBase → Display) and VmMapper fill it: the console settings
 * always, and for a VM whose graphics VDSM reports, the type, the host's address and the ports
 * (`-1` ports left out). No SPICE proxy is configured, so `proxy` is absent.
 */
function displayWire(vm: VmRecord, engine?: Engine): Json {
  const d: Json = {
    allow_override: 'false',
    copy_paste_enabled: 'true',
    disconnect_action: 'LOCK_SCREEN',
    disconnect_action_delay: '0',
    file_transfer_enabled: 'true',
    monitors: '1',
    single_qxl_pci: 'false',
    smartcard_enabled: 'false',
    type: 'spice',
    video_type: 'qxl',
  };
  if (DISPLAY_STATUSES.has(vm.status) && vm.hostId) {
    const host = engine?.state.hosts.get(vm.hostId);
    const ip = host?.nics.find((n) => n.ip)?.ip;
    if (ip) d.address = ip;
    const { port, secure } = displayPorts(vm);
    d.port = str(port);
    d.secure_port = str(secure);
  }
  return d;
}

/** `/vms/{id}/cdroms`: always the one CD-ROM (id Guid.Empty, CdRomMapper), `file` only with an ISO. */
export const CDROM_ID = '00000000-0000-0000-0000-000000000000';

export function cdromWire(vm: VmRecord): Json {
  return { href: `${API}/vms/${vm.id}/cdroms/${CDROM_ID}`, id: CDROM_ID, vm: ref('vms', vm.id) };
}

/** `engine` lets a running VM's `display` carry its host's address; without it the address is left out. */
export function vmWire(vm: VmRecord, engine?: Engine): Json {
  const base = `${API}/vms/${vm.id}`;
  const running = vmIsRunning(vm);
  const w: Json = {
    next_run_configuration_exists: 'false',
    status: vm.status,
  };
  if (vm.status === 'paused' && vm.pauseReason) w.status_detail = vm.pauseReason;
  w.stop_reason = vm.stopReason;
  if (vm.stopTime !== undefined) w.stop_time = vm.stopTime;
  if (running) {
    if (vm.startTime !== undefined) w.start_time = vm.startTime;
    w.run_once = 'false';
    if (vm.status === 'up' || vm.status === 'migrating' || vm.status === 'paused') {
      w.fqdn = `${vm.name}.lab.example.com`;
      w.guest_time_zone = { name: 'Etc/UTC', utc_offset: '+00:00' };
    }
    if (vm.hostId) w.host = ref('hosts', vm.hostId);
  }
  Object.assign(w, {
    template: ref('templates', vm.templateId),
    original_template: ref('templates', vm.templateId),
    actions: actions(base, VM_ACTIONS),
    name: vm.name,
    description: vm.description,
    comment: vm.comment,
    href: base,
    id: vm.id,
    bios: { boot_menu: { enabled: 'false' }, type: 'q35_sea_bios' },
    cpu: {
      architecture: 'x86_64',
      topology: { cores: str(vm.cores), sockets: str(vm.sockets), threads: str(vm.threads) },
    },
    cpu_shares: '0',
    creation_time: vm.creationTime,
    delete_protected: bool(vm.deleteProtected),
    display: displayWire(vm, engine),
    high_availability: {
      enabled: bool(vm.highAvailability),
      priority: vm.highAvailability ? '1' : '0',
    },
    io: { threads: '1' },
    memory: str(vm.memory),
    memory_policy: {
      ballooning: 'true',
      guaranteed: str(vm.guaranteedMemory),
      max: str(vm.memory * 4),
    },
    migration: { auto_converge: 'inherit', compressed: 'inherit', encrypted: 'inherit' },
    migration_downtime: '-1',
    multi_queues_enabled: 'true',
    origin: vm.origin ?? 'ovirt',
    os: { boot: { devices: { device: ['hd'] } }, type: vm.os },
    placement_policy: vm.placementHostIds?.length
      ? {
          affinity: vm.affinity,
          hosts: { host: vm.placementHostIds.map((id) => ref('hosts', id)) },
        }
      : { affinity: vm.affinity },
    sso: { methods: { method: [{ id: 'guest_agent' }] } },
    start_paused: 'false',
    stateless: bool(vm.stateless),
    storage_error_resume_behaviour: 'auto_resume',
    time_zone: { name: 'Etc/GMT' },
    type: vm.type,
    usb: { enabled: 'false' },
    cluster: ref('clusters', vm.clusterId),
    cpu_profile: ref('cpuprofiles', CPU_PROFILE_ID),
    quota: { id: QUOTA_ID },
    link: links(base, VM_LINKS),
  });
  return w;
}

/** The numbers a recorded engine showed for the default packages, kept as they were. */
const VDSM_DEFAULT_NUMBERS = {
  full: DEFAULT_HOST_SOFTWARE.vdsm,
  major: '4',
  minor: '50',
  build: '4',
  revision: '0',
};
const LIBVIRT_DEFAULT_NUMBERS = {
  full: DEFAULT_HOST_SOFTWARE.libvirt,
  major: '8',
  minor: '0',
  build: '0',
  revision: '0',
};

/**
 * `version` / `libvirt_version` as HostMapper fills them from an RPM name (`full_version` is the
 * package, the numbers its version: major.minor.build.revision as the engine's Version parses it).
 */
function rpmVersionWire(
  full: string,
  recorded: { full: string; major: string; minor: string; build: string; revision: string },
): Json {
  if (full === recorded.full) {
    const { major, minor, build, revision } = recorded;
    return { build, full_version: full, major, minor, revision };
  }
  const parts = (/-(\d+(?:\.\d+)*)-/.exec(full)?.[1] ?? '0').split('.');
  return {
    build: parts[2] ?? '0',
    full_version: full,
    major: parts[0] ?? '0',
    minor: parts[1] ?? '0',
    revision: parts[3] ?? '0',
  };
}

/** `os.version` as HostMapper fills it from VDSM's `8.6 - 1.el8`. */
function osVersionWire(full: string): Json {
  const [major = '0', minor] = (full.split(' ')[0] ?? '').split('.');
  const w: Json = { full_version: full, major };
  if (minor !== undefined) w.minor = minor;
  return w;
}

export function hostWire(engine: Engine, host: HostRecord): Json {
  const base = `${API}/hosts/${host.id}`;
  const load = engine.hostLoad(host.id);
  const w: Json = {
    address: host.address,
    auto_numa_status: 'unknown',
    certificate: {
      organization: 'lab.example.com',
      subject: `O=lab.example.com,CN=${host.address}`,
    },
    cpu: {
      name: host.cpuModel,
      speed: host.cpuSpeed,
      topology: { cores: str(host.cores), sockets: str(host.sockets), threads: str(host.threads) },
      type: 'Intel Cascadelake Server Family',
    },
    device_passthrough: { enabled: 'false' },
    external_status: 'ok',
    hardware_information: {
      family: 'PowerEdge',
      manufacturer: 'Dell Inc.',
      product_name: 'PowerEdge R640',
      serial_number: host.id.slice(0, 7).toUpperCase(),
      uuid: host.id,
      version: '1.0',
    },
    kdump_status: 'disabled',
    ksm: { enabled: 'false' },
    libvirt_version: rpmVersionWire(host.software.libvirt, LIBVIRT_DEFAULT_NUMBERS),
    max_scheduling_memory: str(Math.max(0, host.memory - load.committed)),
    memory: str(host.memory),
    numa_supported: 'false',
    os: {
      type: 'RHEL',
      version: osVersionWire(host.software.os),
      custom_kernel_cmdline: '',
      reported_kernel_cmdline: host.software.kernelCmdline,
    },
    port: '54321',
    power_management: {
      automatic_pm_enabled: 'true',
      enabled: host.powerManagement?.enabled ? 'true' : 'false',
      kdump_detection: 'true',
      pm_proxies: {},
    },
    protocol: 'stomp',
    reinstallation_required: 'false',
    se_linux: { mode: 'enforcing' },
    spm: { priority: str(host.spmPriority), status: host.spm ? 'spm' : 'none' },
    ssh: { fingerprint: `SHA256:${host.id.replace(/-/g, '').slice(0, 43)}`, port: '22' },
    status: host.status,
  };
  if (host.statusDetail) w.status_detail = host.statusDetail;
  // HostMapper: in (preparing for) maintenance, status_detail is the maintenance reason.
  if (
    host.maintenanceReason &&
    (host.status === 'maintenance' || host.status === 'preparing_for_maintenance')
  )
    w.status_detail = host.maintenanceReason;
  Object.assign(w, {
    summary: { active: str(load.active), migrating: str(load.migrating), total: str(load.total) },
    transparent_hugepages: { enabled: 'true' },
    type: 'rhel',
    update_available: host.updateAvailable === true ? 'true' : 'false',
    version: rpmVersionWire(host.software.vdsm, VDSM_DEFAULT_NUMBERS),
    vgpu_placement: 'consolidated',
    cluster: ref('clusters', host.clusterId),
    actions: actions(base, HOST_ACTIONS),
    name: host.name,
    comment: '',
    href: base,
    id: host.id,
    link: links(base, HOST_LINKS),
  });
  return w;
}

/** The "Minimal downtime" migration policy, every 4.x cluster's default (04_02_0350). */
export const MIGRATION_POLICY_ID = '80554327-0569-496b-bdeb-fcbbf52b827b';

/**
 * As ClusterMapper, ClusterMigrationOptionsMapper and FencingPolicyMapper fill it.
 * `custom_scheduling_policy_properties` only where the cluster has any (the installer's
 * `Default` has none; `Production` is tuned).
 */
export function clusterWire(c: ClusterRecord): Json {
  const base = `${API}/clusters/${c.id}`;
  const w: Json = {
    ballooning_enabled: 'true',
    bios_type: 'q35_sea_bios',
    cpu: { architecture: 'x86_64', type: c.cpuType },
    error_handling: { on_error: 'migrate' },
    fencing_policy: {
      enabled: 'true',
      skip_if_connectivity_broken: { enabled: 'false', threshold: '50' },
      skip_if_gluster_bricks_up: 'false',
      skip_if_gluster_quorum_not_met: 'false',
      skip_if_sd_active: { enabled: 'false' },
    },
    fips_mode: 'disabled',
    firewall_type: 'firewalld',
    gluster_service: 'false',
    ha_reservation: 'false',
    ksm: { enabled: 'true', merge_across_nodes: 'true' },
    log_max_memory_used_threshold: '95',
    maintenance_reason_required: c.maintenanceReasonRequired ? 'true' : 'false',
    log_max_memory_used_threshold_type: 'percentage',
    memory_policy: { over_commit: { percent: '100' }, transparent_hugepages: { enabled: 'true' } },
    migration: {
      auto_converge: 'inherit',
      bandwidth: { assignment_method: 'auto' },
      compressed: 'inherit',
      encrypted: 'inherit',
      parallel_migrations_policy: 'disabled',
      policy: { id: MIGRATION_POLICY_ID },
    },
    optional_reason: c.optionalReason ? 'true' : 'false',
    required_rng_sources: { required_rng_source: ['urandom'] },
    switch_type: 'legacy',
    threads_as_cores: 'false',
    trusted_service: 'false',
    tunnel_migration: 'false',
    upgrade_in_progress: c.upgrade?.inProgress === true ? 'true' : 'false',
    upgrade_percent_complete: str(c.upgrade?.inProgress === true ? c.upgrade.percent : 0),
    version: { major: '4', minor: '7' },
    virt_service: 'true',
    vnc_encryption: 'false',
  };
  if (c.upgrade?.inProgress === true && c.upgrade.correlationId !== undefined)
    w.upgrade_correlation_id = c.upgrade.correlationId;
  if (c.schedulingProperties)
    w.custom_scheduling_policy_properties = {
      property: Object.entries(c.schedulingProperties).map(([name, value]) => ({ name, value })),
    };
  else if (c.name === 'Production')
    w.custom_scheduling_policy_properties = {
      property: [
        { name: 'HighUtilization', value: '80' },
        { name: 'CpuOverCommitDurationMinutes', value: '2' },
      ],
    };
  return Object.assign(w, {
    data_center: ref('datacenters', c.dataCenterId),
    scheduling_policy: ref(
      'schedulingpolicies',
      c.schedulingPolicyId ?? 'b4ed2332-a7ac-4d5f-9596-99a439cb2812',
    ),
    actions: actions(base, ['resetemulatedmachine', 'syncallnetworks', 'upgrade']),
    name: c.name,
    description: c.description,
    comment: '',
    href: base,
    id: c.id,
    link: links(base, [
      'affinitygroups',
      'cpuprofiles',
      'enabledfeatures',
      'externalnetworkproviders',
      'glustervolumes',
      'networkfilters',
      'networks',
      'permissions',
    ]),
  });
}

export function dataCenterWire(d: DataCenterRecord): Json {
  const base = `${API}/datacenters/${d.id}`;
  return {
    local: 'false',
    quota_mode: 'disabled',
    status: 'up',
    storage_format: 'v5',
    supported_versions: { version: [{ major: '4', minor: '7' }] },
    version: { major: str(d.versionMajor), minor: str(d.versionMinor) },
    mac_pool: ref('macpools', '58ca604b-017d-0374-0220-00000000014b'),
    actions: actions(base, ['cleanfinishedtasks', 'setmaster']),
    name: d.name,
    description: d.description,
    comment: '',
    href: base,
    id: d.id,
    link: links(base, [
      'clusters',
      'networks',
      'permissions',
      'quotas',
      'qoss',
      'iscsibonds',
      'storagedomains',
    ]),
  };
}

export function templateWire(t: TemplateRecord): Json {
  const base = `${API}/templates/${t.id}`;
  const w: Json = {
    status: 'ok',
    version: {
      version_name: 'base version',
      version_number: '1',
      base_template: ref('templates', t.id),
    },
    actions: actions(base, ['export']),
    name: t.name,
    description: t.description,
    comment: '',
    href: base,
    id: t.id,
    bios: { boot_menu: { enabled: 'false' }, type: 'q35_sea_bios' },
    cpu: {
      architecture: 'x86_64',
      topology: { cores: str(t.cores), sockets: str(t.sockets), threads: '1' },
    },
    creation_time: t.creationTime,
    delete_protected: 'false',
    high_availability: { enabled: 'false', priority: '0' },
    memory: str(t.memory),
    memory_policy: { ballooning: 'true', guaranteed: str(t.memory), max: str(t.memory * 4) },
    os: { boot: { devices: { device: ['hd'] } }, type: t.os },
    stateless: 'false',
    type: 'server',
  };
  if (t.clusterId) w.cluster = ref('clusters', t.clusterId);
  w.link = links(base, [
    'cdroms',
    'diskattachments',
    'graphicsconsoles',
    'nics',
    'permissions',
    'tags',
    'watchdogs',
  ]);
  if (t.id === BLANK_TEMPLATE_ID) w.description = 'Blank template';
  return w;
}

export function vmNicWire(vm: VmRecord, nic: VmNicRecord): Json {
  const base = `${API}/vms/${vm.id}/nics/${nic.id}`;
  return {
    interface: nic.iface,
    linked: bool(nic.linked),
    mac: { address: nic.mac },
    plugged: 'true',
    synced: 'true',
    vnic_profile: ref('vnicprofiles', VNIC_PROFILE_ID),
    actions: actions(base, ['activate', 'deactivate']),
    name: nic.name,
    href: base,
    id: nic.id,
    vm: ref('vms', vm.id),
    link: links(base, ['networkfilterparameters', 'reporteddevices', 'statistics']),
  };
}

/** Guest-agent data: only a running VM reports its NICs' addresses. */
export function reportedDevicesWire(vm: VmRecord, nic: VmNicRecord): Json[] {
  if (vm.status !== 'up' && vm.status !== 'migrating' && vm.status !== 'paused') return [];
  if (nic.ips.length === 0) return [];
  const id = `${nic.id.slice(0, 24)}${nic.mac.replace(/:/g, '')}`;
  return [
    {
      ips: { ip: nic.ips.map((address) => ({ address, version: 'v4' })) },
      mac: { address: nic.mac },
      type: 'network',
      description: 'guest reported data',
      name: 'eth0',
      href: `${API}/vms/${vm.id}/reporteddevices/${id}`,
      id,
      vm: ref('vms', vm.id),
    },
  ];
}

export function diskWire(disk: DiskRecord): Json {
  const base = `${API}/disks/${disk.id}`;
  return {
    actual_size: str(disk.actualSize),
    alias: disk.name,
    backup: 'none',
    content_type: 'data',
    format: disk.format,
    image_id: disk.id.split('').reverse().join(''),
    propagate_errors: 'false',
    provisioned_size: str(disk.provisionedSize),
    qcow_version: 'qcow2_v3',
    shareable: 'false',
    sparse: bool(disk.format === 'cow'),
    status: 'ok',
    storage_type: 'image',
    total_size: str(disk.actualSize),
    wipe_after_delete: 'false',
    disk_profile: ref('diskprofiles', 'a4c3b1d2-0000-4000-8000-000000000001'),
    quota: { id: QUOTA_ID },
    storage_domains: { storage_domain: [ref('storagedomains', STORAGE_DOMAIN_ID)] },
    actions: actions(base, [
      'convert',
      'copy',
      'export',
      'move',
      'reduce',
      'refreshlun',
      'sparsify',
    ]),
    name: disk.name,
    description: '',
    href: base,
    id: disk.id,
    link: links(base, ['disksnapshots', 'permissions', 'statistics']),
  };
}

export function diskAttachmentWire(vm: VmRecord, disk: DiskRecord, index: number): Json {
  const w: Json = {
    active: 'true',
    bootable: bool(disk.bootable),
    interface: 'virtio_scsi',
    pass_discard: 'false',
    read_only: 'false',
    uses_scsi_reservation: 'false',
  };
  if (vm.status === 'up') w.logical_name = `/dev/sd${String.fromCharCode(97 + index)}`;
  return {
    ...w,
    disk: ref('disks', disk.id),
    vm: ref('vms', vm.id),
    href: `${API}/vms/${vm.id}/diskattachments/${disk.id}`,
    id: disk.id,
  };
}

export function snapshotWire(vm: VmRecord, s: SnapshotRecord): Json {
  const base = `${API}/vms/${vm.id}/snapshots/${s.id}`;
  return {
    date: s.date,
    persist_memorystate: bool(s.persistMemory),
    snapshot_status: s.status ?? 'ok',
    snapshot_type: s.type,
    actions: actions(base, ['restore']),
    description: s.description,
    href: base,
    id: s.id,
    vm: ref('vms', vm.id),
    link: links(base, ['cdroms', 'disks', 'nics']),
  };
}

export function statisticWire(owner: 'vms' | 'hosts', ownerId: string, s: StatisticRecord): Json {
  const id = STATISTIC_IDS[s.name] ?? s.name;
  const values =
    s.type === 'string'
      ? s.detail === undefined
        ? {}
        : { value: [{ detail: s.detail }] }
      : wrap(
          'value',
          s.values.map((datum) => ({ datum })),
        );
  return {
    kind: s.kind,
    type: s.type,
    unit: s.unit,
    values,
    [owner === 'vms' ? 'vm' : 'host']: ref(owner, ownerId),
    name: s.name,
    description: s.description,
    href: `${API}/${owner}/${ownerId}/statistics/${id}`,
    id,
  };
}

/** Statistics of a VM NIC (`nic` ref) or host NIC (`host_nic` ref), reference §3.5. */
export function nicStatisticWire(
  owner: 'vms' | 'hosts',
  ownerId: string,
  nicId: string,
  s: StatisticRecord,
): Json {
  const id = STATISTIC_IDS[s.name] ?? s.name;
  const base = `${API}/${owner}/${ownerId}/nics/${nicId}`;
  return {
    kind: s.kind,
    type: s.type,
    unit: s.unit,
    values: wrap(
      'value',
      s.values.map((datum) => ({ datum })),
    ),
    [owner === 'vms' ? 'nic' : 'host_nic']: { href: base, id: nicId },
    name: s.name,
    description: s.description,
    href: `${base}/statistics/${id}`,
    id,
  };
}

export function vmStatisticsWire(engine: Engine, vm: VmRecord): Json[] {
  return vmStatistics(engine, vm).map((s) => statisticWire('vms', vm.id, s));
}

export function hostStatisticsWire(engine: Engine, host: HostRecord): Json[] {
  return hostStatistics(engine, host).map((s) => statisticWire('hosts', host.id, s));
}

/** The EUI-64 link-local address of a MAC, as the kernel derives it. */
function linkLocal(mac: string): string {
  const b = mac.split(':').map((h) => parseInt(h, 16));
  const [b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0] = b;
  const hex = (x: number, y: number): string => ((x << 8) | y).toString(16);
  return `fe80::${hex(b0 ^ 2, b1)}:${hex(b2, 0xff)}:${hex(0xfe, b3)}:${hex(b4, b5)}`;
}

export function hostNicWire(host: HostRecord, nic: HostNicRecord): Json {
  const base = `${API}/hosts/${host.id}/nics/${nic.id}`;
  const w: Json = {
    ad_aggregator_id: '0',
    boot_protocol: nic.ip ? 'static' : 'none',
    bridged: bool(nic.name === 'eno1'),
    custom_configuration: 'false',
    ipv4_default_gateway: bool(nic.name === 'eno1'),
  };
  if (nic.ip)
    w.ip = {
      address: nic.ip,
      gateway: nic.ip.replace(/\.\d+$/, '.254'),
      netmask: '255.255.255.0',
      version: 'v4',
    };
  Object.assign(w, {
    // A real host reports a link-local IPv6 address on every NIC that is up and configured.
    ipv6: nic.ip
      ? { address: linkLocal(nic.mac), netmask: '64', gateway: '::', version: 'v6' }
      : { gateway: '::', version: 'v6' },
    ipv6_boot_protocol: 'none',
    mac: { address: nic.mac },
    mtu: '1500',
  });
  // HostNicMapper sets `speed` only when VDSM reported one (> 0): virtual NICs have none.
  if (nic.speedMbps > 0) w.speed = str(nic.speedMbps * 1_000_000);
  Object.assign(w, {
    status: host.status === 'down' ? 'down' : 'up',
    actions: actions(base, ['updatevirtualfunctionsconfiguration']),
    name: nic.name,
    href: base,
    id: nic.id,
    host: ref('hosts', host.id),
    link: links(base, [
      'linklayerdiscoveryprotocolelements',
      'networkattachments',
      'networklabels',
      'statistics',
      'virtualfunctionallowedlabels',
      'virtualfunctionallowednetworks',
    ]),
  });
  if (nic.vlan) {
    w.base_interface = nic.vlan.baseInterface;
    w.vlan = { id: str(nic.vlan.id) };
  }
  if (nic.name === 'eno1') {
    w.network = ref('networks', MANAGEMENT_NETWORK_ID);
    // BackendHostNicsResource copies the network attachment's custom properties onto a NIC
    // that carries a network; an attachment without any gives an empty (null-list) wrapper.
    w.properties = {};
  }
  return w;
}

export function eventWire(e: EventRecord): Json {
  const w: Json = { code: str(e.code) };
  if (e.correlationId) w.correlation_id = e.correlationId;
  Object.assign(w, {
    custom_id: '-1',
    flood_rate: '0',
    index: str(e.id),
    origin: 'oVirt',
    severity: e.severity,
    time: e.time,
  });
  if (e.user)
    w.user = { name: ADMIN_USER_NAME, href: `${API}/users/${ADMIN_USER_ID}`, id: ADMIN_USER_ID };
  if (e.vmId) w.vm = { ...ref('vms', e.vmId), ...(e.vmName ? { name: e.vmName } : {}) };
  if (e.hostId) w.host = { ...ref('hosts', e.hostId), ...(e.hostName ? { name: e.hostName } : {}) };
  if (e.clusterId) w.cluster = ref('clusters', e.clusterId);
  if (e.dataCenterId) w.data_center = ref('datacenters', e.dataCenterId);
  if (e.templateId) w.template = ref('templates', e.templateId);
  w.description = e.description;
  w.href = `${API}/events/${str(e.id)}`;
  w.id = str(e.id);
  return w;
}

export function jobWire(j: JobRecord): Json {
  const base = `${API}/jobs/${j.id}`;
  const w: Json = {
    auto_cleared: 'true',
    external: 'false',
    last_updated: j.lastUpdated,
    start_time: j.startTime,
    status: j.status,
    owner: ref('users', ADMIN_USER_ID),
    actions: actions(base, ['clear', 'end']),
    description: j.description,
    href: base,
    id: j.id,
    link: links(base, ['steps']),
  };
  if (j.endTime !== undefined) w.end_time = j.endTime;
  return w;
}

export function stepWire(j: JobRecord, s: StepRecord): Json {
  const base = `${API}/jobs/${j.id}/steps/${s.id}`;
  const w: Json = {
    external: 'false',
    number: str(s.number),
    start_time: s.startTime,
    status: s.status,
    type: s.type,
    job: ref('jobs', j.id),
    actions: actions(base, ['end']),
    description: s.description,
    href: base,
    id: s.id,
    link: links(base, ['statistics']),
  };
  if (s.endTime !== undefined) w.end_time = s.endTime;
  if (s.progress !== undefined) w.progress = str(s.progress);
  if (s.hostId) w.execution_host = ref('hosts', s.hostId);
  return w;
}

export function apiRootWire(engine: Engine): Json {
  let vmsActive = 0;
  for (const vm of engine.state.vms.values()) if (vmIsRunning(vm)) vmsActive++;
  let hostsActive = 0;
  for (const h of engine.state.hosts.values()) if (h.status === 'up') hostsActive++;
  const rels = [
    'clusters',
    'clusters/search',
    'datacenters',
    'datacenters/search',
    'disks',
    'disks/search',
    'events',
    'hosts',
    'hosts/search',
    'jobs',
    'networks',
    'storagedomains',
    'templates',
    'templates/search',
    'users',
    'vms',
    'vms/search',
    'vnicprofiles',
  ];
  const link: Json[] = rels.map((rel) => ({
    href: rel.endsWith('/search')
      ? `${API}/${rel.replace('/search', '')}?search={query}`
      : `${API}/${rel}`,
    rel,
  }));
  link.push({ href: `${API}/events;from={event_id}?search={query}`, rel: 'events/search' });
  return {
    link,
    authenticated_user: ref('users', ADMIN_USER_ID),
    effective_user: ref('users', ADMIN_USER_ID),
    product_info: {
      instance_id: 'b9c5a07c-5f1d-11ed-8f0f-00163e3a1ab4',
      name: 'oVirt Engine',
      vendor: 'ovirt.org',
      version: { build: '6', full_version: '4.5.6-1.el8', major: '4', minor: '5', revision: '0' },
    },
    special_objects: {
      blank_template: ref('templates', BLANK_TEMPLATE_ID),
      root_tag: ref('tags', '00000000-0000-0000-0000-000000000000'),
    },
    summary: {
      hosts: { active: str(hostsActive), total: str(engine.state.hosts.size) },
      storage_domains: { active: '1', total: '1' },
      users: { active: '1', total: '1' },
      vms: { active: str(vmsActive), total: str(engine.state.vms.size) },
    },
    time: engine.now(),
  };
}
