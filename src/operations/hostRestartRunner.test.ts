import { describe, expect, it } from 'vitest';
import { createTranslator } from '../messages/catalogue';
import { createOperationsStore } from './operationsStore';
import {
  createRestart,
  driveRestart,
  type RestartDeps,
  type RestartHost,
} from './hostRestartRunner';
import type { StorageLike } from './evacuationRunner';
import type { HostOpsPort, HostState } from './hostOpsPort';

function memoryStorage(): StorageLike & { broken: boolean } {
  const map = new Map<string, string>();
  const s = {
    broken: false,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (s.broken && k === 'ops-center:operations')
        throw new DOMException('quota', 'QuotaExceededError');
      map.set(k, v);
    },
    removeItem: (k: string) => {
      map.delete(k);
    },
  };
  return s;
}

/**
 * A fake engine: a restart puts the host in `reboot`; every read then moves it one step along
 * reboot → non_responsive → connecting → up (maintenance when it was in maintenance).
 */
function setup(hosts: RestartHost[]) {
  const state = new Map<string, HostState & { path: string[] }>(
    hosts.map((h) => [h.id, { id: h.id, name: h.name, status: h.status, path: [] }]),
  );
  const sent: string[] = [];
  let failSend: Error | undefined;
  const hostPort: HostOpsPort = {
    readHosts: (ids) =>
      Promise.resolve(
        ids.flatMap((id) => {
          const h = state.get(id);
          if (!h) return [];
          const next = h.path.shift();
          if (next) h.status = next;
          return [{ id: h.id, name: h.name, status: h.status }];
        }),
      ),
    hostAction(id, action) {
      sent.push(`${action}:${id}`);
      if (failSend) return Promise.reject(failSend);
      const h = state.get(id);
      if (h) {
        const back = h.status === 'maintenance' ? 'maintenance' : 'up';
        h.status = 'reboot';
        h.path = ['reboot', 'non_responsive', 'connecting', back];
      }
      return Promise.resolve();
    },
    vmMigrate: () => Promise.reject(new Error('not used')),
    residentVms: () => Promise.resolve([]),
  };
  const storage = memoryStorage();
  const store = createOperationsStore(storage);
  let clock = 1_000;
  const deps: RestartDeps = {
    store,
    hostPort,
    storage,
    t: createTranslator('en-US'),
    concurrency: 2,
    pollMs: 1000,
    timeoutMs: 600_000,
    now: () => clock,
    sleep: (ms) => {
      clock += ms;
      return Promise.resolve();
    },
  };
  const opId = createRestart(deps, hosts, clock);
  return {
    deps,
    store,
    storage,
    opId,
    sent,
    state,
    failSendWith: (e: Error) => (failSend = e),
  };
}

const host = (id: string, status = 'up', powerManagement = true): RestartHost => ({
  id,
  name: `host-${id}`,
  status,
  powerManagement,
});

describe('driveRestart', () => {
  it('restarts each host with power management once and follows it back up', async () => {
    const { deps, store, opId, sent, state } = setup([
      host('a'),
      host('b', 'maintenance'),
      host('c', 'up', false),
    ]);
    const created = store.get(opId);
    expect(created?.items.map((i) => i.state)).toEqual(['pending', 'pending', 'skipped']);
    expect(created?.items[2]?.detail).toBe(
      'no power management configured: restart it from its own console',
    );
    await driveRestart(deps, opId);
    expect(sent).toEqual(['restart:a', 'restart:b']);
    expect(state.get('a')?.status).toBe('up');
    expect(state.get('b')?.status).toBe('maintenance');
    const op = store.get(opId);
    expect(op?.items.map((i) => i.state)).toEqual(['done', 'done', 'skipped']);
    expect(op?.state).toBe('done');
  });

  it('sends nothing when the pre-send mark cannot be stored', async () => {
    const { deps, store, storage, opId, sent } = setup([host('a')]);
    storage.broken = true;
    await driveRestart(deps, opId);
    expect(sent).toEqual([]);
    expect(store.get(opId)?.stoppedReason).toBe('storage');
  });

  it('a reloaded page follows a sent restart without sending it again', async () => {
    const { deps, storage, opId, sent, state } = setup([host('a')]);
    // The first page marked and sent the restart, then went away.
    const first = createOperationsStore(storage);
    first.markSending(opId, ['a'], 1_000);
    first.updateItem(opId, 'a', { state: 'in_progress' });
    first.flush();
    state.set('a', { id: 'a', name: 'host-a', status: 'reboot', path: ['non_responsive', 'up'] });
    const reloaded = { ...deps, store: createOperationsStore(storage) };
    await driveRestart(reloaded, opId);
    expect(sent).toEqual([]);
    expect(reloaded.store.get(opId)?.items[0]?.state).toBe('done');
  });

  it('an unanswered restart of a host that never leaves up fails instead of counting as done', async () => {
    const { deps, store, opId, sent, failSendWith } = setup([host('a')]);
    failSendWith(new TypeError('Failed to fetch'));
    await driveRestart(deps, opId);
    expect(sent).toEqual(['restart:a']);
    const item = store.get(opId)?.items[0];
    expect(item?.state).toBe('failed');
    expect(item?.error).toContain('Failed to fetch');
  });
});
