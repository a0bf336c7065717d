/**
 * The VM view's modal (bulk confirmation, migrate, clone): the action's title, the plan and then
 * the operation's progress in the body, the action and Cancel in PatternFly's footer. Loaded on first use (see VmsView): the
 * view's first paint does not need the modal, the migrate and clone panels, or their PatternFly
 * parts, which keeps them out of the main place's opening weight (issue 14).
 */
import { Modal, ModalHeader, Stack, StackItem } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { useMessages, type MessageKey } from '../../../messages/catalogue';
import { ReasonField } from '../../shared/ui/ReasonField';
import { useStopReason } from '../../shared/operations/useStopReason';
import { MigratePanel } from '../../dialogs/vm-migrate/ui/MigratePanel';
import { ClonePanel } from '../../dialogs/vm-clone/ui/ClonePanel';
import type { Dialog } from '../domain/useVmsView';
import { BulkConfirm } from './BulkConfirm';
import { DialogRunningNote, ModalFooterHost } from '../../shared/ui/dialogFooter';
import { OperationCard } from '../../shared/operations/ui/OperationCard';
import { useOperations, useVmOperationRunner } from '../../shared/operations/useOperations';

export function VmsDialog({
  dialog,
  concurrency,
  onConfirmBulk,
  onClose,
}: {
  dialog: Dialog | undefined;
  concurrency: number;
  onConfirmBulk: (options: { reason?: string }) => void;
  onClose: () => void;
}): ReactNode {
  const { t } = useMessages();
  const action = dialog?.kind === 'bulk' ? dialog.action : undefined;
  const stop = useStopReason(action, dialog?.kind === 'bulk' ? dialog.vms : undefined);
  return (
    <Modal
      isOpen={dialog !== undefined}
      onClose={onClose}
      variant="medium"
      aria-labelledby="oc-vms-modal-title"
    >
      <ModalHeader
        title={
          dialog?.kind === 'migrate'
            ? t('vms.migrate.title')
            : dialog?.kind === 'clone'
              ? t('vms.clone.title')
              : action !== undefined
                ? t(`vms.action.${action}` as MessageKey)
                : t('vms.place.operations')
        }
        labelId="oc-vms-modal-title"
      />
      <ModalFooterHost key={dialog?.kind} onClose={onClose}>
        {dialog?.kind === 'bulk' && dialog.opId !== undefined ? (
          <BulkProgress opId={dialog.opId} />
        ) : dialog?.kind === 'bulk' ? (
          <BulkConfirm
            action={dialog.action}
            vms={dialog.vms}
            concurrency={concurrency}
            onConfirm={() => {
              onConfirmBulk(stop.options());
            }}
            onCancel={onClose}
            extra={
              stop.offered ? (
                <ReasonField
                  id="oc-vms-reason"
                  value={stop.reason}
                  required={false}
                  missing={false}
                  onChange={stop.setReason}
                />
              ) : undefined
            }
          />
        ) : null}
        {dialog?.kind === 'migrate' ? <MigratePanel vms={dialog.vms} onClose={onClose} /> : null}
        {dialog?.kind === 'clone' ? <ClonePanel vmId={dialog.vm.id} onClose={onClose} /> : null}
      </ModalFooterHost>
    </Modal>
  );
}

/** The confirmed bulk action's progress, in the modal (the drawer outside keeps every operation). */
function BulkProgress({ opId }: { opId: string }): ReactNode {
  const op = useOperations().find((o) => o.id === opId);
  const { cancel, retry } = useVmOperationRunner();
  if (!op) return null;
  return (
    <Stack hasGutter>
      <StackItem>
        <OperationCard
          op={op}
          actions={{
            cancel,
            retry: (id) => {
              retry(id);
            },
          }}
        />
      </StackItem>
      {op.state === 'running' ? (
        <StackItem>
          <DialogRunningNote />
        </StackItem>
      ) : null}
    </Stack>
  );
}
