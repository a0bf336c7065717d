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
import type { CSSProperties } from 'react';
import { useEffect, useMemo, useState } from 'react';

/** Lists up to this long are rendered whole. */
export const VIRTUAL_THRESHOLD = 100;
export const VIRTUAL_ROW_PX = 36;
const MAX_HEIGHT_PX = 420;
/** Rows mounted beyond each edge of the view. */
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

interface View {
  top: number;
  height: number;
}

/**
 * Fixed-height windowing in a few lines (a library such as @tanstack/react-virtual costs about
 * 10 KB gzip, over the main place's weight ceiling). Scroll events and ResizeObserver callbacks
 * come at most once per animation frame, so the window moves at most once per frame.
 */
export function useVirtualRows<E extends HTMLElement = HTMLDivElement>(
  count: number,
  {
    threshold = VIRTUAL_THRESHOLD,
    rowPx = VIRTUAL_ROW_PX,
    maxHeightPx = MAX_HEIGHT_PX,
  }: { threshold?: number; rowPx?: number; maxHeightPx?: number } = {},
): VirtualRows<E> {
  const [box, scrollBox] = useState<E | null>(null);
  const [view, setView] = useState<View>({ top: 0, height: maxHeightPx });
  const virtual = count > threshold;
  // Stable, so memoized rows are not rendered again for a new style object.
  const rowStyle = useMemo<CSSProperties>(() => ({ height: rowPx }), [rowPx]);
  const boxStyle = useMemo<CSSProperties>(
    () => ({ maxHeight: maxHeightPx, overflowY: 'auto' }),
    [maxHeightPx],
  );

  useEffect(() => {
    if (!virtual || !box) return;
    const read = (): void => {
      const next = { top: box.scrollTop, height: box.clientHeight || maxHeightPx };
      setView((v) => (v.top === next.top && v.height === next.height ? v : next));
    };
    box.addEventListener('scroll', read, { passive: true });
    const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(read) : undefined;
    resize?.observe(box);
    return () => {
      box.removeEventListener('scroll', read);
      resize?.disconnect();
    };
  }, [virtual, box, maxHeightPx]);

  if (!virtual) {
    return {
      virtual,
      indexes: Array.from({ length: count }, (_, i) => i),
      padTop: 0,
      padBottom: 0,
      scrollBox,
      boxStyle: undefined,
      rowStyle: undefined,
    };
  }
  const first = Math.min(count, Math.max(0, Math.floor(view.top / rowPx) - OVERSCAN));
  const last = Math.min(count, Math.ceil((view.top + view.height) / rowPx) + OVERSCAN);
  return {
    virtual,
    indexes: Array.from({ length: Math.max(0, last - first) }, (_, i) => first + i),
    padTop: first * rowPx,
    padBottom: (count - Math.max(first, last)) * rowPx,
    scrollBox,
    boxStyle,
    rowStyle,
  };
}
