import { expect, test } from './fixtures';

/** Ops Center › Hosts and the Load & VMs tab, as an admin uses them. */

test('the Hosts view searches, sorts and opens the evacuation plan', async ({ webadmin }) => {
  await webadmin.open();
  await webadmin.goTo('ops-center');
  const main = webadmin.placeFrame('ops-center');
  await main.getByRole('tab', { name: 'Hosts' }).click();
  const rows = main.locator('#oc-hosts-table tbody tr');
  await expect(rows).toHaveCount(4);
  await expect(rows.first()).toContainText('host-01');
  await expect(rows.first()).toContainText('SPM');

  await main.getByRole('searchbox', { name: 'Search hosts' }).fill('cluster=Production');
  await main.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(rows).toHaveCount(2);
  await main.getByRole('button', { name: 'Name' }).click();
  await expect(rows.first()).toContainText('host-04');
  await webadmin.screenshot('hosts-view-search');

  // The plan: every VM of host-04 is either a move or a blocker, and memory per host is shown.
  const summary = rows.filter({ hasText: 'host-04' }).locator('td').nth(5);
  const active = Number((await summary.innerText()).split('/')[0]?.trim());
  await main.getByRole('checkbox', { name: 'Select host-04' }).check();
  await main.getByRole('button', { name: 'Maintenance…' }).click();
  const dialog = webadmin.dialogFrame('ops-center-host-maintenance');
  const moves = dialog.locator('#oc-evac-moves-table tbody tr');
  const blockers = dialog.locator('#oc-evac-blockers-table tbody tr');
  await expect(moves.first()).toBeVisible();
  await expect.poll(async () => (await moves.count()) + (await blockers.count())).toBe(active);
  const memory = dialog.locator('#oc-evac-memory-table tbody tr');
  await expect(memory.filter({ hasText: 'host-04' })).toContainText('to maintenance');
  await expect(memory.filter({ hasText: 'host-03' })).toContainText('target');
  await webadmin.screenshot('hosts-view-plan');
});

test('Load & VMs shows statistics, NICs and resident VMs, and follows the host selection', async ({
  webadmin,
}) => {
  await webadmin.open({ place: 'hosts' });
  await webadmin.row('hosts', 'host-03').click();
  await webadmin.detailTab('Load & VMs').click();
  const tab = webadmin.detailFrame('ops-center-host-load');
  await expect(tab.getByRole('heading', { name: /host-03/ })).toBeVisible();
  await expect(tab.locator('#oc-load-cpu')).toContainText('%');
  await expect(tab.locator('#oc-load-vms tbody tr').first()).toBeVisible();
  await expect(tab.locator('#oc-load-nics tbody tr').first()).toBeVisible();

  await webadmin.row('hosts', 'host-02').click();
  await expect(tab.getByRole('heading', { name: /host-02/ })).toBeVisible();
  await webadmin.screenshot('hosts-load-tab');
});
