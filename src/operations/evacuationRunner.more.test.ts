/**
 * More evacuation-runner tests, written against the mutants StrykerJS left alive in
 * evacuationRunner.ts: what is sent and how often, and what the record says after each fault.
 */
import { describe, expect, it } from 'vitest';
import { createOperationsStore, type OperationRecord } from './operationsStore';
import type { JobOutcome, VmOpsPort, VmState } from './vmOpsPort';
import type { HostOpsPort, HostState, ResidentVm } from './hostOpsPort';
import { ActionError, ConnectionError } from '../rest/errors';
import {
  cancelEvacuation,
  deriveSteps,
  driveEvacuation,
  readEvacuationMeta,
  writeEvacuationMeta,
  type EvacuationDeps,
  type HostsTranslate,
  type StorageLike,
} from './evacuationRunner';
import { createEvacuation } from './evacuationRecord';
import type { EvacuationPlan, PlannedMove } from './evacuationPlanner';

const t: HostsTranslate = (key, params) => (params ? `${key} ${JSON.stringify(params)}` : key);

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

/** A scripted engine: after a VM's migrate is sent, each read applies its next scripted state. */
class Engine {
  vms = new Map<string, VmState>();
  hosts = new Map<string, HostState>();
  script = new Map<string, Partial<VmState>[]>();
  hostScript: Partial<HostState>[] = [];
  jobs = new Map<string, JobOutcome>();
  migrations: {
    vmId: string;
    hostId: string;
    correlationId: string;
    force?: boolean;
    affinityClosure?: boolean;
  }[] = [];
  hostActions: { hostId: string; action: string; correlationId: string; reason?: string }[] = [];
  onMigrate: (vmId: string) => Promise<void> = () => Promise.resolve();
  onHostAction: () => Promise<void> = () => Promise.resolve();
  residents: () => Promise<ResidentVm[]> = () => Promise.resolve([]);
  hostReadFault = 0;
  residentNames: string[] = [];

  vmPort: VmOpsPort = {
    sendAction: () => Promise.reject(new Error('evacuations migrate through the host port')),
    readVms: (ids) => {
      const out: VmState[] = [];
      for (const id of ids) {
        const vm = this.vms.get(id);
        if (!vm) continue;
        if (this.migrations.some((m) => m.vmId === id)) {
          const next = this.script.get(id)?.shift();
          if (next) Object.assign(vm, next);
        }
        out.push({ ...vm });
      }
      return Promise.resolve(out);
    },
    jobOutcome: (cid) => Promise.resolve(this.jobs.get(cid)),
  };

  hostPort: HostOpsPort = {
    readHosts: (ids) => {
      if (this.hostReadFault > 0) {
        this.hostReadFault--;
        return Promise.reject(new ConnectionError('blip', 'network'));
      }
      const next = this.hostScript.shift();
      return Promise.resolve(
        ids.flatMap((id) => {
          const h = this.hosts.get(id);
          if (!h) return [];
          if (next) Object.assign(h, next);
          return [{ ...h }];
        }),
      );
    },
    hostAction: (hostId, action, o) => {
      this.hostActions.push({
        hostId,
        action,
        correlationId: o.correlationId,
        ...(o.reason !== undefined ? { reason: o.reason } : {}),
      });
      return this.onHostAction();
    },
    vmMigrate: (vmId, hostId, o) => {
      this.migrations.push({ vmId, hostId, ...o });
      return this.onMigrate(vmId);
    },
    residentVms: (hostName) => {
      this.residentNames.push(hostName);
      return this.residents();
    },
  };
}

const move = (vmId: string, target: string, extra: Partial<PlannedMove> = {}): PlannedMove => ({
  vmId,
  vmName: `vm-${vmId}`,
  memory: 1,
  sourceHostId: 'src',
  targetHostId: target,
  overridden: false,
  issues: [],
  ...extra,
});

function setup(
  moves: PlannedMove[],
  options: { blockers?: EvacuationPlan['blockers']; reason?: string; concurrency?: number } = {},
) {
  const engine = new Engine();
  engine.hosts.set('src', { id: 'src', name: 'host-src', status: 'up' });
  for (const m of moves)
    engine.vms.set(m.vmId, { id: m.vmId, name: m.vmName, status: 'up', hostId: 'src' });
  const storage = memoryStorage();
  const store = createOperationsStore(storage);
  let clock = 1_000;
  const deps: EvacuationDeps = {
    store,
    vmPort: engine.vmPort,
    hostPort: engine.hostPort,
    storage,
    t,
    concurrency: options.concurrency ?? 2,
    pollMs: 1000,
    migrationTimeoutMs: 60_000,
    hostTimeoutMs: 60_000,
    now: () => clock,
    sleep: (ms) => {
      clock += ms;
      return Promise.resolve();
    },
  };
  const plan = {
    moves,
    blockers: options.blockers ?? [],
    hosts: [],
    valid: true,
    clearableHostIds: [],
  } as EvacuationPlan;
  const names = new Map([
    ['t1', 'host-t1'],
    ['t2', 'host-t2'],
  ]);
  const opId = createEvacuation(deps, plan, [{ id: 'src', name: 'host-src' }], names, {
    now: clock,
    ...(options.reason !== undefined ? { reason: options.reason } : {}),
  });
  const item = (id: string) => store.get(opId)?.items.find((i) => i.id === id);
  const advance = (ms: number) => {
    clock += ms;
  };
  return { engine, deps, store, storage, opId, item, advance };
}

