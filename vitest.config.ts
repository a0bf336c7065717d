import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/**/*.test.{ts,tsx}',
      'src/**/*.test.{ts,tsx}',
      'dev/**/*.test.ts',
      'scripts/**/*.test.ts',
      'plugin-descriptor/**/*.test.ts',
    ],
    // Tests of the built dist/ run after the build: npm run test:dist (vitest.dist.config.ts).
    exclude: ['**/node_modules/**', '**/*.dist.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    coverage: {
      provider: 'v8',
      include: ['src/rest/**/*.ts'],
      exclude: ['**/*.test.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 90 },
    },
  },
});
