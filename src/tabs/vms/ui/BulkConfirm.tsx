/**
 * The confirmation before a bulk action: what will be sent, what is skipped and why. Nothing is
 * sent until the admin confirms; the confirm button disables itself on the first click.
 */
import { Alert, Button, Flex, List, ListItem, Title } from '@patternfly/react-core';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import type { MessageKey } from '../../../messages/catalogue';
import { planVmAction } from '../../../operations/vmActions';
import type { VmAction } from '../../../operations/vmActions';
import { skipText } from '../../../operations/vmBulkRunner';

export interface BulkVm {
  id: string;
  name: string;
  status: string;
  /** When known, actions the engine refuses by origin are listed as skipped. */
  origin?: string;
}

export function BulkConfirm({
  action,
  vms,
  concurrency,
  onConfirm,
  onCancel,
  extra,
  confirmDisabled = false,
}: {
  action: VmAction;
  vms: readonly BulkVm[];
  concurrency: number;
  onConfirm: () => void;
  onCancel: () => void;
  extra?: ReactNode;
  confirmDisabled?: boolean;
}): ReactNode {
  const { t } = useMessages();
  const [clicked, setClicked] = useState(false);
  const plan = planVmAction(action, vms);
  const actionText = t(`vms.action.${action}` as MessageKey);
  return (
    <section aria-label={t('vms.bulk.confirmTitle', { action: actionText, count: vms.length })}>
      <Title headingLevel="h2" size="lg">
        {t('vms.bulk.confirmTitle', { action: actionText, count: vms.length })}
      </Title>
      {plan.send.length > 0 ? (
        <>
          <Title headingLevel="h3" size="md">
            {t('vms.bulk.willSend', { count: plan.send.length })}
          </Title>
          <List aria-label={t('vms.bulk.willSend', { count: plan.send.length })} isPlain>
            {plan.send.map((vm) => (
              <ListItem key={vm.id}>{vm.name}</ListItem>
            ))}
          </List>
        </>
      ) : (
        <Alert variant="info" isInline title={t('vms.bulk.nothingToDo')} />
      )}
      {plan.skip.length > 0 ? (
        <>
          <Title headingLevel="h3" size="md">
            {t('vms.bulk.willSkip', { count: plan.skip.length })}
          </Title>
          <List aria-label={t('vms.bulk.willSkip', { count: plan.skip.length })} isPlain>
            {plan.skip.map(({ vm, reason }) => (
              <ListItem key={vm.id}>
                {t('vms.bulk.skipReason', {
                  name: vm.name,
                  reason: skipText(t, reason, vm.status),
                })}
              </ListItem>
            ))}
          </List>
        </>
      ) : null}
      {extra}
      <p className="oc-muted">{t('vms.bulk.concurrency', { count: concurrency })}</p>
      <Flex spaceItems={{ default: 'spaceItemsSm' }}>
        <Button
          variant="primary"
          isDisabled={clicked || plan.send.length === 0 || confirmDisabled}
          onClick={() => {
            if (clicked) return;
            setClicked(true);
            onConfirm();
          }}
        >
          {t('vms.bulk.confirm', { action: actionText, count: plan.send.length })}
        </Button>
        <Button variant="link" onClick={onCancel}>
          {t('vms.bulk.cancel')}
        </Button>
      </Flex>
    </section>
  );
}
