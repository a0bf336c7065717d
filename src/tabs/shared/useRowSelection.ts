/**
 * A table selection kept across pages: rows are remembered by id when selected, and shown with
 * their latest state whenever the current page holds a fresher copy (rows refresh live).
 *
 * @example
 *   const { selectedRows, selectedIds, toggleRow, togglePage, clearSelection } = useRowSelection(rows);
 */
import { useCallback, useMemo, useState } from 'react';

export interface RowSelection<T extends { id: string }> {
  /** The selected rows, each in its freshest known state. */
  selectedRows: T[];
  selectedIds: ReadonlySet<string>;
  toggleRow: (row: T, on: boolean) => void;
  /** Selects or clears every row of the current page; rows on other pages keep their state. */
  togglePage: (on: boolean) => void;
  clearSelection: () => void;
}

export function selectionWith<T extends { id: string }>(
  old: ReadonlyMap<string, T>,
  rows: readonly T[],
  on: boolean,
): Map<string, T> {
  const next = new Map(old);
  for (const r of rows) {
    if (on) next.set(r.id, r);
    else next.delete(r.id);
  }
  return next;
}

const NONE: never[] = [];

export function useRowSelection<T extends { id: string }>(rows: readonly T[]): RowSelection<T> {
  const [selected, setSelected] = useState<ReadonlyMap<string, T>>(new Map());
  const toggleRow = useCallback((row: T, on: boolean) => {
    setSelected((old) => selectionWith(old, [row], on));
  }, []);
  const togglePage = useCallback(
    (on: boolean) => {
      setSelected((old) => selectionWith(old, rows, on));
    },
    [rows],
  );
  const clearSelection = useCallback(() => {
    setSelected(new Map());
  }, []);
  const selectedRows = useMemo(() => {
    // Nothing selected: the same empty list, so a live row refresh changes nothing downstream.
    if (selected.size === 0) return NONE;
    const current = new Map(rows.map((r) => [r.id, r]));
    return [...selected.values()].map((r) => current.get(r.id) ?? r);
  }, [rows, selected]);
  const selectedIds = useMemo(() => new Set(selected.keys()), [selected]);
  return { selectedRows, selectedIds, toggleRow, togglePage, clearSelection };
}
