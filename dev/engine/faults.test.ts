import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handleEngineRequest } from './api/router';
import { createEngine } from './model/engine';
import { setupEngine } from './node';
import { client, items } from './testSupport';

const STEP = 1000;
const setup = setupEngine({ clock: 'manual', timeScale: STEP });
const { engine } = setup;
const api = client(setup);
const CONTROL = 'http://engine.test/__engine';

beforeAll(() => {
  setup.server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  engine.reset();
  vi.useRealTimers();
});
afterAll(() => {
  setup.close();
});

const control = async (method: string, path: string, body?: unknown): Promise<Response> =>
  fetch(`${CONTROL}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const upVm = () => {
  const vm = engine
    .sortedVms()
    .find((v) => v.status === 'up' && v.hostId === engine.findHost('host-01')?.id);
  if (!vm) throw new Error('no up VM on host-01');
  return vm;
};
const downVm = () => {
  const vm = engine.sortedVms().find((v) => v.status === 'down');
  if (!vm) throw new Error('no down VM');
  return vm;
};

describe('latency', () => {
  it('holds every API response for latencyMs, but not the control API', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    engine.faults.set({ latencyMs: 5000 });
    const request = (path: string) =>
      handleEngineRequest(engine, {
        method: 'GET',
        url: new URL(`http://engine.test${path}`),
        headers: new Headers({ Authorization: `Bearer ${setup.token}` }),
      });
    let done = false;
    const pending = request('/ovirt-engine/api/vms').then((r) => {
      done = true;
      return r;
    });
    await vi.advanceTimersByTimeAsync(4999);
    expect(done).toBe(false);
    expect((await request('/__engine/faults')).status).toBe(200);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).status).toBe(200);
  });
});

describe('unreachable', () => {
  it('fails the connection (fetch rejects) while the control API still answers', async () => {
    await control('POST', '/faults', { unreachable: true });
    await expect(api.get('/vms')).rejects.toThrow(TypeError);
    expect((await control('DELETE', '/faults')).status).toBe(204);
    expect((await api.get('/vms?max=1')).status).toBe(200);
  });
});

describe('errorRate', () => {
  it('fails the next `count` matching requests with the status, then recovers', async () => {
    engine.faults.set({ errorRate: [{ path: '/vms$', status: 503, count: 2 }] });
    expect((await api.get('/vms')).status).toBe(503);
    const second = await api.get('/vms');
    expect(second.json()).toEqual({
      reason: 'Operation Failed',
      detail: '[Internal Engine Error]',
    });
    expect((await api.get('/vms')).status).toBe(200);
    expect((await api.get('/hosts')).status).toBe(200);
  });

  it('matches the method, and rate 0 never fires while no rate/count always does', async () => {
    engine.faults.set({
      errorRate: [
        { method: 'POST', path: '/start$', status: 500 },
        { path: '/hosts$', status: 500, rate: 0 },
      ],
    });
    expect((await api.post(`/vms/${downVm().id}/start`)).status).toBe(500);
    expect((await api.post(`/vms/${downVm().id}/start`)).status).toBe(500);
    expect((await api.get(`/vms/${downVm().id}`)).status).toBe(200);
    expect((await api.get('/hosts')).status).toBe(200);
  });

  it('can fail the SSO token endpoint too', async () => {
    engine.faults.set({ errorRate: [{ path: '/sso/', status: 503, count: 1 }] });
    const res = await fetch('http://engine.test/ovirt-engine/sso/oauth/token', {
      method: 'POST',
      body: 'grant_type=password&scope=ovirt-app-api&username=admin@internal&password=ovirt',
    });
    expect(res.status).toBe(503);
  });

  it('an injected 401 looks like the real one', async () => {
    engine.faults.set({ errorRate: [{ path: '/clusters', status: 401, count: 1 }] });
    const res = await api.get('/clusters');
    expect(res.status).toBe(401);
    expect(res.headers.get('WWW-Authenticate')).toBe('Basic realm="RESTAPI"');
  });
});

