// @vitest-environment jsdom
import { focusManager } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionError, NotFoundError } from '../../rest/errors';
import { createQueryClient, pauseWhileHidden } from './queryClient';

afterEach(() => {
  vi.unstubAllGlobals();
  focusManager.setFocused(undefined);
});

describe('queries', () => {
  it('retry once when the engine was unreachable, never on an engine answer', () => {
    const retry = createQueryClient().getDefaultOptions().queries?.retry;
    if (typeof retry !== 'function') throw new Error('retry is not a function');
    expect(retry(0, new ConnectionError('down', 'network'))).toBe(true);
    expect(retry(1, new ConnectionError('down', 'network'))).toBe(false);
    expect(retry(0, new NotFoundError('gone', { status: 404 }))).toBe(false);
  });
});

describe('pauseWhileHidden', () => {
  it('pauses polling while the frame has no visible area and resumes when shown', () => {
    let callback: ((entries: { isIntersecting: boolean }[]) => void) | undefined;
    class FakeObserver {
      constructor(cb: (entries: { isIntersecting: boolean }[]) => void) {
        callback = cb;
      }
      observe(): void {}
      disconnect(): void {}
    }
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    const stop = pauseWhileHidden(document);
    callback?.([{ isIntersecting: false }]);
    expect(focusManager.isFocused()).toBe(false);
    callback?.([{ isIntersecting: true }]);
    expect(focusManager.isFocused()).toBe(true);
    stop();
  });
});
