// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseListState, listStateToHash, pageSearch } from '../../vms/domain/listState';
import { hostListHash, parseHostListState } from '../../hosts/domain/hostListState';
import { Pager, knownTotal, pageSizeOptions } from './Pager';

afterEach(cleanup);

function pager(page: number, rowCount: number, hasNext: boolean, onPageSize = vi.fn()) {
  return render(
    <Pager
      id="p"
      variant="top"
      page={page}
      pageSize={50}
      configuredSize={50}
      rowCount={rowCount}
      hasNext={hasNext}
      onPage={vi.fn()}
      onPageSize={onPageSize}
    />,
  );
}

describe('Pager', () => {
  it('says "of many" while the engine may have more rows', () => {
    pager(1, 50, true);
    expect(screen.getAllByText('1–50 of many').length).toBeGreaterThan(0);
  });

  it('counts the rows once the last page is reached', () => {
    pager(2, 10, false);
    expect(screen.getAllByText('51–60 of 60').length).toBeGreaterThan(0);
    const next = screen.getByRole<HTMLButtonElement>('button', { name: 'Next page' });
    expect(next.disabled).toBe(true);
  });

  it('offers a page size', () => {
    const onPageSize = vi.fn();
    pager(1, 50, true, onPageSize);
    fireEvent.change(screen.getByRole('combobox', { name: 'Rows per page' }), {
      target: { value: '100' },
    });
    expect(onPageSize).toHaveBeenCalledWith(100);
  });

  it('knows the total only on a short page', () => {
    expect(knownTotal(1, 50, 50, true)).toBeUndefined();
    expect(knownTotal(3, 50, 7, false)).toBe(107);
    expect(pageSizeOptions(25)).toEqual([10, 20, 25, 50, 100, 200]);
  });

  it('keeps the size in the link and the engine paging as `page N`', () => {
    const vm = parseListState({ page: '3', size: '100' });
    expect(vm.size).toBe(100);
    expect(listStateToHash(vm)).toBe('page=3&size=100');
    expect(pageSearch(vm)).toMatch(/ page 3$/);
    expect(parseListState({ size: 'x' }).size).toBe(0);
    const host = parseHostListState({ hsize: '20' });
    expect(host.size).toBe(20);
    expect(hostListHash({ view: 'hosts' }, host)).toBe('view=hosts&hsize=20');
  });
});
