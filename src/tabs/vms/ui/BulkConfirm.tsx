/**
 * The confirmation before a bulk action: what will be sent, what is skipped and why. Nothing is
 * sent until the admin confirms, once. Inside a dialog the confirm is the dialog footer's (see
 * dialogFooter.tsx: WebAdmin's OK, or the modal's action button); elsewhere its own buttons.
 */
import { Alert, Button, Flex, List, ListItem, Title } from '@patternfly/react-core';
import { useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import type { MessageKey } from '../../../messages/catalogue';
import { planVmAction } from '../../../operations/vmActions';
import type { SkipReason, VmAction } from '../../../operations/vmActions';
import { skipText } from '../../../operations/vmBulkRunner';
import { useVirtualRows } from '../../shared/ui/useVirtualRows';
import { PowerOffWarning } from './PowerOffWarning';
import { useFooterAction } from '../../shared/ui/dialogFooter';

/** A plain list of lines; beyond VIRTUAL_THRESHOLD only the lines in view are mounted. */
function LongList({ label, lines }: { label: string; lines: readonly ListLine[] }): ReactNode {
  const { scrollBox, ...rows } = useVirtualRows(lines.length);
  return (
    <div ref={scrollBox} style={rows.boxStyle} tabIndex={rows.virtual ? 0 : undefined}>
      <List
        aria-label={label}
        isPlain
        style={
          rows.virtual ? { paddingTop: rows.padTop, paddingBottom: rows.padBottom } : undefined
        }
      >
        {rows.indexes.map((i) => {
          const line = lines[i];
          return line ? (
            <ListItem
              key={line.key}
              style={rows.rowStyle}
              aria-setsize={rows.virtual ? lines.length : undefined}
              aria-posinset={rows.virtual ? i + 1 : undefined}
            >
              {line.text}
            </ListItem>
          ) : null;
        })}
      </List>
    </div>
  );
}

interface ListLine {
  key: string;
  text: string;
}

export interface BulkVm {
  id: string;
  name: string;
  status: string;
  /** When known, actions the engine refuses by origin are listed as skipped. */
  origin?: string;
  /** A refusal the engine states up front (e.g. a pinned VM for migrate): listed as skipped. */
  skip?: SkipReason;
}

export function BulkConfirm({
  action,
  vms,
  concurrency,
  onConfirm,
  onCancel,
  extra,
  confirmDisabled = false,
  topLevel = false,
}: {
  action: VmAction;
  vms: readonly BulkVm[];
  concurrency: number;
  onConfirm: () => void;
  onCancel: () => void;
  extra?: ReactNode;
  confirmDisabled?: boolean;
  /** The confirmation is the document's first heading (a WebAdmin dialog page): h1, then h2. */
  topLevel?: boolean;
}): ReactNode {
  const { t } = useMessages();
  const [clicked, setClicked] = useState(false);
  const sentRef = useRef(false);
  // Why OK sent nothing (WebAdmin's OK cannot be disabled, so it is answered in the content).
  const [refused, setRefused] = useState<'nothingToSend' | 'notReady'>();
  const plan = useMemo(() => planVmAction(action, vms), [action, vms]);
  const sendLines = useMemo(() => plan.send.map((vm) => ({ key: vm.id, text: vm.name })), [plan]);
  const skipLines = useMemo(
    () =>
      plan.skip.map(({ vm, reason }) => ({
        key: vm.id,
        text: t('vms.bulk.skipReason', { name: vm.name, reason: skipText(t, reason, vm.status) }),
      })),
    [plan, t],
  );
  const actionText = t(`vms.action.${action}` as MessageKey);
  const confirmLabel = t('vms.bulk.confirm', { action: actionText, count: plan.send.length });
  const confirm = (): boolean => {
    if (sentRef.current) return false;
    if (plan.send.length === 0) {
      setRefused('nothingToSend');
      return false;
    }
    if (confirmDisabled) {
      setRefused('notReady');
      return false;
    }
    sentRef.current = true;
    setClicked(true);
    onConfirm();
    return true;
  };
  const inFooter = useFooterAction({
    label: confirmLabel,
    danger: action === 'stop',
    disabled: plan.send.length === 0 || confirmDisabled,
    confirm,
  });
  return (
    <section aria-label={t('vms.bulk.confirmTitle', { action: actionText, count: vms.length })}>
      <Title headingLevel={topLevel ? 'h1' : 'h2'} size="lg">
        {t('vms.bulk.confirmTitle', { action: actionText, count: vms.length })}
      </Title>
      {refused !== undefined && (refused === 'nothingToSend' || confirmDisabled) ? (
        <Alert
          variant="warning"
          isInline
          component="p"
          role="alert"
          id="oc-bulk-refused"
          title={t(`common.dialog.${refused}`)}
        />
      ) : null}
      {plan.send.length > 0 ? (
        <>
          <Title headingLevel={topLevel ? 'h2' : 'h3'} size="md">
            {t('vms.bulk.willSend', { count: plan.send.length })}
          </Title>
          <LongList label={t('vms.bulk.willSend', { count: plan.send.length })} lines={sendLines} />
        </>
      ) : (
        <Alert variant="info" isInline component="h3" title={t('vms.bulk.nothingToDo')} />
      )}
      {plan.skip.length > 0 ? (
        <>
          <Title headingLevel={topLevel ? 'h2' : 'h3'} size="md">
            {t('vms.bulk.willSkip', { count: plan.skip.length })}
          </Title>
          <LongList label={t('vms.bulk.willSkip', { count: plan.skip.length })} lines={skipLines} />
        </>
      ) : null}
      {action === 'stop' && plan.send.length > 0 ? <PowerOffWarning /> : null}
      {extra}
      <p className="oc-muted">{t('vms.bulk.concurrency', { count: concurrency })}</p>
      {inFooter ? null : (
        <Flex spaceItems={{ default: 'spaceItemsSm' }}>
          <Button
            variant={action === 'stop' ? 'danger' : 'primary'}
            isDisabled={clicked || plan.send.length === 0 || confirmDisabled}
            onClick={() => {
              confirm();
            }}
          >
            {confirmLabel}
          </Button>
          <Button variant="link" onClick={onCancel}>
            {t('vms.bulk.cancel')}
          </Button>
        </Flex>
      )}
    </section>
  );
}