const lands = (host: string): Partial<VmState>[] => [
  { status: 'migrating' },
  { status: 'up', hostId: host, hostName: `host-${host}` },
];

describe('evacuation meta', () => {
  it('reads back what was written, and nothing from garbage or another shape', () => {
    const storage = memoryStorage();
    const meta = { sources: { v: 'src' }, targets: { v: 't1' }, blocked: {}, reason: 'fw' };
    writeEvacuationMeta(storage, 'op', meta);
    expect(readEvacuationMeta(storage, 'op')).toEqual(meta);
    expect(readEvacuationMeta(storage, 'other')).toBeUndefined();
    storage.setItem('ops-center:operations:evacuation:bad', '{not json');
    expect(readEvacuationMeta(storage, 'bad')).toBeUndefined();
    storage.setItem('ops-center:operations:evacuation:num', '42');
    expect(readEvacuationMeta(storage, 'num')).toBeUndefined();
    storage.setItem('ops-center:operations:evacuation:nt', '{"sources":{}}');
    expect(readEvacuationMeta(storage, 'nt')).toBeUndefined();
  });

  it('a refused meta write does not throw (the run still works in this page)', () => {
    const storage: StorageLike = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    expect(() => {
      writeEvacuationMeta(storage, 'op', { sources: {}, targets: {}, blocked: {} });
    }).not.toThrow();
  });
});

describe('deriveSteps', () => {
  const record = (items: OperationRecord['items']): OperationRecord => ({
    id: 'op',
    kind: 'host-evacuate',
    title: 'Rebalance c1',
    correlationId: 'oc1',
    startedAt: 0,
    state: 'running',
    items,
  });
  const vmItem = (state: OperationRecord['items'][number]['state']) => ({
    entity: 'vm' as const,
    id: `v-${state}-${Math.random()}`,
    name: 'v',
    state,
    correlationId: 'c',
  });
  const hostItem = (
    state: OperationRecord['items'][number]['state'],
    extra: Partial<OperationRecord['items'][number]> = {},
  ) => ({ entity: 'host' as const, id: 'h', name: 'host-1', state, correlationId: 'c', ...extra });

  it('names the migrate step after the hosts, or after the record when it has none', () => {
    expect(deriveSteps(record([vmItem('pending'), hostItem('pending')]), t)[0]?.name).toBe(
      'hosts.evac.step.migrate {"names":"host-1"}',
    );
    expect(deriveSteps(record([vmItem('pending')]), t)).toEqual([
      { name: 'Rebalance c1', state: 'pending' },
    ]);
  });

  it('the migrate step: skipped when empty, failed only once all failed ones are finished', () => {
    const step = (...states: OperationRecord['items'][number]['state'][]) =>
      deriveSteps(record(states.map(vmItem)), t)[0]?.state;
    expect(step()).toBe('skipped');
    expect(step('skipped')).toBe('skipped');
    expect(step('failed', 'in_progress')).toBe('running');
    expect(step('failed', 'done')).toBe('failed');
    expect(step('done', 'skipped')).toBe('done');
    expect(step('pending', 'pending')).toBe('pending');
    expect(step('done', 'cancelled')).toBe('skipped');
    expect(step('done', 'pending')).toBe('running');
    expect(step('sent')).toBe('running');
  });

  it('one step per host, in the host state, with its error or else its detail', () => {
    const hostStep = (h: ReturnType<typeof hostItem>) => deriveSteps(record([h]), t)[1];
    expect(hostStep(hostItem('done'))?.state).toBe('done');
    expect(hostStep(hostItem('failed'))?.state).toBe('failed');
    expect(hostStep(hostItem('cancelled'))?.state).toBe('skipped');
    expect(hostStep(hostItem('skipped'))?.state).toBe('skipped');
    expect(hostStep(hostItem('pending'))?.state).toBe('pending');
    expect(hostStep(hostItem('sent'))?.state).toBe('running');
    expect(hostStep(hostItem('in_progress'))?.state).toBe('running');
    expect(hostStep(hostItem('failed', { error: 'E', detail: 'D' }))).toEqual({
      name: 'hosts.evac.step.deactivate {"name":"host-1"}',
      state: 'failed',
      detail: 'E',
    });
    expect(hostStep(hostItem('in_progress', { detail: 'D' }))?.detail).toBe('D');
    expect(hostStep(hostItem('pending'))).not.toHaveProperty('detail');
  });
});

