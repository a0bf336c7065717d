import { defineConfig } from '@playwright/test';
import { E2E_TIME_SCALE } from './e2e/support/engineControl';

/**
 * The mock WebAdmin on the already-built dist/, with a fast simulated engine.
 *
 * Every test resets the engine, so two runs must never share a server: unless E2E_PORT is
 * given, each run takes its own port (5174 + pid offset). Workers inherit the environment set
 * here by the main process, so they agree on it.
 */
// Chromium refuses some ports outright (ERR_UNSAFE_PORT): 6000, 6566, 6665–6669, 6679, 6697
// lie in this range, so a pid landing on one moves to the next port Chromium accepts.
const UNSAFE_PORTS = new Set([6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697]);
function freePortFor(pid: number): number {
  let port = 5174 + (pid % 2000);
  while (UNSAFE_PORTS.has(port)) port++;
  return port;
}
process.env.E2E_PORT ??= String(freePortFor(process.pid));
const PORT = Number(process.env.E2E_PORT);
// E2E_INSTALL_ROOT: serve the plugin from an installed tree instead of dist/ (npm run test:rpm
// unpacks the RPM into a scratch root and runs e2e/install-smoke.spec.ts against it).
const INSTALL_ROOT = process.env.E2E_INSTALL_ROOT;
const SOURCE = INSTALL_ROOT ? ` --install-root ${JSON.stringify(INSTALL_ROOT)}` : '';

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
    command: `npx tsx dev/webadmin/start.ts --no-build --port ${String(PORT)} --time-scale ${String(E2E_TIME_SCALE)}${SOURCE}`,
    url: `http://127.0.0.1:${String(PORT)}/ovirt-engine/webadmin/`,
    // Reuse only a server started on purpose (E2E_REUSE=1 with E2E_PORT), never in CI.
    reuseExistingServer: !process.env.CI && process.env.E2E_REUSE === '1',
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
