/**
 * A running or finished evacuation, from the shared operations record: the steps (migrate, then
 * maintenance per host) and one row per VM and host with its state and the engine's text.
 */
import { Alert, Label, Progress, ProgressSize, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReactNode } from 'react';
import { useMessages } from '../../../../messages/catalogue';
import type { MessageKey } from '../../../../messages/catalogue';
import type {
  OperationItem,
  OperationRecord,
  OperationStep,
} from '../../../../operations/operationsStore';

const ITEM_COLOR: Record<OperationItem['state'], 'grey' | 'blue' | 'green' | 'red' | 'orange'> = {
  pending: 'grey',
  sent: 'blue',
  in_progress: 'blue',
  done: 'green',
  failed: 'red',
  skipped: 'grey',
  cancelled: 'orange',
};

const STEP_COLOR: Record<OperationStep['state'], 'grey' | 'blue' | 'green' | 'red'> = {
  pending: 'grey',
  running: 'blue',
  done: 'green',
  failed: 'red',
  skipped: 'grey',
};

export function EvacuationSummary({ op }: { op: OperationRecord }): ReactNode {
  const { t } = useMessages();
  const hosts = op.items.filter((i) => i.entity === 'host');
  const failedVms = op.items.filter((i) => i.entity === 'vm' && i.state === 'failed');
  const stayed = hosts.filter((h) => h.state !== 'done').map((h) => h.name);
  if (op.state === 'running') {
    return <Alert isInline variant="info" title={t('hosts.evac.running')} />;
  }
  if (op.state === 'done') {
    return (
      <Alert
        isInline
        variant="success"
        title={t('hosts.evac.doneAll', { names: hosts.map((h) => h.name).join(', ') })}
      />
    );
  }
  if (op.state === 'cancelled') {
    return <Alert isInline variant="warning" title={t('hosts.evac.cancelled')} />;
  }
  return (
    <Alert
      isInline
      variant="danger"
      title={t('hosts.evac.failedSome', { count: failedVms.length, names: stayed.join(', ') })}
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

export function EvacuationProgress({ op }: { op: OperationRecord }): ReactNode {
  const { t } = useMessages();
  return (
    <>
      <ol className="oc-evac-steps" aria-label={op.title}>
        {(op.steps ?? []).map((s) => (
          <li key={s.name} data-state={s.state}>
            <Label isCompact color={STEP_COLOR[s.state]}>
              {t(`vms.op.step.${s.state}` as MessageKey)}
            </Label>{' '}
            {s.name}
            {s.detail ? <span className="oc-evac-step-detail"> — {s.detail}</span> : null}
          </li>
        ))}
      </ol>
      <Title headingLevel="h3" size="md" id="oc-evac-progress">
        {op.title}
      </Title>
      <Table aria-labelledby="oc-evac-progress" variant="compact" id="oc-evac-progress-table">
        <Thead>
          <Tr>
            <Th modifier="wrap">{t('hosts.evac.col.vm')}</Th>
            <Th modifier="wrap">{t('hosts.evac.col.target')}</Th>
            <Th modifier="wrap">{t('hosts.evac.col.state')}</Th>
            <Th modifier="wrap">{t('hosts.evac.col.reason')}</Th>
          </Tr>
        </Thead>
        <Tbody>
          {op.items.map((i) => (
            <Tr
              key={i.id}
              data-item-id={i.id}
              data-entity={i.entity}
              data-state={i.state}
              aria-label={i.name}
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
                {i.error ? <span className="oc-evac-error">{i.error}</span> : (i.detail ?? '')}
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </>
  );
}
