import { describe, expect, it } from 'vitest';
import { createOperationsStore } from './operationsStore';
import type { JobOutcome, VmOpsPort, VmState } from './vmOpsPort';
import { ActionError, ConnectionError } from '../rest/errors';
import { createTranslator } from '../messages/catalogue';
import { planEvacuation, type EvacuationInput } from './evacuationPlanner';
import {
  cancelEvacuation,
  driveEvacuation,
  type EvacuationDeps,
  type StorageLike,
} from './evacuationRunner';
import { createEvacuation } from './evacuationRecord';
import type { HostOpsPort, HostState } from './hostOpsPort';

const GiB = 1024 ** 3;

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

interface FakeVm {
  id: string;
  name: string;
  status: string;
  hostId: string;
  /** Reads left until a migration lands. */
  countdown?: number;
  migratingTo?: string;
  correlationId?: string;
  before?: string;
}

/** A tiny engine: a migration takes two reads; migrations to `failTo` hosts fall back with an error. */
function fakeEngine(options: { failTo?: string[]; refuse?: Record<string, string> } = {}) {
  const hosts = new Map<string, HostState>([
    ['src', { id: 'src', name: 'host-src', status: 'up' }],
    ['a', { id: 'a', name: 'host-a', status: 'up' }],
    ['b', { id: 'b', name: 'host-b', status: 'up' }],
    ['c', { id: 'c', name: 'host-c', status: 'up' }],
  ]);
  const vms = new Map<string, FakeVm>();
  for (let i = 1; i <= 6; i++) {
    vms.set(`vm${i}`, { id: `vm${i}`, name: `vm-${i}`, status: 'up', hostId: 'src' });
  }
  const jobs = new Map<string, JobOutcome>();
  const sent: { kind: string; id: string; hostId?: string; correlationId: string }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const forced: string[] = [];
  const modes = new Map<string, 'migratable' | 'user_migratable' | 'pinned'>();

  const vmPort: VmOpsPort = {
    sendAction(vmId, action, { correlationId, hostId }) {
      sent.push({ kind: action, id: vmId, ...(hostId ? { hostId } : {}), correlationId });
      const refusal = options.refuse?.[vmId];
      if (refusal) {
        return Promise.reject(
          new ActionError('migrate', 'Operation Failed', refusal, { status: 409 }),
        );
      }
      const vm = vms.get(vmId);
      if (!vm || !hostId) return Promise.reject(new Error('bad request'));
      vm.before = vm.status;
      vm.status = 'migrating';
      vm.migratingTo = hostId;
      vm.countdown = 2;
      vm.correlationId = correlationId;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      jobs.set(correlationId, { status: 'running' });
      return Promise.resolve();
    },
    readVms(ids) {
      const out: VmState[] = [];
      for (const id of ids) {
        const vm = vms.get(id);
        if (!vm) continue;
        if (vm.status === 'migrating' && vm.countdown !== undefined && --vm.countdown <= 0) {
          inFlight--;
          const to = vm.migratingTo ?? '';
          vm.status = vm.before ?? 'up';
          if (options.failTo?.includes(to)) {
            jobs.set(vm.correlationId ?? '', {
              status: 'failed',
              error: `Migration failed: destination ${hosts.get(to)?.name ?? to} refused the VM.`,
            });
          } else {
            vm.hostId = to;
            jobs.set(vm.correlationId ?? '', { status: 'finished' });
          }
        }
        out.push({
          id,
          name: vm.name,
          status: vm.status,
          hostId: vm.hostId,
          hostName: hosts.get(vm.hostId)?.name ?? vm.hostId,
        });
      }
      return Promise.resolve(out);
    },
    jobOutcome: (cid) => Promise.resolve(jobs.get(cid)),
  };

  const hostPort: HostOpsPort = {
    readHosts: (ids) =>
      Promise.resolve(
        ids.flatMap((id) => (hosts.has(id) ? [{ ...(hosts.get(id) as HostState) }] : [])),
      ),
    vmMigrate(vmId, hostId, { correlationId, force }) {
      if (force) forced.push(vmId);
      return vmPort.sendAction(vmId, 'migrate', { correlationId, hostId });
    },
    hostAction(hostId, action, { correlationId }) {
      sent.push({ kind: action, id: hostId, correlationId });
      const h = hosts.get(hostId);
      if (h) h.status = action === 'deactivate' ? 'maintenance' : 'up';
      return Promise.resolve();
    },
    residentVms: (hostName) =>
      Promise.resolve(
        [...vms.values()]
          .filter((v) => hosts.get(v.hostId)?.name === hostName && v.status !== 'down')
          .map((v) => ({ id: v.id, name: v.name, status: v.status })),
      ),
  };

  const input = (): EvacuationInput => ({
    evacuate: ['src'],
    hosts: [...hosts.values()].map((h) => ({
      id: h.id,
      name: h.name,
      clusterId: 'c1',
      status: h.status,
      memory: 64 * GiB,
      freeMemory: 16 * GiB,
    })),
    vms: [...vms.values()].map((v) => ({
      id: v.id,
      name: v.name,
      hostId: v.hostId,
      status: v.status,
      memory: 2 * GiB,
      ...(modes.has(v.id) ? { migrationMode: modes.get(v.id) } : {}),
    })),
  });

  return {
    hosts,
    vms,
    sent,
    vmPort,
    hostPort,
    input,
    modes,
    forced,
    maxInFlight: () => maxInFlight,
  };
}

