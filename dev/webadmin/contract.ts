// Facts about WebAdmin's plugin contract, transcribed from
// shared/reference/webadmin-plugin-api.md (§2.2–§2.4, §1.3). The strict pluginApi and the shell
// both read them from here so that one wrong fact cannot hide in two places.

export type ApiMode = '4.5' | '4.3' | '3.6';

export const API_MODES: readonly ApiMode[] = ['4.5', '4.3', '3.6'];

export function parseApiMode(value: string | null | undefined): ApiMode {
  return value === '4.3' || value === '3.6' ? value : '4.5';
}

/** Lifecycle states ([PS]); READY is transient inside ready(). */
export type PluginState = 'DEFINED' | 'LOADING' | 'READY' | 'INITIALIZING' | 'IN_USE' | 'FAILED';

/** EntityType names ([ET]); case-sensitive. Errata exists from 4.3 on. */
export const ENTITY_TYPES = [
  'DataCenter',
  'Cluster',
  'Host',
  'Network',
  'VnicProfile',
  'Storage',
  'Disk',
  'VirtualMachine',
  'Pool',
  'Template',
  'GlusterVolume',
  'Provider',
  'User',
  'Quota',
  'Errata',
  'Event',
] as const;
export type EntityTypeName = (typeof ENTITY_TYPES)[number];

export function isEntityType(name: unknown, mode: ApiMode): name is EntityTypeName {
  if (typeof name !== 'string') return false;
  if (name === 'Errata' && mode === '3.6') return false;
  return (ENTITY_TYPES as readonly string[]).includes(name);
}

/** Entity types without a detail panel: addDetailPlace is silently ignored for them ([UIF]). */
export const NO_DETAIL_PANEL: readonly string[] = ['Errata', 'Event'];

/** §2.4: valid detailPlaceId values per main entity type. */
export const DETAIL_PLACE_IDS: Readonly<Record<EntityTypeName, readonly string[]>> = {
  DataCenter: ['Storage', 'IscsiBond', 'Network', 'Cluster', 'Quota', 'Permission', 'Event'],
  Cluster: [
    'Host',
    'VirtualMachine',
    'Network',
    'GlusterHook',
    'AffinityGroup',
    'AffinityLabel',
    'CpuProfile',
    'Permission',
  ],
  Host: [
    'VirtualMachine',
    'NetworkInterface',
    'HostDevice',
    'HostHook',
    'GlusterSwift',
    'GlusterBrick',
    'GlusterStorageDevice',
    'Permission',
    'Event',
    'AffinityLabel',
  ],
  Network: [
    'NetworkProfile',
    'ExternalSubnet',
    'Cluster',
    'Host',
    'VirtualMachine',
    'Template',
    'Permission',
  ],
  VnicProfile: ['Permission', 'VirtualMachine', 'Template'],
  Storage: [
    'DataCenter',
    'VirtualMachineImport',
    'TemplateImport',
    'VirtualMachineRegister',
    'TemplateRegister',
    'DiskImageRegister',
    'Iso',
    'Disk',
    'DiskRegister',
    'StorageSnapshot',
    'DiskProfile',
    'StorageDR',
    'StorageLease',
    'Permission',
    'Event',
  ],
  Disk: ['VirtualMachine', 'Template', 'Storage', 'Permission'],
  VirtualMachine: [
    'NetworkInterface',
    'Disk',
    'HostDevice',
    'VirtualMachineSnapshot',
    'VirtualMachineApplication',
    'VirtualMachineContainer',
    'VirtualMachineDevice',
    'AffinityGroup',
    'AffinityLabel',
    'Permission',
    'Event',
  ],
  Pool: ['VirtualMachine', 'Permission'],
  Template: ['VirtualMachine', 'NetworkInterface', 'Permission', 'Event'],
  GlusterVolume: [
    'GlusterVolumeParameter',
    'GlusterBrick',
    'Permission',
    'Event',
    'GlusterGeoRep',
    'GlusterVolumeSnapshot',
  ],
  Provider: ['Network', 'ProviderSecret'],
  User: ['Quota', 'UserGroup', 'EventNotifier', 'Permission', 'Event'],
  Quota: ['Cluster', 'Storage', 'User', 'Permission', 'Event', 'VirtualMachine', 'Template'],
  Errata: [],
  Event: [],
};

