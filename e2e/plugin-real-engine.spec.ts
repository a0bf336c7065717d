import { resolve } from 'node:path';
import type { EngineServer } from '../dev/engine/server';
import { startEngineServer } from '../dev/engine/server';
import type { WebAdminServer } from '../dev/webadmin/server';
import { signIn, startWebAdmin } from '../dev/webadmin/server';
import { expect, test } from './fixtures';

// Real-engine mode (`OVIRT_URL=… npm start`) against the standalone engine server that
// `npm run engine` runs, on loopback: SSO sign-in, REST proxied, the same plugin on top.
let engineServer: EngineServer;
let server: WebAdminServer;

test.beforeAll(async () => {
  engineServer = await startEngineServer({ port: 0, timeScale: 40 });
  const token = await signIn(engineServer.url, 'admin@internal', 'ovirt', false);
  server = await startWebAdmin({
    port: 0,
    distDir: resolve('dist'),
    configFile: resolve('config/ops-center-config.json'),
    real: { url: engineServer.url, token, userName: 'admin@internal', insecure: false },
  });
});

test.afterAll(async () => {
  await server.close();
  await engineServer.close();
});

test('real-engine mode: the plugin runs against an engine reached through SSO and the proxy', async ({
  webadmin,
}) => {
  engineServer.engine.requestLog.clear();
  await webadmin.open({ baseUrl: server.url, place: 'vms' });
  expect(await webadmin.violations()).toEqual([]);
  await expect(webadmin.page.getByText(`engine: ${engineServer.url}`)).toBeVisible();

  const [vm] = await webadmin.rows('vms');
  if (!vm) throw new Error('no VMs from the engine');
  await webadmin.row('vms', vm.name as string).click();
  await webadmin.detailTab('Activity').click();
  await expect(
    webadmin
      .detailFrame('ops-center-vm-activity')
      .getByText(vm.name as string)
      .first(),
  ).toBeVisible();
  // The plugin's own REST calls reached the engine behind the proxy.
  await expect
    .poll(() =>
      engineServer.engine.requestLog
        .entries()
        .some((r) => r.path.startsWith(`/ovirt-engine/api/vms/${vm.id}`)),
    )
    .toBe(true);
  await webadmin.screenshot('real-engine-mode');
});
