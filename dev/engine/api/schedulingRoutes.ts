/**
 * Read-only routes of the scheduler's configuration, shaped as the engine's mappers send them
 * (`SchedulingPolicyMapper`, `SchedulingPolicyUnitMapper`, `AffinityGroupMapper`,
 * `AffinityLabelMapper`):
 *
 * - `/schedulingpolicies[/{id}[/filters|weights|balances]]`, `/schedulingpolicyunits[/{id}]`
 * - `/clusters/{id}/affinitygroups[/{gid}[/vms|hosts]]`
 * - `/affinitylabels[/{id}[/vms|hosts]]`, `/vms/{id}/affinitylabels`, `/hosts/{id}/affinitylabels`
 */
import type { Engine } from '../model/engine';
import {
  POLICY_UNITS,
  SCHEDULING_POLICIES,
  type AffinityGroupRecord,
  type AffinityLabelRecord,
  type PolicyUnitRecord,
  type SchedulingPolicyRecord,
} from '../model/scheduling';
import { API, bool, links, ref, wrap, type Json } from '../model/wire';
import { emptyResponse, jsonResponse, type EngineHttpResponse } from './http';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function props(p: Record<string, string>): Json | undefined {
  const entries = Object.entries(p);
  return entries.length > 0
    ? { property: entries.map(([name, value]) => ({ name, value })) }
    : undefined;
}

export function schedulingPolicyWire(p: SchedulingPolicyRecord): Json {
  const base = `${API}/schedulingpolicies/${p.id}`;
  const w: Json = {
    default_policy: bool(p.defaultPolicy),
    locked: bool(p.locked),
    name: p.name,
    description: p.description,
    href: base,
    id: p.id,
    link: links(base, ['balances', 'clusters', 'filters', 'weights']),
  };
  const properties = props(p.properties);
  if (properties) w.properties = properties;
  return w;
}

export function policyUnitWire(u: PolicyUnitRecord): Json {
  const w: Json = {
    enabled: 'true',
    internal: bool(u.internal),
    type: u.type,
    name: u.name,
    description: u.description,
    href: `${API}/schedulingpolicyunits/${u.id}`,
    id: u.id,
  };
  const properties = props(u.properties);
  if (properties) w.properties = properties;
  return w;
}

function ruleWire(r: AffinityGroupRecord['vmsRule']): Json {
  return { enabled: bool(r.enabled), enforcing: bool(r.enforcing), positive: bool(r.positive) };
}

export function affinityGroupWire(g: AffinityGroupRecord): Json {
  const base = `${API}/clusters/${g.clusterId}/affinitygroups/${g.id}`;
  const w: Json = {
    broken: 'false',
    enforcing: bool(g.vmsRule.enforcing),
    hosts_rule: ruleWire(g.hostsRule),
    priority: String(g.priority),
    vms_rule: ruleWire(g.vmsRule),
    cluster: ref('clusters', g.clusterId),
    hosts: wrap(
      'host',
      g.hostIds.map((id) => ({ id })),
    ),
    host_labels: wrap(
      'affinity_label',
      g.hostLabelIds.map((id) => ({ id })),
    ),
    vms: wrap(
      'vm',
      g.vmIds.map((id) => ({ id })),
    ),
    vm_labels: wrap(
      'affinity_label',
      g.vmLabelIds.map((id) => ({ id })),
    ),
    name: g.name,
    description: g.description,
    href: base,
    id: g.id,
    link: links(base, ['hostlabels', 'hosts', 'vmlabels', 'vms']),
  };
  // `positive` is kept for API v4 compatibility, and only when the VM rule is enabled.
  if (g.vmsRule.enabled) w.positive = bool(g.vmsRule.positive);
  return w;
}

export function affinityLabelWire(l: AffinityLabelRecord): Json {
  const base = `${API}/affinitylabels/${l.id}`;
  return {
    has_implicit_affinity_group: 'false',
    read_only: 'false',
    name: l.name,
    href: base,
    id: l.id,
    link: links(base, ['hosts', 'vms']),
  };
}

function labelsWire(labels: AffinityLabelRecord[]): Json {
  return wrap(
    'affinity_label',
    [...labels].sort((a, b) => a.name.localeCompare(b.name)).map(affinityLabelWire),
  );
}

