/**
 * The locales Ops Center ships: WebAdmin's eleven (what `currentLocale()` can return) and the
 * pseudo-locale for layout checks. Framework-free and tiny: the host page uses it too.
 */
import { PSEUDO_LOCALE } from './pseudo';

export const WEBADMIN_LOCALES = [
  'en-US',
  'es-ES',
  'fr-FR',
  'ja-JP',
  'pt-BR',
  'zh-CN',
  'de-DE',
  'ko-KR',
  'it-IT',
  'cs-CZ',
  'ka-GE',
] as const;

export type WebAdminLocale = (typeof WEBADMIN_LOCALES)[number];
export type TranslatedLocale = Exclude<WebAdminLocale, 'en-US'>;
export type OpsCenterLocale = WebAdminLocale | typeof PSEUDO_LOCALE;

/**
 * What WebAdmin reports (`de-DE`, `de_DE`, `de`, anything) → the locale Ops Center uses:
 * the exact locale, else the first one of the same language, else English.
 */
export function resolveLocale(raw: string | undefined): OpsCenterLocale {
  const tag = (raw ?? '').replace(/_/g, '-').trim().toLowerCase();
  if (tag === PSEUDO_LOCALE.toLowerCase()) return PSEUDO_LOCALE;
  const exact = WEBADMIN_LOCALES.find((l) => l.toLowerCase() === tag);
  if (exact) return exact;
  const lang = tag.split('-')[0];
  return WEBADMIN_LOCALES.find((l) => l.slice(0, 2) === lang) ?? 'en-US';
}
