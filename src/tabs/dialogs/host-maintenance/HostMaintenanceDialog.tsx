/**
 * `host-maintenance.html#ids=…`: plan, adjust and run an evacuation, then maintenance.
 * Renders only; `domain/useHostMaintenance.ts` decides, `ui/` draws. WebAdmin's footer: OK runs
 * the plan (once; it says why when it cannot), Close closes; the progress shows here.
 */
import { Alert, Button, Stack, StackItem, Title } from '@patternfly/react-core';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import type { MessageKey } from '../../../messages/catalogue';
import { DIALOG_TOKENS } from '../../../plugin-api/pages';
import {
  DialogRunningNote,
  useFooterAction,
  useInDialogFooter,
  WebAdminDialogFooter,
} from '../../shared/ui/dialogFooter';
import { EmptyPageState, ErrorState, LoadingState } from '../../shared/ui/PageStates';
import { useHostMaintenance } from './domain/useHostMaintenance';
import { EvacuationPlanView, PlanToolbar, PlanWarnings } from './ui/EvacuationPlanView';
import { EvacuationProgress, EvacuationSummary } from './ui/EvacuationProgress';
import { ReasonField } from '../../shared/ui/ReasonField';
import './ui/hostMaintenance.css';

export function HostMaintenanceDialog(): ReactNode {
  return (
    <WebAdminDialogFooter token={DIALOG_TOKENS.hostMaintenance}>
      <section className="oc-page" aria-labelledby="oc-evac-title">
        <MaintenanceContent />
      </section>
    </WebAdminDialogFooter>
  );
}

function MaintenanceContent(): ReactNode {
  const { t } = useMessages();
  const { data, actions } = useHostMaintenance();
  const inDialog = useInDialogFooter();
  // Why OK sent nothing (WebAdmin's OK cannot be disabled; the reason shows in the content).
  const [refused, setRefused] = useState<'nothingToSend' | 'notReady' | 'fixField'>();
  const planShown = data.phase === 'plan' && data.plan !== undefined && data.fleet !== undefined;
  const toMaintainCount = data.fleet?.sources.filter((h) => h.status !== 'maintenance').length ?? 0;
  const reasonMissing = data.reasonRequired && data.reason.trim() === '';
  useFooterAction(
    planShown
      ? {
          label: t('hosts.evac.title'),
          disabled: !data.plan?.valid || toMaintainCount === 0 || reasonMissing || data.checking,
          confirm: () => {
            if (data.checking) setRefused('notReady');
            else if (!data.plan?.valid || toMaintainCount === 0) setRefused('nothingToSend');
            else if (reasonMissing) setRefused('fixField');
            else {
              actions.runPlan();
              return true;
            }
            return false;
          },
        }
      : undefined,
  );
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
          {inDialog ? null : (
            <Button variant="secondary" onClick={actions.closeDialog}>
              {t('hosts.evac.close')}
            </Button>
          )}
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
        {running ? (
          <StackItem>
            <DialogRunningNote />
          </StackItem>
        ) : null}
        {running || !inDialog ? (
          <StackItem className="oc-evac-footer">
            {running ? (
              <Button variant="secondary" onClick={actions.cancelRun}>
                {t('hosts.evac.stop')}
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

  const plan = data.plan;
  const fleet = data.fleet;
  if (!plan || !fleet) return <LoadingState />;
  const notUp = fleet.sources.filter((h) => h.status !== 'up');
  const toMaintain = fleet.sources.filter((h) => h.status !== 'maintenance');
  const hasOverrides = plan.moves.some((m) => m.overridden);
  const runLabel =
    plan.moves.length === 0
      ? t('hosts.evac.runDeactivateOnly')
      : plan.clearableHostIds.length > 0
        ? t('hosts.evac.run', { count: plan.moves.length })
        : t('hosts.evac.runNoMaintenance', { count: plan.moves.length });
  return (
    <Stack hasGutter>
      <StackItem>{title}</StackItem>
      {refused !== undefined ? (
        <StackItem>
          <Alert
            component="p"
            isInline
            variant="warning"
            role="alert"
            id="oc-evac-refused"
            title={t(`common.dialog.${refused}`)}
          />
        </StackItem>
      ) : null}
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
        {inDialog ? (
          // What OK will do (WebAdmin's footer button only says OK).
          <strong
            id="oc-evac-run"
            data-ready={String(
              plan.valid && toMaintain.length > 0 && !reasonMissing && !data.checking,
            )}
          >
            {data.checking ? t('hosts.evac.engineCheck') : runLabel}
          </strong>
        ) : (
          <>
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
          </>
        )}
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