function setup(engine: ReturnType<typeof fakeEngine>, concurrency = 2) {
  const storage = memoryStorage();
  const store = createOperationsStore(storage);
  let clock = 1_000;
  const deps: EvacuationDeps = {
    store,
    vmPort: engine.vmPort,
    hostPort: engine.hostPort,
    storage,
    t: createTranslator('en-US'),
    concurrency,
    pollMs: 1000,
    migrationTimeoutMs: 60_000,
    hostTimeoutMs: 60_000,
    now: () => clock,
    sleep: (ms) => {
      clock += ms;
      return Promise.resolve();
    },
  };
  const plan = planEvacuation(engine.input());
  const names = new Map([...engine.hosts.values()].map((h) => [h.id, h.name]));
  const opId = createEvacuation(deps, plan, [{ id: 'src', name: 'host-src' }], names, {
    now: clock,
  });
  return { deps, store, storage, opId, plan };
}

describe('driveEvacuation', () => {
  it('moves every VM to its planned target, then puts the host into maintenance', async () => {
    const engine = fakeEngine();
    const paused = engine.vms.get('vm3');
    if (paused) paused.status = 'paused';
    const { deps, store, opId, plan } = setup(engine, 2);
    await driveEvacuation(deps, opId);

    const op = store.get(opId);
    expect(op?.state).toBe('done');
    for (const m of plan.moves) expect(engine.vms.get(m.vmId)?.hostId).toBe(m.targetHostId);
    expect(engine.hosts.get('src')?.status).toBe('maintenance');
    expect(engine.maxInFlight()).toBeLessThanOrEqual(2);
    const deactivations = engine.sent.filter((s) => s.kind === 'deactivate');
    expect(deactivations).toHaveLength(1);
    // The deactivation goes out only after every migration was sent.
    expect(engine.sent.at(-1)?.kind).toBe('deactivate');
    expect(op?.steps?.map((s) => s.state)).toEqual(['done', 'done']);
  });

  it('follows its migrations through the page tracker: one batched read per tick, not one per VM', async () => {
    const engine = fakeEngine();
    const reads: number[] = [];
    const readVms = engine.vmPort.readVms.bind(engine.vmPort);
    engine.vmPort.readVms = (ids, signal) => {
      reads.push(ids.length);
      return readVms(ids, signal);
    };
    const { deps, store, opId } = setup(engine, 3);
    await driveEvacuation(deps, opId);

    expect(store.get(opId)?.state).toBe('done');
    // Three migrations in flight are read together; per-VM polling would read one id at a time.
    expect(Math.max(...reads)).toBe(3);
    // Six VMs, two reads each to land: one VM at a time would take at least 12 reads.
    expect(reads.length).toBeLessThan(12);
  });

  it('keeps the host active and lists the engine reason when migrations to one target fail', async () => {
    const engine = fakeEngine({
      failTo: ['b'],
      refuse: { vm6: 'Cannot migrate VM. VM is locked.' },
    });
    const { deps, store, opId, plan } = setup(engine, 3);
    await driveEvacuation(deps, opId);

    const op = store.get(opId);
    expect(engine.hosts.get('src')?.status).toBe('up');
    expect(engine.sent.some((s) => s.kind === 'deactivate')).toBe(false);
    const failed = op?.items.filter((i) => i.state === 'failed' && i.entity === 'vm') ?? [];
    const toB = plan.moves.filter((m) => m.targetHostId === 'b').map((m) => m.vmId);
    expect(toB.length).toBeGreaterThan(0);
    for (const id of toB.filter((x) => x !== 'vm6')) {
      expect(failed.find((i) => i.id === id)?.error).toContain('destination host-b refused the VM');
    }
    expect(failed.find((i) => i.id === 'vm6')?.error).toBe('Cannot migrate VM. VM is locked.');
    const host = op?.items.find((i) => i.entity === 'host');
    expect(host?.state).toBe('failed');
    expect(host?.error).toMatch(/did not move/);
    expect(op?.state).toBe('partial');
  });

  it('never sends a migration again on resume, only tracks it', async () => {
    const engine = fakeEngine();
    const { deps, store, opId } = setup(engine, 2);
    // A previous page claimed vm1 and died: it may or may not have reached the engine.
    store.updateItem(opId, 'vm1', { state: 'sent', actionSentAt: 500 });
    await engine.vmPort.sendAction('vm1', 'migrate', { correlationId: 'earlier', hostId: 'a' });
    engine.sent.length = 0;

    await driveEvacuation(deps, opId);
    expect(engine.sent.filter((s) => s.id === 'vm1')).toEqual([]);
    expect(store.get(opId)?.items.find((i) => i.id === 'vm1')?.state).toBe('done');
    expect(engine.hosts.get('src')?.status).toBe('maintenance');
  });

  it('reports a sent-but-untraceable migration instead of sending it again', async () => {
    const engine = fakeEngine();
    const { deps, store, opId } = setup(engine, 2);
    store.updateItem(opId, 'vm2', { state: 'sent', actionSentAt: 500 });
    await driveEvacuation(deps, opId);
    expect(engine.sent.filter((s) => s.id === 'vm2')).toEqual([]);
    expect(store.get(opId)?.items.find((i) => i.id === 'vm2')?.error).toMatch(/not sent again/);
    expect(engine.hosts.get('src')?.status).toBe('up');
  });

  it('a migration that got no answer but reached the engine is tracked to done, not failed', async () => {
    const engine = fakeEngine();
    const { deps, store, opId } = setup(engine, 2);
    // The page goes away (or the network drops) after the engine took the request.
    const migrate = engine.hostPort.vmMigrate.bind(engine.hostPort);
    engine.hostPort.vmMigrate = async (vmId, hostId, options) => {
      await migrate(vmId, hostId, options);
      if (vmId === 'vm1') throw new ConnectionError('The engine could not be reached', 'network');
    };
    await driveEvacuation(deps, opId);
    const vm1 = store.get(opId)?.items.find((i) => i.id === 'vm1');
    expect(vm1?.state).toBe('done');
    expect(engine.sent.filter((s) => s.id === 'vm1')).toHaveLength(1);
    expect(engine.hosts.get('src')?.status).toBe('maintenance');
  });

  it('a migration that got no answer and never arrived fails with the send error, once', async () => {
    const engine = fakeEngine();
    const { deps, store, opId } = setup(engine, 2);
    const migrate = engine.hostPort.vmMigrate.bind(engine.hostPort);
    engine.hostPort.vmMigrate = (vmId, hostId, options) =>
      vmId === 'vm2'
        ? Promise.reject(
            new ConnectionError('No answer from the engine within 30000 ms', 'timeout'),
          )
        : migrate(vmId, hostId, options);
    await driveEvacuation(deps, opId);
    const vm2 = store.get(opId)?.items.find((i) => i.id === 'vm2');
    expect(vm2).toMatchObject({
      state: 'failed',
      error: 'No answer from the engine within 30000 ms',
    });
    expect(engine.sent.filter((s) => s.id === 'vm2')).toHaveLength(0);
    expect(engine.hosts.get('src')?.status).toBe('up');
  });

  it('a deactivate that got no answer: the host status decides', async () => {
    const engine = fakeEngine();
    const { deps, store, opId } = setup(engine, 2);
    const action = engine.hostPort.hostAction.bind(engine.hostPort);
    engine.hostPort.hostAction = async (hostId, kind, options) => {
      await action(hostId, kind, options);
      throw new ConnectionError('The engine could not be reached', 'network');
    };
    await driveEvacuation(deps, opId);
    expect(store.get(opId)?.items.find((i) => i.entity === 'host')?.state).toBe('done');
    expect(engine.sent.filter((s) => s.kind === 'deactivate')).toHaveLength(1);

    const lost = fakeEngine();
    const second = setup(lost, 2);
    lost.hostPort.hostAction = () =>
      Promise.reject(new ConnectionError('The engine could not be reached', 'network'));
    await driveEvacuation(second.deps, second.opId);
    expect(second.store.get(second.opId)?.items.find((i) => i.entity === 'host')).toMatchObject({
      state: 'failed',
      error: 'The engine could not be reached',
    });
  });

  it('sends the force flag only for VMs whose migration mode is manual only', async () => {
    const engine = fakeEngine();
    engine.modes.set('vm4', 'user_migratable');
    const { deps, store, opId } = setup(engine, 2);
    await driveEvacuation(deps, opId);
    expect(engine.forced).toEqual(['vm4']);
    expect(store.get(opId)?.state).toBe('done');
  });

  it('cancel leaves unsent migrations and the host alone', async () => {
    const engine = fakeEngine();
    const { deps, store, opId } = setup(engine, 1);
    cancelEvacuation(store, deps.t, opId);
    await driveEvacuation(deps, opId);
    expect(engine.sent).toEqual([]);
    expect(store.get(opId)?.state).toBe('cancelled');
    expect(engine.hosts.get('src')?.status).toBe('up');
  });

  it('does not deactivate a host on which a VM started meanwhile', async () => {
    const engine = fakeEngine();
    const { deps, store, opId } = setup(engine, 2);
    engine.vms.set('late', { id: 'late', name: 'late', status: 'up', hostId: 'src' });
    await driveEvacuation(deps, opId);
    expect(engine.hosts.get('src')?.status).toBe('up');
    expect(store.get(opId)?.items.find((i) => i.entity === 'host')?.state).toBe('failed');
  });
});

