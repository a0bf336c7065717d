/**
 * What the simulated engine's scheduler knows beyond memory: scheduling policies and their units,
 * each cluster's policy and properties, affinity groups and labels, VM pinning lists
 * (`placement_policy.hosts`) and one external filter that caps the running VMs per host.
 *
 * The filters follow the engine's policy units as far as the REST API lets a client see them:
 * `PinToHost`, `VmAffinityGroups` (VM-to-VM, enforcing rules only, VMs scheduled together
 * count as one group as in `VmAffinityFilterPolicyUnit`), `VmToHostsAffinityGroups`
 * (VM-to-host, enforcing rules only) and the external `max_vms` filter of ovirt-scheduler-proxy's
 * examples (`maximum_vm_count`). Their refusal texts are the engine's `SCHEDULING_HOST_FILTERED_*`
 * messages; the engine leaves `${affinityRules}` empty (a TODO in its source), and so does this
 * one. Soft (non-enforcing) rules are weights in the engine: they never refuse a host.
 */
import { vmIsRunning, type HostRecord, type VmRecord } from './types';

export interface AffinityRuleRecord {
  enabled: boolean;
  positive: boolean;
  enforcing: boolean;
}

export interface AffinityGroupRecord {
  id: string;
  name: string;
  description: string;
  clusterId: string;
  priority: number;
  vmsRule: AffinityRuleRecord;
  hostsRule: AffinityRuleRecord;
  vmIds: string[];
  hostIds: string[];
  vmLabelIds: string[];
  hostLabelIds: string[];
}

export interface AffinityLabelRecord {
  id: string;
  name: string;
  vmIds: string[];
  hostIds: string[];
}

export type PolicyUnitType = 'filter' | 'weight' | 'load_balancing';

export interface PolicyUnitRecord {
  id: string;
  name: string;
  description: string;
  type: PolicyUnitType;
  internal: boolean;
  /** `name=regex` lines, as the engine lists a unit's accepted properties. */
  properties: Record<string, string>;
}

export interface SchedulingPolicyRecord {
  id: string;
  name: string;
  description: string;
  locked: boolean;
  defaultPolicy: boolean;
  filters: string[];
  weights: { unitId: string; factor: number }[];
  balance?: string;
  /** The policy's own default properties. */
  properties: Record<string, string>;
}

export interface SchedulingModel {
  groups: AffinityGroupRecord[];
  labels: AffinityLabelRecord[];
}

/** Ids of the policy units the engine ships (`InternalPolicyUnits`), plus the external one. */
export const UNIT = {
  pinToHost: '12262ab6-9690-4bc3-a2b3-35573b172d54',
  memory: 'c9ddbb34-0e1d-4061-a8d7-b0893fa80932',
  cpu: '6d636bf6-a35c-4f9d-b68d-0731f720cddc',
  vmAffinityFilter: '84e6ddee-ab0d-42dd-82f0-c297779db566',
  vmToHostsFilter: 'e69808a9-8a41-40f1-94ba-dd5d385d82d8',
  heSpares: 'e659c871-0bf1-4ccc-b748-f28f5d08ddda',
  evenDistributionWeight: '7db4ab05-81ab-42e8-868a-aee2df483ed2',
  haReservationWeight: '7f262d70-6cac-11e3-981f-0800200c9a66',
  vmAffinityWeight: '84e6ddee-ab0d-42dd-82f0-c297779db567',
  vmToHostsWeight: 'a70a8e1e-0a65-4d4b-b8fe-8e1e52c4f5a7',
  evenDistributionBalance: '7db4ab05-81ab-42e8-868a-aee2df483edb',
  maxVmsFilter: '3b2a7b60-5f0e-4b9f-8d5e-6c1a0e2f4d71',
} as const;

export const POLICY = {
  none: 'b4ed2332-a7ac-4d5f-9596-99a439cb2812',
  evenlyDistributed: '20d25257-b4bd-4589-92a6-c4c5c5d3fb4d',
  powerSaving: '5a2b0939-7d46-4b73-a469-e9c2c7fc6a53',
  vmEvenlyDistributed: '8d5d7bec-68de-4a67-b53e-0ac54686d579',
  clusterMaintenance: '7677771e-5eab-422e-83fa-dc04080d21b7',
  /** A custom policy an admin made: evenly distributed plus the external VM-count cap. */
  cappedEvenlyDistributed: '6f1c8a3e-2d47-4b19-9a0e-7c5d3b2a1e90',
} as const;

