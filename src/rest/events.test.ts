/** EventStream against a scripted event source: what it asks, what it delivers, when it stops. */
import { describe, expect, it } from 'vitest';
import type { Clock } from './clock';
import { AuthError, FaultError } from './errors';
import { EventStream, type EventSource } from './events';
import type { EngineEvent } from './models';

type Query = Parameters<EventSource['eventList']>[0];

const ev = (index: number): EngineEvent => ({ index }) as EngineEvent;

/** Answers each eventList call with the next scripted answer (an array or an error). */
function source(answers: (EngineEvent[] | Error)[]) {
  const asked: Query[] = [];
  const src: EventSource = {
    eventList(query) {
      asked.push(query);
      const next = answers.shift();
      if (next === undefined) return new Promise<EngineEvent[]>(() => undefined);
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  };
  return { src, asked };
}

/** Sleeps end at once (or reject when aborted); counts them. */
function instantClock() {
  const waits: number[] = [];
  const clock: Clock = {
    now: () => 0,
    sleep: (ms, signal) => {
      waits.push(ms);
      return signal?.aborted ? Promise.reject(new Error('aborted')) : Promise.resolve();
    },
  };
  return { clock, waits };
}

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('EventStream', () => {
  it('asks for the newest event once, then only for newer ones without max', async () => {
    const { src, asked } = source([[ev(40)], [ev(42), ev(41), ev(40)], []]);
    const stream = new EventStream(src);
    expect(await stream.start()).toBe(40);
    expect(await stream.start()).toBe(40);
    expect(asked).toEqual([{ max: 1 }]);
    expect((await stream.poll()).map((e) => e.index)).toEqual([41, 42]);
    expect(stream.lastId).toBe(42);
    expect(await stream.poll()).toEqual([]);
    expect(stream.lastId).toBe(42);
    expect(asked.slice(1)).toEqual([{ from: 40 }, { from: 42 }]);
  });

  it('starts at 0 when the engine has no event, and at `from` without asking', async () => {
    const empty = source([[]]);
    expect(await new EventStream(empty.src).start()).toBe(0);
    const given = source([]);
    const stream = new EventStream(given.src, { from: 7 });
    expect(await stream.start()).toBe(7);
    expect(given.asked).toEqual([]);
  });

  it('passes its search and the signal of the call, or else its own', async () => {
    const own = new AbortController();
    const call = new AbortController();
    const { src, asked } = source([[ev(1)], [], []]);
    const stream = new EventStream(src, { search: 'severity>normal', signal: own.signal });
    await stream.poll({ signal: call.signal });
    await stream.poll();
    expect(asked[0]).toEqual({ max: 1, signal: call.signal });
    expect(asked[1]).toEqual({ from: 1, search: 'severity>normal', signal: call.signal });
    expect(asked[2]).toEqual({ from: 1, search: 'severity>normal', signal: own.signal });
    expect(Object.keys(asked[2] ?? {})).toContain('search');
    const plain = source([[ev(1)], []]);
    await new EventStream(plain.src).poll();
    expect(Object.keys(plain.asked[1] ?? {})).toEqual(['from']);
  });

  it('iterates non-empty batches with a pause between polls, and ends quietly on abort', async () => {
    const controller = new AbortController();
    const { src } = source([[ev(1)], [], [ev(2)], [ev(3)]]);
    const { clock, waits } = instantClock();
    const stream = new EventStream(src, { intervalMs: 250, signal: controller.signal, clock });
    const seen: number[][] = [];
    for await (const batch of stream) {
      seen.push(batch.map((e) => e.index));
      if (seen.length === 2) controller.abort();
    }
    expect(seen).toEqual([[2], [3]]);
    expect(waits.every((w) => w === 250)).toBe(true);
    expect(waits.length).toBeGreaterThanOrEqual(2);
  });

  it('ends the iteration with a failing poll', async () => {
    const { src } = source([
      [ev(1)],
      new FaultError('Operation Failed', 'broken', { status: 500 }),
    ]);
    const { clock } = instantClock();
    const stream = new EventStream(src, { clock });
    const iterate = async () => {
      const all: EngineEvent[][] = [];
      for await (const batch of stream) all.push(batch);
      return all;
    };
    await expect(iterate()).rejects.toThrow(FaultError);
  });

  it('subscribe: delivers batches, reports errors and goes on, stops on AuthError', async () => {
    const { src, asked } = source([
      [ev(1)],
      [ev(2)],
      new FaultError('Operation Failed', 'glitch', { status: 500 }),
      [],
      [ev(3)],
      new AuthError('The engine rejected the credentials (HTTP 401)', { status: 401 }),
      [ev(9)],
    ]);
    const { clock, waits } = instantClock();
    const batches: number[][] = [];
    const errors: unknown[] = [];
    const stop = new EventStream(src, { clock, intervalMs: 100 }).subscribe(
      (b) => batches.push(b.map((e) => e.index)),
      (e) => errors.push(e),
    );
    for (let i = 0; i < 20; i++) await flush();
    expect(batches).toEqual([[2], [3]]);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBeInstanceOf(FaultError);
    expect(errors[1]).toBeInstanceOf(AuthError);
    // After the AuthError nothing more is asked.
    expect(asked).toHaveLength(6);
    expect(waits.every((w) => w === 100)).toBe(true);
    stop();
  });

  it('subscribe: the returned function stops polling, and works without onError', async () => {
    const { src, asked } = source([
      [ev(1)],
      new FaultError('x', 'y', { status: 500 }),
      [ev(2)],
      [ev(3)],
      [ev(4)],
    ]);
    const controller = { stop: (): void => undefined };
    const batches: number[][] = [];
    let sleeps = 0;
    const clock: Clock = {
      now: () => 0,
      sleep: (_ms, signal) => {
        sleeps++;
        if (sleeps === 2) controller.stop();
        return signal?.aborted ? Promise.reject(new Error('aborted')) : Promise.resolve();
      },
    };
    controller.stop = new EventStream(src, { clock }).subscribe((b) =>
      batches.push(b.map((e) => e.index)),
    );
    for (let i = 0; i < 20; i++) await flush();
    expect(batches).toEqual([[2]]);
    expect(asked).toHaveLength(3);
  });

  it("subscribe: the stream's own signal stops it too, without reporting the abort", async () => {
    const own = new AbortController();
    const errors: unknown[] = [];
    const src: EventSource = {
      eventList: (query) =>
        new Promise((_resolve, reject) => {
          query.signal?.addEventListener('abort', () => {
            reject(new DOMException('aborted', 'AbortError'));
          });
        }),
    };
    new EventStream(src, { from: 1, signal: own.signal }).subscribe(
      () => undefined,
      (e) => errors.push(e),
    );
    await flush();
    own.abort();
    for (let i = 0; i < 5; i++) await flush();
    expect(errors).toEqual([]);
  });
});
