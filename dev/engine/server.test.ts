import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineMiddleware } from './middleware';
import { createEngine } from './model/engine';
import { startEngineServer, type EngineServer } from './server';

let server: EngineServer;

beforeAll(async () => {
  server = await startEngineServer({
    host: '127.0.0.1',
    port: 0,
    clock: 'manual',
    timeScale: 1000,
  });
});
afterAll(async () => {
  await server.close();
});

async function token(base: string): Promise<string> {
  const res = await fetch(`${base}/ovirt-engine/sso/oauth/token`, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=password&scope=ovirt-app-api&username=admin@internal&password=ovirt',
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('standalone server over real HTTP', () => {
  it('listens on 127.0.0.1 and passes the acceptance checks', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const t = await token(server.url);
    const headers = { Authorization: `Bearer ${t}`, Accept: 'application/json' };
    const up = await fetch(`${server.url}/ovirt-engine/api/vms?search=status%3Dup`, { headers });
    expect(up.status).toBe(200);
    expect(up.headers.get('correlation-id')).toBeTruthy();
    const vms = ((await up.json()) as { vm: { id: string; status: string }[] }).vm;
    expect(vms.length).toBeGreaterThan(30);
    expect(vms.every((v) => v.status === 'up')).toBe(true);

    const start = await fetch(`${server.url}/ovirt-engine/api/vms/${vms[0]?.id ?? ''}/start`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(start.status).toBe(409);
    expect(await start.json()).toEqual({
      fault: { reason: 'Operation Failed', detail: '[Cannot run VM. VM is running.]' },
      status: 'failed',
    });

    const missing = await fetch(
      `${server.url}/ovirt-engine/api/vms/6f1c0e42-8d9b-4f3a-a1c2-9e8d7c6b5a49`,
      { headers },
    );
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('');

    const anonymous = await fetch(`${server.url}/ovirt-engine/api/vms`, {
      headers: { Accept: 'application/json' },
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="RESTAPI"');
  });

  it('serves the control API and drops connections when "unreachable"', async () => {
    const t = await token(server.url);
    const faults = await fetch(`${server.url}/__engine/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ unreachable: true }),
    });
    expect(faults.status).toBe(200);
    await expect(
      fetch(`${server.url}/ovirt-engine/api`, { headers: { Authorization: `Bearer ${t}` } }),
    ).rejects.toThrow(TypeError);
    await fetch(`${server.url}/__engine/faults`, { method: 'DELETE' });
    const log = (await (await fetch(`${server.url}/__engine/requests`)).json()) as {
      requests: { status: number }[];
    };
    expect(log.requests.at(-1)?.status).toBe(0);
    expect(
      (await fetch(`${server.url}/ovirt-engine/api`, { headers: { Authorization: `Bearer ${t}` } }))
        .status,
    ).toBe(200);
  });

  it('answers 404 outside the engine paths', async () => {
    expect((await fetch(`${server.url}/elsewhere`)).status).toBe(404);
  });
});

describe('middleware mount', () => {
  let other: Server;
  let base = '';
  beforeAll(async () => {
    const mw = createEngineMiddleware(createEngine({ clock: 'manual' }));
    other = createServer((req, res) => {
      mw(req, res, () => {
        res.end('webadmin page');
      });
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${String((other.address() as AddressInfo).port)}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => other.close(resolve));
  });

  it('serves the engine inside another server and hands other paths to next()', async () => {
    const t = await token(base);
    const res = await fetch(`${base}/ovirt-engine/api/hosts`, {
      headers: { Authorization: `Bearer ${t}` },
    });
    expect(((await res.json()) as { host: unknown[] }).host).toHaveLength(4);
    const page = await fetch(`${base}/ovirt-engine/webadmin/`);
    expect(await page.text()).toBe('webadmin page');
  });
});

describe('npm run engine (CLI)', () => {
  it('starts with --port 0, prints its URL and serves a token', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'dev/engine/server.ts', '--port', '0', '--time-scale', '5'],
      {
        cwd: process.cwd(),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /API:\s+(http:\/\/127\.0\.0\.1:\d+)\/ovirt-engine\/api/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        child.once('exit', (code) => {
          reject(new Error(`engine exited with ${String(code)}: ${out}`));
        });
      });
      expect(await token(url)).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      child.kill('SIGTERM');
    }
  }, 20_000);
});
