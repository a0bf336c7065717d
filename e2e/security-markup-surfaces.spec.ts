/**
 * Markup trials on the surfaces e2e/security-markup.spec.ts does not reach (issue 12 pt 15): the
 * evacuation plan and progress with an engine fault detail in its failure list, the operations
 * drawer's failure list, the Hosts view, Load & VMs (NIC and VM names) and the Activity tab
 * (events, snapshot descriptions, disk names). Each surface must show the markup as literal text;
 * afterwards no element it would create exists in any frame and its handler never ran.
 */
import type { Route } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  api,
  injectedElements,
  markup,
  searchVms,
  vmsWhere,
  xssRan,
} from '../test/reliability/e2eSupport';
import { recordTrial } from '../test/reliability/tally';

const ALL = /\/(vms|hosts|events|nics|snapshots|disks)\/[^/]+$/;

/** Rewrites engine JSON: names and descriptions of VMs, hosts, events, NICs, snapshots, disks. */
function poison(value: unknown, kinds: RegExp): unknown {
  if (Array.isArray(value)) return value.map((v) => poison(v, kinds));
  if (typeof value !== 'object' || value === null) return value;
  const o = value as Record<string, unknown>;
  const kind = kinds.exec(typeof o.href === 'string' ? o.href : '')?.[1];
  for (const [k, v] of Object.entries(o)) o[k] = poison(v, kinds);
  if (kind)
    for (const f of ['name', 'description'] as const) {
      const v = o[f];
      if (typeof v === 'string') o[f] = `${markup(`${kind}-${f}`)} ${v}`;
    }
  return o;
}

/**
 * A route handler poisoning `kinds`. The evacuation test leaves host names alone: the plan
 * searches the engine by host name, which the rewritten name would no longer match.
 */
const poisonRoute =
  (kinds: RegExp) =>
  async (route: Route): Promise<void> => {
    if (route.request().method() !== 'GET') {
      await route.continue();
      return;
    }
    const res = await route.fetch();
    if (!(res.headers()['content-type'] ?? '').includes('json')) {
      await route.fulfill({ response: res });
      return;
    }
    await route.fulfill({ response: res, json: poison(await res.json(), kinds) });
  };

interface HostWire {
  id: string;
  name: string;
}

