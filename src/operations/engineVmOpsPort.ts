/**
 * The runner's port over `src/rest`: one search request per poll for every VM in flight (never a
 * request per VM per tick), the `migration.progress` statistic only for VMs that are migrating,
 * and the job + error event of a correlation id when a VM does not move as expected.
 */
import type { EngineClient } from '../rest/client';
import { searchQuery } from '../rest/search';
import type { VmAction } from './vmActions';
import type { JobOutcome, VmOpsPort, VmState } from './vmOpsPort';

export function createEngineVmOpsPort(client: EngineClient): VmOpsPort {
  const hostNames = new Map<string, string>();
  let hostNamesLoaded: Promise<void> | undefined;

  const loadHostNames = (signal?: AbortSignal): Promise<void> => {
    hostNamesLoaded ??= client
      .hostList(signal ? { signal } : {})
      .then((hosts) => {
        for (const h of hosts) hostNames.set(h.id, h.name);
      })
      .catch(() => {
        hostNamesLoaded = undefined;
      });
    return hostNamesLoaded;
  };

  return {
    async sendAction(vmId, action: VmAction, { correlationId, hostId, reason, affinityClosure }) {
      // No signal on purpose: an aborted POST may still have reached the engine.
      const o = { correlationId };
      switch (action) {
        case 'start':
          await client.vmStart(vmId, o);
          return;
        case 'shutdown':
          await client.vmShutdown(vmId, reason ? { ...o, reason } : o);
          return;
        case 'stop':
          await client.vmStop(vmId, reason ? { ...o, reason } : o);
          return;
        case 'reboot':
          await client.vmReboot(vmId, o);
          return;
        case 'suspend':
          await client.vmSuspend(vmId, o);
          return;
        case 'migrate':
          // A migration the admin asks for is a manual one, which the mode "Allow manual
          // migration only" (user_migratable) permits: the engine wants `force` for it. It changes
          // nothing for other VMs; a pinned VM is refused with or without it
          // (VmValidator.canMigrate).
          await client.vmMigrate(vmId, {
            ...o,
            force: true,
            ...(hostId !== undefined ? { host: hostId } : {}),
            ...(affinityClosure ? { affinityClosure } : {}),
          });
          return;
      }
    },

    async readVms(ids, signal) {
      if (ids.length === 0) return [];
      const call = signal ? { signal } : {};
      const vms = await client.vmListByIds(ids, call);
      await loadHostNames(signal);
      return Promise.all(
        vms.map(async (vm): Promise<VmState> => {
          const state: VmState = { id: vm.id, name: vm.name, status: vm.status };
          if (vm.origin !== undefined) state.origin = vm.origin;
          if (vm.host) {
            state.hostId = vm.host.id;
            const name = vm.host.name ?? hostNames.get(vm.host.id);
            if (name !== undefined) state.hostName = name;
          }
          if (vm.status === 'migrating') {
            const stats = await client.vmStatistics(vm.id, call).catch(() => []);
            const progress = stats.find((s) => s.name === 'migration.progress')?.value;
            if (progress !== undefined) state.migrationProgress = progress;
          }
          return state;
        }),
      );
    },

    async jobOutcome(correlationId, signal): Promise<JobOutcome | undefined> {
      const call = signal ? { signal } : {};
      const jobs = await client.jobsByCorrelationId(correlationId, call);
      if (jobs.length === 0) return undefined;
      if (jobs.some((j) => j.status === 'failed' || j.status === 'aborted')) {
        const events = await client
          .eventList({ search: searchQuery().where('correlation_id', correlationId), ...call })
          .catch(() => []);
        const bad = events.find((e) => e.severity === 'error' || e.severity === 'alert');
        const failed = jobs.find((j) => j.status === 'failed' || j.status === 'aborted');
        const error = bad?.description ?? failed?.description;
        return error !== undefined ? { status: 'failed', error } : { status: 'failed' };
      }
      return jobs.some((j) => j.status === 'started')
        ? { status: 'running' }
        : { status: 'finished' };
    },
  };
}
