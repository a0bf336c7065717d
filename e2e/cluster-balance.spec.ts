import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Issue 15, point 4 and its acceptance: the main place's Cluster balance tab on the engine's
 * `balance` scenario (host-01 above HighUtilization, the scheduling scenario's affinity groups,
 * pins and VM cap). The suggested rebalance is checked with the engine, nothing is sent before the
 * admin confirms, each migration is tracked to the end, the engine refuses none (its request log
 * proves it), and afterwards every host is within the policy's thresholds (the engine's own
 * statistics prove it).
 */

interface WireVm {
  id: string;
  name: string;
  status: string;
  host?: { id: string };
}
interface WireStat {
  name: string;
  values?: { value?: { datum?: number }[] };
}
interface WireHost {
  id: string;
  name: string;
  status: string;
  statistics?: { statistic?: WireStat[] };
}

function rest(request: APIRequestContext, token: string) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token}` };
  return {
    async list<T>(path: string, key: string): Promise<T[]> {
      const res = await request.get(`/ovirt-engine/api/${path}`, { headers });
      expect(res.ok(), `GET ${path}`).toBe(true);
      return ((await res.json()) as Record<string, T[] | undefined>)[key] ?? [];
    },
  };
}

function cpuOf(h: WireHost): number {
  const stat = (name: string): number =>
    h.statistics?.statistic?.find((s) => s.name === name)?.values?.value?.[0]?.datum ?? 0;
  return stat('cpu.current.user') + stat('cpu.current.system');
}

test.describe('cluster balance', () => {
  test.setTimeout(150_000);

  test('a confirmed rebalance brings every host within the thresholds, each migration tracked, none refused', async ({
    webadmin,
    engine,
    request,
  }) => {
    await engine.reset({ scenario: 'balance' });
    const api = rest(request, await engine.token());
    const before = await api.list<WireHost>('hosts?follow=statistics', 'host');
    const first = before.find((h) => h.name === 'host-01');
    expect(first && cpuOf(first)).toBeGreaterThan(80);

    await webadmin.open();
    await webadmin.goTo('ops-center');
    const main = webadmin.placeFrame('ops-center');
    await main.getByRole('tab', { name: 'Cluster balance' }).click();

    // The policy, its properties and the hosts against its thresholds.
    await expect(main.getByTestId('balance-policy')).toHaveText('evenly_distributed_capped');
    await expect(main.getByText('HighUtilization=80')).toBeVisible();
    await expect(main.getByText('maximum_vm_count=6')).toBeVisible();
    await expect(main.getByText('Over-utilized above 80 % CPU')).toBeVisible();
    const hostRows = main.locator('#oc-balance-hosts tbody tr');
    await expect(hostRows).toHaveCount(4);
    await expect(
      hostRows.filter({ hasText: 'host-01' }).locator('[data-mark]').first(),
    ).toHaveAttribute('data-mark', 'over');
    await webadmin.screenshot('cluster-balance-view');

    // The suggestion, checked with the engine's migration_target_of.
    await engine.clearRequests();
    await main.getByRole('button', { name: 'Suggest rebalance' }).click();
    const moves = main.locator('#oc-balance-moves tbody tr');
    await expect(moves.first()).toBeVisible();
    const run = main.getByRole('button', { name: 'Rebalance…' });
    await expect(run).toBeEnabled({ timeout: 20_000 });
    await expect(
      main.getByText(/bring every host within the thresholds|brings every host/),
    ).toBeVisible();
    const checks = await engine.requests({ method: 'GET', path: /\/hosts$/ });
    expect(checks.some((r) => r.query.migration_target_of !== undefined)).toBe(true);
    for (const row of await hostRows.all())
      await expect(row.locator('td[data-after]')).toHaveAttribute('data-after', /^(ok|under)$/);
    const count = await moves.count();
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThanOrEqual(3);
    await webadmin.screenshot('cluster-balance-suggestion');

    // Editable like the evacuation plan: a new destination for the pair's leader takes its
    // partner along, is checked again, and "Back to the suggestion" undoes it.
    const leader = moves.filter({ has: main.locator('select') }).first();
    const select = leader.locator('select');
    const planned = await select.inputValue();
    const options = await select
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    const other = options.find((v) => v !== planned);
    expect(other).toBeDefined();
    await select.selectOption(other ?? '');
    await expect(leader).toContainText('Changed by you');
    const chosenName = await select.locator('option:checked').innerText();
    for (const row of await moves.all()) {
      if ((await row.locator('select').count()) === 0) await expect(row).toContainText(chosenName);
    }
    await expect(run).toBeEnabled({ timeout: 20_000 });
    await webadmin.screenshot('cluster-balance-edited');
    await main.getByRole('button', { name: 'Back to the suggestion' }).click();
    await expect(leader.locator('select')).toHaveValue(planned);
    await expect(run).toBeEnabled({ timeout: 20_000 });

    // Nothing is sent before the admin confirms; cancelling sends nothing either.
    await run.click();
    const confirm = main.getByRole('dialog');
    await expect(confirm).toContainText(`Migrate ${String(count)} VM`);
    await expect(confirm.locator('li')).toHaveCount(count);
    await webadmin.screenshot('cluster-balance-confirm');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await engine.requests({ method: 'POST', path: /\/migrate$/ })).toHaveLength(0);
    await run.click();
    await main.getByRole('dialog').getByRole('button', { name: 'Migrate', exact: true }).click();

    // Each migration tracked to the end.
    const done = main.locator(
      '#oc-evac-progress-table tbody tr[data-entity="vm"][data-state="done"]',
    );
    await expect.poll(() => done.count(), { timeout: 90_000 }).toBe(count);
    await expect(main.getByText('Finished. Refresh to see the hosts’ load now.')).toBeVisible();
    await webadmin.screenshot('cluster-balance-done');

    // The engine refused nothing, and every VM sent went where the plan said (one POST per unit).
    const migrations = await engine.requests({ method: 'POST', path: /\/vms\/[^/]+\/migrate$/ });
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.map((m) => m.status)).toEqual(Array(migrations.length).fill(200));

    // Every host within the thresholds, by the engine's own statistics.
    const after = await api.list<WireHost>('hosts?follow=statistics', 'host');
    for (const h of after.filter((x) => x.status === 'up')) {
      expect(cpuOf(h), h.name).toBeLessThanOrEqual(80);
    }
    const vms = await api.list<WireVm>('vms', 'vm');
    const perHost = new Map<string, number>();
    for (const v of vms)
      if (v.host && v.status === 'up') perHost.set(v.host.id, (perHost.get(v.host.id) ?? 0) + 1);
    const src = before.find((h) => h.name === 'host-01')?.id ?? '';
    for (const [id, n] of perHost) if (id !== src) expect(n).toBeLessThanOrEqual(6);

    // The view, refreshed, agrees.
    await main.getByRole('button', { name: 'Refresh' }).first().click();
    await expect(
      hostRows.filter({ hasText: 'host-01' }).locator('[data-mark]').first(),
    ).not.toHaveAttribute('data-mark', 'over');
    await webadmin.screenshot('cluster-balance-after');
  });
});