const INT = '^[0-9]+$';

export const POLICY_UNITS: readonly PolicyUnitRecord[] = [
  unit(UNIT.pinToHost, 'PinToHost', 'Filters out all hosts that VM is not pinned to', 'filter'),
  unit(
    UNIT.memory,
    'Memory',
    'Filters out hosts that have insufficient memory to run the VM',
    'filter',
  ),
  unit(UNIT.cpu, 'CPU', "Filters out hosts with less CPUs than VM's CPUs", 'filter'),
  unit(
    UNIT.vmAffinityFilter,
    'VmAffinityGroups',
    'Enables Affinity Groups hard enforcement for VMs; VMs in group are required to run either on the same hypervisor host (positive) or on independent hypervisor hosts (negative)',
    'filter',
  ),
  unit(
    UNIT.vmToHostsFilter,
    'VmToHostsAffinityGroups',
    'Filters out hosts that do not satisfy the VM to host affinity hard rules',
    'filter',
  ),
  unit(
    UNIT.heSpares,
    'HostedEnginesSpares',
    'Reserves space for hosted engine migration',
    'filter',
    { HeSparesCount: INT },
  ),
  unit(
    UNIT.evenDistributionWeight,
    'OptimalForEvenDistribution',
    'Gives hosts with lower CPU/memory usage, lower weight (means that hosts with lower usage are more likely to be selected)',
    'weight',
    { HighUtilization: INT, CpuOverCommitDurationMinutes: INT },
  ),
  unit(
    UNIT.haReservationWeight,
    'OptimalForHaReservation',
    'Weights hosts according to their HA score',
    'weight',
  ),
  unit(
    UNIT.vmAffinityWeight,
    'VmAffinityGroups',
    'Enables Affinity Groups soft enforcement for VMs; VMs in group are most likely to run either on the same hypervisor host (positive) or on independent hypervisor hosts (negative)',
    'weight',
  ),
  unit(
    UNIT.vmToHostsWeight,
    'VmToHostsAffinityGroups',
    'Weights hosts according to the VM to host affinity soft rules',
    'weight',
  ),
  unit(
    UNIT.evenDistributionBalance,
    'OptimalForEvenDistribution',
    'Load balancing VMs in cluster according to hosts CPU and memory load',
    'load_balancing',
    {
      HighUtilization: INT,
      LowUtilization: INT,
      CpuOverCommitDurationMinutes: INT,
      MaxFreeMemoryForOverUtilized: INT,
      MinFreeMemoryForUnderUtilized: INT,
    },
  ),
  {
    ...unit(
      UNIT.maxVmsFilter,
      'max_vms',
      'returns only hosts with less running vms then the maximum',
      'filter',
      { maximum_vm_count: '[0-9]*' },
    ),
    internal: false,
  },
];

function unit(
  id: string,
  name: string,
  description: string,
  type: PolicyUnitType,
  properties: Record<string, string> = {},
): PolicyUnitRecord {
  return { id, name, description, type, internal: true, properties };
}

const BASE_FILTERS = [
  UNIT.pinToHost,
  UNIT.memory,
  UNIT.cpu,
  UNIT.vmAffinityFilter,
  UNIT.vmToHostsFilter,
  UNIT.heSpares,
];
const BASE_WEIGHTS = [
  { unitId: UNIT.haReservationWeight, factor: 1 },
  { unitId: UNIT.vmAffinityWeight, factor: 1 },
  { unitId: UNIT.vmToHostsWeight, factor: 1 },
];

export const NONE_POLICY: SchedulingPolicyRecord = {
  id: POLICY.none,
  name: 'none',
  description: 'No load balancing operations',
  locked: true,
  defaultPolicy: false,
  filters: BASE_FILTERS,
  weights: BASE_WEIGHTS,
  properties: {},
};

