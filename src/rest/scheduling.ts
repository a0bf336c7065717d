/**
 * What the engine's scheduler is configured with, as read-only view models: affinity groups and
 * labels, scheduling policies with their units and properties, a cluster's policy. Mappers follow
 * the engine's `AffinityGroupMapper`, `AffinityLabelMapper`, `SchedulingPolicyMapper`.
 */
import { ParseError } from './errors';
import { bool, collection } from './mappers';
import type { RefWire } from './wire';

export interface AffinityRuleView {
  enabled: boolean;
  positive: boolean;
  enforcing: boolean;
}

export interface AffinityGroup {
  id: string;
  name: string;
  description?: string;
  clusterId?: string;
  vmsRule: AffinityRuleView;
  hostsRule: AffinityRuleView;
  vmIds: string[];
  hostIds: string[];
  vmLabelIds: string[];
  hostLabelIds: string[];
}

export interface AffinityLabel {
  id: string;
  name: string;
}

export interface SchedulingPolicy {
  id: string;
  name: string;
  description?: string;
  locked: boolean;
  defaultPolicy: boolean;
  properties: Record<string, string>;
}

export interface SchedulingPolicyUnit {
  id: string;
  name: string;
  type: string;
  internal: boolean;
}

export interface ClusterScheduling {
  policyId?: string;
  /** `custom_scheduling_policy_properties`: the cluster's own values. */
  properties: Record<string, string>;
}

type Wire = Record<string, unknown>;

function isObject(v: unknown): v is Wire {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function id(wire: unknown, what: string): string {
  if (!isObject(wire) || typeof wire.id !== 'string' || wire.id === '')
    throw new ParseError(`A ${what} without an id`);
  return wire.id;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function rule(v: unknown): AffinityRuleView {
  const r = isObject(v) ? v : {};
  return {
    enabled: bool(r.enabled),
    positive: bool(r.positive),
    enforcing: bool(r.enforcing),
  };
}

function ids(v: unknown, key: string, what: string): string[] {
  if (!isObject(v)) return [];
  const list = v[key];
  return Array.isArray(list) ? list.map((x) => id(x, what)) : [];
}

function properties(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const list = isObject(v) ? v.property : undefined;
  if (!Array.isArray(list)) return out;
  for (const p of list as unknown[]) {
    if (isObject(p) && typeof p.name === 'string' && typeof p.value === 'string')
      out[p.name] = p.value;
  }
  return out;
}

export function toAffinityGroup(wire: Wire): AffinityGroup {
  const cluster = wire.cluster as RefWire | undefined;
  const out: AffinityGroup = {
    id: id(wire, 'affinity group'),
    name: text(wire.name) ?? '',
    vmsRule: rule(wire.vms_rule),
    hostsRule: rule(wire.hosts_rule),
    vmIds: ids(wire.vms, 'vm', 'affinity group VM'),
    hostIds: ids(wire.hosts, 'host', 'affinity group host'),
    vmLabelIds: ids(wire.vm_labels, 'affinity_label', 'affinity label'),
    hostLabelIds: ids(wire.host_labels, 'affinity_label', 'affinity label'),
  };
  // API v3-style groups (no `vms_rule`): `positive`/`enforcing` describe the VM rule.
  if (wire.vms_rule === undefined && wire.positive !== undefined) {
    out.vmsRule = {
      enabled: true,
      positive: bool(wire.positive),
      enforcing: bool(wire.enforcing),
    };
  }
  const description = text(wire.description);
  if (description) out.description = description;
  if (isObject(cluster) && typeof cluster.id === 'string') out.clusterId = cluster.id;
  return out;
}

export function toAffinityLabel(wire: Wire): AffinityLabel {
  return { id: id(wire, 'affinity label'), name: text(wire.name) ?? '' };
}

export function toSchedulingPolicy(wire: Wire): SchedulingPolicy {
  const out: SchedulingPolicy = {
    id: id(wire, 'scheduling policy'),
    name: text(wire.name) ?? '',
    locked: bool(wire.locked),
    defaultPolicy: bool(wire.default_policy),
    properties: properties(wire.properties),
  };
  const description = text(wire.description);
  if (description) out.description = description;
  return out;
}

export function toSchedulingPolicyUnit(wire: Wire): SchedulingPolicyUnit {
  return {
    id: id(wire, 'scheduling policy unit'),
    name: text(wire.name) ?? '',
    type: text(wire.type) ?? '',
    internal: bool(wire.internal, true),
  };
}

/** The unit ids of a policy's `filters` (or `weights`, `balances`) sub-collection. */
export function policyUnitIds(body: unknown, key: 'filter' | 'weight' | 'balance'): string[] {
  return collection(body, key, `${key}s`, (w: Wire) =>
    id(w.scheduling_policy_unit, 'scheduling policy unit'),
  );
}

export function toClusterScheduling(wire: Wire): ClusterScheduling {
  const policy = wire.scheduling_policy;
  const out: ClusterScheduling = {
    properties: properties(wire.custom_scheduling_policy_properties),
  };
  if (isObject(policy) && typeof policy.id === 'string') out.policyId = policy.id;
  return out;
}

export function affinityGroupList(body: unknown): AffinityGroup[] {
  return collection(body, 'affinity_group', 'affinity groups', toAffinityGroup);
}

export function affinityLabelList(body: unknown): AffinityLabel[] {
  return collection(body, 'affinity_label', 'affinity labels', toAffinityLabel);
}

export function refIds(body: unknown, key: 'vm' | 'host'): string[] {
  return collection(body, key, `${key}s`, (w: Wire) => id(w, key));
}

export function schedulingPolicyUnitList(body: unknown): SchedulingPolicyUnit[] {
  return collection(
    body,
    'scheduling_policy_unit',
    'scheduling policy units',
    toSchedulingPolicyUnit,
  );
}
