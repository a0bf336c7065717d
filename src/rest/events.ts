/**
 * Incremental engine events (engine-rest-api.md §6, the forklift recipe): `events?max=1` once
 * for the high-water mark, then `events?from=<last>` WITHOUT `max` (with `max` the engine keeps
 * the newest N and silently drops older ones). Ids may jump (retention), so only "greater than
 * the last seen" counts. Batches are delivered oldest first.
 *
 * @example
 * const stream = client.eventStream({ intervalMs: 5000, signal });
 * for await (const batch of stream) invalidate(batch.map((e) => e.vm?.id));
 */
import { anySignal, systemClock } from './clock';
import type { Clock } from './clock';
import { AuthError, isAbortError } from './errors';
import type { EngineEvent } from './models';
import type { SearchQuery } from './search';
import type { CallOptions } from './transport';

export interface EventSource {
  eventList(options: {
    from?: number | string;
    max?: number;
    search?: string | SearchQuery;
    signal?: AbortSignal;
  }): Promise<EngineEvent[]>;
}

export interface EventStreamOptions {
  /** Start after this event id instead of asking the engine for its newest one. */
  from?: number;
  /** Restrict to matching events (e.g. `severity>normal`). */
  search?: string | SearchQuery;
  /** Pause between polls, default 5000 ms. */
  intervalMs?: number;
  signal?: AbortSignal;
  clock?: Clock;
}

export class EventStream implements AsyncIterable<EngineEvent[]> {
  /** The highest event id seen; `undefined` until started. */
  lastId: number | undefined;
  private readonly source: EventSource;
  private readonly options: EventStreamOptions;
  private readonly clock: Clock;

  constructor(source: EventSource, options: EventStreamOptions = {}) {
    this.source = source;
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.lastId = options.from;
  }

  /** Sets the high-water mark from the engine's newest event (0 when there are none). */
  async start(options: CallOptions = {}): Promise<number> {
    if (this.lastId !== undefined) return this.lastId;
    const newest = await this.source.eventList({ max: 1, ...this.signalOf(options) });
    this.lastId = newest[0]?.index ?? 0;
    return this.lastId;
  }

  /** One poll: every event newer than the last seen, oldest first (possibly none). */
  async poll(options: CallOptions = {}): Promise<EngineEvent[]> {
    const from = await this.start(options);
    const query: Parameters<EventSource['eventList']>[0] = { from, ...this.signalOf(options) };
    if (this.options.search !== undefined) query.search = this.options.search;
    const events = await this.source.eventList(query);
    const fresh = events.filter((e) => e.index > from).sort((a, b) => a.index - b.index);
    const newest = fresh[fresh.length - 1];
    if (newest !== undefined) this.lastId = newest.index;
    return fresh;
  }

  /**
   * Polls every `intervalMs` until the signal aborts; yields non-empty batches. A failing poll
   * ends the iteration with its error (an abort ends it quietly).
   */
  async *[Symbol.asyncIterator](): AsyncIterator<EngineEvent[]> {
    const signal = this.options.signal;
    try {
      for (;;) {
        const batch = await this.poll(signal ? { signal } : {});
        if (batch.length > 0) yield batch;
        await this.clock.sleep(this.options.intervalMs ?? 5000, signal);
      }
    } catch (error) {
      if (signal?.aborted || isAbortError(error)) return;
      throw error;
    }
  }

  /**
   * Calls `onEvents` with every non-empty batch until the returned function is called. Errors go
   * to `onError` and polling goes on (a glitch must not end live updates), except `AuthError`.
   */
  subscribe(
    onEvents: (batch: EngineEvent[]) => void,
    onError?: (error: unknown) => void,
  ): () => void {
    const stop = new AbortController();
    const signal = anySignal([this.options.signal, stop.signal]) ?? stop.signal;
    const stopped = (): boolean => signal.aborted;
    const loop = async (): Promise<void> => {
      while (!signal.aborted) {
        try {
          const batch = await this.poll({ signal });
          if (batch.length > 0) onEvents(batch);
        } catch (error) {
          if (stopped()) return;
          onError?.(error);
          if (error instanceof AuthError) return;
        }
        try {
          await this.clock.sleep(this.options.intervalMs ?? 5000, signal);
        } catch {
          return;
        }
      }
    };
    void loop();
    return () => {
      stop.abort();
    };
  }

  private signalOf(options: CallOptions): { signal?: AbortSignal } {
    const signal = options.signal ?? this.options.signal;
    return signal ? { signal } : {};
  }
}
