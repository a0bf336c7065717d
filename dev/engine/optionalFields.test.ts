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

  it('VMs: display as VmMapper/DisplayMapper send it, ports and address only while running', async () => {
    const up = items((await api.get('/vms?search=status%3Dup&max=1')).json(), 'vm')[0] ?? {};
    const down = items((await api.get('/vms?search=status%3Ddown&max=1')).json(), 'vm')[0] ?? {};
    expect(up.display).toMatchObject({
      type: 'spice',
      video_type: 'qxl',
      monitors: '1',
      address: expect.stringMatching(/^192\.168\./) as unknown,
    });
    // libvirt's graphics port range (5900–6923), TLS port beside the plain one.
    const d = up.display as Record<string, string>;
    expect(Number(d.port)).toBeGreaterThanOrEqual(5900);
    expect(Number(d.secure_port)).toBeLessThanOrEqual(6923);
    expect(Number(d.secure_port)).toBe(Number(d.port) + 1);
    expect(down.display).toMatchObject({ type: 'spice', monitors: '1' });
    expect(down.display).not.toHaveProperty('port');
    expect(down.display).not.toHaveProperty('address');
  });

  it('VMs: /vms/{id}/cdroms answers the one CD-ROM as BackendVmCdromsResource does', async () => {
    const vm = items((await api.get('/vms?max=1')).json(), 'vm')[0] ?? {};
    const id = String(vm.id);
    expect(items(vm, 'link').map((l) => l.rel)).toContain('cdroms');
    const cdroms = items((await api.get(`/vms/${id}/cdroms`)).json(), 'cdrom');
    expect(cdroms).toEqual([
      {
        href: `/ovirt-engine/api/vms/${id}/cdroms/00000000-0000-0000-0000-000000000000`,
        id: '00000000-0000-0000-0000-000000000000',
        vm: { href: `/ovirt-engine/api/vms/${id}`, id },
      },
    ]);
    const one = await api.get(`/vms/${id}/cdroms/00000000-0000-0000-0000-000000000000`);
    expect(one.status).toBe(200);
    expect(one.json()).toEqual(cdroms[0]);
    expect((await api.get(`/vms/${id}/cdroms/11111111-1111-1111-1111-111111111111`)).status).toBe(
      404,
    );
  });

  it('clusters: the keys ClusterMapper sends, scheduling properties only where set', async () => {
    const clusters = items((await api.get('/clusters')).json(), 'cluster');
    const byName = new Map(clusters.map((c) => [c.name, c]));
    for (const c of clusters) {
      expect(c).toMatchObject({
        migration: {
          policy: { id: '80554327-0569-496b-bdeb-fcbbf52b827b' },
          parallel_migrations_policy: 'disabled',
        },
        fencing_policy: {
          enabled: 'true',
          skip_if_sd_active: { enabled: 'false' },
          skip_if_connectivity_broken: { enabled: 'false', threshold: '50' },
        },
        scheduling_policy: { id: 'b4ed2332-a7ac-4d5f-9596-99a439cb2812' },
        error_handling: { on_error: 'migrate' },
        ksm: { enabled: 'true' },
        memory_policy: { over_commit: { percent: '100' } },
        threads_as_cores: 'false',
        firewall_type: 'firewalld',
        upgrade_in_progress: 'false',
      });
    }
    expect(byName.get('Default')).not.toHaveProperty('custom_scheduling_policy_properties');
    expect(byName.get('Production')?.custom_scheduling_policy_properties).toEqual({
      property: [
        { name: 'HighUtilization', value: '80' },
        { name: 'CpuOverCommitDurationMinutes', value: '2' },
      ],
    });
  });

  it('events: correlation_id on what an action caused, absent on monitoring events', async () => {
    const before = items((await api.get('/events')).json(), 'event');
    expect(before.length).toBeGreaterThan(0);
    // The seeded history (login, hosts set to Up by monitoring) has no action behind it.
    for (const e of before) expect(e).not.toHaveProperty('correlation_id');
    const high = Math.max(...before.map((e) => Number(e.id)));
    const down = setup.engine.sortedVms().find((v) => v.status === 'down');
    await api.post(`/vms/${down?.id ?? ''}/start`, {}, { 'Correlation-Id': 'opt-7' });
    setup.engine.scheduler.advance(10_000);
    const after = items((await api.get(`/events?from=${String(high)}`)).json(), 'event');
    expect(after.length).toBeGreaterThan(0);
    for (const e of after) expect(e.correlation_id).toBe('opt-7');
  });

  it('references carry only href and id: no names to lean on', async () => {
    const vm = items((await api.get('/vms?search=status%3Dup&max=1')).json(), 'vm')[0] ?? {};
    for (const key of ['cluster', 'host', 'template', 'original_template', 'cpu_profile']) {
      const r = vm[key] as Record<string, unknown>;
      expect(Object.keys(r).sort(), key).toEqual(['href', 'id']);
      expect(r.href, key).toMatch(new RegExp(`/${String(r.id)}$`));
    }
    const h = items((await api.get('/hosts')).json(), 'host')[0] ?? {};
    expect(Object.keys(h.cluster as object).sort()).toEqual(['href', 'id']);
    const c = items((await api.get('/clusters')).json(), 'cluster')[0] ?? {};
    expect(Object.keys(c.data_center as object).sort()).toEqual(['href', 'id']);
    const eno1 = (await firstHostNics()).find((n) => n.name === 'eno1');
    expect(Object.keys(eno1?.network as object).sort()).toEqual(['href', 'id']);
  });
});
