/**
 * Fetch while the code loads (issue 14). A page's entry is a small boot script (no React, no
 * PatternFly): it builds the page environment (the same REST client and credentials path as
 * always: `readCredential` asks WebAdmin's plugin API on each request, nothing is stored), starts
 * the page's first engine reads, and then imports the page. When PageRoot creates the page's
 * QueryClient it takes both over: the environment becomes the page's, each answer that has
 * arrived is put in the cache (the first render shows the rows, not a loading state), and each
 * read still under way becomes the query's fetch, so the view's `useQuery` waits for it instead of
 * sending the same request again. A read that failed is dropped: the view sends its own, and shows
 * its error as it always does.
 *
 * Keys come from queryKeys.ts and must be the ones the view's `useQuery` computes; each boot
 * script has a test for that.
 *
 * @example
 *   // src/tabs/<page>/boot.ts
 *   const env = bootEnvironment();
 *   if (env.kind === 'ready') startEarlyRead(vmKeys.detail(id), () => env.client.vmGet(id));
 *   void import('./main');
 */
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { createPageEnvironment } from '../pageEnvironment';
import type { PageEnvironment } from '../pageEnvironment';

type Settled = { ok: true; data: unknown; at: number } | { ok: false };

interface EarlyRead {
  key: QueryKey;
  promise: Promise<unknown>;
  settled?: Settled;
}

let reads: EarlyRead[] = [];
let environment: PageEnvironment | undefined;

/** The page environment, created once by the boot script and later handed to PageRoot. */
export function bootEnvironment(): PageEnvironment {
  environment ??= createPageEnvironment();
  return environment;
}

/** PageRoot's environment when a boot script made one (tests and pages without one: undefined). */
export function takeBootEnvironment(): PageEnvironment | undefined {
  const env = environment;
  environment = undefined;
  return env;
}

/** Starts `read` now; its answer is kept for the query with `key`. */
export function startEarlyRead(key: QueryKey, read: () => Promise<unknown>): void {
  void earlyRead(key, read);
}

/**
 * `startEarlyRead` that also returns the read, for a boot script that draws with the answer
 * (the main place's first paint). The returned promise rejects when the read fails.
 */
export function earlyRead<T>(key: QueryKey, read: () => Promise<T>): Promise<T> {
  const entry: EarlyRead = { key, promise: Promise.resolve() };
  const promise = read().then(
    (data) => {
      entry.settled = { ok: true, data, at: Date.now() };
      return data;
    },
    (error: unknown) => {
      entry.settled = { ok: false };
      throw error;
    },
  );
  entry.promise = promise;
  // Handled here: a failed early read is not an error of its own (the view reads again).
  promise.catch(() => undefined);
  reads.push(entry);
  return promise;
}

/** Hands every early read to `client` (once: later calls get nothing). */
export function seedEarlyReads(client: QueryClient): void {
  const taken = reads;
  reads = [];
  for (const read of taken) {
    if (read.settled?.ok)
      client.setQueryData(read.key, read.settled.data, { updatedAt: read.settled.at });
    else if (read.settled === undefined)
      client.query({ queryKey: read.key, queryFn: () => read.promise }).catch(() => undefined);
  }
}
