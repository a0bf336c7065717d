/** The REST client's host lifecycle calls against the simulated engine. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupEngine } from '../../dev/engine/node';
import { createEngineClient } from '../../src/rest/client';
import { ActionError } from '../../src/rest/errors';

const env = setupEngine({ clock: 'manual', timeScale: 1000 });
const client = createEngineClient({
  baseUrl: env.baseUrl,
  credentials: () => ({ kind: 'bearer', token: env.token }),
  backoff: { baseMs: 1, maxMs: 5 },
});

beforeAll(() => {
  env.server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(() => {
  env.engine.reset();
});
afterAll(() => {
  env.close();
});

const hostId = (name: string): string => env.engine.findHost(name)?.id ?? '';

describe('host lifecycle in the REST client', () => {
  it('reads power management per host and the reason flags per cluster', async () => {
    const hosts = await client.hostList();
    expect(hosts.find((h) => h.name === 'host-01')?.powerManagement).toBe(true);
    expect(hosts.find((h) => h.name === 'host-02')?.powerManagement).toBe(false);
    const c = env.engine.findCluster('Default');
    if (!c) throw new Error('no cluster');
    c.maintenanceReasonRequired = true;
    const cluster = await client.clusterGet(c.id);
    expect(cluster).toMatchObject({ maintenanceReasonRequired: true, optionalReason: false });
  });

  it('fences: restart sends fence_type, status answers the power status', async () => {
    const r = await client.hostFence(hostId('host-01'), 'restart');
    expect(r.status).toBe('complete');
    const posted = env.engine.requestLog.entries().filter((e) => e.path.endsWith('/fence'));
    expect(posted.map((e) => e.body)).toEqual([{ fence_type: 'restart' }]);
    const st = await client.hostFence(hostId('host-03'), 'status');
    expect(st.powerStatus).toBe('on');
  });

  it('a host without power management: an ActionError in the engine words', async () => {
    const err = await client.hostFence(hostId('host-02'), 'restart').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect((err as ActionError).detail).toBe('Cannot fence Host, Host fence is disabled.');
  });

  it('lists the hooks; sends the reason on deactivate and VM shutdown', async () => {
    const hooks = await client.hostHooks(hostId('host-01'));
    expect(hooks.length).toBeGreaterThan(3);
    expect(hooks[0]?.md5).toMatch(/^[0-9a-f]{32}$/);
    await client.hostDeactivate(hostId('host-02'), { reason: 'RAM swap' });
    const vm = env.engine.sortedVms().find((v) => v.status === 'up');
    if (!vm) throw new Error('no up VM');
    await client.vmShutdown(vm.id, { reason: 'kernel update' });
    const texts = env.engine.state.events.map((e) => e.description);
    expect(texts.some((t) => t.endsWith('(Reason: RAM swap).'))).toBe(true);
    expect(texts.some((t) => t.endsWith('(Reason: kernel update).'))).toBe(true);
  });
});
