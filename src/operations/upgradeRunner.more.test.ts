/**
 * Unit tests of the rolling upgrade's record, meta and steps (what the drawer shows and what a
 * resumed page reads back), written for the mutation run of upgradeRunner.ts. The driving itself
 * is tested against the simulated engine in test/operations/upgradeRunner.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { createOperationsStore, type OperationItem, type OperationRecord } from './operationsStore';
import {
  cancelUpgrade,
  createUpgrade,
  deriveUpgradeSteps,
  readUpgradeMeta,
  type UpgradeMeta,
} from './upgradeRunner';
import type { HostsTranslate, StorageLike } from './evacuationRunner';

const t: HostsTranslate = (key, params) => (params ? `${key} ${JSON.stringify(params)}` : key);

function memoryStorage(refuse = false): StorageLike & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => {
      if (refuse) throw new DOMException('quota', 'QuotaExceededError');
      map.set(k, v);
    },
    removeItem: (k) => {
      map.delete(k);
    },
  };
}

const hosts = [
  { id: 'h1', name: 'host-1', clusterId: 'c1', clusterName: 'prod' },
  { id: 'h2', name: 'host-2', clusterId: 'c1', clusterName: 'prod' },
];

describe('createUpgrade', () => {
  it('one pending host item per host in the given order, and a meta with each at "plan"', () => {
    const storage = memoryStorage();
    const store = createOperationsStore(storage);
    const id = createUpgrade({ store, storage, t }, hosts, 700);
    const op = store.get(id);
    expect(op).toMatchObject({ kind: 'host-upgrade', startedAt: 700, state: 'running' });
    expect(op?.title).toBe('hosts.upgrade.opTitle {"names":"host-1, host-2"}');
    expect(op?.items.map((i) => [i.id, i.name, i.state, i.target, i.correlationId])).toEqual([
      ['h1', 'host-1', 'pending', 'hosts.upgrade.target', `${op?.correlationId ?? ''}-1`],
      ['h2', 'host-2', 'pending', 'hosts.upgrade.target', `${op?.correlationId ?? ''}-2`],
    ]);
    expect(readUpgradeMeta(storage, id)).toEqual({
      hosts: {
        h1: { clusterId: 'c1', clusterName: 'prod', phase: 'plan' },
        h2: { clusterId: 'c1', clusterName: 'prod', phase: 'plan' },
      },
      clusters: {},
      reboot: true,
    });
    expect(op?.steps).toHaveLength(8);
  });

  it('stores the reboot choice, and names the upgrade step after it', () => {
    const storage = memoryStorage();
    const store = createOperationsStore(storage);
    const id = createUpgrade({ store, storage, t }, hosts, 700, { reboot: false });
    expect(readUpgradeMeta(storage, id)?.reboot).toBe(false);
    expect(store.get(id)?.steps?.map((s) => s.name)).toContain(
      'hosts.upgrade.step.upgradeNoReboot {"name":"host-1"}',
    );
  });

  it('refuses to start when the browser will not store its meta (nothing could be resumed)', () => {
    const storage = memoryStorage(true);
    const store = createOperationsStore(memoryStorage());
    expect(() => createUpgrade({ store, storage, t }, hosts)).toThrow('hosts.upgrade.noStorage');
    expect(store.list()).toEqual([]);
  });
});

describe('readUpgradeMeta', () => {
  it('reads nothing from a missing, broken or foreign entry', () => {
    const storage = memoryStorage();
    expect(readUpgradeMeta(storage, 'x')).toBeUndefined();
    storage.setItem('ops-center:operations:upgrade:x', '{oops');
    expect(readUpgradeMeta(storage, 'x')).toBeUndefined();
    storage.setItem('ops-center:operations:upgrade:x', '7');
    expect(readUpgradeMeta(storage, 'x')).toBeUndefined();
    storage.setItem('ops-center:operations:upgrade:x', '{"clusters":{}}');
    expect(readUpgradeMeta(storage, 'x')).toBeUndefined();
    storage.setItem('ops-center:operations:upgrade:x', '{"hosts":{},"clusters":{}}');
    expect(readUpgradeMeta(storage, 'x')).toEqual({ hosts: {}, clusters: {} });
  });
});

describe('deriveUpgradeSteps', () => {
  const record = (items: Partial<OperationItem>[]): OperationRecord => ({
    id: 'op',
    kind: 'host-upgrade',
    title: 'T',
    correlationId: 'oc',
    startedAt: 0,
    state: 'running',
    items: items.map((i, n) => ({
      entity: 'host',
      id: `h${String(n + 1)}`,
      name: `host-${String(n + 1)}`,
      state: 'pending',
      correlationId: 'c',
      ...i,
    })),
  });
  const meta = (
    phase: UpgradeMeta['hosts'][string]['phase'],
    extra: Partial<UpgradeMeta['hosts'][string]> = {},
    clusters: UpgradeMeta['clusters'] = {},
  ): UpgradeMeta => ({
    hosts: { h1: { clusterId: 'c1', clusterName: 'prod', phase, ...extra } },
    clusters,
  });
  const states = (r: OperationRecord, m: UpgradeMeta) =>
    deriveUpgradeSteps(r, m, t).map((s) => s.state);

  it('names the four steps of each host', () => {
    expect(deriveUpgradeSteps(record([{}]), meta('plan'), t).map((s) => s.name)).toEqual([
      'hosts.upgrade.step.plan {"name":"host-1"}',
      'hosts.upgrade.step.evacuate {"name":"host-1"}',
      'hosts.upgrade.step.upgrade {"name":"host-1"}',
      'hosts.upgrade.step.activate {"name":"host-1"}',
    ]);
  });

  it('a host not started is all pending; one done is all done', () => {
    expect(states(record([{}]), meta('plan'))).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    expect(states(record([{ state: 'done' }]), meta('activate'))).toEqual([
      'done',
      'done',
      'done',
      'done',
    ]);
  });

  it('a running host: steps before its phase done, its phase running, the rest pending', () => {
    expect(
      states(record([{ state: 'in_progress', detail: 'migrating 3 VMs' }]), meta('evacuate')),
    ).toEqual(['done', 'running', 'pending', 'pending']);
    const steps = deriveUpgradeSteps(
      record([{ state: 'in_progress', detail: 'migrating 3 VMs' }]),
      meta('evacuate'),
      t,
    );
    expect(steps[1]?.detail).toBe('migrating 3 VMs');
    expect(steps[0]).not.toHaveProperty('detail');
    expect(steps[2]).not.toHaveProperty('detail');
  });

  it('a failed host: its phase failed with the error, the rest skipped', () => {
    const r = record([{ state: 'failed', error: 'yum failed', detail: 'x' }]);
    expect(states(r, meta('upgrade'))).toEqual(['done', 'done', 'failed', 'skipped']);
    expect(deriveUpgradeSteps(r, meta('upgrade'), t)[2]?.detail).toBe('yum failed');
  });

  it('a cancelled host: its phase and the rest skipped', () => {
    expect(states(record([{ state: 'cancelled' }]), meta('plan'))).toEqual([
      'skipped',
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(states(record([{ state: 'skipped' }]), meta('evacuate'))).toEqual([
      'done',
      'skipped',
      'skipped',
      'skipped',
    ]);
  });

  it('a pending host whose meta moved past planning shows the plan done', () => {
    expect(states(record([{}]), meta('evacuate'))).toEqual([
      'done',
      'pending',
      'pending',
      'pending',
    ]);
  });

  it('a host that was in maintenance before has no activate step', () => {
    expect(
      deriveUpgradeSteps(record([{}]), meta('plan', { initial: 'maintenance' }), t),
    ).toHaveLength(3);
    expect(deriveUpgradeSteps(record([{}]), meta('plan', { initial: 'up' }), t)).toHaveLength(4);
  });

  it('the cluster mode steps come first and last, and not for a cluster without the mode', () => {
    const steps = (c: UpgradeMeta['clusters']) =>
      deriveUpgradeSteps(record([{}]), meta('plan', {}, c), t);
    expect(steps({ c1: { name: 'prod', state: 'off' } })).toHaveLength(4);
    const pending = steps({ c1: { name: 'prod', state: 'pending' } });
    expect(pending[0]).toEqual({
      name: 'hosts.upgrade.step.cluster.start {"name":"prod"}',
      state: 'pending',
    });
    expect(pending[5]).toEqual({
      name: 'hosts.upgrade.step.cluster.finish {"name":"prod"}',
      state: 'pending',
    });
    const started = steps({ c1: { name: 'prod', state: 'started' } });
    expect([started[0]?.state, started[5]?.state]).toEqual(['done', 'pending']);
    const finished = steps({ c1: { name: 'prod', state: 'finished' } });
    expect([finished[0]?.state, finished[5]?.state]).toEqual(['done', 'done']);
    const refused = steps({ c1: { name: 'prod', state: 'pending', error: 'No permission' } });
    expect(refused[0]).toMatchObject({ state: 'failed', detail: 'No permission' });
    expect(refused[5]).toMatchObject({ state: 'failed', detail: 'No permission' });
    const notFinished = steps({ c1: { name: 'prod', state: 'started', error: 'Busy' } });
    expect([notFinished[0]?.state, notFinished[5]?.state]).toEqual(['done', 'failed']);
    // The engine refused the start (another run holds the mode): failed, and no finish of ours.
    const other = steps({ c1: { name: 'prod', state: 'refused', error: 'Failed to set' } });
    expect(other[0]).toEqual({
      name: 'hosts.upgrade.step.cluster.start {"name":"prod"}',
      state: 'failed',
      detail: 'Failed to set',
    });
    expect(other[5]).toEqual({
      name: 'hosts.upgrade.step.cluster.finish {"name":"prod"}',
      state: 'skipped',
    });
  });
});

describe('cancelUpgrade', () => {
  it('cancels the hosts not started, saying so; the host in progress finishes', () => {
    const storage = memoryStorage();
    const store = createOperationsStore(storage);
    const id = createUpgrade({ store, storage, t }, hosts, 700);
    store.updateItem(id, 'h1', { state: 'in_progress' });
    cancelUpgrade(store, storage, t, id, 900);
    const op = store.get(id);
    expect(op?.items[0]?.state).toBe('in_progress');
    expect(op?.items[1]).toMatchObject({
      state: 'cancelled',
      finishedAt: 900,
      detail: 'hosts.upgrade.notStarted',
    });
    expect(op?.steps?.slice(4).map((s) => s.state)).toEqual([
      'skipped',
      'skipped',
      'skipped',
      'skipped',
    ]);
  });

  it('does nothing without the record or its meta', () => {
    const storage = memoryStorage();
    const store = createOperationsStore(storage);
    const id = createUpgrade({ store, storage, t }, hosts, 700);
    storage.removeItem(`ops-center:operations:upgrade:${id}`);
    cancelUpgrade(store, storage, t, id, 900);
    expect(store.get(id)?.items.every((i) => i.state === 'pending')).toBe(true);
    expect(() => {
      cancelUpgrade(store, storage, t, 'nope');
    }).not.toThrow();
  });
});
