/**
 * The transport on its own, against a scripted fetch: the exact headers, URLs, retries, faults
 * and errors each answer produces. (test/rest/resilience.test.ts drives it through the
 * simulated engine; this file pins the details a mutation would change unnoticed there.)
 */
import { describe, expect, it } from 'vitest';
import type { Clock } from './clock';
import {
  ActionError,
  AuthError,
  ConnectionError,
  EngineError,
  FaultError,
  NotFoundError,
  ParseError,
} from './errors';
import type { Logger } from './logger';
import {
  Transport,
  isValidCorrelationId,
  makeCorrelationId,
  type Credential,
  type TransportOptions,
} from './transport';

type Answer = Response | Error | ((init: RequestInit) => Promise<Response>);

interface Sent {
  url: string;
  init: RequestInit;
  headers: Headers;
}

/** Waits of 1 s or more (the request timeout) never end unless aborted; shorter ones end at once. */
const clock: Clock = {
  now: () => 0,
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new Error('aborted'));
        return;
      }
      signal?.addEventListener('abort', () => {
        reject(new Error('aborted'));
      });
      if (ms < 1000) resolve();
    }),
};

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

function setup(answers: Answer[], options: Partial<TransportOptions> = {}) {
  const sent: Sent[] = [];
  const logs: string[] = [];
  let credentialReads = 0;
  const logger: Logger = {
    debug: (m) => logs.push(`debug ${m}`),
    info: (m) => logs.push(`info ${m}`),
    warn: (m) => logs.push(`warn ${m}`),
    error: (m) => logs.push(`error ${m}`),
  };
  const transport = new Transport({
    baseUrl: 'https://engine.example/ovirt-engine',
    credentials: (): Credential => {
      credentialReads++;
      return { kind: 'bearer', token: `token-${String(credentialReads)}` };
    },
    clock,
    logger,
    backoff: { baseMs: 1, maxMs: 4, jitter: 0 },
    correlationId: () => 'oc-fixed',
    fetch: (input, init = {}) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      sent.push({ url, init, headers: new Headers(init.headers) });
      const next = answers.shift();
      if (next === undefined) return Promise.reject(new Error('no more answers scripted'));
      if (next instanceof Error) return Promise.reject(next);
      if (typeof next === 'function') return next(init);
      return Promise.resolve(next);
    },
    ...options,
  });
  return { transport, sent, logs, credentialReads: () => credentialReads };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`not an Error: ${String(error)}`, { cause: error });
  }
  throw new Error('expected a failure');
}

/** The failure, which must be an instance of `type`. */
async function failureOf<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  const error = await failure(promise);
  if (!(error instanceof type))
    throw new Error(`expected ${type.name}, got ${error.name}: ${error.message}`);
  return error;
}

describe('correlation ids', () => {
  it('makes `oc-` and 32 hex digits, within what the engine accepts', () => {
    const id = makeCorrelationId();
    expect(id).toMatch(/^oc-[0-9a-f]{32}$/);
    expect(isValidCorrelationId(id)).toBe(true);
    expect(makeCorrelationId()).not.toBe(id);
  });

  it("accepts only the engine's alphabet, 1 to 36 characters, in the whole id", () => {
    expect(isValidCorrelationId('a'.repeat(36))).toBe(true);
    expect(isValidCorrelationId('a'.repeat(37))).toBe(false);
    expect(isValidCorrelationId('')).toBe(false);
    expect(isValidCorrelationId('ok_id-1')).toBe(true);
    expect(isValidCorrelationId('bad id')).toBe(false);
    expect(isValidCorrelationId('!abc')).toBe(false);
    expect(isValidCorrelationId('abc!')).toBe(false);
  });
});

describe('URLs', () => {
  const { transport } = setup([]);

  it('puts relative paths under the API root and encodes the query, leaving out undefined', () => {
    expect(transport.apiRoot).toBe('https://engine.example/ovirt-engine/api/');
    expect(transport.apiPath).toBe('/ovirt-engine/api/');
    expect(transport.url('vms')).toBe('https://engine.example/ovirt-engine/api/vms');
    expect(transport.url('vms', { skip: undefined })).toBe(
      'https://engine.example/ovirt-engine/api/vms',
    );
    expect(transport.url('vms', { search: 'name=a b', max: 5 })).toBe(
      'https://engine.example/ovirt-engine/api/vms?search=name%3Da%20b&max=5',
    );
    expect(transport.url('')).toBe('https://engine.example/ovirt-engine/api');
  });

  it('appends to a query the path already has', () => {
    expect(transport.url('events;from=5?search=x', { max: 2 })).toBe(
      'https://engine.example/ovirt-engine/api/events;from=5?search=x&max=2',
    );
  });

  it('follows engine hrefs inside the API, and refuses any other path', () => {
    expect(transport.url('/ovirt-engine/api/vms/1')).toBe(
      'https://engine.example/ovirt-engine/api/vms/1',
    );
    expect(transport.url('/ovirt-engine/api')).toBe('https://engine.example/ovirt-engine/api');
    expect(() => transport.url('/ovirt-engine/sso/x')).toThrow(EngineError);
    expect(() => transport.url('/ovirt-engine/sso/x')).toThrow(
      'Refusing to follow /ovirt-engine/sso/x: not under /ovirt-engine/api/',
    );
  });
});

