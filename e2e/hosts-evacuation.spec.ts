import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Maintenance with evacuation, end to end: WebAdmin's Host list button → plan → run → every VM
 * moves → the host reaches maintenance; and with one target failing midway the host stays active
 * and the failed VMs carry the engine's reason.
 *
 * The evacuation tests run on the engine's `evacuation` scenario: one cluster of four hosts with
 * twelve running VMs on host-01. The resume test crowds host-01 of the default fleet instead.
 */

const EVACUATED = 'host-01';
const VM_COUNT = 12;

interface WireRef {
  id: string;
  name?: string;
}
interface WireVm {
  id: string;
  name: string;
  status: string;
  memory: string;
  host?: WireRef;
  cluster?: WireRef;
}
interface WireHost {
  id: string;
  name: string;
  status: string;
  max_scheduling_memory: string;
  cluster?: WireRef;
}

class Rest {
  constructor(
    private readonly request: APIRequestContext,
    private readonly token: string,
  ) {}

  private headers(): Record<string, string> {
    return { Accept: 'application/json', Authorization: `Bearer ${this.token}` };
  }

  async get<T>(path: string, key: string): Promise<T[]> {
    const res = await this.request.get(`/ovirt-engine/api/${path}`, { headers: this.headers() });
    expect(res.ok(), `GET ${path}`).toBe(true);
    const body = (await res.json()) as Record<string, T[] | undefined>;
    return body[key] ?? [];
  }

  async post(path: string, body: unknown): Promise<void> {
    const res = await this.request.post(`/ovirt-engine/api/${path}`, {
      headers: { ...this.headers(), 'Content-Type': 'application/json' },
      data: body,
    });
    expect(res.ok(), `POST ${path}: ${await res.text()}`).toBe(true);
  }

  hosts(): Promise<WireHost[]> {
    return this.get<WireHost>('hosts', 'host');
  }

  vms(): Promise<WireVm[]> {
    return this.get<WireVm>('vms', 'vm');
  }
}

/** The running VMs on `hostName`, after checking the scenario's shape (4-host cluster). */
async function residentOn(rest: Rest, hostName: string): Promise<WireVm[]> {
  const hosts = await rest.hosts();
  const host = hosts.find((h) => h.name === hostName);
  if (!host) throw new Error(`no ${hostName}`);
  expect(hosts.filter((h) => h.cluster?.id === host.cluster?.id)).toHaveLength(4);
  return (await rest.vms()).filter(
    (v) => v.host?.id === host.id && (v.status === 'up' || v.status === 'paused'),
  );
}

/** Puts `count` running VMs on the evacuated host by migrating some from its cluster peer. */
async function crowdHost(rest: Rest, hostName: string, count: number): Promise<WireVm[]> {
  const hosts = await rest.hosts();
  const host = hosts.find((h) => h.name === hostName);
  if (!host) throw new Error(`no ${hostName}`);
  const onHost = (vms: WireVm[]): WireVm[] =>
    vms.filter((v) => v.host?.id === host.id && (v.status === 'up' || v.status === 'paused'));
  let vms = await rest.vms();
  const movers = vms
    .filter(
      (v) =>
        v.status === 'up' &&
        v.host !== undefined &&
        v.host.id !== host.id &&
        v.cluster?.id === host.cluster?.id,
    )
    .slice(0, Math.max(0, count - onHost(vms).length));
  for (const vm of movers) await rest.post(`vms/${vm.id}/migrate`, { host: { id: host.id } });
  await expect
    .poll(async () => onHost(await rest.vms()).length, { timeout: 30_000 })
    .toBeGreaterThanOrEqual(count);
  vms = await rest.vms();
  return onHost(vms);
}

