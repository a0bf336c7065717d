/**
 * The message catalogue: every user-visible text goes through `t(key, params)`.
 *
 * Each area owns one file of English texts (`common.ts`, `vms.ts`, `hosts.ts`); this file
 * combines them. The locale comes from WebAdmin (`currentLocale()`, `xx-YY`). Adding a locale:
 * put a `Partial<Messages>` per language in `TRANSLATIONS`; missing keys fall back to English,
 * so a partial translation never shows a raw key.
 *
 * @example
 *   t('common.entity.selected', { count: 3 }) // "3 selected"
 *   const { t } = useMessages();              // in components
 */
import { currentLocale } from '../plugin-api/pluginApi';
import { commonMessages } from './common';
import { hostsMessages } from './hosts';
import { vmsMessages } from './vms';

const en = { ...commonMessages, ...vmsMessages, ...hostsMessages };

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
export type MessageParams = Record<string, string | number>;

/** Language (`fr`) or full locale (`pt-BR`) → texts. English is the fallback for every key. */
const TRANSLATIONS: Record<string, Partial<Messages>> = {};

export function format(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export function messagesFor(locale: string): Messages {
  const lang = locale.split('-')[0] ?? '';
  return { ...en, ...TRANSLATIONS[lang], ...TRANSLATIONS[locale] };
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function createTranslator(locale: string): Translate {
  const messages = messagesFor(locale);
  return (key, params) => format(messages[key], params);
}

let active: { locale: string; t: Translate } | undefined;

function activeCatalogue(): { locale: string; t: Translate } {
  if (!active) {
    const locale = currentLocale();
    active = { locale, t: createTranslator(locale) };
  }
  return active;
}

/** Translates with WebAdmin's locale (read once per page: WebAdmin reloads to change it). */
export const t: Translate = (key, params) => activeCatalogue().t(key, params);

/** For components; the locale is also what `Intl` formatters should use. */
export function useMessages(): { t: Translate; locale: string } {
  return { t, locale: activeCatalogue().locale };
}

/** Tests: forget the cached locale. */
export function resetMessages(): void {
  active = undefined;
}