describe('headers and request shape', () => {
  it('sends JSON with the bearer token, no cookie, and Content-Type only with a body', async () => {
    const { transport, sent } = setup([json({ vm: [] }), json({}, 200)], {
      acceptLanguage: 'de-DE',
    });
    await transport.request({ path: 'vms' });
    await transport.request({ path: 'vms/1', method: 'PUT', body: { name: 'x' } });
    const [get, put] = sent;
    expect(get?.headers.get('Accept')).toBe('application/json');
    expect(get?.headers.get('Authorization')).toBe('Bearer token-1');
    expect(get?.headers.get('Accept-Language')).toBe('de-DE');
    expect(get?.headers.has('Content-Type')).toBe(false);
    expect(get?.headers.has('Correlation-Id')).toBe(false);
    expect(get?.init.body).toBeNull();
    expect(get?.init.credentials).toBe('omit');
    expect(get?.init.keepalive).toBeUndefined();
    expect(put?.headers.get('Content-Type')).toBe('application/json');
    expect(put?.init.body).toBe('{"name":"x"}');
    expect(put?.init.method).toBe('PUT');
  });

  it('sends no Accept-Language when none (or an empty one) is configured', async () => {
    for (const acceptLanguage of [undefined, '']) {
      const { transport, sent } = setup(
        [json({})],
        acceptLanguage === undefined ? {} : { acceptLanguage },
      );
      await transport.request({ path: 'vms' });
      expect(sent[0]?.headers.has('Accept-Language')).toBe(false);
    }
  });

  it('sends a 3.x session as a persistent JSESSIONID header and cookie', async () => {
    const { transport, sent } = setup([json({})], {
      credentials: () => ({ kind: 'session', sessionId: 's1' }),
    });
    await transport.request({ path: 'vms' });
    const h = sent[0]?.headers;
    expect(h?.get('Prefer')).toBe('persistent-auth');
    expect(h?.get('JSESSIONID')).toBe('s1');
    expect(h?.get('Cookie')).toBe('JSESSIONID=s1');
    expect(h?.has('Authorization')).toBe(false);
    expect(sent[0]?.init.credentials).toBe('same-origin');
  });

  it('gives an action a Correlation-Id (its own or a new one) and keepalive; extra headers win', async () => {
    const { transport, sent } = setup([
      json({}, 200),
      json({}, 200),
      json({}, 200, { 'Correlation-Id': 'echo-1' }),
    ]);
    const a = await transport.request({ path: 'vms/1/start', method: 'POST', action: 'start' });
    const b = await transport.request({
      path: 'vms/1/stop',
      method: 'POST',
      action: 'stop',
      correlationId: 'mine',
    });
    const c = await transport.request({
      path: 'vms',
      correlationId: 'read-1',
      headers: { Accept: 'application/xml' },
    });
    expect(sent[0]?.headers.get('Correlation-Id')).toBe('oc-fixed');
    expect(sent[0]?.init.keepalive).toBe(true);
    expect(a.correlationId).toBe('oc-fixed');
    expect(sent[1]?.headers.get('Correlation-Id')).toBe('mine');
    expect(b.correlationId).toBe('mine');
    expect(sent[2]?.headers.get('Correlation-Id')).toBe('read-1');
    expect(sent[2]?.headers.get('Accept')).toBe('application/xml');
    expect(c.correlationId).toBe('echo-1');
  });
});

