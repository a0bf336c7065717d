/**
 * Rows of a long list, windowed: beyond `threshold` rows only those in view (plus a few) are
 * mounted, in a scroll box of `maxHeightPx`, each row `rowPx` tall. Short lists render whole,
 * exactly as before (the e2e tests' lists stay short).
 *
 * @example
 *   const rows = useVirtualRows(items.length);
 *   <div ref={rows.scrollBox} style={rows.boxStyle}>
 *     <table><tbody>
 *       {rows.padTop > 0 ? <tr aria-hidden="true"><td style={{ height: rows.padTop }} /></tr> : null}
 *       {rows.indexes.map((i) => <Row key={items[i].id} item={items[i]} />)}
 *       …padBottom likewise…
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import type { CSSProperties } from 'react';
import { useMemo, useState } from 'react';

/** Lists up to this long are rendered whole. */
export const VIRTUAL_THRESHOLD = 100;
export const VIRTUAL_ROW_PX = 36;
const MAX_HEIGHT_PX = 420;
const OVERSCAN = 8;

export interface VirtualRows<E extends HTMLElement> {
  /** True when the list is windowed. */
  virtual: boolean;
  /** Row indexes to mount, in order. */
  indexes: number[];
  /** Space before and after the mounted rows (px). */
  padTop: number;
  padBottom: number;
  /** Callback ref for the scroll box. */
  scrollBox: (el: E | null) => void;
  /** The scroll box's style: bounded height when windowed, nothing otherwise. */
  boxStyle: CSSProperties | undefined;
  /** A windowed row's style (fixed height). */
  rowStyle: CSSProperties | undefined;
}

export function useVirtualRows<E extends HTMLElement = HTMLDivElement>(
  count: number,
  {
    threshold = VIRTUAL_THRESHOLD,
    rowPx = VIRTUAL_ROW_PX,
    maxHeightPx = MAX_HEIGHT_PX,
  }: { threshold?: number; rowPx?: number; maxHeightPx?: number } = {},
): VirtualRows<E> {
  const [box, scrollBox] = useState<E | null>(null);
  // Stable, so memoized rows are not rendered again for a new style object.
  const rowStyle = useMemo<CSSProperties>(() => ({ height: rowPx }), [rowPx]);
  const boxStyle = useMemo<CSSProperties>(
    () => ({ maxHeight: maxHeightPx, overflowY: 'auto' }),
    [maxHeightPx],
  );
  const virtual = count > threshold;
  // The virtualizer returns a mutable instance, so the React Compiler would skip this hook; we
  // do not compile with it, and the hook's result is recomputed on every render anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: virtual ? count : 0,
    getScrollElement: () => box,
    estimateSize: () => rowPx,
    overscan: OVERSCAN,
    initialRect: { width: 0, height: maxHeightPx },
  });
  if (!virtual) {
    const indexes = Array.from({ length: count }, (_, i) => i);
    return {
      virtual,
      indexes,
      padTop: 0,
      padBottom: 0,
      scrollBox,
      boxStyle: undefined,
      rowStyle: undefined,
    };
  }
  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  const padTop = first ? first.start : 0;
  const padBottom = last ? virtualizer.getTotalSize() - last.end : 0;
  return {
    virtual,
    indexes: items.map((v) => v.index),
    padTop,
    padBottom,
    scrollBox,
    boxStyle,
    rowStyle,
  };
}
