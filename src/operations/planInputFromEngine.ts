/**
 * The planner's plain input from the engine's host and VM view models, and a host's load
 * percentages from its statistics. Shared by the pages (maintenance dialog, host views) and the
 * runners that plan on their own (rolling upgrade), so both plan from the same numbers.
 */
import type { Host, Statistic, Vm } from '../rest/models';
import type { EvacuationInput, PlannerHost, PlannerVm, VmMigrationMode } from './evacuationPlanner';
import type { SchedulingRules } from './schedulingRules';

function stat(stats: readonly Statistic[] | undefined, name: string): number | undefined {
  return stats?.find((s) => s.name === name)?.value;
}

export interface HostLoad {
  /** Percent, 0..100. */
  cpu?: number;
  /** Percent, 0..100. */
  memory?: number;
  memoryUsed?: number;
  memoryTotal?: number;
  loadAvg5m?: number;
}

const clampPercent = (n: number): number => Math.max(0, Math.min(100, n));

/**
 * CPU is user + system (the engine's own "CPU usage" column); when only idle is reported, 100 −
 * idle. Memory is used / total from statistics, falling back to the host's physical memory.
 */
export function hostLoad(
  host: Pick<Host, 'memory'>,
  stats: readonly Statistic[] | undefined,
): HostLoad {
  const out: HostLoad = {};
  const user = stat(stats, 'cpu.current.user');
  const system = stat(stats, 'cpu.current.system');
  const idle = stat(stats, 'cpu.current.idle');
  if (user !== undefined || system !== undefined)
    out.cpu = clampPercent((user ?? 0) + (system ?? 0));
  else if (idle !== undefined) out.cpu = clampPercent(100 - idle);
  const total = stat(stats, 'memory.total') ?? (host.memory > 0 ? host.memory : undefined);
  const used = stat(stats, 'memory.used');
  if (total !== undefined && used !== undefined && total > 0) {
    out.memory = clampPercent((used / total) * 100);
    out.memoryUsed = used;
    out.memoryTotal = total;
  }
  const load = stat(stats, 'cpu.load.avg.5m');
  if (load !== undefined) out.loadAvg5m = load;
  return out;
}

function migrationMode(affinity: string | undefined): VmMigrationMode | undefined {
  return affinity === 'migratable' || affinity === 'user_migratable' || affinity === 'pinned'
    ? affinity
    : undefined;
}

export function plannerHost(host: Host): PlannerHost {
  const out: PlannerHost = {
    id: host.id,
    name: host.name,
    clusterId: host.cluster?.id ?? '',
    status: host.status,
    memory: host.memory,
    freeMemory: host.maxSchedulingMemory,
  };
  const cpu = hostLoad(host, host.statistics).cpu;
  if (cpu !== undefined) out.cpuLoad = cpu;
  return out;
}

export function plannerVm(vm: Vm): PlannerVm {
  const out: PlannerVm = { id: vm.id, name: vm.name, status: vm.status, memory: vm.memory };
  if (vm.host) out.hostId = vm.host.id;
  const mode = migrationMode(vm.placementAffinity);
  if (mode) out.migrationMode = mode;
  if (vm.placementHostIds?.length) out.allowedHostIds = vm.placementHostIds;
  if (vm.origin === 'managed_hosted_engine' || vm.origin === 'hosted_engine')
    out.hostedEngine = true;
  return out;
}

export function evacuationInput(
  evacuate: readonly string[],
  hosts: readonly Host[],
  vms: readonly Vm[],
  rules?: SchedulingRules,
): EvacuationInput {
  const input: EvacuationInput = {
    evacuate,
    hosts: hosts.map(plannerHost),
    vms: vms.map(plannerVm),
  };
  if (rules) input.rules = rules;
  return input;
}
