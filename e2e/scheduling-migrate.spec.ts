import { expect, test } from './fixtures';

/**
 * Issue 13 point 7 on the `scheduling` scenario: what the engine refuses for a reason it states
 * up front is skipped in the Migrate confirmation, with that reason, and never sent; "no other
 * host" is said only of the VMs it is true for.
 */
test('Migrate skips a VM pinned to its host and a VM the engine offers no host for', async ({
  webadmin,
  engine,
}) => {
  await engine.reset({ scenario: 'scheduling' });
  await engine.clearRequests();
  await webadmin.open({ place: 'vms' });
  // mail-02 may run only on host-01 (where it is); db-01 alone cannot leave db-02 (db-pair);
  // cache-01 can go anywhere.
  await webadmin.selectVms('mail-02', 'db-01', 'cache-01');
  await webadmin.clickButton('ops-center-vm-migrate');
  const dialog = webadmin.dialogFrame('ops-center-vm-migrate');

  const skipped = dialog.getByRole('list', { name: /Skipped|skipped/ });
  await expect(skipped).toContainText('mail-02: it may run only on this host');
  await expect(skipped).toContainText('db-01: the engine offers no other host for it');
  const sent = dialog.getByRole('list', { name: /Will be sent/ });
  await expect(sent).toContainText('cache-01');
  await expect(sent).not.toContainText('mail-02');
  // Not "no other host for these VMs": cache-01, the one left, has destinations to choose from.
  await expect(dialog.getByText('The engine offers no other host for these VMs.')).toHaveCount(0);
  await expect.poll(() => dialog.locator('#oc-migrate-target option').count()).toBeGreaterThan(1);
  await expect(dialog.getByText(/No single host can take all/)).toHaveCount(0);
  await webadmin.screenshot('scheduling-migrate-confirm');

  await webadmin.dialogButton('OK').click();
  await expect
    .poll(async () => (await engine.requests({ method: 'POST', path: /\/migrate$/ })).length, {
      timeout: 20_000,
    })
    .toBe(1);
  const posts = await engine.requests({ method: 'POST', path: /\/migrate$/ });
  expect(posts.map((p) => p.status)).toEqual([200]);
});
