import { describe, expect, it } from 'vitest';
import { createTranslator } from '../messages/catalogue';
import { createOperationsStore } from './operationsStore';
import { createActivation, driveActivation, type ActivationDeps } from './hostActivateRunner';
import type { StorageLike } from './evacuationRunner';
import type { HostOpsPort, HostState } from './hostOpsPort';

/** Storage whose writes of the record throw (quota) once `broken` is set; leases still work. */
function storageWithSwitch(): StorageLike & { broken: boolean } {
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

function setup(hostIds: string[], concurrency = 1) {
  const hosts = new Map<string, HostState>(
    hostIds.map((id) => [id, { id, name: `host-${id}`, status: 'maintenance' }]),
  );
  const sent: string[] = [];
  let onSend: (id: string) => void = () => undefined;
  const hostPort: HostOpsPort = {
    readHosts: (ids) =>
      Promise.resolve(
        ids.flatMap((id) => (hosts.has(id) ? [{ ...(hosts.get(id) as HostState) }] : [])),
      ),
    hostAction(id, action) {
      sent.push(`${action}:${id}`);
      onSend(id);
      const h = hosts.get(id);
      if (h) h.status = 'up';
      return Promise.resolve();
    },
    vmMigrate: () => Promise.reject(new Error('not used')),
    residentVms: () => Promise.resolve([]),
  };
  const storage = storageWithSwitch();
  const store = createOperationsStore(storage);
  let clock = 1_000;
  const deps: ActivationDeps = {
    store,
    hostPort,
    storage,
    t: createTranslator('en-US'),
    concurrency,
    pollMs: 1000,
    timeoutMs: 60_000,
    now: () => clock,
    sleep: (ms) => {
      clock += ms;
      return Promise.resolve();
    },
  };
  const opId = createActivation(deps, [...hosts.values()], clock);
  return {
    deps,
    store,
    storage,
    opId,
    sent,
    setOnSend: (fn: (id: string) => void) => (onSend = fn),
  };
}

describe('driveActivation', () => {
  it('activates each host in maintenance once and follows it to up', async () => {
    const { deps, store, opId, sent } = setup(['h1', 'h2'], 2);
    await driveActivation(deps, opId);
    expect(sent).toEqual(['activate:h1', 'activate:h2']);
    expect(store.get(opId)?.state).toBe('done');
  });

  it('sends nothing when the pre-send mark cannot be stored, and says why', async () => {
    const { deps, store, storage, opId, sent } = setup(['h1', 'h2']);
    storage.broken = true;
    await driveActivation(deps, opId);
    expect(sent).toEqual([]);
    const op = store.get(opId);
    expect(op?.stoppedReason).toBe('storage');
    expect(op?.items.map((i) => i.state)).toEqual(['cancelled', 'cancelled']);
    expect(op?.state).toBe('cancelled');
    // The stored record still says nothing was sent: a reloaded page cannot think otherwise.
    storage.broken = false;
    const reloaded = createOperationsStore(storage).get(opId);
    expect(reloaded?.items.every((i) => i.actionSentAt === undefined)).toBe(true);
  });

  it('keeps following the host already sent when the storage refuses later', async () => {
    const { deps, store, storage, opId, sent, setOnSend } = setup(['h1', 'h2', 'h3']);
    setOnSend(() => {
      storage.broken = true;
    });
    await driveActivation(deps, opId);
    expect(sent).toEqual(['activate:h1']);
    const op = store.get(opId);
    expect(op?.stoppedReason).toBe('storage');
    expect(op?.items.map((i) => i.state)).toEqual(['done', 'cancelled', 'cancelled']);
    expect(op?.state).toBe('partial');
  });
});
