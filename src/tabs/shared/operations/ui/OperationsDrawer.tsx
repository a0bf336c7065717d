/**
 * The operations drawer every plugin page shows: a toggle button with the number of running
 * operations and a panel listing every operation of this WebAdmin tab (the record is shared by
 * all our iframes). Mounting it also resumes operations whose page went away.
 *
 * @example
 *   <OperationsDrawer>{pageContent}</OperationsDrawer>
 */
import {
  Button,
  Drawer,
  DrawerActions,
  DrawerCloseButton,
  DrawerContent,
  DrawerContentBody,
  DrawerHead,
  DrawerPanelBody,
  DrawerPanelContent,
  Title,
} from '@patternfly/react-core';
import { useDeferredValue, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../../../messages/catalogue';
import { operationsStore } from '../../../../operations/operationsStore';
import type { OperationRecord } from '../../../../operations/operationsStore';
import { useOperations, useVmOperationRunner } from '../useOperations';
import { runCancelledVms } from '../runCancelled';
import { OperationCard, type OperationActions } from './OperationCard';
import './operations.css';

const NO_OPS: readonly OperationRecord[] = [];

export function OperationsDrawer({
  children,
  defaultOpen = false,
  isOpen,
  onOpenChange,
}: {
  children: ReactNode;
  defaultOpen?: boolean;
  /** Controlled mode (a page that opens the drawer when it starts an operation). */
  isOpen?: boolean;
  onOpenChange?: (open: boolean) => void;
}): ReactNode {
  const { t } = useMessages();
  const ops = useOperations();
  const runner = useVmOperationRunner();
  const [ownOpen, setOwnOpen] = useState(defaultOpen);
  const open = isOpen ?? ownOpen;
  const setOpen = (value: boolean): void => {
    setOwnOpen(value);
    onOpenChange?.(value);
  };
  const running = ops.filter((o) => o.state === 'running').length;
  // The cards follow the record in a transition: a store change (a 500-VM operation created by a
  // click, a tick finishing fifty items) re-renders them in slices that yield to the browser,
  // not inside the task that changed the store. A closed drawer renders no cards at all.
  const shown = useDeferredValue(open ? ops : NO_OPS);

  const { cancel, retry, startVmAction } = runner;
  // Stable, so the memoized cards render only when their own operation changes.
  const actions = useMemo<OperationActions>(
    () => ({
      cancel,
      retry: (id) => {
        retry(id);
      },
      forceOff: (op: OperationRecord) => {
        const failed = op.items
          .filter((i) => i.state === 'failed')
          .map((i) => ({ id: i.id, name: i.name, status: 'up' }));
        if (failed.length > 0) startVmAction('stop', failed);
      },
      dismiss: (id) => {
        operationsStore.remove(id);
      },
      runCancelled: (op: OperationRecord) => {
        runCancelledVms(
          { store: operationsStore, storage: window.sessionStorage, t, startVmAction },
          op.id,
        );
      },
    }),
    [cancel, retry, startVmAction, t],
  );

  const panel = (
    <DrawerPanelContent widths={{ default: 'width_50' }} isResizable={false}>
      <DrawerHead>
        <Title headingLevel="h2" size="lg" id="oc-ops-title">
          {t('vms.op.drawer')}
        </Title>
        <DrawerActions>
          <DrawerCloseButton
            aria-label={t('vms.op.close')}
            onClick={() => {
              setOpen(false);
            }}
          />
        </DrawerActions>
      </DrawerHead>
      <DrawerPanelBody>
        <div role="region" aria-labelledby="oc-ops-title" className="oc-ops-list">
          {open && ops.length === 0 ? <p>{t('vms.op.none')}</p> : null}
          {shown.map((op) => (
            <OperationCard key={op.id} op={op} actions={actions} />
          ))}
        </div>
      </DrawerPanelBody>
    </DrawerPanelContent>
  );

  return (
    <Drawer isExpanded={open} position="end">
      <DrawerContent panelContent={panel}>
        <DrawerContentBody>
          <div className="oc-ops-toggle">
            <Button
              variant={running > 0 ? 'primary' : 'secondary'}
              aria-expanded={open}
              id="oc-ops-toggle"
              onClick={() => {
                setOpen(!open);
              }}
            >
              {running > 0 ? t('vms.op.open', { count: running }) : t('vms.op.openIdle')}
            </Button>
          </div>
          {children}
        </DrawerContentBody>
      </DrawerContent>
    </Drawer>
  );
}
