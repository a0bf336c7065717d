/**
 * The operations drawer's panel: every operation of this WebAdmin tab as a card. Loaded when the
 * drawer first opens (see OperationsDrawer).
 */
import {
  DrawerActions,
  DrawerCloseButton,
  DrawerHead,
  DrawerPanelBody,
  DrawerPanelContent,
  Title,
} from '@patternfly/react-core';
import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../../../messages/catalogue';
import type { OperationRecord } from '../../../../operations/operationsStore';
import { OperationCard, type OperationActions } from './OperationCard';
import { useCancelMigration } from '../useCancelMigration';

export function OperationsPanel({
  ops,
  actions,
  onClose,
}: {
  ops: readonly OperationRecord[];
  actions: OperationActions;
  onClose: () => void;
}): ReactNode {
  const { t } = useMessages();
  const cancelMigration = useCancelMigration();
  const withCancel = useMemo(() => ({ ...actions, cancelMigration }), [actions, cancelMigration]);
  return (
    <DrawerPanelContent widths={{ default: 'width_50' }} isResizable={false}>
      <DrawerHead>
        <Title headingLevel="h2" size="lg" id="oc-ops-title">
          {t('vms.op.drawer')}
        </Title>
        <DrawerActions>
          <DrawerCloseButton aria-label={t('vms.op.close')} onClick={onClose} />
        </DrawerActions>
      </DrawerHead>
      <DrawerPanelBody>
        <div role="region" aria-labelledby="oc-ops-title" className="oc-ops-list">
          {ops.length === 0 ? <p>{t('vms.op.none')}</p> : null}
          {ops.map((op) => (
            <OperationCard key={op.id} op={op} actions={withCancel} />
          ))}
        </div>
      </DrawerPanelBody>
    </DrawerPanelContent>
  );
}
