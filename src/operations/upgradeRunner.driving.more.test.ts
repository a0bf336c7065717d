/**
 * The rolling upgrade's driving against fake ports (a fake clock, no engine): what is sent, how
 * often and in which order, and what the record and its meta say after a fault, a refusal, a
 * timeout or a resume. The engine-backed runs are in test/operations/upgradeRunner.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ActionError, ConnectionError } from '../rest/errors';
import { createOperationsStore, type OperationsStore } from './operationsStore';
import { createEvacuation } from './evacuationRecord';
import { planEvacuation } from './evacuationPlanner';
import type { HostsTranslate, StorageLike } from './evacuationRunner';
import type { HostOpsPort } from './hostOpsPort';
import type { VmOpsPort } from './vmOpsPort';
import type { UpgradeHostState, UpgradePort } from './upgradePort';
import {
  createUpgrade,
  driveUpgrade,
  readUpgradeMeta,
  type UpgradeDeps,
  type UpgradeHostMeta,
  type UpgradeMeta,
} from './upgradeRunner';

const t: HostsTranslate = (key, params) => (params ? `${key} ${JSON.stringify(params)}` : key);
const META = 'ops-center:operations:upgrade:';

interface FakeHost extends UpgradeHostState {
  clusterId: string;
  /** Statuses the next reads walk through (one a read); the last one stays. */
  path: string[];
  /** VDSM the host comes back with once its path is walked. */
  next?: string;
}

/** Storage that refuses writes of the keys `refuse` matches once armed. */
function memoryStorage() {
  const map = new Map<string, string>();
  const s = {
    map,
    refuse: undefined as ((key: string) => boolean) | undefined,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (s.refuse?.(k)) throw new DOMException('quota', 'QuotaExceededError');
      map.set(k, v);
    },
    removeItem: (k: string) => {
      map.delete(k);
    },
  };
  return s satisfies StorageLike;
}

/**
 * A small engine: an upgrade walks the host through installing → reboot → maintenance with a new
 * VDSM; deactivate puts it in maintenance, activate brings it up. `calls` is every request sent,
 * in order.
 */
function fakeEngine(
  list: { id: string; status: string; clusterId?: string; updateAvailable?: boolean }[],
) {
  const hosts = new Map<string, FakeHost>(
    list.map((h) => [
      h.id,
      {
        id: h.id,
        name: `host-${h.id}`,
        status: h.status,
        clusterId: h.clusterId ?? 'c1',
        clusterName: `cluster-${h.clusterId ?? 'c1'}`,
        version: '4.50.1',
        updateAvailable: h.updateAvailable ?? true,
        path: [],
      },
    ]),
  );
  const calls: string[] = [];
  const percents: number[] = [];
  const f = {
    hosts,
    calls,
    percents,
    clusterMode: true as boolean | Error,
    /** Read failures still to come (the engine not answering). */
    readFailures: 0,
    upgradeError: undefined as Error | undefined,
    /** What an upgrade does to the host (the default: the engine's install and reboot). */
    upgradePath: ['installing', 'reboot', 'maintenance'],
    clusterErrors: {} as Record<string, Error>,
    /** The engine's upgrade mode per cluster, and the correlation id of the run that set it. */
    modes: {} as Record<string, { inProgress: boolean; correlationId?: string }>,
    /** A start whose answer was lost still reached the engine (the mode is on, under its id). */
    startArrives: false,
    /** The cluster cannot be read back after a refused start. */
    modeReadError: undefined as Error | undefined,
    deactivateError: undefined as Error | undefined,
    activatePath: ['up'],
    errorEvents: ['Installing packages.', 'Failed to upgrade Host: dnf failed.'],
    planError: undefined as Error | undefined,
  };
  const read = (id: string): UpgradeHostState[] => {
    const h = hosts.get(id);
    if (!h) return [];
    const next = h.path.shift();
    if (next !== undefined) h.status = next;
    if (h.path.length === 0 && h.next !== undefined) {
      h.version = h.next;
      delete h.next;
    }
    const state: UpgradeHostState = {
      id: h.id,
      name: h.name,
      status: h.status,
      updateAvailable: h.updateAvailable,
    };
    if (h.version !== undefined) state.version = h.version;
    return [state];
  };
  const port: UpgradePort = {
    readHosts(ids) {
      if (f.readFailures > 0) {
        f.readFailures--;
        return Promise.reject(new ConnectionError('no answer', 'network'));
      }
      return Promise.resolve(ids.flatMap(read));
    },
    planInput(host) {
      if (f.planError) return Promise.reject(f.planError);
      return Promise.resolve({
        evacuate: [host.id],
        hosts: [...hosts.values()].map((h) => ({
          id: h.id,
          name: h.name,
          clusterId: h.clusterId,
          status: h.status,
          memory: 64 * 2 ** 30,
          freeMemory: 32 * 2 ** 30,
        })),
        vms: [],
      });
    },
    targetsOf: () => Promise.resolve([]),
    upgrade(hostId) {
      calls.push(`upgrade:${hostId}`);
      if (f.upgradeError) return Promise.reject(f.upgradeError);
      const h = hosts.get(hostId);
      if (h) {
        h.path = [...f.upgradePath];
        h.next = '4.50.2';
      }
      return Promise.resolve();
    },
    upgradeCheck: () => Promise.resolve(),
    errorEvents: () => Promise.resolve([...f.errorEvents]),
    events: () => Promise.resolve([]),
    clusterModeSupported: () =>
      f.clusterMode instanceof Error
        ? Promise.reject(f.clusterMode)
        : Promise.resolve(f.clusterMode),
    clusterUpgrade(clusterId, action, options) {
      calls.push(`cluster:${clusterId}:${action}`);
      if (options.percent !== undefined) percents.push(options.percent);
      const error = f.clusterErrors[`${clusterId}:${action}`];
      if ((!error || f.startArrives) && action === 'start')
        f.modes[clusterId] = { inProgress: true, correlationId: options.correlationId };
      if (!error && action === 'finish') f.modes[clusterId] = { inProgress: false };
      return error ? Promise.reject(error) : Promise.resolve();
    },
    clusterUpgradeState(clusterId) {
      if (f.modeReadError) return Promise.reject(f.modeReadError);
      return Promise.resolve(f.modes[clusterId] ?? { inProgress: false });
    },
  };
  const hostPort: HostOpsPort = {
    readHosts: (ids) => Promise.resolve(ids.flatMap(read)),
    hostAction(hostId, action) {
      calls.push(`${action}:${hostId}`);
      if (action === 'deactivate' && f.deactivateError) return Promise.reject(f.deactivateError);
      const h = hosts.get(hostId);
      if (h) h.path = action === 'deactivate' ? ['maintenance'] : [...f.activatePath];
      return Promise.resolve();
    },
    vmMigrate: () => Promise.reject(new Error('no VM to migrate in these tests')),
    residentVms: () => Promise.resolve([]),
  };
  const vmPort: VmOpsPort = {
    sendAction: () => Promise.reject(new Error('no VM action in these tests')),
    readVms: () => Promise.resolve([]),
    jobOutcome: () => Promise.resolve(undefined),
  };
  return { f, port, hostPort, vmPort };
}

