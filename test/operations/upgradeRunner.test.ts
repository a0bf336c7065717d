/**
 * The rolling upgrade runner against the simulated engine (fast real clock): the real REST
 * client, the real evacuation and activation runners, and the engine's request log and events
 * as the proof of what was sent.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupEngine } from '../../dev/engine/node';
import { UPGRADED_HOST_SOFTWARE } from '../../dev/engine/model/upgrade';
import { createEngineClient } from '../../src/rest/client';
import { createTranslator } from '../../src/messages/catalogue';
import { DEFAULT_CONFIG } from '../../src/plugin-api/config';
import { createOperationsStore, type OperationsStore } from '../../src/operations/operationsStore';
import { createRunnerDeps } from '../../src/operations/runners';
import { createUpgradeDeps } from '../../src/operations/upgradeDeps';
import {
  createUpgrade,
  driveUpgrade,
  readUpgradeMeta,
  type UpgradeDeps,
} from '../../src/operations/upgradeRunner';
import type { StorageLike } from '../../src/operations/evacuationRunner';
import { registerEnglish } from '../../src/messages/catalogue';
import { hostLifecycleMessages } from '../../src/messages/hostLifecycle';

// As the page and the runner page do when they load.
registerEnglish(hostLifecycleMessages);

const env = setupEngine({ scenario: 'evacuation', timeScale: 4 });
const { engine } = env;

function memoryStorage(): StorageLike & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => {
      map.set(k, v);
    },
    removeItem: (k) => {
      map.delete(k);
    },
  };
}

let storage: ReturnType<typeof memoryStorage>;
let store: OperationsStore;
let deps: UpgradeDeps;

beforeAll(() => {
  env.server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(() => {
  engine.reset({ scenario: 'evacuation', timeScale: 4 });
  storage = memoryStorage();
  store = createOperationsStore(storage);
  const client = createEngineClient({
    baseUrl: env.baseUrl,
    credentials: () => ({ kind: 'bearer', token: env.token }),
    backoff: { baseMs: 1, maxMs: 4 },
  });
  const set = createRunnerDeps({
    client,
    config: { ...DEFAULT_CONFIG, pollIntervalMs: 1000 },
    t: createTranslator('en-US'),
    storage,
    store,
  });
  const fast = { pollMs: 5 };
  deps = {
    ...createUpgradeDeps(set, client, { ...DEFAULT_CONFIG }),
    ...fast,
    evacuation: { ...set.evacuation, ...fast },
    activation: { ...set.activation, ...fast },
  };
  for (const h of engine.state.hosts.values()) h.updateAvailable = true;
});
afterEach(() => {
  engine.faults.clear();
});
afterAll(() => {
  env.close();
});

const hosts = () =>
  [...engine.state.hosts.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((h) => ({
      id: h.id,
      name: h.name,
      clusterId: h.clusterId,
      clusterName: engine.state.clusters.get(h.clusterId)?.name ?? '',
    }));
const posts = (re: RegExp) =>
  engine.requestLog.entries().filter((r) => r.method === 'POST' && re.test(r.path));
const upgradePosts = (id: string) => posts(new RegExp(`/hosts/${id}/upgrade$`));
const runningVms = () =>
  [...engine.state.vms.values()].filter((v) => v.status === 'up').map((v) => v.id);

/** Fails when a VM that was up is seen down at any moment of the run. */
function watchVmsUp(): { stop: () => string[] } {
  const watched = runningVms();
  const down = new Set<string>();
  const timer = setInterval(() => {
    for (const id of watched) {
      const s = engine.state.vms.get(id)?.status;
      if (s !== 'up' && s !== 'migrating') down.add(`${id}:${String(s)}`);
    }
  }, 1);
  return {
    stop: () => {
      clearInterval(timer);
      return [...down];
    },
  };
}

