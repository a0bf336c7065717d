/**
 * Issue 13 point 10: our WebAdmin dialogs use WebAdmin's footer. OK (relayed by the host page to
 * the dialog page) sends once: the engine's request log proves that pressing OK again, while
 * the operation runs or after it ended, sends no second action. Close closes the dialog and the
 * operation goes on.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const SHOTS = process.env.DIALOG_SHOTS;

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

test('OK pressed twice sends one start per VM; Close leaves the run going', async ({
  webadmin,
  engine,
  page,
}) => {
  test.setTimeout(120_000);
  // Slow state machine: the run is still going when OK is pressed again and when Close is.
  await engine.reset({ timeScale: 3000 });
  await webadmin.open({ place: 'vms' });
  const down = (await webadmin.rows('vms')).filter((r) => r.status === 'Down').slice(0, 2);
  expect(down).toHaveLength(2);
  await engine.clearRequests();
  await webadmin.selectVms(...down.map((r) => r.name as string));
  await webadmin.clickButton('ops-center-vm-start');
  const frame = webadmin.dialogFrame('ops-center-vm-bulk');
  await expect(frame.getByRole('heading', { name: /Start: 2 VMs/ })).toBeVisible();
  // The footer is WebAdmin's: OK and Close, and no confirm button in the page.
  await expect(webadmin.dialogButton('OK')).toBeVisible();
  await expect(webadmin.dialogButton('Close')).toBeVisible();
  await expect(frame.getByRole('button', { name: /^Start 2 VMs$/ })).toHaveCount(0);
  await shot(page, 'vm-bulk-start-plan');

  const ok = webadmin.dialogButton('OK');
  await ok.click();
  await ok.click();
  const starts = () => engine.requests({ method: 'POST', path: /\/vms\/[^/]+\/start$/ });
  await expect.poll(async () => (await starts()).length).toBe(2);
  const card = frame.locator('section[data-operation-id]');
  await expect(card).toHaveCount(1);
  await expect(frame.getByText(/Already sent: OK does not send it again/)).toBeVisible();
  await expect(frame.getByText(/Closing this dialog does not stop the operation/)).toBeVisible();
  // No Operations drawer inside the dialog: one place to close it, WebAdmin's.
  await expect(frame.locator('#oc-ops-toggle')).toHaveCount(0);
  await shot(page, 'vm-bulk-start-running');
  await ok.click();
  // The mock WebAdmin's contract checks: our showDialog buttons broke no rule.
  const report = await page.evaluate(() => window.__webadmin.violations());
  expect(report).toEqual([]);

  await webadmin.dialogButton('Close').click();
  await expect(webadmin.dialog('ops-center-vm-bulk')).toHaveCount(0);
  // The run goes on after Close (the runner page takes it over) and ends with each VM started once.
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const raw = sessionStorage.getItem('ops-center:operations') ?? '[]';
          return (JSON.parse(raw) as { st: string }[]).map((r) => r.st);
        }),
      { timeout: 90_000 },
    )
    .toEqual(['done']);
  const sent = await starts();
  expect(sent).toHaveLength(2);
  expect(new Set(sent.map((r) => r.path)).size).toBe(2);
});
