/**
 * The plugin works under `Content-Security-Policy: default-src 'self'`: every plugin page is
 * served with that header here (the mock WebAdmin's own shell keeps its inline bootstrap, as
 * the real GWT WebAdmin page does), and no policy violation may be reported by any frame.
 * The built files are also scanned: no inline script, no inline handler, no eval/new Function.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { inEveryFrame, openVmsPlace } from '../test/reliability/e2eSupport';
import { recordTrial } from '../test/reliability/tally';

const CSP = "default-src 'self'";
const RESOURCES = 'dist/ops-center-resources';

function recordViolations(): void {
  const seen: string[] = [];
  (window as unknown as { __ocCsp: string[] }).__ocCsp = seen;
  document.addEventListener('securitypolicyviolation', (e) => {
    seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${String(e.lineNumber)}`);
  });
}

test('every plugin page and dialog works with default-src self, without a violation', async ({
  webadmin,
  page,
}) => {
  test.setTimeout(90_000);
  const served: string[] = [];
  await page.route(/\/ovirt-engine\/webadmin\/plugin\/ops-center\/[^?#]*\.html/, async (route) => {
    const res = await route.fetch();
    served.push(new URL(route.request().url()).pathname);
    await route.fulfill({
      response: res,
      headers: { ...res.headers(), 'content-security-policy': CSP },
    });
  });
  const consoleCsp: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) consoleCsp.push(m.text());
  });
  await page.addInitScript(recordViolations);

  await webadmin.open({ place: 'vms' });
  const rows = await webadmin.rows('vms');
  const up = rows.filter((r) => r.status === 'Up');
  const down = rows.filter((r) => r.status === 'Down');
  const first = up[0];
  if (!first || !down[0]) throw new Error('need up and down VMs');

  await webadmin.selectVms(first.id);
  await webadmin.detailTab('Activity').click();
  await expect(
    page
      .frameLocator('#oc-wa-detail-frame-ops-center-vm-activity')
      .getByText(first.name as string)
      .first(),
  ).toBeVisible();
  for (const [button, token, select] of [
    ['ops-center-vm-start', 'ops-center-vm-bulk', down[0].id],
    ['ops-center-vm-migrate', 'ops-center-vm-migrate', first.id],
    ['ops-center-vm-clone', 'ops-center-vm-clone', first.id],
  ] as const) {
    await webadmin.selectVms(select);
    await webadmin.clickButton(button);
    // Rendered (the confirm is WebAdmin's footer OK, not a button in the page).
    await expect(webadmin.dialogFrame(token).getByRole('heading').first()).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(webadmin.dialog(token)).toHaveCount(0);
  }
  const frame = await openVmsPlace(page, webadmin);
  await expect(
    frame.locator('table[aria-label="Virtual machines"] tbody tr').first(),
  ).toBeVisible();
  await frame.getByRole('tab', { name: 'Hosts' }).click();
  await expect(frame.getByText('SPM').first()).toBeVisible();

  await webadmin.goTo('hosts');
  const [host] = await webadmin.rows('hosts');
  await webadmin.row('hosts', host?.name as string).click();
  for (const id of ['ops-center-host-maintenance', 'ops-center-host-activate']) {
    await webadmin.clickButton(id);
    await expect(webadmin.dialogFrame(id).getByRole('heading').first()).toBeVisible();
    await webadmin.dialogButton('Close').click();
    await expect(webadmin.dialog(id)).toHaveCount(0);
  }
  await webadmin.detailTab('Load & VMs').click();
  await expect(
    page
      .frameLocator('#oc-wa-detail-frame-ops-center-host-load')
      .getByText(host?.name as string)
      .first(),
  ).toBeVisible();

  // Clusters › Balance: the cluster's policy and hosts, read under the same policy.
  await webadmin.goTo('clusters');
  await webadmin.row('clusters', 'Default').click();
  await webadmin.detailTab('Balance').click();
  await expect(
    page
      .frameLocator('#oc-wa-detail-frame-ops-center-cluster-balance')
      .getByRole('heading', { level: 1 }),
  ).toContainText('Default');

  const pages = new Set(served.map((p) => p.split('/').pop()));
  expect([...pages].sort()).toEqual(
    [
      'plugin.html',
      'ops-center.html',
      'vm-activity.html',
      'host-load.html',
      'vm-bulk.html',
      'vm-migrate.html',
      'vm-clone.html',
      'host-maintenance.html',
      'host-activate.html',
      'cluster-balance.html',
    ].sort(),
  );
  const violations: string[] = [...consoleCsp];
  for (const { value } of await inEveryFrame(
    page,
    () => (window as unknown as { __ocCsp?: string[] }).__ocCsp ?? [],
  )) {
    violations.push(...value);
  }
  expect(violations).toEqual([]);
  recordTrial('e2e', { kind: 'input', name: 'CSP default-src self', lost: 0, repeated: 0 });
});

test('built pages have no inline script or handler, and no eval or new Function', () => {
  const files = readdirSync(RESOURCES, { recursive: true, encoding: 'utf8' });
  const html = files.filter((f) => f.endsWith('.html'));
  const js = files.filter((f) => f.endsWith('.js'));
  expect(html.length).toBeGreaterThanOrEqual(9);
  expect(js.length).toBeGreaterThan(0);
  const problems: string[] = [];
  for (const f of html) {
    const text = readFileSync(join(RESOURCES, f), 'utf8');
    for (const m of text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      if (!/\bsrc=/.test(m[1] ?? '') || (m[2] ?? '').trim() !== '')
        problems.push(`${f}: inline script`);
    }
    if (/\son[a-z]+\s*=/i.test(text)) problems.push(`${f}: inline event handler`);
    if (/javascript:/i.test(text)) problems.push(`${f}: javascript: URL`);
    if (/<style\b/i.test(text) || /\sstyle\s*=/i.test(text)) problems.push(`${f}: inline style`);
  }
  for (const f of js) {
    const text = readFileSync(join(RESOURCES, f), 'utf8');
    if (/(^|[^\w$.])eval\s*\(/.test(text)) problems.push(`${f}: eval(`);
    if (/new\s+Function\s*\(/.test(text)) problems.push(`${f}: new Function(`);
    // lodash's global lookup, `freeGlobal || freeSelf || Function('return this')()`, stops at
    // `self` in every browser, so its fallback never runs (the CSP test above would report it).
    const code = text.replace(
      /self\.Object===Object&&self;\w+\.exports=\w+\|\|\w+\|\|Function\(`return this`\)\(\)/g,
      '',
    );
    if (/(^|[^\w$.])Function\s*\(\s*["'`]/.test(code)) problems.push(`${f}: Function("…")`);
    if (/set(Timeout|Interval)\s*\(\s*["'`]/.test(text)) problems.push(`${f}: string timer`);
  }
  expect(problems).toEqual([]);
  recordTrial('e2e', { kind: 'input', name: 'static scan of dist', lost: 0, repeated: 0 });
});
