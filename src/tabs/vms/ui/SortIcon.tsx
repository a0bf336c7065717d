import type { ReactNode } from 'react';
import { SORT_ICON_PATHS } from './vmTableModel';

/** A sortable header's indicator; the header's `aria-sort` says the same to assistive tech. */
export function SortIcon({ sort }: { sort: keyof typeof SORT_ICON_PATHS }): ReactNode {
  return (
    <svg className="oc-vm-sort-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={SORT_ICON_PATHS[sort]} />
    </svg>
  );
}
