import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Issue 15, acceptance 2: evacuating a host whose VMs sit in positive and negative enforcing
 * affinity groups, some pinned, under a VM cap (the engine's `scheduling` scenario). The plan
 * names its blockers; running it makes the engine refuse no migration (its request log proves
 * it); once no blocker remains, the host reaches maintenance.
 */

const EVACUATED = 'host-01';

interface WireVm {
  id: string;
  name: string;
  status: string;
  host?: { id: string };
}
interface WireHost {
  id: string;
  name: string;
  status: string;
}

function rest(request: APIRequestContext, token: string) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token}` };
  return {
    async list<T>(path: string, key: string): Promise<T[]> {
      const res = await request.get(`/ovirt-engine/api/${path}`, { headers });
      expect(res.ok(), `GET ${path}`).toBe(true);
      return ((await res.json()) as Record<string, T[] | undefined>)[key] ?? [];
    },
    async post(path: string, body: unknown): Promise<void> {
      const res = await request.post(`/ovirt-engine/api/${path}`, {
        headers: { ...headers, 'Content-Type': 'application/json' },
        data: body,
      });
      expect(res.ok(), `POST ${path}: ${await res.text()}`).toBe(true);
    },
  };
}

test.describe('scheduling-aware evacuation', () => {
  test.setTimeout(150_000);

  test('names the blockers, sends only what the engine accepts, and ends in maintenance once no blocker remains', async ({
    webadmin,
    engine,
    request,
  }) => {
    await engine.reset({ scenario: 'scheduling' });
    const api = rest(request, await engine.token());
    const hosts = await api.list<WireHost>('hosts', 'host');
    const source = hosts.find((h) => h.name === EVACUATED);
    const resident = (await api.list<WireVm>('vms', 'vm')).filter(
      (v) => v.host?.id === source?.id && v.status === 'up',
    );
    expect(resident).toHaveLength(12);
    await engine.clearRequests();

    await webadmin.open({ place: 'hosts' });
    await webadmin.selectHosts(EVACUATED);
    await webadmin.clickButton('ops-center-host-maintenance');
    const dialog = webadmin.dialogFrame('ops-center-host-maintenance');

    // The plan: ten moves, two blockers named by their rule.
    await expect(dialog.locator('#oc-evac-moves-table tbody tr')).toHaveCount(10);
    const blockers = dialog.locator('#oc-evac-blockers-table tbody tr');
    await expect(blockers).toHaveCount(2);
    await expect(blockers.filter({ hasText: 'web-02' })).toContainText(
      'affinity group “web-spread” (negative, enforcing) keeps web-02 away from web-03, web-04, web-05; no other host is left',
    );
    await expect(blockers.filter({ hasText: 'mail-02' })).toContainText(
      'pinned to hosts that are not available',
    );
    // Checked with the engine before it can run.
    const run = dialog.locator('#oc-evac-run');
    await expect(run).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
    const checks = await engine.requests({ method: 'GET', path: /\/hosts$/ });
    expect(checks.some((r) => r.query.migration_target_of !== undefined)).toBe(true);
    await webadmin.screenshot('scheduling-evacuation-plan');

    await engine.clearRequests();
    await webadmin.dialogButton('OK').click();
    const done = dialog.locator(
      '#oc-evac-progress-table tbody tr[data-entity="vm"][data-state="done"]',
    );
    await expect.poll(() => done.count(), { timeout: 90_000 }).toBe(10);
    await expect(dialog.getByText(/cannot be moved|stayed active/).first()).toBeVisible({
      timeout: 30_000,
    });
    await webadmin.screenshot('scheduling-evacuation-blocked');

    // The engine refused nothing: every migrate answered 200; the positive pair went as one
    // closure (one POST for db-01 and db-02), so nine POSTs moved ten VMs.
    const migrations = await engine.requests({ method: 'POST', path: /\/vms\/[^/]+\/migrate$/ });
    expect(migrations.map((m) => m.status)).toEqual(Array(9).fill(200));
    expect(
      migrations.filter(
        (m) =>
          (m.body as { migrate_vms_in_affinity_closure?: boolean }).migrate_vms_in_affinity_closure,
      ),
    ).toHaveLength(1);
    expect(await engine.requests({ method: 'POST', path: /\/deactivate$/ })).toHaveLength(0);
    const vmsAfter = await api.list<WireVm>('vms', 'vm');
    const db1 = vmsAfter.find((v) => v.name === 'db-01');
    const db2 = vmsAfter.find((v) => v.name === 'db-02');
    expect(db1?.host?.id).toBe(db2?.host?.id);
    expect(db1?.host?.id).not.toBe(source?.id);

    // The admin removes the blockers (shuts the two VMs down); a new run reaches maintenance.
    for (const name of ['mail-02', 'web-02']) {
      const vm = vmsAfter.find((v) => v.name === name);
      await api.post(`vms/${vm?.id ?? ''}/stop`, {});
    }
    await expect
      .poll(
        async () =>
          (await api.list<WireVm>('vms', 'vm')).filter(
            (v) => v.host?.id === source?.id && v.status !== 'down',
          ).length,
        { timeout: 30_000 },
      )
      .toBe(0);
    await webadmin.dialog('ops-center-host-maintenance').locator('.oc-wa-dialog-close').click();
    await webadmin.open({ place: 'hosts' });
    await webadmin.selectHosts(EVACUATED);
    await webadmin.clickButton('ops-center-host-maintenance');
    const again = webadmin.dialogFrame('ops-center-host-maintenance');
    await expect(again.locator('#oc-evac-blockers-table')).toHaveCount(0);
    await expect(again.locator('#oc-evac-run')).toHaveAttribute('data-ready', 'true', {
      timeout: 20_000,
    });
    await webadmin.dialogButton('OK').click();
    await expect
      .poll(
        async () =>
          (await api.list<WireHost>('hosts', 'host')).find((h) => h.name === EVACUATED)?.status,
        { timeout: 60_000 },
      )
      .toBe('maintenance');
    await webadmin.screenshot('scheduling-evacuation-maintenance');
  });
});