describe('cancelEvacuation', () => {
  it('cancels unsent migrations and the host with words for each; sent ones run on', () => {
    const { store, opId, item } = setup([move('v1', 't1'), move('v2', 't1')]);
    store.updateItem(opId, 'v1', { state: 'sent', actionSentAt: 5 });
    cancelEvacuation(store, t, opId, 99);
    expect(item('v1')).toMatchObject({ state: 'sent', actionSentAt: 5 });
    expect(item('v2')).toMatchObject({
      state: 'cancelled',
      finishedAt: 99,
      detail: 'hosts.evac.item.cancelled',
    });
    expect(item('src')).toMatchObject({
      state: 'cancelled',
      finishedAt: 99,
      detail: 'hosts.evac.stepSkipped.cancelled',
    });
    expect(store.get(opId)?.state).toBe('running');
    expect(store.get(opId)?.finishedAt).toBeUndefined();
    expect(store.get(opId)?.steps?.map((s) => s.state)).toEqual(['running', 'skipped']);
  });

  it('with nothing sent, the record is cancelled and finished; an unknown id is ignored', () => {
    const { store, opId } = setup([move('v1', 't1')]);
    cancelEvacuation(store, t, opId, 50);
    expect(store.get(opId)).toMatchObject({ state: 'cancelled', finishedAt: 50 });
    expect(() => {
      cancelEvacuation(store, t, 'nope');
    }).not.toThrow();
  });
});

