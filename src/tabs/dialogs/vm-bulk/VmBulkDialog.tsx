/**
 * vm-bulk.html#action=<start|shutdown|stop|reboot|suspend>&ids=a,b — opened from WebAdmin's VM
 * list. WebAdmin's footer has OK (sends, once) and Close; the progress shows here, inline.
 */
import { Stack, StackItem } from '@patternfly/react-core';
import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import { EmptyPageState, ErrorState, LoadingState } from '../../shared/ui/PageStates';
import { OperationCard, type OperationActions } from '../../shared/operations/ui/OperationCard';
import { DIALOG_TOKENS } from '../../../plugin-api/pages';
import { DialogRunningNote, WebAdminDialogFooter } from '../../shared/ui/dialogFooter';
import { useVmOperationRunner } from '../../shared/operations/useOperations';
import { BulkConfirm } from '../../vms/ui/BulkConfirm';
import { useVmBulk } from './domain/useVmBulk';
import { ReasonField } from '../../shared/ui/ReasonField';

export function VmBulkDialog(): ReactNode {
  const { t } = useMessages();
  const { data, actions } = useVmBulk();
  const { cancel, retry, startVmAction } = useVmOperationRunner();
  // Stable, so the memoized card renders only when the operation changes.
  const opActions = useMemo<OperationActions>(
    () => ({
      cancel,
      retry: (id) => {
        retry(id);
      },
      forceOff: (op) => {
        startVmAction(
          'stop',
          op.items
            .filter((i) => i.state === 'failed')
            .map((i) => ({ id: i.id, name: i.name, status: 'up' })),
        );
      },
    }),
    [cancel, retry, startVmAction],
  );
  let body: ReactNode;
  if (data.ids.length === 0) body = <EmptyPageState title={t('vms.bulk.noIds')} body="" />;
  else if (!data.action)
    body = (
      <EmptyPageState title={t('vms.bulk.unknownAction', { action: data.rawAction })} body="" />
    );
  else if (data.loading) body = <LoadingState />;
  else if (data.error) body = <ErrorState error={data.error} onRetry={actions.retryLoad} />;
  else if (data.operation)
    body = (
      <Stack hasGutter>
        <StackItem>
          <OperationCard op={data.operation} actions={opActions} />
        </StackItem>
        {data.operation.state === 'running' ? (
          <StackItem>
            <DialogRunningNote />
          </StackItem>
        ) : null}
      </Stack>
    );
  else
    body = (
      <Stack hasGutter>
        {data.reasonOffered ? (
          <StackItem>
            <ReasonField
              id="oc-bulk-reason"
              value={data.reason}
              required={false}
              missing={false}
              onChange={actions.setReason}
            />
          </StackItem>
        ) : null}
        <StackItem>
          <BulkConfirm
            topLevel
            action={data.action}
            vms={data.vms ?? []}
            concurrency={data.concurrency}
            onConfirm={actions.confirmAction}
            onCancel={actions.closeDialog}
          />
        </StackItem>
      </Stack>
    );
  return <WebAdminDialogFooter token={DIALOG_TOKENS.vmBulk}>{body}</WebAdminDialogFooter>;
}
