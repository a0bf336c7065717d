/**
 * What host operations need from the engine besides VM migration (which goes through the shared
 * `VmOpsPort`). `engineHostOpsPort.ts` builds it over `src/rest`; unit tests give a fake.
 */

export interface HostState {
  id: string;
  name: string;
  /** REST HostStatus. */
  status: string;
  statusDetail?: string;
}

export interface ResidentVm {
  id: string;
  name: string;
  status: string;
}

export interface HostOpsPort {
  /** Current state of these hosts; ids the engine no longer knows are missing. */
  readHosts(ids: readonly string[], signal?: AbortSignal): Promise<HostState[]>;
  /**
   * Sends deactivate/activate, or `restart` (power management fence), once, with the correlation id. Rejects with REST's `ActionError` (engine
   * text) when the engine refused, another error when it could not be reached.
   */
  hostAction(
    hostId: string,
    action: 'deactivate' | 'activate' | 'restart',
    options: { correlationId: string; signal?: AbortSignal; reason?: string },
  ): Promise<void>;
  /**
   * Migrates one VM to the given host, once (no retries). `force` only for VMs whose migration
   * mode is "manual only": the engine refuses them otherwise.
   */
  vmMigrate(
    vmId: string,
    hostId: string,
    options: { correlationId: string; force?: boolean; affinityClosure?: boolean },
  ): Promise<void>;
  /** VMs the engine places on this host right now (`host=<name>` search). */
  residentVms(hostName: string, signal?: AbortSignal): Promise<ResidentVm[]>;
}
