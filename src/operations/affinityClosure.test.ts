// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { closureFollowers, type ClosureVm } from './affinityClosure';
import type { PlannerAffinityGroup } from './schedulingRules';
import { createOperationsStore, type OperationsStore } from './operationsStore';
import { createVmOperation, driveOperation, type RunnerDeps } from './vmBulkRunner';
import type { JobOutcome, VmOpsPort, VmState } from './vmOpsPort';
import { ActionError } from '../rest/errors';

const group = (
  name: string,
  vmIds: string[],
  rule: { positive: boolean; enforcing: boolean } = { positive: true, enforcing: true },
): PlannerAffinityGroup => ({
  id: name,
  name,
  clusterId: 'c1',
  vmsRule: rule,
  vmIds,
  hostIds: [],
});

const vm = (id: string, hostId = 'h1', status = 'up'): ClosureVm => ({
  id,
  name: `vm-${id}`,
  status,
  hostId,
});
const byId = (...list: ClosureVm[]) => new Map(list.map((v) => [v.id, v]));

describe('closureFollowers', () => {
  it('follows enforcing positive groups transitively, on the same host, naming the group', () => {
    const groups = [
      group('db-pair', ['a', 'b']),
      group('db-chain', ['b', 'c']),
      group('soft', ['a', 'd'], { positive: true, enforcing: false }),
      group('apart', ['a', 'e'], { positive: false, enforcing: true }),
      group('elsewhere', ['a', 'f']),
    ];
    const vms = byId(vm('a'), vm('b'), vm('c'), vm('d'), vm('e'), vm('f', 'h2'), vm('g'));
    const out = closureFollowers(['a'], groups, vms);
    expect(out.get('a')).toEqual([
      { ...vm('b'), group: 'db-pair' },
      { ...vm('c'), group: 'db-chain' },
    ]);
  });

  it('a selected VM another selected VM moves is its follower, never a leader', () => {
    const out = closureFollowers(
      ['a', 'b', 'x'],
      [group('g', ['a', 'b'])],
      byId(vm('a'), vm('b'), vm('x')),
    );
    expect([...out.keys()]).toEqual(['a']);
    expect(out.get('a')?.map((f) => f.id)).toEqual(['b']);
  });

  it('leaves out members that are not running', () => {
    const out = closureFollowers(
      ['a'],
      [group('g', ['a', 'b'])],
      byId(vm('a'), vm('b', undefined, 'down')),
    );
    expect(out.size).toBe(0);
  });
});

/** The engine moves the closure with its leader when asked to. */
class ClosureEngine implements VmOpsPort {
  vms = new Map<string, VmState>();
  posts: { id: string; closure: boolean }[] = [];
  refuse = false;
  private moving = new Map<string, number>();

  constructor(ids: string[]) {
    for (const id of ids) this.vms.set(id, { id, name: `vm-${id}`, status: 'up', hostId: 'h1' });
  }

  sendAction(
    id: string,
    _action: string,
    o: { correlationId: string; hostId?: string; affinityClosure?: boolean },
  ): Promise<void> {
    this.posts.push({ id, closure: o.affinityClosure === true });
    if (this.refuse)
      return Promise.reject(
        new ActionError('migrate', 'Operation Failed', 'Cannot migrate VM. No host.', {
          status: 409,
        }),
      );
    const group = o.affinityClosure ? ['a', 'b', 'c'] : [id];
    for (const m of group) {
      const v = this.vms.get(m);
      if (v) v.status = 'migrating';
      this.moving.set(m, 2);
    }
    return Promise.resolve();
  }

  readVms(ids: readonly string[]): Promise<VmState[]> {
    return Promise.resolve(
      ids.flatMap((id) => {
        const v = this.vms.get(id);
        if (!v) return [];
        const left = this.moving.get(id);
        if (left !== undefined) {
          if (left <= 1) {
            this.moving.delete(id);
            v.status = 'up';
            v.hostId = 'h2';
          } else this.moving.set(id, left - 1);
        }
        return [{ ...v }];
      }),
    );
  }

  jobOutcome(): Promise<JobOutcome | undefined> {
    return Promise.resolve({ status: 'running' });
  }
}

let store: OperationsStore;
let engine: ClosureEngine;
let deps: RunnerDeps;

beforeEach(() => {
  sessionStorage.clear();
  store = createOperationsStore(sessionStorage);
  engine = new ClosureEngine(['a', 'b', 'c', 'x']);
  deps = {
    store,
    port: engine,
    storage: sessionStorage,
    t: (key, params) => (params ? `${key} ${JSON.stringify(params)}` : key),
    concurrency: 4,
    pollMs: 1,
    timeoutMs: () => 60_000,
    sleep: () => new Promise((r) => setTimeout(r, 0)),
  };
});

const up = (id: string) => ({ id, name: `vm-${id}`, status: 'up', hostId: 'h1' });

describe('migrating with the affinity closure', () => {
  it('sends the leader once with the closure, and tracks every follower to its new host', async () => {
    const id = createVmOperation(deps, 'migrate', [up('a'), up('x')], {
      title: 'Migrate',
      closure: new Map([['a', [up('b'), up('c')]]]),
    });
    expect(store.get(id)?.items.map((i) => i.id)).toEqual(['a', 'x', 'b', 'c']);
    await driveOperation(deps, id);
    expect(engine.posts).toEqual([
      { id: 'a', closure: true },
      { id: 'x', closure: false },
    ]);
    const items = store.get(id)?.items ?? [];
    for (const i of items) {
      expect(i.state, i.id).toBe('done');
      expect(i.actionSentAt, i.id).toBeDefined();
    }
    expect(items.find((i) => i.id === 'b')?.detail).toBe('vms.migrate.onHost {"host":"h2"}');
  });

  it('followers share their leader’s refusal, in the engine’s words', async () => {
    engine.refuse = true;
    const id = createVmOperation(deps, 'migrate', [up('a')], {
      title: 'Migrate',
      closure: new Map([['a', [up('b')]]]),
    });
    await driveOperation(deps, id);
    expect(engine.posts).toHaveLength(1);
    expect(store.get(id)?.items.map((i) => [i.id, i.state, i.error])).toEqual([
      ['a', 'failed', 'Cannot migrate VM. No host.'],
      ['b', 'failed', 'Cannot migrate VM. No host.'],
    ]);
  });
});
