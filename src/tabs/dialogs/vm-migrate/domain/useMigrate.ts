/**
 * Migration of one or more VMs: destination candidates from `hosts?migration_target_of=` (the
 * engine's own filter), or automatic; then a bulk 'migrate' operation tracked until each VM is
 * up on its destination.
 *
 * What the engine refuses for a reason it states up front is skipped before sending, with that
 * reason (migrateChecks.ts): a VM pinned to its host, a pinning list with no other host, a chosen
 * destination outside the pinning list, and a VM the engine offers no host for. When no single
 * host takes every VM, each VM is asked about alone, so "no other host" is only said when true.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import { usePage } from '../../../shared/pageContext';
import { hostKeys } from '../../../shared/queryKeys';
import { useOperations, useVmOperationRunner } from '../../../shared/operations/useOperations';
import type { OperationRecord } from '../../../../operations/operationsStore';
import { vmsWithoutTarget, withMigrateSkips } from '../../../../operations/migrateChecks';
import { planVmAction, type SkipReason } from '../../../../operations/vmActions';
import type { Host } from '../../../../rest/models';
import type { ClosureFollower } from '../../../../operations/affinityClosure';
import { useClosure } from './useClosure';

export interface MigrateVm {
  id: string;
  name: string;
  status: string;
  hostId?: string;
  origin?: string;
  placementAffinity?: string;
  placementHostIds?: readonly string[];
}

/** Why the destination list is empty, in true words. */
export type NoTargetsReason = 'none' | 'noCommonHost';

export function useMigrate(vms: readonly MigrateVm[]): {
  data: {
    targets: Host[] | undefined;
    targetsLoading: boolean;
    targetsError: unknown;
    target: string;
    operation: OperationRecord | undefined;
    concurrency: number;
    /** The selection with each VM's up-front refusal (`skip`), for the confirmation. */
    vms: (MigrateVm & { skip?: SkipReason })[];
    noTargets: NoTargetsReason | undefined;
    /** "Migrate the affinity closure too" (the engine's default: off). */
    closure: boolean;
    /** Leader id → the VMs the engine moves with it; undefined until read (or when off). */
    followers: ReadonlyMap<string, readonly ClosureFollower[]> | undefined;
    followersLoading: boolean;
    followersError: unknown;
  };
  actions: {
    chooseTarget: (id: string) => void;
    confirmMigrate: () => void;
    setClosure: (on: boolean) => void;
  };
} {
  const { client, config } = usePage();
  const [target, setTarget] = useState('');
  const [closure, setClosure] = useState(false);
  // The VMs that could be sent at all, before asking the engine for destinations.
  const eligible = useMemo(
    () =>
      planVmAction('migrate', withMigrateSkips(vms))
        .send.map((v) => v.id)
        .sort(),
    [vms],
  );
  const key = eligible.join(',');
  // With the closure, every destination is asked about for the VMs and their closures together.
  const targetsOf = (ids: readonly string[], signal: AbortSignal): Promise<Host[]> =>
    client.hostMigrationTargetsOf(ids, { signal, ...(closure ? { affinityClosure: true } : {}) });
  const targets = useQuery({
    queryKey: [...hostKeys.lists(), 'migration-targets', key, closure],
    queryFn: ({ signal }) => targetsOf(eligible, signal),
    enabled: eligible.length > 0,
  });
  const noCommonHost = targets.data !== undefined && targets.data.length === 0;
  const perVm = useQuery({
    queryKey: [...hostKeys.lists(), 'migration-targets-each', key, closure],
    queryFn: ({ signal }) =>
      eligible.length === 1
        ? Promise.resolve(new Set(eligible))
        : vmsWithoutTarget(eligible, (ids) => targetsOf(ids, signal), {
            aborted: () => signal.aborted,
          }),
    enabled: noCommonHost,
  });
  const noTargetIds = perVm.data;
  // Once the VMs with no host at all are skipped, the rest may well share destinations.
  const rest = noTargetIds ? eligible.filter((id) => !noTargetIds.has(id)) : [];
  const restTargets = useQuery({
    queryKey: [...hostKeys.lists(), 'migration-targets', rest.join(','), closure],
    queryFn: ({ signal }) => targetsOf(rest, signal),
    enabled: rest.length > 0 && rest.length < eligible.length,
  });
  const offered =
    rest.length > 0 && rest.length < eligible.length ? restTargets.data : targets.data;
  const checked = useMemo(
    () =>
      withMigrateSkips(vms, {
        ...(target !== '' ? { targetHostId: target } : {}),
        ...(noTargetIds ? { noTargetIds } : {}),
      }),
    [vms, target, noTargetIds],
  );
  // The VMs that would be sent, in the selection's order: the closure's leaders among them.
  const sendable = useMemo(() => planVmAction('migrate', checked).send.map((v) => v.id), [checked]);
  const closureRead = useClosure(closure, sendable);
  const followers = closure ? closureRead.data : undefined;
  // Selected VMs another selected VM's closure moves are not sent themselves.
  const shown = useMemo(() => {
    if (!followers) return checked;
    const moved = new Set([...followers.values()].flat().map((f) => f.id));
    return checked.filter((v) => !moved.has(v.id));
  }, [checked, followers]);
  const runner = useVmOperationRunner();
  const ops = useOperations();
  const [opId, setOpId] = useState<string>();
  const started = useRef(false);
  const confirmMigrate = useCallback(() => {
    if (started.current) return;
    started.current = true;
    const host = offered?.find((h) => h.id === target);
    setOpId(
      runner.startVmAction('migrate', shown, {
        ...(host ? { hostId: host.id, hostName: host.name } : {}),
        ...(followers && followers.size > 0 ? { closure: followers } : {}),
      }),
    );
  }, [runner, target, offered, shown, followers]);
  let noTargets: NoTargetsReason | undefined;
  if (noCommonHost && perVm.isSuccess) {
    if (noTargetIds !== undefined && eligible.every((id) => noTargetIds.has(id)))
      noTargets = 'none';
    else if (offered?.length === 0) noTargets = 'noCommonHost';
  }
  return {
    data: {
      targets: offered,
      targetsLoading:
        (targets.isPending && eligible.length > 0) ||
        (noCommonHost && perVm.isPending) ||
        (rest.length > 0 && rest.length < eligible.length && restTargets.isPending),
      targetsError: targets.error ?? perVm.error ?? restTargets.error,
      target,
      operation: ops.find((o) => o.id === opId),
      concurrency: config.bulkConcurrency,
      vms: shown,
      noTargets,
      closure,
      followers,
      followersLoading: closure && sendable.length > 0 && closureRead.isPending,
      followersError: closure ? closureRead.error : null,
    },
    actions: { chooseTarget: setTarget, confirmMigrate, setClosure },
  };
}
