/**
 * A detail tab opened by its URL (reload, bookmark, a link: `#<token>;name=x`) gets no selection
 * event in WebAdmin: the event comes from the list presenter's table selection, which has not
 * run. The Activity and Load & VMs pages must find their entity from WebAdmin's URL.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function openByUrl(page: Page, token: string, name: string) {
  await page.evaluate(
    ([t, n]) => {
      location.hash = `${t};name=${encodeURIComponent(n)}`;
    },
    [token, name] as const,
  );
}

test('Activity opened by URL, with no selection event, shows the VM it names', async ({
  webadmin,
  page,
}) => {
  await webadmin.open({ place: 'vms' });
  const vm = (await webadmin.rows('vms')).find((r) => r.status === 'Up');
  if (!vm) throw new Error('need an Up VM');
  await openByUrl(page, 'ops-center-vm-activity', vm.name as string);
  const frameEl = page.locator('#oc-wa-detail-frame-ops-center-vm-activity');
  await expect(frameEl).toBeVisible();
  // No event: the host page never pointed the tab at an id.
  await expect(frameEl).not.toHaveAttribute('src', /id=/);
  const frame = webadmin.detailFrame('ops-center-vm-activity');
  await expect(frame.getByText('Nothing selected')).toHaveCount(0);
  await expect(frame.getByText(vm.name as string, { exact: true }).first()).toBeVisible();
  await webadmin.screenshot('vm-activity-direct-open');
});

test('Load & VMs opened by URL, with no selection event, shows the host it names', async ({
  webadmin,
  page,
}) => {
  await webadmin.open({ place: 'hosts' });
  const host = (await webadmin.rows('hosts'))[0];
  if (!host) throw new Error('need a host');
  await openByUrl(page, 'ops-center-host-load', host.name as string);
  const frameEl = page.locator('#oc-wa-detail-frame-ops-center-host-load');
  await expect(frameEl).toBeVisible();
  await expect(frameEl).not.toHaveAttribute('src', /id=/);
  const frame = webadmin.detailFrame('ops-center-host-load');
  await expect(frame.getByText('Nothing selected')).toHaveCount(0);
  await expect(frame.getByText(host.name as string).first()).toBeVisible();
});
