/**
 * What the operation runner needs from the engine, as a narrow port. `engineVmOpsPort.ts` builds
 * it over `src/rest`'s client; unit tests give a fake. Keeping the runner behind this port is what
 * lets its never-twice and resume rules be tested without a network.
 */
import type { VmAction } from './vmActions';

export interface VmState {
  id: string;
  name: string;
  status: string;
  hostId?: string;
  hostName?: string;
  /** `ovirt`, `external`, `hosted_engine`, `kubevirt`, …: the engine refuses some actions by it. */
  origin?: string;
  /** `migration.progress` statistic (percent) while migrating. */
  migrationProgress?: number;
}

export interface JobOutcome {
  status: 'running' | 'finished' | 'failed';
  /** The engine's own words for a failure (error event of the correlation id), when it has any. */
  error?: string;
}

export interface VmOpsPort {
  /**
   * Sends the action once (no retries of POSTs), with the correlation id. Resolves when the engine
   * accepted it; rejects with REST's `ActionError` (the engine's text) when refused, or another
   * `EngineError` when the engine could not be reached (then it is unknown whether it arrived).
   */
  sendAction(
    vmId: string,
    action: VmAction,
    options: {
      correlationId: string;
      hostId?: string;
      reason?: string;
      signal?: AbortSignal;
      /** Migrate: the engine also moves the VM's affinity closure (never on by default). */
      affinityClosure?: boolean;
    },
  ): Promise<void>;
  /** Current state of these VMs; ids the engine no longer knows are missing from the result. */
  readVms(ids: readonly string[], signal?: AbortSignal): Promise<VmState[]>;
  /** The job(s) with this correlation id; undefined when the engine has none (yet). */
  jobOutcome(correlationId: string, signal?: AbortSignal): Promise<JobOutcome | undefined>;
}