describe('retries', () => {
  it('retries GET and PUT on 502/503/504 and network errors, then answers', async () => {
    const { transport, sent, logs } = setup([
      new Response('', { status: 503 }),
      new TypeError('fetch failed'),
      new Response('', { status: 504 }),
      json({ ok: 'yes' }),
      new Response('', { status: 502 }),
      json({}),
    ]);
    const r = await transport.request({ path: 'vms' });
    expect(r.body).toEqual({ ok: 'yes' });
    expect(sent).toHaveLength(4);
    await transport.request({ path: 'vms/1', method: 'PUT', body: {} });
    expect(sent).toHaveLength(6);
    expect(logs).toContain('info GET /ovirt-engine/api/vms → 503; retry 1 in 1 ms');
    expect(logs).toContain('info GET /ovirt-engine/api/vms: network; retry 2 in 2 ms');
  });

  it('never retries an action, a POST or a DELETE', async () => {
    for (const spec of [
      { path: 'vms/1/start', method: 'POST' as const, action: 'start' },
      { path: 'vms', method: 'POST' as const, body: {} },
      { path: 'vms/1', method: 'DELETE' as const },
      { path: 'vms', action: 'export' },
    ]) {
      const { transport, sent } = setup([new Response('', { status: 503 }), json({})]);
      const error = await failure(transport.request(spec));
      expect(error).toBeInstanceOf(spec.action ? ActionError : FaultError);
      expect(sent).toHaveLength(1);
      const again = setup([new TypeError('fetch failed'), json({})]);
      expect(await failure(again.transport.request(spec))).toBeInstanceOf(ConnectionError);
      expect(again.sent).toHaveLength(1);
    }
  });

  it('stops after `retries` tries with the last error, logged once', async () => {
    const { transport, sent, logs } = setup(
      [new TypeError('x'), new TypeError('y'), new TypeError('z')],
      { retries: 2 },
    );
    const error = await failureOf(transport.request({ path: 'vms' }), ConnectionError);
    expect(error.kind).toBe('network');
    expect(error.message).toBe('The engine could not be reached');
    expect(sent).toHaveLength(2);
    expect(logs.filter((l) => l.startsWith('warn'))).toEqual([
      'warn GET /ovirt-engine/api/vms failed: The engine could not be reached',
    ]);
  });

  it('answers the last 503 as a fault once the tries are used up', async () => {
    const { transport } = setup(
      [new Response('', { status: 503, statusText: 'Service Unavailable' })],
      { retries: 1 },
    );
    const error = await failureOf(transport.request({ path: 'vms' }), FaultError);
    expect(error.reason).toBe('Service Unavailable');
  });
});

describe('401', () => {
  it('re-reads the credentials once and sends again, without using up a retry', async () => {
    const { transport, sent, credentialReads, logs } = setup(
      [new Response('', { status: 401 }), new Response('', { status: 503 }), json({ a: '1' })],
      { retries: 2 },
    );
    const r = await transport.request({ path: 'vms' });
    expect(r.body).toEqual({ a: '1' });
    expect(credentialReads()).toBe(2);
    expect(sent[0]?.headers.get('Authorization')).toBe('Bearer token-1');
    expect(sent[1]?.headers.get('Authorization')).toBe('Bearer token-2');
    expect(logs).toContain('info GET /ovirt-engine/api/vms → 401, re-reading credentials');
  });

  it('fails with AuthError on a second 401, even for an action', async () => {
    const { transport, sent } = setup([
      new Response('', { status: 401 }),
      new Response('', { status: 401 }),
    ]);
    const error = await failureOf(
      transport.request({ path: 'vms/1/start', method: 'POST', action: 'start' }),
      AuthError,
    );
    expect(error.message).toBe('The engine rejected the credentials (HTTP 401)');
    expect(error.status).toBe(401);
    expect(sent).toHaveLength(2);
  });

  it('does not keep a failed credentials read for the next request', async () => {
    let calls = 0;
    const { transport } = setup([json({})], {
      credentials: () => {
        calls++;
        if (calls === 1) throw new Error('not yet');
        return { kind: 'bearer', token: 't' };
      },
    });
    await expect(transport.request({ path: 'vms' })).rejects.toThrow('not yet');
    await expect(transport.request({ path: 'vms' })).resolves.toMatchObject({ status: 200 });
  });
});

describe('aborts and timeouts', () => {
  it('sends nothing when the signal is already aborted', async () => {
    const { transport, sent } = setup([json({})]);
    const error = await failureOf(
      transport.request({ path: 'vms', signal: AbortSignal.abort(new Error('gone')) }),
      ConnectionError,
    );
    expect(error.kind).toBe('abort');
    expect(error.message).toBe('The request was aborted');
    expect(sent).toHaveLength(0);
  });

  it('reports an abort during the request as an abort, not retried', async () => {
    const controller = new AbortController();
    const { transport, sent } = setup([
      (init) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => {
            reject(new DOMException('aborted', 'AbortError'));
          });
          controller.abort();
        }),
    ]);
    const error = await failureOf(
      transport.request({ path: 'vms', signal: controller.signal }),
      ConnectionError,
    );
    expect(error.kind).toBe('abort');
    expect(error.message).toBe('The request was aborted');
    expect(sent).toHaveLength(1);
  });

  it('reports no answer within the timeout as a timeout, naming it', async () => {
    const { transport } = setup(
      [
        (init) =>
          new Promise<Response>((_resolve, reject) => {
            init.signal?.addEventListener('abort', () => {
              reject(new DOMException('timeout', 'TimeoutError'));
            });
          }),
      ],
      { retries: 1 },
    );
    const error = await failureOf(
      transport.request({ path: 'vms', timeoutMs: 20 }),
      ConnectionError,
    );
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('No answer from the engine within 20 ms');
  });

  it('stops waiting to retry when the signal aborts during the pause', async () => {
    const controller = new AbortController();
    const pausing: Clock = {
      now: () => 0,
      sleep: (ms, signal) =>
        ms >= 1000
          ? new Promise<void>(() => undefined)
          : new Promise<void>((_resolve, reject) => {
              signal?.addEventListener('abort', () => {
                reject(new Error('aborted'));
              });
              controller.abort();
            }),
    };
    const { transport, sent } = setup([new Response('', { status: 503 }), json({})], {
      clock: pausing,
    });
    const error = await failureOf(
      transport.request({ path: 'vms', signal: controller.signal }),
      ConnectionError,
    );
    expect(error.kind).toBe('abort');
    expect(error.message).toBe('The request was aborted');
    expect(sent).toHaveLength(1);
  });
});