/** Answers a scheduling path, or undefined when the path is not one of them. */
export function routeScheduling(
  engine: Engine,
  method: string,
  segments: readonly string[],
): EngineHttpResponse | undefined {
  const [collection, id, sub, subId, leaf] = segments;
  const notFound = (): EngineHttpResponse => emptyResponse(404);
  const model = engine.scheduling;
  const isScheduling =
    collection === 'schedulingpolicies' ||
    collection === 'schedulingpolicyunits' ||
    collection === 'affinitylabels' ||
    (collection === 'clusters' && sub === 'affinitygroups') ||
    ((collection === 'vms' || collection === 'hosts') &&
      sub === 'affinitylabels' &&
      segments.length === 3);
  if (!isScheduling) return undefined;
  if (method !== 'GET') return emptyResponse(405);
  if (id !== undefined && !UUID.test(id)) return notFound();

  if (collection === 'schedulingpolicies') {
    if (id === undefined)
      return jsonResponse(
        200,
        wrap('scheduling_policy', SCHEDULING_POLICIES.map(schedulingPolicyWire)),
      );
    const p = SCHEDULING_POLICIES.find((x) => x.id === id);
    if (!p) return notFound();
    if (sub === undefined) return jsonResponse(200, schedulingPolicyWire(p));
    if (segments.length !== 3) return notFound();
    const base = `${API}/schedulingpolicies/${p.id}`;
    const unitRef = (unitId: string): Json => ref('schedulingpolicyunits', unitId);
    if (sub === 'filters')
      return jsonResponse(
        200,
        wrap(
          'filter',
          p.filters.map((u, i) => ({
            position: String(i === 0 ? -1 : 0),
            scheduling_policy: ref('schedulingpolicies', p.id),
            scheduling_policy_unit: unitRef(u),
            href: `${base}/filters/${u}`,
            id: u,
          })),
        ),
      );
    if (sub === 'weights')
      return jsonResponse(
        200,
        wrap(
          'weight',
          p.weights.map((w) => ({
            factor: String(w.factor),
            scheduling_policy: ref('schedulingpolicies', p.id),
            scheduling_policy_unit: unitRef(w.unitId),
            href: `${base}/weights/${w.unitId}`,
            id: w.unitId,
          })),
        ),
      );
    if (sub === 'balances')
      return jsonResponse(
        200,
        wrap(
          'balance',
          p.balance
            ? [
                {
                  scheduling_policy: ref('schedulingpolicies', p.id),
                  scheduling_policy_unit: unitRef(p.balance),
                  href: `${base}/balances/${p.balance}`,
                  id: p.balance,
                },
              ]
            : [],
        ),
      );
    return notFound();
  }

  if (collection === 'schedulingpolicyunits') {
    if (id === undefined)
      return jsonResponse(200, wrap('scheduling_policy_unit', POLICY_UNITS.map(policyUnitWire)));
    const u = POLICY_UNITS.find((x) => x.id === id);
    return u && sub === undefined ? jsonResponse(200, policyUnitWire(u)) : notFound();
  }

  if (collection === 'affinitylabels') {
    if (id === undefined) return jsonResponse(200, labelsWire(model.labels));
    const l = model.labels.find((x) => x.id === id);
    if (!l) return notFound();
    if (sub === undefined) return jsonResponse(200, affinityLabelWire(l));
    if (segments.length !== 3) return notFound();
    if (sub === 'vms')
      return jsonResponse(
        200,
        wrap(
          'vm',
          l.vmIds.map((v) => ref('vms', v)),
        ),
      );
    if (sub === 'hosts')
      return jsonResponse(
        200,
        wrap(
          'host',
          l.hostIds.map((h) => ref('hosts', h)),
        ),
      );
    return notFound();
  }

  if (collection === 'vms' || collection === 'hosts') {
    const exists =
      id !== undefined &&
      (collection === 'vms' ? engine.state.vms.has(id) : engine.state.hosts.has(id));
    if (!exists) return notFound();
    const key = collection === 'vms' ? 'vmIds' : 'hostIds';
    return jsonResponse(200, labelsWire(model.labels.filter((l) => l[key].includes(id))));
  }

  // clusters/{id}/affinitygroups
  if (id === undefined || !engine.state.clusters.has(id)) return notFound();
  const groups = model.groups
    .filter((g) => g.clusterId === id)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (subId === undefined)
    return jsonResponse(200, wrap('affinity_group', groups.map(affinityGroupWire)));
  if (!UUID.test(subId)) return notFound();
  const g = groups.find((x) => x.id === subId);
  if (!g) return notFound();
  if (leaf === undefined) return jsonResponse(200, affinityGroupWire(g));
  if (segments.length !== 5) return notFound();
  if (leaf === 'vms')
    return jsonResponse(
      200,
      wrap(
        'vm',
        g.vmIds.map((v) => ref('vms', v)),
      ),
    );
  if (leaf === 'hosts')
    return jsonResponse(
      200,
      wrap(
        'host',
        g.hostIds.map((h) => ref('hosts', h)),
      ),
    );
  return notFound();
}
