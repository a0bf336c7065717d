import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { createEngine } from '../dev/engine/model/engine';
import type { WebAdminServer } from '../dev/webadmin/server';
import { startWebAdmin } from '../dev/webadmin/server';
import { expect, test } from './fixtures';
import { EngineControl } from './support/engineControl';

/**
 * Rolling upgrade with `upgradeConcurrency: 2` (a second mock WebAdmin on the same dist/ with an
 * override file): two hosts are out of service at once, each still evacuated first, each upgraded
 * once, and no VM goes down. The engine's request log shows the overlap.
 */
const HOSTS = ['host-01', 'host-02', 'host-03', 'host-04'];
const NEW_VDSM = 'vdsm-4.50.5.1-1.el8';

let server: WebAdminServer;
let dir: string;
const engine = createEngine({ scenario: 'evacuation', timeScale: 120 });

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oc-e2e-upgrade-'));
  const configFile = join(dir, 'ops-center-config.json');
  await writeFile(configFile, JSON.stringify({ config: { upgradeConcurrency: 2 } }));
  server = await startWebAdmin({ port: 0, distDir: resolve('dist'), configFile, engine });
});

test.afterAll(async () => {
  engine.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

interface WireHost {
  id: string;
  name: string;
  status: string;
  version?: { full_version?: string };
}

async function list<T>(
  request: APIRequestContext,
  token: string,
  path: string,
  key: string,
): Promise<T[]> {
  const res = await request.get(`${server.url}/ovirt-engine/api/${path}`, {
    headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
  });
  expect(res.ok(), `GET ${path}`).toBe(true);
  return ((await res.json()) as Record<string, T[] | undefined>)[key] ?? [];
}

test('upgradeConcurrency 2 upgrades two hosts at a time, each once, with every VM up', async ({
  webadmin,
  request,
}) => {
  test.setTimeout(300_000);
  const control = new EngineControl(request, server.url);
  const token = await control.token();
  const hosts = await list<WireHost>(request, token, 'hosts', 'host');
  const ids = new Map(hosts.map((h) => [h.name, h.id]));
  const upBefore = (await list<{ id: string; status: string }>(request, token, 'vms', 'vm'))
    .filter((v) => v.status === 'up')
    .map((v) => v.id);
  await control.updates(undefined, { known: true, available: true });

  await webadmin.open({ baseUrl: server.url, place: 'hosts' });
  await webadmin.selectHosts(...HOSTS);
  await webadmin.clickButton('ops-center-host-upgrade');
  const dialog = webadmin.dialogFrame('ops-center-host-upgrade');
  await expect(dialog.locator('#oc-upgrade-plan tbody tr')).toHaveCount(4);
  await expect(dialog.getByText(/2 hosts at a time/)).toBeVisible();
  await control.clearRequests();
  await webadmin.dialogButton('OK').click();
  await expect(dialog.getByText('Done: 4 upgraded, 0 failed, 0 not started.')).toBeVisible({
    timeout: 240_000,
  });
  await webadmin.screenshot('hosts-upgrade-concurrency-done');

  for (const h of await list<WireHost>(request, token, 'hosts', 'host')) {
    expect(h.status, h.name).toBe('up');
    expect(h.version?.full_version, h.name).toBe(NEW_VDSM);
  }
  const vms = await list<{ id: string; status: string }>(request, token, 'vms', 'vm');
  for (const id of upBefore) expect(vms.find((v) => v.id === id)?.status).toBe('up');
  expect(
    await control.requests({ method: 'POST', path: /\/vms\/[^/]+\/(stop|shutdown|suspend)$/ }),
  ).toEqual([]);

  const seq = async (name: string, action: string): Promise<number[]> =>
    (
      await control.requests({
        method: 'POST',
        path: new RegExp(`/hosts/${ids.get(name) ?? ''}/${action}$`),
      })
    ).map((r) => r.seq);
  const upgrades = await Promise.all(HOSTS.map((h) => seq(h, 'upgrade')));
  const activations = await Promise.all(HOSTS.map((h) => seq(h, 'activate')));
  for (const [i, name] of HOSTS.entries()) {
    expect(upgrades[i], name).toHaveLength(1);
    expect(activations[i], name).toHaveLength(1);
  }
  // Two hosts were out at once: the second host's upgrade went out before the first came back.
  expect(upgrades[1]?.[0] ?? Infinity).toBeLessThan(activations[0]?.[0] ?? 0);
  // Never three: the third starts only after one of the first two was activated.
  expect(upgrades[2]?.[0] ?? 0).toBeGreaterThan(
    Math.min(activations[0]?.[0] ?? Infinity, activations[1]?.[0] ?? Infinity),
  );
});
