/**
 * The footer action of a dialog whose plan lists what it will send (activate, restart, upgrade
 * the hosts shown): one action over `count` items. A PatternFly footer disables its button with
 * none; WebAdmin's OK cannot be disabled, so pressing it then sends nothing and the dialog shows
 * why (`common.dialog.nothingToSend`), as WebAdmin's own dialogs validate on OK.
 */
import { Alert, Button, StackItem } from '@patternfly/react-core';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import { useFooterAction } from './dialogFooter';

export interface RunFooterAction {
  /** The button's label in a PatternFly footer (WebAdmin's says OK). */
  label: string;
  /** What would be sent: none disables the button, and WebAdmin's OK then says so. */
  count: number;
  /** Starts the operation; called at most once per dialog (the footer never confirms twice). */
  run: () => void;
  danger?: boolean;
}

/**
 * Offers `action` (or none, `undefined`, while no plan is shown) to the dialog's footer. Returns
 * the "nothing to send" alert, as a Stack item, once OK was pressed with nothing to send (null
 * otherwise); the dialog renders it at the top of its Stack.
 */
export function useRunFooterAction(action: RunFooterAction | undefined): ReactNode {
  const { t } = useMessages();
  const [refused, setRefused] = useState(false);
  useFooterAction(
    action
      ? {
          label: action.label,
          disabled: action.count === 0,
          ...(action.danger !== undefined ? { danger: action.danger } : {}),
          confirm: () => {
            if (action.count === 0) {
              setRefused(true);
              return false;
            }
            action.run();
            return true;
          },
        }
      : undefined,
  );
  if (!refused || action?.count !== 0) return null;
  return (
    <StackItem>
      <Alert
        component="p"
        isInline
        variant="warning"
        role="alert"
        title={t('common.dialog.nothingToSend')}
      />
    </StackItem>
  );
}

/**
 * The plan's own Run and Cancel, for a dialog page shown outside a dialog (nothing offers a
 * footer there). Inside one, the dialog's footer runs it (`useRunFooterAction`).
 */
export function PageRunButtons({
  id,
  label,
  count,
  onRun,
  onCancel,
}: {
  id: string;
  label: string;
  count: number;
  onRun: () => void;
  onCancel: () => void;
}): ReactNode {
  const { t } = useMessages();
  return (
    <StackItem className="oc-evac-footer">
      <Button variant="primary" id={id} isDisabled={count === 0} onClick={onRun}>
        {label}
      </Button>
      <Button variant="link" onClick={onCancel}>
        {t('hosts.evac.cancel')}
      </Button>
    </StackItem>
  );
}
