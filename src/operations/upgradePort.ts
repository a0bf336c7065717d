/**
 * What a rolling upgrade needs from the engine besides the evacuation and activation runners'
 * ports. `createEngineUpgradePort` builds it over `src/rest`; unit tests give a fake.
 */
import type { EngineClient, ClusterUpgradeAction } from '../rest/client';
import type { Host } from '../rest/models';
import { searchQuery } from '../rest/search';
import type { EvacuationInput } from './evacuationPlanner';
import { evacuationInput } from './planInputFromEngine';
import { hasSchedulingRules, loadSchedulingRules } from './schedulingRulesFromEngine';
import type { HostState } from './hostOpsPort';

export interface UpgradeHostState extends HostState {
  clusterId?: string;
  clusterName?: string;
  /** VDSM package (`version.full_version`). */
  version?: string;
  updateAvailable: boolean;
  /** The engine's host type (`rhel`, `ovirt_node`): an oVirt Node always reboots after an upgrade. */
  type?: string;
}

export interface UpgradePort {
  readHosts(ids: readonly string[], signal?: AbortSignal): Promise<UpgradeHostState[]>;
  /** The planner's input to empty this host now: its cluster's hosts and the VMs it runs. */
  planInput(host: UpgradeHostState, signal?: AbortSignal): Promise<EvacuationInput>;
  /** The hosts the engine's scheduler offers these VMs together (`migration_target_of`). */
  targetsOf(vmIds: readonly string[], signal?: AbortSignal): Promise<readonly { id: string }[]>;
  /**
   * `POST /hosts/{id}/upgrade` once (no retries, no signal: an aborted POST may have arrived).
   * `reboot` is sent when given; absent, the engine reboots the host (its default).
   */
  upgrade(hostId: string, options: { correlationId: string; reboot?: boolean }): Promise<void>;
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
  /** The cluster's upgrade mode as the engine has it now, and the run (correlation id) that set it. */
  clusterUpgradeState(
    clusterId: string,
    signal?: AbortSignal,
  ): Promise<{ inProgress: boolean; correlationId?: string }>;
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
  if (h.type !== undefined) out.type = h.type;
  return out;
}

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
      const clusterId = host.clusterId;
      const [hosts, vms, rules] = await Promise.all([
        client.hostList({ search: searchQuery().where('cluster', cluster), ...opts }),
        client.vmList({ search: searchQuery().where('host', host.name), ...opts }),
        // The scheduler's rules, as the maintenance dialog reads them; an engine (or a user)
        // that cannot read them plans by memory, pins and placement mode only.
        clusterId === undefined
          ? Promise.resolve(undefined)
          : loadSchedulingRules(client, [clusterId], signal).catch((error: unknown) => {
              if (signal?.aborted) throw error;
              return undefined;
            }),
      ]);
      // The cluster search matches names as patterns: keep exactly this cluster (and the host).
      const inCluster = hosts.filter((h) => h.cluster?.id === clusterId || h.id === host.id);
      let planVms = vms.filter((v) => v.host?.id === host.id);
      if (hasSchedulingRules(rules)) {
        // Affinity partners and the per-host VM count need every VM of the cluster.
        const all = await client.vmList({
          search: searchQuery().where('cluster', cluster),
          ...opts,
        });
        planVms = all.filter((v) => v.cluster?.id === clusterId || v.host?.id === host.id);
      }
      return evacuationInput(
        [host.id],
        inCluster,
        planVms,
        hasSchedulingRules(rules) ? rules : undefined,
      );
    },

    targetsOf(vmIds, signal) {
      return client.hostMigrationTargetsOf(vmIds, signal ? { signal } : {});
    },

    async upgrade(hostId, { correlationId, reboot }) {
      await client.hostUpgrade(hostId, {
        correlationId,
        ...(reboot !== undefined ? { reboot } : {}),
      });
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

    async clusterUpgradeState(clusterId, signal) {
      const c = await client.clusterGet(clusterId, signal ? { signal } : {});
      return {
        inProgress: c.upgradeInProgress === true,
        ...(c.upgradeCorrelationId !== undefined ? { correlationId: c.upgradeCorrelationId } : {}),
      };
    },
  };
}
