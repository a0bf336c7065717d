/**
 * The message catalogue: every user-visible text goes through `t(key, params)`.
 *
 * English is the source: each area owns one file of English texts (`common.ts`, `vms.ts`,
 * `hosts.ts`) whose keys type every `t()` call. Each other locale is one file
 * `locales/<locale>.ts` (a `LocaleMessages`, i.e. partial), loaded lazily by `loadMessages`
 * before a page renders. A key missing in a locale shows the English text for that key alone;
 * a locale Ops Center does not know shows English; a raw key is never shown.
 * Syntax of the texts (placeholders, plurals): see format.ts.
 *
 * @example
 *   t('common.entity.selected', { count: 3 }) // "3 selected"
 *   const { t, locale } = useMessages();      // in components; `locale` is for Intl
 */
import { currentLocale } from '../plugin-api/pluginApi';
import { commonMessages } from './common';
import { hostsMessages } from './hosts';
import type { hostLifecycleMessages } from './hostLifecycle';
import type { balanceMessages } from './balance';
import type { migrateClosureMessages } from './migrateClosure';
import type { vmSchedulingMessages } from './vmScheduling';
import { vmsMessages } from './vms';
import { format } from './format';
import type { MessageParams } from './format';
import { LOCALE_LOADERS } from './loaders';
import { resolveLocale } from './supported';
import type { OpsCenterLocale } from './supported';
import { PSEUDO_LOCALE, pseudoLocalize } from './pseudo';

export { format } from './format';
export type { MessageParams } from './format';

/** The English texts every page carries. */
export const englishMessages = { ...commonMessages, ...vmsMessages, ...hostsMessages };

/**
 * English texts of a few pages only (`hostLifecycle.ts`): typed like the others, but in a page's
 * catalogue only once a module that shows them has called `registerEnglish` (at its load, before
 * it renders or runs).
 */
type PageOnlyMessages = typeof hostLifecycleMessages &
  typeof balanceMessages &
  typeof migrateClosureMessages &
  typeof vmSchedulingMessages;
const registered: Partial<Record<keyof PageOnlyMessages, string>> = {};

/** Makes page-only English texts available to every translator of this page. */
export function registerEnglish(messages: Partial<PageOnlyMessages>): void {
  Object.assign(registered, messages);
}

export type MessageKey = keyof typeof englishMessages | keyof PageOnlyMessages;
export type Messages = Record<MessageKey, string>;
/** What a locale file holds: any subset of the keys (the completeness test wants them all). */
export type LocaleMessages = Partial<Messages>;

/** English with `translated` on top; empty or non-string entries fall back to English. */
export function messagesFor(locale: string, translated: LocaleMessages = {}): Messages {
  const messages = { ...englishMessages } as Messages;
  if (locale === PSEUDO_LOCALE) {
    for (const key of Object.keys(englishMessages) as (keyof typeof englishMessages)[])
      messages[key] = pseudoLocalize(englishMessages[key]);
    return messages;
  }
  for (const key of Object.keys(translated) as MessageKey[]) {
    const text = translated[key];
    if (
      Object.prototype.hasOwnProperty.call(englishMessages, key) &&
      typeof text === 'string' &&
      text.trim()
    )
      messages[key] = text;
  }
  return messages;
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function createTranslator(locale: string, translated?: LocaleMessages): Translate {
  const messages: Partial<Messages> = messagesFor(locale, translated);
  // Page-only keys are looked up when asked: they may be registered after this translator exists.
  const pageOnly = (key: MessageKey): string => {
    const text = translated?.[key];
    if (typeof text === 'string' && text.trim()) return text;
    const english = (registered as Partial<Record<MessageKey, string>>)[key] ?? key;
    return locale === PSEUDO_LOCALE ? pseudoLocalize(english) : english;
  };
  return (key, params) => format(messages[key] ?? pageOnly(key), params, locale);
}

let active: { locale: OpsCenterLocale; t: Translate } | undefined;

function activeCatalogue(): { locale: OpsCenterLocale; t: Translate } {
  if (!active) {
    // Not loaded (unit tests, or a text needed before loadMessages): English in WebAdmin's locale.
    const locale = resolveLocale(currentLocale());
    active = { locale, t: createTranslator(locale === PSEUDO_LOCALE ? locale : 'en-US') };
  }
  return active;
}

/** Reads one locale's texts; never rejects (a failed chunk load means English). */
export async function fetchLocaleMessages(locale: OpsCenterLocale): Promise<LocaleMessages> {
  if (locale === 'en-US' || locale === PSEUDO_LOCALE) return {};
  try {
    return (await LOCALE_LOADERS[locale]()).default;
  } catch {
    return {};
  }
}

/**
 * Loads WebAdmin's locale (or `raw`) and makes it the active one; pages await it before their
 * first render. Resolves to the locale used.
 */
export async function loadMessages(raw: string = currentLocale()): Promise<OpsCenterLocale> {
  const locale = resolveLocale(raw);
  const translated = await fetchLocaleMessages(locale);
  active = { locale, t: createTranslator(locale, translated) };
  return locale;
}

/** Translates with the active locale (WebAdmin reloads to change it, so it is read once). */
export const t: Translate = (key, params) => activeCatalogue().t(key, params);

/** For components; `locale` is also what `Intl` formatters should use. */
export function useMessages(): { t: Translate; locale: string } {
  return { t, locale: intlLocale(activeCatalogue().locale) };
}

/** The locale for `Intl`: the pseudo-locale formats like English. */
export function intlLocale(locale: string): string {
  return locale === PSEUDO_LOCALE ? 'en-US' : locale;
}

/** Tests: forget the active locale. */
export function resetMessages(): void {
  active = undefined;
}
