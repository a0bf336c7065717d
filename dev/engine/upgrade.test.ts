import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupEngine } from './node';
import { client } from './testSupport';
import { UPGRADED_HOST_SOFTWARE } from './model/upgrade';

const STEP = 1000;
const setup = setupEngine({ clock: 'manual', timeScale: STEP, scenario: 'evacuation' });
const { engine } = setup;
const api = client(setup);

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
const host = (name: string) => {
  const h = engine.findHost(name);
  if (!h) throw new Error(`no host ${name}`);
  return h;
};
const wire = async (id: string) => (await api.get(`/hosts/${id}`)).json();
const events = () => engine.state.events.map((e) => e.description);

describe('upgradecheck', () => {
  it('starts, then sets update_available from the repositories and says so in events', async () => {
    const h = host('host-02');
    h.updatesPending = true;
    expect((await wire(h.id)).update_available).toBe('false');
    const res = await api.post(`/hosts/${h.id}/upgradecheck`, {});
    expect(res.status).toBe(200);
    expect(events()).toContain(`Started to check for available updates on host ${h.name}.`);
    expect((await wire(h.id)).update_available).toBe('false');
    step(2);
    expect((await wire(h.id)).update_available).toBe('true');
    expect(events().some((e) => e.startsWith(`Host ${h.name} has available updates: vdsm`))).toBe(
      true,
    );
    expect(
      events().some((e) =>
        e.startsWith(`Check for available updates on host ${h.name} was completed successfully`),
      ),
    ).toBe(true);
  });

  it('checks a host whose last upgrade failed (Install Failed), as ActionUtils allows', async () => {
    const h = host('host-02');
    h.updatesPending = true;
    h.status = 'install_failed';
    const res = await api.post(`/hosts/${h.id}/upgradecheck`, {});
    expect(res.status).toBe(200);
    step(2);
    expect((await wire(h.id)).update_available).toBe('true');
  });

  it('finds nothing on a host without updates', async () => {
    const h = host('host-03');
    await api.post(`/hosts/${h.id}/upgradecheck`, {});
    step(2);
    expect((await wire(h.id)).update_available).toBe('false');
    expect(events()).toContain(
      `Check for available updates on host ${h.name} was completed successfully with message 'no updates found.'.`,
    );
  });
});

describe('upgrade', () => {
  it('refuses a host without known updates, in the engine wording', async () => {
    const h = host('host-02');
    const res = await api.post(`/hosts/${h.id}/upgrade`, {});
    expect(res.status).toBe(409);
    expect(res.json()).toMatchObject({
      status: 'failed',
      fault: { detail: '[Cannot upgrade Host. There are no available updates for the host.]' },
    });
  });

  it('maintenance → installing → reboot → maintenance, on the new software', async () => {
    const h = host('host-02');
    await api.post(`/hosts/${h.id}/deactivate`, {});
    for (let i = 0; i < 20 && h.status !== 'maintenance'; i++) step();
    expect(h.status).toBe('maintenance');
    engine.faults.set({});
    const knob = await api.post('http://engine.test/__engine/updates', {
      hosts: ['host-02'],
      known: true,
    });
    expect(knob.json()).toEqual({ hosts: ['host-02'] });
    const res = await api.post(`/hosts/${h.id}/upgrade`, {}, { 'Correlation-Id': 'up-1' });
    expect(res.status).toBe(200);
    expect(events()).toContain(`Host ${h.name} upgrade was started (User: admin@internal-authz).`);
    expect((await wire(h.id)).status).toBe('installing');
    step(2);
    expect((await wire(h.id)).status).toBe('reboot');
    expect(events()).toContain(`Upgrade was successful and host ${h.name} will be rebooted.`);
    step(2);
    const after = await wire(h.id);
    expect(after.status).toBe('maintenance');
    expect(after.update_available).toBe('false');
    expect(after.version).toMatchObject({ full_version: UPGRADED_HOST_SOFTWARE.vdsm });
    expect(engine.state.events.filter((e) => e.correlationId === 'up-1').length).toBeGreaterThan(1);
  });

  it('moves an up host to maintenance itself and brings it back up', async () => {
    const h = host('host-04');
    h.updateAvailable = true;
    await api.post(`/hosts/${h.id}/upgrade`, {});
    expect(['preparing_for_maintenance', 'maintenance']).toContain(h.status);
    const seen = new Set<string>();
    for (let i = 0; i < 40 && !(seen.has('reboot') && h.status === 'up'); i++) {
      step();
      seen.add(h.status);
    }
    expect([...seen]).toEqual(expect.arrayContaining(['installing', 'reboot', 'up']));
    expect(h.software.vdsm).toBe(UPGRADED_HOST_SOFTWARE.vdsm);
  });

  it('ends in install_failed with HOST_UPGRADE_FAILED under the fail knob', async () => {
    const h = host('host-03');
    h.updateAvailable = true;
    h.status = 'maintenance';
    engine.faults.set({
      failActions: [{ vm: 'host-03', action: 'upgrade', mode: 'async', detail: 'dnf failed' }],
    });
    await api.post(`/hosts/${h.id}/upgrade`, {});
    step(2);
    expect((await wire(h.id)).status).toBe('install_failed');
    expect(events()).toContain(
      `Failed to upgrade Host ${h.name} (User: admin@internal-authz). dnf failed.`,
    );
    expect(h.software.vdsm).not.toBe(UPGRADED_HOST_SOFTWARE.vdsm);
  });

  it('refuses a host in a status the engine cannot upgrade from', async () => {
    const h = host('host-03');
    h.updateAvailable = true;
    h.status = 'installing';
    const res = await api.post(`/hosts/${h.id}/upgrade`, {});
    expect(res.status).toBe(409);
    expect(res.json()).toMatchObject({
      fault: {
        detail:
          '[Cannot upgrade Host. Valid Host statuses for upgrade are Up, Maintenance, and Non-Operational.]',
      },
    });
  });
});

