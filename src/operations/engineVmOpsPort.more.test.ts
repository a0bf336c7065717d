/**
 * The runners' engine port over the REST client: which request each action becomes, what a
 * tracking read returns, and how a job's outcome is read (the engine's own words on failure).
 * A fake client records every call; no network.
 */
import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../rest/client';
import { createEngineVmOpsPort } from './engineVmOpsPort';

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

describe('engine VM port: sending', () => {
  it('sends each action once as its own request, with the correlation id and no signal', async () => {
    const { client, calls } = fakeClient();
    const port = createEngineVmOpsPort(client);
    const signal = new AbortController().signal;
    const o = { correlationId: 'c1', signal };
    await port.sendAction('v1', 'start', o);
    await port.sendAction('v1', 'shutdown', o);
    await port.sendAction('v1', 'stop', o);
    await port.sendAction('v1', 'reboot', o);
    await port.sendAction('v1', 'suspend', o);
    await port.sendAction('v1', 'migrate', o);
    expect(calls).toEqual([
      ['vmStart', 'v1', { correlationId: 'c1' }],
      ['vmShutdown', 'v1', { correlationId: 'c1' }],
      ['vmStop', 'v1', { correlationId: 'c1' }],
      ['vmReboot', 'v1', { correlationId: 'c1' }],
      ['vmSuspend', 'v1', { correlationId: 'c1' }],
      ['vmMigrate', 'v1', { correlationId: 'c1', force: true }],
    ]);
  });

  it('passes the reason of a shutdown / power off and the chosen migration host', async () => {
    const { client, calls } = fakeClient();
    const port = createEngineVmOpsPort(client);
    await port.sendAction('v1', 'shutdown', { correlationId: 'c', reason: 'patching' });
    await port.sendAction('v1', 'stop', { correlationId: 'c', reason: 'hung' });
    await port.sendAction('v1', 'migrate', { correlationId: 'c', hostId: 'h2' });
    // A reason is only for the actions the engine records one for.
    await port.sendAction('v1', 'reboot', { correlationId: 'c', reason: 'ignored' });
    expect(calls).toEqual([
      ['vmShutdown', 'v1', { correlationId: 'c', reason: 'patching' }],
      ['vmStop', 'v1', { correlationId: 'c', reason: 'hung' }],
      ['vmMigrate', 'v1', { correlationId: 'c', force: true, host: 'h2' }],
      ['vmReboot', 'v1', { correlationId: 'c' }],
    ]);
  });

  it('an engine refusal reaches the runner', async () => {
    const { client } = fakeClient({ vmStart: () => Promise.reject(new Error('VM is running')) });
    await expect(
      createEngineVmOpsPort(client).sendAction('v1', 'start', { correlationId: 'c' }),
    ).rejects.toThrow('VM is running');
  });
});

