/**
 * Evacuation planner timing: 1,000 running VMs on 10 hosts being evacuated into a 100-host fleet
 * (4 clusters of 25). Standalone (`npx tsx bench/planner.bench.ts`) or imported by `bench/run.ts`.
 * Prints one line; never asserts on time (PRODUCT.md: performance is measured, not asserted).
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  planEvacuation,
  type EvacuationInput,
  type PlannerHost,
  type PlannerVm,
} from '../src/operations/evacuationPlanner';

const GiB = 1024 ** 3;

/** A fixed pseudo-random sequence so every run plans the same fleet. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function plannerBenchInput(vmCount = 1000, hostCount = 100): EvacuationInput {
  const rnd = lcg(42);
  const hosts: PlannerHost[] = Array.from({ length: hostCount }, (_, i) => ({
    id: `host-${String(i).padStart(3, '0')}`,
    name: `host-${String(i).padStart(3, '0')}`,
    clusterId: `cluster-${i % 4}`,
    status: 'up',
    memory: 512 * GiB,
    freeMemory: Math.floor((64 + rnd() * 384) * GiB),
    cpuLoad: Math.floor(rnd() * 100),
  }));
  const evacuate = hosts.slice(0, Math.max(1, Math.floor(hostCount / 10))).map((h) => h.id);
  const vms: PlannerVm[] = Array.from({ length: vmCount }, (_, i) => ({
    id: `vm-${i}`,
    name: `vm-${String(i).padStart(4, '0')}`,
    hostId: evacuate[i % evacuate.length] ?? '',
    status: 'up',
    memory: (1 + Math.floor(rnd() * 16)) * GiB,
    ...(i % 50 === 0 ? { migrationMode: 'pinned' as const } : {}),
  }));
  return { evacuate, hosts, vms };
}

export interface PlannerBenchResult {
  name: string;
  vms: number;
  hosts: number;
  runs: number;
  medianMs: number;
  moves: number;
  blockers: number;
}

export function benchPlanner(runs = 9): PlannerBenchResult {
  const input = plannerBenchInput();
  planEvacuation(input); // warm-up: JIT
  const times: number[] = [];
  let last = planEvacuation(input);
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = planEvacuation(input);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    name: 'evacuation planner',
    vms: input.vms.length,
    hosts: input.hosts.length,
    runs,
    medianMs: times[Math.floor(times.length / 2)] ?? Number.NaN,
    moves: last.moves.length,
    blockers: last.blockers.length,
  };
}

export function formatPlannerBench(r: PlannerBenchResult): string {
  return `${r.name}: ${r.vms} VMs x ${r.hosts} hosts, median ${r.medianMs.toFixed(2)} ms over ${r.runs} runs (${r.moves} moves, ${r.blockers} blockers)`;
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  console.log(formatPlannerBench(benchPlanner()));
}
