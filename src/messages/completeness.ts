/**
 * What a locale file lacks or gets wrong compared with English: used by the completeness test
 * (fails the build) and by `npx tsx scripts/i18n-missing.ts` (lists what to translate).
 */
import { englishMessages as everyPage } from './catalogue';
import type { LocaleMessages, MessageKey } from './catalogue';
import { hostLifecycleMessages } from './hostLifecycle';
import { balanceMessages } from './balance';
import { migrateClosureMessages } from './migrateClosure';
import { vmSchedulingMessages } from './vmScheduling';

/** Every English text, page-only ones included: what each locale file must translate. */
export const englishMessages: Record<MessageKey, string> = {
  ...everyPage,
  ...hostLifecycleMessages,
  ...balanceMessages,
  ...migrateClosureMessages,
  ...vmSchedulingMessages,
};
import { placeholders } from './format';

export type LocaleProblems = {
  /** Keys English has and the locale does not (shown in English until translated). */
  missing: MessageKey[];
  /** Keys the locale has and English does not (stale: English removed or renamed them). */
  extra: string[];
  /** Keys whose placeholders differ from English: `{ key, english, translated }`. */
  placeholders: { key: MessageKey; english: string[]; translated: string[] }[];
  /** Keys translated to an empty text. */
  empty: MessageKey[];
};

export function checkLocale(translated: LocaleMessages): LocaleProblems {
  const problems: LocaleProblems = { missing: [], extra: [], placeholders: [], empty: [] };
  const english = englishMessages as Record<string, string>;
  const entries = translated as Record<string, unknown>;
  for (const key of Object.keys(english) as MessageKey[]) {
    const text = entries[key];
    if (text === undefined) {
      problems.missing.push(key);
      continue;
    }
    if (typeof text !== 'string' || text.trim() === '') {
      problems.empty.push(key);
      continue;
    }
    const want = placeholders(englishMessages[key]);
    const got = placeholders(text);
    if (want.join(',') !== got.join(','))
      problems.placeholders.push({ key, english: want, translated: got });
  }
  for (const key of Object.keys(entries))
    if (!Object.prototype.hasOwnProperty.call(english, key)) problems.extra.push(key);
  return problems;
}