export const SCHEDULING_POLICIES: readonly SchedulingPolicyRecord[] = [
  NONE_POLICY,
  {
    id: POLICY.evenlyDistributed,
    name: 'evenly_distributed',
    description: 'Load balancing VMs in cluster according to hosts CPU and memory load',
    locked: true,
    defaultPolicy: true,
    filters: BASE_FILTERS,
    weights: [...BASE_WEIGHTS, { unitId: UNIT.evenDistributionWeight, factor: 1 }],
    balance: UNIT.evenDistributionBalance,
    properties: { HighUtilization: '80', CpuOverCommitDurationMinutes: '2', HeSparesCount: '0' },
  },
  {
    id: POLICY.powerSaving,
    name: 'power_saving',
    description: 'Load balancing VMs in cluster, while utilizing as few hosts as possible',
    locked: true,
    defaultPolicy: false,
    filters: BASE_FILTERS,
    weights: BASE_WEIGHTS,
    properties: { HighUtilization: '80', LowUtilization: '20', CpuOverCommitDurationMinutes: '2' },
  },
  {
    id: POLICY.vmEvenlyDistributed,
    name: 'vm_evenly_distributed',
    description: 'Load balancing VMs in cluster according to number of VMs on host',
    locked: true,
    defaultPolicy: false,
    filters: BASE_FILTERS,
    weights: BASE_WEIGHTS,
    properties: { HighVmCount: '10', MigrationThreshold: '5', SpmVmGrace: '5' },
  },
  {
    id: POLICY.clusterMaintenance,
    name: 'cluster_maintenance',
    description: 'Cluster maintenance policy: only highly available VMs may start',
    locked: true,
    defaultPolicy: false,
    filters: BASE_FILTERS,
    weights: BASE_WEIGHTS,
    properties: {},
  },
  {
    id: POLICY.cappedEvenlyDistributed,
    name: 'evenly_distributed_capped',
    description: 'Evenly distributed, at most maximum_vm_count running VMs per host',
    locked: false,
    defaultPolicy: false,
    filters: [...BASE_FILTERS, UNIT.maxVmsFilter],
    weights: [...BASE_WEIGHTS, { unitId: UNIT.evenDistributionWeight, factor: 1 }],
    balance: UNIT.evenDistributionBalance,
    properties: {
      HighUtilization: '80',
      LowUtilization: '20',
      CpuOverCommitDurationMinutes: '2',
      HeSparesCount: '0',
      maximum_vm_count: '8',
    },
  },
];

export function emptySchedulingModel(): SchedulingModel {
  return { groups: [], labels: [] };
}

/** What the filters read from the engine: its VMs and hosts, and where each VM will be. */
export interface SchedulingView {
  vms: ReadonlyMap<string, VmRecord>;
  hosts: ReadonlyMap<string, HostRecord>;
  /** The cluster's policy id and its properties (policy defaults overridden by the cluster's). */
  clusterPolicy(clusterId: string): {
    policy: SchedulingPolicyRecord;
    properties: Record<string, string>;
  };
}

function hostOf(vm: VmRecord): string | undefined {
  // A migrating VM counts on its destination, as the engine's pending resources make it.
  if (vm.migration) return vm.migration.targetHostId;
  return vmIsRunning(vm) ? vm.hostId : undefined;
}

function labelled(
  model: SchedulingModel,
  ids: readonly string[],
  key: 'vmIds' | 'hostIds',
): string[] {
  const out: string[] = [];
  for (const id of ids) {
    const l = model.labels.find((x) => x.id === id);
    if (l) out.push(...l[key]);
  }
  return out;
}

/** A group's VMs and hosts with its labels flattened in (`getAllAffinityGroupsWithFlatLabels`). */
export function groupMembers(
  model: SchedulingModel,
  g: AffinityGroupRecord,
): { vmIds: Set<string>; hostIds: Set<string> } {
  return {
    vmIds: new Set([...g.vmIds, ...labelled(model, g.vmLabelIds, 'vmIds')]),
    hostIds: new Set([...g.hostIds, ...labelled(model, g.hostLabelIds, 'hostIds')]),
  };
}

/** Running VMs on a host, VMs migrating to it included (what `max_vms` counts). */
export function runningVmCount(view: SchedulingView, hostId: string): number {
  let n = 0;
  for (const vm of view.vms.values()) {
    if (!vmIsRunning(vm)) continue;
    if (vm.hostId === hostId || vm.migration?.targetHostId === hostId) n++;
  }
  return n;
}

function filtered(
  host: HostRecord,
  type: 'internal' | 'external',
  name: string,
  detail?: string,
): string {
  return detail === undefined
    ? `The host ${host.name} did not satisfy ${type} filter ${name}.`
    : `The host ${host.name} did not satisfy ${type} filter ${name} because ${detail}.`;
}

/**
 * The refusals of `host` for scheduling `vmGroup` together (one VM, a `migration_target_of` list
 * or an affinity closure). Memory and host status are the caller's; empty = accepted.
 */
