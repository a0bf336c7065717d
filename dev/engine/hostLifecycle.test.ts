import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupEngine } from './node';
import { anyString, client, items, matching } from './testSupport';
import type { HostRecord } from './model/types';

const STEP = 1000;
const setup = setupEngine({ clock: 'manual', timeScale: STEP });
const { engine } = setup;
const api = client(setup);
const LAB = 'http://engine.test/__engine/lab';

beforeAll(() => {
  setup.server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  engine.reset();
});
afterAll(() => {
  setup.close();
});

const step = (n = 1): void => {
  engine.scheduler.advance(n * STEP);
};

function host(name: string): HostRecord {
  const h = engine.findHost(name);
  if (!h) throw new Error(`no ${name}`);
  return h;
}

const lab = (body: unknown): Promise<Response> =>
  fetch(LAB, { method: 'POST', body: JSON.stringify(body) });

const eventsFor = (hostId: string): string[] =>
  engine.state.events
    .filter((e) => e.hostId === hostId)
    .map((e) => `${String(e.code)} ${e.description}`);

describe('power management and fence', () => {
  it('every host but the last of each cluster has power management and an agent', async () => {
    const h1 = (await api.get(`/hosts/${host('host-01').id}`)).json();
    expect(h1.power_management).toMatchObject({ enabled: 'true' });
    const h2 = (await api.get(`/hosts/${host('host-02').id}`)).json();
    expect(h2.power_management).toMatchObject({ enabled: 'false' });
    const agents = items(
      (await api.get(`/hosts/${host('host-01').id}/fenceagents`)).json(),
      'agent',
    );
    expect(agents).toEqual([
      expect.objectContaining({
        type: 'ipmilan',
        address: 'ipmi-host-01.lab.example.com',
        order: '1',
      }),
    ]);
    expect((await api.get(`/hosts/${host('host-02').id}/fenceagents`)).json()).toEqual({});
  });

  it('restart: reboot → non_responsive → connecting → initializing → up; the VMs on it go down', async () => {
    const h = host('host-01');
    const running = [...engine.state.vms.values()].filter((v) => v.hostId === h.id);
    expect(running.length).toBeGreaterThan(0);
    const res = await api.post(`/hosts/${h.id}/fence`, { fence_type: 'restart' });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ status: 'complete', fence_type: 'restart' });
    expect(h.status).toBe('reboot');
    for (const vm of running) expect(vm.status).toBe('down');
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      step();
      seen.push(h.status);
    }
    expect(seen).toEqual(['reboot', 'non_responsive', 'connecting', 'initializing', 'up', 'up']);
    const ev = eventsFor(h.id);
    expect(ev).toContain('9017 Power management stop of Host host-01 initiated.');
    expect(ev).toContain('9018 Power management start of Host host-01 succeeded.');
    expect(ev).toContain('41 Host host-01 was restarted by admin@internal-authz.');
    expect(ev.at(-1)).toBe('13 Status of host host-01 was set to Up.');
    expect(ev.some((e) => e.startsWith('143 Vm '))).toBe(true);
  });

  it('a host in maintenance stays in maintenance after a restart', async () => {
    const h = host('host-01');
    h.status = 'maintenance';
    await api.post(`/hosts/${h.id}/fence`, { fence_type: 'restart' });
    step(5);
    expect(h.status).toBe('maintenance');
  });

  it('refuses every agent action on a host without power management, in the engine words', async () => {
    const h = host('host-02');
    for (const type of ['restart', 'start', 'stop', 'status']) {
      const res = await api.post(`/hosts/${h.id}/fence`, { fence_type: type });
      expect(res.status).toBe(409);
      expect(res.json()).toMatchObject({
        status: 'failed',
        fault: {
          reason: 'Operation Failed',
          detail: '[Cannot fence Host, Host fence is disabled.]',
        },
      });
    }
    expect(h.status).toBe('up');
  });

  it('status answers power_management.status; stop then start', async () => {
    const h = host('host-01');
    const st = await api.post(`/hosts/${h.id}/fence`, { fence_type: 'status' });
    expect(st.json()).toMatchObject({ status: 'complete', power_management: { status: 'on' } });
    await api.post(`/hosts/${h.id}/fence`, { fence_type: 'stop' });
    expect(h.status).toBe('down');
    const off = await api.post(`/hosts/${h.id}/fence`, { fence_type: 'status' });
    expect(off.json()).toMatchObject({ power_management: { status: 'off' } });
    await api.post(`/hosts/${h.id}/fence`, { fence_type: 'start' });
    step(5);
    expect(h.status).toBe('up');
  });

  it('manual fence is refused on an up host and accepted on a non responsive one', async () => {
    const h = host('host-02');
    const up = await api.post(`/hosts/${h.id}/fence`, { fence_type: 'manual' });
    expect(up.status).toBe(409);
    expect((up.json().fault as { detail: string }).detail).toContain(
      "Cannot confirm 'Host has been rebooted' Host. Valid Host statuses are",
    );
    h.status = 'non_responsive';
    const ok = await api.post(`/hosts/${h.id}/fence`, { fence_type: 'manual' });
    expect(ok.status).toBe(200);
    expect(eventsFor(h.id)).toContain('494 Manual fence for host host-02 was started.');
    expect([...engine.state.vms.values()].some((v) => v.hostId === h.id)).toBe(false);
  });

  it('fence_type is required and must be a FenceType', async () => {
    const h = host('host-01');
    const none = await api.post(`/hosts/${h.id}/fence`, {});
    expect(none.status).toBe(400);
    expect(none.json()).toMatchObject({ reason: 'Incomplete parameters' });
    const bad = await api.post(`/hosts/${h.id}/fence`, { fence_type: 'reboot' });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ reason: 'Invalid value' });
  });
});

