import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * axe on the plugin's pages and dialogs, each checked as the document it is (its own frame):
 * a main landmark, one level-one heading, headings in order, and no other violation.
 * axe's source is evaluated in the frame (a debugger call, so the pages' CSP does not apply).
 */
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
}

async function axe(page: Page, file: RegExp): Promise<string[]> {
  let frame: Frame | undefined;
  await expect
    .poll(() => (frame = page.frames().find((f) => file.test(f.url()))) !== undefined)
    .toBe(true);
  if (!frame) throw new Error(`no frame ${String(file)}`);
  await frame.evaluate(AXE);
  const result = (await frame.evaluate(() =>
    (window as unknown as { axe: { run: (c: unknown) => Promise<unknown> } }).axe.run(document),
  )) as AxeResult;
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? '?'}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`,
  );
}

test('the main place (VMs and Hosts) passes axe', async ({ webadmin, page }) => {
  await webadmin.open();
  await webadmin.goTo('ops-center');
  const main = webadmin.placeFrame('ops-center');
  await expect(main.locator('#oc-vms-pager-top')).toBeVisible();
  expect(await axe(page, /ops-center\.html/)).toEqual([]);
  await main.getByRole('tab', { name: 'Hosts' }).click();
  await expect(main.locator('#oc-hosts-table tbody tr').first()).toBeVisible();
  expect(await axe(page, /ops-center\.html/)).toEqual([]);
});

test('the Activity and Load & VMs tabs pass axe', async ({ webadmin, page }) => {
  await webadmin.open({ place: 'vms' });
  const vm = (await webadmin.rows('vms')).find((r) => r.status === 'Up');
  await webadmin.row('vms', vm?.name as string).click();
  await webadmin.detailTab('Activity').click();
  await expect(
    webadmin.detailFrame('ops-center-vm-activity').getByText('Recent events', { exact: true }),
  ).toBeVisible();
  expect(await axe(page, /vm-activity\.html/)).toEqual([]);

  await webadmin.open({ place: 'hosts' });
  await webadmin.row('hosts', 'host-01').click();
  await webadmin.detailTab('Load & VMs').click();
  await expect(webadmin.detailFrame('ops-center-host-load').locator('#oc-load-nics')).toBeVisible();
  expect(await axe(page, /host-load\.html/)).toEqual([]);
});

test('the maintenance and activate dialogs pass axe', async ({ webadmin, page }) => {
  await webadmin.open({ place: 'hosts' });
  await webadmin.row('hosts', 'host-03').click();
  await webadmin.clickButton('ops-center-host-maintenance');
  const dialog = webadmin.dialogFrame('ops-center-host-maintenance');
  await expect(dialog.locator('#oc-evac-moves-table tbody tr').first()).toBeVisible();
  expect(await axe(page, /host-maintenance\.html/)).toEqual([]);
  await webadmin.screenshot('ux-dialog-maintenance');
  await page.getByRole('button', { name: 'Close' }).click();

  await webadmin.clickButton('ops-center-host-activate');
  await expect(
    webadmin.dialogFrame('ops-center-host-activate').locator('#oc-activate-title'),
  ).toBeVisible();
  expect(await axe(page, /host-activate\.html/)).toEqual([]);
  await webadmin.screenshot('ux-dialog-activate');
});
