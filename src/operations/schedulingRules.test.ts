import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  planEvacuation,
  validatePlan,
  assignmentOf,
  type EvacuationInput,
  type EvacuationPlan,
  type PlannerHost,
  type PlannerVm,
} from './evacuationPlanner';
import type { PlannerAffinityGroup, SchedulingRules } from './schedulingRules';

const GIB = 1024 ** 3;

// ---- an independent checker of the hard rules (not the planner's own code) ---------------------

const RUNNING = new Set(['up', 'paused', 'powering_up', 'migrating', 'not_responding']);

function violations(input: EvacuationInput, plan: EvacuationPlan): string[] {
  const out: string[] = [];
  const host = new Map(input.hosts.map((h) => [h.id, h]));
  const vm = new Map(input.vms.map((v) => [v.id, v]));
  const final = new Map<string, string>();
  for (const v of input.vms) if (v.hostId && RUNNING.has(v.status)) final.set(v.id, v.hostId);
  for (const m of plan.moves) final.set(m.vmId, m.targetHostId);
  const count = new Map<string, number>();
  for (const h of final.values()) count.set(h, (count.get(h) ?? 0) + 1);
  const memIn = new Map<string, number>();
  for (const m of plan.moves)
    memIn.set(m.targetHostId, (memIn.get(m.targetHostId) ?? 0) + m.memory);
  const evacuated = new Set(input.evacuate);
  const groups = input.rules?.groups ?? [];
  for (const m of plan.moves) {
    const t = host.get(m.targetHostId);
    const src = host.get(m.sourceHostId);
    const v = vm.get(m.vmId);
    if (!t || !src || !v) {
      out.push(`${m.vmName}: unknown host`);
      continue;
    }
    if (t.status !== 'up' || evacuated.has(t.id)) out.push(`${v.name}: target not usable`);
    if (t.clusterId !== src.clusterId) out.push(`${v.name}: other cluster`);
    if (v.allowedHostIds?.length && !v.allowedHostIds.includes(t.id))
      out.push(`${v.name}: outside its pinning list`);
    if (v.migrationMode === 'pinned') out.push(`${v.name}: pinned VM moved`);
    if ((memIn.get(t.id) ?? 0) > t.freeMemory) out.push(`${t.name}: over memory`);
    const cap = input.rules?.maxVmsPerHost?.[t.clusterId];
    if (cap !== undefined && (count.get(t.id) ?? 0) > cap) out.push(`${t.name}: over VM cap`);
    for (const g of groups) {
      if (!g.vmIds.includes(v.id)) continue;
      if (g.vmsRule?.enforcing) {
        const partnerHosts = new Set(
          g.vmIds.filter((p) => p !== v.id && final.has(p)).map((p) => final.get(p)),
        );
        if (g.vmsRule.positive && partnerHosts.size > 0 && !partnerHosts.has(t.id))
          out.push(`${v.name}: separated from its positive group ${g.name}`);
        if (!g.vmsRule.positive && partnerHosts.has(t.id))
          out.push(`${v.name}: joins its negative group ${g.name}`);
      }
      if (g.hostsRule?.enforcing && g.hostIds.includes(t.id) !== g.hostsRule.positive)
        out.push(`${v.name}: breaks VM-to-host group ${g.name}`);
    }
  }
  return out;
}

// ---- random clusters --------------------------------------------------------------------------