test.describe('host maintenance with evacuation', () => {
  test.setTimeout(120_000);

  test('moves every VM within capacity, then the host reaches maintenance', async ({
    webadmin,
    engine,
    request,
  }) => {
    await engine.reset({ scenario: 'evacuation' });
    const rest = new Rest(request, await engine.token());
    const resident = await residentOn(rest, EVACUATED);
    expect(resident).toHaveLength(VM_COUNT);
    const hostsBefore = await rest.hosts();
    const source = hostsBefore.find((h) => h.name === EVACUATED);
    await engine.clearRequests();

    await webadmin.open({ place: 'hosts' });
    await webadmin.selectHosts(EVACUATED);
    await webadmin.clickButton('ops-center-host-maintenance');
    const dialog = webadmin.dialogFrame('ops-center-host-maintenance');

    // The plan: one row per running VM, each with a target in the same cluster.
    const moves = dialog.locator('#oc-evac-moves-table tbody tr');
    await expect(moves).toHaveCount(resident.length);
    await expect(dialog.locator('#oc-evac-blockers-table')).toHaveCount(0);
    await webadmin.screenshot('hosts-evacuation-plan');

    await webadmin.dialogButton('OK').click();
    await expect(
      dialog.getByText(`Done: every VM moved and ${EVACUATED} reached maintenance.`),
    ).toBeVisible({
      timeout: 90_000,
    });
    await webadmin.screenshot('hosts-evacuation-done');

    // The engine's view: every VM left the host, none twice, and only then the host went down.
    const hostsAfter = await rest.hosts();
    expect(hostsAfter.find((h) => h.name === EVACUATED)?.status).toBe('maintenance');
    const vmsAfter = await rest.vms();
    for (const vm of resident) {
      const now = vmsAfter.find((v) => v.id === vm.id);
      expect(now?.host?.id, vm.name).not.toBe(source?.id);
      expect(['up', 'paused']).toContain(now?.status);
    }
    for (const h of hostsAfter) expect(Number(h.max_scheduling_memory)).toBeGreaterThanOrEqual(0);

    const migrations = await engine.requests({ method: 'POST', path: /\/vms\/[^/]+\/migrate$/ });
    expect(migrations).toHaveLength(resident.length);
    expect(new Set(migrations.map((r) => r.path)).size).toBe(resident.length);
    const targetIds = new Set(hostsBefore.filter((h) => h.name !== EVACUATED).map((h) => h.id));
    for (const m of migrations) {
      const body = m.body as { host?: { id?: string } };
      expect(targetIds.has(body.host?.id ?? '')).toBe(true);
    }
    const deactivations = await engine.requests({ method: 'POST', path: /\/deactivate$/ });
    expect(deactivations).toHaveLength(1);
    const lastMigration = Math.max(...migrations.map((m) => m.seq));
    expect(deactivations[0]?.seq ?? 0).toBeGreaterThan(lastMigration);
  });

  test('with a target failing midway the host stays active and the failures say why', async ({
    webadmin,
    engine,
    request,
  }) => {
    await engine.reset({ scenario: 'evacuation' });
    const rest = new Rest(request, await engine.token());
    const resident = await residentOn(rest, EVACUATED);
    expect(resident).toHaveLength(VM_COUNT);
    const targets = (await rest.hosts()).filter(
      (h) => h.name !== EVACUATED && h.cluster?.id === resident[0]?.cluster?.id,
    );
    await engine.clearRequests();

    await webadmin.open({ place: 'hosts' });
    await webadmin.selectHosts(EVACUATED);
    await webadmin.clickButton('ops-center-host-maintenance');
    const dialog = webadmin.dialogFrame('ops-center-host-maintenance');
    await expect(dialog.locator('#oc-evac-moves-table tbody tr')).toHaveCount(resident.length);
    await webadmin.dialogButton('OK').click();

    // Midway: once a few VMs have moved, every further migration to the target fails.
    const done = dialog.locator(
      '#oc-evac-progress-table tbody tr[data-entity="vm"][data-state="done"]',
    );
    await expect.poll(() => done.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
    await engine.faults({ failMigrationsTo: targets.map((h) => h.name) });

    const summary = dialog.getByText(/did not move, so host-01 stayed active/);
    await expect(summary).toBeVisible({ timeout: 90_000 });
    await webadmin.screenshot('hosts-evacuation-failed');

    const failed = dialog.locator(
      '#oc-evac-progress-table tbody tr[data-entity="vm"][data-state="failed"]',
    );
    expect(await failed.count()).toBeGreaterThan(0);
    // The engine's own words (its audit event for the failed migration).
    await expect(failed.first()).toContainText('Migration failed');
    expect(await done.count()).toBeLessThan(resident.length);

    const host = (await rest.hosts()).find((h) => h.name === EVACUATED);
    expect(host?.status).toBe('up');
    expect(await engine.requests({ method: 'POST', path: /\/deactivate$/ })).toHaveLength(0);
  });
});

test.describe('host activation and resume', () => {
  test.setTimeout(120_000);

  test('an evacuation survives a reload: tracked from the engine, no migration sent twice', async ({
    webadmin,
    engine,
    request,
  }) => {
    const rest = new Rest(request, await engine.token());
    const resident = await crowdHost(rest, EVACUATED, VM_COUNT);
    await engine.clearRequests();

    await webadmin.open({ place: 'hosts' });
    await webadmin.selectHosts(EVACUATED);
    await webadmin.clickButton('ops-center-host-maintenance');
    const dialog = webadmin.dialogFrame('ops-center-host-maintenance');
    await expect(dialog.locator('#oc-evac-moves-table tbody tr')).toHaveCount(resident.length);
    await webadmin.dialogButton('OK').click();
    const done = dialog.locator(
      '#oc-evac-progress-table tbody tr[data-entity="vm"][data-state="done"]',
    );
    await expect.poll(() => done.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);

    // The admin reloads WebAdmin mid-run and goes to Ops Center › Hosts: that page takes over.
    await webadmin.page.reload();
    await webadmin.open();
    await webadmin.goTo('ops-center');
    const main = webadmin.placeFrame('ops-center');
    await main.getByRole('tab', { name: 'Hosts' }).click();
    await expect
      .poll(async () => (await rest.hosts()).find((h) => h.name === EVACUATED)?.status, {
        timeout: 90_000,
      })
      .toBe('maintenance')
      .catch(async (e: unknown) => {
        const dump = await webadmin.page.evaluate(() => {
          const out: Record<string, string | null> = {};
          for (let i = 0; i < sessionStorage.length; i++) {
            const k = sessionStorage.key(i) ?? '';
            out[k] = sessionStorage.getItem(k);
          }
          return out;
        });
        console.log('DUMP', JSON.stringify(dump, null, 1));
        console.log(
          'REQS',
          JSON.stringify((await engine.requests({ method: 'POST' })).map((r) => r.path)),
        );
        throw e;
      });

    const migrations = await engine.requests({ method: 'POST', path: /\/vms\/[^/]+\/migrate$/ });
    expect(new Set(migrations.map((r) => r.path)).size).toBe(migrations.length);
    expect(migrations).toHaveLength(resident.length);
    expect(await engine.requests({ method: 'POST', path: /\/deactivate$/ })).toHaveLength(1);
  });

  test('activates hosts from maintenance in bulk with progress', async ({
    webadmin,
    engine,
    request,
  }) => {
    const rest = new Rest(request, await engine.token());
    const hosts = await rest.hosts();
    const empty = hosts.find((h) => h.name === 'host-04');
    if (!empty) throw new Error('no host-04');
    // Put host-04's VMs elsewhere is not needed: the engine's own deactivate migrates them.
    await rest.post(`hosts/${empty.id}/deactivate`, {});
    await expect
      .poll(async () => (await rest.hosts()).find((h) => h.id === empty.id)?.status, {
        timeout: 30_000,
      })
      .toBe('maintenance');

    await webadmin.open({ place: 'hosts' });
    await webadmin.selectHosts('host-04', 'host-03');
    await webadmin.clickButton('ops-center-host-activate');
    const dialog = webadmin.dialogFrame('ops-center-host-activate');
    await expect(dialog.getByText('host-03: already up')).toBeVisible();
    await webadmin.dialogButton('OK').click();
    await expect(dialog.getByText('Done: 1 up, 0 failed.')).toBeVisible({ timeout: 60_000 });
    await webadmin.screenshot('hosts-activate-done');
    expect((await rest.hosts()).find((h) => h.id === empty.id)?.status).toBe('up');
    const activations = await engine.requests({ method: 'POST', path: /\/activate$/ });
    expect(activations).toHaveLength(1);
  });
});

test('an evacuation resumes after a reload while the admin stays on the VM list', async ({
  webadmin,
  engine,
  request,
}) => {
  test.setTimeout(180_000);
  // Migrations of 4 steps at 700 ms: one ends within 3 s, so a resumed run has room to send.
  await engine.reset({ timeScale: 700 });
  const rest = new Rest(request, await engine.token());
  const resident = await crowdHost(rest, EVACUATED, VM_COUNT);
  const residentIds = new Set(resident.map((v) => v.id));
  await engine.clearRequests();
  const concurrency = 2; // evacuationConcurrency's default

  await webadmin.open({ place: 'hosts' });
  await webadmin.selectHosts(EVACUATED);
  await webadmin.clickButton('ops-center-host-maintenance');
  const dialog = webadmin.dialogFrame('ops-center-host-maintenance');
  await expect(dialog.locator('#oc-evac-moves-table tbody tr')).toHaveCount(resident.length);
  await webadmin.dialogButton('OK').click();
  const migrates = () => engine.requests({ method: 'POST', path: /\/vms\/[^/]+\/migrate$/ });
  await expect.poll(async () => (await migrates()).length, { timeout: 60_000 }).toBeGreaterThan(0);

  // Reload, then stay on WebAdmin's own VM list: no Ops Center page is opened.
  const reloadAt = Date.now();
  await webadmin.page.reload();
  await webadmin.open({ place: 'vms' });
  /** The plugin's pages loaded now: only the host page and the hidden runner, no Ops Center page. */
  const pluginPages = () =>
    webadmin.page
      .frames()
      .map((f) => /\/plugin\/ops-center\/([^?#]+)/.exec(f.url())?.[1])
      .filter((n): n is string => n !== undefined)
      .sort();
  expect(pluginPages()).toEqual(['operations-runner.html', 'plugin.html']);
  const samples: { at: number; migrating: number }[] = [];
  await expect
    .poll(
      async () => {
        const vms = await rest.vms();
        samples.push({
          at: Date.now(),
          migrating: vms.filter((v) => residentIds.has(v.id) && v.status === 'migrating').length,
        });
        return (await rest.hosts()).find((h) => h.name === EVACUATED)?.status;
      },
      { timeout: 150_000, intervals: [250] },
    )
    .toBe('maintenance');
  expect(await webadmin.page.evaluate(() => window.__webadmin.currentPlace())).toBe('vms');
  expect(pluginPages()).toEqual(['operations-runner.html', 'plugin.html']);

  // Never twice: every POST counted per VM and action, whatever the engine answered.
  const all = await migrates();
  const perVm = new Map<string, number>();
  for (const r of all) perVm.set(r.path, (perVm.get(r.path) ?? 0) + 1);
  expect([...perVm.values()].filter((n) => n > 1)).toEqual([]);
  expect(all).toHaveLength(resident.length);
  expect(await engine.requests({ method: 'POST', path: /\/deactivate$/ })).toHaveLength(1);

  // Within 10 s of the reload, a migration is sent again by the page that took over.
  const after = all.filter((r) => r.time > reloadAt).sort((a, b) => a.time - b.time);
  expect(after.length).toBeGreaterThanOrEqual(concurrency);
  expect((after[0]?.time ?? Infinity) - reloadAt).toBeLessThan(10_000);
  // At full concurrency: once the resumed run sends, as many VMs migrate at once as allowed.
  const resumedAt = after[0]?.time ?? Infinity;
  const most = Math.max(0, ...samples.filter((s) => s.at >= resumedAt).map((s) => s.migrating));
  expect(most).toBeGreaterThanOrEqual(concurrency);
});