export function filterHost(
  model: SchedulingModel,
  view: SchedulingView,
  vmGroup: readonly VmRecord[],
  host: HostRecord,
): string[] {
  const reasons: string[] = [];
  if (vmGroup.length === 0) return reasons;
  const inGroup = new Set(vmGroup.map((v) => v.id));
  const { policy, properties } = view.clusterPolicy(host.clusterId);

  if (
    vmGroup.some(
      (v) => (v.placementHostIds?.length ?? 0) > 0 && !v.placementHostIds?.includes(host.id),
    )
  ) {
    reasons.push(
      filtered(host, 'internal', 'PinToHost', 'the host is not present in the pinning list'),
    );
  }

  // VM-to-VM enforcing rules.
  const positive = new Set<string>();
  const negative = new Set<string>();
  const groups = model.groups.filter((g) => g.clusterId === host.clusterId);
  for (const g of groups) {
    const m = groupMembers(model, g);
    if (![...inGroup].some((id) => m.vmIds.has(id))) continue;
    if (g.vmsRule.enabled && g.vmsRule.enforcing) {
      const others = [...m.vmIds].filter((id) => !inGroup.has(id));
      if (g.vmsRule.positive) for (const id of others) positive.add(id);
      else {
        const together = [...m.vmIds].filter((id) => inGroup.has(id));
        if (together.length > 1) {
          reasons.push(
            filtered(host, 'internal', 'VmAffinityGroups', 'it matched negative affinity rules '),
          );
          break;
        }
        for (const id of others) negative.add(id);
      }
    }
  }
  const hostsOf = (ids: Set<string>): Set<string> => {
    const out = new Set<string>();
    for (const id of ids) {
      const vm = view.vms.get(id);
      const h = vm ? hostOf(vm) : undefined;
      if (h) out.add(h);
    }
    return out;
  };
  const acceptable = hostsOf(positive);
  if (acceptable.size > 0 && !acceptable.has(host.id)) {
    reasons.push(
      filtered(host, 'internal', 'VmAffinityGroups', 'it did not match positive affinity rules '),
    );
  } else if (hostsOf(negative).has(host.id)) {
    reasons.push(
      filtered(host, 'internal', 'VmAffinityGroups', 'it matched negative affinity rules '),
    );
  }

  // VM-to-host enforcing rules.
  for (const g of groups) {
    if (!g.hostsRule.enabled || !g.hostsRule.enforcing) continue;
    const m = groupMembers(model, g);
    if (![...inGroup].some((id) => m.vmIds.has(id))) continue;
    if (m.hostIds.has(host.id) !== g.hostsRule.positive) {
      reasons.push(
        filtered(
          host,
          'internal',
          'VmToHostsAffinityGroups',
          g.hostsRule.positive
            ? 'it did not match positive affinity rules '
            : 'it matched negative affinity rules ',
        ),
      );
      break;
    }
  }

  if (policy.filters.includes(UNIT.maxVmsFilter)) {
    const max = Number.parseInt(properties.maximum_vm_count ?? '100', 10);
    const arriving = vmGroup.filter((v) => v.hostId !== host.id).length;
    if (runningVmCount(view, host.id) + arriving > max) {
      reasons.push(filtered(host, 'external', 'max_vms'));
    }
  }
  return reasons;
}

/**
 * A VM and every VM tied to it by positive enforcing VM affinity, transitively (the engine's
 * "affinity closure", `check_vms_in_affinity_closure`), running ones only, sorted by name.
 */
export function affinityClosure(
  model: SchedulingModel,
  vms: ReadonlyMap<string, VmRecord>,
  vm: VmRecord,
): VmRecord[] {
  const seen = new Set([vm.id]);
  const queue = [vm.id];
  while (queue.length > 0) {
    const id = queue.pop() ?? '';
    for (const g of model.groups) {
      if (!g.vmsRule.enabled || !g.vmsRule.enforcing || !g.vmsRule.positive) continue;
      const m = groupMembers(model, g);
      if (!m.vmIds.has(id)) continue;
      for (const other of m.vmIds) {
        if (seen.has(other)) continue;
        seen.add(other);
        queue.push(other);
      }
    }
  }
  return [...seen]
    .map((id) => vms.get(id))
    .filter((v): v is VmRecord => v !== undefined && (v.id === vm.id || vmIsRunning(v)))
    .sort((a, b) => a.name.localeCompare(b.name));
}