describe('driveEvacuation', () => {
  it('sends each migration once to its target with its correlation id, then one deactivate with the reason', async () => {
    const { engine, deps, store, opId, item } = setup([move('v1', 't1'), move('v2', 't2')], {
      reason: '  firmware  ',
    });
    engine.script.set('v1', [
      { status: 'migrating', migrationProgress: 33.3 },
      { status: 'up', hostId: 't1', hostName: 'host-t1' },
    ]);
    engine.script.set('v2', lands('t2'));
    engine.hostScript = [{ status: 'maintenance' }];
    const details: string[] = [];
    store.subscribe(() => {
      const d = item('v1')?.detail;
      if (d && details.at(-1) !== d) details.push(d);
    });
    await driveEvacuation(deps, opId);
    expect(engine.migrations).toEqual([
      { vmId: 'v1', hostId: 't1', correlationId: item('v1')?.correlationId },
      { vmId: 'v2', hostId: 't2', correlationId: item('v2')?.correlationId },
    ]);
    expect(details).toContain('hosts.evac.item.sent');
    expect(details).toContain('hosts.evac.item.in_progress {"percent":33}');
    expect(item('v1')).toMatchObject({
      state: 'done',
      progress: 100,
      detail: 'hosts.evac.item.done {"host":"host-t1"}',
    });
    expect(engine.residentNames).toEqual(['host-src']);
    expect(engine.hostActions).toEqual([
      {
        hostId: 'src',
        action: 'deactivate',
        correlationId: item('src')?.correlationId,
        reason: 'firmware',
      },
    ]);
    expect(item('src')?.state).toBe('done');
  });

  it('the host is done when it reaches maintenance, with the status in words', async () => {
    const { engine, deps, store, opId, item } = setup([move('v1', 't1')]);
    engine.script.set('v1', lands('t1'));
    engine.hostScript = [{ status: 'preparing_for_maintenance' }, { status: 'maintenance' }];
    const details: string[] = [];
    store.subscribe(() => {
      const d = item('src')?.detail;
      if (d && details.at(-1) !== d) details.push(d);
    });
    await driveEvacuation(deps, opId);
    expect(engine.hostActions).toHaveLength(1);
    expect(engine.hostActions[0]).not.toHaveProperty('reason');
    expect(details).toContain('hosts.status.preparing_for_maintenance');
    expect(item('src')).toMatchObject({
      state: 'done',
      progress: 100,
      detail: 'hosts.status.maintenance',
    });
    expect(store.get(opId)).toMatchObject({ state: 'done' });
    expect(store.get(opId)?.finishedAt).toBeTypeOf('number');
    expect(store.get(opId)?.steps?.map((s) => s.state)).toEqual(['done', 'done']);
  });

  it('a host read that fails is tried again next tick; the host still reaches done', async () => {
    const { engine, deps, opId, item } = setup([move('v1', 't1')]);
    engine.script.set('v1', lands('t1'));
    engine.hostScript = [{ status: 'maintenance' }];
    engine.hostReadFault = 2;
    await driveEvacuation(deps, opId);
    expect(item('src')?.state).toBe('done');
    expect(engine.hostActions).toHaveLength(1);
  });

  it('a host that does not reach maintenance in time fails with how long it waited', async () => {
    const { engine, deps, opId, item } = setup([move('v1', 't1')]);
    engine.script.set('v1', lands('t1'));
    engine.hostScript = Array.from({ length: 200 }, () => ({
      status: 'preparing_for_maintenance',
    }));
    deps.hostTimeoutMs = 10_000;
    await driveEvacuation(deps, opId);
    expect(item('src')).toMatchObject({
      state: 'failed',
      error:
        'hosts.evac.hostTimeout {"seconds":10,"status":"hosts.status.preparing_for_maintenance"}',
    });
    expect(engine.hostActions).toHaveLength(1);
  });

  it('a host the engine no longer has fails as vanished', async () => {
    const { engine, deps, opId, item } = setup([move('v1', 't1')]);
    engine.script.set('v1', lands('t1'));
    engine.onHostAction = () => {
      engine.hosts.delete('src');
      return Promise.resolve();
    };
    await driveEvacuation(deps, opId);
    expect(item('src')).toMatchObject({ state: 'failed', error: 'hosts.evac.vanished' });
  });

  it('a deactivate the engine refuses fails the host in its words, once', async () => {
    const { engine, deps, opId, item } = setup([move('v1', 't1')]);
    engine.script.set('v1', lands('t1'));
    engine.onHostAction = () =>
      Promise.reject(
        new ActionError('deactivate', 'Operation Failed', 'Host is SPM with tasks.', {
          status: 409,
        }),
      );
    await driveEvacuation(deps, opId);
    expect(engine.hostActions).toHaveLength(1);
    expect(item('src')).toMatchObject({ state: 'failed', error: 'Host is SPM with tasks.' });
  });

  it('a resident check that fails keeps the host active, with the reason', async () => {
    const { engine, deps, store, opId, item } = setup([move('v1', 't1')]);
    engine.script.set('v1', lands('t1'));
    engine.residents = () => Promise.reject(new ConnectionError('search failed', 'network'));
    await driveEvacuation(deps, opId);
    expect(engine.hostActions).toEqual([]);
    expect(item('src')).toMatchObject({ state: 'failed', error: 'search failed' });
    expect(store.get(opId)?.state).toBe('partial');
  });

  it('VMs down or suspended on the host do not hold it; running ones do, counted', async () => {
    const { engine, deps, opId, item } = setup([move('v1', 't1')]);
    engine.script.set('v1', lands('t1'));
    engine.residents = () =>
      Promise.resolve([
        { id: 'x', name: 'x', status: 'down' },
        { id: 'y', name: 'y', status: 'suspended' },
      ]);
    engine.hostScript = [{ status: 'maintenance' }];
    await driveEvacuation(deps, opId);
    expect(engine.hostActions).toHaveLength(1);

    const second = setup([move('v1', 't1')]);
    second.engine.script.set('v1', lands('t1'));
    second.engine.residents = () =>
      Promise.resolve([
        { id: 'x', name: 'x', status: 'up' },
        { id: 'y', name: 'y', status: 'paused' },
        { id: 'z', name: 'z', status: 'down' },
      ]);
    await driveEvacuation(second.deps, second.opId);
    expect(second.engine.hostActions).toEqual([]);
    expect(second.item('src')).toMatchObject({
      state: 'failed',
      error: 'hosts.evac.stepSkipped.blocked {"count":2}',
    });
    expect(item('src')?.state).toBe('done');
  });

  it('a host with VMs the plan could not move stays active, saying how many', async () => {
    const { engine, deps, opId, item } = setup([move('v1', 't1')], {
      blockers: [
        { vmId: 'b1', vmName: 'b1', memory: 1, sourceHostId: 'src', reason: 'pinned' },
        { vmId: 'b2', vmName: 'b2', memory: 1, sourceHostId: 'src', reason: 'pinned' },
      ],
    });
    engine.script.set('v1', lands('t1'));
    await driveEvacuation(deps, opId);
    expect(engine.migrations.map((m) => m.vmId)).toEqual(['v1']);
    expect(engine.hostActions).toEqual([]);
    expect(engine.residentNames).toEqual([]);
    expect(item('src')).toMatchObject({
      state: 'failed',
      error: 'hosts.evac.stepSkipped.blocked {"count":2}',
    });
  });

  it('a failed migration keeps the host active, counting the failures', async () => {
    const { engine, deps, opId, item } = setup([move('v1', 't1'), move('v2', 't1')]);
    engine.onMigrate = () =>
      Promise.reject(
        new ActionError('migrate', 'Operation Failed', 'VM is locked.', { status: 409 }),
      );
    await driveEvacuation(deps, opId);
    expect(engine.migrations).toHaveLength(2);
    expect(item('v1')).toMatchObject({ state: 'failed', error: 'VM is locked.' });
    expect(item('src')).toMatchObject({
      state: 'failed',
      error: 'hosts.evac.stepSkipped.failed {"count":2}',
    });
    expect(engine.hostActions).toEqual([]);
  });

  it('a VM without a target in the meta fails and is never sent', async () => {
    const { engine, deps, storage, opId, item } = setup([move('v1', 't1'), move('v2', 't1')]);
    const meta = readEvacuationMeta(storage, opId);
    if (meta) {
      delete meta.targets.v2;
      writeEvacuationMeta(storage, opId, meta);
    }
    engine.script.set('v1', lands('t1'));
    await driveEvacuation(deps, opId);
    expect(engine.migrations.map((m) => m.vmId)).toEqual(['v1']);
    expect(item('v2')).toMatchObject({
      state: 'failed',
      error: 'hosts.evac.issue.unknown_target',
    });
  });

  it('a VM that vanishes mid-migration fails as vanished; one shut down meanwhile fails as unexpected', async () => {
    const { engine, deps, opId, item } = setup([move('v1', 't1'), move('v2', 't1')]);
    engine.onMigrate = (vmId) => {
      if (vmId === 'v1') engine.vms.delete('v1');
      return Promise.resolve();
    };
    engine.script.set('v2', [{ status: 'migrating' }, { status: 'down' }]);
    await driveEvacuation(deps, opId);
    expect(item('v1')).toMatchObject({ state: 'failed', error: 'hosts.evac.vanished' });
    expect(item('v2')).toMatchObject({
      state: 'failed',
      error: 'vms.op.unexpected {"status":"vms.status.down","target":"vms.status.up"}',
    });
    expect(engine.migrations).toHaveLength(2);
  });

  it('a paused VM that lands paused on its target is done', async () => {
    const { engine, deps, opId, item } = setup([move('v1', 't1')]);
    engine.script.set('v1', [{ status: 'migrating' }, { status: 'paused', hostId: 't1' }]);
    await driveEvacuation(deps, opId);
    expect(item('v1')).toMatchObject({
      state: 'done',
      detail: 'hosts.evac.item.done {"host":"t1"}',
    });
  });

  it('a migration that fell back to the source fails with the job error, or saying it stayed', async () => {
    const { engine, deps, opId, item } = setup([move('v1', 't1'), move('v2', 't1')]);
    engine.script.set('v1', [{ status: 'migrating' }, { status: 'up' }]);
    engine.script.set('v2', [{ status: 'migrating' }, { status: 'up' }, { status: 'up' }]);
    engine.jobs.set(item('v1')?.correlationId ?? '', { status: 'failed', error: 'No memory' });
    engine.vms.set('v2', { ...(engine.vms.get('v2') as VmState), hostName: 'host-src' });
    await driveEvacuation(deps, opId);
    expect(item('v1')).toMatchObject({ state: 'failed', error: 'No memory' });
    expect(item('v2')).toMatchObject({
      state: 'failed',
      error: 'hosts.evac.stayed {"host":"host-src","status":"vms.status.up"}',
    });
    expect(engine.migrations).toHaveLength(2);
  });

  it('a migration whose job finished but the VM is back on the source fails at once', async () => {
    const { engine, deps, opId, item } = setup([move('v1', 't1')]);
    engine.script.set('v1', [{ status: 'migrating' }, { status: 'up' }]);
    engine.jobs.set(item('v1')?.correlationId ?? '', { status: 'finished' });
    let reads = 0;
    const read = engine.vmPort.readVms.bind(engine.vmPort);
    engine.vmPort.readVms = (ids, s) => {
      reads++;
      return read(ids, s);
    };
    await driveEvacuation(deps, opId);
    expect(item('v1')?.state).toBe('failed');
    expect(item('v1')?.error).toContain('hosts.evac.stayed');
    expect(reads).toBe(2);
  });

  it('a migration that never starts fails on the failed job, and is asked every second read', async () => {
    const { engine, deps, opId, item } = setup([move('v1', 't1')]);
    let asks = 0;
    const cid = (): string => item('v1')?.correlationId ?? '';
    engine.vmPort.jobOutcome = (c) => {
      asks++;
      return Promise.resolve(asks >= 2 && c === cid() ? { status: 'failed' } : undefined);
    };
    await driveEvacuation(deps, opId);
    // Reads 2 and 4 ask; the second answer fails it.
    expect(asks).toBe(2);
    expect(item('v1')).toMatchObject({
      state: 'failed',
      error: 'hosts.evac.stayed {"host":"src","status":"vms.status.up"}',
    });
  });

  it('a migration that takes too long fails naming its target and the time', async () => {
    const { engine, deps, opId, item } = setup([move('v1', 't1')]);
    engine.script.set(
      'v1',
      Array.from({ length: 200 }, () => ({ status: 'migrating' })),
    );
    deps.migrationTimeoutMs = 5_000;
    await driveEvacuation(deps, opId);
    expect(item('v1')).toMatchObject({
      state: 'failed',
      error: 'hosts.evac.timeout {"host":"host-t1","seconds":5,"status":"vms.status.migrating"}',
    });
    expect(engine.migrations).toHaveLength(1);
    expect(engine.hostActions).toEqual([]);
  });

  it('never more migrations in flight than the concurrency, resumed ones holding their slots', async () => {
    const ids = ['v1', 'v2', 'v3', 'v4', 'v5'];
    const { engine, deps, store, opId, item } = setup(
      ids.map((id) => move(id, 't1')),
      { concurrency: 2 },
    );
    for (const id of ids) engine.script.set(id, lands('t1'));
    // A reloaded page had sent v1 (the engine is migrating it).
    store.updateItem(opId, 'v1', { state: 'in_progress', actionSentAt: 900 });
    engine.migrations.push({ vmId: 'v1', hostId: 't1', correlationId: 'earlier' });
    let inFlight = 0;
    let most = 0;
    engine.onMigrate = () => {
      inFlight = [...engine.vms.values()].filter(
        (v) => engine.migrations.some((m) => m.vmId === v.id) && v.hostId === 'src',
      ).length;
      most = Math.max(most, inFlight);
      return Promise.resolve();
    };
    await driveEvacuation(deps, opId);
    expect(engine.migrations.map((m) => m.vmId)).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
    expect(most).toBeLessThanOrEqual(2);
    for (const id of ids) expect(item(id)?.state).toBe('done');
  });

  it('a resumed deactivate (sent, no answer known) is not sent again; the host status decides', async () => {
    const { engine, deps, store, opId, item } = setup([move('v1', 't1')]);
    store.updateItem(opId, 'v1', { state: 'done', finishedAt: 900 });
    store.updateItem(opId, 'src', { state: 'sent', actionSentAt: 950 });
    engine.hostScript = [{ status: 'maintenance' }];
    await driveEvacuation(deps, opId);
    expect(engine.hostActions).toEqual([]);
    expect(engine.residentNames).toEqual([]);
    expect(item('src')?.state).toBe('done');
  });

  it('a resumed deactivate whose host never left up fails as unconfirmed, not sent again', async () => {
    const { engine, deps, store, opId, item } = setup([move('v1', 't1')]);
    store.updateItem(opId, 'v1', { state: 'done', finishedAt: 900 });
    store.updateItem(opId, 'src', { state: 'sent', actionSentAt: 950 });
    await driveEvacuation(deps, opId);
    expect(engine.hostActions).toEqual([]);
    expect(item('src')).toMatchObject({ state: 'failed', error: 'vms.op.unconfirmed' });
  });

  it('a deactivate in progress (answered) waits for maintenance, and never fails as unconfirmed', async () => {
    const { engine, deps, store, opId, item } = setup([move('v1', 't1')]);
    store.updateItem(opId, 'v1', { state: 'done', finishedAt: 900 });
    store.updateItem(opId, 'src', { state: 'in_progress', actionSentAt: 950 });
    engine.hostScript = [
      ...Array.from({ length: 12 }, () => ({ status: 'up' })),
      { status: 'maintenance' },
    ];
    await driveEvacuation(deps, opId);
    expect(engine.hostActions).toEqual([]);
    expect(item('src')?.state).toBe('done');
  });

  it('an aborted run stops following and sends nothing more', async () => {
    const { engine, deps, opId, item } = setup([move('v1', 't1'), move('v2', 't1')], {
      concurrency: 1,
    });
    const controller = new AbortController();
    engine.onMigrate = () => {
      controller.abort();
      return Promise.resolve();
    };
    await driveEvacuation(deps, opId, controller.signal);
    expect(engine.migrations.map((m) => m.vmId)).toEqual(['v1']);
    expect(engine.hostActions).toEqual([]);
    expect(item('v2')?.state).toBe('pending');
    expect(item('src')?.state).toBe('pending');
  });

  it('the lease is given back when the run ends, so another page can take it', async () => {
    const { engine, deps, storage, opId } = setup([move('v1', 't1')]);
    engine.script.set('v1', lands('t1'));
    await driveEvacuation(deps, opId);
    expect([...storage.map.keys()].some((k) => k.includes(':lease:'))).toBe(false);
  });
});