describe('malformed', () => {
  it('truncates the JSON body of matching responses `count` times', async () => {
    await control('POST', '/faults', { malformed: [{ path: '/hosts$', count: 1 }] });
    const bad = await api.get('/hosts');
    expect(bad.status).toBe(200);
    expect(() => bad.json()).toThrow(SyntaxError);
    expect(items((await api.get('/hosts')).json(), 'host')).toHaveLength(4);
  });
});

describe('tokenExpiry', () => {
  it('expires tokens after N requests; a newly issued token works', async () => {
    const token = engine.issueToken();
    engine.faults.set({ tokenExpiry: { afterRequests: 2 } });
    const get = (t: string) => api.get('/vms?max=1', { Authorization: `Bearer ${t}` });
    expect((await get(token)).status).toBe(200);
    expect((await get(token)).status).toBe(200);
    expect((await get(token)).status).toBe(401);
    expect((await get(engine.issueToken())).status).toBe(200);
  });

  it('expires tokens after T ms of engine time', async () => {
    const token = engine.issueToken();
    engine.faults.set({ tokenExpiry: { afterMs: 60_000 } });
    const get = () => api.get('/vms?max=1', { Authorization: `Bearer ${token}` });
    expect((await get()).status).toBe(200);
    engine.scheduler.advance(59_999);
    expect((await get()).status).toBe(200);
    engine.scheduler.advance(1);
    expect((await get()).status).toBe(401);
  });
});

describe('failActions', () => {
  it('reject: the action fails at once with the given fault, by VM name', async () => {
    const vm = downVm();
    engine.faults.set({
      failActions: [
        {
          vm: vm.name.toUpperCase(),
          action: 'start',
          detail: '[Cannot run VM. Simulated storage error.]',
        },
      ],
    });
    const res = await api.post(`/vms/${vm.id}/start`);
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({
      fault: { reason: 'Operation Failed', detail: '[Cannot run VM. Simulated storage error.]' },
      status: 'failed',
    });
    expect(engine.state.vms.get(vm.id)?.status).toBe('down');
  });

  it('async: the action is accepted, then fails: VM back down, failed job, error event', async () => {
    const vm = downVm();
    await control('POST', '/faults', {
      failActions: [{ vm: vm.id, action: 'start', mode: 'async' }],
    });
    const res = await api.post(`/vms/${vm.id}/start`, {}, { 'Correlation-Id': 'fail-1' });
    expect(res.json()).toMatchObject({ status: 'complete' });
    engine.scheduler.advance(2 * STEP);
    expect((await api.get(`/vms/${vm.id}`)).json().status).toBe('down');
    const job = items((await api.get('/jobs?search=correlation_id%3Dfail-1')).json(), 'job')[0];
    expect(job?.status).toBe('failed');
    const events = items((await api.get('/events?search=correlation_id%3Dfail-1')).json(), 'event');
    expect(events[0]).toMatchObject({
      code: '54',
      severity: 'error',
      description: `Failed to run VM ${vm.name} (User: admin@internal-authz).`,
    });
  });

  it('applies to host actions too', async () => {
    engine.faults.set({ failActions: [{ vm: 'host-01', action: 'deactivate' }] });
    const res = await api.post(`/hosts/${engine.findHost('host-01')?.id ?? ''}/deactivate`);
    expect(res.status).toBe(400);
    expect(res.json().status).toBe('failed');
  });
});

describe('failMigrationsTo', () => {
  it('migrations to the host fail: VM stays up on its source, failed job, error event', async () => {
    const vm = upVm();
    const source = vm.hostId;
    engine.faults.set({ failMigrationsTo: ['host-02'] });
    await api.post(
      `/vms/${vm.id}/migrate`,
      { host: { name: 'host-02' } },
      { 'Correlation-Id': 'mf-1' },
    );
    engine.scheduler.advance(5 * STEP);
    const after = (await api.get(`/vms/${vm.id}`)).json();
    expect(after.status).toBe('up');
    expect((after.host as { id: string }).id).toBe(source);
    expect(
      items((await api.get('/jobs?search=correlation_id%3Dmf-1')).json(), 'job')[0]?.status,
    ).toBe('failed');
    expect(
      items((await api.get('/events?search=correlation_id%3Dmf-1')).json(), 'event')[0],
    ).toMatchObject({ code: '65', severity: 'error' });
  });
});

