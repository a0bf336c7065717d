import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import type { EngineControl } from './support/engineControl';

/**
 * Rolling upgrade, end to end, on the engine's `evacuation` scenario (one cluster of four hosts,
 * eighteen running VMs, twelve of them on host-01): check for upgrade → plan → one host at a
 * time (evacuate, maintenance, upgrade and reboot, activate) → every host up on the new VDSM;
 * a failing host stops the run; a reload mid-run resumes without repeating a step. The engine's
 * request log and events are the proof.
 */

const HOSTS = ['host-01', 'host-02', 'host-03', 'host-04'];
/** What the simulated engine installs (dev/engine/model/upgrade.ts). */
const NEW_VDSM = 'vdsm-4.50.5.1-1.el8';

interface WireRef {
  id: string;
}
interface WireVm {
  id: string;
  name: string;
  status: string;
  host?: WireRef;
}
interface WireHost {
  id: string;
  name: string;
  status: string;
  update_available?: string;
  version?: { full_version?: string };
  cluster?: WireRef;
}
interface WireCluster {
  id: string;
  upgrade_in_progress?: string;
}
interface WireEvent {
  description: string;
  code: string | number;
}

class Rest {
  constructor(
    private readonly request: APIRequestContext,
    private readonly token: string,
  ) {}

  async get<T>(path: string, key: string): Promise<T[]> {
    const res = await this.request.get(`/ovirt-engine/api/${path}`, {
      headers: { Accept: 'application/json', Authorization: `Bearer ${this.token}` },
    });
    expect(res.ok(), `GET ${path}`).toBe(true);
    return ((await res.json()) as Record<string, T[] | undefined>)[key] ?? [];
  }

  hosts = (): Promise<WireHost[]> => this.get<WireHost>('hosts', 'host');
  vms = (): Promise<WireVm[]> => this.get<WireVm>('vms', 'vm');
  clusters = (): Promise<WireCluster[]> => this.get<WireCluster>('clusters', 'cluster');
  events = (): Promise<WireEvent[]> => this.get<WireEvent>('events?max=5000', 'event');
}

