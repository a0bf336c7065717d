/**
 * The built tree agrees with the descriptor and the engine's path rules, and starts light. A
 * `*.dist.test.ts`: `npm run test:dist` runs it after `npm run build` (vitest.dist.config.ts);
 * it fails when `dist/` is missing instead of skipping.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE, RESOURCES_DIR, readDescriptor } from '../vite.config';
import { PAGES } from '../src/plugin-api/pages';
import { STARTUP_BUDGET_GZIP, listFiles, measureStartupWeight, pathProblem } from './bundleRules';

const descriptor = readDescriptor();

describe('built dist/', () => {
  it('exists (run `npm run build` first)', () => {
    expect(existsSync(join(RESOURCES_DIR, PAGES.hostPage))).toBe(true);
  });

  it('has the descriptor, every page at the top level, and only files the engine serves', () => {
    const built = JSON.parse(
      readFileSync(resolve(RESOURCES_DIR, '..', `${descriptor.name}.json`), 'utf8'),
    ) as unknown;
    expect(built).toEqual(descriptor);
    const files = listFiles(RESOURCES_DIR);
    for (const page of Object.values(PAGES)) expect(files).toContain(page);
    expect(files.filter((f) => pathProblem(descriptor.resourcePath, f) !== undefined)).toEqual([]);
    expect(files.filter((f) => f.includes('/') && !f.startsWith('assets/'))).toEqual([]);
  });

  it(`starts within ${STARTUP_BUDGET_GZIP} bytes gzip, without CSS, React or PatternFly`, () => {
    const weight = measureStartupWeight(RESOURCES_DIR, BASE, PAGES.hostPage);
    expect(weight.problems).toEqual([]);
    expect(weight.gzip).toBeLessThanOrEqual(STARTUP_BUDGET_GZIP);
    expect(
      weight.files.map((f) => f.path).filter((p) => !p.endsWith('.js') && !p.endsWith('.html')),
    ).toEqual([]);
  });
});
