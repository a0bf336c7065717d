/**
 * The host operations' engine port over the REST client: which request each host action and
 * evacuation migration becomes. A fake client records every call; no network.
 */
import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../rest/client';
import { createEngineHostOpsPort } from './engineHostOpsPort';

type Calls = [string, ...unknown[]][];

function fakeClient(over: Record<string, (...args: unknown[]) => unknown> = {}): {
  client: EngineClient;
  calls: Calls;
} {
  const calls: Calls = [];
  const handler: ProxyHandler<object> = {
    get(_, name: string) {
      return (...args: unknown[]) => {
        calls.push([name, ...args]);
        const f = over[name];
        return f ? f(...args) : Promise.resolve(undefined);
      };
    },
  };
  return { client: new Proxy({}, handler) as EngineClient, calls };
}

describe('engine host port', () => {
  it('reads hosts in one request, with the status detail when the engine gives one', async () => {
    const signal = new AbortController().signal;
    const { client, calls } = fakeClient({
      hostListByIds: () =>
        Promise.resolve([
          { id: 'h1', name: 'one', status: 'up', cpu: 4 },
          { id: 'h2', name: 'two', status: 'non_operational', statusDetail: 'network_unreachable' },
        ]),
    });
    const port = createEngineHostOpsPort(client);
    expect(await port.readHosts([])).toEqual([]);
    expect(calls).toEqual([]);
    expect(await port.readHosts(['h1', 'h2'], signal)).toEqual([
      { id: 'h1', name: 'one', status: 'up' },
      { id: 'h2', name: 'two', status: 'non_operational', statusDetail: 'network_unreachable' },
    ]);
    expect(calls).toEqual([['hostListByIds', ['h1', 'h2'], { signal }]]);
    await port.readHosts(['h1']);
    expect(calls.at(-1)).toEqual(['hostListByIds', ['h1'], {}]);
  });

  it('each host action is its own request with the correlation id', async () => {
    const { client, calls } = fakeClient();
    const port = createEngineHostOpsPort(client);
    await port.hostAction('h1', 'deactivate', { correlationId: 'c' });
    await port.hostAction('h1', 'deactivate', { correlationId: 'c', reason: 'kernel update' });
    await port.hostAction('h1', 'activate', { correlationId: 'c', reason: 'not sent' });
    await port.hostAction('h1', 'restart', { correlationId: 'c' });
    expect(calls).toEqual([
      ['hostDeactivate', 'h1', { correlationId: 'c' }],
      ['hostDeactivate', 'h1', { correlationId: 'c', reason: 'kernel update' }],
      ['hostActivate', 'h1', { correlationId: 'c' }],
      ['hostFence', 'h1', 'restart', { correlationId: 'c' }],
    ]);
  });

  it('migrates with force only for manual-only VMs and with the affinity closure only when asked', async () => {
    const { client, calls } = fakeClient();
    const port = createEngineHostOpsPort(client);
    await port.vmMigrate('v1', 'h2', { correlationId: 'c' });
    await port.vmMigrate('v1', 'h2', { correlationId: 'c', force: false, affinityClosure: false });
    await port.vmMigrate('v1', 'h2', { correlationId: 'c', force: true, affinityClosure: true });
    expect(calls).toEqual([
      ['vmMigrate', 'v1', { correlationId: 'c', host: 'h2' }],
      ['vmMigrate', 'v1', { correlationId: 'c', host: 'h2' }],
      ['vmMigrate', 'v1', { correlationId: 'c', host: 'h2', force: true, affinityClosure: true }],
    ]);
  });

  it("finds what still runs on a host by the engine's host= search", async () => {
    const signal = new AbortController().signal;
    const { client, calls } = fakeClient({
      vmList: () => Promise.resolve([{ id: 'v1', name: 'web', status: 'up', memory: 1 }]),
    });
    const port = createEngineHostOpsPort(client);
    expect(await port.residentVms('host-1', signal)).toEqual([
      { id: 'v1', name: 'web', status: 'up' },
    ]);
    const arg = calls[0]?.[1] as { search: unknown; signal?: unknown };
    expect(String(arg.search)).toBe('host = host-1');
    expect(arg.signal).toBe(signal);
    await port.residentVms('host-1');
    expect(Object.keys(calls[1]?.[1] as object)).toEqual(['search']);
  });
});