describe('reasons', () => {
  it('clusters serve maintenance_reason_required and optional_reason; the lab knob sets them', async () => {
    const id = engine.findCluster('Default')?.id ?? '';
    expect((await api.get(`/clusters/${id}`)).json()).toMatchObject({
      maintenance_reason_required: 'false',
      optional_reason: 'false',
    });
    await lab({
      clusters: [{ name: 'Default', maintenanceReasonRequired: true, optionalReason: true }],
    });
    expect((await api.get(`/clusters/${id}`)).json()).toMatchObject({
      maintenance_reason_required: 'true',
      optional_reason: 'true',
    });
  });

  it('deactivate with a reason: event 600 names it, status_detail carries it until activate', async () => {
    const h = host('host-02');
    await api.post(`/hosts/${h.id}/deactivate`, { reason: 'BIOS update' });
    expect(eventsFor(h.id)).toContain(
      '600 Host host-02 was switched to Maintenance mode by admin@internal-authz (Reason: BIOS update).',
    );
    const w = (await api.get(`/hosts/${h.id}`)).json();
    expect(w).toMatchObject({ status: 'preparing_for_maintenance', status_detail: 'BIOS update' });
    h.status = 'maintenance';
    expect((await api.get(`/hosts/${h.id}`)).json()).toMatchObject({
      status_detail: 'BIOS update',
    });
    await api.post(`/hosts/${h.id}/activate`, {});
    step(3);
    expect((await api.get(`/hosts/${h.id}`)).json()).not.toHaveProperty('status_detail');
  });

  it('deactivate without a reason is event 620, even on a cluster that requires one (the engine does not check)', async () => {
    await lab({ clusters: [{ name: 'Default', maintenanceReasonRequired: true }] });
    const h = host('host-02');
    const res = await api.post(`/hosts/${h.id}/deactivate`, {});
    expect(res.status).toBe(200);
    expect(eventsFor(h.id)).toContain(
      '620 Host host-02 was switched to Maintenance mode by admin@internal-authz.',
    );
  });

  it('VM shutdown and power off put the reason in their events', async () => {
    const [a, b] = engine.sortedVms().filter((v) => v.status === 'up');
    if (!a || !b) throw new Error('need two up VMs');
    await api.post(`/vms/${a.id}/shutdown`, { reason: 'patching' });
    await api.post(`/vms/${b.id}/stop`, { reason: 'hung guest' });
    const texts = engine.state.events.map((e) => e.description);
    expect(
      texts.some(
        (t) => t.startsWith(`VM shutdown initiated by`) && t.endsWith(' (Reason: patching).'),
      ),
    ).toBe(true);
    expect(
      texts.some(
        (t) => t.startsWith(`VM ${b.name} powered off by`) && t.endsWith(' (Reason: hung guest).'),
      ),
    ).toBe(true);
  });
});

describe('hooks and versions', () => {
  it('serves the host hooks; the lab knob makes one md5 differ', async () => {
    const h = host('host-01');
    const hooks = items((await api.get(`/hosts/${h.id}/hooks`)).json(), 'hook');
    expect(hooks.length).toBeGreaterThan(3);
    const first = hooks[0] ?? {};
    expect(first).toMatchObject({
      event_name: anyString,
      name: anyString,
      md5: matching(/^[0-9a-f]{32}$/),
    });
    const one = (await api.get(`/hosts/${h.id}/hooks/${String(first.id)}`)).json();
    expect(one).toEqual(first);
    const other = items((await api.get(`/hosts/${host('host-02').id}/hooks`)).json(), 'hook');
    expect(other.map((x) => x.md5)).toEqual(hooks.map((x) => x.md5));
    await lab({
      hosts: [
        {
          name: 'host-02',
          hook: {
            eventName: 'before_vm_start',
            name: '50_vhostmd',
            md5: 'deadbeefdeadbeefdeadbeefdeadbeef',
          },
        },
      ],
    });
    const after = items((await api.get(`/hosts/${host('host-02').id}/hooks`)).json(), 'hook');
    expect(
      after.find((x) => x.name === '50_vhostmd' && x.event_name === 'before_vm_start')?.md5,
    ).toBe('deadbeefdeadbeefdeadbeefdeadbeef');
  });

  it('the lab knob gives one host other versions and power management off', async () => {
    const res = await lab({
      hosts: [
        { name: 'host-01', powerManagement: false, software: { vdsm: 'vdsm-4.50.2.1-1.el8' } },
      ],
    });
    expect(res.status).toBe(200);
    const w = (await api.get(`/hosts/${host('host-01').id}`)).json();
    expect(w.version).toMatchObject({ full_version: 'vdsm-4.50.2.1-1.el8' });
    expect(w.power_management).toMatchObject({ enabled: 'false' });
    expect((await lab({ hosts: [{ name: 'nope' }] })).status).toBe(400);
  });
});
