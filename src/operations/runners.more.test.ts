/**
 * The one builder every page and the operations runner page use: the admin's settings must reach
 * each runner (the timeouts after which an item is reported failed, the concurrency limits), and
 * `hasUnfinished` decides whether the host page loads the operations layer at all.
 */
import { describe, expect, it, vi } from 'vitest';
import type { EngineClient } from '../rest/client';
import { DEFAULT_CONFIG, type OpsCenterConfig } from '../plugin-api/config';
import { createOperationsStore, type OperationRecord } from './operationsStore';
import { isEvacuationDrivenHere } from './evacuationRunner';
import { createRunnerDeps, hasUnfinished, HOST_TIMEOUT_MS, resumeAll } from './runners';
import { isDrivenHere } from './vmBulkRunner';
import { TRACK_INTERVAL_MS } from './vmTracker';

class MemStorage {
  readonly map = new Map<string, string>();
  getItem(k: string): string | null {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.map.set(k, v);
  }
  removeItem(k: string): void {
    this.map.delete(k);
  }
}

const config: OpsCenterConfig = {
  ...DEFAULT_CONFIG,
  bulkConcurrency: 7,
  maxVmsInTransition: 33,
  evacuationConcurrency: 3,
  pollIntervalMs: 5000,
  shutdownTimeoutSec: 120,
  migrationTimeoutSec: 900,
};

function build(over: Partial<OpsCenterConfig> = {}): ReturnType<typeof createRunnerDeps> {
  const storage = new MemStorage();
  return createRunnerDeps({
    client: {} as EngineClient,
    config: { ...config, ...over },
    t: () => '',
    storage,
    store: createOperationsStore(storage),
  });
}

describe('createRunnerDeps', () => {
  it("gives each runner the admin's limits", () => {
    const deps = build();
    expect(deps.vm.concurrency).toBe(7);
    expect(deps.vm.maxInTransition).toBe(33);
    expect(deps.evacuation.concurrency).toBe(3);
    expect(deps.activation.concurrency).toBe(7);
  });

  it('times out a shutdown and a migration after the configured time, other VM actions after 5 minutes', () => {
    const { vm, evacuation, clone, activation } = build();
    expect(vm.timeoutMs('shutdown')).toBe(120_000);
    expect(vm.timeoutMs('migrate')).toBe(900_000);
    for (const a of ['start', 'stop', 'reboot', 'suspend'] as const)
      expect(vm.timeoutMs(a)).toBe(300_000);
    expect(evacuation.migrationTimeoutMs).toBe(900_000);
    expect(evacuation.hostTimeoutMs).toBe(HOST_TIMEOUT_MS);
    expect(activation.timeoutMs).toBe(HOST_TIMEOUT_MS);
    expect(HOST_TIMEOUT_MS).toBe(600_000);
    expect(clone.shutdownTimeoutMs).toBe(120_000);
    expect(clone.startTimeoutMs).toBe(300_000);
  });

  it('tracks VMs every half second, hosts at the poll interval but at least every 2 s', () => {
    expect(build().vm.pollMs).toBe(TRACK_INTERVAL_MS);
    expect(build().clone.pollMs).toBe(TRACK_INTERVAL_MS);
    expect(build().evacuation.pollMs).toBe(2000);
    expect(build({ pollIntervalMs: 1500 }).activation.pollMs).toBe(1500);
    expect(build({ pollIntervalMs: 1500 }).evacuation.pollMs).toBe(1500);
  });

  it('every runner shares one engine port, store and storage', () => {
    const deps = build();
    expect(deps.evacuation.vmPort).toBe(deps.vm.port);
    expect(deps.activation.hostPort).toBe(deps.evacuation.hostPort);
    expect(deps.clone.store).toBe(deps.vm.store);
    expect(deps.activation.storage).toBe(deps.vm.storage);
  });
});

function op(id: string, state: OperationRecord['state']): OperationRecord {
  return { id, kind: 'vm-start', title: id, correlationId: id, startedAt: 1, state, items: [] };
}

describe('hasUnfinished', () => {
  it('is true only while some operation is still running', () => {
    const store = createOperationsStore(new MemStorage());
    expect(hasUnfinished(store)).toBe(false);
    store.create(op('a', 'done'));
    store.create(op('b', 'partial'));
    store.create(op('c', 'cancelled'));
    expect(hasUnfinished(store)).toBe(false);
    store.create(op('d', 'running'));
    expect(hasUnfinished(store)).toBe(true);
  });
});

describe('resumeAll', () => {
  it('with nothing unfinished, sends and reads nothing', () => {
    const calls: string[] = [];
    const client = new Proxy(
      {},
      {
        get: (_, name: string) => () => {
          calls.push(name);
          return Promise.resolve([]);
        },
      },
    ) as EngineClient;
    const storage = new MemStorage();
    const deps = createRunnerDeps({
      client,
      config,
      t: () => '',
      storage,
      store: createOperationsStore(storage),
    });
    resumeAll(deps);
    expect(calls).toEqual([]);
  });

  it('picks up the unfinished operations of every kind from one call', async () => {
    const calls: string[] = [];
    // An engine that never answers: each resumed runner stays on its first request.
    const client = new Proxy(
      {},
      {
        get: (_, name: string) => () => {
          calls.push(name);
          return new Promise(() => undefined);
        },
      },
    ) as EngineClient;
    const storage = new MemStorage();
    const store = createOperationsStore(storage);
    const deps = createRunnerDeps({ client, config, t: () => '', storage, store });
    const item = (entity: 'vm' | 'host', id: string) => ({
      entity,
      id,
      name: id,
      state: 'sent' as const,
      correlationId: `c-${id}`,
      actionSentAt: 1,
    });
    store.create({ ...op('resume-vm', 'running'), items: [item('vm', 'v1')] });
    store.create({
      ...op('resume-evac', 'running'),
      kind: 'host-evacuate',
      items: [item('host', 'h1')],
    });
    store.create({
      ...op('resume-act', 'running'),
      kind: 'host-activate',
      items: [item('host', 'h2')],
    });
    const ac = new AbortController();
    resumeAll(deps, ac.signal);
    expect(isDrivenHere('resume-vm')).toBe(true);
    expect(isEvacuationDrivenHere('resume-evac')).toBe(true);
    await vi.waitFor(() => {
      expect(calls).toContain('hostListByIds');
    });
    ac.abort();
  });
});