const arbInput: fc.Arbitrary<EvacuationInput> = fc
  .record({
    hostCount: fc.integer({ min: 2, max: 7 }),
    clusters: fc.integer({ min: 1, max: 2 }),
    vmCount: fc.integer({ min: 0, max: 24 }),
    seed: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 200, maxLength: 200 }),
    groupCount: fc.integer({ min: 0, max: 6 }),
    cap: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
    evacuateCount: fc.integer({ min: 1, max: 2 }),
  })
  .map(({ hostCount, clusters, vmCount, seed, groupCount, cap, evacuateCount }) => {
    let i = 0;
    const r = (n: number): number => (seed[i++ % seed.length] ?? 0) % n;
    const hosts: PlannerHost[] = Array.from({ length: hostCount }, (_, h) => ({
      id: `h${String(h)}`,
      name: `host-${String(h)}`,
      clusterId: `c${String(h % clusters)}`,
      status: r(8) === 0 ? 'maintenance' : 'up',
      memory: 64 * GIB,
      freeMemory: (4 + r(40)) * GIB,
      cpuLoad: r(100),
    }));
    const vms: PlannerVm[] = Array.from({ length: vmCount }, (_, v) => {
      const hostId = `h${String(r(hostCount))}`;
      const vmObj: PlannerVm = {
        id: `v${String(v)}`,
        name: `vm-${String(v).padStart(2, '0')}`,
        hostId,
        status: r(10) === 0 ? 'down' : r(12) === 0 ? 'migrating' : 'up',
        memory: (1 + r(8)) * GIB,
      };
      if (r(10) === 0) vmObj.migrationMode = 'pinned';
      if (r(6) === 0) vmObj.allowedHostIds = [hostId, `h${String(r(hostCount))}`];
      return vmObj;
    });
    const groups: PlannerAffinityGroup[] = Array.from({ length: groupCount }, (_, g) => {
      const members = [
        ...new Set(Array.from({ length: 2 + r(3) }, () => `v${String(r(Math.max(1, vmCount)))}`)),
      ];
      const kind = r(3);
      return {
        id: `g${String(g)}`,
        name: `group-${String(g)}`,
        clusterId: 'c0',
        ...(kind !== 2 ? { vmsRule: { positive: r(2) === 0, enforcing: r(3) !== 0 } } : {}),
        ...(kind !== 0 ? { hostsRule: { positive: r(2) === 0, enforcing: r(3) !== 0 } } : {}),
        vmIds: members,
        hostIds: [`h${String(r(hostCount))}`, `h${String(r(hostCount))}`],
      };
    });
    const rules: SchedulingRules = {
      groups,
      ...(cap !== undefined ? { maxVmsPerHost: { c0: cap, c1: cap + 1 } } : {}),
    };
    const evacuate = Array.from({ length: evacuateCount }, () => `h${String(r(hostCount))}`);
    return { evacuate, hosts, vms, rules };
  });