/*
 * Never twice, fail closed, and what the admin reads: tests written against the survivors of
 * the mutation run of lines 1-330 (issue 11 point 7).
 */
describe('evacuation steps the drawer shows', () => {
  const base = (items: OperationRecord['items']): OperationRecord => ({
    id: 'op',
    kind: 'host-evacuate',
    title: 'Maintenance',
    correlationId: 'oc1',
    startedAt: 0,
    state: 'running',
    items,
  });
  const vm = (state: OperationRecord['items'][number]['state']) =>
    ({ entity: 'vm', id: 'v', name: 'v', state, correlationId: 'c' }) as const;
  const host = (id: string, state: OperationRecord['items'][number]['state']) =>
    ({ entity: 'host', id, name: `host-${id}`, state, correlationId: 'c' }) as const;

  it('the migrate step counts VMs only: all moved is done while a host is still on its way', () => {
    expect(deriveSteps(base([vm('done'), host('1', 'in_progress')]), t)[0]?.state).toBe('done');
    expect(deriveSteps(base([vm('pending'), host('1', 'pending')]), t)[0]?.state).toBe('pending');
  });

  it('names every host being emptied, comma separated', () => {
    expect(
      deriveSteps(base([vm('pending'), host('1', 'pending'), host('2', 'pending')]), t)[0]?.name,
    ).toBe('hosts.evac.step.migrate {"names":"host-1, host-2"}');
  });
});

