import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clusterBalance,
  markOf,
  rebalanceTargets,
  suggestRebalance,
  thresholdsOf,
  validateRebalance,
  type BalanceHost,
  type BalanceVm,
  type RebalanceInput,
  type RebalancePlan,
} from './rebalancePlanner';
import type { PlannerAffinityGroup } from './schedulingRules';

const GIB = 1024 ** 3;
const RUNNING = new Set(['up', 'paused', 'powering_up', 'migrating']);

// ---- an independent checker of the hard rules (not the planner's own code) ---------------------

function violations(input: RebalanceInput, plan: RebalancePlan): string[] {
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
  const sources = new Set(plan.moves.map((m) => m.sourceHostId));
  const cap = input.rules?.maxVmsPerHost?.[input.clusterId];
  for (const m of plan.moves) {
    const t = host.get(m.targetHostId);
    const v = vm.get(m.vmId);
    if (!t || !v) {
      out.push(`${m.vmName}: unknown host or VM`);
      continue;
    }
    if (v.hostId !== m.sourceHostId) out.push(`${v.name}: wrong source`);
    if (t.status !== 'up') out.push(`${v.name}: target not up`);
    if (t.id === v.hostId) out.push(`${v.name}: moved to its own host`);
    if (v.allowedHostIds?.length && !v.allowedHostIds.includes(t.id))
      out.push(`${v.name}: outside its pinning list`);
    if (v.migrationMode === 'pinned') out.push(`${v.name}: pinned VM moved`);
    if (v.status !== 'up') out.push(`${v.name}: moved while ${v.status}`);
    // Moves may run in any order: a target's memory is what it has before any VM leaves it.
    if (sources.has(t.id)) out.push(`${t.name}: both sends and receives`);
    if ((memIn.get(t.id) ?? 0) > t.freeMemory) out.push(`${t.name}: over memory`);
    if (cap !== undefined && (count.get(t.id) ?? 0) > cap) out.push(`${t.name}: over VM cap`);
    for (const g of input.rules?.groups ?? []) {
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
  // HeSparesCount: hosts with room for the hosted-engine VM never drop below min(spares, before).
  const spares = Number(input.policy.properties.HeSparesCount ?? '0');
  const he = input.vms.find((v) => v.hostedEngine && v.hostId && RUNNING.has(v.status));
  if (spares > 0 && he) {
    const room = (free: (h: (typeof input.hosts)[number]) => number): number =>
      input.hosts.filter((h) => h.status === 'up' && h.id !== he.hostId && free(h) >= he.memory)
        .length;
    const memOut = new Map<string, number>();
    for (const m of plan.moves)
      memOut.set(m.sourceHostId, (memOut.get(m.sourceHostId) ?? 0) + m.memory);
    const before = room((h) => h.freeMemory);
    const after = room((h) => h.freeMemory - (memIn.get(h.id) ?? 0) + (memOut.get(h.id) ?? 0));
    if (after < Math.min(spares, before))
      out.push(`HeSparesCount: ${String(after)} < ${String(before)}`);
  }
  return out;
}

/** The moves as a sorted list of "vm→host": what order independence compares. */
function movesOf(plan: RebalancePlan): string[] {
  return plan.moves.map((m) => `${m.vmId}>${m.targetHostId}`).sort();
}

function shuffled<T>(list: readonly T[], seed: number): T[] {
  const out = [...list];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

// ---- random clusters --------------------------------------------------------------------------

const POLICIES = ['evenly_distributed', 'power_saving', 'vm_evenly_distributed'] as const;

const arbCluster: fc.Arbitrary<RebalanceInput> = fc
  .record({
    hostCount: fc.integer({ min: 2, max: 7 }),
    vmCount: fc.integer({ min: 0, max: 30 }),
    seed: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 300, maxLength: 300 }),
    groupCount: fc.integer({ min: 0, max: 6 }),
    labelled: fc.boolean(),
    cap: fc.option(fc.integer({ min: 2, max: 10 }), { nil: undefined }),
    policy: fc.constantFrom(...POLICIES),
    heSpares: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ hostCount, vmCount, seed, groupCount, labelled, cap, policy, heSpares }) => {
    let i = 0;
    const r = (n: number): number => (seed[i++ % seed.length] ?? 0) % n;
    const hosts: BalanceHost[] = Array.from({ length: hostCount }, (_, h) => ({
      id: `h${String(h)}`,
      name: `host-${String(h)}`,
      status: r(8) === 0 ? 'maintenance' : 'up',
      memory: 64 * GIB,
      freeMemory: (2 + r(40)) * GIB,
      cpuLoad: r(100),
      cpuThreads: 8 + 8 * r(3),
      ...(h === 0 ? { spm: true } : {}),
    }));
    const vms: BalanceVm[] = Array.from({ length: vmCount }, (_, v) => {
      const hostId = `h${String(r(hostCount))}`;
      const vm: BalanceVm = {
        id: `v${String(v)}`,
        name: `vm-${String(v).padStart(2, '0')}`,
        hostId,
        status: r(10) === 0 ? 'down' : r(12) === 0 ? 'migrating' : 'up',
        memory: (1 + r(6)) * GIB,
        cpuUse: r(40) / 10,
      };
      if (r(10) === 0) vm.migrationMode = 'pinned';
      if (r(6) === 0) vm.allowedHostIds = [hostId, `h${String(r(hostCount))}`];
      return vm;
    });
    // With spares wanted, the first VM is the hosted engine (8–16 GiB).
    const first = vms[0];
    if (heSpares > 0 && first)
      Object.assign(first, { hostedEngine: true, memory: (8 + r(9)) * GIB });
    const groups: PlannerAffinityGroup[] = Array.from({ length: groupCount }, (_, g) => {
      const members = [
        ...new Set(Array.from({ length: 2 + r(3) }, () => `v${String(r(Math.max(1, vmCount)))}`)),
      ];
      const kind = r(3);
      return {
        id: `g${String(g)}`,
        name: `group-${String(g)}`,
        clusterId: 'c',
        ...(kind !== 2 ? { vmsRule: { positive: r(2) === 0, enforcing: r(3) !== 0 } } : {}),
        ...(kind !== 0 ? { hostsRule: { positive: r(2) === 0, enforcing: r(3) !== 0 } } : {}),
        vmIds: members,
        // Labels are flattened into the group's hosts before the planner sees them.
        hostIds: labelled
          ? hosts.filter((_, k) => k % 2 === g % 2).map((h) => h.id)
          : [`h${String(r(hostCount))}`, `h${String(r(hostCount))}`],
      };
    });
    const properties: Record<string, string> =
      policy === 'vm_evenly_distributed'
        ? { HighVmCount: String(2 + r(6)), SpmVmGrace: String(r(3)) }
        : {
            HighUtilization: String(50 + r(40)),
            LowUtilization: String(r(30)),
            MaxFreeMemoryForOverUtilized: String(1024 * (1 + r(4))),
            HeSparesCount: String(heSpares),
          };
    return {
      clusterId: 'c',
      hosts,
      vms,
      policy: {
        name: policy,
        properties,
      },
      rules: { groups, ...(cap !== undefined ? { maxVmsPerHost: { c: cap } } : {}) },
    };
  });

