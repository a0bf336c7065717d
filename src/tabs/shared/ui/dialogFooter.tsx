/**
 * One dialog model (issue 13 pt 10): a dialog's content shows the plan and then the progress of
 * its operation; its action and Cancel/Close sit in the footer of whoever frames it.
 *
 * - In WebAdmin, the frame is WebAdmin's dialog: its footer has OK and Close (static labels, no
 *   disabled state). OK runs in the host page, which posts the dialog's token on
 *   `BroadcastChannel(DIALOG_CHANNEL)`; `<WebAdminDialogFooter token>` hears it and confirms.
 * - In the main place, the frame is PatternFly's Modal: `<ModalFooterHost>` renders the modal's
 *   body and a footer with the action's own label and Cancel (Close once sent).
 *
 * A panel says what its action is with `useFooterAction`. `confirm` either sends (returns true) or
 * shows in the content why it cannot (returns false), as WebAdmin's own dialogs validate on OK.
 * Once one confirm has sent, the host never calls confirm again for this dialog ("never twice"):
 * a second OK while the operation runs, or after it ended, sends nothing and says so.
 */
import { Alert, Button, ModalBody, ModalFooter, Stack, StackItem } from '@patternfly/react-core';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import { DIALOG_CHANNEL } from '../../../plugin-api/pages';

export interface FooterAction {
  /** The action button's label in a PatternFly footer (WebAdmin's says OK). */
  label: string;
  danger?: boolean;
  /** A PatternFly footer disables its button; WebAdmin's OK calls `confirm`, which says why. */
  disabled?: boolean;
  /** Sends, and returns true; or shows why nothing can be sent, and returns false. */
  confirm: () => boolean;
}

interface Registered {
  label: string;
  danger: boolean;
  disabled: boolean;
}

interface FooterHost {
  set: (action: Registered | undefined, confirm: (() => boolean) | undefined) => void;
}

const FooterContext = createContext<FooterHost | undefined>(undefined);

/**
 * Offers `action` (or none: `undefined`) to the dialog's footer. Returns true when a footer hosts
 * it, so the panel renders no buttons of its own; false outside any dialog (inline buttons).
 */
export function useFooterAction(action: FooterAction | undefined): boolean {
  const host = useContext(FooterContext);
  const confirmRef = useRef(action?.confirm);
  useLayoutEffect(() => {
    confirmRef.current = action?.confirm;
  });
  const offered = action !== undefined;
  const label = action?.label ?? '';
  const danger = action?.danger ?? false;
  const disabled = action?.disabled ?? false;
  useLayoutEffect(() => {
    if (!host) return;
    if (!offered) {
      host.set(undefined, undefined);
      return;
    }
    host.set({ label, danger, disabled }, () => confirmRef.current?.() ?? false);
    return () => {
      host.set(undefined, undefined);
    };
  }, [host, offered, label, danger, disabled]);
  return host !== undefined;
}

/** True inside a dialog whose footer has Close: the content then renders no Close of its own. */
export function useInDialogFooter(): boolean {
  return useContext(FooterContext) !== undefined;
}

/** The state both footers share: the offered action, and whether this dialog already sent. */
function useFooterState(): {
  host: FooterHost;
  action: Registered | undefined;
  press: () => 'sent' | 'refused' | 'again' | 'none';
  sent: string | undefined;
} {
  const [action, setAction] = useState<Registered>();
  const actionRef = useRef<Registered>(undefined);
  const confirm = useRef<(() => boolean) | undefined>(undefined);
  const sentRef = useRef(false);
  /** The label of the action that was sent (the modal keeps showing it, disabled). */
  const [sent, setSent] = useState<string>();
  const [host] = useState<FooterHost>(() => ({
    set: (a, c) => {
      confirm.current = c;
      actionRef.current = a;
      setAction(a);
    },
  }));
  const press = useCallback((): 'sent' | 'refused' | 'again' | 'none' => {
    if (sentRef.current) return 'again';
    const run = confirm.current;
    if (!run) return 'none';
    if (!run()) return 'refused';
    sentRef.current = true;
    setSent(actionRef.current?.label ?? '');
    return 'sent';
  }, []);
  return { host, action, press, sent };
}

/** "The operation goes on when you close this dialog": shown with a dialog's progress. */
export function DialogRunningNote(): ReactNode {
  const { t } = useMessages();
  return (
    <Alert
      variant="info"
      isInline
      isPlain
      component="p"
      title={t('common.dialog.goesOn')}
      id="oc-dialog-goes-on"
    />
  );
}

/**
 * A WebAdmin dialog page's content: hears WebAdmin's OK for this dialog (relayed by the host page)
 * and confirms the offered action. A second OK after one sent says so and sends nothing.
 *
 * The host page names each dialog it opens by the `ok` value of its URL hash (read once: some
 * pages rewrite their hash as they go); a dialog opened without one answers to its token.
 */
export function WebAdminDialogFooter({
  token,
  children,
}: {
  token: string;
  children: ReactNode;
}): ReactNode {
  const { t } = useMessages();
  const { host, press } = useFooterState();
  const [again, setAgain] = useState(0);
  const [name] = useState(
    () => new URLSearchParams(window.location.hash.slice(1)).get('ok') ?? token,
  );
  useEffect(() => {
    const channel = new BroadcastChannel(DIALOG_CHANNEL);
    channel.onmessage = (e: MessageEvent) => {
      if (e.data !== name) return;
      if (press() === 'again') setAgain((n) => n + 1);
    };
    return () => {
      channel.close();
    };
  }, [name, press]);
  return (
    <FooterContext.Provider value={host}>
      <Stack hasGutter>
        {again > 0 ? (
          <StackItem>
            <Alert
              key={again}
              variant="info"
              isInline
              component="p"
              role="status"
              title={t('common.dialog.alreadySent')}
              id="oc-dialog-already-sent"
            />
          </StackItem>
        ) : null}
        <StackItem>{children}</StackItem>
      </Stack>
    </FooterContext.Provider>
  );
}

/**
 * A PatternFly Modal's body and footer (main place): the offered action's button, then Cancel,
 * which reads Close once the action was sent or when nothing is offered.
 */
export function ModalFooterHost({
  onClose,
  children,
}: {
  onClose: () => void;
  children: ReactNode;
}): ReactNode {
  const { t } = useMessages();
  const { host, action, press, sent } = useFooterState();
  return (
    <FooterContext.Provider value={host}>
      <ModalBody>{children}</ModalBody>
      <ModalFooter>
        {action && sent === undefined ? (
          <Button
            key="action"
            id="oc-modal-action"
            variant={action.danger ? 'danger' : 'primary'}
            isDisabled={action.disabled}
            onClick={() => {
              press();
            }}
          >
            {action.label}
          </Button>
        ) : sent ? (
          // Sent: the button stays where it was, disabled (a double click cannot hit Close).
          <Button key="action" id="oc-modal-action" variant="primary" isDisabled>
            {sent}
          </Button>
        ) : null}
        <Button key="close" variant="link" onClick={onClose} id="oc-modal-close">
          {action && sent === undefined ? t('common.cancel') : t('common.close')}
        </Button>
      </ModalFooter>
    </FooterContext.Provider>
  );
}
