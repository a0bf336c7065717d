import { expect, test } from './fixtures';

test('isEnabled follows the VM selection: migrate needs one selected VM Up, clone exactly one', async ({
  webadmin,
}) => {
  await webadmin.open({ place: 'vms' });
  const rows = await webadmin.rows('vms');
  const up = rows.filter((r) => r.status === 'Up').map((r) => r.name as string);
  const down = rows.filter((r) => r.status === 'Down').map((r) => r.name as string);
  expect(up.length).toBeGreaterThan(1);
  expect(down.length).toBeGreaterThan(0);

  const migrate = webadmin.button('ops-center-vm-migrate');
  await expect(migrate).toBeDisabled();

  await webadmin.row('vms', up[0] as string).click();
  await expect(migrate).toBeEnabled();

  // One rule with Ops Center's VM view: enabled when one selected VM can migrate (the dialog
  // skips the down one with its reason), disabled when none can.
  await webadmin.selectVms(up[0] as string, down[0] as string);
  await expect(migrate).toBeEnabled();
  await webadmin.selectVms(down[0] as string);
  await expect(migrate).toBeDisabled();

  const state = async (id: string) =>
    (await webadmin.buttons('VirtualMachine')).find((b) => b.id === id)?.enabled;
  await webadmin.selectVms(up[0] as string);
  expect(await state('ops-center-vm-clone')).toBe(true);
  await webadmin.selectVms(up[0] as string, up[1] as string);
  expect(await state('ops-center-vm-clone')).toBe(false);

  // Kebab items: clone lives in the "more" menu.
  await webadmin.page.locator('#oc-wa-kebab-vms').click();
  await expect(webadmin.button('ops-center-vm-clone')).toBeVisible();
  await webadmin.screenshot('vms-kebab');
});

test('selecting another VM updates the Activity tab without reloading it', async ({ webadmin }) => {
  await webadmin.open({ place: 'vms' });
  const [a, b] = (await webadmin.rows('vms')).map((r) => r);
  if (!a || !b) throw new Error('need two VMs');
  await webadmin.row('vms', a.name as string).click();
  await webadmin.detailTab('Activity').click();
  const frame = webadmin.page.locator('#oc-wa-detail-frame-ops-center-vm-activity');
  await expect(frame).toHaveAttribute('src', new RegExp(`#id=${a.id}$`));
  const win = await (await frame.elementHandle()).contentFrame();
  if (!win) throw new Error('no frame');
  await win.waitForLoadState();
  await win.evaluate(() => {
    (window as unknown as { __marker: number }).__marker = 1;
  });

  await webadmin.row('vms', b.name as string).click();
  await expect(frame).toHaveAttribute('src', new RegExp(`#id=${b.id}$`));
  await expect.poll(() => win.evaluate(() => location.hash)).toBe(`#id=${b.id}`);
  expect(await win.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
  await webadmin.screenshot('vm-activity-tab');
});

test('selecting another host updates the Load & VMs tab without reloading it', async ({
  webadmin,
}) => {
  await webadmin.open({ place: 'hosts' });
  const [a, b] = await webadmin.rows('hosts');
  if (!a || !b) throw new Error('need two hosts');
  await webadmin.row('hosts', a.name as string).click();
  await webadmin.detailTab('Load & VMs').click();
  const frame = webadmin.page.locator('#oc-wa-detail-frame-ops-center-host-load');
  await expect(frame).toHaveAttribute('src', new RegExp(`#id=${a.id}$`));
  const win = await (await frame.elementHandle()).contentFrame();
  if (!win) throw new Error('no frame');
  await win.waitForLoadState();
  await win.evaluate(() => {
    (window as unknown as { __marker: number }).__marker = 1;
  });
  await webadmin.row('hosts', b.name as string).click();
  await expect.poll(() => win.evaluate(() => location.hash)).toBe(`#id=${b.id}`);
  expect(await win.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
  await webadmin.screenshot('host-load-tab');
});

test('the main place opens from the left nav', async ({ webadmin }) => {
  await webadmin.open({ place: 'vms' });
  await webadmin.goTo('ops-center');
  await expect(webadmin.page.locator('#oc-wa-place-ops-center')).toBeVisible();
  await expect(webadmin.placeFrame('ops-center').locator('body')).not.toBeEmpty();
  await webadmin.screenshot('main-place');
});
