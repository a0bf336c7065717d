import { expect, test } from './fixtures';

// Every page the plugin adds, opened the way an admin would, with a screenshot of each
// (test-results/screenshots/, kept as artefacts).

test('VM list buttons open their dialogs; Esc closes them', async ({ webadmin }) => {
  await webadmin.open({ place: 'vms' });
  const rows = await webadmin.rows('vms');
  const up = rows.filter((r) => r.status === 'Up').map((r) => r.name as string);
  const down = rows.filter((r) => r.status === 'Down').map((r) => r.name as string);

  const cases: { select: string[]; button: string; token: string; shot: string }[] = [
    {
      select: [down[0] ?? ''],
      button: 'ops-center-vm-start',
      token: 'ops-center-vm-bulk',
      shot: 'dialog-vm-bulk-start',
    },
    {
      select: up.slice(0, 2),
      button: 'ops-center-vm-migrate',
      token: 'ops-center-vm-migrate',
      shot: 'dialog-vm-migrate',
    },
    {
      select: [up[0] ?? ''],
      button: 'ops-center-vm-clone',
      token: 'ops-center-vm-clone',
      shot: 'dialog-vm-clone',
    },
  ];
  for (const c of cases) {
    await webadmin.selectVms(...c.select);
    await webadmin.clickButton(c.button);
    const dialog = webadmin.dialog(c.token);
    await expect(dialog).toBeVisible();
    const [shown] = await webadmin.dialogs();
    expect(shown?.contentUrl).toContain(c.token === 'ops-center-vm-clone' ? '#id=' : '#ids=');
    await expect(webadmin.dialogFrame(c.token).locator('body')).not.toBeEmpty();
    await webadmin.page.waitForTimeout(500);
    await webadmin.screenshot(c.shot);
    await webadmin.page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  }
});

test('Host list buttons open their dialogs', async ({ webadmin }) => {
  await webadmin.open({ place: 'hosts' });
  const [host] = await webadmin.rows('hosts');
  await webadmin.row('hosts', host?.name as string).click();
  await webadmin.screenshot('hosts-list');
  for (const [button, token] of [
    ['ops-center-host-maintenance', 'ops-center-host-maintenance'],
    ['ops-center-host-activate', 'ops-center-host-activate'],
  ] as const) {
    await webadmin.clickButton(button);
    await expect(webadmin.dialog(token)).toBeVisible();
    await expect(webadmin.dialogFrame(token).locator('body')).not.toBeEmpty();
    await webadmin.page.waitForTimeout(500);
    await webadmin.screenshot(`dialog-${token.replace('ops-center-', '')}`);
    await webadmin.dialogButton('Close').click();
    await expect(webadmin.dialog(token)).toHaveCount(0);
  }
});

test('the violations panel lists the plugin state and is empty for our plugin', async ({
  webadmin,
}) => {
  await webadmin.open({ place: 'vms' });
  await webadmin.page.locator('#oc-wa-violations-toggle').click();
  await expect(webadmin.page.locator('#oc-wa-plugin-states')).toContainText('ops-center: IN_USE');
  await expect(webadmin.page.locator('#oc-wa-violation-list li')).toHaveCount(0);
  await webadmin.screenshot('violations-panel');
});

test('the mock shows showToast and showAlert calls and reads them back', async ({ webadmin }) => {
  await webadmin.open({ place: 'vms' });
  await webadmin.page.evaluate(() => {
    const api = (window.pluginApi as (name: string) => Record<string, (...a: unknown[]) => void>)(
      'ops-center',
    );
    api.showToast?.('success', 'Started 3 VMs');
    api.showAlert?.('warning', 'Engine is slow', { autoHideMs: 0 });
  });
  await expect(
    webadmin.page.getByRole('status').filter({ hasText: 'Started 3 VMs' }),
  ).toBeVisible();
  await expect(
    webadmin.page.getByRole('alert').filter({ hasText: 'Engine is slow' }),
  ).toBeVisible();
  expect(await webadmin.toasts()).toEqual([
    { type: 'success', message: 'Started 3 VMs', plugin: 'ops-center', dismissed: false },
  ]);
  expect((await webadmin.alerts()).map((a) => a.type)).toEqual(['warning']);
  await webadmin.screenshot('toast-and-alert');
});

for (const dnd of [false, true]) {
  test(`an Activity action reports its outcome in the page, toast or not (Do not disturb ${dnd ? 'on' : 'off'})`, async ({
    webadmin,
  }) => {
    await webadmin.open({ place: 'vms' });
    const vm = (await webadmin.rows('vms')).find((r) => r.status === 'Down');
    if (!vm) throw new Error('need a Down VM');
    const name = vm.name as string;
    await webadmin.page.evaluate((on) => {
      window.__webadmin.setDoNotDisturb(on);
    }, dnd);
    await webadmin.row('vms', name).click();
    await webadmin.detailTab('Activity').click();
    const frame = webadmin.detailFrame('ops-center-vm-activity');
    await frame.getByRole('button', { name: 'Start', exact: true }).click();
    await frame.getByRole('button', { name: 'Start 1 VM' }).click();
    // The plugin's own toast: shown normally, swallowed whole by "Do not disturb".
    const sent = { type: 'info', message: `Start sent to ${name}`, plugin: 'ops-center' };
    const shown = () => webadmin.page.evaluate(() => window.__webadmin.toasts());
    const silenced = () => webadmin.page.evaluate(() => window.__webadmin.silencedToasts());
    await expect
      .poll(async () => (dnd ? await silenced() : await shown()).map((t) => t.message))
      .toEqual([sent.message]);
    expect(dnd ? await shown() : await silenced()).toEqual([]);
    expect((dnd ? await silenced() : await shown())[0]).toMatchObject(sent);
    // Either way the outcome is on the page itself: the VM ends Up in the tab.
    await expect(frame.getByText('Up', { exact: true }).first()).toBeVisible({ timeout: 30_000 });
  });
}
