import { describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { inEveryFrame, injectedElements } from './e2eSupport';

/** A page whose frames answer from `answers`: a value, or an Error the evaluation throws. */
function fakePage(answers: Record<string, unknown[]>): Page {
  const frames = Object.entries(answers).map(([url, replies]) => ({
    url: () => url,
    waitForLoadState: () => Promise.resolve(),
    evaluate: () => {
      const next = replies.shift();
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  }));
  return { frames: () => frames } as unknown as Page;
}

describe('inEveryFrame', () => {
  it("returns every frame's answer with its URL", async () => {
    const page = fakePage({ 'http://x/a': [1], 'http://x/b': [2] });
    expect(await inEveryFrame(page, () => 0)).toEqual([
      { url: 'http://x/a', value: 1 },
      { url: 'http://x/b', value: 2 },
    ]);
  });

  it('fails with the frame URL when a frame cannot be evaluated', async () => {
    const gone = new Error('Frame was detached');
    const page = fakePage({ 'http://x/a': [0], 'http://x/dialog': [gone, gone] });
    await expect(inEveryFrame(page, () => 0)).rejects.toThrow(
      /cannot evaluate frame http:\/\/x\/dialog: Frame was detached/,
    );
    // the markup check built on it does not read "cannot look" as "nothing injected"
    const again = fakePage({ 'http://x/dialog': [gone, gone] });
    await expect(injectedElements(again)).rejects.toThrow(/http:\/\/x\/dialog/);
  });

  it('tries a frame caught mid-navigation once more', async () => {
    const page = fakePage({ 'http://x/a': [new Error('Execution context was destroyed'), 3] });
    expect(await inEveryFrame(page, () => 0)).toEqual([{ url: 'http://x/a', value: 3 }]);
  });
});