/**
 * A cluster where a solution is known to exist: every host but the first carries light load; the
 * first got extra VMs (some in negative or positive enforcing groups) that any other host can take.
 */
const arbSolvable: fc.Arbitrary<RebalanceInput> = fc
  .record({
    hostCount: fc.integer({ min: 3, max: 8 }),
    extra: fc.integer({ min: 1, max: 8 }),
    seed: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 100, maxLength: 100 }),
    negative: fc.boolean(),
    pair: fc.boolean(),
  })
  .map(({ hostCount, extra, seed, negative, pair }) => {
    let i = 0;
    const r = (n: number): number => (seed[i++ % seed.length] ?? 0) % n;
    const hosts: BalanceHost[] = Array.from({ length: hostCount }, (_, h) => ({
      id: `h${String(h)}`,
      name: `host-${String(h)}`,
      status: 'up',
      memory: 256 * GIB,
      freeMemory: 200 * GIB,
      cpuLoad: 10 + r(20),
      cpuThreads: 16,
    }));
    const vms: BalanceVm[] = [];
    // Each extra VM: 8–10 % of a 16-thread host. The first host ends over 80 %.
    const first = hosts[0];
    if (first) first.cpuLoad = 81;
    for (let v = 0; v < extra; v++) {
      vms.push({
        id: `x${String(v)}`,
        name: `extra-${String(v)}`,
        hostId: 'h0',
        status: 'up',
        memory: (1 + r(4)) * GIB,
        cpuUse: 1.3 + r(3) / 10,
      });
    }
    const groups: PlannerAffinityGroup[] = [];
    const ids = vms.map((v) => v.id);
    if (negative && ids.length >= 2) {
      groups.push({
        id: 'gn',
        name: 'spread',
        clusterId: 'c',
        vmsRule: { positive: false, enforcing: true },
        vmIds: ids.slice(0, Math.min(ids.length, hostCount)),
        hostIds: [],
      });
    }
    if (pair && ids.length >= 2 && !negative) {
      groups.push({
        id: 'gp',
        name: 'pair',
        clusterId: 'c',
        vmsRule: { positive: true, enforcing: true },
        vmIds: ids.slice(-2),
        hostIds: [],
      });
    }
    return {
      clusterId: 'c',
      hosts,
      vms,
      policy: { name: 'evenly_distributed', properties: { HighUtilization: '80' } },
      rules: { groups },
    };
  });

