/**
 * The scheduler's configuration as the planners read it: which affinity rule is on, positive
 * and enforcing (a wrong flag lets the planner split a pair the engine keeps together, or keeps
 * a VM off hosts it may use), which VMs, hosts and labels a group holds, a policy's properties
 * (`MaxFreeMemoryForOverUtilized`, `HighUtilization`, ...) and a cluster's own values. Shapes
 * follow the engine's `AffinityGroupMapper` / `SchedulingPolicyMapper` output.
 */
import { describe, expect, it } from 'vitest';
import { ParseError } from './errors';
import {
  affinityGroupList,
  affinityLabelList,
  policyUnitIds,
  refIds,
  schedulingPolicyUnitList,
  toAffinityGroup,
  toAffinityLabel,
  toClusterScheduling,
  toSchedulingPolicy,
  toSchedulingPolicyUnit,
} from './scheduling';

const OFF = { enabled: false, positive: false, enforcing: false };

describe('affinity groups', () => {
  it('reads both rules, the members and the labels of an API v4 group', () => {
    const g = toAffinityGroup({
      id: 'g1',
      name: 'db-pair',
      description: 'keep the databases together',
      cluster: { id: 'c1', href: '/clusters/c1' },
      vms_rule: { enabled: 'true', positive: 'true', enforcing: 'false' },
      hosts_rule: { enabled: 'true', positive: 'false', enforcing: 'true' },
      vms: { vm: [{ id: 'vm1' }, { id: 'vm2' }] },
      hosts: { host: [{ id: 'h1' }] },
      vm_labels: { affinity_label: [{ id: 'l1' }] },
      host_labels: { affinity_label: [{ id: 'l2' }, { id: 'l3' }] },
      // v3 leftovers the engine still sends next to vms_rule: vms_rule wins.
      positive: 'false',
      enforcing: 'true',
    });
    expect(g).toEqual({
      id: 'g1',
      name: 'db-pair',
      description: 'keep the databases together',
      clusterId: 'c1',
      vmsRule: { enabled: true, positive: true, enforcing: false },
      hostsRule: { enabled: true, positive: false, enforcing: true },
      vmIds: ['vm1', 'vm2'],
      hostIds: ['h1'],
      vmLabelIds: ['l1'],
      hostLabelIds: ['l2', 'l3'],
    });
  });

  it('a group the engine sends bare has no rule on and no members', () => {
    expect(toAffinityGroup({ id: 'g2' })).toEqual({
      id: 'g2',
      name: '',
      vmsRule: OFF,
      hostsRule: OFF,
      vmIds: [],
      hostIds: [],
      vmLabelIds: [],
      hostLabelIds: [],
    });
    // Members that are not lists, rules that are not objects: nothing, never a crash.
    const odd = toAffinityGroup({
      id: 'g3',
      name: 7,
      description: '',
      cluster: 'c1',
      vms_rule: ['true'],
      hosts_rule: null,
      vms: { vm: { id: 'vm1' } },
      hosts: [{ id: 'h1' }],
      vm_labels: 'l1',
    });
    expect(odd).toEqual({ ...toAffinityGroup({ id: 'g3' }) });
    expect(odd).not.toHaveProperty('description');
    expect(odd).not.toHaveProperty('clusterId');
    expect(toAffinityGroup({ id: 'g4', cluster: { id: 5 } })).not.toHaveProperty('clusterId');
  });

  it('an API v3 group (no vms_rule): positive/enforcing describe an enabled VM rule', () => {
    const g = toAffinityGroup({
      id: 'g5',
      positive: 'false',
      enforcing: 'true',
    });
    expect(g.vmsRule).toEqual({
      enabled: true,
      positive: false,
      enforcing: true,
    });
    expect(g.hostsRule).toEqual(OFF);
    const soft = toAffinityGroup({ id: 'g6', positive: true });
    expect(soft.vmsRule).toEqual({
      enabled: true,
      positive: true,
      enforcing: false,
    });
    // Without `positive` either, the VM rule stays off.
    expect(toAffinityGroup({ id: 'g7', enforcing: 'true' }).vmsRule).toEqual(OFF);
  });

  it('refuses a group, a member or a label without an id', () => {
    expect(() => toAffinityGroup({ name: 'x' })).toThrow(ParseError);
    expect(() => toAffinityGroup({ id: '' })).toThrow('A affinity group without an id');
    expect(() => toAffinityGroup({ id: 'g', vms: { vm: [{ id: 'vm1' }, {}] } })).toThrow(
      'affinity group VM',
    );
    expect(() => toAffinityGroup({ id: 'g', hosts: { host: [{ id: 3 }] } })).toThrow(
      'affinity group host',
    );
    expect(() => toAffinityGroup({ id: 'g', vm_labels: { affinity_label: [null] } })).toThrow(
      'affinity label',
    );
    expect(() => toAffinityGroup({ id: 'g', host_labels: { affinity_label: ['l'] } })).toThrow(
      'A affinity label without an id',
    );
  });

  it('lists groups and labels from their collections', () => {
    expect(
      affinityGroupList({
        affinity_group: [{ id: 'a' }, { id: 'b', name: 'web' }],
      }).map((g) => g.name),
    ).toEqual(['', 'web']);
    expect(affinityGroupList({})).toEqual([]);
    expect(() => affinityGroupList('x')).toThrow('affinity groups');
    expect(affinityLabelList({ affinity_label: [{ id: 'l', name: 'licensed' }] })).toEqual([
      { id: 'l', name: 'licensed' },
    ]);
    expect(toAffinityLabel({ id: 'l', name: null })).toEqual({
      id: 'l',
      name: '',
    });
    expect(() => toAffinityLabel({ name: 'x' })).toThrow('A affinity label without an id');
    expect(() => affinityLabelList(3)).toThrow('affinity labels');
  });

  it("reads a label's VMs or hosts, refusing a reference without an id", () => {
    expect(refIds({ vm: [{ id: 'v1' }, { id: 'v2' }] }, 'vm')).toEqual(['v1', 'v2']);
    expect(refIds({ host: [{ id: 'h1' }] }, 'host')).toEqual(['h1']);
    expect(refIds({ vm: [{ id: 'v1' }] }, 'host')).toEqual([]);
    expect(() => refIds({ host: [{}] }, 'host')).toThrow('A host without an id');
    expect(() => refIds(1, 'vm')).toThrow('vms');
  });
});

