import { defineConfig } from 'vitest/config';

/**
 * Tests of the built `dist/` (`*.dist.test.ts`), run by `npm run test:dist` after `npm run build`.
 * They fail when `dist/` is missing: the unit run (vitest.config.ts) excludes them, so they can
 * never be skipped silently.
 */
export default defineConfig({
  test: {
    include: ['scripts/**/*.dist.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
  },
});