describe('suggestRebalance (properties)', () => {
  it('never breaks a hard rule nor goes over capacity, and its moves are valid', () => {
    fc.assert(
      fc.property(arbCluster, (input) => {
        const plan = suggestRebalance(input);
        expect(violations(input, plan)).toEqual([]);
        expect(plan.moves.every((m) => m.issues.length === 0)).toBe(true);
        const ids = plan.moves.map((m) => m.vmId);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 400 },
    );
  });

  it('does not depend on the order of hosts, VMs and groups', () => {
    fc.assert(
      fc.property(arbCluster, fc.integer(), (input, seed) => {
        const again: RebalanceInput = {
          ...input,
          hosts: shuffled(input.hosts, seed),
          vms: shuffled(input.vms, seed + 1),
          rules: { ...input.rules, groups: shuffled(input.rules?.groups ?? [], seed + 2) },
        };
        expect(movesOf(suggestRebalance(again))).toEqual(movesOf(suggestRebalance(input)));
      }),
      { numRuns: 300 },
    );
  });

  it('brings every host within the thresholds when a solution exists', () => {
    fc.assert(
      fc.property(arbSolvable, (input) => {
        const plan = suggestRebalance(input);
        expect(violations(input, plan)).toEqual([]);
        expect(plan.balanced).toBe(true);
        for (const row of plan.hosts) expect(row.after.cpu).toBeLessThanOrEqual(80);
      }),
      { numRuns: 300 },
    );
  });

  it('an admin edit that breaks a rule is marked, and dropping a move keeps the others', () => {
    fc.assert(
      fc.property(arbSolvable, (input) => {
        const plan = suggestRebalance(input);
        const assignment: Record<string, string> = {};
        for (const m of plan.moves) assignment[m.vmId] = m.targetHostId;
        const again = validateRebalance(input, plan, assignment);
        expect(movesOf(again)).toEqual(movesOf(plan));
        expect(again.valid).toBe(true);
        const [dropped] = plan.moves;
        if (dropped && dropped.closure === undefined && dropped.movesWith === undefined) {
          const rest = Object.fromEntries(
            Object.entries(assignment).filter(([id]) => id !== dropped.vmId),
          );
          const less = validateRebalance(input, plan, rest);
          expect(less.moves).toHaveLength(plan.moves.length - 1);
        }
      }),
      { numRuns: 100 },
    );
  });
});

// ---- examples ---------------------------------------------------------------------------------

function host(id: string, cpuLoad: number, extra: Partial<BalanceHost> = {}): BalanceHost {
  return {
    id,
    name: id,
    status: 'up',
    memory: 64 * GIB,
    freeMemory: 40 * GIB,
    cpuLoad,
    cpuThreads: 10,
    ...extra,
  };
}

function vm(id: string, hostId: string, cpuUse: number, extra: Partial<BalanceVm> = {}): BalanceVm {
  return { id, name: id, hostId, status: 'up', memory: 4 * GIB, cpuUse, ...extra };
}

describe('suggestRebalance (examples)', () => {
  const base: RebalanceInput = {
    clusterId: 'c',
    hosts: [host('a', 95), host('b', 20), host('c', 30)],
    vms: [vm('v1', 'a', 3), vm('v2', 'a', 2), vm('v3', 'a', 1)],
    policy: { name: 'evenly_distributed', properties: { HighUtilization: '80' } },
  };

  it('moves the fewest VMs: one big VM rather than two small ones', () => {
    const plan = suggestRebalance(base);
    expect(plan.moves.map((m) => [m.vmId, m.targetHostId])).toEqual([['v2', 'b']]);
    const a = plan.hosts.find((h) => h.hostId === 'a');
    expect(a?.before.mark).toBe('over');
    expect(a?.after.cpu).toBeCloseTo(75);
    expect(a?.after.mark).toBe('ok');
    expect(plan.balanced).toBe(true);
  });

  it('keeps VMs of a negative enforcing group apart', () => {
    const plan = suggestRebalance({
      ...base,
      hosts: [host('a', 95), host('b', 20), host('c', 70)],
      vms: [...base.vms, vm('w', 'b', 0.5)],
      rules: {
        groups: [
          {
            id: 'g',
            name: 'spread',
            clusterId: 'c',
            vmsRule: { positive: false, enforcing: true },
            vmIds: ['v2', 'w'],
            hostIds: [],
          },
        ],
      },
    });
    expect(plan.moves.find((m) => m.vmId === 'v2')?.targetHostId).not.toBe('b');
    expect(plan.balanced).toBe(true);
  });

  it('marks an admin edit that puts a VM next to its negative-affinity partner', () => {
    const input: RebalanceInput = {
      ...base,
      hosts: [host('a', 95), host('b', 20), host('c', 70)],
      vms: [...base.vms, vm('w', 'b', 0.5)],
      rules: {
        groups: [
          {
            id: 'g',
            name: 'spread',
            clusterId: 'c',
            vmsRule: { positive: false, enforcing: true },
            vmIds: ['v1', 'v2', 'v3', 'w'],
            hostIds: [],
          },
        ],
      },
    };
    const plan = suggestRebalance(input);
    const [moved] = plan.moves;
    expect(moved?.targetHostId).toBe('c');
    expect(moved?.issues).toEqual([]);
    // The admin sends it to b, where w runs: the plan says which rule that breaks.
    const id = moved?.vmId ?? '';
    const edited = validateRebalance(input, plan, { [id]: 'b' });
    expect(edited.moves.find((m) => m.vmId === id)?.issues).toContain('affinity_negative');
    expect(edited.valid).toBe(false);
  });

  it('moves a positive enforcing pair together, as one closure', () => {
    const plan = suggestRebalance({
      ...base,
      vms: [vm('v1', 'a', 1), vm('v2', 'a', 1), vm('v3', 'a', 0.5)],
      hosts: [host('a', 99), host('b', 10), host('c', 30)],
      rules: {
        groups: [
          {
            id: 'g',
            name: 'pair',
            clusterId: 'c',
            vmsRule: { positive: true, enforcing: true },
            vmIds: ['v1', 'v2'],
            hostIds: [],
          },
        ],
      },
    });
    const pair = plan.moves.filter((m) => m.vmId === 'v1' || m.vmId === 'v2');
    expect(pair).toHaveLength(2);
    expect(new Set(pair.map((m) => m.targetHostId)).size).toBe(1);
    expect(pair.find((m) => m.vmId === 'v1')?.closure).toEqual(['v2']);
    expect(pair.find((m) => m.vmId === 'v2')?.movesWith).toBe('v1');
  });

  it('says which host is stuck and why when no VM may leave it', () => {
    const plan = suggestRebalance({
      ...base,
      vms: base.vms.map((v) => ({ ...v, migrationMode: 'pinned' as const })),
    });
    expect(plan.moves).toEqual([]);
    expect(plan.balanced).toBe(false);
    expect(plan.stuck.map((s) => s.hostId)).toEqual(['a']);
  });

  it('honours the cap on VMs per host', () => {
    const plan = suggestRebalance({
      ...base,
      vms: [...base.vms, vm('b1', 'b', 0.1), vm('c1', 'c', 0.1)],
      rules: { groups: [], maxVmsPerHost: { c: 1 } },
    });
    expect(plan.moves).toEqual([]);
    expect(plan.stuck[0]?.rule?.kind).toBe('vm_cap');
  });

  it('keeps HeSparesCount hosts with room for the hosted engine', () => {
    const input: RebalanceInput = {
      clusterId: 'c',
      hosts: [
        host('a', 95, { freeMemory: 2 * GIB }),
        host('b', 20, { freeMemory: 10 * GIB }),
        host('c', 90),
      ],
      vms: [
        vm('he', 'c', 0.1, { hostedEngine: true, memory: 8 * GIB }),
        vm('v1', 'a', 3, { memory: 4 * GIB }),
      ],
      policy: {
        name: 'evenly_distributed',
        properties: { HighUtilization: '80', HeSparesCount: '1' },
      },
    };
    const plan = suggestRebalance(input);
    expect(plan.moves).toEqual([]);
    const without = suggestRebalance({
      ...input,
      policy: { name: 'evenly_distributed', properties: { HighUtilization: '80' } },
    });
    expect(without.moves.map((m) => m.targetHostId)).toEqual(['b']);
  });

  it('power saving empties an under-utilized host into the others', () => {
    const plan = suggestRebalance({
      clusterId: 'c',
      hosts: [host('a', 5), host('b', 40), host('c', 50)],
      vms: [vm('v1', 'a', 0.2), vm('b1', 'b', 1)],
      policy: {
        name: 'power_saving',
        properties: { HighUtilization: '80', LowUtilization: '20' },
      },
    });
    expect(plan.moves.map((m) => m.vmId)).toEqual(['v1']);
    expect(plan.hosts.find((h) => h.hostId === 'a')?.after.vmCount).toBe(0);
  });

  it('vm_evenly_distributed counts VMs, the SPM with its grace', () => {
    const plan = suggestRebalance({
      clusterId: 'c',
      hosts: [host('a', 10, { spm: true }), host('b', 10)],
      vms: [vm('v1', 'a', 0), vm('v2', 'a', 0), vm('v3', 'a', 0)],
      policy: { name: 'vm_evenly_distributed', properties: { HighVmCount: '3', SpmVmGrace: '1' } },
    });
    expect(plan.moves).toHaveLength(1);
    expect(plan.balanced).toBe(true);
  });

  it('a policy that does not balance marks and moves nothing', () => {
    const plan = suggestRebalance({ ...base, policy: { name: 'none', properties: {} } });
    expect(plan.moves).toEqual([]);
    expect(plan.hosts.every((h) => h.before.mark === 'unbalanced')).toBe(true);
    expect(clusterBalance(base).hosts.find((h) => h.hostId === 'a')?.before.mark).toBe('over');
  });
});

describe('thresholds and marks', () => {
  it('reads the engine property names, with the engine defaults', () => {
    expect(thresholdsOf({ name: 'evenly_distributed', properties: {} })).toMatchObject({
      kind: 'cpu_memory',
      high: 80,
      heSparesCount: 0,
    });
    expect(
      thresholdsOf({
        name: 'custom',
        balanceUnit: 'OptimalForPowerSaving',
        properties: { HighUtilization: '70', MinFreeMemoryForUnderUtilized: '4096' },
      }),
    ).toMatchObject({ kind: 'cpu_memory', high: 70, low: 20, minFreeMemoryForUnderUtilized: 4096 });
    expect(thresholdsOf({ name: 'vm_evenly_distributed', properties: {} })).toMatchObject({
      kind: 'vm_count',
      highVmCount: 10,
      spmVmGrace: 5,
    });
  });

  it('marks memory over-utilization by MaxFreeMemoryForOverUtilized (MB)', () => {
    const th = thresholdsOf({
      name: 'evenly_distributed',
      properties: { MaxFreeMemoryForOverUtilized: '2048' },
    });
    expect(markOf(th, { status: 'up' }, 10, 1 * GIB, 3)).toBe('over');
    expect(markOf(th, { status: 'up' }, 10, 3 * GIB, 3)).toBe('ok');
    expect(markOf(th, { status: 'maintenance' }, 99, 0, 3)).toBe('not_up');
  });

  it('offers as targets the up hosts its pinning list allows, by name', () => {
    const input: RebalanceInput = {
      clusterId: 'c',
      hosts: [host('c', 1), host('b', 1), host('a', 1), host('d', 1, { status: 'maintenance' })],
      vms: [vm('v', 'a', 1, { allowedHostIds: ['a', 'c', 'd'] })],
      policy: { name: 'evenly_distributed', properties: {} },
    };
    expect(rebalanceTargets(input, 'v').map((h) => h.id)).toEqual(['c']);
  });
});
