/**
 * The error classes callers tell apart (by class and by name, which survives `postMessage` and
 * logs) and the bracket stripping of engine texts. Fast, so the mutation run uses it.
 */
import { describe, expect, it } from 'vitest';
import {
  ActionError,
  AuthError,
  ConnectionError,
  EngineError,
  FaultError,
  NotFoundError,
  ParseError,
  WaitTimeoutError,
  stripBrackets,
} from '../../src/rest/errors';

describe('engine errors', () => {
  it('each has its own name', () => {
    const init = { status: 400 };
    expect(
      [
        new EngineError('x'),
        new ConnectionError('x', 'network'),
        new AuthError('x'),
        new NotFoundError('x'),
        new FaultError('r', undefined, init),
        new ActionError('start', 'r', undefined, init),
        new ParseError('x'),
        new WaitTimeoutError('x'),
      ].map((e) => e.name),
    ).toEqual([
      'EngineError',
      'ConnectionError',
      'AuthError',
      'NotFoundError',
      'FaultError',
      'ActionError',
      'ParseError',
      'WaitTimeoutError',
    ]);
  });

  it('keeps a cause only when one is given', () => {
    const cause = new TypeError('fetch failed');
    expect(new EngineError('x', { cause }).cause).toBe(cause);
    expect('cause' in new EngineError('x')).toBe(false);
    expect('cause' in new EngineError('x', { status: 500 })).toBe(false);
  });

  it('a fault reads "reason: detail", or the reason alone without a detail', () => {
    expect(new FaultError('Operation Failed', 'VM is running', { status: 409 }).message).toBe(
      'Operation Failed: VM is running',
    );
    expect(new FaultError('Operation Failed', '', { status: 409 }).message).toBe(
      'Operation Failed',
    );
    expect(new FaultError('Operation Failed', undefined, { status: 409 }).message).toBe(
      'Operation Failed',
    );
  });

  it('strips one outer pair of brackets, and only a whole pair', () => {
    expect(stripBrackets('  [Cannot run VM. VM is running.]  ')).toBe(
      'Cannot run VM. VM is running.',
    );
    expect(stripBrackets('[ a, b ]')).toBe('a, b');
    expect(stripBrackets('[[a]]')).toBe('[a]');
    expect(stripBrackets('[only open')).toBe('[only open');
    expect(stripBrackets('only close]')).toBe('only close]');
    expect(stripBrackets(' plain ')).toBe(' plain ');
  });
});
