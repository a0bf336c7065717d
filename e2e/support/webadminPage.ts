import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page, TestInfo } from '@playwright/test';
import type { EntityObject } from '../../dev/webadmin/entities';

export type { ApiMode } from '../../dev/webadmin/contract';
import type { ApiMode } from '../../dev/webadmin/contract';
import type {
  ButtonView,
  DialogView,
  ListId,
  NoticeView,
  WebAdminTestInterface,
} from '../../dev/webadmin/testInterface';
import type { Violation } from '../../dev/webadmin/pluginApi';

declare global {
  interface Window {
    __webadmin: WebAdminTestInterface;
  }
}

export const WEBADMIN_PATH = '/ovirt-engine/webadmin/';
export const PLUGIN = 'ops-center';

/** Page object for the mock WebAdmin (dev/webadmin). Selectors are ids the mock owns. */
export class WebAdminPage {
  constructor(
    readonly page: Page,
    private readonly testInfo: TestInfo,
  ) {}

  /**
   * Opens WebAdmin (optionally on a place) and waits for its initial place transition and for
   * the plugin to leave LOADING. Pass `expectState: null` to skip waiting for IN_USE.
   */
  async open(
    options: {
      api?: ApiMode;
      place?: string;
      baseUrl?: string;
      expectState?: string | null;
      /** WebAdmin's locale (`currentLocale()`), e.g. `de-DE` or the pseudo-locale `en-XA`. */
      locale?: string;
    } = {},
  ): Promise<void> {
    const params = new URLSearchParams();
    if (options.api) params.set('api', options.api);
    if (options.locale) params.set('locale', options.locale);
    const query = params.size > 0 ? `?${params.toString()}` : '';
    const hash = options.place ? `#${options.place}` : '';
    await this.page.goto(`${options.baseUrl ?? ''}${WEBADMIN_PATH}${query}${hash}`);
    await this.page.waitForFunction(() => typeof window.__webadmin === 'object');
    await this.page.evaluate(() => window.__webadmin.whenStarted());
    const expected = options.expectState === undefined ? 'IN_USE' : options.expectState;
    if (expected !== null) {
      await this.page.waitForFunction((s) => window.__webadmin.state('ops-center') === s, expected);
    }
  }

  state(plugin = PLUGIN): Promise<string | undefined> {
    return this.page.evaluate((p) => window.__webadmin.state(p), plugin);
  }

  violations(): Promise<Violation[]> {
    return this.page.evaluate(() => window.__webadmin.violations());
  }

  warnings(): Promise<Violation[]> {
    return this.page.evaluate(() => window.__webadmin.warnings());
  }

  pageErrors(): Promise<{ frame: string; message: string }[]> {
    return this.page.evaluate(() => window.__webadmin.pageErrors());
  }

  /** Clicks the left-nav entry for a place (built-in `vms`/`hosts`/`clusters` or a plugin token). */
  async goTo(token: string): Promise<void> {
    await this.page.locator(`[data-token="${token}"]`).first().click();
    await this.page.waitForFunction((t) => window.__webadmin.currentPlace() === t, token);
  }

  /** Selects rows by VM/host name or id, like a click (fires the selection event). */
  async selectVms(...namesOrIds: string[]): Promise<EntityObject[]> {
    return this.page.evaluate((n) => window.__webadmin.select('vms', n), namesOrIds);
  }

  async selectHosts(...namesOrIds: string[]): Promise<EntityObject[]> {
    return this.page.evaluate((n) => window.__webadmin.select('hosts', n), namesOrIds);
  }

  async selectClusters(...namesOrIds: string[]): Promise<EntityObject[]> {
    return this.page.evaluate((n) => window.__webadmin.select('clusters', n), namesOrIds);
  }

  /** A list row, for clicking like a user would. */
  row(list: ListId, name: string): Locator {
    return this.page.locator(`#oc-wa-table-${list} tbody tr[data-name="${name}"]`);
  }

  rows(list: ListId): Promise<EntityObject[]> {
    return this.page.evaluate((l) => window.__webadmin.rows(l), list);
  }

  /** A plugin action button by its `id` (toolbar or kebab). */
  button(id: string): Locator {
    return this.page.locator(`#ActionPanelView_${id}`);
  }

  buttons(entityType?: 'VirtualMachine' | 'Host' | 'Cluster'): Promise<ButtonView[]> {
    return this.page.evaluate((e) => window.__webadmin.buttons(e), entityType);
  }

  /** Clicks a plugin button, opening the kebab menu first when the button lives there. */
  async clickButton(id: string): Promise<void> {
    const button = this.button(id);
    if (!(await button.isVisible())) {
      const list = (await this.page.evaluate(() => window.__webadmin.currentPlace())).startsWith(
        'hosts',
      )
        ? 'hosts'
        : 'vms';
      await this.page.locator(`#oc-wa-kebab-${list}`).click();
    }
    await button.click();
  }

  detailTab(label: string): Locator {
    return this.page.getByRole('tab', { name: label });
  }

  detailFrame(token: string): FrameLocator {
    return this.page.frameLocator(`#oc-wa-detail-frame-${token}`);
  }

  placeFrame(token: string): FrameLocator {
    return this.page.frameLocator(`#oc-wa-place-${token}`);
  }

  dialog(token: string): Locator {
    return this.page.locator(`.oc-wa-dialog[data-dialog-token="${token}"]`);
  }

  /**
   * A button of the open dialog's footer (WebAdmin's own footer: our dialogs have OK and Close),
   * of the dialog with `token`, or of the topmost one.
   */
  dialogButton(label: string, token?: string): Locator {
    const dialogs = this.page.locator(
      token === undefined ? '.oc-wa-dialog' : `.oc-wa-dialog[data-dialog-token="${token}"]`,
    );
    return dialogs
      .last()
      .locator('.oc-wa-dialog-footer')
      .getByRole('button', { name: label, exact: true });
  }

  dialogFrame(token: string): FrameLocator {
    return this.page.frameLocator(`.oc-wa-dialog-body iframe[data-dialog-token="${token}"]`);
  }

  dialogs(): Promise<DialogView[]> {
    return this.page.evaluate(() => window.__webadmin.dialogs());
  }

  toasts(): Promise<NoticeView[]> {
    return this.page.evaluate(() => window.__webadmin.toasts());
  }

  alerts(): Promise<NoticeView[]> {
    return this.page.evaluate(() => window.__webadmin.alerts());
  }

  fireEvent(name: string, ...args: unknown[]): Promise<void> {
    return this.page.evaluate(
      ([n, a]) => {
        window.__webadmin.fireEvent(n, ...a);
      },
      [name, args] as const,
    );
  }

  /** Saves a full-page screenshot under <outputDir>/screenshots/ and attaches it to the report. */
  async screenshot(name: string): Promise<void> {
    const dir = join(this.testInfo.project.outputDir, 'screenshots');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${name}.png`);
    await this.page.screenshot({ path, fullPage: true });
    await this.testInfo.attach(name, { path, contentType: 'image/png' });
  }
}
