/**
 * Hostile text: markup in every engine text the plugin shows (VM and host names, descriptions,
 * event text, an engine fault detail) must stay text everywhere, including WebAdmin's dialog
 * titles, which WebAdmin renders as HTML. The payload sets a flag on WebAdmin's window if it
 * ever runs; the test also looks for the element it would create, in every frame.
 * Also here: search syntax errors and invalid or duplicate clone names.
 */
import type { Route } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  injectedElements,
  markup,
  openVmsPlace,
  searchVms,
  vmsWhere,
  xssRan,
} from '../test/reliability/e2eSupport';
import { recordTrial } from '../test/reliability/tally';
import type { EngineRequest } from './support/engineControl';

const FIELDS = ['name', 'description', 'comment'] as const;

/** Rewrites engine JSON: every VM, host and event text field becomes markup. */
function poison(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(poison);
  if (typeof value !== 'object' || value === null) return value;
  const o = value as Record<string, unknown>;
  const href = typeof o.href === 'string' ? o.href : '';
  const kind = /\/(vms|hosts|events)\/[^/]+$/.exec(href)?.[1];
  for (const [k, v] of Object.entries(o)) o[k] = poison(v);
  if (kind) {
    for (const f of FIELDS) {
      const v = o[f];
      if (typeof v === 'string' || (f === 'description' && kind !== 'hosts'))
        o[f] = `${markup(`${kind}-${f}`)} ${typeof v === 'string' ? v : ''}`;
    }
  }
  return o;
}

async function poisonRoute(route: Route): Promise<void> {
  const req = route.request();
  if (req.method() !== 'GET') {
    await route.continue();
    return;
  }
  const res = await route.fetch();
  if (!(res.headers()['content-type'] ?? '').includes('json')) {
    await route.fulfill({ response: res });
    return;
  }
  await route.fulfill({ response: res, json: poison(await res.json()) });
}