describe('cancel and the storage stop leave alone what needs no cancelling', () => {
  const blockers = [
    { vmId: 'b1', vmName: 'b1', memory: 1, sourceHostId: 'src', reason: 'pinned' as const },
  ];

  it('cancel keeps a blocked VM skipped with its reason, a failed one failed, a recorded send sent', () => {
    const { store, opId, item } = setup([move('v1', 't1'), move('v2', 't1'), move('v3', 't1')], {
      blockers,
    });
    store.updateItem(opId, 'v1', { state: 'failed', error: 'E', finishedAt: 10 });
    // The record says the request left (actionSentAt) even if its state was not updated yet.
    store.updateItem(opId, 'v2', { actionSentAt: 20 });
    const blocked = item('b1');
    const failed = item('v1');
    const sent = item('v2');
    cancelEvacuation(store, t, opId, 99);
    expect(item('b1')).toEqual(blocked);
    expect(item('v1')).toEqual(failed);
    expect(item('v2')).toEqual(sent);
    expect(item('v3')?.state).toBe('cancelled');
  });

  it('storage refusing the pre-send mark: a resumed migration is tracked to done, blocked and sent-marked items keep their state, the rest is cancelled with words', async () => {
    const { engine, deps, store, storage, opId, item } = setup(
      [move('v1', 't1'), move('v2', 't1'), move('v3', 't1')],
      // Three slots: v2's pre-send mark is the first record write of the run.
      { blockers, concurrency: 3 },
    );
    // A reloaded page had sent v1 (answered) and v3 (recorded as sent, state not updated yet).
    store.updateItem(opId, 'v1', { state: 'in_progress', actionSentAt: 900 });
    store.updateItem(opId, 'v3', { actionSentAt: 950 });
    engine.migrations.push(
      { vmId: 'v1', hostId: 't1', correlationId: 'earlier' },
      { vmId: 'v3', hostId: 't1', correlationId: 'earlier' },
    );
    engine.script.set('v1', lands('t1'));
    engine.script.set('v3', lands('t1'));
    const blocked = item('b1');
    // The browser refuses one write (v2's pre-send mark), then stores again.
    let refusals = 1;
    const setItem = storage.setItem.bind(storage);
    storage.setItem = (k, v) => {
      if (k === 'ops-center:operations' && refusals > 0) {
        refusals--;
        throw new DOMException('quota', 'QuotaExceededError');
      }
      setItem(k, v);
    };
    await driveEvacuation(deps, opId);
    expect(engine.migrations.map((m) => m.vmId)).toEqual(['v1', 'v3']);
    expect(engine.hostActions).toEqual([]);
    expect(engine.residentNames).toEqual([]);
    // This page says why it stopped (the reason is the page's own; the record does not hold it).
    expect(store.get(opId)?.stoppedReason).toBe('storage');
    // What the browser kept once it stored again: each item's state, and why.
    const kept = createOperationsStore(storage).get(opId);
    const keptItem = (id: string) => kept?.items.find((i) => i.id === id);
    expect(keptItem('v1')?.state).toBe('done');
    expect(keptItem('v3')?.state).toBe('done');
    expect(keptItem('b1')).toEqual(blocked);
    expect(keptItem('v2')).toMatchObject({
      state: 'cancelled',
      detail: 'hosts.evac.item.cancelled',
    });
    expect(keptItem('v2')?.actionSentAt).toBeUndefined();
    expect(keptItem('src')).toMatchObject({
      state: 'cancelled',
      detail: 'hosts.evac.stepSkipped.cancelled',
    });
    expect(kept?.state).not.toBe('running');
  });
});