describe('answers', () => {
  it('turns 404 into NotFoundError naming the path', async () => {
    const { transport } = setup([json({ fault: { reason: 'x' } }, 404)]);
    const error = await failureOf(transport.request({ path: 'vms/9' }), NotFoundError);
    expect(error.message).toBe('Not found: /ovirt-engine/api/vms/9');
  });

  it("reads the engine's fault, nested or top-level, and strips the detail's brackets", async () => {
    const cases: [unknown, string, string | undefined][] = [
      [
        { fault: { reason: 'Operation Failed', detail: '[VM is locked]' } },
        'Operation Failed',
        'VM is locked',
      ],
      [{ reason: 'Conflict', detail: '[busy]' }, 'Conflict', 'busy'],
      [{ detail: '[only detail]' }, 'Operation Failed', 'only detail'],
      [{ fault: { reason: 'Just a reason' } }, 'Just a reason', undefined],
    ];
    for (const [body, reason, detail] of cases) {
      const { transport } = setup([json(body, 409)]);
      const error = await failureOf(transport.request({ path: 'vms' }), FaultError);
      expect(error.reason).toBe(reason);
      expect(error.detail).toBe(detail);
      expect(error.status).toBe(409);
    }
  });

  it('falls back to the status text, then to "HTTP <status>", when no fault can be read', async () => {
    const bodies = ['{"other":1}', '[1]', 'not json', '', '{"fault":{"reason":5}}'];
    for (const body of bodies) {
      const { transport } = setup([new Response(body, { status: 409, statusText: 'Conflict' })]);
      const error = await failureOf(transport.request({ path: 'vms' }), FaultError);
      expect(error.reason).toBe('Conflict');
      expect(error.detail).toBeUndefined();
    }
    const { transport } = setup([new Response('', { status: 500 })]);
    const error = await failureOf(transport.request({ path: 'vms' }), FaultError);
    expect(error.reason).toBe('HTTP 500');
  });

  it('makes a refused action an ActionError naming the action, and logs it', async () => {
    const { transport, logs } = setup([
      json({ fault: { reason: 'Operation Failed', detail: '[Cannot run VM]' } }, 409),
    ]);
    const error = await failureOf(
      transport.request({ path: 'vms/1/start', method: 'POST', action: 'start' }),
      ActionError,
    );
    expect(error.action).toBe('start');
    expect(error.detail).toBe('Cannot run VM');
    expect(logs.some((l) => l.startsWith('warn POST /ovirt-engine/api/vms/1/start → 409'))).toBe(
      true,
    );
  });

  it('accepts an empty answer to an action but not to a read', async () => {
    const { transport } = setup([
      new Response(null, { status: 204 }),
      new Response('  ', { status: 200 }),
    ]);
    const r = await transport.request({ path: 'vms/1/start', method: 'POST', action: 'start' });
    expect(r.body).toBeUndefined();
    expect(r.status).toBe(204);
    const error = await failureOf(transport.request({ path: 'vms' }), ParseError);
    expect(error.message).toBe('The engine answered GET /ovirt-engine/api/vms with an empty body');
  });

  it('refuses an answer that is not a JSON object', async () => {
    for (const body of ['<html>login</html>', '[]', '"text"', 'null']) {
      const { transport } = setup([new Response(body, { status: 200 })]);
      const error = await failureOf(transport.request({ path: 'vms' }), ParseError);
      expect(error.message).toBe(
        'The engine answer to GET /ovirt-engine/api/vms is not engine JSON',
      );
    }
  });

  it('reports a body that breaks while being read as a network failure', async () => {
    const broken = new Response(
      new ReadableStream({
        start(c) {
          c.error(new Error('reset'));
        },
      }),
      { status: 200 },
    );
    const { transport } = setup([broken]);
    const error = await failureOf(transport.request({ path: 'vms' }), ConnectionError);
    expect(error.kind).toBe('network');
    expect(error.message).toBe('The connection broke while reading the answer');
  });
});
