import { afterEach, describe, expect, it } from 'vitest';
import { createTranslator, format, loadMessages, messagesFor, resetMessages, t } from './catalogue';
import type { LocaleMessages, MessageKey } from './catalogue';
import { checkLocale, englishMessages } from './completeness';
import { registerEnglish } from './catalogue';
import { hostLifecycleMessages } from './hostLifecycle';
import { placeholders } from './format';
import { PSEUDO_GROWTH, pseudoLocalize } from './pseudo';
import { LOCALE_LOADERS } from './loaders';
import { WEBADMIN_LOCALES, resolveLocale } from './supported';
import type { TranslatedLocale } from './supported';

afterEach(resetMessages);

const PLURAL = '{count, plural, =0 {no VMs} one {# VM} other {# VMs}}';

describe('message format', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{count} selected', { count: 3 })).toBe('3 selected');
    expect(format('{a} and {b}', { a: 'x' })).toBe('x and {b}');
  });

  it('formats numbers in the locale', () => {
    expect(format('{n} VMs', { n: 1234.5 }, 'en-US')).toBe('1,234.5 VMs');
    expect(format('{n} VMs', { n: 1234.5 }, 'de-DE')).toBe('1.234,5 VMs');
    expect(format('{name}', { name: '1234' }, 'de-DE')).toBe('1234');
  });

  it('chooses plural branches through Intl.PluralRules', () => {
    expect(format(PLURAL, { count: 0 }, 'en-US')).toBe('no VMs');
    expect(format(PLURAL, { count: 1 }, 'en-US')).toBe('1 VM');
    expect(format(PLURAL, { count: 1200 }, 'en-US')).toBe('1,200 VMs');
    const cs = '{count, plural, one {# stroj} few {# stroje} other {# strojů}}';
    expect([1, 3, 5].map((count) => format(cs, { count }, 'cs-CZ'))).toEqual([
      '1 stroj',
      '3 stroje',
      '5 strojů',
    ]);
    // Japanese has one form only: `other`.
    expect(format('{count, plural, other {# 台}}', { count: 1 }, 'ja-JP')).toBe('1 台');
  });

  it('finds the placeholders of plain and plural texts', () => {
    expect(placeholders('{a} of {b} {a}')).toEqual(['a', 'b']);
    expect(placeholders(`${PLURAL} on {host}`)).toEqual(['count', 'host']);
  });
});

describe('English plurals', () => {
  const en = createTranslator('en-US');
  it.each<[MessageKey, Record<string, string | number>, string, string]>([
    ['vms.csv.done', {}, 'Exported 1 VM', 'Exported 2 VMs'],
    ['vms.actionTitle.start', {}, 'Start 1 VM', 'Start 2 VMs'],
    ['vms.bulk.confirm', { action: 'Reboot' }, 'Reboot 1 VM', 'Reboot 2 VMs'],
    ['vms.bulk.concurrency', {}, 'At most 1 request at a time.', 'At most 2 requests at a time.'],
    ['hosts.activate.run', {}, 'Activate 1 host', 'Activate 2 hosts'],
    ['hosts.load.history', {}, 'Last 1 sample', 'Last 2 samples'],
  ])('%s says one or many', (key, params, one, many) => {
    expect(en(key, { ...params, count: 1 })).toBe(one);
    expect(en(key, { ...params, count: 2 })).toBe(many);
  });

  it('no English text says "(s)" where it has a count', () => {
    const withCount = Object.entries(englishMessages).filter(([, text]) => text.includes('{count'));
    expect(withCount.filter(([, text]) => text.includes('(s)'))).toEqual([]);
  });
});

