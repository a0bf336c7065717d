import { Alert, Button, Flex, FlexItem, Label } from '@patternfly/react-core';
import { memo, useState } from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../../../messages/catalogue';
import type { MessageKey } from '../../../../messages/catalogue';
import type { OperationRecord } from '../../../../operations/operationsStore';
import { cancelledToRun } from '../runCancelled';
import { shownState } from '../operationsSnapshot';
import { PowerOffWarning } from '../../../vms/ui/PowerOffWarning';
import { OperationItems, OperationSteps, operationCounts, summaryCounts } from './OperationItems';

const OP_COLOR: Record<OperationRecord['state'], 'blue' | 'green' | 'red' | 'orange' | 'grey'> = {
  running: 'blue',
  done: 'green',
  failed: 'red',
  partial: 'orange',
  cancelled: 'grey',
};

export interface OperationActions {
  cancel?: (opId: string) => void;
  retry?: (opId: string) => void;
  /** Shutdown that timed out: power off the VMs that did not go down. */
  forceOff?: (op: OperationRecord) => void;
  dismiss?: (opId: string) => void;
  /** Starts a new operation, of the same action, for the VMs that were cancelled before sending. */
  runCancelled?: (op: OperationRecord) => void;
  /** Cancels the running migration of one VM item (migrate and evacuation operations). */
  cancelMigration?: (opId: string, vmId: string) => void;
}

/** Memoized: pass a stable `actions` object so a card renders only when its operation changes. */
export const OperationCard = memo(function OperationCard({
  op,
  actions,
}: {
  op: OperationRecord;
  actions: OperationActions;
}): ReactNode {
  const { t } = useMessages();
  // The header follows the items: once every item is finished it says how the operation ended,
  // even before the runner has written the record's own end (it may run in another page).
  const state = shownState(op);
  const counts = operationCounts(op);
  const pendingNotSent = op.items.some((i) => i.state === 'pending');
  const showForce = op.kind === 'vm-shutdown' && op.state !== 'running' && counts.failed > 0;
  // A power off (forced after a shutdown, or retried) is confirmed first, in the card itself.
  const [confirmOff, setConfirmOff] = useState<'force' | 'retry' | 'cancelled'>();
  const toRun = cancelledToRun(op);
  const sendPowerOff = (): void => {
    if (confirmOff === 'force') actions.forceOff?.(op);
    else if (confirmOff === 'cancelled') actions.runCancelled?.(op);
    else actions.retry?.(op.id);
    setConfirmOff(undefined);
  };
  const offCount = confirmOff === 'cancelled' ? toRun.length : counts.failed;
  const summary = summaryCounts(op);
  return (
    <section
      className="oc-op-card"
      aria-label={op.title}
      data-operation-id={op.id}
      data-state={state}
    >
      <Flex alignItems={{ default: 'alignItemsCenter' }} spaceItems={{ default: 'spaceItemsSm' }}>
        <FlexItem>
          <strong>{op.title}</strong>
        </FlexItem>
        <FlexItem>
          <Label color={OP_COLOR[state]} isCompact>
            {t(`vms.op.state.${state}` as MessageKey)}
          </Label>
        </FlexItem>
        <FlexItem className="oc-op-summary">
          {summary.cancelled > 0
            ? t('vms.op.summaryCancelled', { ...summary })
            : t('vms.op.summary', { ...summary })}
        </FlexItem>
      </Flex>
      {op.stoppedReason === 'storage' ? (
        <Alert variant="danger" isInline isPlain title={t('vms.op.stopped.storage')} />
      ) : null}
      {op.steps && op.steps.length > 0 ? <OperationSteps steps={op.steps} /> : null}
      {op.items.length > 0 && !op.steps ? (
        <OperationItems op={op} onCancelMigration={actions.cancelMigration} />
      ) : null}
      <Flex spaceItems={{ default: 'spaceItemsSm' }}>
        {actions.cancel && op.state === 'running' && pendingNotSent ? (
          <Button variant="secondary" size="sm" onClick={() => actions.cancel?.(op.id)}>
            {t('vms.op.cancelRest')}
          </Button>
        ) : null}
        {actions.retry && op.state !== 'running' && counts.failed > 0 && op.kind !== 'vm-clone' ? (
          <Button
            variant="secondary"
            size="sm"
            isDisabled={confirmOff !== undefined}
            onClick={() => {
              if (op.kind === 'vm-stop') setConfirmOff('retry');
              else actions.retry?.(op.id);
            }}
          >
            {t('vms.op.retryFailed', { count: counts.failed })}
          </Button>
        ) : null}
        {actions.runCancelled && toRun.length > 0 ? (
          <Button
            variant="secondary"
            size="sm"
            isDisabled={confirmOff !== undefined}
            onClick={() => {
              if (op.kind === 'vm-stop') setConfirmOff('cancelled');
              else actions.runCancelled?.(op);
            }}
          >
            {t('vms.op.runCancelled', { count: toRun.length })}
          </Button>
        ) : null}
        {actions.forceOff && showForce ? (
          <Button
            variant="warning"
            size="sm"
            isDisabled={confirmOff !== undefined}
            onClick={() => {
              setConfirmOff('force');
            }}
          >
            {t('vms.bulk.force')}
          </Button>
        ) : null}
        {actions.dismiss && op.state !== 'running' ? (
          <Button variant="link" size="sm" onClick={() => actions.dismiss?.(op.id)}>
            {t('vms.op.dismiss')}
          </Button>
        ) : null}
      </Flex>
      {confirmOff ? (
        <div className="oc-op-confirm" role="group" aria-label={t('vms.action.stop')}>
          <PowerOffWarning />
          <Flex spaceItems={{ default: 'spaceItemsSm' }}>
            <Button variant="danger" size="sm" onClick={sendPowerOff}>
              {t('vms.bulk.confirm', { action: t('vms.action.stop'), count: offCount })}
            </Button>
            <Button
              variant="link"
              size="sm"
              onClick={() => {
                setConfirmOff(undefined);
              }}
            >
              {t('vms.bulk.cancel')}
            </Button>
          </Flex>
        </div>
      ) : null}
    </section>
  );
});
