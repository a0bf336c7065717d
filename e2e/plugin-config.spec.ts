import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createEngine } from '../dev/engine/model/engine';
import type { WebAdminServer } from '../dev/webadmin/server';
import { startWebAdmin } from '../dev/webadmin/server';
import { expect, test } from './fixtures';

// A second mock WebAdmin on the same dist/, reading a malformed override file: the engine
// replaces an unparsable config file with {} (§4.2), so the plugin must load with its defaults.
let server: WebAdminServer;
let dir: string;
const engine = createEngine({ timeScale: 40 });

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oc-e2e-config-'));
  const configFile = join(dir, 'ops-center-config.json');
  await writeFile(configFile, '{\n  "config": { "pageSize": 10, }\n  // trailing comma above\n}\n');
  server = await startWebAdmin({ port: 0, distDir: resolve('dist'), configFile, engine });
});

test.afterAll(async () => {
  engine.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

test('a malformed override file leaves the plugin working with its defaults and a visible warning', async ({
  webadmin,
}) => {
  await webadmin.open({ baseUrl: server.url, place: 'vms' });
  expect(await webadmin.state()).toBe('IN_USE');
  // The plugin sees exactly the descriptor's default config.
  const descriptor = JSON.parse(await readFile(resolve('dist/ops-center.json'), 'utf8')) as {
    config: unknown;
  };
  const seen = await webadmin.page.evaluate(() =>
    (window.pluginApi as (name: string) => { configObject(): unknown })(
      'ops-center',
    ).configObject(),
  );
  expect(seen).toEqual(descriptor.config);
  await expect(webadmin.page.locator('.oc-wa-engine-log')).toContainText(
    'user config does not parse',
  );
  const warnings = await webadmin.warnings();
  expect(warnings.map((w) => w.rule)).toContain(27);

  // The plugin still works: its buttons answer the selection and its main place loads.
  const [vm] = await webadmin.rows('vms');
  await webadmin.row('vms', vm?.name as string).click();
  await expect(webadmin.button('ops-center-vm-clone')).toHaveCount(1);
  await webadmin.goTo('ops-center');
  const main = webadmin.placeFrame('ops-center');
  await expect(main.locator('body')).not.toBeEmpty();
  // The page cannot see that the file was broken (the engine hands it {}), but it says what is
  // true: every value is at its default, and where to look when that is not what was meant.
  const effect = main.locator('details.oc-config-effect');
  await expect(effect.locator('summary')).toHaveText('Settings in effect: all at their defaults');
  await effect.locator('summary').click();
  await expect(effect).toContainText('engine.log');
  await webadmin.screenshot('malformed-override');
});
