/**
 * The descriptor, the build entries, the URLs the host page registers and the built tree must
 * agree (model-codebases §4.3), and everything must pass the engine's path rules (§4.4, §7.30).
 */
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BASE,
  DESCRIPTOR_SOURCE,
  ENTRIES_DIR,
  HOST_PAGE_INPUT,
  PAGE_INPUTS,
  readDescriptor,
} from '../vite.config';
import { PAGES } from '../src/plugin-api/pages';
import { PLUGIN_NAME, PLUGIN_URL_PREFIX, setTopWindowGetter } from '../src/plugin-api/pluginApi';
import type { ActionButton, EventHandlers } from '../src/plugin-api/pluginApi';
import { createHandlers } from '../src/host-page/hostPage';
import { descriptorProblems, measureStartupWeight, pathProblem } from './bundleRules';

const descriptor = readDescriptor();

/** Every URL the host page hands to WebAdmin, from UiInit, the buttons and selection events. */
function registeredUrls(): string[] {
  const urls: string[] = [];
  const buttons: ActionButton[] = [];
  const api: Record<string, unknown> = {
    pluginName: PLUGIN_NAME,
    register: () => undefined,
    options: () => undefined,
    ready: () => undefined,
    configObject: () => ({}),
    ssoToken: () => 't',
    currentLocale: () => 'en-US',
    addPrimaryMenuPlace: (_l: string, _t: string, url: string) => urls.push(url),
    addSecondaryMenuPlace: () => undefined,
    addDetailPlace: (_e: string, _l: string, _t: string, url: string) => urls.push(url),
    setPlaceContentUrl: (_t: string, url: string) => urls.push(url),
    addMenuPlaceActionButton: (_e: string, _l: string, b: ActionButton) => buttons.push(b),
    showDialog: (_title: string, _token: string, url: string) => urls.push(url),
  };
  setTopWindowGetter(() => ({ pluginApi: () => api }) as unknown as Window);
  const self = { location: { origin: 'https://engine.test' } } as unknown as Window;
  const handlers: EventHandlers = createHandlers(self);
  handlers.UiInit?.();
  const one = [{ id: 'a', name: 'a', status: 'Up' }];
  for (const b of buttons) b.onClick?.(one, { id: '' });
  handlers.VirtualMachineSelectionChange?.(one);
  handlers.HostSelectionChange?.(one);
  return urls;
}

afterEach(() => {
  setTopWindowGetter();
});

describe('descriptor', () => {
  it('is what the engine accepts and points at our host page', () => {
    const raw = JSON.parse(readFileSync(DESCRIPTOR_SOURCE, 'utf8')) as unknown;
    expect(descriptorProblems(raw)).toEqual([]);
    expect(descriptor.name).toBe(PLUGIN_NAME);
    expect(descriptor.url).toBe(`${PLUGIN_URL_PREFIX}${PAGES.hostPage}`);
    expect(descriptor.resourcePath).toBe('ops-center-resources');
    expect(BASE).toBe('/ovirt-engine/webadmin/plugin/ops-center/');
  });

  it('catches what would make the engine skip the plugin or 404 every file', () => {
    expect(
      descriptorProblems({ ...descriptor, resourcePath: 'ops-center-resources/' }),
    ).toHaveLength(1);
    expect(descriptorProblems({ ...descriptor, resourcePath: './x' })).toHaveLength(1);
    expect(descriptorProblems({ ...descriptor, name: ' ' }).length).toBeGreaterThan(0);
    expect(descriptorProblems({ ...descriptor, config: [] })).toHaveLength(1);
    expect(descriptorProblems({ ...descriptor, lazyLoad: 'true' })).toHaveLength(1);
  });
});

