import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineServer } from '../engine/server';
import { startEngineServer } from '../engine/server';
import { createEngine } from '../engine/model/engine';
import type { WebAdminServer } from './server';
import { signIn, startWebAdmin } from './server';

const PLUGIN_BASE = '/ovirt-engine/webadmin/plugin/ops-center/';
let dir: string;

async function makeDist(): Promise<{ distDir: string; configFile: string }> {
  const distDir = join(dir, 'dist');
  await mkdir(join(distDir, 'ops-center-resources', 'assets'), { recursive: true });
  await writeFile(
    join(distDir, 'ops-center.json'),
    JSON.stringify({
      name: 'ops-center',
      url: 'plugin/ops-center/plugin.html',
      resourcePath: 'ops-center-resources',
      lazyLoad: false,
      config: { pageSize: 50, placeUnderCompute: false },
    }),
  );
  await writeFile(join(distDir, 'ops-center-resources', 'plugin.html'), '<!doctype html><p>host');
  await writeFile(join(distDir, 'ops-center-resources', 'assets', 'a.js'), 'export {};');
  await writeFile(join(distDir, 'ops-center-resources', 'assets', 'x.mjs'), 'export {};');
  const configFile = join(dir, 'ops-center-config.json');
  await writeFile(configFile, '// admin override\n{ "config": { "pageSize": 20 } }');
  return { distDir, configFile };
}

