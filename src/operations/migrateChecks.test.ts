// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { migrateSkip, vmsWithoutTarget, withMigrateSkips } from './migrateChecks';
import { planVmAction } from './vmActions';
import { createVmOperation, type Translate } from './vmBulkRunner';
import { createOperationsStore } from './operationsStore';

const H1 = 'h1';
const H2 = 'h2';

describe('migrateSkip: refusals the engine states up front', () => {
  it('skips a VM pinned to its host', () => {
    expect(migrateSkip({ id: 'a', hostId: H1, placementAffinity: 'pinned' })).toBe('pinnedToHost');
  });
  it('skips a VM whose pinning list names only its own host', () => {
    expect(migrateSkip({ id: 'a', hostId: H1, placementHostIds: [H1] })).toBe('onlyThisHost');
    expect(migrateSkip({ id: 'a', hostId: H1, placementHostIds: [H1, H2] })).toBeUndefined();
  });
  it('skips a VM when the chosen destination is outside its pinning list', () => {
    const vm = { id: 'a', hostId: H1, placementHostIds: [H1, H2] };
    expect(migrateSkip(vm, { targetHostId: 'h3' })).toBe('targetNotAllowed');
    expect(migrateSkip(vm, { targetHostId: H2 })).toBeUndefined();
  });
  it('skips a VM the engine offers no host for', () => {
    expect(migrateSkip({ id: 'a' }, { noTargetIds: new Set(['a']) })).toBe('noTarget');
    expect(migrateSkip({ id: 'b' }, { noTargetIds: new Set(['a']) })).toBeUndefined();
  });
  it('leaves ordinary migratable VMs alone', () => {
    expect(migrateSkip({ id: 'a', hostId: H1, placementAffinity: 'migratable' })).toBeUndefined();
  });
});

describe('the confirmation and the record agree', () => {
  const vms = withMigrateSkips([
    { id: 'a', name: 'pinned', status: 'up', hostId: H1, placementAffinity: 'pinned' },
    { id: 'b', name: 'free', status: 'up', hostId: H1 },
    { id: 'c', name: 'down', status: 'down', placementAffinity: 'pinned' },
  ]);

  it('planVmAction lists a pinned VM as skipped, not as will be sent', () => {
    const plan = planVmAction('migrate', vms);
    expect(plan.send.map((v) => v.id)).toEqual(['b']);
    expect(plan.skip.map((s) => [s.vm.id, s.reason])).toEqual([
      ['a', 'pinnedToHost'],
      ['c', 'notRunning'],
    ]);
  });

  it('createVmOperation records the pinned VM as skipped with the reason, never pending', () => {
    sessionStorage.clear();
    const store = createOperationsStore(sessionStorage);
    const t: Translate = (key) => key;
    const id = createVmOperation({ store, storage: sessionStorage, t }, 'migrate', vms, {
      title: 'Migrate',
    });
    const items = store.get(id)?.items ?? [];
    expect(items.map((i) => [i.id, i.state, i.detail])).toEqual([
      ['a', 'skipped', 'vms.skip.pinnedToHost'],
      ['b', 'pending', undefined],
      ['c', 'skipped', 'vms.skip.notRunning'],
    ]);
  });
});

describe('vmsWithoutTarget', () => {
  it('asks about each VM alone and returns those with no host', async () => {
    const asked: string[][] = [];
    const none = await vmsWithoutTarget(['a', 'b', 'c'], (ids) => {
      asked.push([...ids]);
      return Promise.resolve(ids[0] === 'b' ? [] : [{ id: H2 }]);
    });
    expect([...(none ?? [])]).toEqual(['b']);
    expect(asked.sort()).toEqual([['a'], ['b'], ['c']]);
  });
  it('does not ask VM by VM beyond the limit', async () => {
    const ids = Array.from({ length: 51 }, (_, i) => `vm${String(i)}`);
    expect(await vmsWithoutTarget(ids, () => Promise.resolve([]))).toBeUndefined();
  });
});