describe('driveEvacuation fails closed when the browser refuses to store the record', () => {
  /** Makes writes of the record itself throw (quota) from now on; lease and meta still work. */
  function breakRecordWrites(storage: StorageLike & { map: Map<string, string> }): void {
    const setItem = storage.setItem.bind(storage);
    storage.setItem = (k, v) => {
      if (k === 'ops-center:operations') throw new DOMException('quota', 'QuotaExceededError');
      setItem(k, v);
    };
  }

  it('sends no migration and no deactivate when the first pre-send mark cannot be stored', async () => {
    const engine = fakeEngine();
    const { deps, store, storage, opId } = setup(engine, 2);
    breakRecordWrites(storage);
    await driveEvacuation(deps, opId);
    expect(engine.sent).toEqual([]);
    const op = store.get(opId);
    expect(op?.stoppedReason).toBe('storage');
    expect(op?.items.filter((i) => i.state === 'pending')).toEqual([]);
    expect(op?.items.find((i) => i.entity === 'host')?.state).toBe('cancelled');
    expect(engine.hosts.get('src')?.status).toBe('up');
    // What the browser kept says nothing was sent, so a reloaded page cannot believe otherwise.
    const reloaded = createOperationsStore(storage).get(opId);
    expect(reloaded?.items.every((i) => i.actionSentAt === undefined)).toBe(true);
  });

  it('tracks the migrations already sent to the end, and sends nothing more', async () => {
    const engine = fakeEngine();
    const { deps, store, storage, opId } = setup(engine, 2);
    const migrate = engine.hostPort.vmMigrate.bind(engine.hostPort);
    deps.hostPort = {
      ...engine.hostPort,
      vmMigrate: async (vmId, hostId, options) => {
        // The storage fills up while the first migration is on its way.
        if (engine.sent.length === 0) breakRecordWrites(storage);
        await migrate(vmId, hostId, options);
      },
    };
    await driveEvacuation(deps, opId);
    const migrations = engine.sent.filter((s) => s.kind === 'migrate');
    expect(migrations).toHaveLength(1);
    const first = migrations[0]?.id ?? '';
    const op = store.get(opId);
    expect(op?.stoppedReason).toBe('storage');
    expect(op?.items.find((i) => i.id === first)?.state).toBe('done');
    expect(op?.items.filter((i) => i.entity === 'vm' && i.state === 'cancelled')).toHaveLength(
      op ? op.items.filter((i) => i.entity === 'vm' && i.state !== 'skipped').length - 1 : -1,
    );
    expect(engine.sent.some((s) => s.kind === 'deactivate')).toBe(false);
    expect(op?.state).not.toBe('running');
  });

  it('does not deactivate the host when its pre-send mark cannot be stored', async () => {
    const engine = fakeEngine();
    const { deps, store, storage, opId } = setup(engine, 2);
    const resident = engine.hostPort.residentVms.bind(engine.hostPort);
    deps.hostPort = {
      ...engine.hostPort,
      residentVms: async (name, signal) => {
        // Every migration is done; the storage fills up right before the host is claimed.
        const out = await resident(name, signal);
        breakRecordWrites(storage);
        return out;
      },
    };
    await driveEvacuation(deps, opId);
    expect(engine.sent.filter((s) => s.kind === 'migrate').length).toBeGreaterThan(0);
    expect(engine.sent.some((s) => s.kind === 'deactivate')).toBe(false);
    expect(engine.hosts.get('src')?.status).toBe('up');
    const op = store.get(opId);
    expect(op?.stoppedReason).toBe('storage');
    expect(op?.items.find((i) => i.entity === 'host')?.state).toBe('cancelled');
  });
});

