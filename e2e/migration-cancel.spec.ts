import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Issue 15 point 3: a running migration is cancelled from the operations drawer. The VM ends up
 * on its source host, the item is recorded as cancelled (not failed), and exactly one
 * `cancelmigration` POST reached the engine.
 */
interface WireVm {
  name: string;
  status: string;
  host?: { id: string };
}

async function vmNamed(request: APIRequestContext, token: string, name: string): Promise<WireVm> {
  const res = await request.get(`/ovirt-engine/api/vms?search=name%3D${name}`, {
    headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
  });
  expect(res.ok()).toBe(true);
  const vm = ((await res.json()) as { vm?: WireVm[] }).vm?.[0];
  if (!vm) throw new Error(`no VM ${name}`);
  return vm;
}

test('cancelling a running migration leaves the VM up on its source host, recorded as cancelled', async ({
  webadmin,
  engine,
  request,
}) => {
  // Slow migrations (3 s a step, 4 steps): time to open the drawer and cancel.
  await engine.reset({ scenario: 'scheduling', timeScale: 3000 });
  const token = await engine.token();
  const before = await vmNamed(request, token, 'cache-01');
  expect(before.status).toBe('up');
  await engine.clearRequests();
  await webadmin.open({ place: 'vms' });
  await webadmin.selectVms('cache-01');
  await webadmin.clickButton('ops-center-vm-migrate');
  const dialog = webadmin.dialogFrame('ops-center-vm-migrate');
  await expect.poll(() => dialog.locator('#oc-migrate-target option').count()).toBeGreaterThan(1);
  await webadmin.dialogButton('OK').click();
  await expect
    .poll(async () => (await vmNamed(request, token, 'cache-01')).status, { timeout: 10_000 })
    .toBe('migrating');

  // The dialog shows its operation inline (no Operations drawer inside a dialog).
  const inline = dialog.locator('body');
  const row = inline.locator('tr[data-vm-id]', { hasText: 'cache-01' });
  await row.getByRole('button', { name: 'Cancel migration' }).click();
  // Asked once: the button is gone, it cannot be sent twice from here.
  await expect(row.getByRole('button', { name: 'Cancel migration' })).toHaveCount(0);
  await expect(row).toHaveAttribute('data-state', 'cancelled', { timeout: 20_000 });
  await expect(row.getByText('Cancelled')).toBeVisible();

  const after = await vmNamed(request, token, 'cache-01');
  expect(after.status).toBe('up');
  expect(after.host?.id).toBe(before.host?.id);
  const cancels = await engine.requests({ method: 'POST', path: /\/cancelmigration$/ });
  expect(cancels.map((r) => r.status)).toEqual([200]);
  const events = await engine.events();
  expect(
    events.some(
      (e) => e.code === 161 && /^Migration cancelled \(VM: cache-01,/.test(e.description),
    ),
  ).toBe(true);
  // The operation is cancelled, not failed; its counter says so.
  const card = inline.locator('section.oc-op-card', { hasText: 'cache-01' });
  await expect(card).toHaveAttribute('data-state', 'cancelled');
  await webadmin.screenshot('migration-cancelled-drawer');
  // Still up on the source host once the migration would have ended.
  await expect
    .poll(async () => (await vmNamed(request, token, 'cache-01')).host?.id, { timeout: 15_000 })
    .toBe(before.host?.id);
  expect((await engine.requests({ method: 'POST', path: /\/cancelmigration$/ })).length).toBe(1);
});

test('a migration started outside Ops Center is cancelled from the VM view, followed and recorded', async ({
  webadmin,
  engine,
  request,
  page,
}) => {
  // 8 s a step (32 s in all): the admin opens WebAdmin, goes to Ops Center and searches before
  // cancelling; at 3 s a step a loaded machine once saw the migration end first.
  await engine.reset({ scenario: 'scheduling', timeScale: 8000 });
  const token = await engine.token();
  const before = await vmNamed(request, token, 'cache-01');
  const list = await request.get('/ovirt-engine/api/vms?search=name%3Dcache-01', {
    headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
  });
  const id = ((await list.json()) as { vm: { id: string }[] }).vm[0]?.id ?? '';
  // Started the way WebAdmin would, not by Ops Center: no record follows it.
  const started = await request.post(`/ovirt-engine/api/vms/${id}/migrate`, {
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      Authorization: `Bearer ${token}`,
    },
    data: {},
  });
  expect(started.ok()).toBe(true);
  await engine.clearRequests();

  await webadmin.open();
  await webadmin.goTo('ops-center');
  const frame = page.frameLocator('#oc-wa-place-ops-center');
  await frame.getByLabel('Search virtual machines').fill('name=cache-01');
  await frame.getByRole('button', { name: 'Search', exact: true }).click();
  await frame.getByRole('checkbox', { name: 'Select cache-01' }).check();
  await frame.locator('#oc-bulk-cancelmigration').click();
  const row = frame.locator('.oc-ops-list tr[data-vm-id]', { hasText: 'cache-01' });
  await expect(row).toHaveAttribute('data-state', 'cancelled', { timeout: 20_000 });
  const after = await vmNamed(request, token, 'cache-01');
  expect(after.status).toBe('up');
  expect(after.host?.id).toBe(before.host?.id);
  const cancels = await engine.requests({ method: 'POST', path: /\/cancelmigration$/ });
  expect(cancels.map((r) => r.status)).toEqual([200]);
  expect(await engine.requests({ method: 'POST', path: /\/migrate$/ })).toEqual([]);
});
