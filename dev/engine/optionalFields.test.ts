/**
 * Optional fields as a real 4.5 engine sends them, in the default fleet (issue 12 point 7):
 * a client must cope with them without the "missing fields" fault switched on.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupEngine } from './node';
import { client, items } from './testSupport';

const setup = setupEngine({ clock: 'manual' });
const api = client(setup);

beforeAll(() => {
  setup.server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  setup.engine.reset();
});
afterAll(() => {
  setup.close();
});

async function firstHostNics(): Promise<Record<string, unknown>[]> {
  const h = items((await api.get('/hosts')).json(), 'host')[0] ?? {};
  return items((await api.get(`/hosts/${String(h.id)}/nics`)).json(), 'host_nic');
}

describe('optional fields in the default fleet', () => {
  it('host NICs: properties on a NIC with a network; speed only where VDSM reports one', async () => {
    const nics = await firstHostNics();
    const byName = new Map(nics.map((n) => [n.name, n]));
    // BackendHostNicsResource: properties of the network attachment (none here: `{}`).
    expect(byName.get('eno1')).toMatchObject({ properties: {}, speed: '10000000000' });
    expect(byName.get('eno2')).toMatchObject({ speed: '10000000000' });
    expect(byName.get('eno2')).not.toHaveProperty('properties');
    // HostNicMapper: `speed` only when > 0; a VLAN has none of its own.
    const vlan = byName.get('eno2.20');
    expect(vlan).toMatchObject({ base_interface: 'eno2', vlan: { id: '20' } });
    expect(vlan).not.toHaveProperty('speed');
    expect(vlan?.mac).toEqual(byName.get('eno2')?.mac);
  });
});