describe('cluster upgrade mode', () => {
  it('start / update_progress / finish show on the cluster, with the audit events', async () => {
    const c = [...engine.state.clusters.values()][0];
    if (!c) throw new Error('no cluster');
    const read = async () => (await api.get(`/clusters/${c.id}`)).json();
    expect((await read()).upgrade_in_progress).toBe('false');
    let res = await api.post(`/clusters/${c.id}/upgrade`, {
      upgrade_action: 'start',
      correlation_id: 'roll-1',
    });
    expect(res.status).toBe(200);
    expect(await read()).toMatchObject({
      upgrade_in_progress: 'true',
      upgrade_percent_complete: '0',
      upgrade_correlation_id: 'roll-1',
    });
    res = await api.post(`/clusters/${c.id}/upgrade`, {
      upgrade_action: 'update_progress',
      upgrade_percent_complete: 50,
      correlation_id: 'roll-1',
    });
    expect(res.status).toBe(200);
    expect((await read()).upgrade_percent_complete).toBe('50');
    res = await api.post(`/clusters/${c.id}/upgrade`, { upgrade_action: 'finish' });
    expect(res.status).toBe(200);
    expect((await read()).upgrade_in_progress).toBe('false');
    expect(events()).toEqual(
      expect.arrayContaining([
        `Successfully set upgrade running flag on Host cluster ${c.name} by admin@internal-authz`,
        `Successfully cleared upgrade running flag on Host cluster ${c.name} by (User: admin@internal-authz)`,
      ]),
    );
    res = await api.post(`/clusters/${c.id}/upgrade`, { upgrade_action: 'bogus' });
    expect(res.status).toBe(400);
  });
});

