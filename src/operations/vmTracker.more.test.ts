/**
 * The page's one tracker: every tick is ONE batched read for all operations' VMs (the request
 * budget of a 500-VM run depends on it), each operation sees only its own VMs, and one
 * operation's failure never stops the others' tracking.
 */
import { describe, expect, it, vi } from 'vitest';
import type { VmState } from './vmOpsPort';
import { createVmTracker, trackerFor, TRACK_INTERVAL_MS } from './vmTracker';

/** A sleep the test releases tick by tick. */
function manualSleep(): {
  sleep: (ms: number) => Promise<void>;
  waits: number[];
  tick: () => Promise<void>;
  wakeOnly: () => Promise<void>;
} {
  const waits: number[] = [];
  let wake: (() => void) | undefined;
  return {
    waits,
    sleep: (ms) => {
      waits.push(ms);
      return new Promise<void>((r) => {
        wake = r;
      });
    },
    wakeOnly: async () => {
      wake?.();
      wake = undefined;
      for (let i = 0; i < 10; i++) await Promise.resolve();
    },
    tick: async () => {
      const w = wake;
      wake = undefined;
      w?.();
      await vi.waitFor(() => {
        if (wake === undefined) throw new Error('tick not done');
      });
    },
  };
}

const vm = (id: string, status = 'up'): VmState => ({ id, name: id, status });

