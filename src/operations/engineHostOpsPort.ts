/**
 * `HostOpsPort` over `src/rest`: one search request per poll for all hosts in flight, and the
 * engine's `host=<name>` search for what still runs on a host.
 */
import type { EngineClient } from '../rest/client';
import { searchQuery } from '../rest/search';
import type { HostOpsPort, HostState } from './hostOpsPort';

export function createEngineHostOpsPort(client: EngineClient): HostOpsPort {
  return {
    async readHosts(ids, signal) {
      if (ids.length === 0) return [];
      const hosts = await client.hostListByIds(ids, signal ? { signal } : {});
      return hosts.map((h): HostState => {
        const out: HostState = { id: h.id, name: h.name, status: h.status };
        if (h.statusDetail !== undefined) out.statusDetail = h.statusDetail;
        return out;
      });
    },

    async hostAction(hostId, action, { correlationId, reason }) {
      // No signal on purpose: an aborted POST may still have reached the engine.
      if (action === 'deactivate')
        await client.hostDeactivate(hostId, { correlationId, ...(reason ? { reason } : {}) });
      else if (action === 'restart') await client.hostFence(hostId, 'restart', { correlationId });
      else await client.hostActivate(hostId, { correlationId });
    },

    async vmMigrate(vmId, hostId, { correlationId, force, affinityClosure }) {
      // No signal on purpose: an aborted POST may still have reached the engine.
      await client.vmMigrate(vmId, {
        correlationId,
        host: hostId,
        ...(force ? { force } : {}),
        ...(affinityClosure ? { affinityClosure } : {}),
      });
    },

    async residentVms(hostName, signal) {
      const vms = await client.vmList({
        search: searchQuery().where('host', hostName),
        ...(signal ? { signal } : {}),
      });
      return vms.map((v) => ({ id: v.id, name: v.name, status: v.status }));
    },
  };
}
