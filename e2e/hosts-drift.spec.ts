import { expect, test } from './fixtures';

/**
 * Issue 16, hooks and drift: the drift view of the Hosts view flags the host whose hook md5
 * differs from the rest of its cluster; the host's Load & VMs tab lists its hooks and versions.
 */
test('the drift view flags a host whose hook md5 differs', async ({ webadmin, engine }) => {
  await engine.reset({ scenario: 'evacuation' });
  await engine.lab({
    hosts: [
      {
        name: 'host-03',
        hook: {
          eventName: 'before_vm_start',
          name: '50_vhostmd',
          md5: '0badc0de0badc0de0badc0de0badc0de',
        },
      },
    ],
  });
  await webadmin.open();
  await webadmin.goTo('ops-center');
  const main = webadmin.placeFrame('ops-center');
  await main.getByRole('tab', { name: 'Hosts' }).click();
  await main.locator('#oc-hosts-drift').click();
  const drift = webadmin.dialogFrame('ops-center-host-drift').locator('.oc-drift');
  await expect(drift.getByText('1 difference between the hosts of Default')).toBeVisible();
  const row = drift.getByRole('row', { name: 'Hook before_vm_start/50_vhostmd' });
  await expect(row).toHaveAttribute('data-drift', 'differs');
  const flagged = row.locator('[data-outlier="true"]');
  await expect(flagged).toHaveCount(1);
  await expect(flagged).toContainText('0badc0de0badc0de0badc0de0badc0de');
  // The flagged cell is host-03's column.
  const headers = await drift.locator('thead th').allInnerTexts();
  const cells = row.locator('td');
  const index = headers.indexOf('host-03') - 1;
  await expect(cells.nth(index)).toHaveAttribute('data-outlier', 'true');
  // Everything else is the same on every host.
  await expect(drift.locator('tr[data-drift="differs"]')).toHaveCount(1);
  await webadmin.screenshot('hosts-drift');
});

test('Load & VMs lists the host hooks and versions', async ({ webadmin, engine }) => {
  await engine.reset({ scenario: 'evacuation' });
  await engine.lab({ hosts: [{ name: 'host-02', software: { vdsm: 'vdsm-4.50.2.1-1.el8' } }] });
  await webadmin.open({ place: 'hosts' });
  await webadmin.row('hosts', 'host-02').click();
  await webadmin.detailTab('Load & VMs').click();
  const tab = webadmin.detailFrame('ops-center-host-load');
  await expect(tab.locator('#oc-load-software')).toContainText('vdsm-4.50.2.1-1.el8');
  await expect(tab.locator('#oc-load-software')).toContainText('BOOT_IMAGE=');
  await expect(tab.locator('#oc-load-hooks tbody tr').first()).toBeVisible();
  await expect(tab.locator('#oc-load-hooks')).toContainText('50_vhostmd');
  await webadmin.screenshot('hosts-load-software');
});
