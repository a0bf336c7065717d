import { expect, test } from './fixtures';

// WebAdmin's Host › Virtual Machines detail list carries the plugin's "Migrate & Track"
// (addDetailPlaceActionButton('Host', 'VirtualMachine', …)): it follows the VMs selected in that
// list, with the host as the main entity, and opens the same migrate dialog as the VM list.

test('Host › Virtual Machines: Migrate & Track follows the VMs selected there', async ({
  webadmin,
}) => {
  await webadmin.open({ place: 'hosts' });
  await webadmin.row('hosts', 'host-01').click();
  await webadmin.page.locator('#oc-wa-tab-hosts-virtual_machines').click();
  const list = webadmin.page.getByRole('table', { name: 'Virtual machines on this host' });
  const up = list
    .locator('tbody tr')
    .filter({ has: webadmin.page.getByRole('cell', { name: 'Up', exact: true }) });
  await expect.poll(() => up.count()).toBeGreaterThanOrEqual(2);

  const button = webadmin.page.locator('#DetailActionPanelView_ops-center-host-vms-migrate');
  await expect(button).toHaveText('Migrate & Track');
  await expect(button).toBeDisabled();

  const ids: string[] = [];
  for (const row of [up.nth(0), up.nth(1)]) {
    ids.push((await row.getAttribute('data-id')) ?? '');
    await row.getByRole('checkbox').check();
  }
  await expect(button).toBeEnabled();
  await button.click();

  await expect(webadmin.dialog('ops-center-vm-migrate')).toBeVisible();
  const [shown] = await webadmin.dialogs();
  expect(shown?.contentUrl).toContain(`#ids=${ids.map(encodeURIComponent).join('%2C')}`);
  await expect(webadmin.dialogFrame('ops-center-vm-migrate').locator('body')).not.toBeEmpty();
  await webadmin.screenshot('host-vms-migrate');
});
