import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * axe on the plugin's pages and dialogs, each checked as the document it is (its own frame):
 * a main landmark, one level-one heading, headings in order, and no other violation.
 * axe's source is evaluated in the frame (a debugger call, so the pages' CSP does not apply).
 */
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
}

async function axe(page: Page, file: RegExp): Promise<string[]> {
  let frame: Frame | undefined;
  await expect
    .poll(() => (frame = page.frames().find((f) => file.test(f.url()))) !== undefined)
    .toBe(true);
  if (!frame) throw new Error(`no frame ${String(file)}`);
  await frame.evaluate(AXE);
  const result = (await frame.evaluate(() =>
    (window as unknown as { axe: { run: (c: unknown) => Promise<unknown> } }).axe.run(document),
  )) as AxeResult;
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? '?'}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`,
  );
}

test('the main place (VMs and Hosts) passes axe', async ({ webadmin, page }) => {
  await webadmin.open();
  await webadmin.goTo('ops-center');
  const main = webadmin.placeFrame('ops-center');
  await expect(main.locator('#oc-vms-pager-top')).toBeVisible();
  expect(await axe(page, /ops-center\.html/)).toEqual([]);
  await main.getByRole('tab', { name: 'Hosts' }).click();
  await expect(main.locator('#oc-hosts-table tbody tr').first()).toBeVisible();
  expect(await axe(page, /ops-center\.html/)).toEqual([]);
});

test('the Activity and Load & VMs tabs pass axe', async ({ webadmin, page }) => {
  await webadmin.open({ place: 'vms' });
  const vm = (await webadmin.rows('vms')).find((r) => r.status === 'Up');
  await webadmin.row('vms', vm?.name as string).click();
  await webadmin.detailTab('Activity').click();
  await expect(
    webadmin.detailFrame('ops-center-vm-activity').getByText('Recent events', { exact: true }),
  ).toBeVisible();
  expect(await axe(page, /vm-activity\.html/)).toEqual([]);

  await webadmin.open({ place: 'hosts' });
  await webadmin.row('hosts', 'host-01').click();
  await webadmin.detailTab('Load & VMs').click();
  await expect(webadmin.detailFrame('ops-center-host-load').locator('#oc-load-nics')).toBeVisible();
  expect(await axe(page, /host-load\.html/)).toEqual([]);
});

test('the maintenance and activate dialogs pass axe', async ({ webadmin, page }) => {
  await webadmin.open({ place: 'hosts' });
  await webadmin.row('hosts', 'host-03').click();
  await webadmin.clickButton('ops-center-host-maintenance');
  const dialog = webadmin.dialogFrame('ops-center-host-maintenance');
  await expect(dialog.locator('#oc-evac-moves-table tbody tr').first()).toBeVisible();
  expect(await axe(page, /host-maintenance\.html/)).toEqual([]);
  await webadmin.screenshot('ux-dialog-maintenance');
  await webadmin.dialogButton('Close').click();

  await webadmin.clickButton('ops-center-host-activate');
  await expect(
    webadmin.dialogFrame('ops-center-host-activate').locator('#oc-activate-title'),
  ).toBeVisible();
  expect(await axe(page, /host-activate\.html/)).toEqual([]);
  await webadmin.screenshot('ux-dialog-activate');
});

test('the VM dialogs (bulk, migrate, clone) pass axe', async ({ webadmin, page }) => {
  await webadmin.open({ place: 'vms' });
  const up = (await webadmin.rows('vms')).filter((r) => r.status === 'Up');
  const names = up.slice(0, 2).map((r) => r.name as string);
  const dialogs = [
    { button: 'ops-center-vm-shutdown', token: 'ops-center-vm-bulk', file: /vm-bulk\.html/ },
    { button: 'ops-center-vm-migrate', token: 'ops-center-vm-migrate', file: /vm-migrate\.html/ },
    { button: 'ops-center-vm-clone', token: 'ops-center-vm-clone', file: /vm-clone\.html/ },
  ];
  for (const d of dialogs) {
    await webadmin.selectVms(...(d.token === 'ops-center-vm-clone' ? names.slice(0, 1) : names));
    await webadmin.clickButton(d.button);
    const frame = webadmin.dialogFrame(d.token);
    // Wait until the dialog shows its content (its heading), not a spinner.
    await expect(frame.getByRole('heading').first()).toBeVisible();
    expect(await axe(page, d.file), d.token).toEqual([]);
    await webadmin.dialogButton('Close').click();
    await expect(webadmin.dialog(d.token)).toHaveCount(0);
  }
});

test('the upgrade, restart and drift dialogs pass axe', async ({ webadmin, page, engine }) => {
  await engine.updates();
  await webadmin.open({ place: 'hosts' });
  await webadmin.selectHosts('host-01', 'host-02');
  await webadmin.clickButton('ops-center-host-upgradecheck');
  const upgrade = webadmin.dialogFrame('ops-center-host-upgrade');
  await expect(upgrade.locator('#oc-upgrade-check tbody tr')).toHaveCount(2);
  expect(await axe(page, /host-upgrade\.html/)).toEqual([]);
  await webadmin.dialogButton('Close').click();

  await webadmin.clickButton('ops-center-host-restart');
  const restart = webadmin.dialogFrame('ops-center-host-restart');
  // The plan is shown (its confirm is WebAdmin's footer OK, not a button in the page).
  await expect(restart.getByRole('list').first()).toBeVisible();
  expect(await axe(page, /host-restart\.html/)).toEqual([]);
  await webadmin.dialogButton('Close').click();

  await webadmin.goTo('ops-center');
  const main = webadmin.placeFrame('ops-center');
  await main.getByRole('tab', { name: 'Hosts' }).click();
  await main.locator('#oc-hosts-drift').click();
  const drift = webadmin.dialogFrame('ops-center-host-drift').locator('.oc-drift');
  await expect(drift.locator('thead th').first()).toBeVisible();
  expect(await axe(page, /host-restart\.html/)).toEqual([]);
});

test('the Clusters › Balance tab passes axe, before and with a suggested plan', async ({
  webadmin,
  engine,
  page,
}) => {
  await engine.reset({ scenario: 'balance' });
  await webadmin.open({ place: 'clusters' });
  await webadmin.row('clusters', 'Default').click();
  await webadmin.detailTab('Balance').click();
  const tab = webadmin.detailFrame('ops-center-cluster-balance');
  await expect(tab.locator('#oc-balance-hosts tbody tr')).toHaveCount(4);
  expect(await axe(page, /cluster-balance\.html/)).toEqual([]);
  await tab.getByRole('button', { name: 'Suggest rebalance' }).click();
  await expect(tab.getByRole('button', { name: 'Rebalance…' })).toBeEnabled({ timeout: 20_000 });
  expect(await axe(page, /cluster-balance\.html/)).toEqual([]);
});
