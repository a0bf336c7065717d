/**
 * What a rolling upgrade needs from the engine besides the evacuation and activation runners'
 * ports. `createEngineUpgradePort` builds it over `src/rest`; unit tests give a fake.
 */
import type { EngineClient, ClusterUpgradeAction } from '../rest/client';
import type { Host } from '../rest/models';
import { searchQuery } from '../rest/search';
import type { EvacuationInput, PlannerHost, PlannerVm, VmMigrationMode } from './evacuationPlanner';
import type { HostState } from './hostOpsPort';

export interface UpgradeHostState extends HostState {
  clusterId?: string;
  clusterName?: string;
  /** VDSM package (`version.full_version`). */
  version?: string;
  updateAvailable: boolean;
}

export interface UpgradePort {
  readHosts(ids: readonly string[], signal?: AbortSignal): Promise<UpgradeHostState[]>;
  /** The planner's input to empty this host now: its cluster's hosts and the VMs it runs. */
  planInput(host: UpgradeHostState, signal?: AbortSignal): Promise<EvacuationInput>;
  /** `POST /hosts/{id}/upgrade` once (no retries, no signal: an aborted POST may have arrived). */
  upgrade(hostId: string, options: { correlationId: string }): Promise<void>;
  upgradeCheck(hostId: string, options: { correlationId: string }): Promise<void>;
  /** The engine's error events for this correlation id, newest last (its own words). */
  errorEvents(correlationId: string, signal?: AbortSignal): Promise<string[]>;
  /** Every event for this correlation id, newest last. */
  events(correlationId: string, signal?: AbortSignal): Promise<{ text: string; error: boolean }[]>;
  /** True when the engine has the 4.5 cluster upgrade mode. */
  clusterModeSupported(signal?: AbortSignal): Promise<boolean>;
  clusterUpgrade(
    clusterId: string,
    action: ClusterUpgradeAction,
    options: { correlationId: string; percent?: number },
  ): Promise<void>;
}

function upgradeState(h: Host): UpgradeHostState {
  const out: UpgradeHostState = {
    id: h.id,
    name: h.name,
    status: h.status,
    updateAvailable: h.updateAvailable,
  };
  if (h.statusDetail !== undefined) out.statusDetail = h.statusDetail;
  if (h.cluster?.id !== undefined) out.clusterId = h.cluster.id;
  if (h.cluster?.name !== undefined) out.clusterName = h.cluster.name;
  if (h.version !== undefined) out.version = h.version;
  return out;
}

const MODES: ReadonlySet<string> = new Set(['migratable', 'user_migratable', 'pinned']);

export function createEngineUpgradePort(client: EngineClient): UpgradePort {
  const clusterNames = new Map<string, string>();
  const clusterName = async (id: string, signal?: AbortSignal): Promise<string> => {
    const known = clusterNames.get(id);
    if (known !== undefined) return known;
    const name = (await client.clusterGet(id, signal ? { signal } : {})).name;
    clusterNames.set(id, name);
    return name;
  };
  const events = async (correlationId: string, signal?: AbortSignal) => {
    const list = await client.eventList({
      search: searchQuery().where('correlation_id', correlationId),
      ...(signal ? { signal } : {}),
    });
    return [...list]
      .sort((a, b) => a.index - b.index)
      .map((e) => ({ text: e.description, error: e.severity === 'error' }));
  };
  return {
    async readHosts(ids, signal) {
      if (ids.length === 0) return [];
      const hosts = await client.hostListByIds(ids, signal ? { signal } : {});
      return hosts.map(upgradeState);
    },

    async planInput(host, signal) {
      const opts = signal ? { signal } : {};
      const cluster = host.clusterName ?? (await clusterName(host.clusterId ?? '', signal));
      const [hosts, vms] = await Promise.all([
        client.hostList({ search: searchQuery().where('cluster', cluster), ...opts }),
        client.vmList({ search: searchQuery().where('host', host.name), ...opts }),
      ]);
      const plannerHosts = hosts
        .filter((h) => h.cluster?.id === host.clusterId || h.id === host.id)
        .map((h): PlannerHost => ({
          id: h.id,
          name: h.name,
          clusterId: h.cluster?.id ?? '',
          status: h.status,
          memory: h.memory,
          freeMemory: h.maxSchedulingMemory,
        }));
      const plannerVms = vms
        .filter((v) => v.host?.id === host.id)
        .map((v): PlannerVm => {
          const out: PlannerVm = { id: v.id, name: v.name, status: v.status, memory: v.memory };
          if (v.host) out.hostId = v.host.id;
          if (v.placementAffinity !== undefined && MODES.has(v.placementAffinity))
            out.migrationMode = v.placementAffinity as VmMigrationMode;
          return out;
        });
      return { evacuate: [host.id], hosts: plannerHosts, vms: plannerVms };
    },

    async upgrade(hostId, { correlationId }) {
      await client.hostUpgrade(hostId, { correlationId });
    },

    async upgradeCheck(hostId, { correlationId }) {
      await client.hostUpgradeCheck(hostId, { correlationId });
    },

    async errorEvents(correlationId, signal) {
      return (await events(correlationId, signal)).filter((e) => e.error).map((e) => e.text);
    },

    events,

    async clusterModeSupported(signal) {
      const info = await client.apiInfo(signal ? { signal } : {});
      const major = info.major ?? 0;
      const minor = info.minor ?? 0;
      return major > 4 || (major === 4 && minor >= 5);
    },

    async clusterUpgrade(clusterId, action, { correlationId, percent }) {
      await client.clusterUpgrade(clusterId, action, {
        correlationId,
        ...(percent !== undefined ? { percent } : {}),
      });
    },
  };
}