function shuffled<T>(list: readonly T[], seed: number): T[] {
  const out = [...list];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

function outcome(plan: EvacuationPlan): unknown {
  return {
    moves: Object.entries(assignmentOf(plan)).sort(),
    blockers: plan.blockers.map((b) => [b.vmId, b.reason, b.rule?.kind ?? '']).sort(),
  };
}

describe('planner with scheduling rules (property tests)', () => {
  it('never breaks a hard rule nor goes over memory or the VM cap', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const plan = planEvacuation(input);
        expect(violations(input, plan)).toEqual([]);
        expect(plan.moves.filter((m) => m.issues.length > 0)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same plan whatever the order of hosts, VMs and groups', () => {
    fc.assert(
      fc.property(arbInput, fc.integer({ min: 1, max: 1_000_000 }), (input, seed) => {
        const a = planEvacuation(input);
        const b = planEvacuation({
          evacuate: shuffled(input.evacuate, seed),
          hosts: shuffled(input.hosts, seed + 1),
          vms: shuffled(input.vms, seed + 2),
          rules: { ...input.rules, groups: shuffled(input.rules?.groups ?? [], seed + 3) },
        });
        expect(outcome(b)).toEqual(outcome(a));
      }),
      { numRuns: 200 },
    );
  });

  it('validatePlan flags an admin choice that breaks a rule', () => {
    fc.assert(
      fc.property(arbInput, fc.integer({ min: 0, max: 1000 }), (input, pick) => {
        const plan = planEvacuation(input);
        const hosts = input.hosts.filter((h) => h.status === 'up');
        const move = plan.moves[pick % Math.max(1, plan.moves.length)];
        const other = hosts[pick % Math.max(1, hosts.length)];
        if (!move || !other) return;
        const changed = validatePlan(input, { ...assignmentOf(plan), [move.vmId]: other.id });
        // Whatever the admin picked: either the checker finds nothing, or the plan says invalid.
        if (violations(input, changed).length > 0) expect(changed.valid).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

// ---- the scenario an admin reads --------------------------------------------------------------

function fleet(): EvacuationInput {
  const h = (id: string, free = 64): PlannerHost => ({
    id,
    name: id,
    clusterId: 'c',
    status: 'up',
    memory: 128 * GIB,
    freeMemory: free * GIB,
  });
  const v = (name: string, hostId: string, extra: Partial<PlannerVm> = {}): PlannerVm => ({
    id: name,
    name,
    hostId,
    status: 'up',
    memory: 2 * GIB,
    ...extra,
  });
  return {
    evacuate: ['host-01'],
    hosts: [h('host-01'), h('host-02'), h('host-03'), h('host-04')],
    vms: [
      v('db-01', 'host-01'),
      v('db-02', 'host-01'),
      v('web-02', 'host-01'),
      v('web-03', 'host-02'),
      v('app-01', 'host-01'),
      v('mail-02', 'host-01', { allowedHostIds: ['host-01'] }),
      v('cache-01', 'host-01'),
      v('ci-02', 'host-04'),
    ],
    rules: {
      groups: [
        {
          id: '1',
          name: 'db-pair',
          clusterId: 'c',
          vmsRule: { positive: true, enforcing: true },
          vmIds: ['db-01', 'db-02'],
          hostIds: [],
        },
        {
          id: '2',
          name: 'web-spread',
          clusterId: 'c',
          vmsRule: { positive: false, enforcing: true },
          vmIds: ['web-02', 'web-03'],
          hostIds: [],
        },
        {
          id: '3',
          name: 'licensed',
          clusterId: 'c',
          hostsRule: { positive: true, enforcing: true },
          vmIds: ['app-01'],
          hostIds: ['host-01', 'host-03'],
        },
        {
          id: '4',
          name: 'cache-near-ci',
          clusterId: 'c',
          vmsRule: { positive: true, enforcing: false },
          vmIds: ['cache-01', 'ci-02'],
          hostIds: [],
        },
      ],
      maxVmsPerHost: { c: 6 },
    },
  };
}

describe('planner with scheduling rules (the scheduling scenario)', () => {
  it('moves a positive pair together as one closure, keeps negative partners apart, follows host rules and soft weights', () => {
    const plan = planEvacuation(fleet());
    const to = assignmentOf(plan);
    expect(to['db-01']).toBe(to['db-02']);
    const leader = plan.moves.find((m) => m.closure?.length);
    expect(leader?.closure).toHaveLength(1);
    expect(plan.moves.find((m) => m.movesWith === leader?.vmId)).toBeDefined();
    expect(to['web-02']).not.toBe('host-02');
    expect(to['app-01']).toBe('host-03');
    expect(to['cache-01']).toBe('host-04');
    expect(plan.blockers.map((b) => [b.vmName, b.reason])).toEqual([['mail-02', 'pinned']]);
  });

  it('names the rule and the group when a rule leaves no host', () => {
    const input = fleet();
    input.hosts = input.hosts.filter((h) => h.id !== 'host-03');
    input.rules = {
      ...input.rules,
      groups: input.rules?.groups ?? [],
      maxVmsPerHost: { c: 2 },
      policyNames: { c: 'capped' },
    };
    const plan = planEvacuation(input);
    const app = plan.blockers.find((b) => b.vmName === 'app-01');
    expect(app?.rule).toEqual({ kind: 'vm_host', group: 'licensed', positive: true });
    const capped = plan.blockers.filter((b) => b.rule?.kind === 'vm_cap');
    expect(capped.length).toBeGreaterThan(0);
    expect(capped[0]?.rule).toEqual({ kind: 'vm_cap', cap: 2, policy: 'capped' });
    const db = plan.blockers.find((b) => b.vmName === 'db-01');
    if (db) expect(db.together).toEqual({ group: 'db-pair', names: ['db-02'] });
  });

  it('keeps a VM with a positive partner that cannot move', () => {
    const input = fleet();
    input.vms = input.vms.map((v) =>
      v.id === 'db-02' ? { ...v, migrationMode: 'pinned' as const } : v,
    );
    const plan = planEvacuation(input);
    expect(plan.blockers.find((b) => b.vmName === 'db-01')?.rule).toEqual({
      kind: 'vm_positive',
      group: 'db-pair',
      others: ['db-02'],
    });
  });
});
