import { expect, test } from './fixtures';

/**
 * Saved searches as an admin uses them (issue 13 pt 12): they keep the quick filters, show which
 * one is active, save on Enter, say before replacing one, and a deletion can be undone.
 */
test('saved searches keep the quick filters, show the active one, and can be undone', async ({
  webadmin,
}) => {
  await webadmin.open();
  await webadmin.goTo('ops-center');
  const main = webadmin.placeFrame('ops-center');
  const rows = main.locator('table[aria-label="Virtual machines"] tbody tr');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });

  await main.getByLabel('Search virtual machines').fill('name=app*');
  await main.getByRole('button', { name: 'Search', exact: true }).click();
  await main.locator('#oc-filter-status').selectOption('up');
  await expect(rows.first()).toContainText('Up');
  const shown = await rows.count();

  // Enter in the name field saves.
  await main.getByLabel('Name for this search').fill('prod apps');
  await main.getByLabel('Name for this search').press('Enter');
  const saved = main.locator('#oc-saved-searches');
  await expect(saved).toHaveValue('prod apps');

  // Another filter: no saved search is active; choosing it brings text and filter back.
  await main.locator('#oc-filter-status').selectOption('');
  await expect(saved).toHaveValue('');
  await main.getByLabel('Search virtual machines').fill('');
  await main.getByRole('button', { name: 'Search', exact: true }).click();
  await saved.selectOption('prod apps');
  await expect(main.locator('#oc-filter-status')).toHaveValue('up');
  await expect(main.getByLabel('Search virtual machines')).toHaveValue('name=app*');
  await expect(rows).toHaveCount(shown);

  // The same name again: the button says it replaces.
  await main.getByLabel('Name for this search').fill('prod apps');
  await expect(main.getByRole('button', { name: 'Replace “prod apps”' })).toBeVisible();
  await main.getByLabel('Name for this search').fill('');

  // Delete, then Undo.
  await main.getByRole('button', { name: 'Delete saved search prod apps' }).click();
  await expect(main.getByRole('status').filter({ hasText: 'Deleted saved search' })).toBeVisible();
  await expect(saved.locator('option', { hasText: 'prod apps' })).toHaveCount(0);
  await webadmin.screenshot('vms-saved-search-deleted');
  await main.locator('#oc-saved-undo').click();
  await expect(saved).toHaveValue('prod apps');
});
