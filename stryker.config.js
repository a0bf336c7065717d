// StrykerJS mutation testing of src/rest and src/operations: `npm run mutation` (slow; run on
// purpose, not part of `npm test`). Reports go to reports/mutation/ (HTML, JSON, incremental).
//
// MUTATE=<glob,glob> narrows the run to some files and MUTATION_REPORT=<name> names its reports
// (default "mutation"), so a long run can be done in parts; scripts/mutation-summary.ts merges
// every report it finds, the newest per file.
const name = process.env.MUTATION_REPORT ?? 'mutation';
const mutate = process.env.MUTATE?.split(',') ?? ['src/rest/**/*.ts', 'src/operations/**/*.ts'];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  // src/operations may not exist yet: a pattern that matches nothing only logs a warning.
  mutate: [...mutate, '!**/*.test.ts', '!**/*.test.tsx'],
  coverageAnalysis: 'perTest',
  // Mutants in module-level code would need every test run again for each; they are reported
  // as ignored instead (a handful of constants).
  ignoreStatic: true,
  concurrency: 2,
  // The engine-backed tests run on real timers: leave room on a busy machine before calling a
  // mutant a timeout.
  timeoutMS: 15000,
  timeoutFactor: 2.5,
  incremental: true,
  incrementalFile: `reports/mutation/${name}.incremental.json`,
  tempDirName: 'reports/.stryker-tmp',
  ignorePatterns: [
    'dist',
    'coverage',
    'reports',
    'test-results',
    'playwright-report',
    'e2e',
    'bench',
    'examples',
    '*.tar.gz',
  ],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false },
  thresholds: { high: 90, low: 80, break: null },
};
