/**
 * A running or finished evacuation, from the shared operations record: the steps (migrate, then
 * maintenance per host) and one row per VM and host with its state and the engine's text.
 */
import { Alert, Label, Progress, ProgressSize, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { memo } from 'react';
import type { CSSProperties, ReactNode } from 'react';
import { useVirtualRows } from '../../../shared/ui/useVirtualRows';
import { useMessages } from '../../../../messages/catalogue';
import type { MessageKey } from '../../../../messages/catalogue';
import type { OperationItem, OperationRecord } from '../../../../operations/operationsStore';
import { StepList, StepStateLabel } from '../../../shared/ui/StepList';

const ITEM_COLOR: Record<OperationItem['state'], 'grey' | 'blue' | 'green' | 'red' | 'orange'> = {
  pending: 'grey',
  sent: 'blue',
  in_progress: 'blue',
  done: 'green',
  failed: 'red',
  skipped: 'grey',
  cancelled: 'orange',
};

export function EvacuationSummary({ op }: { op: OperationRecord }): ReactNode {
  const { t } = useMessages();
  const hosts = op.items.filter((i) => i.entity === 'host');
  const failedVms = op.items.filter((i) => i.entity === 'vm' && i.state === 'failed');
  const stayed = hosts.filter((h) => h.state !== 'done').map((h) => h.name);
  if (op.state === 'running') {
    return <Alert component="p" isInline variant="info" title={t('hosts.evac.running')} />;
  }
  if (op.state === 'done') {
    return (
      <Alert
        component="p"
        isInline
        variant="success"
        title={t('hosts.evac.doneAll', { names: hosts.map((h) => h.name).join(', ') })}
      />
    );
  }
  if (op.state === 'cancelled') {
    return <Alert component="p" isInline variant="warning" title={t('hosts.evac.cancelled')} />;
  }
  return (
    <Alert
      component="p"
      isInline
      variant="danger"
      title={
        // No VM of the run failed: the host stayed for its own reason (VMs the plan could not
        // place, the engine refusing maintenance), which the list below gives.
        failedVms.length > 0
          ? t('hosts.evac.failedSome', { count: failedVms.length, names: stayed.join(', ') })
          : t('hosts.evac.hostStayed', { names: stayed.join(', ') })
      }
    >
      <ul aria-label={t('hosts.evac.col.reason')}>
        {failedVms.map((i) => (
          <li key={i.id} data-vm-id={i.id}>
            {i.name}: {i.error ?? ''}
          </li>
        ))}
        {hosts
          .filter((h) => h.state === 'failed')
          .map((h) => (
            <li key={h.id} data-host-id={h.id}>
              {h.name}: {h.error ?? ''}
            </li>
          ))}
      </ul>
    </Alert>
  );
}

const EvacuationRow = memo(function EvacuationRow({
  item: i,
  style,
  index,
}: {
  item: OperationItem;
  style: CSSProperties | undefined;
  index: number | undefined;
}): ReactNode {
  const { t } = useMessages();
  return (
    <Tr
      data-item-id={i.id}
      data-entity={i.entity}
      data-state={i.state}
      aria-label={i.name}
      aria-rowindex={index !== undefined ? index + 2 : undefined}
      style={style}
    >
      <Td dataLabel={t('hosts.evac.col.vm')}>{i.name}</Td>
      <Td dataLabel={t('hosts.evac.col.target')}>{i.target ?? ''}</Td>
      <Td dataLabel={t('hosts.evac.col.state')}>
        <Label isCompact color={ITEM_COLOR[i.state]}>
          {t(`vms.op.item.${i.state}` as MessageKey)}
        </Label>
        {i.state === 'in_progress' && i.progress !== undefined ? (
          <Progress
            value={i.progress}
            size={ProgressSize.sm}
            aria-label={t('hosts.evac.item.in_progress', {
              percent: Math.round(i.progress),
            })}
          />
        ) : null}
      </Td>
      <Td dataLabel={t('hosts.evac.col.reason')}>
        {/* The progress bar already shows a migration's percent: it is not repeated here. */}
        {i.error ? (
          <span className="oc-evac-error">{i.error}</span>
        ) : i.state === 'in_progress' && i.progress !== undefined ? (
          ''
        ) : (
          (i.detail ?? '')
        )}
      </Td>
    </Tr>
  );
});

/** Beyond VIRTUAL_THRESHOLD rows only those in view are mounted; rows are memoized. */
export const EvacuationProgress = memo(function EvacuationProgress({
  op,
}: {
  op: OperationRecord;
}): ReactNode {
  const { t } = useMessages();
  const { scrollBox, ...rows } = useVirtualRows(op.items.length, { rowPx: 48 });
  const steps = op.steps ?? [];
  // One step named as the operation (a rebalance): its state goes next to the title, not on a
  // line of its own that repeats it.
  const titleStep =
    steps.length === 1 && steps[0]?.name === op.title && steps[0].detail === undefined
      ? steps[0]
      : undefined;
  return (
    <>
      {titleStep ? null : (
        <StepList
          steps={steps}
          className="oc-evac-steps"
          detailClassName="oc-evac-step-detail"
          label={op.title}
        />
      )}
      <Title headingLevel="h2" size="md" id="oc-evac-progress">
        {op.title}
        {titleStep ? (
          <>
            {' '}
            <StepStateLabel state={titleStep.state} />
          </>
        ) : null}
      </Title>
      <div ref={scrollBox} style={rows.boxStyle} tabIndex={rows.virtual ? 0 : undefined}>
        <Table
          aria-labelledby="oc-evac-progress"
          variant="compact"
          id="oc-evac-progress-table"
          aria-rowcount={rows.virtual ? op.items.length + 1 : undefined}
        >
          <Thead>
            <Tr>
              <Th modifier="wrap">{t('hosts.evac.col.vm')}</Th>
              <Th modifier="wrap">{t('hosts.evac.col.target')}</Th>
              <Th modifier="wrap">{t('hosts.evac.col.state')}</Th>
              <Th modifier="wrap">{t('hosts.evac.col.reason')}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {rows.padTop > 0 ? (
              <Tr aria-hidden="true">
                <Td colSpan={4} style={{ height: rows.padTop, padding: 0 }} />
              </Tr>
            ) : null}
            {rows.indexes.map((n) => {
              const item = op.items[n];
              return item ? (
                <EvacuationRow
                  key={item.id}
                  item={item}
                  style={rows.rowStyle}
                  index={rows.virtual ? n : undefined}
                />
              ) : null;
            })}
            {rows.padBottom > 0 ? (
              <Tr aria-hidden="true">
                <Td colSpan={4} style={{ height: rows.padBottom, padding: 0 }} />
              </Tr>
            ) : null}
          </Tbody>
        </Table>
      </div>
    </>
  );
});
