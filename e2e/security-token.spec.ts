/**
 * The SSO token is a bearer credential for the whole REST API as the logged-in admin. It may
 * travel only in the Authorization header of REST requests. This test instruments every frame
 * and then uses every page, including error paths, and looks for the token everywhere else:
 * request and frame URLs, localStorage, sessionStorage, console output, postMessage payloads.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  api,
  bulkStart,
  inEveryFrame,
  openVmsPlace,
  vmsWhere,
} from '../test/reliability/e2eSupport';
import { recordTrial, tallyLine } from '../test/reliability/tally';

// The last of the reliability/security specs: the run's total.
test.afterAll(() => {
  process.stdout.write(`${tallyLine('e2e')}\n`);
});

/** Runs in every frame before its scripts: records every message a frame posts or receives. */
function instrument(): void {
  const seen: string[] = [];
  (window as unknown as { __ocPosted: string[] }).__ocPosted = seen;
  const text = (v: unknown): string => {
    try {
      return typeof v === 'string' ? v : JSON.stringify(v);
    } catch {
      return String(v);
    }
  };
  window.addEventListener('message', (e) => seen.push(`received ${e.origin}: ${text(e.data)}`));
  const original = window.postMessage.bind(window);
  window.postMessage = ((message: unknown, ...rest: unknown[]) => {
    seen.push(`posted: ${text(message)}`);
    (original as (...a: unknown[]) => void)(message, ...rest);
  }) as typeof window.postMessage;
}

async function storageAndMessages(page: Page): Promise<string[]> {
  const dumps = await inEveryFrame(page, () => {
    const all = (s: Storage) =>
      Array.from({ length: s.length }, (_, i) => {
        const k = s.key(i) ?? '';
        return `${k}=${s.getItem(k) ?? ''}`;
      });
    return [
      ...all(localStorage).map((x) => `localStorage ${x}`),
      ...all(sessionStorage).map((x) => `sessionStorage ${x}`),
      ...((window as unknown as { __ocPosted?: string[] }).__ocPosted ?? []),
      `document.cookie ${document.cookie}`,
    ];
  });
  return dumps.flatMap(({ url, value }) => value.map((d) => `${url} ${d}`));
}

test('the SSO token never leaves the Authorization header', async ({
  webadmin,
  engine,
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const base = baseURL ?? '';
  const urls: string[] = [];
  const consoleLines: string[] = [];
  await page.addInitScript(instrument);
  page.on('request', (r) => urls.push(r.url()));
  page.on('framenavigated', (f) => urls.push(f.url()));
  page.on('console', (m) => consoleLines.push(m.text()));

  await webadmin.open({ place: 'vms' });
  const token = await page.evaluate(
    () => (window as unknown as { userInfo: { ssoToken: string } }).userInfo.ssoToken,
  );
  expect(token.length).toBeGreaterThan(10);

  // Every page: main place (VMs and Hosts), both detail tabs, every dialog, and a bulk run.
  const rows = await webadmin.rows('vms');
  const up = rows.filter((r) => r.status === 'Up').map((r) => r.name as string);
  await webadmin.row('vms', up[0] ?? '').click();
  await webadmin.detailTab('Activity').click();
  await expect(
    page.frameLocator('#oc-wa-detail-frame-ops-center-vm-activity').locator('body'),
  ).not.toBeEmpty();
  for (const [button, token_] of [
    ['ops-center-vm-migrate', 'ops-center-vm-migrate'],
    ['ops-center-vm-clone', 'ops-center-vm-clone'],
    ['ops-center-vm-shutdown', 'ops-center-vm-bulk'],
  ] as const) {
    await webadmin.selectVms(up[0] ?? '');
    await webadmin.clickButton(button);
    await expect(webadmin.dialogFrame(token_).locator('body')).not.toBeEmpty();
    await page.keyboard.press('Escape');
    await expect(webadmin.dialog(token_)).toHaveCount(0);
  }
  await webadmin.goTo('hosts');
  const [host] = await webadmin.rows('hosts');
  await webadmin.row('hosts', host?.name as string).click();
  for (const id of ['ops-center-host-maintenance', 'ops-center-host-activate']) {
    await webadmin.clickButton(id);
    await expect(webadmin.dialogFrame(id).locator('body')).not.toBeEmpty();
    await webadmin.dialogButton('Close').click();
    await expect(webadmin.dialog(id)).toHaveCount(0);
  }
  await webadmin.detailTab('Load & VMs').click();
  await expect(
    page.frameLocator('#oc-wa-detail-frame-ops-center-host-load').locator('body'),
  ).not.toBeEmpty();

  // Error paths log the most: a 401 (credentials re-read) and a refused action.
  const frame = await openVmsPlace(page, webadmin);
  const down = await vmsWhere(request, engine, base, 'status=down and name=m*');
  await engine.faults({
    failActions: [{ vm: down[0]?.name ?? '', action: 'start', detail: '[Cannot run VM.]' }],
  });
  await bulkStart(frame, 'status=down and name=m*', down.length);
  await engine.faults({ errorRate: [{ method: 'GET', path: '/vms$', status: 401, count: 1 }] });
  const card = frame.locator('section[data-operation-id]').first();
  await expect(card).toHaveAttribute('data-state', 'partial', { timeout: 60_000 });
  // Reload: the record is read back from sessionStorage by fresh pages.
  await page.reload();
  await webadmin.open();
  await openVmsPlace(page, webadmin);
  await api(request, engine, base, 'vms');

  urls.push(...page.frames().map((f) => f.url()));
  const places: [string, string[]][] = [
    ['request or frame URL', urls],
    ['console', consoleLines],
    ['storage, cookie or postMessage', await storageAndMessages(page)],
  ];
  const half = token.slice(0, Math.ceil(token.length / 2));
  for (const [where, lines] of places) {
    const leaks = lines.filter(
      (l) => l.includes(token) || l.includes(half) || l.includes(encodeURIComponent(token)),
    );
    recordTrial('e2e', { kind: 'input', name: `token in ${where}`, lost: 0, repeated: 0 });
    expect(leaks, `SSO token found in ${where}`).toEqual([]);
  }
  // The instrumentation saw something: the check is not vacuous.
  expect(urls.length).toBeGreaterThan(20);
  const stored = await storageAndMessages(page);
  expect(stored.some((l) => l.includes('ops-center:operations'))).toBe(true);
});
