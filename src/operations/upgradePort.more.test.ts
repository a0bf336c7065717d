/**
 * More tests of the upgrade port over the REST client, written against the mutants StrykerJS left
 * alive in upgradePort.ts: which requests reach the engine, with what, and what the rolling
 * upgrade is told back.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Host, Vm } from '../rest/models';
import { createEngineUpgradePort } from './upgradePort';

function host(id: string, extra: Partial<Host> = {}): Host {
  return {
    id,
    name: `name-${id}`,
    status: 'up',
    updateAvailable: false,
    memory: 2 ** 35,
    maxSchedulingMemory: 2 ** 34,
    cluster: { id: 'c1', name: 'prod' },
    ...extra,
  } as unknown as Host;
}

function fakeClient() {
  return {
    hostListByIds: vi.fn((ids: readonly string[]) => Promise.resolve(ids.map((id) => host(id)))),
    hostList: vi.fn(() => Promise.resolve([host('h1')])),
    vmList: vi.fn(() => Promise.resolve([] as Vm[])),
    clusterGet: vi.fn(() => Promise.resolve({ id: 'c1', name: 'prod' })),
    clusterAffinityGroups: vi.fn(() => Promise.resolve([])),
    clusterScheduling: vi.fn(() => Promise.resolve({ properties: {} })),
    hostUpgrade: vi.fn(() => Promise.resolve()),
    hostUpgradeCheck: vi.fn(() => Promise.resolve()),
    eventList: vi.fn(() =>
      Promise.resolve([
        { index: 30, description: 'Upgrade failed: yum error', severity: 'error' },
        { index: 10, description: 'Upgrade started', severity: 'normal' },
        { index: 20, description: 'Host moved to maintenance', severity: 'warning' },
        { index: 25, description: 'Package check failed', severity: 'error' },
      ]),
    ),
    apiInfo: vi.fn(() => Promise.resolve({ major: 4, minor: 5 })),
    clusterUpgrade: vi.fn(() => Promise.resolve()),
  };
}

const port = (client: ReturnType<typeof fakeClient>) => createEngineUpgradePort(client as never);

describe('upgrade port: hosts', () => {
  it('reads nothing for no ids', async () => {
    const client = fakeClient();
    expect(await port(client).readHosts([])).toEqual([]);
    expect(client.hostListByIds).not.toHaveBeenCalled();
  });

  it('maps the engine host to what the upgrade follows, leaving unknown fields out', async () => {
    const client = fakeClient();
    client.hostListByIds.mockResolvedValueOnce([
      host('h1', {
        status: 'installing',
        statusDetail: 'upgrading',
        updateAvailable: true,
        version: 'vdsm-4.50.3',
      }),
      host('h2', { cluster: undefined }),
    ]);
    const signal = new AbortController().signal;
    const hosts = await port(client).readHosts(['h1', 'h2'], signal);
    expect(client.hostListByIds).toHaveBeenCalledWith(['h1', 'h2'], { signal });
    expect(hosts[0]).toEqual({
      id: 'h1',
      name: 'name-h1',
      status: 'installing',
      statusDetail: 'upgrading',
      updateAvailable: true,
      clusterId: 'c1',
      clusterName: 'prod',
      version: 'vdsm-4.50.3',
    });
    expect(hosts[1]).toStrictEqual({
      id: 'h2',
      name: 'name-h2',
      status: 'up',
      updateAvailable: false,
    });
  });
});

describe('upgrade port: planner input', () => {
  it('without the cluster name, asks the engine once and reuses it; searches by cluster and host name', async () => {
    const client = fakeClient();
    const p = port(client);
    const h = { id: 'h1', name: 'name-h1', status: 'up', clusterId: 'c1', updateAvailable: true };
    await p.planInput(h);
    await p.planInput(h);
    expect(client.clusterGet).toHaveBeenCalledTimes(1);
    expect(client.clusterGet).toHaveBeenCalledWith('c1', {});
    const searches = (client.hostList.mock.calls as unknown as [{ search: unknown }][]).map((c) =>
      String(c[0].search),
    );
    expect(searches[0]).toContain('prod');
    const vmSearches = (client.vmList.mock.calls as unknown as [{ search: unknown }][]).map((c) =>
      String(c[0].search),
    );
    expect(vmSearches[0]).toContain('name-h1');
  });

  it('with the cluster name known, does not ask for it', async () => {
    const client = fakeClient();
    await port(client).planInput({
      id: 'h1',
      name: 'name-h1',
      status: 'up',
      clusterId: 'c1',
      clusterName: 'prod',
      updateAvailable: true,
    });
    expect(client.clusterGet).not.toHaveBeenCalled();
  });

  it('an aborted read of the rules is not taken for "no rules"', async () => {
    const client = fakeClient();
    const controller = new AbortController();
    client.clusterAffinityGroups.mockImplementation(() => {
      controller.abort();
      return Promise.reject(new DOMException('aborted', 'AbortError'));
    });
    await expect(
      port(client).planInput(
        {
          id: 'h1',
          name: 'name-h1',
          status: 'up',
          clusterId: 'c1',
          clusterName: 'prod',
          updateAvailable: true,
        },
        controller.signal,
      ),
    ).rejects.toThrow('aborted');
  });

  it('a host without a cluster id plans without rules', async () => {
    const client = fakeClient();
    const input = await port(client).planInput({
      id: 'h1',
      name: 'name-h1',
      status: 'up',
      clusterName: 'prod',
      updateAvailable: true,
    });
    expect(client.clusterAffinityGroups).not.toHaveBeenCalled();
    expect(input.rules).toBeUndefined();
  });
});

describe('upgrade port: actions and events', () => {
  it('sends upgrade and upgrade check with the correlation id', async () => {
    const client = fakeClient();
    const p = port(client);
    await p.upgrade('h1', { correlationId: 'oc1-1' });
    await p.upgradeCheck('h2', { correlationId: 'oc1-2' });
    expect(client.hostUpgrade).toHaveBeenCalledWith('h1', { correlationId: 'oc1-1' });
    expect(client.hostUpgradeCheck).toHaveBeenCalledWith('h2', { correlationId: 'oc1-2' });
  });

  it('passes the reboot choice only when the run has one', async () => {
    const client = fakeClient();
    const p = port(client);
    await p.upgrade('h1', { correlationId: 'a', reboot: false });
    await p.upgrade('h1', { correlationId: 'b', reboot: true });
    expect(client.hostUpgrade).toHaveBeenNthCalledWith(1, 'h1', {
      correlationId: 'a',
      reboot: false,
    });
    expect(client.hostUpgrade).toHaveBeenNthCalledWith(2, 'h1', {
      correlationId: 'b',
      reboot: true,
    });
  });

  it("reads the cluster's upgrade mode and the run that set it", async () => {
    const client = fakeClient();
    const p = port(client);
    client.clusterGet.mockResolvedValueOnce({
      id: 'c1',
      name: 'prod',
      upgradeInProgress: true,
      upgradeCorrelationId: 'oc-9',
    } as never);
    expect(await p.clusterUpgradeState('c1')).toEqual({ inProgress: true, correlationId: 'oc-9' });
    expect(await p.clusterUpgradeState('c1')).toEqual({ inProgress: false });
  });

  it('events are oldest first; error events keep only the errors, in the engine words', async () => {
    const client = fakeClient();
    const p = port(client);
    expect(await p.events('oc1-1')).toEqual([
      { text: 'Upgrade started', error: false },
      { text: 'Host moved to maintenance', error: false },
      { text: 'Package check failed', error: true },
      { text: 'Upgrade failed: yum error', error: true },
    ]);
    expect(await p.errorEvents('oc1-1')).toEqual([
      'Package check failed',
      'Upgrade failed: yum error',
    ]);
    const search = (client.eventList.mock.calls[0] as unknown as [{ search: unknown }])[0].search;
    expect(String(search)).toContain('correlation_id');
    expect(String(search)).toContain('oc1-1');
  });

  it('the cluster upgrade mode exists from engine 4.5 on', async () => {
    const client = fakeClient();
    const p = port(client);
    const cases: [{ major?: number; minor?: number }, boolean][] = [
      [{ major: 4, minor: 5 }, true],
      [{ major: 4, minor: 6 }, true],
      [{ major: 5, minor: 0 }, true],
      [{ major: 4, minor: 4 }, false],
      [{ major: 3, minor: 6 }, false],
      [{ major: 4 }, false],
      [{}, false],
    ];
    for (const [info, supported] of cases) {
      client.apiInfo.mockResolvedValueOnce(info as never);
      expect(await p.clusterModeSupported()).toBe(supported);
    }
  });

  it('a cluster upgrade action carries the percent only when given', async () => {
    const client = fakeClient();
    const p = port(client);
    await p.clusterUpgrade('c1', 'start', { correlationId: 'x' });
    await p.clusterUpgrade('c1', 'update_progress', { correlationId: 'y', percent: 40 });
    expect(client.clusterUpgrade).toHaveBeenNthCalledWith(1, 'c1', 'start', { correlationId: 'x' });
    expect(client.clusterUpgrade).toHaveBeenNthCalledWith(2, 'c1', 'update_progress', {
      correlationId: 'y',
      percent: 40,
    });
  });
});

describe('upgrade port: what goes into the plan, and cancelling', () => {
  const h1 = { id: 'h1', name: 'name-h1', status: 'up', clusterId: 'c1', updateAvailable: true };
  const onHost = (id: string, hostId: string | undefined, clusterId: string | undefined) =>
    ({
      id,
      name: id,
      status: 'up',
      memory: 2 ** 30,
      ...(hostId ? { host: { id: hostId } } : {}),
      ...(clusterId ? { cluster: { id: clusterId } } : {}),
    }) as unknown as Vm;
  const pair = {
    id: 'g1',
    name: 'pair',
    vmsRule: { enabled: true, positive: true, enforcing: true },
    hostsRule: { enabled: false, positive: false, enforcing: false },
    vmIds: ['a', 'b'],
    hostIds: [],
    vmLabelIds: [],
    hostLabelIds: [],
  };

  it('searches match names as patterns: only this host, its cluster and the VMs it runs', async () => {
    const client = fakeClient();
    client.hostList.mockResolvedValueOnce([
      host('h1', { cluster: undefined }),
      host('h2'),
      host('h9', { cluster: { id: 'c2', name: 'prod2' } }),
      host('hx', { cluster: undefined }),
    ]);
    // "name-h1" also matches "name-h10"; a VM that is down has no host.
    client.vmList.mockResolvedValueOnce([
      onHost('a', 'h1', 'c1'),
      onHost('b', 'h10', 'c1'),
      onHost('down', undefined, 'c1'),
    ]);
    const input = await port(client).planInput(h1);
    expect(input.evacuate).toEqual(['h1']);
    expect(input.hosts.map((h) => h.id)).toEqual(['h1', 'h2']);
    expect(input.vms.map((v) => v.id)).toEqual(['a']);
    expect(input.rules).toBeUndefined();
  });

  it('with affinity rules, every VM of this cluster (and those on this host) is planned', async () => {
    const client = fakeClient();
    client.clusterAffinityGroups.mockResolvedValue([pair] as never);
    client.vmList
      .mockResolvedValueOnce([onHost('a', 'h1', 'c1')])
      .mockResolvedValueOnce([
        onHost('a', 'h1', 'c1'),
        onHost('b', 'h2', 'c1'),
        onHost('other', 'h9', 'c2'),
        onHost('odd', 'h1', undefined),
        onHost('down', undefined, 'c1'),
        onHost('down-elsewhere', undefined, 'c2'),
      ]);
    const input = await port(client).planInput(h1);
    expect(input.vms.map((v) => v.id)).toEqual(['a', 'b', 'odd', 'down']);
    expect(input.rules?.groups.map((g) => g.name)).toEqual(['pair']);
    const searches = (client.vmList.mock.calls as unknown as [{ search: unknown }][]).map((c) =>
      String(c[0].search),
    );
    expect(searches).toHaveLength(2);
    expect(searches[1]).toContain('prod');
  });

  it('a cancelled upgrade stops its reads: each one carries the signal', async () => {
    const client = {
      ...fakeClient(),
      hostMigrationTargetsOf: vi.fn(() => Promise.resolve([{ id: 'h2' }])),
    };
    client.clusterAffinityGroups.mockResolvedValue([pair] as never);
    const signal = new AbortController().signal;
    const p = port(client);
    await p.planInput({ ...h1 }, signal);
    expect(client.clusterGet).toHaveBeenCalledWith('c1', { signal });
    expect(client.hostList).toHaveBeenCalledWith(expect.objectContaining({ signal }));
    expect(client.vmList).toHaveBeenCalledTimes(2);
    for (const call of client.vmList.mock.calls as unknown as [object][])
      expect(call[0]).toMatchObject({ signal });
    expect(client.clusterAffinityGroups).toHaveBeenCalledWith('c1', { signal });
    expect(await p.targetsOf(['a', 'b'], signal)).toEqual([{ id: 'h2' }]);
    expect(client.hostMigrationTargetsOf).toHaveBeenCalledWith(['a', 'b'], { signal });
    await p.errorEvents('oc1-1', signal);
    expect(client.eventList).toHaveBeenCalledWith(expect.objectContaining({ signal }));
    await p.clusterModeSupported(signal);
    expect(client.apiInfo).toHaveBeenCalledWith({ signal });
  });
});
