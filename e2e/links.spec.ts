/**
 * Issue 13 point 15. WebAdmin's address bar shows only `#ops-center`; Copy link gives a WebAdmin
 * address that carries the main place's search, and a fresh WebAdmin opened on it shows the
 * search once Ops Center is opened.
 */
import { expect, test } from './fixtures';

const VM_TABLE = 'table[aria-label="Virtual machines"]';

test('a copied link opens Ops Center with the search it was copied with', async ({
  webadmin,
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await webadmin.open({ place: 'vms' });
  await webadmin.goTo('ops-center');
  const frame = webadmin.placeFrame('ops-center');
  await expect(frame.locator(VM_TABLE)).toBeVisible({ timeout: 30_000 });
  const search = frame.getByRole('searchbox', { name: 'Search virtual machines' });
  await search.fill('status=down');
  await search.press('Enter');
  await frame.getByRole('button', { name: 'Copy link' }).click();
  await expect(frame.getByText('Link copied')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(link).hash).toBe('#ops-center');
  expect(
    new URLSearchParams(new URL(link).searchParams.get('ops-center-state') ?? '').get('q'),
  ).toBe('status=down');

  const fresh = await context.newPage();
  await fresh.goto(link);
  await fresh.waitForFunction(() => typeof window.__webadmin === 'object');
  await fresh.evaluate(() => window.__webadmin.whenStarted());
  await fresh.waitForFunction(() => window.__webadmin.state('ops-center') === 'IN_USE');
  if ((await fresh.evaluate(() => window.__webadmin.currentPlace())) !== 'ops-center')
    await fresh.evaluate(() => {
      window.__webadmin.revealPlace('ops-center');
    });
  const freshFrame = fresh.frameLocator('#oc-wa-place-ops-center');
  await expect(freshFrame.locator(VM_TABLE)).toBeVisible({ timeout: 30_000 });
  await expect(freshFrame.getByRole('searchbox', { name: 'Search virtual machines' })).toHaveValue(
    'status=down',
  );
});
