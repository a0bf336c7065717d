import { describe, expect, it, vi } from 'vitest';
import { anySignal, anySignalFallback, backoffDelay, growingInterval, systemClock } from './clock';
import {
  ActionError,
  ConnectionError,
  EngineError,
  FaultError,
  isAbortError,
  stripBrackets,
} from './errors';
import { createConsoleLogger, maskHeaders, maskSecret } from './logger';

describe('backoff and poll intervals', () => {
  it('grows exponentially up to the cap, with bounded jitter', () => {
    const none = { random: () => 0, jitter: 0.5, baseMs: 100, maxMs: 1000 };
    const full = { ...none, random: () => 0.999 };
    expect(backoffDelay(0, none)).toBe(50);
    expect(backoffDelay(0, full)).toBe(100);
    expect(backoffDelay(3, none)).toBe(400);
    expect(backoffDelay(10, full)).toBe(1000);
    expect(backoffDelay(2, { ...none, jitter: 0 })).toBe(400);
    expect(backoffDelay(0)).toBeGreaterThanOrEqual(100);
  });

  it('grows poll intervals up to a cap', () => {
    const seq = [0, 1, 2, 3, 10].map((n) =>
      growingInterval(n, { initialMs: 100, maxMs: 300, factor: 2 }),
    );
    expect(seq).toEqual([100, 200, 300, 300, 300]);
    expect(growingInterval(0)).toBe(500);
  });
});

describe('system clock', () => {
  it('sleeps, and stops its timer as soon as the signal aborts', async () => {
    vi.useFakeTimers();
    try {
      const done = systemClock.sleep(1000);
      vi.advanceTimersByTime(1000);
      await expect(done).resolves.toBeUndefined();

      const controller = new AbortController();
      const slept = systemClock.sleep(1000, controller.signal);
      controller.abort();
      await expect(slept).rejects.toMatchObject({ name: 'AbortError' });
      expect(vi.getTimerCount()).toBe(0);

      await expect(systemClock.sleep(5, controller.signal)).rejects.toBeDefined();
      const custom = new AbortController();
      custom.abort(new Error('mine'));
      await expect(systemClock.sleep(5, custom.signal)).rejects.toThrow('mine');
    } finally {
      vi.useRealTimers();
    }
    expect(systemClock.now()).toBeGreaterThan(0);
  });

  it('combines signals', () => {
    expect(anySignal([undefined])).toBeUndefined();
    const a = new AbortController();
    expect(anySignal([a.signal, undefined])).toBe(a.signal);
    const b = new AbortController();
    const both = anySignal([a.signal, b.signal]);
    b.abort();
    expect(both?.aborted).toBe(true);
  });

  it('combines signals without AbortSignal.any (older browsers)', () => {
    const a = new AbortController();
    const b = new AbortController();
    const either = anySignalFallback([a.signal, b.signal]);
    b.abort(new Error('b'));
    expect(either.aborted).toBe(true);
    expect((either.reason as Error).message).toBe('b');
    const done = new AbortController();
    done.abort('early');
    expect(anySignalFallback([a.signal, done.signal]).reason).toBe('early');
  });
});

describe('errors', () => {
  it('strips the engine brackets and keeps the text intact', () => {
    expect(stripBrackets('[Cannot run VM. VM is running.]')).toBe('Cannot run VM. VM is running.');
    expect(stripBrackets('[a, b]')).toBe('a, b');
    expect(stripBrackets('Vm [name] required for add')).toBe('Vm [name] required for add');
  });

  it('forms one hierarchy', () => {
    const e = new ActionError('start', 'Operation Failed', 'Cannot run VM. VM is running.', {
      status: 409,
    });
    expect(e).toBeInstanceOf(FaultError);
    expect(e).toBeInstanceOf(EngineError);
    expect(e.message).toBe('Operation Failed: Cannot run VM. VM is running.');
    expect(new FaultError('Operation Failed', undefined, { status: 400 }).message).toBe(
      'Operation Failed',
    );
    expect(isAbortError(new ConnectionError('x', 'abort'))).toBe(true);
    expect(isAbortError(new ConnectionError('x', 'timeout'))).toBe(false);
    expect(isAbortError(new DOMException('x', 'AbortError'))).toBe(true);
  });
});

describe('logger', () => {
  it('logs at and above its level', () => {
    const sink = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const log = createConsoleLogger('info', sink);
    log.debug('d');
    log.info('i');
    log.error('e', { a: 1 });
    expect(sink.debug).not.toHaveBeenCalled();
    expect(sink.info).toHaveBeenCalledWith('[ovirt-rest] i');
    expect(sink.error).toHaveBeenCalledWith('[ovirt-rest] e', { a: 1 });
  });

  it('masks credentials', () => {
    expect(
      maskHeaders(
        new Headers({
          Authorization: 'Bearer abc.def',
          JSESSIONID: 's1',
          Accept: 'application/json',
        }),
      ),
    ).toEqual({ authorization: 'Bearer ***', jsessionid: '***', accept: 'application/json' });
    expect(maskHeaders({ Cookie: 'JSESSIONID=s1' })).toEqual({ Cookie: '***' });
    expect(maskSecret('token abcdef here', 'abcdef')).toBe('token *** here');
    expect(maskSecret('short', 'ab')).toBe('short');
  });
});