describe('locales and fallback', () => {
  it('resolves what WebAdmin reports, and anything else to English', () => {
    expect(resolveLocale('de-DE')).toBe('de-DE');
    expect(resolveLocale('de_DE')).toBe('de-DE');
    expect(resolveLocale('de-AT')).toBe('de-DE');
    expect(resolveLocale('ZH-cn')).toBe('zh-CN');
    expect(resolveLocale('ru-RU')).toBe('en-US');
    expect(resolveLocale('')).toBe('en-US');
    expect(resolveLocale(undefined)).toBe('en-US');
    expect(resolveLocale('en-XA')).toBe('en-XA');
  });

  it('falls back to English for a missing key alone, never showing a raw key', () => {
    const partial: LocaleMessages = { 'common.retry': 'Erneut versuchen', 'common.close': '' };
    const tr = createTranslator('de-DE', partial);
    expect(tr('common.retry')).toBe('Erneut versuchen');
    expect(tr('common.loading')).toBe('Loading…');
    expect(tr('common.close')).toBe('Close');
    expect(messagesFor('de-DE', { ['nope' as MessageKey]: 'x' })).not.toHaveProperty('nope');
  });

  it('loads an unknown locale as English without failing', async () => {
    await expect(loadMessages('xx-YY')).resolves.toBe('en-US');
    expect(t('common.retry')).toBe('Try again');
  });

  it('loads the active locale lazily and translates with it', async () => {
    await expect(loadMessages('de-DE')).resolves.toBe('de-DE');
    const german = (await LOCALE_LOADERS['de-DE']()).default;
    expect(t('common.retry')).toBe(german['common.retry'] ?? 'Try again');
  });

  it('offers all eleven WebAdmin locales', () => {
    expect(WEBADMIN_LOCALES).toHaveLength(11);
    expect(Object.keys(LOCALE_LOADERS).sort()).toEqual(
      WEBADMIN_LOCALES.filter((l) => l !== 'en-US').sort(),
    );
  });
});

describe('pseudo-locale', () => {
  it('accents, lengthens by 40 % and brackets every text, keeping its placeholders', () => {
    const english = 'Start {count} VM(s) on {host}';
    const pseudo = pseudoLocalize(english);
    expect(pseudo).toMatch(/^\[Šţáŕţ \{count\} ṼṀ\(š\) öñ \{host\}.*\]$/);
    expect(pseudo.length).toBeGreaterThanOrEqual(english.length * (1 + PSEUDO_GROWTH));
    expect(placeholders(pseudoLocalize(PLURAL))).toEqual(['count']);
    expect(format(pseudoLocalize(PLURAL), { count: 2 })).toMatch(/^\[2 ṼṀš/);
  });

  it('covers every key', () => {
    registerEnglish(hostLifecycleMessages);
    const pseudo = createTranslator('en-XA');
    for (const key of Object.keys(englishMessages) as MessageKey[]) {
      const text = pseudo(key);
      expect(text).not.toBe(englishMessages[key]);
      expect(text.length).toBeGreaterThan(0);
    }
  });
});

describe('page-only English texts', () => {
  it('are found once registered, even by a translator made before, and translated when the locale has them', () => {
    const english = createTranslator('en-US');
    const german = createTranslator('de-DE', { 'hosts.upgrade.planning': 'Planung' });
    registerEnglish(hostLifecycleMessages);
    expect(english('hosts.upgrade.planning')).toBe(hostLifecycleMessages['hosts.upgrade.planning']);
    expect(german('hosts.upgrade.planning')).toBe('Planung');
    expect(german('hosts.upgrade.sending')).toBe(hostLifecycleMessages['hosts.upgrade.sending']);
  });
});

describe('completeness check', () => {
  it('reports a missing key, an extra key, an empty text and a placeholder mismatch', () => {
    const broken = {
      ...englishMessages,
      'common.error.body': 'Fehler: {mesage}',
      'common.close': ' ',
      'common.gone': 'x',
    } as LocaleMessages;
    delete broken['common.retry'];
    const p = checkLocale(broken);
    expect(p.missing).toEqual(['common.retry']);
    expect(p.extra).toEqual(['common.gone']);
    expect(p.empty).toEqual(['common.close']);
    expect(p.placeholders).toEqual([
      { key: 'common.error.body', english: ['message'], translated: ['mesage'] },
    ]);
    expect(checkLocale(englishMessages)).toEqual({
      missing: [],
      extra: [],
      placeholders: [],
      empty: [],
    });
  });

  // Every locale WebAdmin is built in is complete: a key added to English without its
  // translations fails here (`npx tsx scripts/i18n-missing.ts` prints what to translate).
  it.each(Object.keys(LOCALE_LOADERS) as TranslatedLocale[])(
    '%s has every key, no extra key, no empty text and the same placeholders as English',
    async (locale) => {
      const problems = checkLocale((await LOCALE_LOADERS[locale]()).default);
      expect(problems).toEqual({ missing: [], extra: [], placeholders: [], empty: [] });
    },
  );

  it('covers the ten locales besides English', () => {
    expect(Object.keys(LOCALE_LOADERS).sort()).toEqual([
      'cs-CZ',
      'de-DE',
      'es-ES',
      'fr-FR',
      'it-IT',
      'ja-JP',
      'ka-GE',
      'ko-KR',
      'pt-BR',
      'zh-CN',
    ]);
  });
});
