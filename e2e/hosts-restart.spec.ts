import { expect, test } from './fixtures';

/**
 * Issue 16, restart through power management: the selected hosts with power management are
 * restarted with exactly one fence request each and followed back to up; a host without power
 * management is not sent anything and says why.
 */
test('restart follows each host back to up with one fence POST per host', async ({
  webadmin,
  engine,
}) => {
  test.setTimeout(120_000);
  await engine.reset({ scenario: 'evacuation' });
  await engine.clearRequests();
  await webadmin.open({ place: 'hosts' });
  // host-04, the last host of the cluster, has no power management in the simulated fleet.
  await webadmin.selectHosts('host-02', 'host-03', 'host-04');
  await webadmin.clickButton('ops-center-host-restart');
  const dialog = webadmin.dialogFrame('ops-center-host-restart');
  await expect(dialog.getByText('Will be restarted: 2 hosts')).toBeVisible();
  await expect(
    dialog.getByText('host-04: no power management configured: restart it from its own console'),
  ).toBeVisible();
  await webadmin.screenshot('hosts-restart-confirm');
  await webadmin.dialogButton('OK').click();

  const table = dialog.locator('table');
  await expect(table.locator('tr[data-item-id]')).toHaveCount(3);
  await expect(dialog.getByText('Done: 2 up, 0 failed.')).toBeVisible({ timeout: 90_000 });
  await expect(table.locator('tr[data-state="done"]')).toHaveCount(2);
  await expect(table.locator('tr[data-state="skipped"]')).toHaveCount(1);
  await webadmin.screenshot('hosts-restart-done');

  const fences = await engine.requests({ method: 'POST', path: /\/hosts\/[^/]+\/fence$/ });
  expect(fences).toHaveLength(2);
  expect(new Set(fences.map((f) => f.path)).size).toBe(2);
  for (const f of fences) expect(f.body).toEqual({ fence_type: 'restart' });
  const events = await engine.events();
  for (const name of ['host-02', 'host-03']) {
    expect(events.map((e) => e.description)).toContain(
      `Host ${name} was restarted by admin@internal-authz.`,
    );
  }
  // Both came back: the engine says up.
  const ups = events.filter((e) => e.code === 13 && /host-0[23]/.test(e.description));
  expect(ups.length).toBeGreaterThanOrEqual(2);
});