/** The up VMs, and a watcher that records any of them seen in another state than up/migrating. */
async function watchVms(rest: Rest): Promise<{ up: string[]; stop: () => Promise<string[]> }> {
  const up = (await rest.vms()).filter((v) => v.status === 'up').map((v) => v.id);
  const bad = new Set<string>();
  const flag = { running: true };
  const loop = (async () => {
    while (flag.running) {
      for (const v of await rest.vms()) {
        if (up.includes(v.id) && v.status !== 'up' && v.status !== 'migrating')
          bad.add(`${v.name}:${v.status}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return {
    up,
    stop: async () => {
      flag.running = false;
      await loop;
      return [...bad];
    },
  };
}

async function hostIds(rest: Rest): Promise<Map<string, string>> {
  return new Map((await rest.hosts()).map((h) => [h.name, h.id]));
}

async function upgradePosts(engine: EngineControl, id: string) {
  return engine.requests({ method: 'POST', path: new RegExp(`/hosts/${id}/upgrade$`) });
}

test.describe('rolling upgrade', () => {
  test.setTimeout(300_000);

  test.beforeEach(async ({ engine }) => {
    await engine.reset({ scenario: 'evacuation', timeScale: 120 });
  });

  test('checks, then upgrades a 4-host cluster one host at a time with every VM up', async ({
    webadmin,
    engine,
    request,
  }) => {
    const rest = new Rest(request, await engine.token());
    const ids = await hostIds(rest);
    // The repositories have updates for every host; the engine learns it from a check.
    await engine.updates();
    await engine.clearRequests();

    await webadmin.open({ place: 'hosts' });
    await webadmin.selectHosts(...HOSTS);
    await webadmin.clickButton('ops-center-host-upgradecheck');
    const dialog = webadmin.dialogFrame('ops-center-host-upgrade');
    await expect(dialog.locator('#oc-upgrade-check tbody tr')).toHaveCount(4);
    await webadmin.dialogButton('OK').click();
    for (const name of HOSTS) {
      await expect(dialog.locator(`tr[aria-label="${name}"]`)).toHaveAttribute(
        'data-state',
        'found',
        { timeout: 30_000 },
      );
    }
    await webadmin.screenshot('hosts-upgrade-check');
    expect(await engine.requests({ method: 'POST', path: /\/upgradecheck$/ })).toHaveLength(4);

    await webadmin.dialogButton('OK').click();
    const plan = dialog.locator('#oc-upgrade-plan tbody tr');
    await expect(plan).toHaveCount(4);
    await expect(dialog.locator('tr[aria-label="host-01"]')).toContainText('12 VMs move to');
    await expect(dialog.getByText(/cluster upgrade mode/)).toBeVisible();
    await webadmin.screenshot('hosts-upgrade-plan');

    const watch = await watchVms(rest);
    await engine.clearRequests();
    await webadmin.dialogButton('OK').click();
    await expect(dialog.locator('#oc-upgrade-steps')).toBeVisible();
    await expect(dialog.locator('tr[aria-label="host-01"]')).toHaveAttribute(
      'data-state',
      /sent|in_progress/,
      { timeout: 30_000 },
    );
    await webadmin.screenshot('hosts-upgrade-progress');
    await expect(dialog.getByText('Done: 4 upgraded, 0 failed, 0 not started.')).toBeVisible({
      timeout: 240_000,
    });
    await webadmin.screenshot('hosts-upgrade-done');
    expect(await watch.stop()).toEqual([]);

    // Every host up on the new VDSM; every VM that was up is up.
    for (const h of await rest.hosts()) {
      expect(h.status, h.name).toBe('up');
      expect(h.version?.full_version, h.name).toBe(NEW_VDSM);
      expect(h.update_available, h.name).toBe('false');
    }
    const vms = await rest.vms();
    for (const id of watch.up) expect(vms.find((v) => v.id === id)?.status).toBe('up');

    // Exactly one upgrade request per host, one host after the other.
    const seqs: number[] = [];
    for (const name of HOSTS) {
      const posts = await upgradePosts(engine, ids.get(name) ?? '');
      expect(posts, name).toHaveLength(1);
      seqs.push(posts[0]?.seq ?? 0);
      const activate = await engine.requests({
        method: 'POST',
        path: new RegExp(`/hosts/${ids.get(name) ?? ''}/activate$`),
      });
      expect(activate, name).toHaveLength(1);
      expect(activate[0]?.seq ?? 0).toBeGreaterThan(posts[0]?.seq ?? 0);
    }
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    // No VM was stopped: no power action was sent, and the engine logged no VM going down.
    expect(
      await engine.requests({ method: 'POST', path: /\/vms\/[^/]+\/(stop|shutdown|suspend)$/ }),
    ).toEqual([]);
    const events = await rest.events();
    expect(events.filter((e) => /VM .* is down/.test(e.description))).toEqual([]);
    for (const name of HOSTS) {
      expect(events.map((e) => e.description)).toContain(
        `Host ${name} upgrade was started (User: admin@internal-authz).`,
      );
    }
    const mode = (
      await engine.requests({ method: 'POST', path: /\/clusters\/[^/]+\/upgrade$/ })
    ).map((r) => (r.body as { upgrade_action: string }).upgrade_action);
    expect(mode[0]).toBe('start');
    expect(mode.at(-1)).toBe('finish');
    expect((await rest.clusters()).every((c) => c.upgrade_in_progress === 'false')).toBe(true);
  });

  test('when host-02 fails, host-03 and host-04 are untouched and the cluster mode is finished', async ({
    webadmin,
    engine,
    request,
  }) => {
    const rest = new Rest(request, await engine.token());
    const ids = await hostIds(rest);
    await engine.updates(undefined, { known: true });
    await engine.faults({
      failActions: [
        {
          vm: 'host-02',
          action: 'upgrade',
          mode: 'async',
          detail: 'Package vdsm failed to install',
        },
      ],
    });
    await engine.clearRequests();

    await webadmin.open({ place: 'hosts' });
    await webadmin.selectHosts(...HOSTS);
    await webadmin.clickButton('ops-center-host-upgrade');
    const dialog = webadmin.dialogFrame('ops-center-host-upgrade');
    await expect(dialog.locator('#oc-upgrade-plan tbody tr')).toHaveCount(4);
    await webadmin.dialogButton('OK').click();
    await expect(dialog.getByText('Done: 1 upgraded, 1 failed, 2 not started.')).toBeVisible({
      timeout: 240_000,
    });
    const failed = dialog.locator('#oc-upgrade-progress tr[aria-label="host-02"]');
    await expect(failed).toHaveAttribute('data-state', 'failed');
    await expect(failed).toContainText('Install failed');
    await expect(failed).toContainText(
      'Failed to upgrade Host host-02 (User: admin@internal-authz). Package vdsm failed to install.',
    );
    for (const name of ['host-03', 'host-04']) {
      const row = dialog.locator(`#oc-upgrade-progress tr[aria-label="${name}"]`);
      await expect(row).toHaveAttribute('data-state', 'skipped');
      await expect(row).toContainText('the upgrade stopped at host-02');
    }
    await webadmin.screenshot('hosts-upgrade-failed');

    const hosts = await rest.hosts();
    expect(hosts.find((h) => h.name === 'host-01')?.version?.full_version).toBe(NEW_VDSM);
    expect(hosts.find((h) => h.name === 'host-02')?.status).toBe('install_failed');
    for (const name of ['host-03', 'host-04']) {
      const id = ids.get(name) ?? '';
      expect(await engine.requests({ method: 'POST', path: new RegExp(id) }), name).toEqual([]);
      const h = hosts.find((x) => x.name === name);
      expect(h?.status).toBe('up');
      expect(h?.version?.full_version).not.toBe(NEW_VDSM);
    }
    const mode = (
      await engine.requests({ method: 'POST', path: /\/clusters\/[^/]+\/upgrade$/ })
    ).map((r) => (r.body as { upgrade_action: string }).upgrade_action);
    expect(mode.at(-1)).toBe('finish');
    expect((await rest.clusters()).every((c) => c.upgrade_in_progress === 'false')).toBe(true);
  });

  test('a reload in the middle resumes the run without repeating a step', async ({
    webadmin,
    engine,
    request,
  }) => {
    const rest = new Rest(request, await engine.token());
    const ids = await hostIds(rest);
    await engine.updates(undefined, { known: true });
    await engine.clearRequests();

    await webadmin.open({ place: 'hosts' });
    await webadmin.selectHosts(...HOSTS);
    await webadmin.clickButton('ops-center-host-upgrade');
    const dialog = webadmin.dialogFrame('ops-center-host-upgrade');
    await expect(dialog.locator('#oc-upgrade-plan tbody tr')).toHaveCount(4);
    await webadmin.dialogButton('OK').click();
    // Reload once host-02's upgrade was sent (host-01 done, host-02 mid-step).
    await expect
      .poll(async () => (await upgradePosts(engine, ids.get('host-02') ?? '')).length, {
        timeout: 180_000,
      })
      .toBe(1);
    await webadmin.page.reload();
    await webadmin.open({ place: 'hosts' });

    // The hidden operations runner picks it up: every host ends up on the new version.
    await expect
      .poll(
        async () =>
          (await rest.hosts()).filter(
            (h) => h.status === 'up' && h.version?.full_version === NEW_VDSM,
          ).length,
        { timeout: 240_000 },
      )
      .toBe(4);
    await expect
      .poll(
        async () =>
          (await engine.requests({ method: 'POST', path: /\/clusters\/[^/]+\/upgrade$/ }))
            .map((r) => (r.body as { upgrade_action: string }).upgrade_action)
            .at(-1),
        { timeout: 30_000 },
      )
      .toBe('finish');
    await webadmin.screenshot('hosts-upgrade-resumed');

    for (const name of HOSTS) {
      const id = ids.get(name) ?? '';
      expect(await upgradePosts(engine, id), name).toHaveLength(1);
      expect(
        await engine.requests({ method: 'POST', path: new RegExp(`/hosts/${id}/deactivate$`) }),
        name,
      ).toHaveLength(1);
      expect(
        await engine.requests({ method: 'POST', path: new RegExp(`/hosts/${id}/activate$`) }),
        name,
      ).toHaveLength(1);
    }
    const starts = (
      await engine.requests({ method: 'POST', path: /\/clusters\/[^/]+\/upgrade$/ })
    ).filter((r) => (r.body as { upgrade_action: string }).upgrade_action === 'start');
    expect(starts).toHaveLength(1);
    // No VM migrated twice for the same evacuation: each migrate POST has its own correlation id.
    const migrates = await engine.requests({ method: 'POST', path: /\/vms\/[^/]+\/migrate$/ });
    expect(new Set(migrates.map((m) => m.correlationId)).size).toBe(migrates.length);
  });

  test('the Hosts view opens the upgrade; hosts without updates are listed with the reason', async ({
    webadmin,
    engine,
  }) => {
    await engine.updates(['host-03', 'host-04'], { known: true });
    await webadmin.open();
    await webadmin.goTo('ops-center');
    const main = webadmin.placeFrame('ops-center');
    await main.getByRole('tab', { name: 'Hosts' }).click();
    await expect(main.locator('#oc-hosts-table tbody tr')).toHaveCount(4);
    await main.getByRole('checkbox', { name: 'Select host-01' }).check();
    await webadmin.screenshot('hosts-view-upgrade-buttons');
    await main.locator('#oc-hosts-upgrade').click();
    const dialog = webadmin.dialogFrame('ops-center-host-upgrade');
    await expect(dialog.locator('#oc-upgrade-skipped')).toContainText(
      'host-01: the engine knows of no updates for this host',
    );
    await expect(dialog.locator('#oc-upgrade-run')).toHaveAttribute('data-ready', 'false');
    // Every host of the cluster that has updates instead.
    await dialog.locator('#oc-upgrade-cluster').click();
    const plan = dialog.locator('#oc-upgrade-plan tbody tr');
    await expect(plan).toHaveCount(2);
    await expect(plan.first()).toContainText('host-03');
    await expect(dialog.locator('#oc-upgrade-run')).toHaveText('Upgrade 2 hosts');
    await webadmin.screenshot('hosts-upgrade-cluster');
  });

  test('Reboot host after upgrade, unticked: each host is upgraded with reboot false and not rebooted', async ({
    webadmin,
    engine,
    request,
  }) => {
    const rest = new Rest(request, await engine.token());
    const ids = await hostIds(rest);
    await engine.updates(['host-03', 'host-04'], { known: true });
    await engine.clearRequests();
    await webadmin.open({ place: 'hosts' });
    await webadmin.selectHosts('host-03', 'host-04');
    await webadmin.clickButton('ops-center-host-upgrade');
    const dialog = webadmin.dialogFrame('ops-center-host-upgrade');
    await expect(dialog.locator('#oc-upgrade-plan tbody tr')).toHaveCount(2);
    // Ticked by default, as the engine's default and WebAdmin's own Upgrade dialog.
    const reboot = dialog.getByRole('checkbox', { name: 'Reboot host after upgrade' });
    await expect(reboot).toBeChecked();
    await reboot.uncheck();
    await expect(
      dialog.getByText(/a new kernel only takes effect at the next reboot/),
    ).toBeVisible();
    await webadmin.screenshot('hosts-upgrade-no-reboot');
    await webadmin.dialogButton('OK').click();
    await expect(dialog.locator('#oc-upgrade-steps')).toContainText(
      'host-03: upgrade, without reboot',
    );
    await expect(dialog.getByText('Done: 2 upgraded, 0 failed, 0 not started.')).toBeVisible({
      timeout: 180_000,
    });
    await webadmin.screenshot('hosts-upgrade-no-reboot-done');
    const events = (await rest.events()).map((e) => e.description);
    for (const name of ['host-03', 'host-04']) {
      const posts = await upgradePosts(engine, ids.get(name) ?? '');
      expect(
        posts.map((p) => p.body),
        name,
      ).toEqual([{ reboot: false }]);
      expect(events).toContain(`Host ${name} upgrade was completed successfully.`);
      expect(events).not.toContain(`Upgrade was successful and host ${name} will be rebooted.`);
    }
    for (const h of await rest.hosts()) {
      if (h.name === 'host-03' || h.name === 'host-04') {
        expect(h.status, h.name).toBe('up');
        expect(h.version?.full_version, h.name).toBe(NEW_VDSM);
      }
    }
  });
});
