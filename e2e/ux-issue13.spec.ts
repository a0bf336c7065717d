import { expect, test } from './fixtures';

/** Issue 13 as an admin sees it: the screens changed for it, each with a screenshot. */

test('a VM that is not running shows no live figures in its Activity tab', async ({ webadmin }) => {
  await webadmin.open({ place: 'vms' });
  const vm = (await webadmin.rows('vms')).find((r) => r.status === 'Down');
  if (!vm) throw new Error('need a Down VM');
  await webadmin.row('vms', vm.name as string).click();
  await webadmin.detailTab('Activity').click();
  const frame = webadmin.detailFrame('ops-center-vm-activity');
  await expect(frame.getByText(/This VM is not running \(Down\)/)).toBeVisible();
  await expect(frame.getByText('Not running', { exact: true })).toBeVisible();
  await expect(frame.getByText('CPU', { exact: true })).toHaveCount(0);
  await expect(frame.getByText('Memory', { exact: true })).toHaveCount(0);
  await webadmin.screenshot('ux-activity-down');
});

test('power off from the Activity tab warns about data loss behind a danger button', async ({
  webadmin,
}) => {
  await webadmin.open({ place: 'vms' });
  const vm = (await webadmin.rows('vms')).find((r) => r.status === 'Up');
  if (!vm) throw new Error('need an Up VM');
  await webadmin.row('vms', vm.name as string).click();
  await webadmin.detailTab('Activity').click();
  const frame = webadmin.detailFrame('ops-center-vm-activity');
  await frame.getByRole('button', { name: 'Power off', exact: true }).click();
  await expect(frame.getByText(/unsaved data is lost/)).toBeVisible();
  await expect(frame.getByRole('button', { name: 'Power off 1 VM' })).toHaveClass(/pf-m-danger/);
  await webadmin.screenshot('ux-activity-power-off');
});

test('Migrate away in Load & VMs asks before sending', async ({ webadmin, engine }) => {
  await webadmin.open({ place: 'hosts' });
  await webadmin.row('hosts', 'host-01').click();
  await webadmin.detailTab('Load & VMs').click();
  const tab = webadmin.detailFrame('ops-center-host-load');
  const first = tab.locator('#oc-load-vms tbody tr').first();
  await expect(first).toBeVisible();
  await first.getByRole('checkbox').check();
  await tab.getByRole('button', { name: 'Migrate away (1)' }).click();
  await expect(tab.getByText('Migrate 1 VM away from host-01?')).toBeVisible();
  await webadmin.screenshot('ux-load-migrate-confirm');
  const migrations = await engine.requests({ method: 'POST', path: /\/vms\/[^/]+\/migrate$/ });
  expect(migrations).toHaveLength(0);
  await tab.getByRole('button', { name: 'Cancel' }).click();
  await expect(tab.getByText('Migrate 1 VM away from host-01?')).toHaveCount(0);
});

test('the VM and Hosts views page with counts and a page size, top and bottom', async ({
  webadmin,
}) => {
  await webadmin.open();
  await webadmin.goTo('ops-center');
  const main = webadmin.placeFrame('ops-center');
  const top = main.locator('#oc-vms-pager-top');
  await expect(top).toContainText(/^1–50 of (many|\d+)/);
  await expect(main.locator('#oc-vms-pager-bottom')).toBeVisible();
  await top.getByRole('combobox', { name: 'Rows per page' }).selectOption('10');
  await expect(top).toContainText('1–10 of many');
  await top.getByRole('button', { name: 'Next page' }).click();
  await expect(top).toContainText('11–20 of');
  await expect(main.locator('table[aria-label="Virtual machines"] tbody tr')).toHaveCount(10);
  await webadmin.screenshot('ux-vms-pager');

  await main.getByRole('tab', { name: 'Hosts' }).click();
  const hostsTop = main.locator('#oc-hosts-pager-top');
  await expect(hostsTop).toContainText('1–4 of 4');
  await expect(main.locator('#oc-hosts-pager-bottom')).toContainText('1–4 of 4');
  await webadmin.screenshot('ux-hosts-pager');
});

test('no 404 on load (site icon included), and the contract badge says what it is', async ({
  webadmin,
  page,
}) => {
  const missing: string[] = [];
  page.on('response', (r) => {
    if (r.status() === 404) missing.push(r.url());
  });
  await webadmin.open();
  await webadmin.goTo('ops-center');
  await expect(webadmin.placeFrame('ops-center').locator('#oc-vms-pager-top')).toBeVisible();
  // A plugin page opened on its own, as from a bookmark of the frame.
  const direct = await page.context().newPage();
  direct.on('response', (r) => {
    if (r.status() === 404) missing.push(r.url());
  });
  await direct.goto('/ovirt-engine/webadmin/plugin/ops-center/ops-center.html');
  await direct.waitForLoadState('networkidle');
  const icon = await page.request.get('/favicon.ico');
  expect(icon.status()).toBe(200);
  expect(missing).toEqual([]);

  const badge = page.locator('#oc-wa-violations-toggle');
  await expect(badge).toHaveText(
    /^Plugin contract: (all checks pass|\d+ violations? · \d+ warnings?)$/,
  );
  await expect(badge).toHaveAttribute('title', /UI plugin contract/);
  await expect(badge).not.toHaveText(/\b1 warnings\b/);
  await webadmin.screenshot('ux-shell-badge');
});