describe('cluster upgrade mode refusals (Start/UpdateClusterUpgradeCommand)', () => {
  const cluster = () => {
    const c = [...engine.state.clusters.values()][0];
    if (!c) throw new Error('no cluster');
    return c;
  };
  const post = (id: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
    api.post(`/clusters/${id}/upgrade`, body, headers);

  it('refuses a second start while the mode is on: 400, the execute-failed text, event 893', async () => {
    const c = cluster();
    expect((await post(c.id, { upgrade_action: 'start', correlation_id: 'run-a' })).status).toBe(
      200,
    );
    const again = await post(c.id, { upgrade_action: 'start', correlation_id: 'run-b' });
    expect(again.status).toBe(400);
    expect(again.json()).toMatchObject({
      status: 'failed',
      fault: {
        reason: 'Operation Failed',
        detail: `[Failed to set upgrade running flag on cluster '${c.id}'.]`,
      },
    });
    expect(events()).toContain(
      `Failed to set upgrade running flag on Host cluster ${c.name} by admin@internal-authz`,
    );
    // The first run keeps the mode: its correlation id is unchanged.
    const read = (await api.get(`/clusters/${c.id}`)).json();
    expect(read).toMatchObject({ upgrade_in_progress: 'true', upgrade_correlation_id: 'run-a' });
    // Finishing always clears it; a start then succeeds again.
    expect((await post(c.id, { upgrade_action: 'finish' })).status).toBe(200);
    expect((await post(c.id, { upgrade_action: 'start', correlation_id: 'run-b' })).status).toBe(
      200,
    );
  });

  it('takes the start correlation id from the Correlation-Id header when the body has none', async () => {
    const c = cluster();
    await post(c.id, { upgrade_action: 'start' }, { 'Correlation-Id': 'hdr-1' });
    expect((await api.get(`/clusters/${c.id}`)).json().upgrade_correlation_id).toBe('hdr-1');
    const ok = await post(
      c.id,
      { upgrade_action: 'update_progress', upgrade_percent_complete: 25 },
      { 'Correlation-Id': 'hdr-1' },
    );
    expect(ok.status).toBe(200);
  });

  it('update_progress: not started, percent out of range, another correlation id', async () => {
    const c = cluster();
    const detail = async (body: Record<string, unknown>) => {
      const res = await post(c.id, body);
      expect(res.status).toBe(400);
      return (res.json() as { fault: { detail: string } }).fault.detail;
    };
    expect(await detail({ upgrade_action: 'update_progress', upgrade_percent_complete: 10 })).toBe(
      '[Cannot update progress, cluster upgrade has not been started.]',
    );
    await post(c.id, { upgrade_action: 'start', correlation_id: 'run-a' });
    expect(
      await detail({
        upgrade_action: 'update_progress',
        upgrade_percent_complete: 101,
        correlation_id: 'run-a',
      }),
    ).toBe(
      '[Cannot update upgrade percent complete, the value needs to be in the range of 0 to 100.]',
    );
    expect(
      await detail({
        upgrade_action: 'update_progress',
        upgrade_percent_complete: 10,
        correlation_id: 'run-b',
      }),
    ).toBe(
      '[Cannot update progress, given correlation id does not match the current update correlation id.]',
    );
    expect((await api.get(`/clusters/${c.id}`)).json().upgrade_percent_complete).toBe('0');
  });
});

describe('upgrade without reboot (UpgradeHostInternalCommand, reboot=false)', () => {
  it('installs and returns the host without the reboot state, with HOST_UPGRADE_FINISHED', async () => {
    const h = host('host-04');
    h.updateAvailable = true;
    const res = await api.post(`/hosts/${h.id}/upgrade`, { reboot: false });
    expect(res.status).toBe(200);
    const seen = new Set<string>();
    for (let i = 0; i < 40 && !(seen.has('installing') && h.status === 'up'); i++) {
      step();
      seen.add(h.status);
    }
    expect(seen.has('installing')).toBe(true);
    expect(seen.has('reboot')).toBe(false);
    expect(h.status).toBe('up');
    expect(h.software.vdsm).toBe(UPGRADED_HOST_SOFTWARE.vdsm);
    expect(events()).toContain(`Host ${h.name} upgrade was completed successfully.`);
    expect(events()).not.toContain(`Upgrade was successful and host ${h.name} will be rebooted.`);
  });

  it('reboots when the flag is absent or true (the engine default)', async () => {
    for (const body of [{}, { reboot: true }]) {
      engine.reset();
      const h = host('host-03');
      h.updateAvailable = true;
      h.status = 'maintenance';
      await api.post(`/hosts/${h.id}/upgrade`, body);
      step(2);
      expect(h.status).toBe('reboot');
    }
  });
});
