/**
 * The evacuation record, made from a plan before anything runs (`createEvacuation`), and the
 * words for a plan's blockers (`blockerText`). Apart from `evacuationRunner.ts` so the pages that
 * only resume runs (every page, through `runners.ts`) do not load them.
 */
import { newCorrelationId } from './vmBulkRunner';
import type { OperationItem, OperationRecord } from './operationsStore';
import type { VmsMessageKey } from '../messages/vms';
import type { EvacuationBlocker, EvacuationPlan } from './evacuationPlanner';
import {
  deriveSteps,
  writeEvacuationMeta,
  type EvacuationDeps,
  type EvacuationHostRef,
  type EvacuationMeta,
  type HostsTranslate,
} from './evacuationRunner';

export function blockerText(t: HostsTranslate, b: EvacuationBlocker, memoryText: string): string {
  const text = reasonText(t, b, memoryText);
  return b.together && b.together.names.length > 0
    ? t('hosts.evac.together', {
        text,
        names: b.together.names.join(', '),
        group: b.together.group,
      })
    : text;
}

function ruleText(t: HostsTranslate, b: EvacuationBlocker): string {
  const r = b.rule;
  const others = r?.others?.join(', ') ?? '';
  const group = r?.group ?? '';
  switch (r?.kind) {
    case 'vm_positive':
      return t('hosts.evac.rule.vm_positive', { group, name: b.vmName, others });
    case 'vm_negative':
      return t('hosts.evac.rule.vm_negative', { group, name: b.vmName, others });
    case 'vm_host':
      return t(
        r.positive ? 'hosts.evac.rule.vm_host_positive' : 'hosts.evac.rule.vm_host_negative',
        {
          group,
          name: b.vmName,
        },
      );
    case 'vm_cap':
      return t('hosts.evac.rule.vm_cap', { cap: r.cap ?? 0, policy: r.policy ?? '' });
    case 'affinity_conflict':
      return t('hosts.evac.rule.affinity_conflict', { group, others });
    case 'engine':
      return t('hosts.evac.rule.engine', { host: r.host ?? '' });
    case 'he_spares':
      return t('hosts.evac.rule.he_spares', { spares: r.spares ?? 0 });
    default:
      return t('hosts.evac.reason.no_capacity', { memory: '' });
  }
}

function reasonText(t: HostsTranslate, b: EvacuationBlocker, memoryText: string): string {
  switch (b.reason) {
    case 'rule':
      return ruleText(t, b);
    case 'busy':
      return t('hosts.evac.reason.busy', {
        status: t(`vms.status.${b.status ?? 'unknown'}` as VmsMessageKey),
      });
    case 'no_capacity':
      return t('hosts.evac.reason.no_capacity', { memory: memoryText });
    default:
      return t(`hosts.evac.reason.${b.reason}`);
  }
}

/**
 * Creates the record for a plan: one `vm` item per move (pending) and per blocker (skipped, with
 * the reason), one `host` item per source host (pending: deactivate). Returns the operation id.
 */
export function createEvacuation(
  deps: Pick<EvacuationDeps, 'store' | 'storage' | 't'>,
  plan: EvacuationPlan,
  sources: readonly EvacuationHostRef[],
  hostNames: ReadonlyMap<string, string>,
  options: {
    now?: number;
    memoryText?: (bytes: number) => string;
    reason?: string;
    /** The record's title when it is not a maintenance (a cluster rebalance: no host items). */
    title?: string;
  } = {},
): string {
  const { t } = deps;
  const id = crypto.randomUUID();
  const correlationId = newCorrelationId();
  const now = options.now ?? Date.now();
  const meta: EvacuationMeta = {
    sources: {},
    targets: {},
    blocked: {},
    force: {},
    closure: {},
    movesWith: {},
  };
  // The maintenance reason the admin gave goes with each deactivate.
  const reason = options.reason?.trim();
  if (reason) meta.reason = reason;
  const items: OperationItem[] = [];
  const nextCorrelation = (): string => `${correlationId}-${items.length + 1}`;
  for (const m of plan.moves) {
    meta.sources[m.vmId] = m.sourceHostId;
    meta.targets[m.vmId] = m.targetHostId;
    if (m.manualOnly && meta.force) meta.force[m.vmId] = true;
    if (m.closure?.length && meta.closure) meta.closure[m.vmId] = [...m.closure];
    if (m.movesWith !== undefined && meta.movesWith) meta.movesWith[m.vmId] = m.movesWith;
    items.push({
      entity: 'vm',
      id: m.vmId,
      name: m.vmName,
      state: 'pending',
      target: hostNames.get(m.targetHostId) ?? m.targetHostId,
      correlationId: nextCorrelation(),
    });
  }
  for (const b of plan.blockers) {
    meta.sources[b.vmId] = b.sourceHostId;
    meta.blocked[b.sourceHostId] = (meta.blocked[b.sourceHostId] ?? 0) + 1;
    items.push({
      entity: 'vm',
      id: b.vmId,
      name: b.vmName,
      state: 'skipped',
      detail: blockerText(t, b, options.memoryText?.(b.memory) ?? String(b.memory)),
      correlationId: nextCorrelation(),
      finishedAt: now,
    });
  }
  for (const h of sources) {
    items.push({
      entity: 'host',
      id: h.id,
      name: h.name,
      state: 'pending',
      target: t('hosts.status.maintenance'),
      correlationId: nextCorrelation(),
    });
  }
  writeEvacuationMeta(deps.storage, id, meta);
  const record: OperationRecord = {
    id,
    kind: 'host-evacuate',
    title:
      options.title ?? t('hosts.evac.opTitle', { names: sources.map((s) => s.name).join(', ') }),
    correlationId,
    startedAt: now,
    state: 'running',
    items,
    steps: [],
  };
  record.steps = deriveSteps(record, t);
  deps.store.create(record);
  return id;
}