test('the snapshot dialog and the NIC table use plain words', async ({ webadmin }) => {
  await webadmin.open({ place: 'vms' });
  const vm = (await webadmin.rows('vms')).find((r) => r.status === 'Down');
  await webadmin.row('vms', vm?.name as string).click();
  await webadmin.detailTab('Activity').click();
  const frame = webadmin.detailFrame('ops-center-vm-activity');
  await expect(frame.getByRole('columnheader', { name: 'Bootable' })).toBeVisible();
  await frame.getByRole('button', { name: 'Create snapshot' }).click();
  const dialog = frame.getByRole('dialog');
  await expect(dialog.getByLabel('Description')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Create snapshot' })).toBeVisible();
  await webadmin.screenshot('ux-snapshot-dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await webadmin.open({ place: 'hosts' });
  await webadmin.row('hosts', 'host-01').click();
  await webadmin.detailTab('Load & VMs').click();
  const tab = webadmin.detailFrame('ops-center-host-load');
  const nics = tab.locator('#oc-load-nics');
  await expect(nics.getByRole('columnheader', { name: 'MAC address' })).toBeVisible();
  await expect(nics.getByRole('columnheader', { name: 'IP addresses' })).toBeVisible();
  await expect(nics.locator('tbody tr').first()).not.toContainText(/\bup\b/);
  await nics.scrollIntoViewIfNeeded();
  await webadmin.screenshot('ux-load-nics');
});

test('the Activate dialog offers no migrations to stop', async ({ webadmin }) => {
  await webadmin.open({ place: 'hosts' });
  await webadmin.row('hosts', 'host-01').click();
  await webadmin.clickButton('ops-center-host-activate');
  const dialog = webadmin.dialogFrame('ops-center-host-activate');
  await expect(dialog.locator('#oc-activate-title')).toBeVisible();
  await expect(dialog.getByText(/migrations/)).toHaveCount(0);
  await webadmin.screenshot('ux-dialog-activate-plan');
});

test('at 1600 px nothing in the VM and Hosts views is cut off or out of line', async ({
  webadmin,
  page,
}) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await webadmin.open();
  await webadmin.goTo('ops-center');
  const main = webadmin.placeFrame('ops-center');
  await expect(main.locator('table[aria-label="Virtual machines"] tbody tr').first()).toBeVisible();
  await main.locator('tbody input[type=checkbox]').nth(1).check();

  /** Header cells whose content overflows (an ellipsis), by their text or label. */
  const cutHeaders = (table: string) =>
    main
      .locator(`table[aria-label="${table}"] thead th`)
      .evaluateAll((ths) =>
        ths
          .filter((th) => th.scrollWidth > th.clientWidth + 1)
          .map((th) => th.textContent || th.getAttribute('aria-label') || '?'),
      );
  expect(await cutHeaders('Virtual machines')).toEqual([]);

  // Each filter select: its caret clears the widest text it may show.
  const crowded = await main.locator('.oc-vms-search select').evaluateAll((selects) => {
    const ctx = document.createElement('canvas').getContext('2d');
    if (!ctx) return ['no canvas'];
    return (selects as HTMLSelectElement[]).flatMap((s) => {
      const cs = getComputedStyle(s);
      ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const text = s.selectedOptions[0]?.text ?? '';
      const textEnd =
        s.getBoundingClientRect().left + parseFloat(cs.paddingLeft) + ctx.measureText(text).width;
      const caret = s.parentElement?.querySelector('.pf-v6-c-form-control__toggle-icon');
      const caretStart = caret?.getBoundingClientRect().left ?? Infinity;
      return caretStart - textEnd < 4 ? [`${s.id}: ${text}`] : [];
    });
  });
  expect(crowded).toEqual([]);

  // "1 selected" on the action buttons' centre line.
  const centre = async (selector: string) =>
    main
      .locator(selector)
      .first()
      .evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top + r.height / 2;
      });
  const count = await centre('.oc-bulk-count span');
  const button = await centre('#oc-bulk-start');
  expect(Math.abs(count - button)).toBeLessThanOrEqual(2);
  await webadmin.screenshot('ux-layout-1600-vms');

  await main.getByRole('tab', { name: 'Hosts' }).click();
  await expect(main.locator('table[aria-label="Hosts"] tbody tr').first()).toBeVisible();
  expect(await cutHeaders('Hosts')).toEqual([]);
  await webadmin.screenshot('ux-layout-1600-hosts');
});
