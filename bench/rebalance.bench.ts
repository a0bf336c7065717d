/**
 * Rebalance suggestion for one cluster: 1,000 running VMs on 100 hosts, a fifth of the hosts over
 * the policy's CPU threshold, 200 affinity groups (positive and negative VM rules, enforcing and
 * soft, VM-to-host rules) and a cap on running VMs per host. Standalone
 * (`npx tsx bench/rebalance.bench.ts`) or imported by `bench/run.ts`. Prints; never asserts.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  suggestRebalance,
  type BalanceHost,
  type BalanceVm,
  type RebalanceInput,
} from '../src/operations/rebalancePlanner';
import type { PlannerAffinityGroup } from '../src/operations/schedulingRules';

const GiB = 1024 ** 3;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function rebalanceBenchInput(
  vmCount = 1000,
  hostCount = 100,
  groupCount = 200,
): RebalanceInput {
  const rnd = lcg(11);
  const pick = (n: number): number => Math.floor(rnd() * n);
  const hosts: BalanceHost[] = Array.from({ length: hostCount }, (_, i) => ({
    id: `host-${String(i).padStart(3, '0')}`,
    name: `host-${String(i).padStart(3, '0')}`,
    status: 'up',
    memory: 512 * GiB,
    freeMemory: Math.floor((128 + rnd() * 256) * GiB),
    cpuLoad: 0,
    cpuThreads: 64,
  }));
  // A fifth of the hosts carry three times the VMs of the others.
  const weights = hosts.map((_, i) => (i % 5 === 0 ? 3 : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const vms: BalanceVm[] = [];
  let v = 0;
  const place = (h: BalanceHost, n: number): void => {
    for (let k = 0; k < n && v < vmCount; k++, v++) {
      const cpuUse = 1 + pick(40) / 10;
      h.cpuLoad += (cpuUse / h.cpuThreads) * 100;
      vms.push({
        id: `vm-${v}`,
        name: `vm-${String(v).padStart(4, '0')}`,
        hostId: h.id,
        status: 'up',
        memory: (1 + pick(8)) * GiB,
        cpuUse,
        ...(v % 50 === 0 ? { migrationMode: 'pinned' as const } : {}),
      });
    }
  };
  hosts.forEach((h, i) => {
    place(h, Math.floor((vmCount * (weights[i] ?? 1)) / total));
  });
  // The rounding remainder, one VM each on the lighter hosts.
  for (let i = 1; v < vmCount; i++) {
    const h = hosts[i % hostCount];
    if (h && i % 5 !== 0) place(h, 1);
  }
  const groups: PlannerAffinityGroup[] = Array.from({ length: groupCount }, (_, g) => {
    const kind = g % 4;
    const size = kind === 0 ? 2 : 2 + pick(4);
    const members = Array.from({ length: size }, () => `vm-${pick(v)}`);
    return {
      id: `g-${g}`,
      name: `group-${g}`,
      clusterId: 'cluster',
      ...(kind !== 3 ? { vmsRule: { positive: kind === 0, enforcing: g % 8 < 6 } } : {}),
      ...(kind === 3 ? { hostsRule: { positive: true, enforcing: true } } : {}),
      vmIds: [...new Set(members)],
      hostIds: Array.from({ length: 40 }, () => hosts[pick(hostCount)]?.id ?? ''),
    };
  });
  return {
    clusterId: 'cluster',
    hosts,
    vms,
    policy: {
      name: 'evenly_distributed',
      properties: { HighUtilization: '80', HeSparesCount: '0' },
    },
    rules: { groups, maxVmsPerHost: { cluster: 30 } },
  };
}

export interface RebalanceBenchResult {
  name: string;
  vms: number;
  hosts: number;
  groups: number;
  runs: number;
  medianMs: number;
  moves: number;
  overBefore: number;
  overAfter: number;
}

export function benchRebalance(runs = 9): RebalanceBenchResult {
  const input = rebalanceBenchInput();
  let last = suggestRebalance(input);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = suggestRebalance(input);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    name: 'rebalance suggestion with scheduling rules',
    vms: input.vms.length,
    hosts: input.hosts.length,
    groups: input.rules?.groups.length ?? 0,
    runs,
    medianMs: times[Math.floor(times.length / 2)] ?? Number.NaN,
    moves: last.moves.length,
    overBefore: last.hosts.filter((h) => h.before.mark === 'over').length,
    overAfter: last.hosts.filter((h) => h.after.mark === 'over').length,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = benchRebalance();
  console.log(
    `${r.name}: ${String(r.vms)} VMs x ${String(r.hosts)} hosts x ${String(r.groups)} groups: median ${r.medianMs.toFixed(1)} ms of ${String(r.runs)} (${String(r.moves)} moves; hosts over the threshold ${String(r.overBefore)} -> ${String(r.overAfter)})`,
  );
}
