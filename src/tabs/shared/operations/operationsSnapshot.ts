/**
 * What pages render of the operations record: one snapshot per animation frame at most, with
 * structural sharing. However many store changes arrive within one frame (a 500-VM run makes
 * hundreds a second), listeners hear once; an operation, item or step that did not change keeps
 * its object identity, so memoized cards and rows skip their render.
 *
 * Framework-free; `useOperations` feeds it to `useSyncExternalStore`.
 *
 * @example
 *   const snap = createOperationsSnapshot(operationsStore);
 *   const off = snap.subscribe(() => render(snap.get()));
 */
import {
  settledState,
  type OperationItem,
  type OperationRecord,
  type OperationStep,
} from '../../../operations/operationsStore';

/**
 * The state to show: the record's, or the settled one when a step-less operation has no item
 * left moving (the runner, maybe in another page, has not written the end yet).
 */
export function shownState(op: OperationRecord): OperationRecord['state'] {
  if (op.state !== 'running' || op.steps || op.items.length === 0) return op.state;
  return settledState(op.items);
}

export interface SnapshotSource {
  list(): OperationRecord[];
  subscribe(fn: () => void): () => void;
}

/** Runs `fn` once, at the next frame; returns a cancel function. */
export type FrameScheduler = (fn: () => void) => () => void;

/** Used when no frame comes: no requestAnimationFrame (jsdom, Node) or a hidden page. */
export const FALLBACK_MS = 100;

/**
 * The next animation frame, or FALLBACK_MS later if no frame comes first (browsers pause frames
 * in hidden pages and frames, such as the host page's operations runner).
 */
export const nextFrame: FrameScheduler = (fn) => {
  let raf: number | undefined;
  const cancel = (): void => {
    if (raf !== undefined) cancelAnimationFrame(raf);
    raf = undefined;
    clearTimeout(timer);
  };
  const run = (): void => {
    cancel(); // whichever comes first cancels the other
    fn();
  };
  const timer = setTimeout(run, FALLBACK_MS);
  if (typeof requestAnimationFrame === 'function') raf = requestAnimationFrame(run);
  return cancel;
};

export interface OperationsSnapshot {
  /** Stable between frames while subscribed; recomputed (structurally shared) when not. */
  get(): readonly OperationRecord[];
  subscribe(fn: () => void): () => void;
}

type Plain = object;

/** Same keys with the same primitive values (`skip` keys are compared by the caller). */
function shallowEqual(a: Plain, b: Plain, skip?: ReadonlySet<string>): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of ka) {
    if (skip?.has(k)) continue;
    if (!(k in rb) || !Object.is(ra[k], rb[k])) return false;
  }
  return true;
}

/** `next` with every element equal to one of `prev` replaced by it; `prev` itself if all are. */
function shareList<T extends Plain>(
  prev: readonly T[] | undefined,
  next: readonly T[],
  key: (x: T, i: number) => string,
): readonly T[] {
  if (!prev) return next;
  const byKey = new Map<string, T>();
  prev.forEach((x, i) => byKey.set(key(x, i), x));
  let same = prev.length === next.length;
  const out = next.map((x, i) => {
    // The store hands out the same object for an unchanged element: no comparison needed.
    if (x === prev[i]) return x;
    const old = byKey.get(key(x, i));
    const kept = old !== undefined && shallowEqual(old, x) ? old : x;
    if (kept !== prev[i]) same = false;
    return kept;
  });
  return same ? prev : out;
}

const RECORD_NESTED = new Set(['items', 'steps']);

function shareRecord(prev: OperationRecord | undefined, next: OperationRecord): OperationRecord {
  if (!prev) return next;
  const items = shareList<OperationItem>(prev.items, next.items, (i) => i.id) as OperationItem[];
  const steps = next.steps
    ? (shareList<OperationStep>(
        prev.steps,
        next.steps,
        (s, i) => `${String(i)}:${s.name}`,
      ) as OperationStep[])
    : undefined;
  if (items === prev.items && steps === prev.steps && shallowEqual(prev, next, RECORD_NESTED))
    return prev;
  return steps ? { ...next, items, steps } : { ...next, items };
}

/** `next` sharing every unchanged record, item and step with `prev`; `prev` if nothing changed. */
export function shareOperations(
  prev: readonly OperationRecord[] | undefined,
  next: readonly OperationRecord[],
): readonly OperationRecord[] {
  if (!prev) return next;
  const byId = new Map(prev.map((r) => [r.id, r]));
  let same = prev.length === next.length;
  const out = next.map((r, i) => {
    const kept = shareRecord(byId.get(r.id), r);
    if (kept !== prev[i]) same = false;
    return kept;
  });
  return same ? prev : out;
}

export function createOperationsSnapshot(
  source: SnapshotSource,
  schedule: FrameScheduler = nextFrame,
): OperationsSnapshot {
  const listeners = new Set<() => void>();
  let current: readonly OperationRecord[] | undefined;
  let unsubscribeSource: (() => void) | undefined;
  let cancelFrame: (() => void) | undefined;

  function refresh(): boolean {
    const next = shareOperations(current, source.list());
    const changed = next !== current;
    current = next;
    return changed;
  }

  function onFrame(): void {
    cancelFrame = undefined;
    if (!refresh()) return;
    for (const fn of [...listeners]) {
      try {
        fn();
      } catch {
        // A failing listener must not stop the others.
      }
    }
  }

  function onSourceChange(): void {
    cancelFrame ??= schedule(onFrame);
  }

  return {
    get() {
      // Unsubscribed, nobody tells us of changes: read now (structural sharing keeps it stable).
      if (!unsubscribeSource || current === undefined) refresh();
      return current ?? [];
    },
    subscribe(fn) {
      listeners.add(fn);
      if (!unsubscribeSource) {
        unsubscribeSource = source.subscribe(onSourceChange);
        // Changes made before we listened: React checks `get()` right after subscribing.
        refresh();
      }
      return () => {
        listeners.delete(fn);
        if (listeners.size > 0) return;
        unsubscribeSource?.();
        unsubscribeSource = undefined;
        cancelFrame?.();
        cancelFrame = undefined;
      };
    },
  };
}
