/**
 * Paging for the engine-search tables (VMs, Hosts): "1–50 of 60" once the last page is known,
 * "1–50 of many" while the engine may have more (its search gives no total), and a page-size
 * selector. The page itself stays the engine's `page N` with `max` = the page size.
 */
import { Button } from '@patternfly/react-core';
import './pager.css';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';

export const PAGE_SIZES: readonly number[] = [10, 20, 50, 100, 200];

/** The choices offered: the usual sizes and the configured default, ascending. */
export function pageSizeOptions(configured: number): number[] {
  return [...new Set([...PAGE_SIZES, configured])].sort((a, b) => a - b);
}

/**
 * The total when it is known: on a page shorter than the page size (the last one). While a page
 * is full the engine may have more, and it does not say how many.
 */
export function knownTotal(
  page: number,
  pageSize: number,
  rowCount: number,
  hasNext: boolean,
): number | undefined {
  return hasNext ? undefined : (page - 1) * pageSize + rowCount;
}

export function Pager({
  id,
  variant,
  page,
  pageSize,
  configuredSize,
  rowCount,
  hasNext,
  onPage,
  onPageSize,
}: {
  id: string;
  variant: 'top' | 'bottom';
  page: number;
  pageSize: number;
  configuredSize: number;
  rowCount: number;
  hasNext: boolean;
  onPage: (page: number) => void;
  onPageSize: (size: number) => void;
}): ReactNode {
  const { t, locale } = useMessages();
  const total = knownTotal(page, pageSize, rowCount, hasNext);
  const number = new Intl.NumberFormat(locale);
  const first = rowCount === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = (page - 1) * pageSize + rowCount;
  const range = { first: number.format(first), last: number.format(last) };
  // Own markup, not PF Pagination: its options menu and popper would push the main place over
  // its weight ceiling. A native select is also what WebAdmin's own pager uses.
  // One navigation landmark (the top one); the bottom copy is a plain group.
  const Box = variant === 'top' ? 'nav' : 'div';
  return (
    <Box
      id={id}
      className={`oc-pager oc-pager--${variant}`}
      role={variant === 'top' ? undefined : 'group'}
      aria-label={t('common.pager.label')}
    >
      <span className="oc-pager-range" aria-live={variant === 'top' ? 'polite' : undefined}>
        {total !== undefined
          ? t('common.pager.range', { ...range, total: number.format(total) })
          : t('common.pager.rangeMany', range)}
      </span>
      <label className="oc-pager-size">
        <span>{t('common.pager.perPage')}</span>
        <select
          className="oc-pager-select"
          value={pageSize}
          onChange={(e) => {
            onPageSize(Number(e.target.value));
          }}
        >
          {pageSizeOptions(configuredSize).map((n) => (
            <option key={n} value={n}>
              {number.format(n)}
            </option>
          ))}
        </select>
      </label>
      <Button
        variant="control"
        size="sm"
        aria-label={t('vms.list.prev')}
        isDisabled={page <= 1}
        onClick={() => {
          onPage(page - 1);
        }}
      >
        ‹
      </Button>
      <Button
        variant="control"
        size="sm"
        aria-label={t('vms.list.next')}
        isDisabled={!hasNext}
        onClick={() => {
          onPage(page + 1);
        }}
      >
        ›
      </Button>
    </Box>
  );
}