describe('build entries ↔ pages ↔ host page URLs', () => {
  it('builds exactly the pages in PAGES, from flat entry files that exist', () => {
    const inputs = [HOST_PAGE_INPUT, ...Object.values(PAGE_INPUTS)];
    expect(inputs.map((p) => p.slice(ENTRIES_DIR.length + 1)).sort()).toEqual(
      Object.values(PAGES).sort(),
    );
    const htmlFiles = readdirSync(ENTRIES_DIR).filter((f) => f.endsWith('.html'));
    expect(htmlFiles.sort()).toEqual(Object.values(PAGES).sort());
    for (const file of htmlFiles) {
      const html = readFileSync(join(ENTRIES_DIR, file), 'utf8');
      const script = /<script type="module" src="([^"]+)"/.exec(html)?.[1];
      expect(script, file).toBeDefined();
      expect(existsSync(resolve(ENTRIES_DIR, script ?? '')), `${file} → ${String(script)}`).toBe(
        true,
      );
      expect(html.includes('<link'), `${file} must not link CSS directly`).toBe(false);
    }
  });

  it('registers only URLs of built pages, and reaches every page', () => {
    const urls = registeredUrls();
    const pages = new Set(urls.map((u) => u.replace(/#.*$/, '')));
    for (const url of urls) {
      expect(url.startsWith(PLUGIN_URL_PREFIX), url).toBe(true);
      expect(url.includes('#'), `${url} keeps a hash so context changes do not reload`).toBe(true);
    }
    const expected = Object.values(PAGES)
      // The operations runner is loaded by the host page itself, never registered with WebAdmin.
      .filter((p) => p !== PAGES.hostPage && p !== PAGES.operationsRunner)
      .map((p) => `${PLUGIN_URL_PREFIX}${p}`);
    expect([...pages].sort()).toEqual(expected.sort());
  });
});

describe('engine path rules', () => {
  it('accepts our layout and rejects what the engine would 404 or mis-type', () => {
    expect(pathProblem('ops-center-resources', 'assets/vendor-AbC_12-x.js')).toBeUndefined();
    expect(pathProblem('ops-center-resources', 'plugin.html')).toBeUndefined();
    expect(pathProblem('ops-center-resources', '../etc/passwd.js')).toMatch(/\.\./);
    expect(pathProblem('ops-center-resources', 'assets//x.js')).toMatch(/\/\//);
    expect(pathProblem('ops-center-resources', 'assets./x.js')).toMatch(/\.\//);
    expect(pathProblem('ops-center-resources', 'assets/x.js.map')).toMatch(/extension/);
    expect(pathProblem('ops-center-resources', 'assets/x.mjs')).toMatch(/extension/);
    expect(pathProblem('ops-center-resources', 'assets/font.woff')).toMatch(/extension/);
    expect(pathProblem('ops-center-resources', `${'a'.repeat(500)}.js`)).toMatch(/512/);
  });
});

describe('measureStartupWeight', () => {
  function fixture(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'oc-weight-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  }

  it("follows the host page's scripts and their static imports, not dynamic ones", () => {
    const dir = fixture({
      'plugin.html': `<script type="module" src="${BASE}assets/a.js"></script>`,
      'assets/a.js': 'import{x}from"./b.js";import("./lazy.js");x();',
      'assets/b.js': 'export const x=()=>1;',
      'assets/lazy.js': 'export default 1;',
    });
    const weight = measureStartupWeight(dir, BASE);
    expect(weight.files.map((f) => f.path)).toEqual(['plugin.html', 'assets/a.js', 'assets/b.js']);
    expect(weight.requests).toBe(3);
    expect(weight.problems).toEqual([]);
  });

  it('flags CSS, PatternFly/React code and an overweight start', () => {
    const dir = fixture({
      'plugin.html': `<link rel="stylesheet" href="${BASE}assets/s.css"><script type="module" src="${BASE}assets/a.js"></script>`,
      'assets/s.css': '.pf-v6-c-button{}',
      'assets/a.js': `const e=Symbol.for("react.element");${randomBytes(6000).toString('hex')}`,
    });
    const problems = measureStartupWeight(dir, BASE).problems.join('\n');
    expect(problems).toMatch(/loads CSS/);
    expect(problems).toMatch(/React or PatternFly/);
    expect(problems).toMatch(/exceeds 4096/);
  });
});