describe('request log and control API', () => {
  it('records method, path, query, body, correlation id and status; DELETE clears it', async () => {
    await control('DELETE', '/requests');
    const vm = upVm();
    await api.post(`/vms/${vm.id}/start`, { async: false }, { 'Correlation-Id': 'log-1' });
    await api.get('/vms?search=status%3Dup&max=5');
    const { requests } = (await (await control('GET', '/requests')).json()) as {
      requests: Record<string, unknown>[];
    };
    expect(requests).toEqual([
      {
        seq: expect.any(Number) as unknown,
        time: expect.any(Number) as unknown,
        method: 'POST',
        path: `/ovirt-engine/api/vms/${vm.id}/start`,
        query: {},
        body: { async: false },
        correlationId: 'log-1',
        status: 409,
      },
      expect.objectContaining({
        method: 'GET',
        path: '/ovirt-engine/api/vms',
        query: { search: 'status=up', max: '5' },
        body: null,
        status: 200,
      }),
    ]);
    expect((requests[1]?.seq as number) - (requests[0]?.seq as number)).toBe(1);
    await control('DELETE', '/requests');
    expect(
      ((await (await control('GET', '/requests')).json()) as { requests: unknown[] }).requests,
    ).toEqual([]);
  });

  it('resets to another scenario and seed', async () => {
    const res = await control('POST', '/reset', { scenario: 'small', seed: 7, timeScale: 5 });
    expect(await res.json()).toEqual({ scenario: 'small', seed: 7, timeScale: 5 });
    expect(items((await api.get('/hosts')).json(), 'host')).toHaveLength(2);
    engine.reset({ scenario: 'default', seed: 1, timeScale: STEP });
    expect(items((await api.get('/hosts')).json(), 'host')).toHaveLength(4);
  });

  it('reads, merges and rejects invalid fault settings', async () => {
    await control('POST', '/faults', { latencyMs: 0, failMigrationsTo: ['host-03'] });
    await control('POST', '/faults', { errorRate: [{ path: '/vms', status: 500, count: 1 }] });
    const current = (await (await control('GET', '/faults')).json()) as Record<string, unknown>;
    expect(current).toMatchObject({
      failMigrationsTo: ['host-03'],
      errorRate: [{ path: '/vms', status: 500, count: 1 }],
    });
    for (const bad of [
      { errorRate: 'x' },
      { errorRate: [{ path: '(' }] },
      { failActions: [{ vm: 'a', action: 'start', mode: 'later' }] },
      { unreachable: 'yes' },
    ]) {
      expect((await control('POST', '/faults', bad)).status).toBe(400);
    }
    expect((await control('POST', '/reset', { scenario: 'huge' })).status).toBe(400);
    expect((await control('GET', '/nosuch')).status).toBe(404);
  });
});

describe('async: false', () => {
  it('blocks a suspend until it finished (real clock) and answers 200 complete', async () => {
    const real = createEngine({ timeScale: 2 });
    try {
      const vm = real.sortedVms().find((v) => v.status === 'up');
      const res = await handleEngineRequest(real, {
        method: 'POST',
        url: new URL(`http://engine.test/ovirt-engine/api/vms/${vm?.id ?? ''}/suspend`),
        headers: new Headers({ Authorization: `Bearer ${real.issueToken()}` }),
        body: '{"async": false}',
      });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body ?? '')).toMatchObject({ async: 'false', status: 'complete' });
      expect(vm?.status).toBe('suspended');
    } finally {
      real.close();
    }
  });
});
