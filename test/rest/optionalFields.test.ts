/**
 * The plugin against the simulated engine's optional fields (issue 12 point 7): references
 * without names, NICs without speed, VM display and cluster keys it does not use.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupEngine } from '../../dev/engine/node';
import { createEngineClient } from '../../src/rest/client';
import { toVmRow } from '../../src/tabs/vms/domain/vmRow';

const env = setupEngine({ clock: 'manual' });
const client = createEngineClient({
  baseUrl: env.baseUrl,
  credentials: () => ({ kind: 'bearer', token: env.token }),
  backoff: { baseMs: 1, maxMs: 5 },
});

beforeAll(() => {
  env.server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  env.engine.reset();
});
afterAll(() => {
  env.close();
});

describe('optional fields through the client', () => {
  it('shows host and cluster names of VMs whose references carry only href and id', async () => {
    const [vms, hosts, clusters] = await Promise.all([
      client.vmList({ search: 'status=up' }),
      client.hostList(),
      client.clusterList(),
    ]);
    const vm = vms[0];
    expect(vm?.host).toBeDefined();
    expect(vm?.host?.name).toBeUndefined();
    expect(vm?.cluster?.name).toBeUndefined();
    const names = {
      hosts: new Map(hosts.map((h) => [h.id, h.name])),
      clusters: new Map(clusters.map((c) => [c.id, c.name])),
    };
    const rows = vms.map((v) => toVmRow(v, names, Date.now()));
    for (const row of rows) {
      expect(row.hostName).toMatch(/^host-\d+$/);
      expect(['Default', 'Production']).toContain(row.clusterName);
    }
  });

  it('reads host NICs with and without speed', async () => {
    const host = (await client.hostList())[0];
    const nics = await client.hostNics(host?.id ?? '');
    const byName = new Map(nics.map((n) => [n.name, n]));
    expect(byName.get('eno1')?.speed).toBe(10_000_000_000);
    expect(byName.has('eno2.20')).toBe(true);
    expect(byName.get('eno2.20')?.speed).toBeUndefined();
  });
});
