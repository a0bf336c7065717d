import { defineConfig } from '@playwright/test';

/** The mock WebAdmin on the already-built dist/, with a fast simulated engine. */
const PORT = Number(process.env.E2E_PORT ?? '5174');

export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  // One worker: the specs share one engine (its control API resets it between tests).
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results',
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${String(PORT)}`,
    headless: true,
    viewport: { width: 1440, height: 900 },
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `npx tsx dev/webadmin/start.ts --no-build --port ${String(PORT)} --time-scale 40`,
    url: `http://127.0.0.1:${String(PORT)}/ovirt-engine/webadmin/`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
