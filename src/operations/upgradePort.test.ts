import { describe, expect, it, vi } from 'vitest';
import type { Host, Vm } from '../rest/models';
import { createEngineUpgradePort } from './upgradePort';

const GiB = 2 ** 30;

function host(id: string, cluster = 'c1'): Host {
  return {
    id,
    name: id,
    status: 'up',
    memory: 32 * GiB,
    maxSchedulingMemory: 16 * GiB,
    cluster: { id: cluster, name: cluster === 'c1' ? 'prod' : 'prod-old' },
  } as unknown as Host;
}

function vm(id: string, hostId: string, extra: Partial<Vm> = {}): Vm {
  return {
    id,
    name: id,
    status: 'up',
    memory: GiB,
    host: { id: hostId },
    cluster: { id: 'c1' },
    ...extra,
  } as unknown as Vm;
}

function fakeClient(options: { groups?: boolean } = {}) {
  const vmList = vi.fn(({ search }: { search: { toString(): string } }) => {
    const q = String(search);
    // A cluster search is a pattern: it also matches "prod-old".
    if (q.includes('cluster'))
      return Promise.resolve([
        vm('on-h1', 'h1'),
        vm('partner', 'h2'),
        vm('elsewhere', 'h9', { cluster: { id: 'c2' } }),
      ]);
    return Promise.resolve([
      vm('on-h1', 'h1', { placementAffinity: 'user_migratable', placementHostIds: ['h2'] }),
    ]);
  });
  return {
    vmList,
    hostList: vi.fn(() => Promise.resolve([host('h1'), host('h2'), host('h9', 'c2')])),
    clusterGet: vi.fn(() => Promise.resolve({ id: 'c1', name: 'prod' })),
    clusterAffinityGroups: vi.fn(() =>
      Promise.resolve(
        options.groups
          ? [
              {
                id: 'g1',
                name: 'pair',
                vmsRule: { enabled: true, positive: true, enforcing: true },
                hostsRule: { enabled: false, positive: false, enforcing: false },
                vmIds: ['on-h1', 'partner'],
                hostIds: [],
                vmLabelIds: [],
                hostLabelIds: [],
              },
            ]
          : [],
      ),
    ),
    clusterScheduling: vi.fn(() => Promise.resolve({ properties: {} })),
    hostMigrationTargetsOf: vi.fn(() => Promise.resolve([host('h2')])),
  };
}

const h1 = { id: 'h1', name: 'h1', status: 'up', clusterId: 'c1', updateAvailable: true };

describe('upgrade port: the planner input for one host', () => {
  it('keeps the VM’s pinned hosts and mode, and this cluster’s hosts only', async () => {
    const client = fakeClient();
    const input = await createEngineUpgradePort(client as never).planInput(h1);
    expect(input.evacuate).toEqual(['h1']);
    expect(input.hosts.map((h) => h.id)).toEqual(['h1', 'h2']);
    expect(input.vms).toEqual([
      expect.objectContaining({
        id: 'on-h1',
        hostId: 'h1',
        migrationMode: 'user_migratable',
        allowedHostIds: ['h2'],
      }),
    ]);
    // No rules: no need for the rest of the cluster's VMs.
    expect(input.rules).toBeUndefined();
    expect(client.vmList).toHaveBeenCalledTimes(1);
  });

  it('reads the scheduler’s rules and, with them, every VM of the cluster', async () => {
    const client = fakeClient({ groups: true });
    const input = await createEngineUpgradePort(client as never).planInput(h1);
    expect(input.rules?.groups.map((g) => g.name)).toEqual(['pair']);
    expect(input.vms.map((v) => v.id)).toEqual(['on-h1', 'partner']);
  });

  it('plans by memory when the rules cannot be read', async () => {
    const client = fakeClient({ groups: true });
    client.clusterAffinityGroups.mockImplementation(() => Promise.reject(new Error('403')));
    const input = await createEngineUpgradePort(client as never).planInput(h1);
    expect(input.rules).toBeUndefined();
    expect(input.vms.map((v) => v.id)).toEqual(['on-h1']);
  });

  it('asks the engine for the destinations of VMs together', async () => {
    const client = fakeClient();
    const hosts = await createEngineUpgradePort(client as never).targetsOf(['a', 'b']);
    expect(hosts.map((h) => h.id)).toEqual(['h2']);
    expect(client.hostMigrationTargetsOf).toHaveBeenCalledWith(['a', 'b'], {});
  });
});
