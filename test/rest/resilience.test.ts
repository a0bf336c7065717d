import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupEngine } from '../../dev/engine/node';
import { createEngineClient } from '../../src/rest/client';
import type { EngineClientOptions } from '../../src/rest/client';
import type { Clock } from '../../src/rest/clock';
import {
  ActionError,
  AuthError,
  ConnectionError,
  FaultError,
  ParseError,
} from '../../src/rest/errors';
import { searchQuery } from '../../src/rest/search';
import { Transport, isValidCorrelationId, makeCorrelationId } from '../../src/rest/transport';

const env = setupEngine();

function client(extra: Partial<EngineClientOptions> = {}) {
  return createEngineClient({
    baseUrl: env.baseUrl,
    credentials: () => ({ kind: 'bearer', token: env.token }),
    backoff: { baseMs: 1, maxMs: 4 },
    ...extra,
  });
}

const requests = (method: string, path: RegExp) =>
  env.engine.requestLog.entries().filter((r) => r.method === method && path.test(r.path));

beforeAll(() => {
  env.server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(() => {
  env.engine.reset();
  env.engine.requestLog.clear();
});
afterEach(() => {
  env.server.resetHandlers();
  env.engine.faults.clear();
});
afterAll(() => {
  env.close();
});

describe('retries', () => {
  it('rides out a burst of 503s on reads with backoff', async () => {
    env.engine.faults.set({ errorRate: [{ path: '/vms$', status: 503, count: 3 }] });
    const vms = await client().vmList();
    expect(vms).toHaveLength(60);
    expect(requests('GET', /\/vms$/)).toHaveLength(4);
  });

  it('gives up after the configured tries with the last fault', async () => {
    env.engine.faults.set({ errorRate: [{ path: '/hosts$', status: 502 }] });
    const error = await client()
      .hostList()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FaultError);
    expect(error).toMatchObject({ status: 502 });
    expect(requests('GET', /\/hosts$/)).toHaveLength(5);
    env.engine.requestLog.clear();
    await expect(client({ retries: 2 }).hostList()).rejects.toBeInstanceOf(FaultError);
    expect(requests('GET', /\/hosts$/)).toHaveLength(2);
  });

  it('never retries an action, even on a 503', async () => {
    const vm = (
      await client().vmList({ search: searchQuery().whereStatus('vm', 'down'), max: 1 })
    )[0];
    env.engine.faults.set({ errorRate: [{ method: 'POST', path: '/start$', status: 503 }] });
    const error = await client()
      .vmStart(vm?.id ?? '')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect(error).toMatchObject({ status: 503 });
    expect(requests('POST', /\/start$/)).toHaveLength(1);
  });

  it('does not retry a 4xx read', async () => {
    env.engine.faults.set({ errorRate: [{ path: '/clusters$', status: 400, count: 1 }] });
    await expect(client().clusterList()).rejects.toMatchObject({
      status: 400,
      detail: 'Internal Engine Error',
    });
    expect(requests('GET', /\/clusters$/)).toHaveLength(1);
  });
});

describe('authentication', () => {
  it('re-reads the credentials once after a 401 mid-run and carries on', async () => {
    let current = env.engine.issueToken();
    const credentials = vi.fn(() => ({ kind: 'bearer' as const, token: current }));
    const c = client({ credentials });
    env.engine.faults.set({ tokenExpiry: { afterRequests: 2 } });
    await c.vmList({ max: 1 });
    await c.vmList({ max: 1 });
    current = env.engine.issueToken(); // WebAdmin renewed its session meanwhile
    const vms = await c.vmList({ max: 1 });
    expect(vms).toHaveLength(1);
    expect(credentials).toHaveBeenCalledTimes(2);
  });

  it('retries an action after a 401 (nothing ran), then surfaces AuthError', async () => {
    const vm = (
      await client().vmList({ search: searchQuery().whereStatus('vm', 'down'), max: 1 })
    )[0];
    const stale = env.engine.issueToken();
    env.engine.faults.set({ tokenExpiry: { afterRequests: 0 } });
    const credentials = vi.fn(() => ({ kind: 'bearer' as const, token: stale }));
    const error = await client({ credentials })
      .vmStart(vm?.id ?? '')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(credentials).toHaveBeenCalledTimes(2);
    expect(requests('POST', /\/start$/)).toHaveLength(2);
    expect(requests('POST', /\/start$/).every((r) => r.status === 401)).toBe(true);
  });

  it('surfaces a failing credentials() and asks again next time', async () => {
    let fail = true;
    const c = client({
      credentials: () => {
        if (fail) throw new Error('no token yet');
        return { kind: 'bearer', token: env.token };
      },
    });
    await expect(c.vmList()).rejects.toThrow('no token yet');
    fail = false;
    await expect(c.vmList({ max: 1 })).resolves.toHaveLength(1);
  });
});

describe('network', () => {
  it('reports an unreachable engine as ConnectionError after retrying reads', async () => {
    env.engine.faults.set({ unreachable: true });
    const error = await client({ retries: 3 })
      .vmList()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ kind: 'network' });
    expect(requests('GET', /\/vms$/)).toHaveLength(3);
  });

  it('times out slow answers, and tolerates latency within the timeout', async () => {
    env.engine.faults.set({ latencyMs: 60 });
    const error = await client({ timeoutMs: 10, retries: 2 })
      .vmList()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ kind: 'timeout' });
    await expect(client({ timeoutMs: 5000 }).vmList({ max: 2 })).resolves.toHaveLength(2);
  });

  it('aborts on the caller signal without retrying', async () => {
    env.engine.faults.set({ latencyMs: 200 });
    const controller = new AbortController();
    const pending = client().vmList({ signal: controller.signal });
    setTimeout(() => {
      controller.abort();
    }, 10);
    await expect(pending).rejects.toMatchObject({ name: 'ConnectionError', kind: 'abort' });
    await expect(client().vmList({ signal: controller.signal })).rejects.toMatchObject({
      kind: 'abort',
    });
  });

  it('stops backing off as soon as the caller aborts', async () => {
    env.engine.faults.set({ errorRate: [{ path: '/vms$', status: 503 }] });
    const controller = new AbortController();
    const clock: Clock = {
      now: () => Date.now(),
      sleep: (ms, signal) => {
        if (ms < 1000) controller.abort(); // abort during the first backoff pause
        return signal?.aborted ? Promise.reject(new Error('aborted')) : Promise.resolve();
      },
    };
    await expect(client({ clock }).vmList({ signal: controller.signal })).rejects.toMatchObject({
      kind: 'abort',
    });
    expect(requests('GET', /\/vms$/)).toHaveLength(1);
  });

  it('reads a malformed (truncated) engine body as ParseError', async () => {
    env.engine.faults.set({ malformed: [{ path: '/vms$', count: 1 }] });
    await expect(client().vmList()).rejects.toBeInstanceOf(ParseError);
    await expect(client().vmList({ max: 1 })).resolves.toHaveLength(1);
  });

  it('reports a connection that breaks while reading the body', async () => {
    env.server.use(
      http.get(`${env.baseUrl}api/templates`, () => {
        const stream = new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"template": ['));
            controller.error(new Error('reset'));
          },
        });
        return new HttpResponse(stream, { headers: { 'Content-Type': 'application/json' } });
      }),
    );
    await expect(client({ retries: 1 }).templateList()).rejects.toMatchObject({
      name: 'ConnectionError',
      kind: 'network',
    });
  });
});

describe('transport details', () => {
  it('resolves paths and refuses hrefs outside the API', () => {
    const t = new Transport({
      baseUrl: 'https://e.example/ovirt-engine',
      credentials: () => ({ kind: 'bearer', token: 't' }),
    });
    expect(t.apiRoot).toBe('https://e.example/ovirt-engine/api/');
    expect(t.url('')).toBe('https://e.example/ovirt-engine/api');
    expect(t.url('vms', { search: 'name = a b', max: 2, x: undefined })).toBe(
      'https://e.example/ovirt-engine/api/vms?search=name%20%3D%20a%20b&max=2',
    );
    expect(t.url('/ovirt-engine/api/vms?follow=nics', { max: 1 })).toBe(
      'https://e.example/ovirt-engine/api/vms?follow=nics&max=1',
    );
    expect(() => t.url('/ovirt-engine/sso/oauth/token')).toThrow(/Refusing/);
  });

  it('makes Correlation-Ids the engine accepts', () => {
    const id = makeCorrelationId();
    expect(isValidCorrelationId(id)).toBe(true);
    expect(isValidCorrelationId('bad id!')).toBe(false);
  });
});
