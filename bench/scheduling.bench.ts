/**
 * Planner with scheduling rules: 1,000 running VMs on 10 hosts being evacuated into one
 * 100-host cluster, with 200 affinity groups (positive and negative VM rules, enforcing and
 * soft, VM-to-host rules) and a cap on running VMs per host. Standalone
 * (`npx tsx bench/scheduling.bench.ts`) or imported by `bench/run.ts`. Prints; never asserts.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  planEvacuation,
  type EvacuationInput,
  type PlannerHost,
  type PlannerVm,
} from '../src/operations/evacuationPlanner';
import type { PlannerAffinityGroup } from '../src/operations/schedulingRules';

const GiB = 1024 ** 3;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function schedulingBenchInput(
  vmCount = 1000,
  hostCount = 100,
  groupCount = 200,
): EvacuationInput {
  const rnd = lcg(7);
  const pick = (n: number): number => Math.floor(rnd() * n);
  const hosts: PlannerHost[] = Array.from({ length: hostCount }, (_, i) => ({
    id: `host-${String(i).padStart(3, '0')}`,
    name: `host-${String(i).padStart(3, '0')}`,
    clusterId: 'cluster',
    status: 'up',
    memory: 512 * GiB,
    freeMemory: Math.floor((64 + rnd() * 384) * GiB),
    cpuLoad: pick(100),
  }));
  const evacuate = hosts.slice(0, Math.max(1, Math.floor(hostCount / 10))).map((h) => h.id);
  // The VMs to evacuate, plus one running VM on every other host (partners and the cap count).
  const vms: PlannerVm[] = Array.from({ length: vmCount }, (_, i) => ({
    id: `vm-${i}`,
    name: `vm-${String(i).padStart(4, '0')}`,
    hostId: evacuate[i % evacuate.length] ?? '',
    status: 'up',
    memory: (1 + pick(8)) * GiB,
    ...(i % 50 === 0 ? { migrationMode: 'pinned' as const } : {}),
  }));
  for (const h of hosts.slice(evacuate.length)) {
    vms.push({ id: `on-${h.id}`, name: `on-${h.id}`, hostId: h.id, status: 'up', memory: GiB });
  }
  const groups: PlannerAffinityGroup[] = Array.from({ length: groupCount }, (_, g) => {
    const kind = g % 4;
    const size = kind === 0 ? 2 : 2 + pick(4);
    const members = Array.from({ length: size }, () => `vm-${pick(vmCount)}`);
    if (kind === 1)
      members.push(`on-${hosts[evacuate.length + pick(hostCount - evacuate.length)]?.id ?? ''}`);
    return {
      id: `g-${g}`,
      name: `group-${g}`,
      clusterId: 'cluster',
      ...(kind !== 3 ? { vmsRule: { positive: kind === 0, enforcing: g % 8 < 6 } } : {}),
      ...(kind === 3 ? { hostsRule: { positive: true, enforcing: true } } : {}),
      vmIds: [...new Set(members)],
      hostIds: Array.from({ length: 20 }, () => hosts[pick(hostCount)]?.id ?? ''),
    };
  });
  return { evacuate, hosts, vms, rules: { groups, maxVmsPerHost: { cluster: 30 } } };
}

export interface SchedulingBenchResult {
  name: string;
  vms: number;
  hosts: number;
  groups: number;
  runs: number;
  medianMs: number;
  moves: number;
  blockers: number;
}

export function benchSchedulingPlanner(runs = 9): SchedulingBenchResult {
  const input = schedulingBenchInput();
  planEvacuation(input);
  const times: number[] = [];
  let last = planEvacuation(input);
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = planEvacuation(input);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    name: 'evacuation planner with scheduling rules',
    vms: input.vms.length,
    hosts: input.hosts.length,
    groups: input.rules?.groups.length ?? 0,
    runs,
    medianMs: times[Math.floor(times.length / 2)] ?? Number.NaN,
    moves: last.moves.length,
    blockers: last.blockers.length,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = benchSchedulingPlanner();
  console.log(
    `${r.name}: ${String(r.vms)} VMs x ${String(r.hosts)} hosts x ${String(r.groups)} groups: median ${r.medianMs.toFixed(1)} ms of ${String(r.runs)} (${String(r.moves)} moves, ${String(r.blockers)} blockers)`,
  );
}