describe('scheduling policies', () => {
  it('reads the flags and keeps only string-valued named properties', () => {
    const p = toSchedulingPolicy({
      id: 'p1',
      name: 'evenly_distributed',
      description: 'spread the load',
      locked: 'true',
      default_policy: 'true',
      properties: {
        property: [
          { name: 'HighUtilization', value: '80' },
          { name: 'CpuOverCommitDurationMinutes', value: '2' },
          { name: 'NoValue' },
          { value: '5' },
          { name: 'Number', value: 3 },
          null,
        ],
      },
    });
    expect(p).toEqual({
      id: 'p1',
      name: 'evenly_distributed',
      description: 'spread the load',
      locked: true,
      defaultPolicy: true,
      properties: { HighUtilization: '80', CpuOverCommitDurationMinutes: '2' },
    });
  });

  it('a bare policy is unlocked, not the default, with no properties', () => {
    const p = toSchedulingPolicy({
      id: 'p2',
      description: '',
      properties: { property: 'x' },
    });
    expect(p).toEqual({
      id: 'p2',
      name: '',
      locked: false,
      defaultPolicy: false,
      properties: {},
    });
    expect(toSchedulingPolicy({ id: 'p3', properties: [] }).properties).toEqual({});
    expect(() => toSchedulingPolicy({ name: 'none' })).toThrow('A scheduling policy without an id');
  });

  it('units are internal unless the engine says otherwise', () => {
    expect(toSchedulingPolicyUnit({ id: 'u1', name: 'Memory', type: 'filter' })).toEqual({
      id: 'u1',
      name: 'Memory',
      type: 'filter',
      internal: true,
    });
    expect(toSchedulingPolicyUnit({ id: 'u2', internal: 'false', type: 1 })).toEqual({
      id: 'u2',
      name: '',
      type: '',
      internal: false,
    });
    expect(
      schedulingPolicyUnitList({
        scheduling_policy_unit: [{ id: 'u3', name: 'CPU' }],
      }),
    ).toEqual([{ id: 'u3', name: 'CPU', type: '', internal: true }]);
    expect(() => schedulingPolicyUnitList(true)).toThrow('scheduling policy units');
    expect(() => toSchedulingPolicyUnit({})).toThrow('A scheduling policy unit without an id');
  });

  it("reads a policy's filters, weights and balances by unit id", () => {
    const body = {
      filter: [{ scheduling_policy_unit: { id: 'u1' } }, { scheduling_policy_unit: { id: 'u2' } }],
      weight: [{ scheduling_policy_unit: { id: 'u3' } }],
    };
    expect(policyUnitIds(body, 'filter')).toEqual(['u1', 'u2']);
    expect(policyUnitIds(body, 'weight')).toEqual(['u3']);
    expect(policyUnitIds(body, 'balance')).toEqual([]);
    expect(() => policyUnitIds({ balance: [{ id: 'b1' }] }, 'balance')).toThrow(
      'A scheduling policy unit without an id',
    );
    expect(() => policyUnitIds('x', 'weight')).toThrow('weights');
  });

  it("a cluster's policy and its own property values", () => {
    expect(
      toClusterScheduling({
        scheduling_policy: { id: 'p1' },
        custom_scheduling_policy_properties: {
          property: [{ name: 'MaxFreeMemoryForOverUtilized', value: '1024' }],
        },
      }),
    ).toEqual({
      policyId: 'p1',
      properties: { MaxFreeMemoryForOverUtilized: '1024' },
    });
    expect(toClusterScheduling({})).toEqual({ properties: {} });
    expect(toClusterScheduling({ scheduling_policy: { id: 1 } })).toEqual({
      properties: {},
    });
    expect(toClusterScheduling({ scheduling_policy: 'p1' })).toEqual({
      properties: {},
    });
  });
});
