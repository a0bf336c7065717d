/**
 * The main place's first paint (issue 14: first rows as fast as a plain grid). The boot script
 * draws the first page of real VM rows with the DOM API as soon as the engine has answered, before
 * React and PatternFly have loaded: the VM view's own table builder (vms/ui/vmTableDom.ts), so the
 * same markup, classes and texts, every engine text set with `textContent`. It lies over the page, inert
 * (no focus, no clicks, hidden from assistive technology), until the VM view has rendered its
 * own table or its error or empty state: `endFirstPaint` then removes it in the same frame.
 *
 * So that the rows do not move at the hand-over, the view records where its table was (top and
 * left edge, width) in localStorage and the next first paint draws there; without a record (the
 * first open, another window width), the rows start at the top and move down once.
 */
import { createVmTableDom } from '../vms/ui/vmTableDom';
import type { VmTableInput } from '../vms/ui/vmTableDom';

/** localStorage: where the VM table was at the last hand-over (layout only, no engine data). */
export const FIRST_PAINT_PLACE_KEY = 'ops-center:first-paint-place';
/** Past this, the overlay goes even if the view never said so (e.g. it failed to render). */
const GIVE_UP_MS = 15_000;

interface Place {
  viewport: number;
  top: number;
  left: number;
  width: number;
}

let overlay: HTMLElement | undefined;
let ended = false;

function readPlace(): Place | undefined {
  try {
    const raw = window.localStorage.getItem(FIRST_PAINT_PLACE_KEY);
    if (raw === null) return undefined;
    const p = JSON.parse(raw) as Partial<Place>;
    const ok = [p.viewport, p.top, p.left, p.width].every(
      (n) => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n < 100_000,
    );
    return ok && p.viewport === window.innerWidth ? (p as Place) : undefined;
  } catch {
    return undefined;
  }
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}

/** The VM table's markup for `rows`: what VmTable shows, without its handlers and ids. */
export function buildVmTable(input: Omit<VmTableInput, 'selectedIds'>): HTMLTableElement {
  const { table, update } = createVmTableDom();
  update({ ...input, selectedIds: new Set() });
  // The view's own table has these ids and its name; the inert copy over the page takes neither
  // (what finds the view's table or checkboxes must not find the copy).
  for (const node of table.querySelectorAll('[id]')) node.removeAttribute('id');
  table.removeAttribute('aria-label');
  return table;
}

/**
 * Draws `table` over the page, or in place of the one drawn before (the names have arrived);
 * nothing once the view has taken over.
 */
export function showFirstPaint(table: HTMLTableElement): void {
  if (ended) return;
  const drawn = overlay?.querySelector('table');
  if (drawn) {
    drawn.replaceWith(table);
    return;
  }
  const place = readPlace();
  const layer = el('div', 'oc-first-paint');
  layer.inert = true;
  const wrap = el('div');
  wrap.style.position = 'absolute';
  if (place) {
    wrap.style.top = `${String(place.top)}px`;
    wrap.style.left = `${String(place.left)}px`;
    wrap.style.width = `${String(place.width)}px`;
  } else {
    wrap.style.inset = '0 0 auto';
  }
  wrap.appendChild(table);
  layer.appendChild(wrap);
  document.body.appendChild(layer);
  overlay = layer;
  window.setTimeout(() => {
    endFirstPaint();
  }, GIVE_UP_MS);
}

/**
 * The view has drawn its own content: the first paint goes, and `table` (the view's table, when
 * it shows one) is where the next first paint will draw.
 */
export function endFirstPaint(table?: HTMLElement | null): void {
  ended = true;
  overlay?.remove();
  overlay = undefined;
  if (!table) return;
  const r = table.getBoundingClientRect();
  const place: Place = {
    viewport: window.innerWidth,
    top: Math.round(r.top + window.scrollY),
    left: Math.round(r.left + window.scrollX),
    width: Math.round(r.width),
  };
  try {
    window.localStorage.setItem(FIRST_PAINT_PLACE_KEY, JSON.stringify(place));
  } catch {
    // Storage refused: the next first paint starts at the top.
  }
}

/** Tests: forget that a view took over. */
export function resetFirstPaint(): void {
  overlay?.remove();
  overlay = undefined;
  ended = false;
}