function setup(engine: ReturnType<typeof fakeEngine>, options: { concurrency?: number } = {}) {
  const storage = memoryStorage();
  const store = createOperationsStore(storage);
  const clock = { now: 1_000 };
  const timing = {
    now: () => clock.now,
    sleep: (ms: number) => {
      clock.now += ms;
      return Promise.resolve();
    },
  };
  const deps: UpgradeDeps = {
    store,
    storage,
    t,
    port: engine.port,
    concurrency: options.concurrency ?? 1,
    pollMs: 1_000,
    timeoutMs: 60_000,
    ...timing,
    evacuation: {
      store,
      storage,
      t,
      vmPort: engine.vmPort,
      hostPort: engine.hostPort,
      concurrency: 2,
      pollMs: 1_000,
      migrationTimeoutMs: 60_000,
      hostTimeoutMs: 60_000,
      ...timing,
    },
    activation: {
      store,
      storage,
      t,
      hostPort: engine.hostPort,
      concurrency: 2,
      pollMs: 1_000,
      timeoutMs: 60_000,
      ...timing,
    },
  };
  const create = (ids?: string[]): string =>
    createUpgrade(
      deps,
      [...engine.f.hosts.values()]
        .filter((h) => !ids || ids.includes(h.id))
        .map((h) => ({
          id: h.id,
          name: h.name,
          clusterId: h.clusterId,
          clusterName: h.clusterName ?? '',
        })),
      clock.now,
    );
  return { deps, store, storage, clock, create };
}

const items = (store: OperationsStore, opId: string) =>
  Object.fromEntries(
    (store.get(opId)?.items ?? []).map((i) => [
      i.id,
      { state: i.state, ...(i.error !== undefined ? { error: i.error } : {}) },
    ]),
  );
const itemOf = (store: OperationsStore, opId: string, id: string) =>
  store.get(opId)?.items.find((i) => i.id === id);

/** Rewrites a host's meta, as a page that went away at that point left it. */
function editMeta(
  storage: StorageLike,
  opId: string,
  edit: (meta: UpgradeMeta) => void,
): UpgradeMeta {
  const meta = readUpgradeMeta(storage, opId);
  if (!meta) throw new Error('no meta');
  edit(meta);
  storage.setItem(META + opId, JSON.stringify(meta));
  return meta;
}
/** The plan of a host without VMs: nothing to move, only the host to deactivate. */
const emptyPlan = () =>
  planEvacuation({
    evacuate: ['h1'],
    hosts: [{ id: 'h1', name: 'host-h1', clusterId: 'c1', status: 'up', memory: 1, freeMemory: 1 }],
    vms: [],
  });
const hostMeta = (storage: StorageLike, opId: string, id: string): UpgradeHostMeta | undefined =>
  readUpgradeMeta(storage, opId)?.hosts[id];

