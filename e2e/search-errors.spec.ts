import { expect, test } from './fixtures';

/**
 * A search the engine refuses (issue 13 pts 13 and 17): the engine's words under the search box,
 * and in place of the table a state that says why, never a blank table.
 */

test('a refused VM search says why instead of leaving a blank table', async ({ webadmin }) => {
  await webadmin.open();
  await webadmin.goTo('ops-center');
  const main = webadmin.placeFrame('ops-center');
  await expect(main.locator('table[aria-label="Virtual machines"] tbody tr').first()).toBeVisible();
  await main.getByLabel('Search virtual machines').fill('name=a and');
  await main.getByRole('button', { name: 'Search', exact: true }).click();
  const helper = main.locator('#oc-vm-search-error');
  await expect(helper).toContainText('The engine rejected the search: ');
  await expect(main.locator('table[aria-label="Virtual machines"]')).toHaveCount(0);
  await expect(main.getByRole('heading', { name: 'The engine rejected the search' })).toBeVisible();
  await webadmin.screenshot('vms-search-refused');
});

test("a refused host search blames the admin's text, not the sort Ops Center adds", async ({
  webadmin,
}) => {
  await webadmin.open();
  await webadmin.goTo('ops-center');
  const main = webadmin.placeFrame('ops-center');
  await main.getByRole('tab', { name: 'Hosts' }).click();
  await expect(main.locator('#oc-hosts-table tbody tr').first()).toBeVisible();
  await main.getByRole('searchbox', { name: 'Search hosts' }).fill('status=up and');
  await main.getByRole('button', { name: 'Search', exact: true }).click();
  const helper = main.locator('#oc-hosts-search-error');
  await expect(helper).toContainText('The engine rejected the search: ');
  await expect(helper).not.toContainText('sortby');
  await expect(main.getByRole('searchbox', { name: 'Search hosts' })).toHaveAttribute(
    'aria-describedby',
    'oc-hosts-search-error',
  );
  await expect(main.locator('#oc-hosts-table')).toHaveCount(0);
  await expect(main.getByRole('heading', { name: 'The engine rejected the search' })).toBeVisible();
  await webadmin.screenshot('hosts-search-refused');
});
