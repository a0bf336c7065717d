/**
 * The Activity tab's "Scheduling" card (issue 15 point 5): the VM's affinity groups and labels
 * and the hosts it is pinned to. Loaded lazily, after the tab's first rows: its reads (affinity
 * groups of the cluster, the VM's labels, the members' names) never hold them up.
 */
import {
  Card,
  CardBody,
  CardTitle,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Label,
} from '@patternfly/react-core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { registerEnglish, useMessages } from '../../../messages/catalogue';
import type { MessageKey } from '../../../messages/catalogue';
import { vmSchedulingMessages } from '../../../messages/vmScheduling';
import { usePage } from '../../shared/pageContext';
import { vmKeys } from '../../shared/queryKeys';
import { ErrorState } from '../../shared/ui/PageStates';
import { idsToName, vmSchedulingView, type GroupView } from '../domain/vmScheduling';

registerEnglish(vmSchedulingMessages);

export interface SchedulingVm {
  id: string;
  clusterId?: string;
  placementAffinity?: string;
  placementHostIds?: readonly string[];
}

function useVmScheduling(vm: SchedulingVm) {
  const { client } = usePage();
  return useQuery({
    queryKey: [...vmKeys.detail(vm.id), 'scheduling', vm.clusterId, vm.placementHostIds],
    queryFn: async ({ signal }) => {
      const call = { signal };
      const [groups, labels] = await Promise.all([
        vm.clusterId ? client.clusterAffinityGroups(vm.clusterId, call) : Promise.resolve([]),
        client.vmAffinityLabels(vm.id, call),
      ]);
      const own = new Set(labels.map((l) => l.id));
      const mine = groups.filter(
        (g) => g.vmIds.includes(vm.id) || g.vmLabelIds.some((l) => own.has(l)),
      );
      const labelIds = [...new Set(mine.flatMap((g) => [...g.vmLabelIds, ...g.hostLabelIds]))];
      const labelMembers = new Map(
        await Promise.all(
          labelIds.map(async (l) => [l, await client.affinityLabelMembers(l, call)] as const),
        ),
      );
      const ids = idsToName(vm.id, mine, labels, vm.placementHostIds);
      const members = [...labelMembers.values()];
      const vmIds = [...new Set([...ids.vmIds, ...members.flatMap((m) => m.vmIds)])];
      const hostIds = [...new Set([...ids.hostIds, ...members.flatMap((m) => m.hostIds)])];
      const [vms, hosts] = await Promise.all([
        vmIds.length > 0 ? client.vmListByIds(vmIds, call) : Promise.resolve([]),
        hostIds.length > 0 ? client.hostListByIds(hostIds, call) : Promise.resolve([]),
      ]);
      return vmSchedulingView({
        vmId: vm.id,
        groups: mine,
        labels,
        labelMembers,
        ...(vm.placementHostIds ? { placementHostIds: vm.placementHostIds } : {}),
        ...(vm.placementAffinity !== undefined ? { placementAffinity: vm.placementAffinity } : {}),
        vmNames: new Map(vms.map((v) => [v.id, v.name])),
        hostNames: new Map(hosts.map((h) => [h.id, h.name])),
      });
    },
  });
}

function Rule({
  rule,
  kind,
}: {
  rule: GroupView['vmRule'];
  kind: 'vmRule' | 'hostRule';
}): ReactNode {
  const { t } = useMessages();
  if (!rule) return null;
  return (
    <Label isCompact color={rule.enforcing ? (rule.positive ? 'blue' : 'orange') : 'grey'}>
      {t(`vms.activity.sched.${kind}`, {
        polarity: t(rule.positive ? 'vms.activity.sched.positive' : 'vms.activity.sched.negative'),
        enforcing: t(rule.enforcing ? 'vms.activity.sched.enforcing' : 'vms.activity.sched.soft'),
      })}
    </Label>
  );
}

export default function SchedulingSection({ vm }: { vm: SchedulingVm }): ReactNode {
  const { t } = useMessages();
  const read = useVmScheduling(vm);
  const view = read.data;
  const list = (names: readonly string[]): string =>
    names.length > 0 ? names.join(', ') : t('vms.activity.sched.nobody');
  return (
    <Card isCompact>
      <CardTitle>{t('vms.activity.sched.title')}</CardTitle>
      <CardBody>
        {read.isPending ? <p className="oc-muted">{t('vms.activity.sched.loading')}</p> : null}
        {read.isError ? (
          <ErrorState error={read.error} onRetry={() => void read.refetch()} />
        ) : null}
        {view ? (
          <DescriptionList isCompact>
            <DescriptionListGroup>
              <DescriptionListTerm>{t('vms.activity.sched.groups')}</DescriptionListTerm>
              <DescriptionListDescription>
                {view.groups.length === 0 ? (
                  <span className="oc-muted">{t('vms.activity.sched.noGroups')}</span>
                ) : (
                  <ul className="oc-plain-list" aria-label={t('vms.activity.sched.groups')}>
                    {view.groups.map((g) => (
                      <li key={g.id} data-group={g.name}>
                        <strong>{g.name}</strong> <Rule rule={g.vmRule} kind="vmRule" />{' '}
                        <Rule rule={g.hostRule} kind="hostRule" />
                        <div className="oc-muted">
                          {g.vmRule || g.otherVms.length > 0
                            ? t('vms.activity.sched.others', { names: list(g.otherVms) })
                            : null}
                          {g.hostRule || g.hosts.length > 0 ? (
                            <>
                              {g.vmRule || g.otherVms.length > 0 ? ' · ' : null}
                              {t('vms.activity.sched.hosts', { names: list(g.hosts) })}
                            </>
                          ) : null}
                        </div>
                      </li>
                    ))}
                  </ul>
                )}
              </DescriptionListDescription>
            </DescriptionListGroup>
            <DescriptionListGroup>
              <DescriptionListTerm>{t('vms.activity.sched.labels')}</DescriptionListTerm>
              <DescriptionListDescription>
                {view.labels.length === 0 ? (
                  <span className="oc-muted">{t('vms.activity.sched.noLabels')}</span>
                ) : (
                  view.labels.join(', ')
                )}
              </DescriptionListDescription>
            </DescriptionListGroup>
            <DescriptionListGroup>
              <DescriptionListTerm>{t('vms.activity.sched.pinned')}</DescriptionListTerm>
              <DescriptionListDescription>
                {view.pinnedHosts.length === 0
                  ? t('vms.activity.sched.anyHost')
                  : view.pinnedHosts.join(', ')}
              </DescriptionListDescription>
            </DescriptionListGroup>
            {view.mode !== undefined ? (
              <DescriptionListGroup>
                <DescriptionListTerm>{t('vms.activity.sched.mode')}</DescriptionListTerm>
                <DescriptionListDescription>
                  {['migratable', 'user_migratable', 'pinned'].includes(view.mode)
                    ? t(`vms.activity.sched.mode.${view.mode}` as MessageKey)
                    : view.mode}
                </DescriptionListDescription>
              </DescriptionListGroup>
            ) : null}
          </DescriptionList>
        ) : null}
      </CardBody>
    </Card>
  );
}