describe('driveUpgrade against fake ports', () => {
  it('upgrades up hosts one at a time: evacuate, upgrade once, activate, with the cluster mode around', async () => {
    const engine = fakeEngine([
      { id: 'h1', status: 'up' },
      { id: 'h2', status: 'up' },
    ]);
    const { deps, store, storage, create } = setup(engine);
    const opId = create();
    await driveUpgrade(deps, opId);
    expect(engine.f.calls).toEqual([
      'cluster:c1:start',
      'deactivate:h1',
      'upgrade:h1',
      'activate:h1',
      'cluster:c1:update_progress',
      'deactivate:h2',
      'upgrade:h2',
      'activate:h2',
      'cluster:c1:finish',
    ]);
    // Half the cluster was done when its progress was sent.
    expect(engine.f.percents).toEqual([50]);
    const op = store.get(opId);
    expect(op?.state).toBe('done');
    expect(op?.finishedAt).toBe(deps.now?.());
    expect(items(store, opId)).toEqual({ h1: { state: 'done' }, h2: { state: 'done' } });
    expect(itemOf(store, opId, 'h1')).toMatchObject({
      progress: 100,
      detail: 'hosts.upgrade.done {"status":"hosts.status.up","version":"4.50.2"}',
    });
    expect(op?.steps?.map((s) => s.state)).toEqual(Array(10).fill('done'));
    const meta = readUpgradeMeta(storage, opId);
    expect(meta?.clusterMode).toBe(true);
    expect(meta?.clusters).toEqual({ c1: { name: 'cluster-c1', state: 'finished' } });
    expect(meta?.hosts.h1).toMatchObject({
      phase: 'activate',
      initial: 'up',
      versionBefore: '4.50.1',
      seenInstall: true,
    });
    expect(meta?.hosts.h1?.evacuationId).toBeDefined();
    expect(meta?.hosts.h1?.activationId).toBeDefined();
    // The children are operations of their own, each settled.
    expect(
      store
        .list()
        .filter((o) => o.id !== opId)
        .map((o) => [o.kind, o.state]),
    ).toEqual(
      expect.arrayContaining([
        ['host-evacuate', 'done'],
        ['host-activate', 'done'],
      ]),
    );
    // The lease is given back: another page may pick the record up at once.
    expect([...storage.map.keys()].filter((k) => k.includes('lease'))).toEqual([]);
  });

  it('a host in maintenance is upgraded without evacuation and stays in maintenance', async () => {
    const engine = fakeEngine([{ id: 'h1', status: 'maintenance' }]);
    const { deps, store, storage, create } = setup(engine);
    const opId = create();
    await driveUpgrade(deps, opId);
    expect(engine.f.calls).toEqual(['cluster:c1:start', 'upgrade:h1', 'cluster:c1:finish']);
    expect(itemOf(store, opId, 'h1')).toMatchObject({
      state: 'done',
      detail: 'hosts.upgrade.done {"status":"hosts.status.maintenance","version":"4.50.2"}',
    });
    expect(store.list()).toHaveLength(1);
    expect(hostMeta(storage, opId, 'h1')).toMatchObject({ initial: 'maintenance' });
    // No activate step for a host that was in maintenance.
    expect(store.get(opId)?.steps?.map((s) => s.name.split(' ')[0])).toEqual([
      'hosts.upgrade.step.cluster.start',
      'hosts.upgrade.step.plan',
      'hosts.upgrade.step.evacuate',
      'hosts.upgrade.step.upgrade',
      'hosts.upgrade.step.cluster.finish',
    ]);
  });

  it('without the cluster upgrade mode (or when the engine cannot say), no cluster request is sent', async () => {
    for (const answer of [false, new ConnectionError('no answer', 'network')]) {
      const engine = fakeEngine([{ id: 'h1', status: 'maintenance' }]);
      engine.f.clusterMode = answer;
      const { deps, store, storage, create } = setup(engine);
      const opId = create();
      await driveUpgrade(deps, opId);
      expect(engine.f.calls).toEqual(['upgrade:h1']);
      expect(store.get(opId)?.state).toBe('done');
      expect(readUpgradeMeta(storage, opId)).toMatchObject({
        clusterMode: false,
        clusters: { c1: { name: 'cluster-c1', state: 'off' } },
      });
    }
  });

  it('each cluster gets its own mode, started before its first host and finished at the end', async () => {
    const engine = fakeEngine([
      { id: 'h1', status: 'maintenance', clusterId: 'c1' },
      { id: 'h2', status: 'maintenance', clusterId: 'c2' },
    ]);
    const { deps, store, create } = setup(engine);
    const opId = create();
    await driveUpgrade(deps, opId);
    expect(engine.f.calls).toEqual([
      'cluster:c1:start',
      'cluster:c2:start',
      'upgrade:h1',
      'upgrade:h2',
      'cluster:c1:finish',
      'cluster:c2:finish',
    ]);
    expect(store.get(opId)?.state).toBe('done');
  });

  it.each([
    [
      'a host neither up nor in maintenance',
      { status: 'non_responsive' },
      'hosts.upgrade.badStatus',
    ],
    ['a host without updates', { status: 'up', updateAvailable: false }, 'hosts.upgrade.noUpdates'],
  ])(
    'refuses %s, sends nothing for it and skips the hosts after it',
    async (_name, first, error) => {
      const engine = fakeEngine([
        { id: 'h1', ...first },
        { id: 'h2', status: 'maintenance' },
      ]);
      const { deps, store, create } = setup(engine);
      const opId = create();
      await driveUpgrade(deps, opId);
      expect(engine.f.calls).toEqual(['cluster:c1:start', 'cluster:c1:finish']);
      expect(itemOf(store, opId, 'h1')?.state).toBe('failed');
      expect(itemOf(store, opId, 'h1')?.error).toContain(error);
      expect(itemOf(store, opId, 'h2')).toMatchObject({
        state: 'skipped',
        detail: 'hosts.upgrade.stoppedAt {"name":"host-h1"}',
      });
      // Nothing was upgraded: the run failed (the skipped hosts were never reached).
      expect(store.get(opId)?.state).toBe('failed');
    },
  );

  it('a host the engine no longer knows fails as vanished', async () => {
    const engine = fakeEngine([{ id: 'h1', status: 'up' }]);
    const { deps, store, create } = setup(engine);
    const opId = create();
    engine.f.hosts.delete('h1');
    await driveUpgrade(deps, opId);
    expect(items(store, opId)).toEqual({ h1: { state: 'failed', error: 'hosts.evac.vanished' } });
    expect(engine.f.calls).toEqual(['cluster:c1:start', 'cluster:c1:finish']);
  });

  it('reads the engine again after it did not answer, and then goes on', async () => {
    const engine = fakeEngine([{ id: 'h1', status: 'maintenance' }]);
    engine.f.readFailures = 3;
    const { deps, store, clock, create } = setup(engine);
    const opId = create();
    await driveUpgrade(deps, opId);
    expect(store.get(opId)?.state).toBe('done');
    expect(engine.f.calls.filter((c) => c.startsWith('upgrade'))).toEqual(['upgrade:h1']);
    // It waited a poll interval after each unanswered read.
    expect(clock.now).toBeGreaterThanOrEqual(1_000 + 3 * 1_000);
  });

  it('a plan the engine cannot give, or one leaving VMs behind, stops the run before anything moves', async () => {
    const engine = fakeEngine([{ id: 'h1', status: 'up' }]);
    engine.f.planError = new ConnectionError('engine unreachable', 'network');
    const { deps, store, create } = setup(engine);
    const opId = create();
    await driveUpgrade(deps, opId);
    expect(items(store, opId)).toEqual({ h1: { state: 'failed', error: 'engine unreachable' } });
    expect(engine.f.calls).toEqual(['cluster:c1:start', 'cluster:c1:finish']);
  });

  it('refuses to evacuate a host whose VMs the rest of the cluster cannot hold, naming each VM', async () => {
    const engine = fakeEngine([
      { id: 'h1', status: 'up' },
      { id: 'h2', status: 'up' },
    ]);
    const { deps, store, create } = setup(engine, { concurrency: 1 });
    const base = engine.port.planInput.bind(engine.port);
    engine.port.planInput = async (host) => ({
      ...(await base(host)),
      vms: [
        { id: 'v1', name: 'db-1', hostId: 'h1', status: 'up', memory: 40 * 2 ** 30 },
        { id: 'v2', name: 'db-2', hostId: 'h1', status: 'up', memory: 48 * 2 ** 30 },
      ],
    });
    const opId = create(['h1']);
    await driveUpgrade(deps, opId);
    const error = itemOf(store, opId, 'h1')?.error ?? '';
    expect(itemOf(store, opId, 'h1')?.state).toBe('failed');
    // Each VM left behind, in the planner's order, with the memory it needs.
    expect(error).toBe(
      `hosts.upgrade.cannotEvacuate ${JSON.stringify({
        reasons:
          'db-2: hosts.evac.reason.no_capacity {"memory":"49152 MiB"}; ' +
          'db-1: hosts.evac.reason.no_capacity {"memory":"40960 MiB"}',
      })}`,
    );
    expect(engine.f.calls).toEqual(['cluster:c1:start', 'cluster:c1:finish']);
    expect(store.list()).toHaveLength(1);
  });

  it('the engine refusing the upgrade fails the host in its own words, sent once, and stops the run', async () => {
    const engine = fakeEngine([
      { id: 'h1', status: 'maintenance' },
      { id: 'h2', status: 'maintenance' },
    ]);
    engine.f.upgradeError = new ActionError('upgrade', 'Operation Failed', 'Host is busy.', {
      status: 409,
    });
    const { deps, store, create } = setup(engine);
    const opId = create();
    await driveUpgrade(deps, opId);
    expect(engine.f.calls).toEqual(['cluster:c1:start', 'upgrade:h1', 'cluster:c1:finish']);
    expect(items(store, opId)).toEqual({
      h1: { state: 'failed', error: 'Host is busy.' },
      h2: { state: 'skipped' },
    });
    expect(store.get(opId)?.state).toBe('failed');
  });

  it('an upgrade that got no answer is not sent again: the host status tells it arrived', async () => {
    const engine = fakeEngine([{ id: 'h1', status: 'maintenance' }]);
    const { deps, store, create } = setup(engine);
    const opId = create();
    const upgrade = engine.port.upgrade.bind(engine.port);
    engine.port.upgrade = async (id, options) => {
      await upgrade(id, options);
      throw new ConnectionError('timed out', 'timeout');
    };
    await driveUpgrade(deps, opId);
    expect(engine.f.calls.filter((c) => c.startsWith('upgrade'))).toEqual(['upgrade:h1']);
    expect(items(store, opId)).toEqual({ h1: { state: 'done' } });
  });

  it("a failed install fails the host with the engine's last error event", async () => {
    const engine = fakeEngine([{ id: 'h1', status: 'maintenance' }]);
    engine.f.upgradePath = ['installing', 'install_failed'];
    const { deps, store, create } = setup(engine);
    const opId = create();
    await driveUpgrade(deps, opId);
    expect(items(store, opId)).toEqual({
      h1: {
        state: 'failed',
        error:
          'hosts.upgrade.installFailed {"status":"hosts.status.install_failed","reason":"Failed to upgrade Host: dnf failed."}',
      },
    });
    expect(engine.f.calls).toEqual(['cluster:c1:start', 'upgrade:h1', 'cluster:c1:finish']);
  });

  it('a failed install without error events names the status', async () => {
    const engine = fakeEngine([{ id: 'h1', status: 'maintenance' }]);
    engine.f.upgradePath = ['install_failed'];
    engine.f.errorEvents = [];
    const { deps, store, create } = setup(engine);
    const opId = create();
    await driveUpgrade(deps, opId);
    expect(itemOf(store, opId, 'h1')?.error).toBe(
      'hosts.upgrade.installFailed {"status":"hosts.status.install_failed","reason":"hosts.status.install_failed"}',
    );
  });

  it('a host back on a new VDSM counts as upgraded even when no install status was seen', async () => {
    const engine = fakeEngine([{ id: 'h1', status: 'maintenance' }]);
    engine.f.upgradePath = ['maintenance', 'maintenance'];
    const { deps, store, storage, create } = setup(engine);
    const opId = create();
    await driveUpgrade(deps, opId);
    expect(items(store, opId)).toEqual({ h1: { state: 'done' } });
    expect(hostMeta(storage, opId, 'h1')?.seenInstall).toBeUndefined();
  });

  it('shows the status the host is in while it upgrades', async () => {
    const engine = fakeEngine([{ id: 'h1', status: 'maintenance' }]);
    const { deps, store, create } = setup(engine);
    const opId = create();
    const seen: string[] = [];
    const update = store.updateItem.bind(store);
    deps.store = {
      ...store,
      updateItem: (op, id, p) => {
        if (p.detail !== undefined) seen.push(`${p.state ?? ''}|${p.detail}`);
        return update(op, id, p);
      },
    };
    await driveUpgrade(deps, opId);
    expect(seen).toEqual([
      '|hosts.upgrade.sending',
      'in_progress|hosts.upgrade.upgrading {"status":"hosts.status.installing"}',
      'in_progress|hosts.upgrade.upgrading {"status":"hosts.status.reboot"}',
      'done|hosts.upgrade.done {"status":"hosts.status.maintenance","version":"4.50.2"}',
    ]);
  });

  it('a host that never comes back fails after the timeout, with its last status; sent once', async () => {
    const engine = fakeEngine([{ id: 'h1', status: 'maintenance' }]);
    engine.f.upgradePath = ['installing'];
    const { deps, store, clock, create } = setup(engine);
    deps.timeoutMs = 30_000;
    const opId = create();
    await driveUpgrade(deps, opId);
    expect(items(store, opId)).toEqual({
      h1: {
        state: 'failed',
        error: 'hosts.upgrade.timeout {"seconds":30,"status":"hosts.status.installing"}',
      },
    });
    expect(engine.f.calls.filter((c) => c.startsWith('upgrade'))).toEqual(['upgrade:h1']);
    // Not before the timeout, and not long after it.
    expect(clock.now - 1_000).toBeGreaterThan(30_000);
    expect(clock.now - 1_000).toBeLessThanOrEqual(32_000);
  });

  it('a host that stays in maintenance on the same VDSM is not taken for upgraded', async () => {
    const engine = fakeEngine([{ id: 'h1', status: 'maintenance' }]);
    engine.f.upgradePath = ['maintenance'];
    const { deps, store, create } = setup(engine);
    const opId = create();
    engine.port.upgrade = (id) => {
      engine.f.calls.push(`upgrade:${id}`);
      return Promise.resolve();
    };
    await driveUpgrade(deps, opId);
    expect(itemOf(store, opId, 'h1')?.state).toBe('failed');
    expect(itemOf(store, opId, 'h1')?.error).toMatch(/^hosts\.upgrade\.timeout /);
  });

  it("the evacuation failing fails the host with the evacuation's own reason; no upgrade is sent", async () => {
    const engine = fakeEngine([
      { id: 'h1', status: 'up' },
      { id: 'h2', status: 'up' },
    ]);
    engine.f.deactivateError = new ActionError(
      'deactivate',
      'Operation Failed',
      'Cannot switch Host to Maintenance mode.',
      { status: 409 },
    );
    const { deps, store, create } = setup(engine);
    const opId = create();
    await driveUpgrade(deps, opId);
    expect(engine.f.calls).toEqual(['cluster:c1:start', 'deactivate:h1', 'cluster:c1:finish']);
    const error = itemOf(store, opId, 'h1')?.error ?? '';
    expect(itemOf(store, opId, 'h1')?.state).toBe('failed');
    expect(error).toMatch(/^hosts\.upgrade\.evacuationFailed /);
    expect(error).toContain('host-h1: Cannot switch Host to Maintenance mode.');
    expect(error).toContain('"status":"hosts.status.up"');
    expect(itemOf(store, opId, 'h2')?.state).toBe('skipped');
  });

  it("the activation failing fails the host with the activation's own reason", async () => {
    const engine = fakeEngine([{ id: 'h1', status: 'up' }]);
    engine.f.activatePath = ['non_responsive'];
    const { deps, store, create } = setup(engine);
    deps.activation.timeoutMs = 5_000;
    const opId = create();
    await driveUpgrade(deps, opId);
    expect(engine.f.calls).toEqual([
      'cluster:c1:start',
      'deactivate:h1',
      'upgrade:h1',
      'activate:h1',
      'cluster:c1:finish',
    ]);
    const error = itemOf(store, opId, 'h1')?.error ?? '';
    expect(itemOf(store, opId, 'h1')?.state).toBe('failed');
    expect(error).toMatch(/^hosts\.upgrade\.activationFailed \{"reason":"host-h1: /);
  });

  describe('fail closed', () => {
    it('when the meta cannot be stored before the evacuation, nothing is sent and the rest is cancelled', async () => {
      const engine = fakeEngine([
        { id: 'h1', status: 'up' },
        { id: 'h2', status: 'up' },
      ]);
      engine.f.clusterMode = false;
      const { deps, store, storage, create } = setup(engine);
      const opId = create();
      storage.refuse = (k) => k.startsWith(META);
      await driveUpgrade(deps, opId);
      expect(engine.f.calls).toEqual([]);
      expect(store.get(opId)?.stoppedReason).toBe('storage');
      expect(itemOf(store, opId, 'h2')).toMatchObject({
        state: 'cancelled',
        detail: 'hosts.upgrade.noStorage',
      });
      expect(store.list().filter((o) => o.kind === 'host-evacuate')).toEqual([]);
    });

    it('when the cluster mode cannot be recorded as started, it is not started and no host is touched', async () => {
      const engine = fakeEngine([{ id: 'h1', status: 'maintenance' }]);
      const { deps, store, storage, create } = setup(engine);
      const opId = create();
      // The first write (the engine's answer about the mode) is refused already, and the cluster
      // cannot be read back either: only the record can say the start was never sent.
      storage.refuse = (k) => k.startsWith(META);
      engine.f.modeReadError = new ConnectionError('no answer', 'network');
      await driveUpgrade(deps, opId);
      expect(engine.f.calls).not.toContain('cluster:c1:start');
      // Nor finished: a mode this run never started may be another admin's.
      expect(engine.f.calls).not.toContain('cluster:c1:finish');
      expect(engine.f.calls).not.toContain('upgrade:h1');
      expect(store.get(opId)?.stoppedReason).toBe('storage');
      expect(items(store, opId)).toEqual({
        h1: {
          state: 'failed',
          error: 'hosts.upgrade.clusterRefused {"error":"hosts.upgrade.noStorage"}',
        },
      });
    });

    it('when the upgrade claim cannot be stored, the upgrade is not sent', async () => {
      const engine = fakeEngine([{ id: 'h1', status: 'maintenance' }]);
      const { deps, store, create } = setup(engine);
      const opId = create();
      deps.store = { ...store, markSending: () => undefined };
      await driveUpgrade(deps, opId);
      expect(engine.f.calls).toEqual(['cluster:c1:start', 'cluster:c1:finish']);
      expect(items(store, opId)).toEqual({
        h1: { state: 'failed', error: 'hosts.upgrade.noStorage' },
      });
      expect(store.get(opId)?.stoppedReason).toBe('storage');
    });

    it('a host another page already claimed is not sent again here', async () => {
      const engine = fakeEngine([{ id: 'h1', status: 'maintenance' }]);
      const { deps, store, create } = setup(engine);
      const opId = create();
      deps.store = { ...store, markSending: () => [] };
      await driveUpgrade(deps, opId);
      expect(engine.f.calls.filter((c) => c.startsWith('upgrade'))).toEqual([]);
    });

    it('without its meta a run sends nothing and says the record was lost', async () => {
      const engine = fakeEngine([
        { id: 'h1', status: 'maintenance' },
        { id: 'h2', status: 'maintenance' },
      ]);
      const { deps, store, storage, create } = setup(engine);
      const opId = create();
      store.updateItem(opId, 'h2', { state: 'done', finishedAt: 5 });
      storage.removeItem(META + opId);
      await driveUpgrade(deps, opId);
      expect(engine.f.calls).toEqual([]);
      expect(store.get(opId)).toMatchObject({ state: 'failed', finishedAt: 1_000 });
      expect(items(store, opId)).toEqual({
        h1: { state: 'failed', error: 'hosts.upgrade.lostMeta' },
        h2: { state: 'done' },
      });
      expect([...storage.map.keys()].filter((k) => k.includes('lease'))).toEqual([]);
    });
  });

  describe('the cluster upgrade mode', () => {
    it('a cluster the engine refuses to put in upgrade mode fails its hosts; nothing is upgraded', async () => {
      const engine = fakeEngine([
        { id: 'h1', status: 'maintenance' },
        { id: 'h2', status: 'maintenance' },
      ]);
      engine.f.clusterErrors['c1:start'] = new ActionError(
        'upgrade',
        'Operation Failed',
        'Cluster upgrade is already running.',
        { status: 409 },
      );
      // Another run holds the mode.
      engine.f.modes.c1 = { inProgress: true, correlationId: 'someone-else' };
      const { deps, store, storage, create } = setup(engine);
      const opId = create();
      await driveUpgrade(deps, opId);
      // Refused: the mode is another run's, so this run leaves it alone (no finish).
      expect(engine.f.calls).toEqual(['cluster:c1:start']);
      const error =
        'hosts.upgrade.clusterBusy {"name":"cluster-c1","id":"someone-else","error":"Cluster upgrade is already running."}';
      expect(items(store, opId)).toEqual({
        h1: { state: 'failed', error },
        h2: { state: 'failed', error },
      });
      expect(readUpgradeMeta(storage, opId)?.clusters.c1).toEqual({
        name: 'cluster-c1',
        state: 'refused',
        error: 'Cluster upgrade is already running.',
      });
      expect(store.get(opId)?.steps?.[0]).toMatchObject({
        state: 'failed',
        detail: 'Cluster upgrade is already running.',
      });
      expect(engine.f.modes.c1).toEqual({ inProgress: true, correlationId: 'someone-else' });
    });

    it("a start that got no answer but arrived is this run's: the hosts are upgraded, the mode finished", async () => {
      const engine = fakeEngine([{ id: 'h1', status: 'maintenance' }]);
      engine.f.clusterErrors['c1:start'] = new ConnectionError('timed out', 'timeout');
      engine.f.startArrives = true;
      const { deps, store, storage, create } = setup(engine);
      const opId = create();
      await driveUpgrade(deps, opId);
      expect(engine.f.calls).toEqual(['cluster:c1:start', 'upgrade:h1', 'cluster:c1:finish']);
      expect(items(store, opId).h1?.state).toBe('done');
      expect(readUpgradeMeta(storage, opId)?.clusters.c1?.state).toBe('finished');
    });

    it('a start that got no answer, on a cluster that cannot be read: the mode is finished at the end all the same', async () => {
      const engine = fakeEngine([{ id: 'h1', status: 'maintenance' }]);
      engine.f.clusterErrors['c1:start'] = new ConnectionError('timed out', 'timeout');
      engine.f.modeReadError = new ConnectionError('no answer', 'network');
      const { deps, store, storage, create } = setup(engine);
      const opId = create();
      await driveUpgrade(deps, opId);
      expect(engine.f.calls).toEqual(['cluster:c1:start', 'cluster:c1:finish']);
      expect(items(store, opId).h1?.state).toBe('failed');
      expect(readUpgradeMeta(storage, opId)?.clusters.c1?.state).toBe('finished');
    });

    it('a start that got no answer and never arrived is not finished (the mode is not on)', async () => {
      const engine = fakeEngine([{ id: 'h1', status: 'maintenance' }]);
      engine.f.clusterErrors['c1:start'] = new ConnectionError('timed out', 'timeout');
      const { deps, store, storage, create } = setup(engine);
      const opId = create();
      await driveUpgrade(deps, opId);
      expect(engine.f.calls).toEqual(['cluster:c1:start']);
      expect(items(store, opId).h1?.state).toBe('failed');
      expect(readUpgradeMeta(storage, opId)?.clusters.c1?.state).toBe('refused');
    });

    it('a finish the engine refuses is shown on the step; the hosts stay upgraded', async () => {
      const engine = fakeEngine([{ id: 'h1', status: 'maintenance' }]);
      engine.f.clusterErrors['c1:finish'] = new ActionError('upgrade', 'Operation Failed', 'No.', {
        status: 409,
      });
      const { deps, store, create } = setup(engine);
      const opId = create();
      await driveUpgrade(deps, opId);
      expect(store.get(opId)?.state).toBe('done');
      expect(store.get(opId)?.steps?.at(-1)).toMatchObject({ state: 'done', detail: 'No.' });
    });

    it('a progress update the engine does not take does not stop the run', async () => {
      const engine = fakeEngine([
        { id: 'h1', status: 'maintenance' },
        { id: 'h2', status: 'maintenance' },
      ]);
      engine.f.clusterErrors['c1:update_progress'] = new ConnectionError('timed out', 'timeout');
      const { deps, store, create } = setup(engine);
      const opId = create();
      await driveUpgrade(deps, opId);
      expect(store.get(opId)?.state).toBe('done');
      expect(engine.f.calls).toEqual([
        'cluster:c1:start',
        'upgrade:h1',
        'cluster:c1:update_progress',
        'upgrade:h2',
        'cluster:c1:finish',
      ]);
    });

    it('no progress is sent after a host that failed', async () => {
      const engine = fakeEngine([
        { id: 'h1', status: 'maintenance' },
        { id: 'h2', status: 'maintenance' },
        { id: 'h3', status: 'maintenance' },
      ]);
      const { deps, store, create } = setup(engine);
      const opId = create();
      const upgrade = engine.port.upgrade.bind(engine.port);
      engine.port.upgrade = (id, options) =>
        id === 'h2'
          ? Promise.reject(new ActionError('upgrade', 'Operation Failed', 'Busy.', { status: 409 }))
          : upgrade(id, options);
      await driveUpgrade(deps, opId);
      expect(engine.f.calls).toEqual([
        'cluster:c1:start',
        'upgrade:h1',
        'cluster:c1:update_progress',
        'cluster:c1:finish',
      ]);
      expect(engine.f.percents).toEqual([(1 / 3) * 100]);
      expect(store.get(opId)?.state).toBe('partial');
    });
  });

  describe('resume after a reload', () => {
    it('an upgrade already sent is not sent again: the host is tracked to the end', async () => {
      const engine = fakeEngine([{ id: 'h1', status: 'maintenance' }]);
      const { deps, store, storage, create } = setup(engine);
      const opId = create();
      editMeta(storage, opId, (m) => {
        m.clusterMode = false;
        m.clusters = { c1: { name: 'cluster-c1', state: 'off' } };
        Object.assign(m.hosts.h1 ?? {}, {
          phase: 'upgrade',
          initial: 'maintenance',
          versionBefore: '4.50.1',
        });
      });
      store.updateItem(opId, 'h1', { state: 'in_progress', actionSentAt: 900 });
      const h = engine.f.hosts.get('h1');
      if (h) {
        h.path = ['reboot', 'maintenance'];
        h.next = '4.50.2';
      }
      await driveUpgrade(deps, opId);
      expect(engine.f.calls).toEqual([]);
      expect(items(store, opId)).toEqual({ h1: { state: 'done' } });
    });

    it('a resumed upgrade sent long ago times out from when it was sent, not from the reload', async () => {
      const engine = fakeEngine([{ id: 'h1', status: 'installing' }]);
      const { deps, store, storage, clock, create } = setup(engine);
      const opId = create();
      editMeta(storage, opId, (m) => {
        m.clusterMode = false;
        Object.assign(m.hosts.h1 ?? {}, { phase: 'upgrade', initial: 'maintenance' });
      });
      store.updateItem(opId, 'h1', { state: 'in_progress', actionSentAt: -50_000 });
      await driveUpgrade(deps, opId);
      expect(itemOf(store, opId, 'h1')?.error).toMatch(/^hosts\.upgrade\.timeout /);
      // 60 s after the send, not after the reload.
      expect(clock.now).toBeLessThanOrEqual(11_000);
    });

    it('an evacuation recorded but not yet driven is driven once, then the upgrade is sent', async () => {
      const engine = fakeEngine([{ id: 'h1', status: 'up' }]);
      const { deps, store, storage, create } = setup(engine);
      const opId = create();
      // The page went away after the evacuation was created and before its id was stored.
      const evacuationId = createEvacuation(
        { store, storage, t },
        emptyPlan(),
        [{ id: 'h1', name: 'host-h1' }],
        new Map([['h1', 'host-h1']]),
        { now: 2_000 },
      );
      editMeta(storage, opId, (m) => {
        m.clusterMode = false;
        Object.assign(m.hosts.h1 ?? {}, { phase: 'evacuate', initial: 'up' });
      });
      await driveUpgrade(deps, opId);
      expect(engine.f.calls).toEqual(['deactivate:h1', 'upgrade:h1', 'activate:h1']);
      expect(hostMeta(storage, opId, 'h1')?.evacuationId).toBe(evacuationId);
      expect(store.list().filter((o) => o.kind === 'host-evacuate')).toHaveLength(1);
      expect(store.get(opId)?.state).toBe('done');
    });

    it("an evacuation of the same host from before this run is not taken for this run's", async () => {
      const engine = fakeEngine([{ id: 'h1', status: 'up' }]);
      const { deps, store, storage, create } = setup(engine);
      createEvacuation(
        { store, storage, t },
        emptyPlan(),
        [{ id: 'h1', name: 'host-h1' }],
        new Map([['h1', 'host-h1']]),
        { now: 10 },
      );
      const opId = create();
      editMeta(storage, opId, (m) => {
        m.clusterMode = false;
        Object.assign(m.hosts.h1 ?? {}, { phase: 'evacuate', initial: 'up' });
      });
      await driveUpgrade(deps, opId);
      // No evacuation of this run and the host is not in maintenance: it stops, sends nothing.
      expect(engine.f.calls).toEqual([]);
      expect(items(store, opId)).toEqual({
        h1: { state: 'failed', error: 'hosts.upgrade.childGone' },
      });
    });

    it("an evacuation of another host of this run is not taken for this host's", async () => {
      const engine = fakeEngine([
        { id: 'h1', status: 'up' },
        { id: 'h2', status: 'up' },
      ]);
      const { deps, store, storage, create } = setup(engine);
      const opId = create(['h1']);
      const started = store.get(opId)?.startedAt ?? 0;
      // Same millisecond as the run: the start time alone does not tell them apart.
      createEvacuation(
        { store, storage, t },
        planEvacuation({
          evacuate: ['h2'],
          hosts: [
            { id: 'h2', name: 'host-h2', clusterId: 'c1', status: 'up', memory: 1, freeMemory: 1 },
          ],
          vms: [],
        }),
        [{ id: 'h2', name: 'host-h2' }],
        new Map([['h2', 'host-h2']]),
        { now: started },
      );
      editMeta(storage, opId, (m) => {
        m.clusterMode = false;
        Object.assign(m.hosts.h1 ?? {}, { phase: 'evacuate', initial: 'up' });
      });
      await driveUpgrade(deps, opId);
      // host-h2 is not deactivated on host-h1's behalf; host-h1 stops, sending nothing.
      expect(engine.f.calls).toEqual([]);
      expect(items(store, opId)).toEqual({
        h1: { state: 'failed', error: 'hosts.upgrade.childGone' },
      });
    });

    it('a host found in maintenance with no evacuation recorded goes on to the upgrade', async () => {
      const engine = fakeEngine([{ id: 'h1', status: 'maintenance' }]);
      const { deps, store, storage, create } = setup(engine);
      const opId = create();
      editMeta(storage, opId, (m) => {
        m.clusterMode = false;
        Object.assign(m.hosts.h1 ?? {}, { phase: 'evacuate', initial: 'up' });
      });
      await driveUpgrade(deps, opId);
      expect(engine.f.calls).toEqual(['upgrade:h1', 'activate:h1']);
      expect(store.get(opId)?.state).toBe('done');
    });

    it('in the upgrade phase, a host no longer in maintenance is not sent the upgrade', async () => {
      const engine = fakeEngine([{ id: 'h1', status: 'up' }]);
      const { deps, store, storage, create } = setup(engine);
      const opId = create();
      editMeta(storage, opId, (m) => {
        m.clusterMode = false;
        Object.assign(m.hosts.h1 ?? {}, { phase: 'upgrade', initial: 'up' });
      });
      await driveUpgrade(deps, opId);
      expect(engine.f.calls).toEqual([]);
      expect(items(store, opId)).toEqual({
        h1: {
          state: 'failed',
          error: 'hosts.upgrade.notInMaintenance {"status":"hosts.status.up"}',
        },
      });
    });

    it('in the activate phase, a host already up is done without a second activation', async () => {
      const engine = fakeEngine([{ id: 'h1', status: 'up' }]);
      const { deps, store, storage, create } = setup(engine);
      const opId = create();
      editMeta(storage, opId, (m) => {
        m.clusterMode = false;
        Object.assign(m.hosts.h1 ?? {}, { phase: 'activate', initial: 'up' });
      });
      await driveUpgrade(deps, opId);
      expect(engine.f.calls).toEqual([]);
      expect(itemOf(store, opId, 'h1')).toMatchObject({
        state: 'done',
        detail: 'hosts.upgrade.done {"status":"hosts.status.up","version":"4.50.1"}',
      });
    });

    it('in the activate phase, a host neither up nor in maintenance is not activated', async () => {
      const engine = fakeEngine([{ id: 'h1', status: 'non_responsive' }]);
      const { deps, store, storage, create } = setup(engine);
      const opId = create();
      editMeta(storage, opId, (m) => {
        m.clusterMode = false;
        Object.assign(m.hosts.h1 ?? {}, { phase: 'activate', initial: 'up' });
      });
      await driveUpgrade(deps, opId);
      expect(engine.f.calls).toEqual([]);
      expect(items(store, opId)).toEqual({
        h1: {
          state: 'failed',
          error: 'hosts.upgrade.notInMaintenance {"status":"hosts.status.non_responsive"}',
        },
      });
    });

    it('a cluster mode already started is not started again; one already finished is left alone', async () => {
      const engine = fakeEngine([
        { id: 'h1', status: 'maintenance', clusterId: 'c1' },
        { id: 'h2', status: 'maintenance', clusterId: 'c2' },
      ]);
      const { deps, storage, create } = setup(engine);
      const opId = create();
      editMeta(storage, opId, (m) => {
        m.clusterMode = true;
        m.clusters = {
          c1: { name: 'cluster-c1', state: 'started' },
          c2: { name: 'cluster-c2', state: 'finished' },
        };
      });
      await driveUpgrade(deps, opId);
      expect(engine.f.calls).toEqual(['upgrade:h1', 'upgrade:h2', 'cluster:c1:finish']);
    });

    it('a cluster whose hosts are all finished is not put in upgrade mode', async () => {
      const engine = fakeEngine([
        { id: 'h1', status: 'maintenance', clusterId: 'c1' },
        { id: 'h2', status: 'maintenance', clusterId: 'c2' },
      ]);
      const { deps, store, create } = setup(engine);
      const opId = create();
      store.updateItem(opId, 'h1', { state: 'done', finishedAt: 1 });
      await driveUpgrade(deps, opId);
      expect(engine.f.calls).toEqual(['cluster:c2:start', 'upgrade:h2', 'cluster:c2:finish']);
    });

    it('hosts already under way are resumed first, holding their slots', async () => {
      const engine = fakeEngine([
        { id: 'h1', status: 'maintenance' },
        { id: 'h2', status: 'maintenance' },
      ]);
      engine.f.clusterMode = false;
      const { deps, store, storage, create } = setup(engine);
      const opId = create();
      editMeta(storage, opId, (m) => {
        Object.assign(m.hosts.h2 ?? {}, { phase: 'upgrade', initial: 'maintenance' });
      });
      store.updateItem(opId, 'h2', { state: 'in_progress' });
      await driveUpgrade(deps, opId);
      expect(engine.f.calls).toEqual(['upgrade:h2', 'upgrade:h1']);
    });
  });

  it('two hosts upgraded at the same time with upgradeConcurrency 2', async () => {
    const engine = fakeEngine([
      { id: 'h1', status: 'maintenance' },
      { id: 'h2', status: 'maintenance' },
      { id: 'h3', status: 'maintenance' },
    ]);
    engine.f.clusterMode = false;
    const { deps, store, create } = setup(engine, { concurrency: 2 });
    const opId = create();
    await driveUpgrade(deps, opId);
    // Both slots sent before either host came back.
    expect(engine.f.calls.slice(0, 2).sort()).toEqual(['upgrade:h1', 'upgrade:h2']);
    expect(store.get(opId)?.state).toBe('done');
  });

  it('with upgradeConcurrency 2, a host the run is taking out of service is no destination', async () => {
    const engine = fakeEngine([
      { id: 'h1', status: 'up' },
      { id: 'h2', status: 'up' },
      { id: 'h3', status: 'maintenance' },
    ]);
    engine.f.clusterMode = false;
    const { deps, store, create } = setup(engine, { concurrency: 2 });
    const base = engine.port.planInput.bind(engine.port);
    // host-h1 runs a VM only host-h2 could take; host-h2 is being upgraded at the same time.
    engine.port.planInput = async (host) => {
      const input = await base(host);
      return host.id === 'h1'
        ? {
            ...input,
            vms: [{ id: 'v1', name: 'web-1', hostId: 'h1', status: 'up', memory: 2 ** 30 }],
          }
        : input;
    };
    const opId = create(['h1', 'h2']);
    await driveUpgrade(deps, opId);
    expect(itemOf(store, opId, 'h1')).toMatchObject({
      state: 'failed',
      error: `hosts.upgrade.cannotEvacuate ${JSON.stringify({
        reasons: 'web-1: hosts.evac.reason.no_up_host',
      })}`,
    });
    // host-h2 was already under way: it finishes its upgrade.
    expect(itemOf(store, opId, 'h2')?.state).toBe('done');
    expect(engine.f.calls).toEqual(['deactivate:h2', 'upgrade:h2', 'activate:h2']);
  });

  it('a page closed mid-run stops at once and leaves the record running for the next page', async () => {
    const engine = fakeEngine([
      { id: 'h1', status: 'maintenance' },
      { id: 'h2', status: 'maintenance' },
    ]);
    engine.f.clusterMode = false;
    const { deps, store, create } = setup(engine);
    const opId = create();
    const page = new AbortController();
    const upgrade = engine.port.upgrade.bind(engine.port);
    engine.port.upgrade = async (id, options) => {
      await upgrade(id, options);
      page.abort();
    };
    await driveUpgrade(deps, opId, page.signal);
    expect(engine.f.calls).toEqual(['upgrade:h1']);
    expect(store.get(opId)?.state).toBe('running');
    expect(itemOf(store, opId, 'h2')?.state).toBe('pending');
  });

  it('a page that lost the lease to another page mid-run stops: nothing more is sent from it', async () => {
    const engine = fakeEngine([
      { id: 'h1', status: 'maintenance' },
      { id: 'h2', status: 'maintenance' },
    ]);
    engine.f.clusterMode = false;
    const { deps, store, storage, create } = setup(engine);
    const opId = create();
    const upgrade = engine.port.upgrade.bind(engine.port);
    engine.port.upgrade = async (id, options) => {
      await upgrade(id, options);
      // This page was starved past the lease; another one took the run over.
      storage.setItem(
        `ops-center:operations:lease:${opId}`,
        JSON.stringify({ owner: 'another-page', expires: (deps.now?.() ?? 0) + 600_000 }),
      );
    };
    await driveUpgrade(deps, opId);
    expect(engine.f.calls).toEqual(['upgrade:h1']);
    expect(store.get(opId)?.state).toBe('running');
    expect(itemOf(store, opId, 'h2')?.state).toBe('pending');
    // The other page's lease is left alone.
    expect(storage.getItem(`ops-center:operations:lease:${opId}`)).toContain('another-page');
  });

  it('does nothing for a record of another kind, or while another page holds the lease', async () => {
    const engine = fakeEngine([{ id: 'h1', status: 'maintenance' }]);
    const { deps, store, storage, create } = setup(engine);
    const opId = create();
    const lease = (owner: string) =>
      JSON.stringify({ owner, expires: (deps.now?.() ?? 0) + 60_000 });
    storage.setItem(`ops-center:operations:lease:${opId}`, lease('another-page'));
    await driveUpgrade(deps, opId);
    expect(engine.f.calls).toEqual([]);
    expect(store.get(opId)?.state).toBe('running');
    const evacuationId = createEvacuation(
      { store, storage, t },
      emptyPlan(),
      [{ id: 'h1', name: 'host-h1' }],
      new Map(),
    );
    await driveUpgrade(deps, evacuationId);
    expect(engine.f.calls).toEqual([]);
  });
});
