// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { applyPageStyles } from './pageStyles';

afterEach(() => {
  document.head.replaceChildren();
});

describe('applyPageStyles', () => {
  it('applies each preloaded stylesheet and settles once all have loaded or failed', async () => {
    for (const href of ['/a.css', '/b.css']) {
      const preload = document.createElement('link');
      preload.rel = 'preload';
      preload.setAttribute('as', 'style');
      preload.crossOrigin = '';
      preload.href = href;
      document.head.appendChild(preload);
    }
    let settled = false;
    const done = applyPageStyles().then(() => {
      settled = true;
    });
    const sheets = [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')];
    expect(sheets.map((l) => new URL(l.href).pathname)).toEqual(['/a.css', '/b.css']);
    expect(sheets.every((l) => l.crossOrigin === '')).toBe(true);
    sheets[0]?.dispatchEvent(new Event('load'));
    await Promise.resolve();
    expect(settled).toBe(false); // the page must not render before every sheet is in
    sheets[1]?.dispatchEvent(new Event('error')); // a failed sheet does not hold the page forever
    await done;
    expect(settled).toBe(true);
  });

  it('settles at once when the page has no preloaded stylesheet (the dev server)', async () => {
    await expect(applyPageStyles()).resolves.toBeUndefined();
  });
});
