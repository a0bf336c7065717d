import { useLayoutEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import type { SortColumn, VmListState } from '../domain/listState';
import type { LiveClock } from '../domain/liveClock';
import type { ListedVm } from '../domain/vmListRead';
import { toVmRow } from '../domain/vmRow';
import type { VmRow } from '../domain/vmRow';
import { createVmTableDom } from './vmTableDom';
import type { VmTableDom, VmTableHandlers, VmTableInput } from './vmTableDom';
import './vmTable.css';

export interface VmTableProps {
  rows: readonly VmRow[];
  state: VmListState;
  selectedIds: ReadonlySet<string>;
  sortable: boolean;
  now: number;
  onSort: (column: SortColumn) => void;
  onToggle: (row: VmRow, on: boolean) => void;
  onTogglePage: (on: boolean) => void;
  /**
   * Live polls: once the clock has a time, the rows are the cached page as `read` returns it,
   * durations as of the poll (`rows` and `now` until then), and each poll updates the table
   * without rendering React (issue 14, memory), live row refreshes included (livePatch.ts).
   */
  live?: {
    clock: LiveClock;
    read: () => readonly ListedVm[] | undefined;
    names: Parameters<typeof toVmRow>[1];
  };
}

interface Latest {
  input: VmTableInput;
  handlers: VmTableHandlers;
  live: VmTableProps['live'];
}

/** Shows the last props, with the durations as of the last poll when there was one. */
function applyLatest(dom: VmTableDom, current: Latest | undefined): void {
  if (!current) return;
  const { input, handlers, live } = current;
  const polled = live?.clock.get();
  const vms = polled === undefined ? undefined : live?.read();
  if (polled === undefined || !live || !vms) {
    dom.update(input, handlers);
    return;
  }
  const rows = vms.map((vm) => toVmRow(vm, live.names, polled));
  dom.update({ ...input, rows, now: polled }, handlers);
}

/**
 * The VM list: a plain table kept by vmTableDom.ts (the markup the main place's boot script paints
 * before React has loaded; the VM view ends that paint when its rows are on screen). React renders
 * the box it lives in; the table itself is updated in place.
 */
export function VmTable(props: VmTableProps): ReactNode {
  const { t, locale } = useMessages();
  const box = useRef<HTMLDivElement>(null);
  const [dom] = useState(createVmTableDom);
  const latest = useRef<Latest>(undefined);
  const { rows, state, selectedIds, sortable, now, onSort, onToggle, onTogglePage, live } = props;

  useLayoutEffect(() => {
    box.current?.appendChild(dom.table);
    return () => {
      dom.table.remove();
    };
  }, [dom]);

  useLayoutEffect(() => {
    latest.current = {
      input: { rows, state, selectedIds, sortable, now, t, locale },
      handlers: { onSort, onToggle, onTogglePage },
      live,
    };
    applyLatest(dom, latest.current);
  });
  const clock = live?.clock;
  useLayoutEffect(
    () =>
      clock?.subscribe(() => {
        applyLatest(dom, latest.current);
      }),
    [clock, dom],
  );

  return <div ref={box} className="oc-vm-table-box" />;
}
