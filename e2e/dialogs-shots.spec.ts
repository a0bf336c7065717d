/**
 * Screenshots of every dialog (issue 13 pt 10), for a person to look at: not an assertion suite.
 * Runs only with DIALOG_SHOTS=<dir>.
 */
import { mkdirSync } from 'node:fs';
import { expect, test } from './fixtures';

const DIR = process.env.DIALOG_SHOTS ?? '';
test.skip(!DIR, 'screenshots only on demand');

test('every dialog, as the admin first sees it', async ({ webadmin, page }) => {
  test.setTimeout(240_000);
  mkdirSync(DIR, { recursive: true });
  await webadmin.open({ place: 'vms' });
  const rows = await webadmin.rows('vms');
  const up = rows.filter((r) => r.status === 'Up').map((r) => r.name as string);
  const down = rows.filter((r) => r.status === 'Down').map((r) => r.name as string);
  const vmCases = [
    {
      select: [down[0] ?? '', up[0] ?? ''],
      button: 'ops-center-vm-start',
      token: 'ops-center-vm-bulk',
      shot: 'vm-bulk-start',
    },
    {
      select: up.slice(0, 2),
      button: 'ops-center-vm-stop',
      token: 'ops-center-vm-bulk',
      shot: 'vm-bulk-poweroff',
    },
    {
      select: [up[0] ?? '', down[0] ?? ''],
      button: 'ops-center-vm-migrate',
      token: 'ops-center-vm-migrate',
      shot: 'vm-migrate',
    },
    {
      select: [up[0] ?? ''],
      button: 'ops-center-vm-clone',
      token: 'ops-center-vm-clone',
      shot: 'vm-clone',
    },
  ];
  for (const c of vmCases) {
    await webadmin.selectVms(...c.select);
    const b = (await webadmin.buttons('VirtualMachine')).find((x) => x.id === c.button);
    if (b && !b.enabled) continue;
    await webadmin.clickButton(c.button);
    await expect(webadmin.dialogFrame(c.token).getByRole('heading').first()).toBeVisible();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${DIR}/${c.shot}.png` });
    await page.keyboard.press('Escape');
    await expect(webadmin.dialog(c.token)).toHaveCount(0);
  }
  await webadmin.goTo('hosts');
  const hosts = await webadmin.rows('hosts');
  const hostCases = [
    {
      button: 'ops-center-host-maintenance',
      token: 'ops-center-host-maintenance',
      shot: 'host-maintenance',
    },
    {
      button: 'ops-center-host-activate',
      token: 'ops-center-host-activate',
      shot: 'host-activate',
    },
    {
      button: 'ops-center-host-upgradecheck',
      token: 'ops-center-host-upgrade',
      shot: 'host-upgrade-check',
    },
    { button: 'ops-center-host-upgrade', token: 'ops-center-host-upgrade', shot: 'host-upgrade' },
    { button: 'ops-center-host-restart', token: 'ops-center-host-restart', shot: 'host-restart' },
  ];
  await webadmin.selectHosts(hosts[0]?.name as string);
  for (const c of hostCases) {
    await webadmin.clickButton(c.button);
    await expect(webadmin.dialogFrame(c.token).getByRole('heading').first()).toBeVisible();
    await page.waitForTimeout(2500);
    await page.screenshot({ path: `${DIR}/${c.shot}.png` });
    await page.keyboard.press('Escape');
    await expect(webadmin.dialog(c.token)).toHaveCount(0);
  }
  // The main place's modal.
  await webadmin.goTo('ops-center');
  const frame = webadmin.placeFrame('ops-center');
  await frame.locator('tbody input[type=checkbox]').nth(0).check();
  await frame.locator('tbody input[type=checkbox]').nth(1).check();
  await frame.locator('#oc-bulk-shutdown').click();
  await expect(frame.getByRole('dialog')).toBeVisible();
  await page.waitForTimeout(1000);
  await page.screenshot({ path: `${DIR}/main-vms-modal-shutdown.png` });
});
