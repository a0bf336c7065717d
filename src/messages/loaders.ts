/**
 * English is bundled with every page; each other locale is its own chunk (`locales/<locale>.ts`),
 * loaded only by a page whose WebAdmin runs in that locale.
 */
import type { LocaleMessages } from './catalogue';
import type { TranslatedLocale } from './supported';

/** One dynamic import per locale, so the bundler makes one chunk per locale. */
export const LOCALE_LOADERS: Record<TranslatedLocale, () => Promise<{ default: LocaleMessages }>> =
  {
    'es-ES': () => import('./locales/es-ES'),
    'fr-FR': () => import('./locales/fr-FR'),
    'ja-JP': () => import('./locales/ja-JP'),
    'pt-BR': () => import('./locales/pt-BR'),
    'zh-CN': () => import('./locales/zh-CN'),
    'de-DE': () => import('./locales/de-DE'),
    'ko-KR': () => import('./locales/ko-KR'),
    'it-IT': () => import('./locales/it-IT'),
    'cs-CZ': () => import('./locales/cs-CZ'),
    'ka-GE': () => import('./locales/ka-GE'),
  };