describe('driveEvacuation with enforcing positive affinity', () => {
  it('sends a pair once, with migrate_vms_in_affinity_closure; the partner is tracked, never sent', async () => {
    const engine = fakeEngine();
    const posts: { id: string; closure: boolean }[] = [];
    const original = engine.hostPort.vmMigrate.bind(engine.hostPort);
    engine.hostPort.vmMigrate = async (vmId, hostId, options) => {
      posts.push({ id: vmId, closure: options.affinityClosure === true });
      await original(vmId, hostId, options);
      // The engine moves the closure with it.
      if (options.affinityClosure) {
        await engine.vmPort.sendAction('vm2', 'migrate', {
          correlationId: `${options.correlationId}-closure`,
          hostId,
        });
      }
    };
    const storage = memoryStorage();
    const store = createOperationsStore(storage);
    let clock = 1_000;
    const deps: EvacuationDeps = {
      store,
      vmPort: engine.vmPort,
      hostPort: engine.hostPort,
      storage,
      t: createTranslator('en-US'),
      concurrency: 2,
      pollMs: 1000,
      migrationTimeoutMs: 60_000,
      hostTimeoutMs: 60_000,
      now: () => clock,
      sleep: (ms) => {
        clock += ms;
        return Promise.resolve();
      },
    };
    const input = engine.input();
    input.rules = {
      groups: [
        {
          id: 'g',
          name: 'pair',
          clusterId: 'c1',
          vmsRule: { positive: true, enforcing: true },
          vmIds: ['vm1', 'vm2'],
          hostIds: [],
        },
      ],
    };
    const plan = planEvacuation(input);
    const names = new Map([...engine.hosts.values()].map((h) => [h.id, h.name]));
    const opId = createEvacuation(deps, plan, [{ id: 'src', name: 'host-src' }], names, {
      now: clock,
    });
    await driveEvacuation(deps, opId);

    const op = store.get(opId);
    expect(op?.state).toBe('done');
    expect(posts.filter((p) => p.id === 'vm1' || p.id === 'vm2')).toEqual([
      { id: 'vm1', closure: true },
    ]);
    expect(engine.vms.get('vm1')?.hostId).toBe(engine.vms.get('vm2')?.hostId);
    expect(op?.items.find((i) => i.id === 'vm2')?.state).toBe('done');
    expect(engine.hosts.get('src')?.status).toBe('maintenance');
  });
});