/**
 * 3.6 (rule 16): addSubTabActionButton(mainType, subType, …) resolves the sub tab through
 * EntityType.initSubTabHistoryTokens, which at tag ovirt-engine-3.6.0 maps only `Event` and only
 * for these main types; any other pair finds no token and the button is silently dropped.
 */
const DETAIL_PLACE_IDS_36: Readonly<Partial<Record<EntityTypeName, readonly string[]>>> = {
  DataCenter: ['Event'],
  Host: ['Event'],
  Storage: ['Event'],
  VirtualMachine: ['Event'],
  Template: ['Event'],
  GlusterVolume: ['Event'],
  User: ['Event'],
  Quota: ['Event'],
};

/** The detail place ids a button may name for `entity` in that API generation. */
export function detailPlaceIds(entity: EntityTypeName, mode: ApiMode): readonly string[] {
  return mode === '3.6' ? (DETAIL_PLACE_IDS_36[entity] ?? []) : DETAIL_PLACE_IDS[entity];
}

/**
 * Every history token WebAdmin itself routes: the constants of
 * uicommonweb/.../place/WebAdminApplicationPlaces.java at engine HEAD (131 tokens; main places,
 * then `<main>-<suffix>` detail places). Rules 19–20 check plugin tokens against this list.
 */
export const BUILT_IN_TOKENS: readonly string[] = [
  // main places
  'dataCenters',
  'clusters',
  'hosts',
  'storage',
  'vms',
  'pools',
  'templates',
  'users',
  'events',
  'quota',
  'volumes',
  'disks',
  'networks',
  'vnicProfiles',
  'providers',
  'errata',
  'sessions',
  // dataCenters detail places
  'dataCenters-storage',
  'dataCenters-iscsi_bond',
  'dataCenters-logical_networks',
  'dataCenters-clusters',
  'dataCenters-quota',
  'dataCenters-permissions',
  'dataCenters-events',
  'dataCenters-qos',
  // clusters detail places
  'clusters-general',
  'clusters-hosts',
  'clusters-virtual_machines',
  'clusters-logical_networks',
  'clusters-services',
  'clusters-gluster_hooks',
  'clusters-affinity_groups',
  'clusters-affinity_labels',
  'clusters-cpu_profiles',
  'clusters-permissions',
  'clusters-events',
  // hosts detail places
  'hosts-general',
  'hosts-errata',
  'hosts-virtual_machines',
  'hosts-network_interfaces',
  'hosts-devices',
  'hosts-host_hooks',
  'hosts-gluster_swift',
  'hosts-gluster_bricks',
  'hosts-gluster_storage_devices',
  'hosts-permissions',
  'hosts-events',
  'hosts-affinity_labels',
  // storage detail places
  'storage-general',
  'storage-data_center',
  'storage-vm_import',
  'storage-template_import',
  'storage-vm_register',
  'storage-template_register',
  'storage-disk_image_register',
  'storage-virtual_machines',
  'storage-templates',
  'storage-images',
  'storage-disks',
  'storage-register_disks',
  'storage-snapshots',
  'storage-disk_profiles',
  'storage-dr',
  'storage-leases',
  'storage-permissions',
  'storage-events',
  // vms detail places
  'vms-general',
  'vms-network_interfaces',
  'vms-disks',
  'vms-host_devices',
  'vms-snapshots',
  'vms-applications',
  'vms-guest_containers',
  'vms-vm_devices',
  'vms-affinity_groups',
  'vms-affinity_labels',
  'vms-permissions',
  'vms-guest_info',
  'vms-events',
  'vms-errata',
  // pools detail places
  'pools-general',
  'pools-virtual_machines',
  'pools-permissions',
  // templates detail places
  'templates-general',
  'templates-virtual_machines',
  'templates-network_interfaces',
  'templates-disks',
  'templates-storage',
  'templates-permissions',
  'templates-events',
  // users detail places
  'users-general',
  'users-settings',
  'users-quota',
  'users-directory_groups',
  'users-event_notifier',
  'users-permissions',
  'users-events',
  // quota detail places
  'quota-clusters',
  'quota-storage',
  'quota-users',
  'quota-permissions',
  'quota-events',
  'quota-vms',
  'quota-templates',
  // volumes detail places
  'volumes-general',
  'volumes-parameters',
  'volumes-bricks',
  'volumes-permissions',
  'volumes-events',
  'volumes-geo_replication',
  'volumes-volume_snapshots',
  // disks detail places
  'disks-general',
  'disks-virtual_machines',
  'disks-templates',
  'disks-storage',
  'disks-permissions',
  // networks detail places
  'networks-general',
  'networks-profiles',
  'networks-external_subnets',
  'networks-clusters',
  'networks-hosts',
  'networks-virtual_machines',
  'networks-templates',
  'networks-permissions',
  // vnicProfiles detail places
  'vnicProfiles-permissions',
  'vnicProfiles-virtual_machines',
  'vnicProfiles-templates',
  // providers detail places
  'providers-general',
  'providers-networks',
  'providers-secrets',
  // errata detail places
  'errata-details',
];