describe('the page tracker', () => {
  it('reads every tracked VM of every operation in one request per tick', async () => {
    const reads: string[][] = [];
    const port = {
      readVms: (ids: readonly string[]) => {
        reads.push([...ids]);
        return Promise.resolve(ids.filter((id) => id !== 'gone').map((id) => vm(id)));
      },
    };
    const s = manualSleep();
    const tracker = createVmTracker(port, { sleep: s.sleep, intervalMs: 1000 });
    const seenA: [string[], string[]][] = [];
    const seenB: [string[], string[]][] = [];
    tracker.add({
      ids: () => ['a1', 'shared', 'gone'],
      onRead: (vms, asked) => {
        seenA.push([[...vms.keys()].sort(), [...asked]]);
        return Promise.resolve();
      },
    });
    tracker.add({
      ids: () => ['shared', 'b1'],
      onRead: (vms, asked) => {
        seenB.push([[...vms.keys()].sort(), [...asked]]);
        return Promise.resolve();
      },
    });
    await vi.waitFor(() => {
      expect(s.waits).toHaveLength(1);
    });
    // First tick ran on add (client A only), then the second tick covers both.
    await s.tick();
    expect(reads.at(-1)).toEqual(['a1', 'shared', 'gone', 'b1']);
    expect(tracker.ticks).toBe(2);
    // A VM missing from the answer is missing from the map: the operation treats it as gone.
    expect(seenA.at(-1)).toEqual([
      ['a1', 'b1', 'shared'],
      ['a1', 'shared', 'gone'],
    ]);
    expect(seenB.at(-1)).toEqual([
      ['a1', 'b1', 'shared'],
      ['shared', 'b1'],
    ]);
  });

  it('skips the read when nobody has anything in flight, and stops once nobody is left', async () => {
    const readVms = vi.fn((ids: readonly string[]) => Promise.resolve(ids.map((id) => vm(id))));
    const s = manualSleep();
    const tracker = createVmTracker({ readVms }, { sleep: s.sleep });
    let ids: string[] = [];
    const onRead = vi.fn(() => Promise.resolve());
    const off = tracker.add({ ids: () => ids, onRead });
    await vi.waitFor(() => {
      expect(s.waits).toHaveLength(1);
    });
    expect(readVms).not.toHaveBeenCalled();
    expect(onRead).not.toHaveBeenCalled();
    expect(tracker.ticks).toBe(0);
    ids = ['v1'];
    await s.tick();
    expect(readVms).toHaveBeenCalledTimes(1);
    expect(onRead).toHaveBeenCalledTimes(1);
    off();
    // The loop ends after its sleep; nothing more is read.
    const w = s.waits.length;
    await s.wakeOnly();
    expect(readVms).toHaveBeenCalledTimes(1);
    expect(s.waits.length).toBe(w);
    // A new client starts it again.
    tracker.add({ ids: () => ['v2'], onRead });
    await vi.waitFor(() => {
      expect(readVms).toHaveBeenCalledTimes(2);
    });
  });

  it('an operation with nothing in flight this tick, or removed during the read, is not called', async () => {
    let release!: () => void;
    const port = {
      readVms: (ids: readonly string[]) =>
        new Promise<VmState[]>((r) => {
          release = () => {
            r(ids.map((id) => vm(id)));
          };
        }),
    };
    const s = manualSleep();
    const tracker = createVmTracker(port, { sleep: s.sleep });
    const idle = vi.fn(() => Promise.resolve());
    const leaving = vi.fn(() => Promise.resolve());
    const staying = vi.fn(() => Promise.resolve());
    tracker.add({ ids: () => ['s1'], onRead: staying });
    tracker.add({ ids: () => [], onRead: idle });
    const off = tracker.add({ ids: () => ['l1'], onRead: leaving });
    // First tick (started by the first add) asked only s1.
    release();
    await vi.waitFor(() => {
      expect(s.waits).toHaveLength(1);
    });
    void s.tick().catch(() => undefined);
    await vi.waitFor(() => {
      expect(release).toBeDefined();
    });
    await Promise.resolve();
    off();
    release();
    await vi.waitFor(() => {
      expect(staying).toHaveBeenCalledTimes(2);
    });
    expect(leaving).not.toHaveBeenCalled();
    expect(idle).not.toHaveBeenCalled();
  });

  it("one operation's failure does not stop the others; a failed read is retried next tick", async () => {
    let fail = true;
    const readVms = vi.fn((ids: readonly string[]) =>
      fail ? Promise.reject(new Error('503')) : Promise.resolve(ids.map((id) => vm(id))),
    );
    const s = manualSleep();
    const tracker = createVmTracker({ readVms }, { sleep: s.sleep });
    const broken = vi.fn(() => Promise.reject(new Error('bug')));
    const fine = vi.fn(() => Promise.resolve());
    tracker.add({ ids: () => ['x'], onRead: broken });
    tracker.add({ ids: () => ['y'], onRead: fine });
    await vi.waitFor(() => {
      expect(s.waits).toHaveLength(1);
    });
    expect(readVms).toHaveBeenCalledTimes(1);
    expect(fine).not.toHaveBeenCalled();
    fail = false;
    await s.tick();
    expect(broken).toHaveBeenCalledTimes(1);
    expect(fine).toHaveBeenCalledTimes(1);
    await s.tick();
    expect(fine).toHaveBeenCalledTimes(2);
  });

  it('ticks start every interval (a slow read shortens the wait, to half the interval at least)', async () => {
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    try {
      let readMs = 100;
      const readVms = (ids: readonly string[]) => {
        now += readMs;
        return Promise.resolve(ids.map((id) => vm(id)));
      };
      const s = manualSleep();
      const tracker = createVmTracker({ readVms }, { sleep: s.sleep, intervalMs: 1000 });
      tracker.add({ ids: () => ['v'], onRead: () => Promise.resolve() });
      await vi.waitFor(() => {
        expect(s.waits).toHaveLength(1);
      });
      readMs = 900;
      await s.tick();
      expect(s.waits).toEqual([900, 500]);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('polls every half second by default', async () => {
    expect(TRACK_INTERVAL_MS).toBe(500);
    const s = manualSleep();
    createVmTracker({ readVms: () => Promise.resolve([]) }, { sleep: s.sleep }).add({
      ids: () => [],
      onRead: () => Promise.resolve(),
    });
    await vi.waitFor(() => {
      expect(s.waits).toHaveLength(1);
    });
    expect(s.waits[0]).toBeGreaterThan(TRACK_INTERVAL_MS / 2);
    expect(s.waits[0]).toBeLessThanOrEqual(TRACK_INTERVAL_MS);
  });

  it('one tracker per engine port: every runner of a page shares it', () => {
    const port = { readVms: () => Promise.resolve([]) };
    expect(trackerFor(port)).toBe(trackerFor(port));
    expect(trackerFor({ readVms: () => Promise.resolve([]) })).not.toBe(trackerFor(port));
  });

  it('without an injected sleep, waits on a real timer', async () => {
    vi.useFakeTimers();
    try {
      const readVms = vi.fn((ids: readonly string[]) => Promise.resolve(ids.map((id) => vm(id))));
      const off = createVmTracker({ readVms }, { intervalMs: 1000 }).add({
        ids: () => ['v'],
        onRead: () => Promise.resolve(),
      });
      await vi.advanceTimersByTimeAsync(0);
      expect(readVms).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(999);
      expect(readVms).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(readVms).toHaveBeenCalledTimes(2);
      off();
      await vi.advanceTimersByTimeAsync(5000);
      expect(readVms).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
