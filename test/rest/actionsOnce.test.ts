/**
 * An action's POST leaves once, whatever happens to its answer: a dropped connection or a
 * timeout after the engine received it is reported (`ConnectionError`), never retried, for each
 * VM action. Reads under the same faults are retried, which shows the test can see a retry.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupEngine } from '../../dev/engine/node';
import { createEngineClient, type EngineClient } from '../../src/rest/client';
import { ConnectionError } from '../../src/rest/errors';

const env = setupEngine({ timeScale: 5 });

type Loss = 'network' | 'timeout';
let loss: Loss | undefined;

/** Delivers every request to the engine, then loses the answer as asked. */
const losingFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  if (loss === 'network') throw new TypeError('fetch failed');
  if (loss === 'timeout') {
    const signal = init?.signal;
    return new Promise<Response>((_, reject) => {
      signal?.addEventListener('abort', () => {
        reject(signal.reason as Error);
      });
    });
  }
  return res;
};

function client(): EngineClient {
  const token = env.engine.issueToken();
  return createEngineClient({
    baseUrl: env.baseUrl,
    credentials: () => ({ kind: 'bearer', token }),
    backoff: { baseMs: 1, maxMs: 2 },
    retries: 3,
    timeoutMs: 30,
    fetch: losingFetch,
  });
}

beforeAll(() => {
  env.server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(() => {
  env.engine.reset({ timeScale: 5 });
  env.engine.requestLog.clear();
  loss = undefined;
});
afterAll(() => {
  env.close();
});

const ACTIONS = {
  start: ['down', (c: EngineClient, id: string) => c.vmStart(id)],
  shutdown: ['up', (c: EngineClient, id: string) => c.vmShutdown(id)],
  stop: ['up', (c: EngineClient, id: string) => c.vmStop(id)],
  reboot: ['up', (c: EngineClient, id: string) => c.vmReboot(id)],
  suspend: ['up', (c: EngineClient, id: string) => c.vmSuspend(id)],
  migrate: ['up', (c: EngineClient, id: string) => c.vmMigrate(id)],
} as const;

function vmIn(status: string): string {
  const vm = [...env.engine.state.vms.values()].find((v) => v.status === status);
  if (!vm) throw new Error(`no ${status} VM`);
  return vm.id;
}

const requests = (method: string) =>
  env.engine.requestLog.entries().filter((r) => r.method === method);

describe('an action is sent once, whatever happens to its answer', () => {
  for (const kind of ['network', 'timeout'] as const) {
    for (const [action, [from, send]] of Object.entries(ACTIONS)) {
      it(`${action}: a ${kind === 'network' ? 'dropped connection' : 'timeout'} after the engine got it is not retried`, async () => {
        const id = vmIn(from);
        const c = client();
        loss = kind;
        const error = await send(c, id).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConnectionError);
        expect(error).toMatchObject({ kind });
        expect(requests('POST')).toHaveLength(1);
      });
    }

    it(`a read under the same ${kind} is retried (the test sees retries)`, async () => {
      const c = client();
      loss = kind;
      await expect(c.hostList()).rejects.toBeInstanceOf(ConnectionError);
      expect(requests('GET')).toHaveLength(3);
    });
  }
});

describe('an action outlives the page that sent it', () => {
  it('actions go out with keepalive, so a reload does not cancel a POST recorded as sent; reads do not', async () => {
    const seen: { method: string; keepalive: boolean }[] = [];
    const token = env.engine.issueToken();
    const c = createEngineClient({
      baseUrl: env.baseUrl,
      credentials: () => ({ kind: 'bearer', token }),
      fetch: (input, init) => {
        seen.push({ method: init?.method ?? 'GET', keepalive: init?.keepalive === true });
        return fetch(input, init);
      },
    });
    await c.vmStart(vmIn('down'));
    await c.hostList();
    expect(seen).toEqual([
      { method: 'POST', keepalive: true },
      { method: 'GET', keepalive: false },
    ]);
  });
});
