/**
 * The unit tests `npm run mutation` (StrykerJS) runs against each mutant of `src/rest` and
 * `src/operations`: only fast tests that exercise those layers, no coverage, no browser. The
 * slow engine-fault trials (test/reliability/runnerFaults.test.ts) and UI tests stay out.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/rest/**/*.test.ts',
      'test/rest/**/*.test.ts',
      'src/operations/**/*.test.ts',
      'test/operations/**/*.test.ts',
      'test/reliability/*.unit.test.ts',
    ],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 1,
    isolate: false,
    passWithNoTests: true,
    coverage: { enabled: false },
  },
});