describe('driveEvacuation drives only what it may', () => {
  it('an unknown id or a record of another kind is left alone: nothing sent, nothing written', async () => {
    const { engine, deps, store, storage } = setup([move('v1', 't1')]);
    await expect(driveEvacuation(deps, 'nope')).resolves.toBeUndefined();
    const other: OperationRecord = {
      id: 'bulk',
      kind: 'vm-stop',
      title: 'Power off',
      correlationId: 'oc9',
      startedAt: 1,
      state: 'running',
      items: [{ entity: 'vm', id: 'v1', name: 'vm-v1', state: 'pending', correlationId: 'oc9-1' }],
    };
    store.create(other);
    await driveEvacuation(deps, 'bulk');
    expect(store.get('bulk')).toEqual(other);
    expect(engine.migrations).toEqual([]);
    expect([...storage.map.keys()].some((k) => k.endsWith(':lease:bulk'))).toBe(false);
  });

  it('a page without the lease sends nothing and leaves the record as it is', async () => {
    const { engine, deps, store, storage, opId } = setup([move('v1', 't1')]);
    engine.script.set('v1', lands('t1'));
    const lease = JSON.stringify({ owner: 'another-page', expires: 1_000 + 5_000 });
    storage.setItem(`ops-center:operations:lease:${opId}`, lease);
    const before = store.get(opId);
    await driveEvacuation(deps, opId);
    expect(engine.migrations).toEqual([]);
    expect(engine.hostActions).toEqual([]);
    expect(store.get(opId)).toEqual(before);
    expect(storage.getItem(`ops-center:operations:lease:${opId}`)).toBe(lease);
  });

  it('a lost plan (no meta) sends nothing: every VM fails with an unknown target, the host stays active', async () => {
    const { engine, deps, storage, store, opId, item } = setup([move('v1', 't1')]);
    storage.removeItem(`ops-center:operations:evacuation:${opId}`);
    engine.residents = () => Promise.resolve([{ id: 'v1', name: 'vm-v1', status: 'up' }]);
    await driveEvacuation(deps, opId);
    expect(engine.migrations).toEqual([]);
    expect(engine.hostActions).toEqual([]);
    expect(item('v1')).toMatchObject({ state: 'failed', error: 'hosts.evac.issue.unknown_target' });
    expect(item('src')?.state).toBe('failed');
    expect(store.get(opId)?.state).toBe('failed');
  });

  it('the record removed while a migration is sent: the run ends quietly, nothing more is sent', async () => {
    const { engine, deps, store, opId } = setup([move('v1', 't1'), move('v2', 't1')], {
      concurrency: 1,
    });
    engine.onMigrate = () => {
      store.remove(opId);
      return Promise.resolve();
    };
    await expect(driveEvacuation(deps, opId)).resolves.toBeUndefined();
    expect(engine.migrations.map((m) => m.vmId)).toEqual(['v1']);
    expect(engine.hostActions).toEqual([]);
    expect(engine.residentNames).toEqual([]);
  });

  it('the record removed while a migration is followed: following stops, nothing more is sent', async () => {
    const { engine, deps, store, opId } = setup([move('v1', 't1'), move('v2', 't1')], {
      concurrency: 1,
    });
    engine.script.set('v1', [{ status: 'migrating' }, ...lands('t1')]);
    const controller = new AbortController();
    let reads = 0;
    const read = engine.vmPort.readVms.bind(engine.vmPort);
    engine.vmPort.readVms = (ids, s) => {
      reads++;
      if (reads === 1) store.remove(opId);
      // A bound, so a run that never lets go is caught instead of polling forever.
      if (reads > 20) controller.abort();
      return read(ids, s);
    };
    await driveEvacuation(deps, opId, controller.signal);
    expect(reads).toBe(1);
    expect(controller.signal.aborted).toBe(false);
    expect(engine.migrations.map((m) => m.vmId)).toEqual(['v1']);
    expect(engine.hostActions).toEqual([]);
  });

  it('a migration cancelled while another is on its way is never sent; the host stays active', async () => {
    const { engine, deps, store, opId, item } = setup([move('v1', 't1'), move('v2', 't1')], {
      concurrency: 1,
    });
    engine.script.set('v1', lands('t1'));
    engine.onMigrate = () => {
      cancelEvacuation(store, t, opId, 5);
      return Promise.resolve();
    };
    // A bound: a cancelled VM sent anyway would be followed forever (it has no send time).
    const controller = new AbortController();
    let reads = 0;
    const read = engine.vmPort.readVms.bind(engine.vmPort);
    engine.vmPort.readVms = (ids, s) => {
      if (++reads > 20) controller.abort();
      return read(ids, s);
    };
    await driveEvacuation(deps, opId, controller.signal);
    expect(engine.migrations.map((m) => m.vmId)).toEqual(['v1']);
    expect(item('v1')?.state).toBe('done');
    expect(item('v2')?.state).toBe('cancelled');
    expect(engine.hostActions).toEqual([]);
    expect(store.get(opId)?.state).toBe('partial');
  });

  it('the drawer shows the migrate step done as soon as every VM moved, before the host phase', async () => {
    const { engine, deps, store, opId } = setup([move('v1', 't1')]);
    engine.script.set('v1', lands('t1'));
    engine.hostScript = [{ status: 'maintenance' }];
    let atHostPhase: string[] | undefined;
    engine.residents = () => {
      atHostPhase = store.get(opId)?.steps?.map((s) => s.state);
      return Promise.resolve([]);
    };
    await driveEvacuation(deps, opId);
    expect(atHostPhase).toEqual(['done', 'pending']);
  });
});

