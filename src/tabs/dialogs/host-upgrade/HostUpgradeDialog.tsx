/**
 * `host-upgrade.html`: check for upgrade, and rolling upgrade with its plan per host, then the
 * progress per host and step. Renders only; `domain/useHostUpgrade.ts` decides.
 */
import {
  Alert,
  Button,
  Checkbox,
  Label,
  List,
  ListItem,
  Stack,
  StackItem,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import type { MessageKey } from '../../../messages/catalogue';
import type { HostsMessageKey } from '../../../messages/hosts';
import { DIALOG_TOKENS } from '../../../plugin-api/pages';
import {
  DialogRunningNote,
  useFooterAction,
  useInDialogFooter,
  WebAdminDialogFooter,
} from '../../shared/ui/dialogFooter';
import type { OperationRecord, OperationStep } from '../../../operations/operationsStore';
import { EmptyPageState, ErrorState, LoadingState } from '../../shared/ui/PageStates';
import { useRunFooterAction } from '../../shared/ui/runFooterAction';
import { StepList } from '../../shared/ui/StepList';
import { useHostUpgrade, type HostUpgradeModel } from './domain/useHostUpgrade';
import '../host-maintenance/ui/hostMaintenance.css';

export function HostUpgradeDialog(): ReactNode {
  return (
    <WebAdminDialogFooter token={DIALOG_TOKENS.hostUpgrade}>
      <section className="oc-page" aria-labelledby="oc-upgrade-title">
        <UpgradeContent />
      </section>
    </WebAdminDialogFooter>
  );
}

const COLOR = {
  pending: 'grey',
  sent: 'blue',
  in_progress: 'blue',
  running: 'blue',
  done: 'green',
  failed: 'red',
  skipped: 'grey',
  cancelled: 'orange',
} as const;

/** The step a host is at: the running or failed one, else its last done one. */
function currentStep(op: OperationRecord, name: string): OperationStep | undefined {
  const mine = (op.steps ?? []).filter((s) => s.name.startsWith(`${name}:`));
  return (
    mine.find((s) => s.state === 'running' || s.state === 'failed') ??
    mine.filter((s) => s.state === 'done').at(-1)
  );
}

function UpgradeProgress({ op }: { op: OperationRecord }): ReactNode {
  const { t } = useMessages();
  const count = (s: string): number => op.items.filter((i) => i.state === s).length;
  const failed = count('failed');
  return (
    <>
      {op.state !== 'running' ? (
        <Alert
          component="p"
          isInline
          variant={failed > 0 ? 'danger' : op.state === 'done' ? 'success' : 'warning'}
          title={t('hosts.upgrade.summary', {
            done: count('done'),
            failed,
            skipped: count('skipped') + count('cancelled'),
          })}
        />
      ) : null}
      <Table aria-label={op.title} variant="compact" id="oc-upgrade-progress">
        <Thead>
          <Tr>
            <Th modifier="nowrap">{t('hosts.col.name')}</Th>
            <Th modifier="wrap">{t('hosts.evac.col.state')}</Th>
            <Th modifier="wrap">{t('hosts.upgrade.col.step')}</Th>
            <Th modifier="wrap">{t('hosts.evac.col.reason')}</Th>
          </Tr>
        </Thead>
        <Tbody>
          {op.items.map((i) => (
            <Tr key={i.id} data-item-id={i.id} data-state={i.state} aria-label={i.name}>
              <Td dataLabel={t('hosts.col.name')} modifier="nowrap">
                {i.name}
              </Td>
              <Td dataLabel={t('hosts.evac.col.state')}>
                <Label isCompact color={COLOR[i.state]}>
                  {t(`vms.op.item.${i.state}` as MessageKey)}
                </Label>
              </Td>
              <Td dataLabel={t('hosts.upgrade.col.step')}>{currentStep(op, i.name)?.name ?? ''}</Td>
              <Td dataLabel={t('hosts.evac.col.reason')} className={i.error ? 'oc-evac-error' : ''}>
                {i.error ?? i.detail ?? ''}
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      <StepList
        steps={op.steps ?? []}
        className="oc-evac-steps"
        detailClassName="oc-evac-step-detail"
        label={t('hosts.upgrade.col.step')}
        id="oc-upgrade-steps"
      />
    </>
  );
}

function CheckView({ model }: { model: HostUpgradeModel }): ReactNode {
  const { t } = useMessages();
  const { data, actions } = model;
  const hosts = data.hosts ?? [];
  const started = Object.keys(data.checks).length > 0;
  const found = Object.values(data.checks).filter((r) => r.state === 'found').length;
  const busy = Object.values(data.checks).some((r) => r.state === 'checking');
  const inDialog = useInDialogFooter();
  const upgradeNow = started && !busy && found > 0;
  // OK checks (again, if the admin wants), or once updates were found, goes on to the upgrade
  // plan. Neither sends an upgrade, so neither counts as "sent": the plan's OK is the one that does.
  useFooterAction({
    label: upgradeNow
      ? t('hosts.upgrade.check.upgradeNow')
      : t('hosts.upgrade.check.run', { count: hosts.length }),
    disabled: !upgradeNow && (busy || hosts.length === 0),
    confirm: () => {
      if (upgradeNow) actions.upgradeFound();
      else if (!busy && hosts.length > 0) actions.runCheck();
      return false;
    },
  });
  return (
    <>
      <StackItem>
        <Table aria-label={t('hosts.upgrade.checkTitle')} variant="compact" id="oc-upgrade-check">
          <Thead>
            <Tr>
              <Th modifier="wrap">{t('hosts.col.name')}</Th>
              <Th modifier="wrap">{t('hosts.col.status')}</Th>
              <Th modifier="wrap">{t('hosts.upgrade.col.version')}</Th>
              <Th modifier="wrap">{t('hosts.upgrade.col.updates')}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {hosts.map((h) => {
              const r = data.checks[h.id];
              return (
                <Tr key={h.id} data-item-id={h.id} data-state={r?.state ?? ''} aria-label={h.name}>
                  <Td dataLabel={t('hosts.col.name')}>{h.name}</Td>
                  <Td dataLabel={t('hosts.col.status')}>
                    {t(`hosts.status.${h.status}` as HostsMessageKey)}
                  </Td>
                  <Td dataLabel={t('hosts.upgrade.col.version')}>{h.version ?? ''}</Td>
                  <Td dataLabel={t('hosts.upgrade.col.updates')}>
                    {r === undefined
                      ? t(
                          h.updateAvailable
                            ? 'hosts.upgrade.updates.yes'
                            : 'hosts.upgrade.updates.no',
                        )
                      : r.state === 'failed'
                        ? t('hosts.upgrade.check.failed', { reason: r.reason })
                        : t(`hosts.upgrade.check.${r.state}`)}
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      </StackItem>
      {inDialog ? (
        <StackItem className="oc-evac-footer">
          {/* What OK does now (WebAdmin's footer button only says OK). */}
          <strong id={upgradeNow ? 'oc-upgrade-found' : 'oc-upgrade-check-run'}>
            {upgradeNow
              ? t('hosts.upgrade.check.upgradeNow')
              : t('hosts.upgrade.check.run', { count: hosts.length })}
          </strong>
        </StackItem>
      ) : (
        <StackItem className="oc-evac-footer">
          {upgradeNow ? (
            <Button variant="primary" id="oc-upgrade-found" onClick={actions.upgradeFound}>
              {t('hosts.upgrade.check.upgradeNow')}
            </Button>
          ) : (
            <Button
              variant="primary"
              id="oc-upgrade-check-run"
              isDisabled={busy || hosts.length === 0}
              onClick={actions.runCheck}
            >
              {t('hosts.upgrade.check.run', { count: hosts.length })}
            </Button>
          )}
          <Button variant="link" onClick={actions.closeDialog}>
            {t('hosts.evac.close')}
          </Button>
        </StackItem>
      )}
    </>
  );
}

/** WebAdmin's *Reboot host after upgrade*, for every host of the run; an oVirt Node always reboots. */
function RebootChoice({
  model,
  hosts,
}: {
  model: HostUpgradeModel;
  hosts: readonly { name: string; type?: string }[];
}): ReactNode {
  const { t } = useMessages();
  const { reboot } = model.data;
  const nodes = hosts.filter((h) => h.type === 'ovirt_node').map((h) => h.name);
  return (
    <Checkbox
      id="oc-upgrade-reboot"
      label={t('hosts.upgrade.reboot')}
      isChecked={reboot}
      onChange={(_e, checked) => {
        model.actions.setReboot(checked);
      }}
      description={
        reboot
          ? t('hosts.upgrade.reboot.on')
          : nodes.length > 0
            ? `${t('hosts.upgrade.reboot.off')} ${t('hosts.upgrade.reboot.node', { names: nodes.join(', ') })}`
            : t('hosts.upgrade.reboot.off')
      }
    />
  );
}

function PlanView({ model }: { model: HostUpgradeModel }): ReactNode {
  const { t } = useMessages();
  const { data, actions } = model;
  const hosts = data.hosts ?? [];
  const toUpgrade = hosts.filter((h) => h.skip === undefined);
  const skipped = hosts.filter((h) => h.skip !== undefined);
  const clusters = [...new Set(hosts.map((h) => h.clusterId))];
  const onlyCluster = clusters.length === 1 ? hosts[0] : undefined;
  const inDialog = useInDialogFooter();
  const nothingToSend = useRunFooterAction({
    label: t('hosts.upgrade.run', { count: toUpgrade.length }),
    count: toUpgrade.length,
    run: actions.run,
  });
  const planText = (h: (typeof hosts)[number]): string => {
    if (h.plan?.blocked !== undefined) return h.plan.blocked;
    if (h.status === 'maintenance') return t('hosts.upgrade.plan.maintenance');
    if (!h.plan || h.plan.moves === 0) return t('hosts.upgrade.plan.empty');
    return t('hosts.upgrade.plan.moves', {
      count: h.plan.moves,
      targets: h.plan.targets.join(', '),
    });
  };
  return (
    <>
      {nothingToSend}
      <StackItem>
        {toUpgrade.length === 0 ? (
          <Alert component="p" isInline variant="info" title={t('hosts.upgrade.nothing')} />
        ) : (
          <>
            <p>
              {t('hosts.upgrade.willUpgrade', {
                count: toUpgrade.length,
                concurrency: data.concurrency,
              })}
            </p>
            <Table aria-label={t('hosts.upgrade.title')} variant="compact" id="oc-upgrade-plan">
              <Thead>
                <Tr>
                  <Th modifier="wrap">{t('hosts.col.name')}</Th>
                  <Th modifier="wrap">{t('hosts.col.status')}</Th>
                  <Th modifier="wrap">{t('hosts.upgrade.col.version')}</Th>
                  <Th modifier="wrap">{t('hosts.upgrade.col.plan')}</Th>
                </Tr>
              </Thead>
              <Tbody>
                {toUpgrade.map((h) => (
                  <Tr key={h.id} data-item-id={h.id} aria-label={h.name}>
                    <Td dataLabel={t('hosts.col.name')}>{h.name}</Td>
                    <Td dataLabel={t('hosts.col.status')}>
                      {t(`hosts.status.${h.status}` as HostsMessageKey)}
                    </Td>
                    <Td dataLabel={t('hosts.upgrade.col.version')}>{h.version ?? ''}</Td>
                    <Td
                      dataLabel={t('hosts.upgrade.col.plan')}
                      className={h.plan?.blocked !== undefined ? 'oc-evac-issue' : ''}
                    >
                      {planText(h)}
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
            <p className="oc-evac-step-detail">{t('hosts.upgrade.plan.note')}</p>
            <RebootChoice model={model} hosts={toUpgrade} />
            <p>{t('hosts.upgrade.stopRule')}</p>
            {data.clusterMode ? <p>{t('hosts.upgrade.clusterMode')}</p> : null}
          </>
        )}
        {skipped.length > 0 ? (
          <List aria-label={t('hosts.evac.item.skipped')} id="oc-upgrade-skipped">
            {skipped.map((h) => (
              <ListItem key={h.id}>
                {t('hosts.upgrade.skip', { name: h.name, reason: h.skip ?? '' })}
              </ListItem>
            ))}
          </List>
        ) : null}
      </StackItem>
      <StackItem className="oc-evac-footer">
        {inDialog ? (
          // What OK does (WebAdmin's footer button only says OK).
          <strong id="oc-upgrade-run" data-ready={String(toUpgrade.length > 0)}>
            {t('hosts.upgrade.run', { count: toUpgrade.length })}
          </strong>
        ) : (
          <Button
            variant="primary"
            id="oc-upgrade-run"
            isDisabled={toUpgrade.length === 0}
            onClick={actions.run}
          >
            {t('hosts.upgrade.run', { count: toUpgrade.length })}
          </Button>
        )}
        {data.clusterId === undefined && onlyCluster?.clusterId !== undefined ? (
          <Button
            variant="secondary"
            id="oc-upgrade-cluster"
            onClick={() => {
              actions.wholeCluster(onlyCluster.clusterId ?? '');
            }}
          >
            {t('hosts.upgrade.wholeCluster', { name: onlyCluster.clusterName ?? '' })}
          </Button>
        ) : null}
        {inDialog ? null : (
          <Button variant="link" onClick={actions.closeDialog}>
            {t('hosts.evac.cancel')}
          </Button>
        )}
      </StackItem>
    </>
  );
}

function UpgradeContent(): ReactNode {
  const { t } = useMessages();
  const model = useHostUpgrade();
  const { data, actions } = model;
  const inDialog = useInDialogFooter();
  const title = (
    <Title headingLevel="h1" size="lg" id="oc-upgrade-title">
      {t(data.mode === 'check' ? 'hosts.upgrade.checkTitle' : 'hosts.upgrade.title')}
    </Title>
  );
  if (data.ids.length === 0 && data.clusterId === undefined) {
    return (
      <>
        {title}
        <EmptyPageState title={t('hosts.upgrade.noIds')} body={t('common.noSelection.dialog')}>
          {inDialog ? null : (
            <Button variant="secondary" onClick={actions.closeDialog}>
              {t('hosts.evac.close')}
            </Button>
          )}
        </EmptyPageState>
      </>
    );
  }
  if (data.op) {
    const running = data.op.state === 'running';
    const notStarted = data.op.items.filter((i) => i.state === 'pending').length;
    return (
      <Stack hasGutter>
        <StackItem>{title}</StackItem>
        <StackItem>
          <UpgradeProgress op={data.op} />
        </StackItem>
        {running ? (
          <StackItem>
            <DialogRunningNote />
          </StackItem>
        ) : null}
        {(running && notStarted > 0) || !inDialog ? (
          <StackItem className="oc-evac-footer">
            {running && notStarted > 0 ? (
              <Button variant="secondary" id="oc-upgrade-cancel" onClick={actions.cancelRun}>
                {t('hosts.upgrade.cancelRest', { count: notStarted })}
              </Button>
            ) : null}
            {inDialog ? null : (
              <Button variant={running ? 'link' : 'primary'} onClick={actions.closeDialog}>
                {t('hosts.evac.close')}
              </Button>
            )}
          </StackItem>
        ) : null}
      </Stack>
    );
  }
  if (data.error) {
    return (
      <>
        {title}
        <ErrorState error={data.error} onRetry={actions.retryLoad} />
      </>
    );
  }
  if (data.isLoading || !data.hosts) {
    return (
      <>
        {title}
        <p>{t('hosts.upgrade.loading')}</p>
        <LoadingState />
      </>
    );
  }
  return (
    <Stack hasGutter>
      <StackItem>{title}</StackItem>
      {data.mode === 'check' ? <CheckView model={model} /> : <PlanView model={model} />}
    </Stack>
  );
}