function embedded(html: string, name: string): unknown {
  const m = new RegExp(`var ${name} = (.*);`).exec(html);
  if (!m?.[1]) throw new Error(`no ${name} in page`);
  return JSON.parse(m[1]);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oc-webadmin-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('mock WebAdmin server with the simulated engine', () => {
  let server: WebAdminServer;
  let configFile: string;
  const engine = createEngine({ timeScale: 0 });

  beforeAll(async () => {
    const dist = await makeDist();
    configFile = dist.configFile;
    server = await startWebAdmin({ port: 0, distDir: dist.distDir, configFile, engine });
  }, 30_000);
  afterAll(async () => {
    engine.close();
    await server.close();
  });

  it('embeds pluginDefinitions with the shallow-merged config and a valid token', async () => {
    const html = await (await fetch(`${server.url}/ovirt-engine/webadmin/`)).text();
    expect(embedded(html, 'pluginDefinitions')).toEqual([
      {
        name: 'ops-center',
        url: 'plugin/ops-center/plugin.html',
        lazyLoad: false,
        enabled: true,
        config: { pageSize: 20, placeUnderCompute: false },
      },
    ]);
    const { ssoToken } = embedded(html, 'userInfo') as { ssoToken: string };
    const vms = await fetch(`${server.url}/ovirt-engine/api/vms`, {
      headers: { Accept: 'application/json', Authorization: `Bearer ${ssoToken}` },
    });
    expect(vms.status).toBe(200);
  });

  it('re-reads the override per page load; a malformed one leaves the defaults and a warning', async () => {
    await writeFile(configFile, '{ "config": { "pageSize": 20, } }');
    const html = await (await fetch(`${server.url}/ovirt-engine/webadmin/`)).text();
    const [definition] = embedded(html, 'pluginDefinitions') as { config: unknown }[];
    expect(definition?.config).toEqual({ pageSize: 50, placeUnderCompute: false });
    const boot = embedded(html, 'mockWebAdmin') as {
      problems: { severity: string; rule: number }[];
    };
    expect(boot.problems.filter((p) => p.rule === 27)).toEqual([
      expect.objectContaining({ severity: 'warning' }),
    ]);
    // rule 30: the .mjs asset would be served as application/octet-stream
    expect(boot.problems.filter((p) => p.rule === 30)).toHaveLength(1);
  });

  it('serves plugin files with the engine rules: types, no-cache, weak ETag, 304, 404 for dirs and bad paths', async () => {
    const res = await fetch(`${server.url}${PLUGIN_BASE}assets/a.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^W\/"\d+-\d+"$/);
    const again = await fetch(`${server.url}${PLUGIN_BASE}assets/a.js`, {
      headers: { 'If-None-Match': etag },
    });
    expect(again.status).toBe(304);
    for (const path of ['assets', 'assets/', 'assets/.%2Fa.js', 'nope.js', 'assets//a.js']) {
      expect((await fetch(`${server.url}${PLUGIN_BASE}${path}`)).status, path).toBe(404);
    }
    expect(
      (await fetch(`${server.url}/ovirt-engine/webadmin/plugin/other/plugin.html`)).status,
    ).toBe(404);
    const mjs = await fetch(`${server.url}${PLUGIN_BASE}assets/x.mjs`);
    expect(mjs.headers.get('content-type')).toBe('application/octet-stream');
  });

  it('keeps engine state across page loads (one engine per process)', async () => {
    const first = await (await fetch(`${server.url}/ovirt-engine/webadmin/`)).text();
    const second = await (await fetch(`${server.url}/ovirt-engine/webadmin/`)).text();
    const tokens = [first, second].map(
      (h) => (embedded(h, 'userInfo') as { ssoToken: string }).ssoToken,
    );
    expect(tokens[0]).not.toBe(tokens[1]);
    const res = await fetch(`${server.url}/__engine/requests`);
    expect(res.status).toBe(200);
  });
});

describe('real-engine mode against a loopback engine server', () => {
  let engineServer: EngineServer;
  let server: WebAdminServer;

  beforeAll(async () => {
    engineServer = await startEngineServer({ port: 0, timeScale: 0 });
    const dist = await makeDist();
    const token = await signIn(engineServer.url, 'admin@internal', 'ovirt', false);
    server = await startWebAdmin({
      port: 0,
      distDir: dist.distDir,
      configFile: null,
      real: { url: engineServer.url, token, userName: 'admin@internal', insecure: false },
    });
  }, 30_000);
  afterAll(async () => {
    await server.close();
    await engineServer.close();
  });

  it('rejects a wrong password', async () => {
    await expect(signIn(engineServer.url, 'admin@internal', 'nope', false)).rejects.toThrow(
      /SSO sign-in/,
    );
  });

  it('embeds the SSO token and proxies the REST API to the engine', async () => {
    const html = await (await fetch(`${server.url}/ovirt-engine/webadmin/`)).text();
    const user = embedded(html, 'userInfo') as { ssoToken: string; userName: string };
    expect(user.userName).toBe('admin@internal');
    expect((embedded(html, 'mockWebAdmin') as { realEngine: string }).realEngine).toBe(
      engineServer.url,
    );
    const res = await fetch(`${server.url}/ovirt-engine/api/hosts`, {
      headers: { Accept: 'application/json', Authorization: `Bearer ${user.ssoToken}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { host?: unknown[] };
    expect(body.host?.length).toBe(engineServer.engine.state.hosts.size);
    // The simulated engine saw the proxied request.
    expect(
      engineServer.engine.requestLog.entries().some((r) => r.path === '/ovirt-engine/api/hosts'),
    ).toBe(true);
  });

  it('passes a 3.x REST session cookie through', async () => {
    const html = await (await fetch(`${server.url}/ovirt-engine/webadmin/`)).text();
    const { ssoToken } = embedded(html, 'userInfo') as { ssoToken: string };
    const res = await fetch(`${server.url}/ovirt-engine/api/`, {
      headers: {
        Accept: 'application/json',
        Authorization: `Bearer ${ssoToken}`,
        Prefer: 'persistent-auth',
      },
    });
    expect(res.headers.get('jsessionid')).toBeTruthy();
    expect(res.headers.get('set-cookie')).toMatch(/JSESSIONID=/);
  });

  it('does not expose the simulated engine control API in real mode', async () => {
    expect((await fetch(`${server.url}/__engine/requests`)).status).toBe(404);
  });
});