describe('when a followed VM counts as moved', () => {
  it('migrating while the engine already names the destination is not done yet', async () => {
    const { engine, deps, opId, item } = setup([move('v1', 't1')]);
    engine.script.set('v1', [
      { status: 'migrating', hostId: 't1', hostName: 'handover' },
      { status: 'up', hostId: 't1', hostName: 'host-t1' },
    ]);
    await driveEvacuation(deps, opId);
    expect(item('v1')).toMatchObject({
      state: 'done',
      detail: 'hosts.evac.item.done {"host":"host-t1"}',
    });
  });

  it('shut down during the migration (no host any more) fails as unexpected, it did not move', async () => {
    const { engine, deps, opId, item } = setup([move('v1', 't1')]);
    engine.script.set('v1', [{ status: 'migrating' }, { status: 'down', hostId: undefined }]);
    await driveEvacuation(deps, opId);
    expect(item('v1')).toMatchObject({
      state: 'failed',
      error: 'vms.op.unexpected {"status":"vms.status.down","target":"vms.status.up"}',
    });
    expect(engine.hostActions).toEqual([]);
  });

  it('up in a read that names no host is not counted moved; the next read decides', async () => {
    const { engine, deps, opId, item } = setup([move('v1', 't1')]);
    engine.script.set('v1', [
      { status: 'migrating' },
      { status: 'up', hostId: undefined, hostName: undefined },
      { status: 'up', hostId: 't1', hostName: 'host-t1' },
    ]);
    await driveEvacuation(deps, opId);
    expect(item('v1')).toMatchObject({
      state: 'done',
      detail: 'hosts.evac.item.done {"host":"host-t1"}',
    });
  });

  it('a cancel the engine refused: the VM that moved is done, and keeps the engine words', async () => {
    const { engine, deps, storage, opId, item } = setup([move('v1', 't1')]);
    engine.script.set('v1', lands('t1'));
    storage.setItem(
      `ops-center:operations:cancel:${opId}`,
      JSON.stringify({ v1: { at: 1, refused: 'Migration is already finishing.' } }),
    );
    await driveEvacuation(deps, opId);
    expect(item('v1')).toMatchObject({
      state: 'done',
      detail: 'hosts.evac.item.done {"host":"host-t1"}',
      error: 'Migration is already finishing.',
    });
  });
});
