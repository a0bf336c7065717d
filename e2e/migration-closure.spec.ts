import { expect, test } from './fixtures';

/**
 * Issue 15 point 3 on the `scheduling` scenario: "Migrate the affinity closure too" asks the
 * engine for destinations of the VM with its closure, names the VMs it will move with it (and
 * the group that ties them), sends one migrate with `migrate_vms_in_affinity_closure`, and
 * tracks the followers to the end.
 */
test('migrating db-01 with its affinity closure moves db-02 too, named, tracked to the end', async ({
  webadmin,
  engine,
}) => {
  await engine.reset({ scenario: 'scheduling' });
  await engine.clearRequests();
  await webadmin.open({ place: 'vms' });
  await webadmin.selectVms('db-01');
  await webadmin.clickButton('ops-center-vm-migrate');
  const dialog = webadmin.dialogFrame('ops-center-vm-migrate');

  // Off by default, as in the engine: db-01 alone cannot leave db-02.
  const option = dialog.getByRole('checkbox', { name: 'Migrate the affinity closure too' });
  await expect(option).not.toBeChecked();
  await expect(dialog.getByRole('list', { name: /Skipped|skipped/ })).toContainText(
    'db-01: the engine offers no other host for it',
  );
  await option.check();
  const moved = dialog.getByRole('list', { name: 'The engine will also move' });
  await expect(moved).toContainText('db-02, with db-01 (affinity group “db-pair”)');
  await expect(dialog.getByRole('list', { name: /Will be sent/ })).toContainText('db-01');
  await expect.poll(() => dialog.locator('#oc-migrate-target option').count()).toBeGreaterThan(1);
  const asked = await engine.requests({ method: 'GET', path: /\/hosts$/ });
  expect(
    asked.some(
      (r) => r.query.check_vms_in_affinity_closure === 'true' && r.query.migration_target_of,
    ),
  ).toBe(true);
  await webadmin.screenshot('migrate-closure-dialog');

  await webadmin.dialogButton('OK').click();
  const card = dialog.locator('section.oc-op-card').first();
  await expect(card).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await expect(card.locator('tr[data-vm-id]')).toHaveCount(2);
  for (const name of ['db-01', 'db-02'])
    await expect(card.locator('tr[data-vm-id]', { hasText: name })).toHaveAttribute(
      'data-state',
      'done',
    );
  const posts = await engine.requests({ method: 'POST', path: /\/migrate$/ });
  expect(posts).toHaveLength(1);
  expect(posts[0]?.body).toMatchObject({ migrate_vms_in_affinity_closure: true });
  expect(posts.map((p) => p.status)).toEqual([200]);
});
