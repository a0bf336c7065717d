/**
 * Byte budgets of the built plugin (deterministic: file sizes, never times). A `*.dist.test.ts`:
 * `npm run test:dist` runs it after `npm run build` (vitest.dist.config.ts), and it fails when
 * `dist/` is missing instead of skipping.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE, RESOURCES_DIR } from '../vite.config';
import { PAGES } from '../src/plugin-api/pages';
import { STARTUP_BUDGET_GZIP, listFiles, measureStartupWeight } from './bundleRules';
import {
  MAIN_PLACE_CEILING_GZIP,
  PAGE_BUDGETS_GZIP,
  codeGzip,
  measurePage,
  pageBudgetProblems,
} from './pageWeight';

describe('byte budgets of dist/', () => {
  it('dist/ is built (run `npm run build` first)', () => {
    expect(existsSync(resolve(RESOURCES_DIR, PAGES.hostPage))).toBe(true);
  });

  it('WebAdmin loads at most 4 KB gzip in at most 2 requests for Ops Center at startup', () => {
    const startup = measureStartupWeight(RESOURCES_DIR, BASE, PAGES.hostPage);
    expect(startup.gzip).toBeLessThanOrEqual(STARTUP_BUDGET_GZIP);
    expect(startup.requests).toBeLessThanOrEqual(2);
  });

  it('the main place stays under its JS+CSS ceiling', () => {
    const main = measurePage(RESOURCES_DIR, BASE, PAGES.main);
    expect(main.js.files).toBeGreaterThan(0);
    expect(codeGzip(main)).toBeLessThanOrEqual(MAIN_PLACE_CEILING_GZIP);
  });

  it('every page stays within its JS+CSS budget and opens with at most 6 code/style requests', () => {
    const pages = Object.values(PAGES).filter((p) => p !== PAGES.hostPage);
    expect(Object.keys(PAGE_BUDGETS_GZIP).sort()).toEqual([...pages].sort());
    for (const page of pages) {
      const w = measurePage(RESOURCES_DIR, BASE, page);
      expect(w.js.files, page).toBeGreaterThan(0);
      expect(pageBudgetProblems(w), page).toEqual([]);
    }
  });

  it('ships no PatternFly theme variant the pages never use', () => {
    const css = listFiles(RESOURCES_DIR).filter((f) => f.endsWith('.css'));
    expect(css.length).toBeGreaterThan(0);
    for (const file of css)
      expect(readFileSync(resolve(RESOURCES_DIR, file), 'utf8'), file).not.toMatch(
        /:where\(\.pf-v6-theme-(dark|high-contrast|felt|glass)/,
      );
  });
});
