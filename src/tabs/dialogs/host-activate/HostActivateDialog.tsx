/**
 * `host-activate.html#ids=…`: activate hosts from maintenance, in bulk, with progress.
 * Renders only; `domain/useHostActivate.ts` decides. WebAdmin's footer: OK activates (once),
 * Close closes; the progress shows here.
 */
import {
  Alert,
  Button,
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
import { DIALOG_TOKENS } from '../../../plugin-api/pages';
import {
  DialogRunningNote,
  useInDialogFooter,
  WebAdminDialogFooter,
} from '../../shared/ui/dialogFooter';
import type { OperationRecord } from '../../../operations/operationsStore';
import { EmptyPageState, ErrorState, LoadingState } from '../../shared/ui/PageStates';
import { PageRunButtons, useRunFooterAction } from '../../shared/ui/runFooterAction';
import { useHostActivate } from './domain/useHostActivate';
import '../host-maintenance/ui/hostMaintenance.css';

export function HostActivateDialog(): ReactNode {
  return (
    <WebAdminDialogFooter token={DIALOG_TOKENS.hostActivate}>
      <section className="oc-page" aria-labelledby="oc-activate-title">
        <ActivateContent />
      </section>
    </WebAdminDialogFooter>
  );
}

const COLOR = {
  pending: 'grey',
  sent: 'blue',
  in_progress: 'blue',
  done: 'green',
  failed: 'red',
  skipped: 'grey',
  cancelled: 'orange',
} as const;

export function ActivationProgress({ op }: { op: OperationRecord }): ReactNode {
  const { t } = useMessages();
  const done = op.items.filter((i) => i.state === 'done').length;
  const failed = op.items.filter((i) => i.state === 'failed').length;
  return (
    <>
      {op.state !== 'running' ? (
        <Alert
          component="p"
          isInline
          variant={failed > 0 ? 'danger' : 'success'}
          title={t('hosts.activate.done', { done, failed })}
        />
      ) : null}
      <Table aria-label={op.title} variant="compact" id="oc-activate-progress">
        <Thead>
          <Tr>
            <Th modifier="wrap">{t('hosts.col.name')}</Th>
            <Th modifier="wrap">{t('hosts.evac.col.state')}</Th>
            <Th modifier="wrap">{t('hosts.evac.col.reason')}</Th>
          </Tr>
        </Thead>
        <Tbody>
          {op.items.map((i) => (
            <Tr key={i.id} data-item-id={i.id} data-state={i.state} aria-label={i.name}>
              <Td dataLabel={t('hosts.col.name')}>{i.name}</Td>
              <Td dataLabel={t('hosts.evac.col.state')}>
                <Label isCompact color={COLOR[i.state]}>
                  {t(`vms.op.item.${i.state}` as MessageKey)}
                </Label>
              </Td>
              <Td dataLabel={t('hosts.evac.col.reason')}>{i.error ?? i.detail ?? ''}</Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </>
  );
}

function ActivateContent(): ReactNode {
  const { t } = useMessages();
  const { data, actions } = useHostActivate();
  const inDialog = useInDialogFooter();
  const toActivate = data.hosts?.filter((h) => h.skip === undefined) ?? [];
  const planShown = data.ids.length > 0 && !data.op && !data.error && data.hosts !== undefined;
  const nothingToSend = useRunFooterAction(
    planShown
      ? {
          label: t('hosts.activate.run', { count: toActivate.length }),
          count: toActivate.length,
          run: actions.runActivation,
        }
      : undefined,
  );
  const title = (
    <Title headingLevel="h1" size="lg" id="oc-activate-title">
      {t('hosts.activate.title')}
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
    // An activation has no migrations: what can still be stopped is the hosts not yet sent.
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
  return (
    <Stack hasGutter>
      <StackItem>{title}</StackItem>
      {nothingToSend}
      <StackItem>
        {toActivate.length === 0 ? (
          <Alert component="p" isInline variant="info" title={t('hosts.activate.nothingToDo')} />
        ) : (
          <>
            <p>{t('hosts.activate.willSend', { count: toActivate.length })}</p>
            <List aria-label={t('hosts.activate.willSend', { count: toActivate.length })}>
              {toActivate.map((h) => (
                <ListItem key={h.id}>{h.name}</ListItem>
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
      {inDialog ? null : (
        <PageRunButtons
          id="oc-activate-run"
          label={t('hosts.activate.run', { count: toActivate.length })}
          count={toActivate.length}
          onRun={actions.runActivation}
          onCancel={actions.closeDialog}
        />
      )}
    </Stack>
  );
}
