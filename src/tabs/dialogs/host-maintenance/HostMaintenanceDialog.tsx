/**
 * `host-maintenance.html#ids=…`: plan, adjust and run an evacuation, then maintenance.
 * Renders only; `domain/useHostMaintenance.ts` decides, `ui/` draws.
 */
import { Alert, Button, Stack, StackItem, Title } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import type { MessageKey } from '../../../messages/catalogue';
import { OperationsDrawer } from '../../shared/operations/ui/OperationsDrawer';
import { EmptyPageState, ErrorState, LoadingState } from '../../shared/ui/PageStates';
import { useHostMaintenance } from './domain/useHostMaintenance';
import { EvacuationPlanView, PlanToolbar, PlanWarnings } from './ui/EvacuationPlanView';
import { EvacuationProgress, EvacuationSummary } from './ui/EvacuationProgress';
import { ReasonField } from '../../shared/ui/ReasonField';
import './ui/hostMaintenance.css';

export function HostMaintenanceDialog(): ReactNode {
  return (
    <OperationsDrawer>
      <section className="oc-page" aria-labelledby="oc-evac-title">
        <MaintenanceContent />
      </section>
    </OperationsDrawer>
  );
}

function MaintenanceContent(): ReactNode {
  const { t } = useMessages();
  const { data, actions } = useHostMaintenance();
  const names =
    data.fleet?.sources.map((h) => h.name) ??
    data.op?.items.filter((i) => i.entity === 'host').map((i) => i.name);
  // WebAdmin's dialog frame already shows the dialog's title; the heading names the hosts.
  const title = (
    <Title headingLevel="h1" size="lg" id="oc-evac-title">
      {names && names.length > 0
        ? t('hosts.evac.hosts', { names: names.join(', ') })
        : t('hosts.evac.title')}
    </Title>
  );

  if (data.phase === 'no-ids') {
    return (
      <>
        {title}
        <EmptyPageState title={t('hosts.evac.noIds')} body={t('common.noSelection.dialog')}>
          <Button variant="secondary" onClick={actions.closeDialog}>
            {t('hosts.evac.close')}
          </Button>
        </EmptyPageState>
      </>
    );
  }
  if (data.phase === 'loading') {
    return (
      <>
        {title}
        <p>{t('hosts.evac.loading')}</p>
        <LoadingState />
      </>
    );
  }
  if (data.phase === 'error') {
    return (
      <>
        {title}
        <ErrorState error={data.error} onRetry={actions.refreshFleet} />
      </>
    );
  }
  if (data.phase === 'run' && data.op) {
    const running = data.op.state === 'running';
    return (
      <Stack hasGutter>
        <StackItem>{title}</StackItem>
        <StackItem>
          <EvacuationSummary op={data.op} />
        </StackItem>
        <StackItem>
          <EvacuationProgress op={data.op} />
        </StackItem>
        <StackItem className="oc-evac-footer">
          {running ? (
            <Button variant="secondary" onClick={actions.cancelRun}>
              {t('hosts.evac.stop')}
            </Button>
          ) : null}
          <Button variant={running ? 'link' : 'primary'} onClick={actions.closeDialog}>
            {t('hosts.evac.close')}
          </Button>
        </StackItem>
      </Stack>
    );
  }

  const plan = data.plan;
  const fleet = data.fleet;
  if (!plan || !fleet) return <LoadingState />;
  const notUp = fleet.sources.filter((h) => h.status !== 'up');
  const toMaintain = fleet.sources.filter((h) => h.status !== 'maintenance');
  const hasOverrides = plan.moves.some((m) => m.overridden);
  const reasonMissing = data.reasonRequired && data.reason.trim() === '';
  const runLabel =
    plan.moves.length === 0
      ? t('hosts.evac.runDeactivateOnly')
      : plan.clearableHostIds.length > 0
        ? t('hosts.evac.run', { count: plan.moves.length })
        : t('hosts.evac.runNoMaintenance', { count: plan.moves.length });
  return (
    <Stack hasGutter>
      <StackItem>{title}</StackItem>
      <StackItem hidden={notUp.length === 0}>
        {notUp.map((h) => (
          <Alert
            component="p"
            key={h.id}
            isInline
            isPlain
            variant="info"
            title={
              h.status === 'maintenance'
                ? t('hosts.evac.alreadyMaintenance', { name: h.name })
                : t('hosts.evac.notUp', {
                    name: h.name,
                    status: t(`hosts.status.${h.status}` as MessageKey),
                  })
            }
          />
        ))}
      </StackItem>
      <StackItem hidden={plan.valid && plan.blockers.length === 0 && plan.moves.length > 0}>
        <PlanWarnings plan={plan} hostNames={data.hostNames} />
      </StackItem>
      <StackItem>
        <ReasonField
          id="oc-evac-reason"
          value={data.reason}
          required={data.reasonRequired}
          missing={reasonMissing}
          onChange={actions.setReason}
        />
      </StackItem>
      {/* The decision comes first: a long plan must not push the run button out of sight. */}
      <StackItem className="oc-evac-footer">
        <Button
          variant="primary"
          id="oc-evac-run"
          isDisabled={!plan.valid || toMaintain.length === 0 || reasonMissing || data.checking}
          isLoading={data.checking}
          onClick={actions.runPlan}
        >
          {data.checking ? t('hosts.evac.engineCheck') : runLabel}
        </Button>
        <Button variant="link" onClick={actions.closeDialog}>
          {t('hosts.evac.cancel')}
        </Button>
        <span className="oc-evac-step-detail">
          {t('hosts.evac.concurrency', { count: data.concurrency })}
        </span>
      </StackItem>
      <StackItem>
        <PlanToolbar
          onReplan={actions.replanOthers}
          onReset={actions.resetTargets}
          onRefresh={actions.refreshFleet}
          hasOverrides={hasOverrides}
          refreshing={data.refreshing}
        />
      </StackItem>
      <StackItem>
        <EvacuationPlanView
          plan={plan}
          hostNames={data.hostNames}
          choicesFor={actions.choicesFor}
          onTarget={actions.setTarget}
        />
      </StackItem>
    </Stack>
  );
}
