/**
 * `host-restart.html#ids=…`: restart hosts through power management, in bulk, with one result
 * per host; and "Confirm host has been rebooted" for non responsive hosts. Renders only;
 * `domain/useHostRestart.ts` decides. WebAdmin's footer: OK restarts (once), Close closes; the
 * progress shows here. The manual fence of a non-responsive host keeps its own button: it is a
 * second, separate action with its own acknowledgement.
 */
import {
  Alert,
  Button,
  Checkbox,
  List,
  ListItem,
  Stack,
  StackItem,
  Title,
} from '@patternfly/react-core';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import type { MessageKey } from '../../../messages/catalogue';
import { DIALOG_TOKENS } from '../../../plugin-api/pages';
import {
  DialogRunningNote,
  useInDialogFooter,
  WebAdminDialogFooter,
} from '../../shared/ui/dialogFooter';
import { EmptyPageState, ErrorState, LoadingState } from '../../shared/ui/PageStates';
import { PageRunButtons, useRunFooterAction } from '../../shared/ui/runFooterAction';
import { ActivationProgress } from '../host-activate/HostActivateDialog';
import { useHostRestart, type ManualResult, type RestartCandidate } from './domain/useHostRestart';
import '../host-maintenance/ui/hostMaintenance.css';

export function HostRestartDialog(): ReactNode {
  return (
    <WebAdminDialogFooter token={DIALOG_TOKENS.hostRestart}>
      <section className="oc-page" aria-labelledby="oc-restart-title">
        <RestartContent />
      </section>
    </WebAdminDialogFooter>
  );
}

/** The manual fence: a warning, an acknowledgement the admin must tick, then one request. */
function ConfirmRebooted({
  host,
  result,
  onConfirm,
}: {
  host: RestartCandidate;
  result: ManualResult | undefined;
  onConfirm: () => void;
}): ReactNode {
  const { t } = useMessages();
  const [ack, setAck] = useState(false);
  const done = typeof result === 'object' && result.ok;
  return (
    <section className="oc-restart-manual" aria-label={t('hosts.restart.manual.action')}>
      <Alert
        component="h2"
        isInline
        variant="warning"
        title={`${host.name}: ${t('hosts.restart.manual.action')}`}
      >
        {t('hosts.restart.manual.warning', { name: host.name })}
      </Alert>
      {done ? (
        <Alert
          component="p"
          isInline
          isPlain
          variant="success"
          title={t('hosts.restart.manual.done', { name: host.name })}
        />
      ) : (
        <>
          <Checkbox
            id={`oc-restart-ack-${host.id}`}
            label={t('hosts.restart.manual.ack', { name: host.name })}
            isChecked={ack}
            onChange={(_e, v) => {
              setAck(v);
            }}
          />
          <Button
            variant="danger"
            isDisabled={!ack || result === 'sending'}
            isLoading={result === 'sending'}
            onClick={onConfirm}
          >
            {t('hosts.restart.manual.confirm')}
          </Button>
          {typeof result === 'object' && !result.ok ? (
            // The engine's own words.
            <Alert component="p" isInline isPlain variant="danger" title={result.error} />
          ) : null}
        </>
      )}
    </section>
  );
}

function RestartContent(): ReactNode {
  const { t } = useMessages();
  const { data, actions } = useHostRestart();
  const inDialog = useInDialogFooter();
  const toRestart = data.hosts?.filter((h) => h.skip === undefined) ?? [];
  const planShown = data.ids.length > 0 && !data.op && !data.error && data.hosts !== undefined;
  const nothingToSend = useRunFooterAction(
    planShown
      ? {
          label: t('hosts.restart.run', { count: toRestart.length }),
          count: toRestart.length,
          run: actions.runRestart,
        }
      : undefined,
  );
  const title = (
    <Title headingLevel="h1" size="lg" id="oc-restart-title">
      {t('hosts.restart.title')}
    </Title>
  );
  if (data.ids.length === 0) {
    return (
      <>
        {title}
        <EmptyPageState title={t('hosts.activate.noIds')} body={t('common.noSelection.dialog')}>
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
    const notSent = data.op.items.filter(
      (i) => i.state === 'pending' && i.actionSentAt === undefined,
    ).length;
    return (
      <Stack hasGutter>
        <StackItem>{title}</StackItem>
        <StackItem>
          <ActivationProgress op={data.op} />
        </StackItem>
        {running ? (
          <StackItem>
            <DialogRunningNote />
          </StackItem>
        ) : null}
        {running && notSent > 0 ? (
          <StackItem className="oc-evac-footer">
            <Button variant="secondary" onClick={actions.cancelRun}>
              {t('hosts.activate.cancelRest', { count: notSent })}
            </Button>
          </StackItem>
        ) : null}
        {inDialog ? null : (
          <StackItem className="oc-evac-footer">
            <Button variant={running ? 'link' : 'primary'} onClick={actions.closeDialog}>
              {t('hosts.evac.close')}
            </Button>
          </StackItem>
        )}
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
        <p>{t('hosts.activate.loading')}</p>
        <LoadingState />
      </>
    );
  }
  const skipped = data.hosts.filter((h) => h.skip !== undefined);
  const withVms = toRestart.filter((h) => h.vms > 0);
  const manual = data.hosts.filter((h) => h.canConfirmRebooted);
  return (
    <Stack hasGutter>
      <StackItem>{title}</StackItem>
      {nothingToSend}
      <StackItem>
        {toRestart.length === 0 ? (
          <Alert component="p" isInline variant="info" title={t('hosts.restart.nothingToDo')} />
        ) : (
          <>
            <p>{t('hosts.restart.willSend', { count: toRestart.length })}</p>
            <List aria-label={t('hosts.restart.willSend', { count: toRestart.length })}>
              {toRestart.map((h) => (
                <ListItem key={h.id}>
                  {h.name} ({t(`hosts.status.${h.status}` as MessageKey)})
                </ListItem>
              ))}
            </List>
          </>
        )}
        {skipped.length > 0 ? (
          <List aria-label={t('hosts.evac.item.skipped')}>
            {skipped.map((h) => (
              <ListItem key={h.id}>
                {t('hosts.activate.skip', { name: h.name, reason: h.skip ?? '' })}
              </ListItem>
            ))}
          </List>
        ) : null}
      </StackItem>
      {withVms.map((h) => (
        <StackItem key={h.id}>
          <Alert
            component="p"
            isInline
            variant="warning"
            title={t('hosts.restart.vmsWarning', { name: h.name, count: h.vms })}
          />
        </StackItem>
      ))}
      {inDialog ? null : (
        <PageRunButtons
          id="oc-restart-run"
          label={t('hosts.restart.run', { count: toRestart.length })}
          count={toRestart.length}
          onRun={actions.runRestart}
          onCancel={actions.closeDialog}
        />
      )}
      {manual.map((h) => (
        <StackItem key={`manual-${h.id}`}>
          <ConfirmRebooted
            host={h}
            result={data.manual[h.id]}
            onConfirm={() => {
              actions.confirmRebooted(h.id);
            }}
          />
        </StackItem>
      ))}
    </Stack>
  );
}
