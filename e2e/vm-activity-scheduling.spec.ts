import { expect, test } from './fixtures';

/**
 * Issue 15 point 5 on the `scheduling` scenario: a VM's Activity tab shows what the engine's
 * scheduler will do with it: its affinity groups (rules, other members), its affinity labels,
 * and the hosts it is pinned to with its migration mode.
 */
test('the Activity tab lists the VM’s affinity groups, labels and pinned hosts', async ({
  webadmin,
  engine,
}) => {
  await engine.reset({ scenario: 'scheduling' });
  await webadmin.open({ place: 'vms' });
  await webadmin.selectVms('db-01');
  await webadmin.detailTab('Activity').click();
  const tab = webadmin.detailFrame('ops-center-vm-activity');
  const card = tab.locator('.pf-v6-c-card', { hasText: 'Scheduling' });
  const groups = card.getByRole('list', { name: 'Affinity groups' });
  await expect(groups.locator('li[data-group="db-pair"]')).toContainText(
    'VM affinity: positive, enforcing',
  );
  await expect(groups.locator('li[data-group="db-pair"]')).toContainText('Other VMs: db-02');
  await expect(groups.locator('li[data-group="cache-near-db"]')).toContainText(
    'VM affinity: positive, not enforcing',
  );
  await expect(groups.locator('li[data-group="cache-near-db"]')).toContainText(
    'Other VMs: cache-01',
  );
  await expect(groups.locator('li')).toHaveCount(2);
  await expect(card).toContainText('tier-db');
  await expect(card).toContainText('Any host in the cluster');
  await card.scrollIntoViewIfNeeded();
  await webadmin.screenshot('vm-activity-scheduling');
  await card.screenshot({ path: test.info().outputPath('vm-activity-scheduling-card.png') });

  // A VM pinned to one host, and one placed by a VM-to-host group through a host label.
  await webadmin.selectVms('mail-02');
  await expect(card).toContainText('host-01');
  await expect(card).not.toContainText('Any host in the cluster');
  await webadmin.selectVms('app-01');
  const licensed = groups.locator('li[data-group="licensed"]');
  await expect(licensed).toContainText('Host affinity: positive, enforcing');
  await expect(licensed).toContainText('Hosts: host-01, host-03');
});
