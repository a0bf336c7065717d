import { readFileSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hostPageMessages, hostPageTexts, loadHostPageTexts } from './hostPage';
import { WEBADMIN_LOCALES } from './supported';

const dir = new URL('./host-page/', import.meta.url);
const read = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as Record<string, unknown>;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('host page texts', () => {
  it('has one file per non-English WebAdmin locale', () => {
    expect(readdirSync(dir).sort()).toEqual(
      WEBADMIN_LOCALES.filter((l) => l !== 'en-US')
        .map((l) => `${l}.json`)
        .sort(),
    );
  });

  it.each(WEBADMIN_LOCALES.filter((l) => l !== 'en-US'))(
    '%s has exactly the English keys, none empty',
    (locale) => {
      const texts = read(`${locale}.json`);
      expect(Object.keys(texts).sort()).toEqual(Object.keys(hostPageMessages.en).sort());
      for (const value of Object.values(texts)) expect(String(value).trim()).not.toBe('');
    },
  );

  it('fetches the locale file next to the script and keeps English for gaps', async () => {
    const fetched: string[] = [];
    vi.stubGlobal('fetch', (url: URL) => {
      fetched.push(url.href);
      return Promise.resolve(new Response(JSON.stringify({ vmStart: 'Massen-Ausführen' })));
    });
    const texts = await loadHostPageTexts('de_DE');
    expect(fetched).toHaveLength(1);
    expect(fetched[0]).toMatch(/\/host-page-de-DE\.json$/);
    expect(texts.vmStart).toBe('Massen-Ausführen');
    expect(texts.vmShutdown).toBe('Bulk Shutdown');
  });

  it('needs no request for English, and shows English for a locale without a file or a failed fetch', async () => {
    const fetchSpy = vi.fn(() => Promise.reject(new Error('offline')));
    vi.stubGlobal('fetch', fetchSpy);
    await expect(loadHostPageTexts('en-US')).resolves.toEqual(hostPageTexts());
    await expect(loadHostPageTexts('en-XA')).resolves.toEqual(hostPageTexts());
    expect(fetchSpy).not.toHaveBeenCalled();
    await expect(loadHostPageTexts('ja-JP')).resolves.toEqual(hostPageTexts());
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    // A locale WebAdmin does not have (the engine never reports one: rule 29) finds no file.
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(new Response('', { status: 404 }))),
    );
    await expect(loadHostPageTexts('ru-RU')).resolves.toEqual(hostPageTexts());
  });
});
