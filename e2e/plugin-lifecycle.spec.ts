import { expect, test } from './fixtures';
import type { ApiMode } from './support/webadminPage';

// 4.3 is the oldest engine Ops Center supports (README, Which engines): no 3.6 mode.
const MODES: ApiMode[] = ['4.5', '4.3'];

for (const api of MODES) {
  test(`API ${api}: the plugin reaches IN_USE with no violations and adds its places and buttons`, async ({
    webadmin,
  }) => {
    await webadmin.open({ api });
    const history = await webadmin.page.evaluate(() => window.__webadmin.stateHistory());
    expect(history).toEqual(['DEFINED', 'LOADING', 'READY', 'INITIALIZING', 'IN_USE']);
    expect(await webadmin.violations()).toEqual([]);

    const places = await webadmin.page.evaluate(() => window.__webadmin.places());
    expect(places.map((p) => [p.kind, p.token, p.entityType])).toEqual(
      expect.arrayContaining([
        ['primary', 'ops-center', null],
        ['detail', 'ops-center-vm-activity', 'VirtualMachine'],
        ['detail', 'ops-center-host-load', 'Host'],
      ]),
    );
    const vmButtons = (await webadmin.buttons('VirtualMachine')).map((b) => b.id);
    expect(vmButtons).toEqual(
      expect.arrayContaining([
        'ops-center-vm-start',
        'ops-center-vm-shutdown',
        'ops-center-vm-migrate',
        'ops-center-vm-clone',
      ]),
    );
    const hostButtons = (await webadmin.buttons('Host')).map((b) => b.id);
    expect(hostButtons).toEqual(
      expect.arrayContaining(['ops-center-host-maintenance', 'ops-center-host-activate']),
    );

    // The menu entry is a real link in the left nav.
    await expect(webadmin.page.locator('nav [data-token="ops-center"]')).toBeVisible();
    await webadmin.goTo('vms');
    await expect(webadmin.button('ops-center-vm-migrate')).toBeVisible();
    await webadmin.screenshot(`vms-list-api-${api}`);
  });
}