describe('rolling upgrade', { timeout: 60_000 }, () => {
  it('upgrades every host one at a time, each once, with no VM down, in cluster upgrade mode', async () => {
    const list = hosts();
    const vmsBefore = runningVms();
    const watch = watchVmsUp();
    const opId = createUpgrade(deps, list);
    await driveUpgrade(deps, opId);
    expect(watch.stop()).toEqual([]);
    const op = store.get(opId);
    expect(op?.state).toBe('done');
    for (const h of list) {
      const rec = engine.state.hosts.get(h.id);
      expect(rec?.status).toBe('up');
      expect(rec?.software.vdsm).toBe(UPGRADED_HOST_SOFTWARE.vdsm);
      expect(upgradePosts(h.id)).toHaveLength(1);
    }
    expect(runningVms().sort()).toEqual([...vmsBefore].sort());
    // One host at a time: each upgrade POST comes after the previous host is up again.
    const seqs = list.map((h) => upgradePosts(h.id)[0]?.seq ?? 0);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    const cluster = posts(/\/clusters\/[^/]+\/upgrade$/).map(
      (r) => (r.body as { upgrade_action: string }).upgrade_action,
    );
    expect(cluster[0]).toBe('start');
    expect(cluster.at(-1)).toBe('finish');
    expect(cluster.filter((a) => a === 'update_progress').length).toBeGreaterThan(0);
    expect(op?.steps?.every((s) => s.state === 'done')).toBe(true);
  });

  it('stops at the first failed host, leaves the rest untouched and finishes the cluster mode', async () => {
    const list = hosts();
    const [h1, h2, h3, h4] = list;
    if (!h1 || !h2 || !h3 || !h4) throw new Error('fixture: 4 hosts');
    engine.faults.set({
      failActions: [{ vm: h2.name, action: 'upgrade', mode: 'async', detail: 'dnf failed' }],
    });
    const opId = createUpgrade(deps, list);
    await driveUpgrade(deps, opId);
    const op = store.get(opId);
    const item = (id: string) => op?.items.find((i) => i.id === id);
    expect(item(h1.id)?.state).toBe('done');
    expect(item(h2.id)?.state).toBe('failed');
    expect(item(h2.id)?.error).toContain(
      `Failed to upgrade Host ${h2.name} (User: admin@internal-authz). dnf failed.`,
    );
    expect(item(h2.id)?.error).toContain('Install failed');
    for (const h of [h3, h4]) {
      expect(item(h.id)?.state).toBe('skipped');
      expect(item(h.id)?.detail).toContain(h2.name);
      expect(
        engine.requestLog.entries().filter((r) => r.method === 'POST' && r.path.includes(h.id)),
      ).toEqual([]);
      expect(engine.state.hosts.get(h.id)?.status).toBe('up');
    }
    expect(engine.state.hosts.get(h2.id)?.status).toBe('install_failed');
    expect(op?.state).toBe('partial');
    const cluster = [...engine.state.clusters.values()][0];
    expect(cluster?.upgrade?.inProgress).toBe(false);
    expect(posts(/\/clusters\/[^/]+\/upgrade$/).at(-1)?.body).toEqual({
      upgrade_action: 'finish',
    });
  });

  it('refuses to start a host whose VMs the rest of the cluster cannot hold', async () => {
    const list = hosts();
    const [h1] = list;
    if (!h1) throw new Error('fixture');
    // Every other host leaves: nothing can take host-01's VMs.
    for (const h of engine.state.hosts.values()) if (h.id !== h1.id) h.status = 'maintenance';
    const opId = createUpgrade(deps, [h1]);
    await driveUpgrade(deps, opId);
    const item = store.get(opId)?.items[0];
    expect(item?.state).toBe('failed');
    expect(item?.error).toMatch(/the rest of the cluster cannot hold its VMs/);
    expect(posts(/\/hosts\//)).toEqual([]);
  });

  it('fails closed: when the pre-send mark cannot be stored, no upgrade is sent', async () => {
    const [h1] = hosts();
    if (!h1) throw new Error('fixture');
    const rec = engine.state.hosts.get(h1.id);
    if (rec) rec.status = 'maintenance';
    const opId = createUpgrade(deps, [h1]);
    const refusing: OperationsStore = { ...store, markSending: () => undefined };
    await driveUpgrade({ ...deps, store: refusing }, opId);
    expect(upgradePosts(h1.id)).toEqual([]);
    expect(store.get(opId)?.items[0]?.state).toBe('failed');
    expect(store.get(opId)?.stoppedReason).toBe('storage');
  });

  it('a page that lost the lease mid-run stops; it never drives the run beside another page', async () => {
    const list = hosts();
    const [h1] = list;
    if (!h1) throw new Error('fixture');
    const opId = createUpgrade(deps, list);
    const page = new AbortController();
    const run = driveUpgrade(deps, opId, page.signal);
    for (
      let i = 0;
      i < 2000 && readUpgradeMeta(storage, opId)?.hosts[h1.id]?.phase !== 'evacuate';
      i++
    ) {
      await new Promise((r) => setTimeout(r, 2));
    }
    // Another page takes the run over (this one was starved past the lease).
    const lease = [...storage.map.keys()].find((k) => k.includes('lease') && k.endsWith(opId));
    if (!lease) throw new Error('no lease key');
    storage.map.set(lease, JSON.stringify({ owner: 'another-page', expires: Date.now() + 60_000 }));
    await run;
    expect(upgradePosts(h1.id)).toEqual([]);
    expect(store.get(opId)?.state).toBe('running');
    // Let the child evacuation this page started settle before the next test resets the engine.
    for (
      let i = 0;
      i < 5000 && store.list().some((o) => o.kind === 'host-evacuate' && o.state === 'running');
      i++
    ) {
      await new Promise((r) => setTimeout(r, 2));
    }
    page.abort();
  });

  it('resumes after a reload mid-upgrade without repeating a step', async () => {
    const list = hosts();
    const [h1] = list;
    if (!h1) throw new Error('fixture');
    const opId = createUpgrade(deps, list);
    // The page goes away once host-01's upgrade was sent.
    const page = new AbortController();
    const first = driveUpgrade(deps, opId, page.signal);
    for (let i = 0; i < 5000 && upgradePosts(h1.id).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(upgradePosts(h1.id)).toHaveLength(1);
    page.abort();
    await first;
    const evacuationsBefore = store.list().filter((o) => o.kind === 'host-evacuate').length;
    expect(readUpgradeMeta(storage, opId)?.hosts[h1.id]?.phase).toBe('upgrade');
    // A new page: a fresh store over the same storage, driving the same record.
    const reloaded = createOperationsStore(storage);
    await driveUpgrade({ ...deps, store: reloaded }, opId);
    expect(reloaded.get(opId)?.state).toBe('done');
    for (const h of list) expect(upgradePosts(h.id)).toHaveLength(1);
    // host-01 was evacuated once (no second evacuation record, no second deactivate).
    expect(posts(new RegExp(`/hosts/${h1.id}/deactivate$`))).toHaveLength(1);
    expect(
      reloaded.list().filter((o) => o.kind === 'host-evacuate').length - evacuationsBefore,
    ).toBe(list.length - 1);
    const starts = posts(/\/clusters\/[^/]+\/upgrade$/).filter(
      (r) => (r.body as { upgrade_action: string }).upgrade_action === 'start',
    );
    expect(starts).toHaveLength(1);
  });

  it('sends the reboot choice of the record with every host, also after a reload', async () => {
    const list = hosts().slice(0, 2);
    const [h1, h2] = list;
    if (!h1 || !h2) throw new Error('fixture');
    const seen = new Set<string>();
    const timer = setInterval(() => {
      for (const h of list) seen.add(`${h.id}:${String(engine.state.hosts.get(h.id)?.status)}`);
    }, 1);
    const opId = createUpgrade(deps, list, Date.now(), { reboot: false });
    expect(readUpgradeMeta(storage, opId)?.reboot).toBe(false);
    const page = new AbortController();
    const first = driveUpgrade(deps, opId, page.signal);
    for (let i = 0; i < 5000 && upgradePosts(h1.id).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 2));
    }
    page.abort();
    await first;
    // A new page resumes from the record: host-02 gets the same choice.
    const reloaded = createOperationsStore(storage);
    await driveUpgrade({ ...deps, store: reloaded }, opId);
    clearInterval(timer);
    expect(reloaded.get(opId)?.state).toBe('done');
    for (const h of list) {
      expect(upgradePosts(h.id).map((r) => r.body)).toEqual([{ reboot: false }]);
      expect(seen.has(`${h.id}:reboot`)).toBe(false);
      expect(engine.state.hosts.get(h.id)?.status).toBe('up');
      expect(engine.state.hosts.get(h.id)?.software.vdsm).toBe(UPGRADED_HOST_SOFTWARE.vdsm);
    }
    expect(reloaded.get(opId)?.steps?.map((s) => s.name)).toContain(
      `${h1.name}: upgrade, without reboot`,
    );
  });

  it('sends reboot: true by default, as WebAdmin does', async () => {
    const [h1] = hosts();
    if (!h1) throw new Error('fixture');
    const rec = engine.state.hosts.get(h1.id);
    if (rec) rec.status = 'maintenance';
    const opId = createUpgrade(deps, [h1]);
    await driveUpgrade(deps, opId);
    expect(store.get(opId)?.state).toBe('done');
    expect(upgradePosts(h1.id).map((r) => r.body)).toEqual([{ reboot: true }]);
  });

  it('a cluster whose upgrade mode another run holds: nothing is upgraded, the engine says why, its mode is left alone', async () => {
    const list = hosts();
    const cluster = [...engine.state.clusters.values()][0];
    if (!cluster) throw new Error('fixture');
    cluster.upgrade = { inProgress: true, percent: 40, correlationId: 'someone-else' };
    const opId = createUpgrade(deps, list);
    await driveUpgrade(deps, opId);
    const op = store.get(opId);
    expect(op?.state).toBe('failed');
    expect(posts(/\/hosts\//)).toEqual([]);
    for (const i of op?.items ?? []) {
      expect(i.state).toBe('failed');
      expect(i.error).toContain(`Failed to set upgrade running flag on cluster '${cluster.id}'.`);
      expect(i.error).toContain('someone-else');
    }
    // Not this run's mode: no finish, the other run keeps it.
    const actions = posts(/\/clusters\/[^/]+\/upgrade$/).map(
      (r) => (r.body as { upgrade_action: string }).upgrade_action,
    );
    expect(actions).toEqual(['start']);
    expect(cluster.upgrade).toMatchObject({ inProgress: true, correlationId: 'someone-else' });
    expect(op?.steps?.[0]).toMatchObject({ state: 'failed' });
    expect(op?.steps?.at(-1)).toMatchObject({ state: 'skipped' });
  });

  it('a start refused because this run already holds the mode (its earlier start arrived) goes on', async () => {
    const list = hosts().slice(0, 1);
    const [h1] = list;
    if (!h1) throw new Error('fixture');
    const rec = engine.state.hosts.get(h1.id);
    if (rec) rec.status = 'maintenance';
    const cluster = [...engine.state.clusters.values()][0];
    if (!cluster) throw new Error('fixture');
    const opId = createUpgrade(deps, list);
    const correlationId = store.get(opId)?.correlationId ?? '';
    cluster.upgrade = { inProgress: true, percent: 0, correlationId };
    await driveUpgrade(deps, opId);
    const op = store.get(opId);
    expect(op?.state).toBe('done');
    expect(upgradePosts(h1.id)).toHaveLength(1);
    expect(cluster.upgrade.inProgress).toBe(false);
    expect(op?.steps?.every((s) => s.state === 'done')).toBe(true);
  });
});
