/** ssoLogin against a scripted fetch: the request it makes and every way the answer can fail. */
import { describe, expect, it } from 'vitest';
import { AuthError, ConnectionError, ParseError } from './errors';
import { ssoLogin } from './sso';

function scripted(answer: Response | Error) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: typeof globalThis.fetch = (input, init = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    calls.push({ url, init });
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  };
  return { fetch, calls };
}

const login = (fetch: typeof globalThis.fetch, extra: { signal?: AbortSignal } = {}) =>
  ssoLogin({
    baseUrl: 'https://e.example/ovirt-engine',
    username: 'admin@internal',
    password: 'p w',
    fetch,
    ...extra,
  });

async function failure<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof type)) throw new Error(`expected ${type.name}`);
  return error;
}

describe('ssoLogin', () => {
  it('posts the password grant as a form and returns the token', async () => {
    const { fetch, calls } = scripted(Response.json({ access_token: 'tok' }));
    const controller = new AbortController();
    expect(await login(fetch, { signal: controller.signal })).toBe('tok');
    const [call] = calls;
    expect(call?.url).toBe('https://e.example/ovirt-engine/sso/oauth/token');
    expect(call?.init.method).toBe('POST');
    const headers = new Headers(call?.init.headers);
    expect(headers.get('Accept')).toBe('application/json');
    expect(headers.get('Content-Type')).toBe('application/x-www-form-urlencoded');
    expect(call?.init.body).toBe(
      'grant_type=password&scope=ovirt-app-api&username=admin%40internal&password=p+w',
    );
    expect(call?.init.signal).toBe(controller.signal);
    const plain = scripted(Response.json({ access_token: 'tok' }));
    await login(plain.fetch);
    expect(plain.calls[0]?.init.signal).toBeNull();
  });

  it('says the endpoint could not be reached when the request fails', async () => {
    const error = await failure(
      login(scripted(new TypeError('fetch failed')).fetch),
      ConnectionError,
    );
    expect(error.message).toBe('The SSO endpoint could not be reached');
    expect(error.kind).toBe('network');
  });

  it('says the answer is not JSON when it is not', async () => {
    const error = await failure(
      login(scripted(new Response('<html>', { status: 502 })).fetch),
      ParseError,
    );
    expect(error.message).toBe('The SSO answer is not JSON');
    expect(error.status).toBe(502);
  });

  it("refuses with the SSO's own words, then its error code, then the status", async () => {
    const cases: [Response, string, number][] = [
      [
        Response.json(
          { error: 'access_denied', error_description: 'Cannot authenticate user' },
          { status: 400 },
        ),
        'Cannot authenticate user',
        400,
      ],
      [Response.json({ error: 'access_denied' }, { status: 400 }), 'access_denied', 400],
      [Response.json({}, { status: 500 }), 'SSO login failed (500)', 500],
      // A 200 without a token is a refusal too.
      [Response.json({ token_type: 'bearer' }), 'SSO login failed (200)', 200],
      [Response.json({ access_token: 'tok' }, { status: 403 }), 'SSO login failed (403)', 403],
    ];
    for (const [answer, message, status] of cases) {
      const error = await failure(login(scripted(answer).fetch), AuthError);
      expect(error.message).toBe(message);
      expect(error.status).toBe(status);
    }
  });
});
