/**
 * Every collection the API root advertises exists, in the engine's shapes: its list answers 200
 * with the collection's key, each item's `href` reads it back, a `…/search` link searches, and
 * every reference inside these items points at something the engine serves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupEngine } from './node';
import { client, items } from './testSupport';

const setup = setupEngine({ clock: 'manual' });
const api = client(setup);

/** The engine's JSON key for each collection's items (the singular of the XML element). */
const ITEM_KEY: Record<string, string> = {
  clusters: 'cluster',
  datacenters: 'data_center',
  disks: 'disk',
  events: 'event',
  hosts: 'host',
  jobs: 'job',
  networks: 'network',
  storagedomains: 'storage_domain',
  templates: 'template',
  users: 'user',
  vms: 'vm',
  vnicprofiles: 'vnic_profile',
};

beforeAll(() => {
  setup.server.listen({ onUnhandledRequest: 'error' });
});
afterAll(() => {
  setup.close();
});

async function rootLinks(): Promise<{ rel: string; href: string }[]> {
  const root = (await api.get('')).json();
  return root.link as { rel: string; href: string }[];
}

describe('collections of the API root', () => {
  it('is a 4.5 engine, as dev/engine/README.md states', async () => {
    const root = (await api.get('')).json();
    expect(root.product_info).toMatchObject({ version: { major: '4', minor: '5' } });
  });

  it('every advertised collection lists items that read back by href', async () => {
    const links = (await rootLinks()).filter((l) => !l.rel.includes('/'));
    expect(links.map((l) => l.rel).sort()).toEqual(Object.keys(ITEM_KEY).sort());
    for (const { rel, href } of links) {
      const res = await api.get(`http://engine.test${href}`);
      expect(res.status, rel).toBe(200);
      const list = items(res.json(), ITEM_KEY[rel] ?? '?');
      // A fresh engine has run no job yet; every other collection has items.
      if (rel === 'jobs') continue;
      expect(list.length, rel).toBeGreaterThan(0);
      const first = list[0] ?? {};
      expect(first.href, rel).toBe(`${href}/${String(first.id)}`);
      const one = await api.get(`http://engine.test${String(first.href)}`);
      expect(one.status, `${rel} item`).toBe(200);
      expect(one.json().id).toBe(first.id);
    }
  });

  it('every advertised search answers', async () => {
    for (const { rel, href } of (await rootLinks()).filter((l) => l.rel.endsWith('/search'))) {
      const query = rel === 'events/search' ? 'severity=normal' : 'name=*';
      const url = href.replace('{query}', encodeURIComponent(query)).replace('{event_id}', '0');
      const res = await api.get(`http://engine.test${url}`);
      expect(res.status, rel).toBe(200);
    }
  });

  it('host NICs with an address report a link-local IPv6 address too', async () => {
    const [host] = items((await api.get('/hosts?search=status%3Dup&max=1')).json(), 'host');
    const nics = items((await api.get(`/hosts/${String(host?.id)}/nics`)).json(), 'host_nic');
    const withIp = nics.filter((n) => typeof n.ip === 'object');
    expect(withIp.length).toBeGreaterThan(0);
    for (const n of withIp)
      expect((n.ipv6 as { address?: string }).address).toMatch(/^fe80::[0-9a-f:]+$/);
  });

  it('the network, profile and storage references of hosts and VMs resolve', async () => {
    const [host] = items((await api.get('/hosts?search=status%3Dup&max=1')).json(), 'host');
    const nics = items((await api.get(`/hosts/${String(host?.id)}/nics`)).json(), 'host_nic');
    const [vm] = items((await api.get('/vms?max=1')).json(), 'vm');
    const vmNics = items((await api.get(`/vms/${String(vm?.id)}/nics`)).json(), 'nic');
    const refs = [
      ...nics.map((n) => n.network),
      ...vmNics.map((n) => n.vnic_profile),
      ...(vm?.storage_domain ? [vm.storage_domain] : []),
    ].filter((r): r is { href: string; id: string } => typeof r === 'object' && r !== null);
    expect(refs.length).toBeGreaterThan(1);
    for (const r of refs) {
      const res = await api.get(`http://engine.test${r.href}`);
      expect(res.status, r.href).toBe(200);
      expect(res.json().id).toBe(r.id);
    }
  });
});
