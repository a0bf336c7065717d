/**
 * The one place where the reliability tests reach the operations runners and their record.
 * Every test under test/reliability imports runners through this module, never from their
 * source paths, so moving the runners (issue 11: `src/tabs/**` → `src/operations/`) means
 * re-pointing the imports below and nothing else.
 *
 * What each export must be, whatever module provides it:
 *
 * - `createOperationsStore(storage)`: the operations record over a `Storage`-like object
 *   (`getItem`/`setItem`/`removeItem`). `get(id)` reads it back from that storage, so a second
 *   store over the same storage is what a reloaded page sees.
 * - `isItemFinished(item)`: true for done, failed, skipped and cancelled items.
 * - `createVmOperation(deps, action, vms, { title })`: writes a new bulk VM operation record
 *   (pending items for the VMs the action applies to) and returns its id. Sends nothing.
 * - `driveOperation(deps, id)`: sends and tracks that operation until every item is finished;
 *   resolves when this page's run ends. A second call for an operation this module instance
 *   already drives returns the same run.
 * - `resumeOperations(deps)`: on page load, starts driving every unfinished VM operation that
 *   no live page holds the lease of. Returns nothing; the test waits on the record.
 * - `isDrivenHere(id)`: true while this module instance drives the operation.
 * - `cancelRest(store, id)`: cancels what was not sent; sent items keep being tracked.
 * - `retryFailed(store, id)`: puts the failed items back to pending (an explicit retry).
 * - `createEngineVmOpsPort(client)`: the runner's port over `src/rest`'s client.
 * - `LEASE_MS`: how long a page's lease on an operation lasts without renewal.
 * - `loadFreshRunner()`: the runner as a reloaded page gets it: a fresh module instance (new
 *   page id, nothing driven yet), sharing the storage the test passes in its deps.
 * - `RunnerDeps`: `{ store, port, storage, t, concurrency, pollMs, timeoutMs, now?, sleep? }`;
 *   if the moved runner takes more (a `maxVmsInTransition`, a tracker), `runnerDeps()` below
 *   is where defaults are added, so the tests do not change.
 */
import { vi } from 'vitest';
import type * as runnerModule from '../../src/operations/vmBulkRunner';
import type { RunnerDeps, Translate } from '../../src/operations/vmBulkRunner';

export {
  createOperationsStore,
  isItemFinished,
  type OperationItem,
  type OperationRecord,
  type OperationsStore,
} from '../../src/operations/operationsStore';
export {
  cancelRest,
  createVmOperation,
  driveOperation,
  isDrivenHere,
  resumeOperations,
  retryFailed,
  type RunnerDeps,
  type Translate,
  type VmToAct,
} from '../../src/operations/vmBulkRunner';
export type { VmAction } from '../../src/operations/vmActions';
export type { JobOutcome, VmOpsPort, VmState } from '../../src/operations/vmOpsPort';
export { createEngineVmOpsPort } from '../../src/operations/engineVmOpsPort';
export { LEASE_MS } from '../../src/operations/lease';

type RunnerModule = typeof runnerModule;

/** The runner module as a freshly loaded page has it (see the list above). */
export async function loadFreshRunner(): Promise<
  Pick<RunnerModule, 'driveOperation' | 'resumeOperations' | 'isDrivenHere'>
> {
  vi.resetModules();
  return import('../../src/operations/vmBulkRunner');
}

/** Message keys shown as-is (with their parameters), so tests can match them. */
export const t: Translate = (key, params) => (params ? `${key} ${JSON.stringify(params)}` : key);

/** Complete runner deps from what a test cares about. */
export function runnerDeps(
  d: Pick<RunnerDeps, 'store' | 'port' | 'storage'> & Partial<RunnerDeps>,
) {
  const deps: RunnerDeps = {
    t,
    concurrency: 3,
    pollMs: 1,
    timeoutMs: () => 60_000,
    ...d,
  };
  return deps;
}
