import { Checkbox, Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ThProps } from '@patternfly/react-table';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import { formatPercent } from '../../../messages/intl';
import type { MessageKey } from '../../../messages/catalogue';
import type { SortColumn, VmListState } from '../domain/listState';
import { formatDuration, type VmRow } from '../domain/vmRow';

const STATUS_COLOR: Partial<Record<VmRow['status'], 'green' | 'red' | 'blue' | 'orange' | 'grey'>> =
  {
    up: 'green',
    down: 'grey',
    suspended: 'orange',
    paused: 'orange',
    not_responding: 'red',
    unknown: 'red',
  };

export function VmStatusLabel({ status }: { status: VmRow['status'] }): ReactNode {
  const { t } = useMessages();
  return (
    <Label color={STATUS_COLOR[status] ?? 'blue'} isCompact>
      {t(`vms.status.${status}` as MessageKey)}
    </Label>
  );
}

function pct(value: number | undefined, locale: string): string {
  return value === undefined ? '—' : formatPercent(value, locale);
}

export function VmTable({
  rows,
  state,
  selectedIds,
  sortable,
  now,
  onSort,
  onToggle,
  onTogglePage,
}: {
  rows: readonly VmRow[];
  state: VmListState;
  selectedIds: ReadonlySet<string>;
  sortable: boolean;
  now: number;
  onSort: (column: SortColumn) => void;
  onToggle: (row: VmRow, on: boolean) => void;
  onTogglePage: (on: boolean) => void;
}): ReactNode {
  const { t, locale } = useMessages();
  const sortParams = (column: SortColumn, index: number): ThProps['sort'] | undefined =>
    sortable
      ? {
          sortBy: {
            index: state.sort === column ? index : undefined,
            direction: state.dir,
            defaultDirection: 'asc',
          },
          onSort: () => {
            onSort(column);
          },
          columnIndex: index,
        }
      : undefined;
  const allSelected = rows.length > 0 && rows.every((r) => selectedIds.has(r.id));
  return (
    <Table aria-label={t('vms.list.rows')} variant="compact" className="oc-vm-table">
      <Thead>
        <Tr>
          <Th className="oc-col-select" aria-label={t('vms.list.selectPage')}>
            <Checkbox
              id="oc-vm-select-page"
              aria-label={t('vms.list.selectPage')}
              isChecked={allSelected}
              onChange={(_e, on) => {
                onTogglePage(on);
              }}
            />
          </Th>
          <Th modifier="wrap" sort={sortParams('name', 1)} width={20}>
            {t('vms.col.name')}
          </Th>
          <Th modifier="wrap" sort={sortParams('status', 2)} width={15}>
            {t('vms.col.status')}
          </Th>
          <Th modifier="wrap" sort={sortParams('host', 3)}>
            {t('vms.col.host')}
          </Th>
          <Th modifier="wrap" sort={sortParams('cluster', 4)}>
            {t('vms.col.cluster')}
          </Th>
          <Th modifier="wrap" sort={sortParams('cpu', 5)} className="oc-num">
            {t('vms.col.cpu')}
          </Th>
          <Th modifier="wrap" sort={sortParams('memory', 6)} className="oc-num">
            {t('vms.col.memory')}
          </Th>
          <Th modifier="wrap" sort={sortParams('uptime', 7)}>
            {t('vms.col.uptime')}
          </Th>
          <Th modifier="wrap" aria-label={t('vms.col.ip')}>
            {t('vms.col.ip')}
          </Th>
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row, rowIndex) => (
          <Tr key={row.id} data-vm-id={row.id} data-vm-name={row.name}>
            <Td className="oc-col-select">
              <Checkbox
                id={`oc-vm-select-${String(rowIndex)}`}
                aria-label={t('vms.list.selectRow', { name: row.name })}
                isChecked={selectedIds.has(row.id)}
                onChange={(_e, on) => {
                  onToggle(row, on);
                }}
              />
            </Td>
            <Td dataLabel={t('vms.col.name')}>{row.name}</Td>
            <Td dataLabel={t('vms.col.status')}>
              <VmStatusLabel status={row.status} />
              {row.since !== undefined ? (
                <span className="oc-muted">
                  {' '}
                  {t('vms.list.inState', {
                    duration: formatDuration((now - row.since) / 1000, locale),
                  })}
                </span>
              ) : null}
            </Td>
            <Td dataLabel={t('vms.col.host')}>{row.hostName ?? '—'}</Td>
            <Td dataLabel={t('vms.col.cluster')}>{row.clusterName ?? '—'}</Td>
            <Td dataLabel={t('vms.col.cpu')} className="oc-num">
              {pct(row.cpu, locale)}
            </Td>
            <Td dataLabel={t('vms.col.memory')} className="oc-num">
              {pct(row.memory, locale)}
            </Td>
            <Td dataLabel={t('vms.col.uptime')}>
              {row.uptimeSec !== undefined ? formatDuration(row.uptimeSec, locale) : '—'}
            </Td>
            <Td dataLabel={t('vms.col.ip')}>{row.ip ?? '—'}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
