import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Issue 16, reasons: on a cluster that requires a maintenance reason, the Maintenance dialog
 * cannot be confirmed without one, and the reason reaches the engine, which names it in its
 * event and serves it as the host's status_detail.
 */
test('maintenance on a cluster that requires a reason: no confirm without it; the engine event carries it', async ({
  webadmin,
  engine,
}) => {
  test.setTimeout(120_000);
  await engine.reset({ scenario: 'evacuation' });
  await engine.lab({ clusters: [{ name: 'Default', maintenanceReasonRequired: true }] });
  await engine.clearRequests();

  await webadmin.open({ place: 'hosts' });
  await webadmin.selectHosts('host-04');
  await webadmin.clickButton('ops-center-host-maintenance');
  const dialog = webadmin.dialogFrame('ops-center-host-maintenance');
  const run = dialog.locator('#oc-evac-run');
  const reason = dialog.getByRole('textbox', { name: 'Reason' });
  await expect(reason).toBeVisible();
  await expect(dialog.getByText('Enter a reason: the cluster requires one.')).toBeVisible();
  // `run` says what WebAdmin's OK will do, and whether it can (data-ready).
  await expect(run).toHaveAttribute('data-ready', 'false');
  // OK without a reason says why and sends nothing (WebAdmin's OK cannot be disabled).
  await webadmin.dialogButton('OK').click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'Correct the field' })).toBeVisible();
  // Blank is no reason.
  await reason.fill('   ');
  await expect(run).toHaveAttribute('data-ready', 'false');
  await webadmin.screenshot('hosts-reason-required');

  await reason.fill('Replace DIMM in slot B2');
  await expect(run).toHaveAttribute('data-ready', 'true');
  await webadmin.dialogButton('OK').click();
  await expect(dialog.getByText(/reached maintenance/)).toBeVisible({ timeout: 90_000 });

  const deactivations = await engine.requests({ method: 'POST', path: /\/deactivate$/ });
  expect(deactivations).toHaveLength(1);
  expect(deactivations[0]?.body).toEqual({ reason: 'Replace DIMM in slot B2' });
  const events = await engine.events();
  expect(events).toContainEqual({
    code: 600,
    description:
      'Host host-04 was switched to Maintenance mode by admin@internal-authz (Reason: Replace DIMM in slot B2).',
  });
  await webadmin.screenshot('hosts-reason-done');
});

test('on a cluster without the requirement the reason is offered, not required', async ({
  webadmin,
  engine,
}) => {
  await engine.reset({ scenario: 'evacuation' });
  await webadmin.open({ place: 'hosts' });
  await webadmin.selectHosts('host-04');
  await webadmin.clickButton('ops-center-host-maintenance');
  const dialog = webadmin.dialogFrame('ops-center-host-maintenance');
  await expect(dialog.getByText('Optional. The engine records it in its events.')).toBeVisible();
  await expect(dialog.locator('#oc-evac-run')).toHaveAttribute('data-ready', 'true');
});

test('VM shutdown on an optional_reason cluster offers a reason, and the engine event carries it', async ({
  webadmin,
  engine,
  request,
  baseURL,
}) => {
  await engine.reset({ scenario: 'evacuation' });
  await engine.lab({ clusters: [{ name: 'Default', optionalReason: true }] });
  // A running VM, as the engine lists it.
  const token = await engine.token();
  const res = await request.get(`${baseURL ?? ''}/ovirt-engine/api/vms?search=status%3Dup`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
  });
  const name = ((await res.json()) as { vm: { name: string }[] }).vm[0]?.name ?? '';
  expect(name).not.toBe('');
  await engine.clearRequests();
  await webadmin.open({ place: 'vms' });
  await webadmin.selectVms(name);
  await webadmin.clickButton('ops-center-vm-shutdown');
  const dialog = webadmin.dialogFrame('ops-center-vm-bulk');
  const reason = dialog.getByRole('textbox', { name: 'Reason' });
  await expect(reason).toBeVisible();
  await reason.fill('Guest kernel update');
  await webadmin.screenshot('vms-shutdown-reason');
  await webadmin.dialogButton('OK').click();
  await expect
    .poll(async () => (await engine.requests({ method: 'POST', path: /\/shutdown$/ })).length)
    .toBe(1);
  const [sent] = await engine.requests({ method: 'POST', path: /\/shutdown$/ });
  expect(sent?.body).toEqual({ reason: 'Guest kernel update' });
  const events = await engine.events();
  expect(
    events.some(
      (e) =>
        e.code === 73 &&
        e.description.startsWith('VM shutdown initiated by admin@internal-authz on VM ') &&
        e.description.endsWith('(Reason: Guest kernel update).'),
    ),
  ).toBe(true);
});

