/**
 * The operations drawer every plugin page shows: a toggle button with the number of running
 * operations and a panel listing every operation of this WebAdmin tab (the record is shared by
 * all our iframes). Mounting it also resumes operations whose page went away.
 *
 * @example
 *   <OperationsDrawer>{pageContent}</OperationsDrawer>
 */
import { Button, Drawer, DrawerContent, DrawerContentBody } from '@patternfly/react-core';
import { lazy, Suspense, useDeferredValue, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../../../messages/catalogue';
import { operationsStore } from '../../../../operations/operationsStore';
import type { OperationRecord } from '../../../../operations/operationsStore';
import { useOperations, useVmOperationRunner } from '../useOperations';
import { runCancelledVms } from '../runCancelled';
import type { OperationActions } from './OperationCard';
import './operations.css';

const NO_OPS: readonly OperationRecord[] = [];

// Not needed for a page's first paint (issue 14): the drawer starts closed.
const OperationsPanel = lazy(() =>
  import('./OperationsPanel').then((m) => ({ default: m.OperationsPanel })),
);

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

  // The panel's code (cards, PatternFly's focus trap) loads when the drawer first opens.
  // The cards follow the record in a transition: a store change (a 500-VM operation created by a
  // click, a tick finishing fifty items) re-renders them in slices that yield to the browser, not
  // inside the task that changed the store. A closed drawer renders no cards at all.
  const shown = useDeferredValue(open ? ops : NO_OPS);
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  const panel = opened ? (
    <Suspense fallback={null}>
      <OperationsPanel
        ops={shown}
        actions={actions}
        onClose={() => {
          setOpen(false);
        }}
      />
    </Suspense>
  ) : undefined;

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
