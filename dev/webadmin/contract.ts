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

/** Main-view history tokens (WebAdminApplicationPlaces) and the detail tokens the shell uses. */
export const BUILT_IN_TOKENS: readonly string[] = [
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
  'dashboard-main',
  'vms-general',
  'vms-network_interfaces',
  'vms-disks',
  'vms-snapshots',
  'vms-applications',
  'vms-permissions',
  'vms-events',
  'hosts-general',
  'hosts-vms',
  'hosts-network_interfaces',
  'hosts-host_devices',
  'hosts-permissions',
  'hosts-events',
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
