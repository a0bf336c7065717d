/**
 * Every runner's dependencies built in one place from the engine client, the config and the
 * message catalogue, and one call that resumes every unfinished operation of every kind nobody
 * drives. Pages (through their hooks) and the operations runner page (`operations-runner.html`,
 * which the host page loads while unfinished operations exist) use the same builder, so a kind
 * resumes the same way wherever the admin is.
 *
 * @example
 *   const deps = createRunnerDeps({ client, config, t, storage: sessionStorage });
 *   resumeAll(deps, signal); // again every LEASE_MS
 */
import type { EngineClient } from '../rest/client';
import type { OpsCenterConfig } from '../plugin-api/config';
import { createEngineHostOpsPort } from './engineHostOpsPort';
import { createEngineVmOpsPort } from './engineVmOpsPort';
import { resumeEvacuations, type EvacuationDeps, type HostsTranslate } from './evacuationRunner';
import { resumeActivations, type ActivationDeps } from './hostActivateRunner';
import { resumeRestarts } from './hostRestartRunner';
import { createEngineClonePort, resumeClones, type CloneDeps } from './vmCloneRunner';
import { operationsStore, type OperationsStore } from './operationsStore';
import { resumeOperations, type RunnerDeps, type Translate } from './vmBulkRunner';
import { TRACK_INTERVAL_MS } from './vmTracker';

export const HOST_TIMEOUT_MS = 10 * 60_000;

export interface RunnerSet {
  vm: RunnerDeps;
  evacuation: EvacuationDeps;
  activation: ActivationDeps;
  clone: CloneDeps;
}

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function createRunnerDeps(input: {
  client: EngineClient;
  config: OpsCenterConfig;
  /** The catalogue's translator (vms.* and hosts.* keys). */
  t: (key: never, params?: Record<string, string | number>) => string;
  storage: StorageLike;
  store?: OperationsStore;
}): RunnerSet {
  const { client, config, storage } = input;
  const store = input.store ?? operationsStore;
  const vmPort = createEngineVmOpsPort(client);
  const hostPort = createEngineHostOpsPort(client);
  const t = input.t as Translate & HostsTranslate;
  const pollMs = Math.min(config.pollIntervalMs, 2000);
  return {
    vm: {
      store,
      port: vmPort,
      storage,
      t,
      concurrency: config.bulkConcurrency,
      maxInTransition: config.maxVmsInTransition,
      // Batched reads are cheap (ceil(tracked / 40) requests a tick), so items in transition
      // are followed every half second (TRACK_INTERVAL_MS), whatever pollIntervalMs says.
      pollMs: TRACK_INTERVAL_MS,
      timeoutMs: (action) =>
        action === 'shutdown'
          ? config.shutdownTimeoutSec * 1000
          : action === 'migrate'
            ? config.migrationTimeoutSec * 1000
            : 5 * 60_000,
    },
    evacuation: {
      store,
      vmPort,
      hostPort,
      storage,
      t,
      concurrency: config.evacuationConcurrency,
      pollMs,
      migrationTimeoutMs: config.migrationTimeoutSec * 1000,
      hostTimeoutMs: HOST_TIMEOUT_MS,
    },
    activation: {
      store,
      hostPort,
      storage,
      t,
      concurrency: config.bulkConcurrency,
      pollMs,
      timeoutMs: HOST_TIMEOUT_MS,
    },
    clone: {
      port: createEngineClonePort(client, vmPort),
      store,
      storage,
      t,
      shutdownTimeoutMs: config.shutdownTimeoutSec * 1000,
      startTimeoutMs: 5 * 60_000,
      pollMs: TRACK_INTERVAL_MS,
    },
  };
}

/** Picks up every unfinished operation, of every kind, that no live page holds the lease of. */
export function resumeAll(deps: RunnerSet, signal?: AbortSignal): void {
  resumeOperations(deps.vm, signal);
  resumeEvacuations(deps.evacuation, signal);
  resumeActivations(deps.activation, signal);
  // Restarts use the activation deps: the same port, pool and host timeout.
  resumeRestarts(deps.activation, signal);
  resumeClones(deps.clone, signal);
}

export function hasUnfinished(store: OperationsStore = operationsStore): boolean {
  return store.list().some((op) => op.state === 'running');
}
