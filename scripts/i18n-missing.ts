/**
 * Lists, per locale, the catalogue keys that are missing (with their English text, ready to
 * paste into src/messages/locales/<locale>.ts and translate), extra, empty, or whose
 * placeholders differ from English. Exit code 1 when any locale has a problem.
 *
 *   npx tsx scripts/i18n-missing.ts            # every locale
 *   npx tsx scripts/i18n-missing.ts de-DE      # one locale
 */
import { checkLocale, englishMessages } from '../src/messages/completeness';
import { LOCALE_LOADERS } from '../src/messages/loaders';
import type { TranslatedLocale } from '../src/messages/supported';

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const locales = (Object.keys(LOCALE_LOADERS) as TranslatedLocale[]).filter(
    (l) => only.length === 0 || only.includes(l),
  );
  let problems = 0;
  for (const locale of locales) {
    const p = checkLocale((await LOCALE_LOADERS[locale]()).default);
    const count = p.missing.length + p.extra.length + p.placeholders.length + p.empty.length;
    problems += count;
    console.log(`\n${locale}: ${count === 0 ? 'complete' : `${String(count)} problem(s)`}`);
    if (p.missing.length > 0) {
      console.log(`  missing (English text; add to src/messages/locales/${locale}.ts):`);
      for (const key of p.missing)
        console.log(`    '${key}': ${JSON.stringify(englishMessages[key])},`);
    }
    for (const key of p.extra) console.log(`  extra (not in English, remove): '${key}'`);
    for (const key of p.empty) console.log(`  empty: '${key}'`);
    for (const m of p.placeholders)
      console.log(
        `  placeholders differ: '${m.key}' English {${m.english.join('}, {')}} vs {${m.translated.join('}, {')}}`,
      );
  }
  return problems > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
