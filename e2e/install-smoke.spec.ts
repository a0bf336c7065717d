/**
 * Smoke test of an installable tree. Normally it runs on dist/ like every spec; `npm run test:rpm`
 * runs it again with E2E_INSTALL_ROOT set to the RPM unpacked into a scratch root, so that the mock
 * WebAdmin serves /usr/share/ovirt-engine/ui-plugins and reads /etc/ovirt-engine/ui-plugins from
 * what the package installs (see playwright.config.ts and dev/webadmin/start.ts --install-root).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const INSTALL_ROOT = process.env.E2E_INSTALL_ROOT;
const DESCRIPTOR = INSTALL_ROOT
  ? join(INSTALL_ROOT, 'usr/share/ovirt-engine/ui-plugins/ops-center.json')
  : 'dist/ops-center.json';

function configObject(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(() =>
    (window.pluginApi as (name: string) => { configObject(): Record<string, unknown> })(
      'ops-center',
    ).configObject(),
  );
}

test('the plugin loads with its shipped override, lists VMs and opens its tab and dialog', async ({
  webadmin,
}) => {
  await webadmin.open({ place: 'vms' });
  expect(await webadmin.state()).toBe('IN_USE');
  // The example override changes nothing: the plugin sees the descriptor's defaults and the
  // engine stand-in has no complaint about the file (rule 27: descriptor and config files).
  const descriptor = JSON.parse(readFileSync(DESCRIPTOR, 'utf8')) as { config: unknown };
  expect(await configObject(webadmin.page)).toEqual(descriptor.config);
  expect((await webadmin.warnings()).filter((w) => w.rule === 27)).toEqual([]);

  const [vm] = await webadmin.rows('vms');
  await webadmin.row('vms', vm?.name as string).click();
  await webadmin.detailTab('Activity').click();
  await expect(
    webadmin
      .detailFrame('ops-center-vm-activity')
      .getByText(vm?.name as string)
      .first(),
  ).toBeVisible({ timeout: 30_000 });
  await webadmin.clickButton('ops-center-vm-clone');
  await expect(webadmin.dialog('ops-center-vm-clone')).toBeVisible();
  await expect(webadmin.dialogFrame('ops-center-vm-clone').locator('body')).not.toBeEmpty();
  await webadmin.page.keyboard.press('Escape');

  await webadmin.goTo('ops-center');
  const place = webadmin.placeFrame('ops-center');
  // React and PatternFly load on the first open of the main place: slow on a busy machine.
  await expect(place.locator('table[aria-label="Virtual machines"]')).toBeVisible({
    timeout: 30_000,
  });
  await expect(place.getByText(vm?.name as string).first()).toBeVisible();
  // No "values in ops-center-config.json were not used" banner, and every setting at its
  // default: the shipped override changes nothing.
  await expect(place.locator('.oc-config-warnings')).toHaveCount(0);
  await expect(place.getByText('Ops Center configuration problems')).toHaveCount(0);
  await expect(place.locator('details.oc-config-effect summary')).toHaveText(
    'Settings in effect: all at their defaults',
  );
  await webadmin.screenshot(INSTALL_ROOT ? 'install-smoke-rpm' : 'install-smoke-dist');
});

test('the override file read is the one in the install root', async ({ webadmin }) => {
  test.skip(!INSTALL_ROOT, 'only with E2E_INSTALL_ROOT (npm run test:rpm)');
  const file = join(INSTALL_ROOT ?? '', 'etc/ovirt-engine/ui-plugins/ops-center-config.json');
  const shipped = readFileSync(file);
  try {
    // The scratch root is disposable; the engine stand-in re-reads the file on every page load.
    writeFileSync(file, '{ "config": { "pageSize": 10 } }\n');
    await webadmin.open({ place: 'vms' });
    expect((await configObject(webadmin.page)).pageSize).toBe(10);
  } finally {
    writeFileSync(file, shipped);
  }
});
