import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupEngine } from './node';
import { client, items, matching } from './testSupport';

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

/** The engine omits unset values (Jackson NON_NULL): a null anywhere is a fidelity bug. */
function nulls(value: unknown, path = '$'): string[] {
  if (value === null) return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => nulls(v, `${path}[${String(i)}]`));
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      nulls(v, `${path}.${k}`),
    );
  }
  return [];
}

/** Booleans never appear as JSON booleans on the wire (reference §2.4). */
function jsonBooleans(value: unknown, path = '$'): string[] {
  if (typeof value === 'boolean') return [path];
  if (Array.isArray(value))
    return value.flatMap((v, i) => jsonBooleans(v, `${path}[${String(i)}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      jsonBooleans(v, `${path}.${k}`),
    );
  }
  return [];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('API root', () => {
  it('has product_info with string version parts, summary counts as strings and collection links', async () => {
    const res = await api.get('');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const root = res.json();
    expect(root.product_info).toMatchObject({
      name: 'oVirt Engine',
      version: { major: '4', minor: '5' },
    });
    expect(root.summary).toMatchObject({
      vms: { total: '60' },
      hosts: { total: '4', active: '4' },
    });
    expect(typeof root.time).toBe('number');
    const rels = items(root, 'link').map((l) => l.rel);
    expect(rels).toEqual(
      expect.arrayContaining(['vms', 'vms/search', 'hosts', 'events', 'events/search', 'jobs']),
    );
    expect(items(root, 'link').find((l) => l.rel === 'events/search')?.href).toBe(
      '/ovirt-engine/api/events;from={event_id}?search={query}',
    );
  });
});

describe('VMs', () => {
  it('lists 60 VMs of the default fleet in mixed states, sorted by name, engine-encoded', async () => {
    const body = (await api.get('/vms')).json();
    const vms = items(body, 'vm');
    expect(vms).toHaveLength(60);
    const names = vms.map((v) => String(v.name));
    expect(names).toEqual([...names].sort());
    const statuses = new Set(vms.map((v) => v.status));
    expect([...statuses].sort()).toEqual(['down', 'paused', 'suspended', 'up']);
    expect(nulls(body)).toEqual([]);
    expect(jsonBooleans(body)).toEqual([]);
  });

  it('writes scalars as the engine does: strings for ints/booleans, epoch-ms numbers for dates', async () => {
    const vm = items((await api.get('/vms?search=status%3Dup&max=1')).json(), 'vm')[0] ?? {};
    expect(vm.id).toMatch(UUID);
    expect(vm.href).toBe(`/ovirt-engine/api/vms/${String(vm.id)}`);
    expect(vm.memory).toMatch(/^\d+$/);
    expect(vm.stateless).toBe('false');
    expect(vm.cpu).toMatchObject({ architecture: 'x86_64', topology: { sockets: '1' } });
    expect(typeof vm.creation_time).toBe('number');
    expect(typeof vm.start_time).toBe('number');
    expect(vm.host).toEqual({
      href: matching(/^\/ovirt-engine\/api\/hosts\//),
      id: matching(UUID),
    });
    expect(vm.template).toHaveProperty('id');
    const actions = items(vm.actions as Record<string, unknown>, 'link').map((l) => l.rel);
    expect(actions).toEqual(
      expect.arrayContaining([
        'start',
        'stop',
        'shutdown',
        'reboot',
        'suspend',
        'migrate',
        'cancelmigration',
        'clone',
      ]),
    );
    const links = items(vm, 'link').map((l) => l.rel);
    expect(links).toEqual(
      expect.arrayContaining(['nics', 'diskattachments', 'snapshots', 'statistics']),
    );
  });

  it('omits running-only fields on a down VM but keeps every action link', async () => {
    const vm = items((await api.get('/vms?search=status%3Ddown&max=1')).json(), 'vm')[0] ?? {};
    expect(vm.status).toBe('down');
    for (const key of ['host', 'start_time', 'fqdn', 'run_once'])
      expect(vm).not.toHaveProperty(key);
    expect(typeof vm.stop_time).toBe('number');
    expect(items(vm.actions as Record<string, unknown>, 'link').map((l) => l.rel)).toContain(
      'start',
    );
  });

  it('returns a single VM unwrapped, and 404 with an empty body for unknown or malformed ids', async () => {
    const id = String(items((await api.get('/vms?max=1')).json(), 'vm')[0]?.id);
    const one = await api.get(`/vms/${id}`);
    expect(one.json()).toMatchObject({ id, href: `/ovirt-engine/api/vms/${id}` });
    for (const path of [
      '/vms/11111111-2222-3333-4444-555555555555',
      '/vms/not-a-uuid',
      `/vms/${id}/nics/xyz`,
      '/nosuch',
    ]) {
      const res = await api.get(path);
      expect(res.status, path).toBe(404);
      expect(res.text, path).toBe('');
    }
  });

  it('has NICs with reported IPs, disk attachments with disks, the Active VM snapshot', async () => {
    const vm = items((await api.get('/vms?search=status%3Dup&max=1')).json(), 'vm')[0] ?? {};
    const id = String(vm.id);
    const nic = items((await api.get(`/vms/${id}/nics`)).json(), 'nic')[0] ?? {};
    expect(nic).toMatchObject({ interface: 'virtio', linked: 'true', plugged: 'true', vm: { id } });
    expect((nic.mac as { address: string }).address).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    const devices = items(
      (await api.get(`/vms/${id}/nics/${String(nic.id)}/reporteddevices`)).json(),
      'reported_device',
    );
    expect(devices[0]?.ips).toEqual({
      ip: [{ address: matching(/^10\./), version: 'v4' }],
    });

    const attachments = items(
      (await api.get(`/vms/${id}/diskattachments?follow=disk`)).json(),
      'disk_attachment',
    );
    expect(attachments[0]).toMatchObject({
      bootable: 'true',
      interface: 'virtio_scsi',
      active: 'true',
      vm: { id },
    });
    expect(attachments[0]?.id).toBe((attachments[0]?.disk as { id: string }).id);
    expect((attachments[0]?.disk as Record<string, unknown>).provisioned_size).toMatch(/^\d+$/);

    const snapshots = items((await api.get(`/vms/${id}/snapshots`)).json(), 'snapshot');
    expect(snapshots.filter((s) => s.snapshot_type === 'active')).toEqual([
      expect.objectContaining({
        description: 'Active VM',
        snapshot_status: 'ok',
        persist_memorystate: 'false',
      }),
    ]);
  });

  it('has statistics with name-based ids, numeric datums and 30 s history series', async () => {
    const vm = items((await api.get('/vms?search=status%3Dup&max=1')).json(), 'vm')[0] ?? {};
    const stats = items((await api.get(`/vms/${String(vm.id)}/statistics`)).json(), 'statistic');
    const byName = new Map(stats.map((s) => [s.name, s]));
    expect(byName.get('memory.installed')).toMatchObject({
      id: '5a89a1d2-32be-33f7-a0d1-f8b5bc974ff6',
      kind: 'gauge',
      type: 'integer',
      unit: 'bytes',
      values: { value: [{ datum: Number(vm.memory) }] },
      vm: { id: vm.id },
    });
    expect(byName.get('cpu.current.total')?.id).toBe('2ec286fe-4bec-32f5-8d63-dba7bed58763');
    expect(byName.get('elapsed.time')).toMatchObject({ kind: 'counter', unit: 'seconds' });
    const history = items(
      byName.get('cpu.usage.history')?.values as Record<string, unknown>,
      'value',
    );
    expect(history.length).toBeGreaterThan(10);
    for (const v of history) expect(typeof v.datum).toBe('number');
    expect(byName.get('migration.progress')?.values).toEqual({ value: [{ datum: 0 }] });
  });

  it('follows links inline: nics, disk_attachments.disk, statistics, host and cluster', async () => {
    const vm =
      items(
        (
          await api.get(
            '/vms?search=status%3Dup&max=1&follow=nics,disk_attachments.disk,statistics,host,cluster',
          )
        ).json(),
        'vm',
      )[0] ?? {};
    expect(items(vm.nics as Record<string, unknown>, 'nic').length).toBeGreaterThan(0);
    const att = items(vm.disk_attachments as Record<string, unknown>, 'disk_attachment')[0];
    expect((att?.disk as Record<string, unknown>).alias).toBeTypeOf('string');
    expect(items(vm.statistics as Record<string, unknown>, 'statistic').length).toBeGreaterThan(10);
    expect(vm.host).toHaveProperty('name');
    expect(vm.cluster).toHaveProperty('name');
    expect(items(vm, 'link').map((l) => l.rel)).toContain('nics');
  });

  it('hides host and placement policy from the user API (Filter: true)', async () => {
    const vm =
      items((await api.get('/vms?search=status%3Dup&max=1', { Filter: 'true' })).json(), 'vm')[0] ??
      {};
    expect(vm).not.toHaveProperty('host');
    expect(vm).not.toHaveProperty('placement_policy');
    expect(vm.status).toBe('up');
  });

  it('answers an empty collection as {}', async () => {
    const res = await api.get('/vms?search=name%3Dno-such-vm*');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({});
  });
});

describe('hosts, clusters, data centers, templates', () => {
  it('lists hosts with string memory, numeric cpu speed and VM counts', async () => {
    const hosts = items((await api.get('/hosts')).json(), 'host');
    expect(hosts.map((h) => h.name)).toEqual(['host-01', 'host-02', 'host-03', 'host-04']);
    const h = hosts[0] ?? {};
    expect(h).toMatchObject({ status: 'up', protocol: 'stomp', port: '54321', type: 'rhel' });
    expect(h.memory).toMatch(/^\d+$/);
    expect(h.max_scheduling_memory).toMatch(/^\d+$/);
    expect((h.cpu as { speed: unknown }).speed).toBe(2100);
    expect(h.summary).toEqual({
      active: matching(/^\d+$/),
      migrating: '0',
      total: matching(/^\d+$/),
    });
    expect(items(h.actions as Record<string, unknown>, 'link').map((l) => l.rel)).toEqual(
      expect.arrayContaining(['activate', 'deactivate']),
    );
    expect(nulls(hosts)).toEqual([]);
  });

  it('has VM and host NIC statistics with traffic rates and counters', async () => {
    const vm = items((await api.get('/vms?search=status%3Dup&max=1')).json(), 'vm')[0] ?? {};
    const nic = items((await api.get(`/vms/${String(vm.id)}/nics`)).json(), 'nic')[0] ?? {};
    const stats = items(
      (await api.get(`/vms/${String(vm.id)}/nics/${String(nic.id)}/statistics`)).json(),
      'statistic',
    );
    expect(stats.find((s) => s.name === 'data.current.rx')).toMatchObject({
      id: 'ecd0559f-e88f-3330-94b4-1f091b0ffdf7',
      unit: 'bytes_per_second',
      nic: { id: nic.id },
    });
    expect(stats.find((s) => s.name === 'data.total.tx')?.kind).toBe('counter');
    const h = items((await api.get('/hosts')).json(), 'host')[0] ?? {};
    const hnic = items((await api.get(`/hosts/${String(h.id)}/nics`)).json(), 'host_nic')[0] ?? {};
    const hstats = items(
      (await api.get(`/hosts/${String(h.id)}/nics/${String(hnic.id)}/statistics`)).json(),
      'statistic',
    );
    expect(hstats.find((s) => s.name === 'data.current.rx.bps')).toMatchObject({
      unit: 'bits_per_second',
      host_nic: { id: hnic.id },
    });
  });

  it('has host NICs and host statistics', async () => {
    const h = items((await api.get('/hosts')).json(), 'host')[0] ?? {};
    const nics = items((await api.get(`/hosts/${String(h.id)}/nics`)).json(), 'host_nic');
    expect(nics[0]).toMatchObject({ name: 'eno1', mtu: '1500', status: 'up', host: { id: h.id } });
    const stats = items((await api.get(`/hosts/${String(h.id)}/statistics`)).json(), 'statistic');
    expect(stats.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'memory.total',
        'memory.used',
        'cpu.current.user',
        'cpu.load.avg.5m',
      ]),
    );
  });

  it('lists 2 clusters in 1 data center, and templates including Blank', async () => {
    const clusters = items((await api.get('/clusters')).json(), 'cluster');
    expect(clusters.map((c) => c.name)).toEqual(['Default', 'Production']);
    const dcs = items((await api.get('/datacenters')).json(), 'data_center');
    expect(dcs).toHaveLength(1);
    expect(clusters[0]?.data_center).toEqual({
      href: `/ovirt-engine/api/datacenters/${String(dcs[0]?.id)}`,
      id: dcs[0]?.id,
    });
    const templates = items((await api.get('/templates')).json(), 'template');
    const blank = templates.find((t) => t.name === 'Blank');
    expect(blank?.id).toBe('00000000-0000-0000-0000-000000000000');
    expect(blank).not.toHaveProperty('cluster');
    expect(templates.length).toBeGreaterThanOrEqual(3);
  });
});

describe('headers and bodies', () => {
  it('echoes a valid Correlation-Id and generates one otherwise', async () => {
    expect(
      (await api.get('/vms?max=1', { 'Correlation-Id': 'abc-123' })).headers.get('Correlation-Id'),
    ).toBe('abc-123');
    expect((await api.get('/vms?max=1&correlation_id=q_1')).headers.get('Correlation-Id')).toBe(
      'q_1',
    );
    expect(
      (await api.get('/vms?max=1', { 'Correlation-Id': 'bad id!' })).headers.get('Correlation-Id'),
    ).toMatch(UUID);
  });

  it('rejects a malformed JSON body with the engine fault', async () => {
    const vm = items((await api.get('/vms?search=status%3Ddown&max=1')).json(), 'vm')[0] ?? {};
    const res = await api.post(`/vms/${String(vm.id)}/start`, '{"async": ');
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({
      reason: 'Request syntactically incorrect.',
      detail:
        'For correct usage, see: http://engine.test/ovirt-engine/apidoc#services/vm/methods/start',
    });
  });

  it('accepts matrix parameters and the /v4 prefix', async () => {
    expect(items((await api.get('/vms;max=2')).json(), 'vm')).toHaveLength(2);
    expect(items((await api.get('/v4/hosts')).json(), 'host')).toHaveLength(4);
  });
});
