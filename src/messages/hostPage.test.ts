// @vitest-environment jsdom
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hostPageMessages, hostPageTexts, loadHostPageTexts } from './hostPage';
import { WEBADMIN_LOCALES } from './supported';

// From the repository root (vitest's root): under jsdom, import.meta.url is not a file URL.
const dir = resolve('src/messages/host-page');
const read = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>;

/** A labels file as the build writes it: the texts alone, in the order of the English keys. */
const asBuilt = (texts: Record<string, unknown>): unknown[] =>
  Object.keys(hostPageMessages.en).map((key) => texts[key] ?? null);

beforeEach(() => {
  localStorage.clear();
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
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
      return Promise.resolve(
        new Response(JSON.stringify(asBuilt({ vmStart: 'Massen-Ausführen' }))),
      );
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

describe('host page labels in localStorage', () => {
  const german = read('de-DE.json');
  /** A fetch that serves `texts` as the build writes them, and records every URL asked for. */
  function serve(texts: Record<string, unknown> = german, extra: unknown[] = []) {
    const fetched: string[] = [];
    vi.stubGlobal('fetch', (url: URL) => {
      fetched.push(url.href);
      return Promise.resolve(new Response(JSON.stringify([...asBuilt(texts), ...extra])));
    });
    return fetched;
  }
  const labelKeys = () =>
    Object.keys(localStorage).filter((k) => k.startsWith('ops-center:labels:'));

  it("miss: fetches the build's labels file once and keeps exactly its texts under its URL", async () => {
    vi.stubEnv('OC_LABELS_HASH', '1a2b3c4d');
    const fetched = serve(german, ['not ours']);
    const texts = await loadHostPageTexts('de-DE');
    expect(texts).toEqual(german);
    expect(fetched).toHaveLength(1);
    expect(fetched[0]).toMatch(/\/host-page-de-DE-1a2b3c4d\.json$/);
    expect(Object.keys(localStorage)).toEqual([`ops-center:labels:${fetched[0] ?? ''}`]);
    expect(JSON.parse(localStorage.getItem(`ops-center:labels:${fetched[0] ?? ''}`) ?? '')).toEqual(
      asBuilt(german),
    );
  });

  it('hit: the next start uses the stored labels and makes no request', async () => {
    serve();
    await loadHostPageTexts('de-DE');
    const fetchSpy = vi.fn(() => Promise.reject(new Error('no request expected')));
    vi.stubGlobal('fetch', fetchSpy);
    await expect(loadHostPageTexts('de-DE')).resolves.toEqual(german);
    await expect(loadHostPageTexts('de_DE')).resolves.toEqual(german);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('upgrade: a new labels URL misses, and storing it evicts every older labels entry only', async () => {
    vi.stubEnv('OC_LABELS_HASH', 'old00000');
    serve(read('fr-FR.json'));
    await loadHostPageTexts('fr-FR');
    serve();
    await loadHostPageTexts('de-DE');
    localStorage.setItem('ops-center:saved-searches:u-1', '[]');
    expect(labelKeys()).toHaveLength(1);

    vi.stubEnv('OC_LABELS_HASH', 'new11111');
    localStorage.setItem('ops-center:labels:https://elsewhere/host-page-ja-JP.json', '{}');
    const fetched = serve({ ...german, vmStart: 'Neu: Massen-Ausführen' });
    const texts = await loadHostPageTexts('de-DE');
    expect(fetched).toHaveLength(1);
    expect(fetched[0]).toMatch(/-new11111\.json$/);
    expect(texts.vmStart).toBe('Neu: Massen-Ausführen');
    expect(labelKeys()).toEqual([`ops-center:labels:${fetched[0] ?? ''}`]);
    // Not ours to touch.
    expect(localStorage.getItem('ops-center:saved-searches:u-1')).toBe('[]');
  });

  it.each([
    ['not JSON', '{"mainPlace": "Ops'],
    ['not a list', JSON.stringify(german)],
    ['a string', JSON.stringify('Massen-Ausführen-Massen-Herunterfahren')],
    ['null', 'null'],
    ['a text missing', JSON.stringify(asBuilt(german).slice(0, -1))],
    ['a text empty', JSON.stringify(asBuilt({ ...german, vmStop: '  ' }))],
    ['a text not a string', JSON.stringify(asBuilt({ ...german, vmStop: 7 }))],
  ])('a corrupt entry (%s) is fetched again and replaced', async (_, entry) => {
    const fetched = serve();
    await loadHostPageTexts('de-DE');
    const key = labelKeys()[0] ?? '';
    localStorage.setItem(key, entry);
    await expect(loadHostPageTexts('de-DE')).resolves.toEqual(german);
    expect(fetched).toHaveLength(2);
    expect(JSON.parse(localStorage.getItem(key) ?? '')).toEqual(asBuilt(german));
  });

  it('an incomplete labels file shows English for its gaps and is not stored', async () => {
    const fetched = serve({ ...german, vmStop: '', hostActivate: null });
    const texts = await loadHostPageTexts('de-DE');
    expect(texts).toEqual({
      ...german,
      vmStop: hostPageMessages.en.vmStop,
      hostActivate: hostPageMessages.en.hostActivate,
    });
    expect(labelKeys()).toEqual([]);
    await loadHostPageTexts('de-DE');
    expect(fetched).toHaveLength(2);
  });

  it('storage that throws (refused, or full) only costs the request', async () => {
    const refused = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    vi.stubGlobal('localStorage', {
      get length(): number {
        return refused();
      },
      key: refused,
      getItem: refused,
      setItem: refused,
      removeItem: refused,
      clear: refused,
    });
    const fetched = serve();
    await expect(loadHostPageTexts('de-DE')).resolves.toEqual(german);
    await expect(loadHostPageTexts('de-DE')).resolves.toEqual(german);
    expect(fetched).toHaveLength(2);

    vi.unstubAllGlobals();
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    const again = serve();
    await expect(loadHostPageTexts('de-DE')).resolves.toEqual(german);
    expect(again).toHaveLength(1);
    vi.restoreAllMocks();
  });

  it('stores nothing for English or for a failed request', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(new Response('', { status: 404 }))),
    );
    await loadHostPageTexts('en-US');
    await loadHostPageTexts('ja-JP');
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new Error('offline'))),
    );
    await expect(loadHostPageTexts('de-DE')).resolves.toEqual(hostPageTexts());
    expect(localStorage.length).toBe(0);
  });
});
