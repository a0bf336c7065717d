/**
 * The confirmation before a bulk action: what will be sent, what is skipped and why. Nothing is
 * sent until the admin confirms; the confirm button disables itself on the first click.
 */
import { Alert, Button, Flex, List, ListItem, Title } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import type { MessageKey } from '../../../messages/catalogue';
import { planVmAction } from '../../../operations/vmActions';
import type { SkipReason, VmAction } from '../../../operations/vmActions';
import { skipText } from '../../../operations/vmBulkRunner';
import { useVirtualRows } from '../../shared/ui/useVirtualRows';
import { PowerOffWarning } from './PowerOffWarning';

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
  return (
    <section aria-label={t('vms.bulk.confirmTitle', { action: actionText, count: vms.length })}>
      <Title headingLevel={topLevel ? 'h1' : 'h2'} size="lg">
        {t('vms.bulk.confirmTitle', { action: actionText, count: vms.length })}
      </Title>
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
      <Flex spaceItems={{ default: 'spaceItemsSm' }}>
        <Button
          variant={action === 'stop' ? 'danger' : 'primary'}
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