test('markup in engine texts is inert on every page and in every dialog title', async ({
  webadmin,
  engine,
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const base = baseURL ?? '';
  const [downVm] = await vmsWhere(request, engine, base, 'status=down sortby name asc');
  if (!downVm) throw new Error('need a down VM');
  await engine.faults({
    failActions: [{ vm: downVm.id, action: 'start', detail: `[${markup('fault-detail')}]` }],
  });
  await page.route(/\/ovirt-engine\/api\//, poisonRoute);

  await webadmin.open({ place: 'vms' });
  const rows = await webadmin.rows('vms');
  const up = rows.filter((r) => r.status === 'Up');
  const first = up[0];
  if (!first) throw new Error('need a running VM');

  // Activity tab: name, description, events.
  await webadmin.selectVms(first.id);
  await webadmin.detailTab('Activity').click();
  const activity = page.frameLocator('#oc-wa-detail-frame-ops-center-vm-activity');
  await expect(activity.getByText('<img src=x', { exact: false }).first()).toBeVisible();

  // Every VM dialog, with its title checked as WebAdmin renders it.
  for (const [button, token] of [
    ['ops-center-vm-migrate', 'ops-center-vm-migrate'],
    ['ops-center-vm-clone', 'ops-center-vm-clone'],
    ['ops-center-vm-shutdown', 'ops-center-vm-bulk'],
  ] as const) {
    await webadmin.selectVms(first.id);
    await webadmin.clickButton(button);
    await expect(webadmin.dialogFrame(token).getByText('<img src=x').first()).toBeVisible();
    const titleElements = await webadmin
      .dialog(token)
      .locator('.oc-wa-dialog-title')
      .evaluate((h) => h.children.length);
    expect(titleElements, `${token} title`).toBe(0);
    await page.keyboard.press('Escape');
    await expect(webadmin.dialog(token)).toHaveCount(0);
  }

  // Main place: the VM list, then a start refused with a markup fault detail.
  const frame = await openVmsPlace(page, webadmin);
  await expect(
    frame.locator('table[aria-label="Virtual machines"]').getByText('<img src=x').first(),
  ).toBeVisible();
  await searchVms(frame, `id=${downVm.id}`);
  await expect(frame.locator('table[aria-label="Virtual machines"] tbody tr')).toHaveCount(1);
  await frame.locator('#oc-vm-select-page').check();
  await frame.locator('#oc-bulk-start').click();
  await frame.getByRole('button', { name: 'Start 1 VM' }).click();
  const card = frame.locator('section[data-operation-id]').first();
  await expect(card).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
  await expect(card).toContainText('fault-detail');
  // The modal shows its run's progress; Close (its footer) returns to the view.
  await frame.locator('#oc-modal-close').click();

  // Hosts: list, Load & VMs, both host dialogs.
  await webadmin.goTo('hosts');
  const [host] = await webadmin.rows('hosts');
  await webadmin.selectHosts(host?.id as string);
  for (const id of ['ops-center-host-maintenance', 'ops-center-host-activate']) {
    await webadmin.clickButton(id);
    await expect(webadmin.dialogFrame(id).locator('body')).not.toBeEmpty();
    const titleElements = await webadmin
      .dialog(id)
      .locator('.oc-wa-dialog-title')
      .evaluate((h) => h.children.length);
    expect(titleElements, `${id} title`).toBe(0);
    await webadmin.dialogButton('Close').click();
  }
  await webadmin.detailTab('Load & VMs').click();
  const load = page.frameLocator('#oc-wa-detail-frame-ops-center-host-load');
  await expect(load.getByText('<img src=x').first()).toBeVisible();
  await webadmin.goTo('ops-center');
  await frame.getByRole('tab', { name: 'Hosts' }).click();
  await expect(frame.locator('tbody').getByText('<img src=x').first()).toBeVisible();

  expect(await xssRan(page)).toBeUndefined();
  expect(await injectedElements(page)).toEqual([]);
  for (const name of [
    'VM name',
    'VM description',
    'VM comment',
    'host name',
    'event text',
    'engine fault detail',
    'dialog titles',
  ])
    recordTrial('e2e', { kind: 'input', name: `markup as ${name}`, lost: 0, repeated: 0 });
});

test('search syntax errors show the engine message and leave the page working', async ({
  webadmin,
  engine,
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(90_000);
  await webadmin.open();
  const frame = await openVmsPlace(page, webadmin);
  const helper = frame.locator('#oc-vm-search-error');
  const refused = frame.getByRole('heading', { name: 'The engine rejected the search' });
  const noMatch = frame.getByRole('heading', { name: 'No virtual machines match this search' });
  const rows = frame.locator('table[aria-label="Virtual machines"] tbody tr');
  const bad = [
    'name=',
    'status=bogus',
    'name=a and',
    '(name=a',
    'sortby',
    'cpu>>3',
    markup('search'),
    `name=${'x'.repeat(3000)}`,
  ];
  for (const q of bad) {
    await engine.clearRequests();
    await searchVms(frame, q);
    // The engine's answer to exactly what the page sent, asked again directly.
    let last: EngineRequest | undefined;
    await expect
      .poll(async () => {
        const sent = await engine.requests({ method: 'GET', path: /^\/ovirt-engine\/api\/vms$/ });
        last = sent.filter((r) => (r.query.search ?? '').includes(q.trim())).at(-1);
        return last !== undefined;
      })
      .toBe(true);
    if (!last) throw new Error(`no search sent for ${q.slice(0, 40)}`);
    const res = await request.get(
      `${baseURL ?? ''}/ovirt-engine/api/vms?${new URLSearchParams(last.query).toString()}`,
      { headers: { Authorization: `Bearer ${await engine.token()}`, Accept: 'application/json' } },
    );
    const body = (await res.json()) as { vm?: unknown[]; reason?: string; detail?: string };
    const label = `search ${q.slice(0, 40)}`;
    if (res.status() === 400) {
      const said = (body.detail ?? body.reason ?? '').replace(/^\[(.*)\]$/s, '$1');
      expect(said, label).not.toBe('');
      await expect(helper, label).toContainText(`The engine rejected the search: ${said}`);
      await expect(refused, label).toBeVisible();
      await expect(frame.locator('.oc-page-state', { has: refused }), label).toContainText(said);
      await expect(rows, label).toHaveCount(0);
    } else {
      expect(res.status(), label).toBe(200);
      await expect(helper, label).toHaveCount(0);
      await expect(refused, label).toHaveCount(0);
      if ((body.vm ?? []).length > 0) await expect(rows.first(), label).toBeVisible();
      else await expect(noMatch, label).toBeVisible();
    }
    recordTrial('e2e', { kind: 'input', name: label, lost: 0, repeated: 0 });
  }
  await searchVms(frame, 'status=up');
  await expect(rows.first()).toBeVisible();
  await expect(helper).toHaveCount(0);
  expect(await xssRan(page)).toBeUndefined();
  expect(await injectedElements(page)).toEqual([]);
});

test('invalid and duplicate clone names are refused before anything is sent', async ({
  webadmin,
  engine,
  request,
  baseURL,
  page,
}) => {
  const base = baseURL ?? '';
  const all = await vmsWhere(request, engine, base, 'sortby name asc');
  const [vm, other] = all;
  if (!vm || !other) throw new Error('need VMs');
  await webadmin.open({ place: 'vms' });
  await webadmin.selectVms(vm.name);
  await webadmin.clickButton('ops-center-vm-clone');
  const dialog = webadmin.dialogFrame('ops-center-vm-clone');
  const name = dialog.getByLabel('Name of the clone');
  await expect(name).toHaveValue(`${vm.name}-clone`);
  await engine.clearRequests();
  const bad = [
    '',
    '   ',
    'bad name',
    'a/b',
    'semi;colon',
    markup('clone-name'),
    'x'.repeat(65),
    other.name,
    other.name.toUpperCase(),
    vm.name,
  ];
  for (const value of bad) {
    await name.fill(value);
    await name.press('Enter');
    await expect(name, `clone name "${value.slice(0, 30)}"`).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    recordTrial('e2e', {
      kind: 'input',
      name: `clone name ${value.slice(0, 30)}`,
      lost: 0,
      repeated: 0,
    });
  }
  const writes = await engine.requests({ method: 'POST' });
  expect(writes.map((r) => r.path)).toEqual([]);
  expect(await xssRan(page)).toBeUndefined();
  expect(await injectedElements(page)).toEqual([]);
});
