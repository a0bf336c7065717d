import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { seedEarlyReads, startEarlyRead, takeBootEnvironment } from './earlyReads';

const key = ['vms', 'list', { search: 'sortby name asc page 1', page: 1, pageSize: 50 }] as const;

function deferred<T>(): {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
} {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('early reads (issue 14: fetch while the code loads)', () => {
  afterEach(() => {
    seedEarlyReads(new QueryClient()); // drop leftovers
  });

  it('an answer that arrived before the QueryClient is in its cache at once', async () => {
    startEarlyRead(key, () => Promise.resolve(['vm-1']));
    await flush();
    const client = new QueryClient();
    seedEarlyReads(client);
    expect(client.getQueryData(key)).toEqual(['vm-1']);
    expect(client.getQueryState(key)?.dataUpdatedAt).toBeGreaterThan(0);
  });

  it('a read still under way becomes the query’s fetch: the view does not send it again', async () => {
    const answer = deferred<string[]>();
    startEarlyRead(key, () => answer.promise);
    const client = new QueryClient();
    seedEarlyReads(client);
    const viewRead = vi.fn(() => Promise.resolve(['from the view']));
    const fetched = client.query({ queryKey: key, queryFn: viewRead });
    answer.resolve(['vm-1']);
    await expect(fetched).resolves.toEqual(['vm-1']);
    expect(viewRead).not.toHaveBeenCalled();
  });

  it('a failed read is dropped: the view reads again and gets its own answer or error', async () => {
    startEarlyRead(key, () => Promise.reject(new Error('engine down')));
    await flush();
    const client = new QueryClient();
    seedEarlyReads(client);
    expect(client.getQueryState(key)).toBeUndefined();
    const viewRead = vi.fn(() => Promise.resolve(['vm-2']));
    await expect(client.query({ queryKey: key, queryFn: viewRead })).resolves.toEqual(['vm-2']);
    expect(viewRead).toHaveBeenCalledTimes(1);
  });

  it('hands its reads over once; pages without a boot script get no environment from it', async () => {
    startEarlyRead(key, () => Promise.resolve(['vm-1']));
    await flush();
    seedEarlyReads(new QueryClient());
    const late = new QueryClient();
    seedEarlyReads(late);
    expect(late.getQueryData(key)).toBeUndefined();
    expect(takeBootEnvironment()).toBeUndefined();
  });
});
