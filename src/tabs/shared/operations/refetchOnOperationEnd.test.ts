import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import type { OperationItem, OperationRecord } from '../../../operations/operationsStore';
import { hostKeys, vmKeys } from '../queryKeys';
import { createOperationEndFollower } from './refetchOnOperationEnd';

const item = (id: string, state: OperationItem['state']): OperationItem => ({
  entity: 'vm',
  id,
  name: id,
  state,
  correlationId: 'c',
});

function op(state: OperationRecord['state'], items: OperationItem[]): OperationRecord {
  return {
    id: 'op',
    kind: 'vm-suspend',
    title: 'Suspend',
    correlationId: 'c',
    startedAt: 1,
    state,
    items,
  };
}

let client: QueryClient;
const offs: (() => void)[] = [];
afterEach(() => {
  for (const off of offs.splice(0)) off();
  client.clear();
});

/** An active query polling once an hour: any fetch after the first is the follower's doing. */
function watch(queryKey: readonly unknown[]): { fetches: number } {
  const counter = { fetches: 0 };
  const observer = new QueryObserver(client, {
    queryKey,
    queryFn: () => ++counter.fetches,
    refetchInterval: 3_600_000,
    staleTime: 3_600_000,
  });
  offs.push(observer.subscribe(() => undefined));
  return counter;
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('refetch on operation end', () => {
  it('refetches the VM list, the VM and the hosts when the operation ends, without waiting for the poll', async () => {
    client = new QueryClient();
    const list = watch(vmKeys.list('', 1, 50));
    const vm = watch(vmKeys.detail('a'));
    const hosts = watch(hostKeys.list('', 1, 50));
    const other = watch(vmKeys.detail('z'));
    await settle();
    expect([list.fetches, vm.fetches, hosts.fetches]).toEqual([1, 1, 1]);
    let clock = 0;
    const follower = createOperationEndFollower(client, () => clock);
    follower.observe([op('running', [item('a', 'in_progress'), item('b', 'in_progress')])]);
    follower.observe([op('running', [item('a', 'in_progress'), item('b', 'in_progress')])]);
    await settle();
    expect(list.fetches).toBe(1);

    follower.observe([op('done', [item('a', 'done'), item('b', 'done')])]);
    await settle();
    expect([list.fetches, vm.fetches, hosts.fetches, other.fetches]).toEqual([2, 2, 2, 1]);

    // Seen once: later snapshots of the same finished record refetch nothing more.
    clock += 5_000;
    follower.observe([op('done', [item('a', 'done'), item('b', 'done')])]);
    await settle();
    expect(list.fetches).toBe(2);
    follower.dispose();
  });

  it('an item that finishes mid-run refetches too, and records already finished on load do not', async () => {
    client = new QueryClient();
    const list = watch(vmKeys.list('', 1, 50));
    await settle();
    const follower = createOperationEndFollower(client, () => 10_000);
    follower.observe([{ ...op('done', [item('x', 'done')]), id: 'old' }]);
    await settle();
    expect(list.fetches).toBe(1);
    follower.observe([op('running', [item('a', 'in_progress'), item('b', 'pending')])]);
    follower.observe([op('running', [item('a', 'done'), item('b', 'pending')])]);
    await settle();
    expect(list.fetches).toBe(2);
    follower.dispose();
  });
});
