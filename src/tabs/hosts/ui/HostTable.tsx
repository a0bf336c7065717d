/** The hosts table: selection, sortable columns, load bars. Engine text is rendered as text. */
import { Checkbox, Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ThProps } from '@patternfly/react-table';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import type { MessageKey } from '../../../messages/catalogue';
import { formatBytes } from '../domain/hostLoad';
import type { HostListState, HostSortColumn } from '../domain/hostListState';
import type { HostRow } from '../domain/useHostsView';
import { LoadBar } from './LoadBar';

const STATUS_COLOR: Partial<Record<HostRow['status'], 'green' | 'orange' | 'red' | 'blue'>> = {
  up: 'green',
  maintenance: 'orange',
  preparing_for_maintenance: 'blue',
  non_responsive: 'red',
  non_operational: 'red',
  error: 'red',
  install_failed: 'red',
  down: 'red',
};

export interface HostTableProps {
  rows: HostRow[];
  state: HostListState;
  selectedIds: ReadonlySet<string>;
  sortable: boolean;
  onSort: (column: HostSortColumn) => void;
  onToggleRow: (row: HostRow, on: boolean) => void;
  onTogglePage: (on: boolean) => void;
}

export function HostTable({
  rows,
  state,
  selectedIds,
  sortable,
  onSort,
  onToggleRow,
  onTogglePage,
}: HostTableProps): ReactNode {
  const { t, locale } = useMessages();
  const sortParams = (column: HostSortColumn, index: number): ThProps['sort'] | undefined =>
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
    <Table aria-label={t('hosts.list.rows')} variant="compact" id="oc-hosts-table">
      <Thead>
        <Tr>
          {/* Own checkboxes: PatternFly's select cells label rows "Select row N", not by name. */}
          <Th screenReaderText={t('hosts.list.selectPage')}>
            <Checkbox
              id="oc-hosts-select-page"
              aria-label={t('hosts.list.selectPage')}
              isChecked={allSelected}
              onChange={(_e, on) => {
                onTogglePage(on);
              }}
            />
          </Th>
          <Th modifier="wrap" sort={sortParams('name', 1)}>
            {t('hosts.col.name')}
          </Th>
          <Th modifier="wrap" sort={sortParams('status', 2)}>
            {t('hosts.col.status')}
          </Th>
          <Th modifier="wrap" sort={sortParams('cluster', 3)}>
            {t('hosts.col.cluster')}
          </Th>
          <Th modifier="wrap">{t('hosts.col.spm')}</Th>
          <Th sort={sortParams('vms', 5)} modifier="wrap">
            {t('hosts.col.vms')}
          </Th>
          <Th modifier="wrap" sort={sortParams('cpu', 6)}>
            {t('hosts.col.cpu')}
          </Th>
          <Th modifier="wrap" sort={sortParams('memory', 7)}>
            {t('hosts.col.memory')}
          </Th>
          <Th className="oc-num" modifier="wrap">
            {t('hosts.col.freeMemory')}
          </Th>
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => (
          <Tr
            key={row.id}
            data-host-id={row.id}
            isSelectable
            isRowSelected={selectedIds.has(row.id)}
          >
            <Td>
              <Checkbox
                id={`oc-hosts-select-${row.id}`}
                aria-label={t('hosts.list.selectRow', { name: row.name })}
                isChecked={selectedIds.has(row.id)}
                onChange={(_e, on) => {
                  onToggleRow(row, on);
                }}
              />
            </Td>
            <Td dataLabel={t('hosts.col.name')}>{row.name}</Td>
            <Td dataLabel={t('hosts.col.status')}>
              <Label isCompact color={STATUS_COLOR[row.status] ?? 'grey'}>
                {t(`hosts.status.${row.status}` as MessageKey)}
              </Label>
              {row.statusDetail ? <div className="oc-muted">{row.statusDetail}</div> : null}
            </Td>
            <Td dataLabel={t('hosts.col.cluster')}>{row.cluster}</Td>
            <Td dataLabel={t('hosts.col.spm')}>
              {row.spm === 'spm' ? (
                <Label isCompact color="purple">
                  {t('hosts.spm.spm')}
                </Label>
              ) : (
                t(row.spm === 'contending' ? 'hosts.spm.contending' : 'hosts.spm.none')
              )}
            </Td>
            <Td dataLabel={t('hosts.col.vms')}>
              {row.vms.active} / {row.vms.migrating} / {row.vms.total}
            </Td>
            <Td dataLabel={t('hosts.col.cpu')}>
              <LoadBar value={row.load.cpu} label={`${row.name} ${t('hosts.col.cpu')}`} />
            </Td>
            <Td dataLabel={t('hosts.col.memory')}>
              <LoadBar value={row.load.memory} label={`${row.name} ${t('hosts.col.memory')}`} />
            </Td>
            <Td dataLabel={t('hosts.col.freeMemory')} className="oc-num">
              {formatBytes(row.freeMemory, locale)}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