describe('cancelling one migration of an evacuation (issue 15 point 3)', () => {
  it('records the VM as cancelled (not failed), leaves the host out of maintenance, one POST', async () => {
    const engine = fakeEngine();
    const { deps, store, storage, opId } = setup(engine, 6);
    const cancels: string[] = [];
    const readVms = engine.vmPort.readVms.bind(engine.vmPort);
    engine.vmPort.readVms = async (ids, signal) => {
      const vm = engine.vms.get('vm1');
      if (vm?.status === 'migrating' && cancels.length === 0) {
        const { cancelMigration } = await import('./migrationCancelSend');
        const send = (id: string): Promise<void> => {
          cancels.push(id);
          // The engine stops the migration: the VM stays up on the host being emptied.
          const v = engine.vms.get(id);
          if (v) {
            v.status = 'up';
            v.countdown = undefined;
          }
          return Promise.resolve();
        };
        const d = { storage, read: (id: string) => store.get(id), send };
        await cancelMigration(d, opId, 'vm1');
        await cancelMigration(d, opId, 'vm1');
      }
      return readVms(ids, signal);
    };
    await driveEvacuation(deps, opId);
    expect(cancels).toEqual(['vm1']);
    const op = store.get(opId);
    expect(op?.items.find((i) => i.id === 'vm1')).toMatchObject({
      state: 'cancelled',
      detail: 'Up on host-src',
    });
    expect(op?.items.filter((i) => i.entity === 'vm' && i.state === 'failed')).toEqual([]);
    expect(engine.sent.filter((s) => s.kind === 'deactivate')).toEqual([]);
    expect(op?.state).toBe('partial');
  });
});
