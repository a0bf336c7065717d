/**
 * More restart tests, written against the mutants StrykerJS left alive in hostRestartRunner.ts:
 * which hosts are restarted at all, where each is expected to end, and when a restart counts.
 */
import { describe, expect, it } from 'vitest';
import { createOperationsStore } from './operationsStore';
import { cancelHostAction } from './hostActionRunner';
import {
  cancelRestart,
  createRestart,
  driveRestart,
  restartSkip,
  type RestartDeps,
  type RestartHost,
} from './hostRestartRunner';
import type { HostsTranslate, StorageLike } from './evacuationRunner';
import type { HostOpsPort } from './hostOpsPort';
import { ConnectionError } from '../rest/errors';

const t: HostsTranslate = (key, params) => (params ? `${key} ${JSON.stringify(params)}` : key);

const host = (id: string, status = 'up', powerManagement = true): RestartHost => ({
  id,
  name: `host-${id}`,
  status,
  powerManagement,
});

function memoryStorage(): StorageLike {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => {
      map.set(k, v);
    },
    removeItem: (k) => {
      map.delete(k);
    },
  };
}

/** Each read after the send shows the next scripted status. */
function setup(h: RestartHost, script: string[], sendFails = false) {
  let status = h.status;
  const sent: string[] = [];
  const hostPort: HostOpsPort = {
    readHosts: (ids) => {
      const next = sent.length > 0 ? script.shift() : undefined;
      if (next) status = next;
      return Promise.resolve(ids.map((id) => ({ id, name: h.name, status })));
    },
    hostAction: (id, action) => {
      sent.push(`${action}:${id}`);
      return sendFails
        ? Promise.reject(new ConnectionError('no answer', 'timeout'))
        : Promise.resolve();
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
    t,
    concurrency: 2,
    pollMs: 1000,
    timeoutMs: 600_000,
    now: () => clock,
    sleep: (ms) => {
      clock += ms;
      return Promise.resolve();
    },
  };
  const opId = createRestart(deps, [h], clock);
  return { deps, store, opId, sent };
}

describe('restartSkip', () => {
  it('restarts a host with power management from any status the engine fences from', () => {
    for (const status of [
      'up',
      'maintenance',
      'non_operational',
      'non_responsive',
      'error',
      'down',
      'install_failed',
    ])
      expect(restartSkip(t, host('a', status))).toBeUndefined();
  });

  it('skips a host without power management, whatever its status', () => {
    expect(restartSkip(t, host('a', 'up', false))).toBe('hosts.restart.noPm');
    expect(restartSkip(t, host('a', 'installing', false))).toBe('hosts.restart.noPm');
  });

  it('skips a busy host naming its status', () => {
    for (const status of ['installing', 'reboot', 'connecting', 'preparing_for_maintenance'])
      expect(restartSkip(t, host('a', status))).toBe(
        `hosts.activate.skipBusy {"status":"hosts.status.${status}"}`,
      );
  });
});

describe('createRestart', () => {
  it('a host in maintenance is expected back in maintenance, others up; the title counts what is sent', () => {
    const storage = memoryStorage();
    const store = createOperationsStore(storage);
    const id = createRestart({ store, t }, [
      host('a'),
      host('b', 'maintenance'),
      host('c', 'up', false),
    ]);
    const op = store.get(id);
    expect(op?.kind).toBe('host-restart');
    expect(op?.title).toBe('hosts.restart.opTitle {"count":2}');
    expect(op?.items.map((i) => i.target)).toEqual([
      'hosts.status.up',
      'hosts.status.maintenance',
      'hosts.status.up',
    ]);
    expect(cancelRestart).toBe(cancelHostAction);
  });
});

describe('driveRestart: when a restart counts', () => {
  it('an answered restart is done when the host is up again', async () => {
    const { deps, store, opId, sent } = setup(host('a'), ['reboot', 'non_responsive', 'up']);
    await driveRestart(deps, opId);
    expect(sent).toEqual(['restart:a']);
    expect(store.get(opId)?.items[0]).toMatchObject({
      state: 'done',
      detail: 'hosts.restart.item.done',
    });
  });

  it('a host restarted from maintenance is done back in maintenance', async () => {
    const { deps, store, opId } = setup(host('a', 'maintenance'), ['maintenance']);
    await driveRestart(deps, opId);
    expect(store.get(opId)?.items[0]?.state).toBe('done');
  });

  it('an unanswered restart counts once the host was seen rebooting and is up again', async () => {
    const { deps, store, opId, sent } = setup(
      host('a'),
      ['up', 'reboot', 'non_responsive', 'up'],
      true,
    );
    await driveRestart(deps, opId);
    expect(sent).toEqual(['restart:a']);
    expect(store.get(opId)?.items[0]?.state).toBe('done');
  });

  it('an unanswered restart of a host that stays in maintenance fails, not done', async () => {
    const { deps, store, opId } = setup(host('a', 'maintenance'), [], true);
    await driveRestart(deps, opId);
    expect(store.get(opId)?.items[0]).toMatchObject({ state: 'failed', error: 'no answer' });
  });

  it('a host that does not come back in time fails with the restart status', async () => {
    const { deps, store, opId } = setup(
      host('a'),
      Array.from({ length: 100 }, () => 'non_responsive'),
    );
    deps.timeoutMs = 5_000;
    await driveRestart(deps, opId);
    expect(store.get(opId)?.items[0]).toMatchObject({
      state: 'failed',
      error: 'hosts.activate.timeout {"seconds":5,"status":"hosts.status.non_responsive"}',
    });
  });

  it('while restarting, the item says so with the status', async () => {
    const { deps, store, opId } = setup(host('a'), ['reboot', 'up']);
    const details: string[] = [];
    store.subscribe(() => {
      const d = store.get(opId)?.items[0]?.detail;
      if (d && details.at(-1) !== d) details.push(d);
    });
    await driveRestart(deps, opId);
    expect(details).toContain('hosts.restart.item.waiting {"status":"hosts.status.reboot"}');
  });
});