describe('engine VM port: tracking reads', () => {
  it('reads nothing for no ids', async () => {
    const { client, calls } = fakeClient();
    expect(await createEngineVmOpsPort(client).readVms([])).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('one batched read; host names filled in from one host list; progress only while migrating', async () => {
    const signal = new AbortController().signal;
    const { client, calls } = fakeClient({
      vmListByIds: (ids) =>
        Promise.resolve(
          [
            { id: 'a', name: 'web', status: 'up', origin: 'ovirt', host: { id: 'h1' } },
            { id: 'b', name: 'db', status: 'migrating', host: { id: 'h2', name: 'named-h2' } },
            { id: 'c', name: 'off', status: 'down' },
            { id: 'd', name: 'mig2', status: 'migrating', host: { id: 'h9' } },
          ].filter((v) => (ids as string[]).includes(v.id)),
        ),
      hostList: () => Promise.resolve([{ id: 'h1', name: 'host-1' }]),
      vmStatistics: (id) =>
        Promise.resolve(
          id === 'b'
            ? [
                { name: 'cpu.current.total', value: 3 },
                { name: 'migration.progress', value: 42 },
              ]
            : [],
        ),
    });
    const port = createEngineVmOpsPort(client);
    expect(await port.readVms(['a', 'b', 'c', 'd'], signal)).toEqual([
      { id: 'a', name: 'web', status: 'up', origin: 'ovirt', hostId: 'h1', hostName: 'host-1' },
      {
        id: 'b',
        name: 'db',
        status: 'migrating',
        hostId: 'h2',
        hostName: 'named-h2',
        migrationProgress: 42,
      },
      { id: 'c', name: 'off', status: 'down' },
      { id: 'd', name: 'mig2', status: 'migrating', hostId: 'h9' },
    ]);
    expect(calls.map((c) => c[0])).toEqual([
      'vmListByIds',
      'hostList',
      'vmStatistics',
      'vmStatistics',
    ]);
    expect(calls[0]).toEqual(['vmListByIds', ['a', 'b', 'c', 'd'], { signal }]);
    expect(calls[1]).toEqual(['hostList', { signal }]);
    expect(calls[2]).toEqual(['vmStatistics', 'b', { signal }]);
    // The host names are read once per page, not once per tick.
    await port.readVms(['a']);
    expect(calls.filter((c) => c[0] === 'hostList')).toHaveLength(1);
    expect(calls.at(-1)).toEqual(['vmListByIds', ['a'], {}]);
  });

  it('a failed host list or statistics read does not fail tracking, and the host list is tried again', async () => {
    let hostListCalls = 0;
    const { client } = fakeClient({
      vmListByIds: () =>
        Promise.resolve([{ id: 'b', name: 'db', status: 'migrating', host: { id: 'h1' } }]),
      hostList: () => {
        hostListCalls++;
        return hostListCalls === 1
          ? Promise.reject(new Error('down'))
          : Promise.resolve([{ id: 'h1', name: 'host-1' }]);
      },
      vmStatistics: () => Promise.reject(new Error('down')),
    });
    const port = createEngineVmOpsPort(client);
    expect(await port.readVms(['b'])).toEqual([
      { id: 'b', name: 'db', status: 'migrating', hostId: 'h1' },
    ]);
    expect(await port.readVms(['b'])).toEqual([
      { id: 'b', name: 'db', status: 'migrating', hostId: 'h1', hostName: 'host-1' },
    ]);
    expect(hostListCalls).toBe(2);
  });
});

describe('engine VM port: job outcome by correlation id', () => {
  it('none yet, running, finished', async () => {
    let jobs: { status: string; description?: string }[] = [];
    const { client, calls } = fakeClient({ jobsByCorrelationId: () => Promise.resolve(jobs) });
    const port = createEngineVmOpsPort(client);
    expect(await port.jobOutcome('c1')).toBeUndefined();
    jobs = [{ status: 'finished' }, { status: 'started' }];
    expect(await port.jobOutcome('c1')).toEqual({ status: 'running' });
    jobs = [{ status: 'finished' }];
    expect(await port.jobOutcome('c1')).toEqual({ status: 'finished' });
    expect(calls[0]).toEqual(['jobsByCorrelationId', 'c1', {}]);
    expect(calls.some((c) => c[0] === 'eventList')).toBe(false);
  });

  it("a failed or aborted job gives the engine's error event, else the job's description", async () => {
    let jobs: { status: string; description?: string }[] = [];
    let events: { severity: string; description: string }[] = [];
    const signal = new AbortController().signal;
    const { client, calls } = fakeClient({
      jobsByCorrelationId: () => Promise.resolve(jobs),
      eventList: () => Promise.resolve(events),
    });
    const port = createEngineVmOpsPort(client);
    jobs = [{ status: 'finished' }, { status: 'failed', description: 'Migrating VM web' }];
    events = [
      { severity: 'normal', description: 'Migration started' },
      { severity: 'error', description: 'Migration failed: no host' },
    ];
    expect(await port.jobOutcome('c1', signal)).toEqual({
      status: 'failed',
      error: 'Migration failed: no host',
    });
    const ev = calls.find((c) => c[0] === 'eventList');
    expect(String((ev?.[1] as { search: unknown }).search)).toContain('c1');
    expect((ev?.[1] as { signal: unknown }).signal).toBe(signal);

    events = [{ severity: 'alert', description: 'Host fenced' }];
    jobs = [{ status: 'aborted' }];
    expect(await port.jobOutcome('c1')).toEqual({ status: 'failed', error: 'Host fenced' });

    events = [{ severity: 'warning', description: 'slow' }];
    jobs = [{ status: 'started' }, { status: 'aborted', description: 'Starting VM web' }];
    expect(await port.jobOutcome('c1')).toEqual({ status: 'failed', error: 'Starting VM web' });

    events = [];
    jobs = [{ status: 'failed' }];
    expect(await port.jobOutcome('c1')).toEqual({ status: 'failed' });
  });

  it('an unreadable event list still reports the failure', async () => {
    const { client } = fakeClient({
      jobsByCorrelationId: () => Promise.resolve([{ status: 'failed', description: 'Job text' }]),
      eventList: () => Promise.reject(new Error('down')),
    });
    expect(await createEngineVmOpsPort(client).jobOutcome('c1')).toEqual({
      status: 'failed',
      error: 'Job text',
    });
  });
});
