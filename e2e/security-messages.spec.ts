/**
 * What reaches the host page from outside: `MessageReceived` (other origins, other plugins'
 * frames, junk) and selection events with shapes WebAdmin should never send. None of it may
 * open a dialog, throw (a throwing handler makes WebAdmin drop the plugin) or run markup.
 */
import { expect, test } from './fixtures';
import { injectedElements, markup, xssRan } from '../test/reliability/e2eSupport';
import { recordTrial } from '../test/reliability/tally';

test('MessageReceived: only our namespaced shapes from our origin open anything', async ({
  webadmin,
  page,
}) => {
  await webadmin.open({ place: 'vms' });
  const [vm] = await webadmin.rows('vms');
  const id = vm?.id as string;
  const valid = { ns: 'ops-center', type: 'open-dialog', dialog: 'vmMigrate', ids: [id] };

  // A real postMessage from a frame of another origin (a data: URL has the opaque origin "null").
  await page.evaluate((message) => {
    const frame = document.createElement('iframe');
    frame.id = 'oc-test-foreign';
    frame.src = `data:text/html,<script>parent.postMessage(${encodeURIComponent(
      JSON.stringify(message),
    )}, '*')</script>`;
    document.body.append(frame);
  }, valid);
  await webadmin.fireEvent('MessageReceived', valid, 'https://evil.example');

  const junk: unknown[] = [
    null,
    42,
    'open-dialog',
    [],
    [valid],
    {},
    { ...valid, ns: 'other-plugin' },
    { ...valid, type: 'run-action' },
    { ...valid, dialog: '__proto__' },
    { ...valid, dialog: 'constructor' },
    { ...valid, ids: [] },
    { ...valid, ids: [markup('message-id')] },
    { ...valid, ids: 'a,b' },
    { ...valid, ids: [id, 7] },
    { ...valid, dialog: 'vmBulk' },
    { ...valid, dialog: 'vmBulk', action: 'delete' },
    { ...valid, dialog: 'vmBulk', action: markup('message-action') },
    { ns: 'ops-center', type: 'close-dialog', dialog: 'nope' },
    JSON.stringify(valid),
    { ...valid, ids: Array.from({ length: 5000 }, () => 'x'.repeat(65)) },
  ];
  for (const data of junk) await webadmin.fireEvent('MessageReceived', data, undefined);
  // Our origin but a window that is not ours (belt and braces in the host page).
  await webadmin.page.evaluate((m) => {
    window.__webadmin.fireEvent('MessageReceived', m, location.origin, { location: {} });
  }, valid);

  await expect(page.locator('#oc-test-foreign')).toHaveCount(1);
  // Give any wrongly accepted message the time to open its dialog, then look.
  await webadmin.fireEvent('MessageReceived', { ...valid, dialog: 'vmClone' }, undefined);
  await expect(webadmin.dialog('ops-center-vm-clone')).toBeVisible();
  expect((await webadmin.dialogs()).map((d) => d.token)).toEqual(['ops-center-vm-clone']);
  expect(await webadmin.state()).toBe('IN_USE');
  expect(await xssRan(page)).toBeUndefined();
  expect(await injectedElements(page)).toEqual([]);
  for (const [i] of junk.entries())
    recordTrial('e2e', {
      kind: 'input',
      name: `MessageReceived junk #${String(i)}`,
      lost: 0,
      repeated: 0,
    });
  recordTrial('e2e', { kind: 'input', name: 'MessageReceived other origin', lost: 0, repeated: 0 });
});

test.describe('selection events', () => {
  // The mock flags malformed entity objects as WebAdmin's own violation; ours are checked below.
  test.use({ allowViolations: true });

  test('selection events with unexpected shapes neither throw nor open anything', async ({
    webadmin,
    page,
  }) => {
    await webadmin.open({ place: 'vms' });
    // Each is the list of selected items WebAdmin hands over (the mock wraps it per API version).
    const shapes: unknown[][] = [
      [],
      [null],
      [42],
      ['vm-1'],
      [{}],
      [{ id: 7 }],
      [{ id: null, name: 'x' }],
      [{ id: markup('selection-id'), name: markup('selection-name') }],
      [{ id: 'not-a-uuid', status: { nested: true } }],
      [[null, 1, 'x', { id: 'a' }]],
      Array.from({ length: 3000 }, (_, i) => ({ id: `id-${String(i)}`, name: `vm-${String(i)}` })),
    ];
    const undeliverable: string[] = [];
    for (const [i, items] of shapes.entries()) {
      for (const event of ['VirtualMachineSelectionChange', 'HostSelectionChange']) {
        // The mock itself may refuse a shape WebAdmin could never produce; that is not ours.
        await webadmin.fireEvent(event, items).catch((e: unknown) => {
          undeliverable.push(`#${String(i)} ${event}: ${String(e).split('\n')[0] ?? ''}`);
        });
      }
    }
    test.info().annotations.push({ type: 'mock refused', description: undeliverable.join('; ') });
    // The buttons still answer a normal selection afterwards.
    const [vm] = await webadmin.rows('vms');
    await webadmin.row('vms', vm?.name as string).click();
    await expect(webadmin.button('ops-center-vm-clone')).toHaveCount(1);
    expect(await webadmin.state()).toBe('IN_USE');
    expect(await webadmin.dialogs()).toEqual([]);
    expect(await xssRan(page)).toBeUndefined();
    expect(await injectedElements(page)).toEqual([]);
    const ours = (await webadmin.violations()).filter((v) => v.plugin === 'ops-center');
    expect(ours).toEqual([]);
    for (const [i] of shapes.entries())
      recordTrial('e2e', {
        kind: 'input',
        name: `selection shape #${String(i)}`,
        lost: 0,
        repeated: 0,
      });
  });
});
