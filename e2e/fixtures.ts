import { test as base, expect } from '@playwright/test';
import type { Frame } from '@playwright/test';
import { EngineControl } from './support/engineControl';
import { WebAdminPage } from './support/webadminPage';

export { expect };

interface Fixtures {
  /** The mock WebAdmin page object (dev/webadmin). */
  webadmin: WebAdminPage;
  /** The simulated engine's control API (`/__engine/*`). */
  engine: EngineControl;
  /**
   * Contract check, automatic: the engine is reset before each test, and after it the test
   * fails on any page error (top page and every plugin iframe) or recorded pluginApi violation.
   * A test that provokes violations on purpose sets `test.use({ allowViolations: true })`.
   */
  contractCheck: undefined;
  allowViolations: boolean;
}

function frameLabel(frame: Frame | null): string {
  if (!frame) return 'page';
  return frame.parentFrame() ? `iframe ${frame.url()}` : 'page';
}

export const test = base.extend<Fixtures>({
  allowViolations: [false, { option: true }],

  engine: async ({ request, baseURL }, use) => {
    await use(new EngineControl(request, baseURL ?? 'http://127.0.0.1:5174'));
  },

  webadmin: async ({ page }, use, testInfo) => {
    await use(new WebAdminPage(page, testInfo));
  },

  contractCheck: [
    async ({ page, engine, allowViolations }, use) => {
      await engine.reset();
      const errors: string[] = [];
      // Uncaught exceptions of the page and of its same-origin plugin iframes.
      page.on('pageerror', (error) => {
        errors.push(`${error.name}: ${error.message}`);
      });
      page.on('console', (message) => {
        if (message.type() === 'error' && /Uncaught|Unhandled/i.test(message.text())) {
          errors.push(`${frameLabel(page.mainFrame())}: ${message.text()}`);
        }
      });
      await use(undefined);
      // No catch: a page that cannot be asked (closed, crashed, mid-navigation) fails the test
      // rather than passing as "no violations".
      const onWebAdmin = await page
        .evaluate(() => typeof window.__webadmin === 'object')
        .catch((e: unknown) => {
          throw new Error(
            `contract check: cannot evaluate ${page.url()}: ${e instanceof Error ? e.message : String(e)}`,
          );
        });
      if (onWebAdmin) {
        const { violations, frameErrors } = await page.evaluate(() => ({
          violations: window.__webadmin.violations(),
          frameErrors: window.__webadmin.pageErrors(),
        }));
        for (const e of frameErrors) errors.push(`${e.frame}: ${e.message}`);
        if (!allowViolations) {
          expect(
            violations.map((v) => `§7.${String(v.rule)} ${v.plugin}: ${v.message}`),
            'pluginApi contract violations',
          ).toEqual([]);
        }
      }
      expect([...new Set(errors)], 'page errors').toEqual([]);
    },
    { auto: true },
  ],
});
