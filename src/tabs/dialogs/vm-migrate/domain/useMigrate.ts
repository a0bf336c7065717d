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
  };
  actions: { chooseTarget: (id: string) => void; confirmMigrate: () => void };
} {
  const { client, config } = usePage();
  const [target, setTarget] = useState('');
  // The VMs that could be sent at all, before asking the engine for destinations.
  const eligible = useMemo(
    () =>
      planVmAction('migrate', withMigrateSkips(vms))
        .send.map((v) => v.id)
        .sort(),
    [vms],
  );
  const key = eligible.join(',');
  const targets = useQuery({
    queryKey: [...hostKeys.lists(), 'migration-targets', key],
    queryFn: ({ signal }) => client.hostMigrationTargetsOf(eligible, { signal }),
    enabled: eligible.length > 0,
  });
  const noCommonHost = targets.data !== undefined && targets.data.length === 0;
  const perVm = useQuery({
    queryKey: [...hostKeys.lists(), 'migration-targets-each', key],
    queryFn: ({ signal }) =>
      eligible.length === 1
        ? Promise.resolve(new Set(eligible))
        : vmsWithoutTarget(eligible, (ids) => client.hostMigrationTargetsOf(ids, { signal }), {
            aborted: () => signal.aborted,
          }),
    enabled: noCommonHost,
  });
  const noTargetIds = perVm.data;
  // Once the VMs with no host at all are skipped, the rest may well share destinations.
  const rest = noTargetIds ? eligible.filter((id) => !noTargetIds.has(id)) : [];
  const restTargets = useQuery({
    queryKey: [...hostKeys.lists(), 'migration-targets', rest.join(',')],
    queryFn: ({ signal }) => client.hostMigrationTargetsOf(rest, { signal }),
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
  const runner = useVmOperationRunner();
  const ops = useOperations();
  const [opId, setOpId] = useState<string>();
  const started = useRef(false);
  const confirmMigrate = useCallback(() => {
    if (started.current) return;
    started.current = true;
    const host = offered?.find((h) => h.id === target);
    setOpId(
      runner.startVmAction(
        'migrate',
        checked,
        host ? { hostId: host.id, hostName: host.name } : {},
      ),
    );
  }, [runner, target, offered, checked]);
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
      vms: checked,
      noTargets,
    },
    actions: { chooseTarget: setTarget, confirmMigrate },
  };
}