test('evacuation plan, progress and failure list show markup as text', async ({
  webadmin,
  engine,
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const base = baseURL ?? '';
  await engine.reset({ scenario: 'evacuation' });
  const { host: hosts = [] } = await api<{ host?: HostWire[] }>(request, engine, base, 'hosts');
  const source = hosts.find((h) => h.name === 'host-01');
  if (!source) throw new Error('no host-01');
  const [resident] = await vmsWhere(request, engine, base, `host=host-01 and status=up`);
  if (!resident) throw new Error('no VM on host-01');
  await engine.faults({
    failActions: [
      { vm: resident.id, action: 'migrate', detail: `[${markup('evacuation-fault')}]` },
    ],
  });
  await page.route(/\/ovirt-engine\/api\//, poisonRoute(/\/(vms|events)\/[^/]+$/));

  await webadmin.open({ place: 'hosts' });
  await webadmin.selectHosts(source.id);
  await webadmin.clickButton('ops-center-host-maintenance');
  const dialog = webadmin.dialogFrame('ops-center-host-maintenance');
  await expect(
    dialog.locator('#oc-evac-moves-table').getByText(markup('vms-name')).first(),
  ).toBeVisible();
  await webadmin.dialogButton('OK').click();
  const progress = dialog.locator('#oc-evac-progress-table');
  await expect(progress.getByText(markup('vms-name')).first()).toBeVisible();
  const failed = progress.locator('tbody tr[data-entity="vm"][data-state="failed"]');
  await expect(failed.first()).toBeVisible({ timeout: 90_000 });
  await expect(failed.first()).toContainText(markup('evacuation-fault'));

  expect(await xssRan(page)).toBeUndefined();
  expect(await injectedElements(page)).toEqual([]);
  for (const name of ['evacuation plan', 'evacuation progress', 'evacuation failure detail'])
    recordTrial('e2e', { kind: 'input', name: `markup in ${name}`, lost: 0, repeated: 0 });
});

test('drawer failures, Hosts view, Load & VMs and Activity show markup as text', async ({
  webadmin,
  engine,
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const base = baseURL ?? '';
  const [downVm] = await vmsWhere(request, engine, base, 'status=down sortby name asc');
  const [upVm] = await vmsWhere(request, engine, base, 'status=up sortby name asc');
  if (!downVm || !upVm?.host) throw new Error('need a down VM and a running one');
  await engine.faults({
    failActions: [{ vm: downVm.id, action: 'start', detail: `[${markup('drawer-fault')}]` }],
  });
  // A snapshot (and the events its creation logs) for the Activity tab to show.
  await api(request, engine, base, `vms/${upVm.id}/snapshots`, 'POST', { description: 'trial' });
  // Activity: events, snapshot descriptions, disk names. VM names stay clean here: the tab
  // searches the VM's events by its name, which a rewritten name would no longer match.
  const API = /\/ovirt-engine\/api\//;
  await page.route(API, poisonRoute(/\/(events|snapshots|disks|nics)\/[^/]+$/));
  await webadmin.open({ place: 'vms' });
  await webadmin.selectVms(upVm.id);
  await webadmin.detailTab('Activity').click();
  const activity = page.frameLocator('#oc-wa-detail-frame-ops-center-vm-activity');
  for (const label of ['events-description', 'snapshots-description', 'disks-name'])
    await expect(activity.getByText(markup(label)).first(), label).toBeVisible();

  // Load & VMs: NIC names and VM names. Host names stay clean: the tab searches by them.
  // A handler still running for the previous page's requests must not end the test when it
  // finds its route already gone: only the new poisoning matters from here on.
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await page.route(API, poisonRoute(/\/(vms|nics)\/[^/]+$/));
  await webadmin.goTo('hosts');
  await webadmin.selectHosts(upVm.host.id);
  await webadmin.detailTab('Load & VMs').click();
  const load = page.frameLocator('#oc-wa-detail-frame-ops-center-host-load');
  for (const label of ['nics-name', 'vms-name'])
    await expect(load.getByText(markup(label)).first(), label).toBeVisible();
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await page.route(API, poisonRoute(ALL));

  // The drawer: a start refused with a markup fault detail.
  await webadmin.goTo('ops-center');
  const frame = page.frameLocator('#oc-wa-place-ops-center');
  await expect(frame.locator('table[aria-label="Virtual machines"]')).toBeVisible({
    timeout: 30_000,
  });
  await searchVms(frame, `id=${downVm.id}`);
  await expect(frame.locator('table[aria-label="Virtual machines"] tbody tr')).toHaveCount(1);
  await frame.locator('#oc-vm-select-page').check();
  await frame.locator('#oc-bulk-start').click();
  await frame.getByRole('button', { name: 'Start 1 VM' }).click();
  const card = frame.locator('section[data-operation-id]').first();
  await expect(card).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
  await expect(card).toContainText(markup('drawer-fault'));
  await expect(card).toContainText(markup('vms-name'));
  // The modal shows its run's progress; Close (its footer) returns to the view.
  await frame.locator('#oc-modal-close').click();

  // The Hosts view: host names.
  await frame.getByRole('tab', { name: 'Hosts' }).click();
  await expect(frame.locator('tbody').getByText(markup('hosts-name')).first()).toBeVisible();

  expect(await xssRan(page)).toBeUndefined();
  expect(await injectedElements(page)).toEqual([]);
  for (const name of [
    'Activity events',
    'snapshot descriptions',
    'disk names',
    'NIC names',
    'Load & VMs VM names',
    'drawer failure detail',
    'Hosts view host names',
  ])
    recordTrial('e2e', { kind: 'input', name: `markup in ${name}`, lost: 0, repeated: 0 });
});
