/**
 * The `scheduling` scenario: the evacuation fleet (12 running VMs on host-01, two on each other
 * host) with the rules an evacuation of host-01 must respect:
 *
 * - `db-pair`: db-01 and db-02 (both on host-01), VM affinity positive, enforcing: they move
 *   together (or with `check_vms_in_affinity_closure`);
 * - `web-spread`: web-01 (down), web-02 (host-01), web-03 (host-02), web-04 (host-03), web-05
 *   (host-04), VM affinity negative, enforcing: web-02 has no host left, a named blocker;
 * - `licensed`: app-01, app-02 to the hosts labelled `licensed-hosts` (host-01, host-03), VM-to-host
 *   positive, enforcing: they can only go to host-03;
 * - `cache-near-db`: cache-01 with db-01, positive but not enforcing (a weight only);
 * - mail-02 may run only on host-01 (`placement_policy.hosts`): it cannot leave;
 * - build-02 may run on host-01 or host-04;
 * - the cluster runs the custom policy `evenly_distributed_capped`: at most 6 running VMs per host
 *   (the external `max_vms` filter).
 */
import type { Random } from './random';
import {
  POLICY,
  type AffinityGroupRecord,
  type AffinityRuleRecord,
  type SchedulingModel,
} from './scheduling';
import type { ClusterRecord, HostRecord, VmRecord } from './types';

const OFF: AffinityRuleRecord = { enabled: false, positive: false, enforcing: false };

export function seedScheduling(
  fleet: { clusters: ClusterRecord[]; hosts: HostRecord[]; vms: VmRecord[] },
  random: Random,
): SchedulingModel {
  const cluster = fleet.clusters[0];
  if (!cluster) return { groups: [], labels: [] };
  cluster.schedulingPolicyId = POLICY.cappedEvenlyDistributed;
  cluster.schedulingProperties = {
    HighUtilization: '80',
    LowUtilization: '20',
    CpuOverCommitDurationMinutes: '2',
    HeSparesCount: '0',
    maximum_vm_count: '6',
  };
  // Two more web front ends, one on each of host-03 and host-04.
  for (const [from, to] of [
    ['test-02', 'web-04'],
    ['mon-02', 'web-05'],
  ] as const) {
    const v = fleet.vms.find((x) => x.name === from);
    if (v) v.name = to;
  }
  const vm = (name: string): string => fleet.vms.find((v) => v.name === name)?.id ?? '';
  const host = (name: string): string => fleet.hosts.find((h) => h.name === name)?.id ?? '';
  const byName = (name: string): VmRecord | undefined => fleet.vms.find((v) => v.name === name);

  const licensed = {
    id: random.uuid(),
    name: 'licensed-hosts',
    vmIds: [],
    hostIds: [host('host-01'), host('host-03')],
  };
  const dbTier = {
    id: random.uuid(),
    name: 'tier-db',
    vmIds: [vm('db-01'), vm('db-02'), vm('db-03')],
    hostIds: [],
  };

  const group = (
    name: string,
    description: string,
    rules: { vms?: AffinityRuleRecord; hosts?: AffinityRuleRecord },
    members: Partial<
      Pick<AffinityGroupRecord, 'vmIds' | 'hostIds' | 'vmLabelIds' | 'hostLabelIds'>
    >,
  ): AffinityGroupRecord => ({
    id: random.uuid(),
    name,
    description,
    clusterId: cluster.id,
    priority: 1,
    vmsRule: rules.vms ?? OFF,
    hostsRule: rules.hosts ?? OFF,
    vmIds: members.vmIds ?? [],
    hostIds: members.hostIds ?? [],
    vmLabelIds: members.vmLabelIds ?? [],
    hostLabelIds: members.hostLabelIds ?? [],
  });

  const groups = [
    group(
      'db-pair',
      'Database primary and replica',
      { vms: { enabled: true, positive: true, enforcing: true } },
      { vmIds: [vm('db-01'), vm('db-02')] },
    ),
    group(
      'web-spread',
      'Web front ends on separate hosts',
      { vms: { enabled: true, positive: false, enforcing: true } },
      { vmIds: [vm('web-01'), vm('web-02'), vm('web-03'), vm('web-04'), vm('web-05')] },
    ),
    group(
      'licensed',
      'Application servers on licensed hosts',
      { hosts: { enabled: true, positive: true, enforcing: true } },
      { vmIds: [vm('app-01'), vm('app-02')], hostLabelIds: [licensed.id] },
    ),
    group(
      'cache-near-db',
      'Cache close to the database (preferred)',
      { vms: { enabled: true, positive: true, enforcing: false } },
      { vmIds: [vm('cache-01'), vm('db-01')] },
    ),
  ];

  const mail = byName('mail-02');
  if (mail) mail.placementHostIds = [host('host-01')];
  const build = byName('build-02');
  if (build) build.placementHostIds = [host('host-01'), host('host-04')];

  return { groups, labels: [licensed, dbTier] };
}

/**
 * The `balance` scenario: the scheduling fleet with steady CPU loads. Every VM on host-01 has
 * 4 vCPUs at 60 % (12 × 60 % × 4 / 32 threads: about 91 % with the host's own use), above the
 * policy's HighUtilization (80); the others run at 10 %. Suggesting a rebalance moves two of
 * host-01's VMs (or the db pair) away; the rules of `seedScheduling` still hold.
 */
export function seedBalance(fleet: { hosts: HostRecord[]; vms: VmRecord[] }): void {
  const first = fleet.hosts[0];
  for (const vm of fleet.vms) {
    if (vm.status !== 'up' && vm.status !== 'paused') continue;
    if (vm.hostId === first?.id) {
      vm.sockets = 1;
      vm.cores = 4;
      vm.threads = 1;
      vm.cpuFixed = 60;
    } else {
      vm.cpuFixed = 10;
    }
  }
}
