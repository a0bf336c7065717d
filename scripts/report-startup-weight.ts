/**
 * Run by `npm run build` after `vite build`: prints what WebAdmin loads for Ops Center at startup
 * (the host page and everything it loads before `ready()`) and fails over 4096 bytes gzip, if it
 * pulls CSS or React/PatternFly, or if any built file breaks the engine's path rules.
 * Also prints each page's weight (loaded only when that place or dialog opens).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { BASE, RESOURCES_DIR, readDescriptor } from '../vite.config';
import { PAGES } from '../src/plugin-api/pages';
import { STARTUP_BUDGET_GZIP, listFiles, measureStartupWeight, pathProblem } from './bundleRules';
import {
  MAIN_PLACE_BUDGET_GZIP,
  MAIN_PLACE_CEILING_GZIP,
  codeGzip,
  codeRequests,
  measurePage,
  pageBudgetProblems,
} from './pageWeight';

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1).padStart(6)} KB`;

function main(): number {
  if (!existsSync(resolve(RESOURCES_DIR, PAGES.hostPage))) {
    console.error(`no build in ${RESOURCES_DIR}: run vite build first`);
    return 1;
  }
  const descriptor = readDescriptor();
  const problems: string[] = [];
  for (const file of listFiles(RESOURCES_DIR)) {
    const problem = pathProblem(descriptor.resourcePath, file);
    if (problem) problems.push(`${file}: ${problem}`);
  }
  const built = JSON.parse(
    readFileSync(resolve(RESOURCES_DIR, '..', `${descriptor.name}.json`), 'utf8'),
  ) as unknown;
  if (JSON.stringify(built) !== JSON.stringify(descriptor))
    problems.push('dist descriptor differs from plugin-descriptor/');

  const startup = measureStartupWeight(RESOURCES_DIR, BASE, PAGES.hostPage);
  problems.push(...startup.problems);
  console.log(`\nOps Center startup weight (host page + everything before ready()):`);
  for (const f of startup.files)
    console.log(
      `  ${f.path.padEnd(44)} ${String(f.raw).padStart(7)} B  ${String(f.gzip).padStart(6)} B gzip`,
    );
  console.log(
    `  total: ${startup.raw} B raw, ${startup.gzip} B gzip, ${startup.requests} requests (budget ${STARTUP_BUDGET_GZIP} B gzip)`,
  );
  // Not English: WebAdmin's locale's labels, one more request before ready() on the first start
  // after an install or upgrade; the host page keeps them in localStorage under the file's
  // (content-hashed) URL, so every later start is back to the English figures.
  const labels = readdirSync(resolve(RESOURCES_DIR, 'assets')).filter((n) =>
    /^host-page-.*\.json$/.test(n),
  );
  const labelGzip = labels.map(
    (n) => gzipSync(readFileSync(resolve(RESOURCES_DIR, 'assets', n))).length,
  );
  if (labels.length > 0) {
    console.log(
      `  other locales, first start after an install or upgrade: + 1 request (assets/host-page-<locale>-<hash>.json, ${String(Math.min(...labelGzip))}–${String(Math.max(...labelGzip))} B gzip): up to ${String(startup.gzip + Math.max(...labelGzip))} B gzip, ${String(startup.requests + 1)} requests`,
    );
    console.log(
      `  other locales, every later start (labels from localStorage): ${String(startup.gzip)} B gzip, ${String(startup.requests)} requests`,
    );
  }
  console.log(`\nPage weights (loaded when the place or dialog opens; gzip, fonts apart):`);
  for (const page of Object.values(PAGES)) {
    if (page === PAGES.hostPage) continue;
    const w = measurePage(RESOURCES_DIR, BASE, page);
    console.log(
      `  ${page.padEnd(24)} JS ${kb(w.js.gzip)}  CSS ${kb(w.css.gzip)}  JS+CSS ${kb(codeGzip(w))}  fonts ${kb(w.fonts.gzip)}  ${String(codeRequests(w)).padStart(2)} code/style requests`,
    );
    problems.push(...pageBudgetProblems(w));
  }
  const main = codeGzip(measurePage(RESOURCES_DIR, BASE, PAGES.main));
  if (main > MAIN_PLACE_CEILING_GZIP)
    problems.push(
      `main place ${kb(main)} gzip JS+CSS exceeds the ceiling ${kb(MAIN_PLACE_CEILING_GZIP)} (budget ${kb(MAIN_PLACE_BUDGET_GZIP)})`,
    );
  else if (main > MAIN_PLACE_BUDGET_GZIP)
    console.warn(
      `\nmain place ${kb(main)} gzip JS+CSS: over the ${kb(MAIN_PLACE_BUDGET_GZIP)} budget by ${kb(main - MAIN_PLACE_BUDGET_GZIP)} (build refuses over ${kb(MAIN_PLACE_CEILING_GZIP)})`,
    );
  if (problems.length > 0) {
    console.error(`\nBuild rejected:\n  ${problems.join('\n  ')}`);
    return 1;
  }
  return 0;
}

process.exitCode = main();
