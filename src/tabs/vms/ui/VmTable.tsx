import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import type { SortColumn, VmListState } from '../domain/listState';
import type { VmRow } from '../domain/vmRow';
import { VM_COLUMNS, ariaSort, cellText, columnClass, statusCell } from './vmTableModel';
import { SortIcon } from './SortIcon';
import './vmTable.css';

/**
 * The VM list: a plain table (see vmTableModel.ts), the same markup the main place's boot script
 * paints before React has loaded (the VM view ends that paint when its rows are on screen).
 */
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
  const allSelected = rows.length > 0 && rows.every((r) => selectedIds.has(r.id));
  return (
    <table aria-label={t('vms.list.rows')} className="oc-vm-table">
      <thead>
        <tr>
          <th className="oc-vm-col-select" aria-label={t('vms.list.selectPage')} scope="col">
            <input
              type="checkbox"
              id="oc-vm-select-page"
              aria-label={t('vms.list.selectPage')}
              checked={allSelected}
              onChange={(e) => {
                onTogglePage(e.currentTarget.checked);
              }}
            />
          </th>
          {VM_COLUMNS.map((column) => {
            const sort = ariaSort(column, state, sortable);
            const label = t(column.label);
            return (
              <th key={column.id} className={columnClass(column)} aria-sort={sort} scope="col">
                {sort === undefined ? (
                  label
                ) : (
                  <button
                    type="button"
                    className="oc-vm-sort"
                    onClick={() => {
                      if (column.sort) onSort(column.sort);
                    }}
                  >
                    {label}
                    <SortIcon sort={sort} />
                  </button>
                )}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, rowIndex) => {
          const status = statusCell(row, now, t, locale);
          return (
            <tr key={row.id} data-vm-id={row.id} data-vm-name={row.name}>
              <td className="oc-vm-col-select">
                <input
                  type="checkbox"
                  id={`oc-vm-select-${String(rowIndex)}`}
                  aria-label={t('vms.list.selectRow', { name: row.name })}
                  checked={selectedIds.has(row.id)}
                  onChange={(e) => {
                    onToggle(row, e.currentTarget.checked);
                  }}
                />
              </td>
              {VM_COLUMNS.map((column) =>
                column.id === 'status' ? (
                  <td key="status" className={columnClass(column)} data-label={t(column.label)}>
                    <span className={`oc-vm-status oc-vm-status-${status.tone}`}>
                      {status.label}
                    </span>
                    {status.since !== undefined ? (
                      <span className="oc-muted"> {status.since}</span>
                    ) : null}
                  </td>
                ) : (
                  <td key={column.id} className={columnClass(column)} data-label={t(column.label)}>
                    {cellText(column.id, row, locale)}
                  </td>
                ),
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
