/**
 * The repeated-action check must see a double send whatever the engine answered: a runner that
 * posts every action twice is flagged for each of the six VM actions, although the engine
 * refuses most second sends (409) or applies them silently.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupEngine } from '../../dev/engine/node';
import { createEngineClient, type EngineClient } from '../../src/rest/client';
import { repeatedActions, summarize, type LoggedRequest } from './tally';

const env = setupEngine({ timeScale: 5 });
let client: EngineClient;

beforeAll(() => {
  env.server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(() => {
  env.engine.reset({ timeScale: 5 });
  env.engine.requestLog.clear();
  const token = env.engine.issueToken();
  client = createEngineClient({
    baseUrl: env.baseUrl,
    credentials: () => ({ kind: 'bearer', token }),
    backoff: { baseMs: 1, maxMs: 2 },
  });
});
afterAll(() => {
  env.close();
});

type Action = 'start' | 'shutdown' | 'stop' | 'reboot' | 'suspend' | 'migrate';
const FROM: Record<Action, string> = {
  start: 'down',
  shutdown: 'up',
  stop: 'up',
  reboot: 'up',
  suspend: 'up',
  migrate: 'up',
};

function vmIn(status: string): string {
  const vm = [...env.engine.state.vms.values()]
    .filter((v) => v.status === status)
    .sort((a, b) => a.name.localeCompare(b.name))[0];
  if (!vm) throw new Error(`no ${status} VM`);
  return vm.id;
}

function send(action: Action, id: string, correlationId: string): Promise<unknown> {
  const o = { correlationId };
  const call: Record<Action, () => Promise<unknown>> = {
    start: () => client.vmStart(id, o),
    shutdown: () => client.vmShutdown(id, o),
    stop: () => client.vmStop(id, o),
    reboot: () => client.vmReboot(id, o),
    suspend: () => client.vmSuspend(id, o),
    migrate: () => client.vmMigrate(id, o),
  };
  // The answer does not matter to the check: a refused second send is still a second send.
  return call[action]().catch((error: unknown) => error);
}

/** A deliberately broken runner: every action goes out twice, as one attempt. */
async function doubleSendingRunner(action: Action, id: string): Promise<void> {
  await send(action, id, 'ocbroken-1');
  await send(action, id, 'ocbroken-1');
}

const log = (): readonly LoggedRequest[] => env.engine.requestLog.entries();

describe('repeated-action check', () => {
  for (const action of Object.keys(FROM) as Action[]) {
    it(`flags a runner that sends ${action} twice, whatever the engine answered`, async () => {
      const id = vmIn(FROM[action]);
      await doubleSendingRunner(action, id);
      const posts = log().filter((r) => r.method === 'POST');
      expect(posts).toHaveLength(2);
      expect(repeatedActions(log())).toEqual([`${id} ${action} ocbroken-1 ×2`]);
    });
  }

  it('counts a second send the engine refused (start twice: 409)', async () => {
    const id = vmIn('down');
    await doubleSendingRunner('start', id);
    const statuses = log()
      .filter((r) => r.method === 'POST')
      .map((r) => r.status);
    expect(statuses.some((s) => s >= 400)).toBe(true);
    expect(repeatedActions(log())).toHaveLength(1);
  });

  it('counts a send that never got an answer (engine unreachable)', async () => {
    const id = vmIn('down');
    env.engine.faults.set({ unreachable: true });
    await doubleSendingRunner('start', id);
    env.engine.faults.clear();
    expect(repeatedActions(log())).toEqual([`${id} start ocbroken-1 ×2`]);
  });

  it('does not flag one send per VM, nor an explicit retry (a new attempt id)', async () => {
    const a = vmIn('down');
    await send('start', a, 'ocok-1');
    await send('start', a, 'ocok-1r');
    const b = vmIn('up');
    await send('reboot', b, 'ocok-2');
    expect(log().filter((r) => r.method === 'POST')).toHaveLength(3);
    expect(repeatedActions(log())).toEqual([]);
  });

  it('keeps to one operation when asked', async () => {
    const id = vmIn('down');
    await doubleSendingRunner('start', id);
    expect(repeatedActions(log(), (c) => c.startsWith('ocother'))).toEqual([]);
    expect(repeatedActions(log(), (c) => c.startsWith('ocbroken'))).toHaveLength(1);
  });

  it('does not count a POST the engine refused as unauthenticated (401), and still counts the rest', () => {
    const post = (status: number): LoggedRequest => ({
      method: 'POST',
      path: '/ovirt-engine/api/vms/v1/start',
      status,
      correlationId: 'c1',
    });
    // A token expired: 401, then the one resend with fresh credentials.
    expect(repeatedActions([post(401), post(200)])).toEqual([]);
    // Two sends that reached the engine are a repeat, whatever it answered.
    expect(repeatedActions([post(401), post(200), post(409)])).toEqual(['v1 start c1 ×2']);
    expect(repeatedActions([post(200), post(0)])).toEqual(['v1 start c1 ×2']);
    // Connections the simulated engine dropped unread (the browser retries those by itself).
    const dropped = { ...post(0), refused: true };
    expect(repeatedActions([dropped, dropped, dropped, post(200)])).toEqual([]);
    expect(repeatedActions([dropped, post(200), post(200)])).toEqual(['v1 start c1 ×2']);
  });

  it('ignores reads and other POSTs', () => {
    const entries: LoggedRequest[] = [
      { method: 'GET', path: '/ovirt-engine/api/vms/x/start', status: 200, correlationId: 'a' },
      { method: 'GET', path: '/ovirt-engine/api/vms/x/start', status: 200, correlationId: 'a' },
      { method: 'POST', path: '/ovirt-engine/api/vms/x/clone', status: 200, correlationId: 'a' },
      { method: 'POST', path: '/ovirt-engine/api/vms/x/clone', status: 200, correlationId: 'a' },
    ];
    expect(repeatedActions(entries)).toEqual([]);
  });
});

describe('tally line', () => {
  it('does not count trials that ran no operation as operations', () => {
    const line = summarize('unit', [
      { kind: 'fault', name: 'a', lost: 0, repeated: 0, operations: 1, actions: ['start'] },
      { kind: 'fault', name: 'b', lost: 0, repeated: 1, operations: 2, actions: ['reboot'] },
      { kind: 'input', name: 'c', lost: 0, repeated: 0 },
      { kind: 'input', name: 'd', lost: 0, repeated: 0, operations: 0 },
      // A retried test counts once.
      { kind: 'fault', name: 'a', lost: 0, repeated: 0, operations: 1, actions: ['start'] },
    ]);
    expect(line).toBe(
      'Reliability (unit): 2 faults and 2 hostile inputs tried; 3 operations in 2 trials ' +
        '(reboot, start), 2 trials ran none; 0 operations lost, 1 actions repeated.',
    );
  });
});
