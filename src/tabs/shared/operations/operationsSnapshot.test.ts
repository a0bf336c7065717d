import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createOperationsStore,
  type OperationItem,
  type OperationRecord,
} from '../../../operations/operationsStore';
import {
  FALLBACK_MS,
  createOperationsSnapshot,
  nextFrame,
  shareOperations,
  type FrameScheduler,
} from './operationsSnapshot';

function memory(): {
  getItem: (k: string) => string | null;
  setItem: (k: string, v: string) => void;
} {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v) };
}

function item(i: number): OperationItem {
  return {
    entity: 'vm',
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `vm-${String(i)}`,
    state: 'pending',
    correlationId: 'c',
  };
}

function record(n: number, id = 'op-1'): OperationRecord {
  return {
    id,
    kind: 'vm-start',
    title: 'Start',
    correlationId: 'c',
    startedAt: 1,
    state: 'running',
    items: Array.from({ length: n }, (_, i) => item(i)),
  };
}

/** A scheduler whose frames run when the test says so. */
function manualFrames(): { schedule: FrameScheduler; frame: () => void; pending: () => number } {
  let queue: (() => void)[] = [];
  return {
    schedule: (fn) => {
      queue.push(fn);
      return () => {
        queue = queue.filter((f) => f !== fn);
      };
    },
    frame: () => {
      const run = queue;
      queue = [];
      for (const fn of run) fn();
    },
    pending: () => queue.length,
  };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('createOperationsSnapshot', () => {
  it('N store changes within one frame make one notification', () => {
    const store = createOperationsStore(memory());
    store.create(record(500));
    const frames = manualFrames();
    const snap = createOperationsSnapshot(store, frames.schedule);
    const heard = vi.fn();
    snap.subscribe(heard);
    const before = snap.get();
    for (let i = 0; i < 200; i++) store.deferItem('op-1', item(i).id, { state: 'sent' });
    // Nothing is recomputed or heard before the frame; the snapshot stays stable meanwhile.
    expect(heard).not.toHaveBeenCalled();
    expect(snap.get()).toBe(before);
    expect(frames.pending()).toBe(1);
    frames.frame();
    expect(heard).toHaveBeenCalledTimes(1);
    expect(snap.get()[0]?.items.filter((i) => i.state === 'sent')).toHaveLength(200);
    // A frame with no change: nobody hears anything.
    frames.frame();
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it('keeps the identity of unchanged operations and items, even when all are decoded anew', () => {
    // Another frame's write is decoded from storage: every object is new, most are equal.
    let records = [record(500, 'op-1'), { ...record(3, 'op-2'), startedAt: 0 }];
    let notify = (): void => undefined;
    const source = {
      list: () => structuredClone(records),
      subscribe: (fn: () => void) => {
        notify = fn;
        return () => undefined;
      },
    };
    const frames = manualFrames();
    const snap = createOperationsSnapshot(source, frames.schedule);
    snap.subscribe(() => undefined);
    const [a, b] = snap.get();
    const [first, second] = records as [OperationRecord, OperationRecord];
    records = [
      {
        ...first,
        items: first.items.map((x, i) => (i === 7 ? { ...x, state: 'done' as const } : x)),
      },
      second,
    ];
    notify();
    frames.frame();
    const [a2, b2] = snap.get();
    expect(a2).not.toBe(a);
    expect(b2).toBe(b);
    expect(a2?.items[7]).not.toBe(a?.items[7]);
    expect(a2?.items[7]?.state).toBe('done');
    const unchanged = a2?.items.filter((x, i) => x === a?.items[i]).length;
    expect(unchanged).toBe(499);
  });

  it('a store notification with no change keeps the very same snapshot', () => {
    const store = createOperationsStore(memory());
    store.create(record(10));
    const frames = manualFrames();
    const snap = createOperationsSnapshot(store, frames.schedule);
    const heard = vi.fn();
    snap.subscribe(heard);
    const before = snap.get();
    store.update('op-1', { title: 'Start' }); // same value: a new object from the store
    frames.frame();
    expect(heard).not.toHaveBeenCalled();
    expect(snap.get()).toBe(before);
  });

  it('without subscribers reads the store at once, and stays stable', () => {
    const store = createOperationsStore(memory());
    const snap = createOperationsSnapshot(store, manualFrames().schedule);
    expect(snap.get()).toEqual([]);
    store.create(record(2));
    const first = snap.get();
    expect(first).toHaveLength(1);
    expect(snap.get()).toBe(first);
  });

  it('stops listening and cancels its frame when the last listener leaves', () => {
    const store = createOperationsStore(memory());
    store.create(record(2));
    const frames = manualFrames();
    const snap = createOperationsSnapshot(store, frames.schedule);
    const off = snap.subscribe(() => undefined);
    store.updateItem('op-1', item(0).id, { state: 'sent' });
    expect(frames.pending()).toBe(1);
    off();
    expect(frames.pending()).toBe(0);
  });
});

describe('shareOperations', () => {
  it('returns the previous list when every record is equal', () => {
    const prev = [record(3)];
    expect(shareOperations(prev, [structuredClone(record(3))])).toBe(prev);
  });

  it('a removed or added operation makes a new list, sharing the rest', () => {
    const a = record(2, 'a');
    const b = record(2, 'b');
    const next = shareOperations([a, b], [structuredClone(b)]);
    expect(next).toHaveLength(1);
    expect(next[0]).toBe(b);
  });

  it('shares steps by position and name', () => {
    const prev: OperationRecord = {
      ...record(0),
      steps: [
        { name: 'shutdown', state: 'done' },
        { name: 'clone', state: 'running' },
      ],
    };
    const [next] = shareOperations(
      [prev],
      [
        {
          ...structuredClone(prev),
          steps: [
            { name: 'shutdown', state: 'done' },
            { name: 'clone', state: 'done' },
          ],
        },
      ],
    );
    expect(next?.steps?.[0]).toBe(prev.steps?.[0]);
    expect(next?.steps?.[1]?.state).toBe('done');
  });
});

describe('nextFrame', () => {
  it('falls back to a timeout when no animation frame comes', () => {
    vi.useFakeTimers();
    vi.stubGlobal('requestAnimationFrame', () => 1);
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    const fn = vi.fn();
    nextFrame(fn);
    vi.advanceTimersByTime(FALLBACK_MS - 1);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('runs once at the animation frame, then not again at the fallback', () => {
    vi.useFakeTimers();
    let frame: (() => void) | undefined;
    vi.stubGlobal('requestAnimationFrame', (f: () => void) => {
      frame = f;
      return 1;
    });
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    const fn = vi.fn();
    nextFrame(fn);
    frame?.();
    vi.advanceTimersByTime(FALLBACK_MS * 2);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('works without requestAnimationFrame', () => {
    vi.useFakeTimers();
    vi.stubGlobal('requestAnimationFrame', undefined);
    const fn = vi.fn();
    const cancel = nextFrame(fn);
    cancel();
    vi.advanceTimersByTime(FALLBACK_MS);
    expect(fn).not.toHaveBeenCalled();
  });
});
