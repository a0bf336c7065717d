/**
 * One tracker per page for every VM its operations follow: each tick, ONE batched read of all
 * tracked VMs (`readVms`, which the engine port chunks by 40 ids), whatever the number of
 * operations or items. So tracking costs ceil(tracked / 40) requests per tick, and it can poll
 * fast (every half second by default) while items are in transition. It stops when nothing is tracked.
 *
 * @example
 *   const off = trackerFor(port, { intervalMs: 1000 }).add({
 *     ids: () => [...sent],
 *     onRead: async (vms, asked) => { for (const id of asked) await evaluate(vms.get(id), id); },
 *   });
 */
import type { VmOpsPort, VmState } from './vmOpsPort';

export interface TrackerClient {
  /** The VMs this client follows right now. */
  ids(): readonly string[];
  /** The tick's result: `vms` by id (a VM missing from it is gone), `asked` = this client's ids. */
  onRead(vms: ReadonlyMap<string, VmState>, asked: readonly string[]): Promise<void>;
}

export interface VmTracker {
  add(client: TrackerClient): () => void;
  /** Reads made so far (one per tick with anything to track); for tests and the bench. */
  readonly ticks: number;
}

/**
 * Half a second: a VM that reaches its target is seen about 0.25 s later on average, and its
 * place goes to the next VM (the 500-VM bench's wall time depends on it). Still ceil(tracked / 40)
 * requests per tick.
 */
export const TRACK_INTERVAL_MS = 500;

/**
 * How long a request that got no answer is followed before "the engine shows no trace of it"
 * may be concluded, counted from when this page started following it. A slow engine may still be
 * working through the POST (a keepalive request outlives a reload), so a few quick polls are not
 * enough on their own.
 */
export const UNCONFIRMED_AFTER_MS = 10_000;

export function createVmTracker(
  port: Pick<VmOpsPort, 'readVms'>,
  options: { intervalMs?: number; sleep?: (ms: number) => Promise<void> } = {},
): VmTracker {
  const clients = new Set<TrackerClient>();
  const intervalMs = options.intervalMs ?? TRACK_INTERVAL_MS;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let running = false;
  let ticks = 0;

  const loop = async (): Promise<void> => {
    running = true;
    try {
      while (clients.size > 0) {
        const tickStart = performance.now();
        const asked = new Map<TrackerClient, readonly string[]>();
        const all = new Set<string>();
        for (const c of clients) {
          const ids = c.ids();
          asked.set(c, ids);
          for (const id of ids) all.add(id);
        }
        if (all.size > 0) {
          ticks++;
          try {
            const vms = await port.readVms([...all]);
            const byId = new Map(vms.map((v) => [v.id, v]));
            for (const [c, ids] of asked) {
              if (!clients.has(c) || ids.length === 0) continue;
              try {
                await c.onRead(byId, ids);
              } catch {
                // One operation's failure must not stop the others' tracking.
              }
            }
          } catch {
            // A failed poll is retried next tick; the items stay as they are.
          }
        }
        // Ticks start every intervalMs (not read + intervalMs), at least intervalMs / 2 apart.
        await sleep(Math.max(intervalMs / 2, intervalMs - (performance.now() - tickStart)));
      }
    } finally {
      running = false;
    }
  };

  return {
    add(client) {
      clients.add(client);
      if (!running) void loop();
      return () => {
        clients.delete(client);
      };
    },
    get ticks() {
      return ticks;
    },
  };
}

const trackers = new WeakMap<object, VmTracker>();

/** The page's tracker for this engine port (one port per page client). */
export function trackerFor(
  port: Pick<VmOpsPort, 'readVms'>,
  options: { intervalMs?: number; sleep?: (ms: number) => Promise<void> } = {},
): VmTracker {
  let tracker = trackers.get(port);
  if (!tracker) {
    tracker = createVmTracker(port, options);
    trackers.set(port, tracker);
  }
  return tracker;
}