/** An up VM of the evacuation scenario, as the engine lists it. */
async function upVmName(
  engine: { token(): Promise<string> },
  request: APIRequestContext,
  baseURL: string | undefined,
): Promise<string> {
  const token = await engine.token();
  const res = await request.get(`${baseURL ?? ''}/ovirt-engine/api/vms?search=status%3Dup`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
  });
  const name = ((await res.json()) as { vm: { name: string }[] }).vm[0]?.name ?? '';
  expect(name).not.toBe('');
  return name;
}

test('power off from Ops Center’s VM view offers the reason, and the engine event carries it', async ({
  page,
  webadmin,
  engine,
  request,
  baseURL,
}) => {
  await engine.reset({ scenario: 'evacuation' });
  await engine.lab({ clusters: [{ name: 'Default', optionalReason: true }] });
  const name = await upVmName(engine, request, baseURL);
  await engine.clearRequests();
  await webadmin.open();
  await webadmin.goTo('ops-center');
  const frame = page.frameLocator('#oc-wa-place-ops-center');
  await frame.getByRole('checkbox', { name: `Select ${name}`, exact: true }).check();
  await frame.locator('#oc-bulk-stop').click();
  // The modal names the action; the reason is offered, not required.
  const modal = frame.getByRole('dialog');
  await expect(modal.getByRole('heading', { name: 'Power off', exact: true })).toBeVisible();
  const reason = modal.getByRole('textbox', { name: 'Reason' });
  await expect(reason).toBeVisible();
  await reason.fill('Hung guest, console dead');
  await webadmin.screenshot('vms-view-power-off-reason');
  await modal.getByRole('button', { name: 'Power off 1 VM' }).click();
  await expect
    .poll(async () => (await engine.requests({ method: 'POST', path: /\/stop$/ })).length)
    .toBe(1);
  const [sent] = await engine.requests({ method: 'POST', path: /\/stop$/ });
  expect(sent?.body).toEqual({ reason: 'Hung guest, console dead' });
  await expect
    .poll(async () =>
      (await engine.events()).some((e) =>
        e.description.endsWith('(Reason: Hung guest, console dead).'),
      ),
    )
    .toBe(true);
});

test('shut down from the Activity tab offers the reason on an optional_reason cluster', async ({
  webadmin,
  engine,
  request,
  baseURL,
}) => {
  await engine.reset({ scenario: 'evacuation' });
  await engine.lab({ clusters: [{ name: 'Default', optionalReason: true }] });
  const name = await upVmName(engine, request, baseURL);
  await engine.clearRequests();
  await webadmin.open({ place: 'vms' });
  await webadmin.row('vms', name).click();
  await webadmin.detailTab('Activity').click();
  const tab = webadmin.detailFrame('ops-center-vm-activity');
  await tab.getByRole('button', { name: 'Shut down', exact: true }).click();
  const reason = tab.getByRole('textbox', { name: 'Reason' });
  await expect(reason).toBeVisible();
  await reason.fill('Move to new storage');
  await tab.getByRole('button', { name: 'Shut down 1 VM' }).click();
  await expect
    .poll(async () => (await engine.requests({ method: 'POST', path: /\/shutdown$/ })).length)
    .toBe(1);
  const [sent] = await engine.requests({ method: 'POST', path: /\/shutdown$/ });
  expect(sent?.body).toEqual({ reason: 'Move to new storage' });
});
