import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupEngine } from './node';
import { client, items } from './testSupport';

const setup = setupEngine({ clock: 'manual' });
const { engine } = setup;
const api = client(setup);
const SSO = 'http://engine.test/ovirt-engine/sso/oauth/token';

beforeAll(() => {
  setup.server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  engine.faults.clear();
});
afterAll(() => {
  setup.close();
});

async function sso(form: string): Promise<Response> {
  return fetch(SSO, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form,
  });
}

describe('401', () => {
  it.each([
    ['no Authorization header', {}],
    ['an unknown bearer token', { Authorization: 'Bearer nope' }],
    ['wrong Basic credentials', { Authorization: `Basic ${btoa('admin@internal:wrong')}` }],
  ])('%s → 401, non-JSON body, WWW-Authenticate Basic realm', async (_name, headers) => {
    const res = await fetch(`${setup.baseUrl}api/vms`, {
      headers: { Accept: 'application/json', ...headers },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('WWW-Authenticate')).toBe('Basic realm="RESTAPI"');
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    const text = await res.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
  });
});

describe('SSO token endpoint', () => {
  it('issues a bearer token for admin@internal / ovirt with scope ovirt-app-api', async () => {
    const res = await sso(
      'grant_type=password&scope=ovirt-app-api&username=admin%40internal&password=ovirt',
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', scope: 'ovirt-app-api' });
    expect(body.exp).toMatch(/^\d+$/);
    const token = String(body.access_token);
    const vms = await fetch(`${setup.baseUrl}api/vms?max=1`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(vms.status).toBe(200);
  });

  it.each([
    [
      'bad password',
      'grant_type=password&scope=ovirt-app-api&username=admin@internal&password=x',
      'access_denied',
    ],
    [
      'no grant type',
      'scope=ovirt-app-api&username=admin@internal&password=ovirt',
      'invalid_request',
    ],
    [
      'another grant type',
      'grant_type=client_credentials&scope=ovirt-app-api',
      'unsupported_grant_type',
    ],
    [
      'without the API scope',
      'grant_type=password&scope=openid&username=admin@internal&password=ovirt',
      'invalid_scope',
    ],
  ])('%s → 400 (not 401)', async (_name, form, code) => {
    const res = await sso(form);
    expect(res.status).toBe(400);
    expect(((await res.json()) as Record<string, unknown>).error_code).toBe(code);
  });

  it('never writes the password into the request log', async () => {
    engine.requestLog.clear();
    await sso('grant_type=password&scope=ovirt-app-api&username=admin@internal&password=ovirt');
    expect(JSON.stringify(engine.requestLog.entries())).not.toContain('ovirt&');
    expect(engine.requestLog.entries()[0]).toMatchObject({
      path: '/ovirt-engine/sso/oauth/token',
      body: null,
      status: 200,
    });
  });

  it('GET /__engine/token hands out a fresh valid token', async () => {
    const { token } = (await (await fetch('http://engine.test/__engine/token')).json()) as {
      token: string;
    };
    expect(
      (await fetch(`${setup.baseUrl}api`, { headers: { Authorization: `Bearer ${token}` } }))
        .status,
    ).toBe(200);
  });
});

describe('other credentials', () => {
  it('accepts (deprecated) Basic auth', async () => {
    const res = await fetch(`${setup.baseUrl}api/hosts`, {
      headers: {
        Authorization: `Basic ${btoa('admin@internal:ovirt')}`,
        Accept: 'application/json',
      },
    });
    expect(res.status).toBe(200);
  });

  it('opens a JSESSIONID session with Prefer: persistent-auth and honours it while Prefer is sent', async () => {
    const first = await api.get('/vms?max=1', { Prefer: 'persistent-auth' });
    const sessionId = first.headers.get('JSESSIONID') ?? '';
    expect(sessionId).not.toBe('');
    expect(first.headers.get('Set-Cookie')).toBe(
      `JSESSIONID=${sessionId}; Path=/ovirt-engine/api; HttpOnly`,
    );
    const viaCookie = {
      Authorization: '',
      Cookie: `JSESSIONID=${sessionId}`,
      Prefer: 'persistent-auth',
    };
    expect((await api.get('/vms?max=1', viaCookie)).status).toBe(200);
    // Without Prefer the request is served, then the session is gone.
    expect(
      (await api.get('/vms?max=1', { Authorization: '', Cookie: `JSESSIONID=${sessionId}` }))
        .status,
    ).toBe(200);
    expect((await api.get('/vms?max=1', viaCookie)).status).toBe(401);
  });

  it('accepts a 3.x session id from engine.issueSession() in the JSESSIONID header', async () => {
    const id = engine.issueSession();
    const res = await api.get('/clusters', {
      Authorization: '',
      JSESSIONID: id,
      Prefer: 'persistent-auth',
    });
    expect(items(res.json(), 'cluster')).toHaveLength(2);
  });

  it('refuses an unsupported Version header with a plain 400', async () => {
    const res = await api.get('/vms', { Version: '3' });
    expect(res.status).toBe(400);
    expect(res.text).toBe('');
    expect((await api.get('/vms?max=1', { Version: '4' })).status).toBe(200);
  });
});