/**
 * The locales a stock engine build serves (`gwt.locale` in frontend/webadmin/modules/pom.xml), in
 * GWT form. A request for any other locale gets GWT's "default", reported as en-US (rule 29).
 */
export const ENGINE_LOCALES: readonly string[] = [
  'en_US',
  'es_ES',
  'fr_FR',
  'ja_JP',
  'pt_BR',
  'zh_CN',
  'de_DE',
  'ko_KR',
  'it_IT',
  'cs_CZ',
  'ka_GE',
];

/** Built-in primary menu containers ([MPW] PrimaryMenuContainerType). */
export const BUILT_IN_MENU_CONTAINERS: readonly string[] = [
  'compute',
  'network',
  'storage',
  'admin',
];

const SELECTION_EVENTS_4X = [
  'DataCenterSelectionChange',
  'ClusterSelectionChange',
  'HostSelectionChange',
  'NetworkSelectionChange',
  'StorageSelectionChange',
  'DiskSelectionChange',
  'VirtualMachineSelectionChange',
  'PoolSelectionChange',
  'TemplateSelectionChange',
  'GlusterVolumeSelectionChange',
  'ProviderSelectionChange',
  'UserSelectionChange',
  'QuotaSelectionChange',
  'EventSelectionChange',
];

/** Handler names the engine of that API generation dispatches (§2.2, §1.4). */
export function knownHandlerNames(mode: ApiMode): readonly string[] {
  const common = ['UiInit', 'UserLogin', 'UserLogout', 'MessageReceived', ...SELECTION_EVENTS_4X];
  if (mode === '3.6') return [...common, 'RestApiSessionAcquired', 'SystemTreeSelectionChange'];
  const v4 = [...common, 'TagActivationChange'];
  return mode === '4.5' ? [...v4, 'DetailItemSelectionChange'] : v4;
}

/** Handlers that exist in old docs but a 4.x engine never calls (rule 9). */
export const NEVER_FIRED_IN_4X: readonly string[] = [
  'RestApiSessionAcquired',
  'SystemTreeSelectionChange',
];

/** VMStatus names as EntityObject.from(VM) writes them (§2.3). */
export const VM_STATUS_NAMES: readonly string[] = [
  'Unassigned',
  'Down',
  'Up',
  'PoweringUp',
  'Paused',
  'MigratingFrom',
  'MigratingTo',
  'Unknown',
  'NotResponding',
  'WaitForLaunch',
  'RebootInProgress',
  'SavingState',
  'RestoringState',
  'Suspended',
  'ImageIllegal',
  'ImageLocked',
  'PoweringDown',
];

/** The list prefixes a main list presenter accepts in setSearchString (§1.3). */
export const SEARCH_PREFIXES: Readonly<Record<string, string>> = {
  'Vms:': 'vms',
  'Host:': 'hosts',
  'Cluster:': 'clusters',
  'DataCenter:': 'dataCenters',
  'Storage:': 'storage',
  'Template:': 'templates',
  'Pools:': 'pools',
  'Disks:': 'disks',
  'Users:': 'users',
  'Events:': 'events',
  'Network:': 'networks',
  'Volumes:': 'volumes',
  'Quota:': 'quota',
  'Provider:': 'providers',
};

export const ALERT_TYPES = ['info', 'success', 'warning', 'danger'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

/** History tokens the contract recommends: letters, digits and dashes (rule 19). */
export const TOKEN_PATTERN = /^[a-z0-9-]+$/;
