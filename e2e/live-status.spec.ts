import { expect, test } from './fixtures';

/**
 * "Live" must mean live (issue 13 pt 4): when the event poll cannot reach the engine, both views
 * say their figures are stale and since when, and say "Live" again once the engine answers.
 */
test('the VM and Host views say they are stale while the engine cannot be reached', async ({
  webadmin,
  engine,
}) => {
  await webadmin.open();
  await webadmin.goTo('ops-center');
  const main = webadmin.placeFrame('ops-center');
  const vmStatus = main.locator('#oc-last-updated');
  await expect(vmStatus).toContainText('Live · Last updated', { timeout: 30_000 });

  await engine.faults({ unreachable: true });
  await expect(vmStatus).toContainText('Stale: nothing new from the engine since', {
    timeout: 30_000,
  });
  await expect(vmStatus).not.toContainText('Live');
  await webadmin.screenshot('vms-live-stale');

  await main.getByRole('tab', { name: 'Hosts' }).click();
  const hostStatus = main.locator('#oc-hosts-last-updated');
  await expect(hostStatus).toContainText('Stale', { timeout: 30_000 });
  await expect(hostStatus).not.toContainText('Live');

  await engine.faults({ unreachable: false });
  await expect(hostStatus).toContainText('Live · Last updated', { timeout: 30_000 });
});
