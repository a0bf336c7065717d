/**
 * Multi-page build of the plugin: one HTML entry per page in src/entries/ (flat, so the built
 * files are `dist/ops-center-resources/<page>.html`), hashed shared assets under `assets/`, and
 * the descriptor written to `dist/ops-center.json`. See plugin-descriptor/README.txt.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build, defineConfig } from 'vite';
import type { Plugin, UserConfig } from 'vite';
import { PAGES } from './src/plugin-api/pages';
import { hostPageMessages } from './src/messages/hostPage';
import { descriptorProblems, pathProblem } from './scripts/bundleRules';
import { UNUSED_MODIFIERS, liveCustomProperties, pruneCss, usedClasses } from './scripts/cssPrune';
import type { Descriptor } from './scripts/bundleRules';

const here = dirname(fileURLToPath(import.meta.url));
export const ENTRIES_DIR = resolve(here, 'src/entries');
export const DIST_DIR = resolve(here, 'dist');
export const DESCRIPTOR_SOURCE = resolve(here, 'plugin-descriptor/ops-center.json');

export function readDescriptor(): Descriptor {
  const descriptor = JSON.parse(readFileSync(DESCRIPTOR_SOURCE, 'utf8')) as Descriptor;
  const problems = descriptorProblems(descriptor);
  if (problems.length > 0) throw new Error(`plugin-descriptor: ${problems.join('; ')}`);
  return descriptor;
}

const descriptor = readDescriptor();
export const BASE = `/ovirt-engine/webadmin/plugin/${descriptor.name}/`;
export const RESOURCES_DIR = resolve(DIST_DIR, descriptor.resourcePath);

/**
 * Entry name → HTML file for the pages (every page but the host page), from the one page list
 * the host page also uses.
 */
export const PAGE_INPUTS: Record<string, string> = Object.fromEntries(
  Object.entries(PAGES)
    .filter(([id]) => id !== 'hostPage')
    .map(([id, file]) => [id, resolve(ENTRIES_DIR, file)]),
);
export const HOST_PAGE_INPUT = resolve(ENTRIES_DIR, PAGES.hostPage);

/** Fails the build on any file the engine would refuse or mis-serve (§4.4). */
function engineLayout(): Plugin {
  return {
    name: 'ops-center-engine-layout',
    apply: 'build',
    generateBundle(_options, bundle) {
      const problems = Object.keys(bundle)
        .map((file) => [file, pathProblem(descriptor.resourcePath, file)] as const)
        .filter(([, problem]) => problem !== undefined)
        .map(([file, problem]) => `${file}: ${String(problem)}`);
      if (problems.length > 0)
        this.error(`files the engine would not serve:\n${problems.join('\n')}`);
    },
  };
}

/**
 * Drops PatternFly CSS no page can use: theme variants (dark, high contrast, felt, glass; our pages
 * never set a theme class), rules for `pf-v6-…` classes no emitted JS mentions (the pficon font
 * classes, AI/“thinking” helpers), and `--pf-…` custom properties that no emitted CSS or JS reads. This
 * is about a quarter of PatternFly's base CSS, which every page loads. See scripts/cssPrune.ts.
 */
function prunePatternFlyCss(): Plugin {
  return {
    name: 'ops-center-prune-patternfly-css',
    apply: 'build',
    generateBundle(_options, bundle) {
      const css = Object.values(bundle).filter(
        (f): f is typeof f & { type: 'asset' } => f.type === 'asset' && f.fileName.endsWith('.css'),
      );
      const js = Object.values(bundle).flatMap((f) => (f.type === 'chunk' ? [f.code] : []));
      const used = usedClasses(js);
      // Rules first, then the custom properties only the dropped rules read.
      for (const file of css)
        file.source = pruneCss(String(file.source), undefined, used, UNUSED_MODIFIERS);
      const live = liveCustomProperties(
        css.map((f) => String(f.source)),
        js,
      );
      for (const file of css) file.source = pruneCss(String(file.source), live);
    },
  };
}

const shared: UserConfig = {
  root: ENTRIES_DIR,
  base: BASE,
  publicDir: false,
  build: {
    outDir: RESOURCES_DIR,
    sourcemap: false,
    target: 'es2022',
    // Every browser WebAdmin 4.x supports has native modulepreload; the polyfill would be one
    // more script for every page.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
};

/**
 * The host page is built on its own, after the pages, as ONE self-contained script: shared with
 * the pages, its modules would land in common chunks holding page-only code (more bytes and more
 * requests before `ready()`), and nothing from React or PatternFly can leak into it. The
 * non-English labels (`src/messages/host-page/<locale>.json`) are written next to it as
 * `assets/host-page-<locale>-<hash>.json`, a bare list of texts; it fetches one of them when
 * WebAdmin runs in that locale and keeps it in localStorage under that URL. `<hash>` covers all
 * ten files and the English key order, and is compiled into the host page
 * (`import.meta.env.OC_LABELS_HASH`): a change to any label gives new URLs, a new host page
 * script, and a cache miss after the upgrade.
 */
function hostPageBuild(): Plugin {
  return {
    name: 'ops-center-host-page',
    apply: 'build',
    async closeBundle() {
      const labels = resolve(here, 'src/messages/host-page');
      const labelFiles = readdirSync(labels)
        .filter((n) => n.endsWith('.json'))
        .sort();
      // Each file is written as its texts in the order of the English keys (half the bytes of
      // the keyed JSON); that order is part of the hash, so a cached list always matches it.
      const order = Object.keys(hostPageMessages.en);
      const hash = createHash('sha256').update(`${order.join(',')}\0`);
      for (const name of labelFiles)
        hash.update(`${name}\0`).update(readFileSync(resolve(labels, name)));
      const labelsHash = hash.digest('hex').slice(0, 8);
      await build({
        ...shared,
        configFile: false,
        logLevel: 'warn',
        plugins: [engineLayout()],
        define: { 'import.meta.env.OC_LABELS_HASH': JSON.stringify(labelsHash) },
        build: {
          ...shared.build,
          emptyOutDir: false,
          modulePreload: false,
          rolldownOptions: {
            input: { hostPage: HOST_PAGE_INPUT },
            output: { entryFileNames: 'assets/[name]-[hash].js', codeSplitting: false },
          },
        },
      });
      for (const name of labelFiles) {
        const source = readFileSync(resolve(labels, name), 'utf8');
        const texts = JSON.parse(source) as Record<string, unknown>;
        const file = `host-page-${name.replace(/\.json$/, '')}-${labelsHash}.json`;
        writeFileSync(
          resolve(RESOURCES_DIR, 'assets', file),
          JSON.stringify(order.map((key) => texts[key] ?? null)),
        );
      }
      mkdirSync(DIST_DIR, { recursive: true });
      writeFileSync(
        resolve(DIST_DIR, `${descriptor.name}.json`),
        `${JSON.stringify(descriptor, null, 2)}\n`,
      );
    },
  };
}

/**
 * One page per build. Each page is its own document (a WebAdmin iframe), so nothing is gained by
 * cutting its code into chunks shared with other pages: the engine serves plugin files `no-cache`,
 * and every extra file is one more revalidation round trip on every open (issue 14). Built alone,
 * a page's static graph is ONE script and ONE stylesheet; what it loads later (`import()`) gets its
 * own chunks. Within a page every module exists once (React, the QueryClient, the messages
 * catalogue, the operations store are never duplicated, since Rolldown never copies a module
 * between chunks of one build); across pages the same library code is in several files, which
 * costs bytes once per upgrade but no request per open. The CSS pruning also runs per page, so a
 * page ships only the PatternFly rules its own code can use.
 */
function pageBuild(input: string): UserConfig {
  return {
    ...shared,
    logLevel: 'warn',
    plugins: [react(), prunePatternFlyCss(), engineLayout()],
    build: {
      ...shared.build,
      emptyOutDir: false,
      chunkSizeWarningLimit: 2048,
      rolldownOptions: {
        input: { [input]: PAGE_INPUTS[input] ?? '' },
        output: {
          entryFileNames: 'assets/[name]-[hash].js',
          chunkFileNames: 'assets/[name]-[hash].js',
          assetFileNames: 'assets/[name]-[hash][extname]',
        },
      },
    },
  };
}

/** The pages after the first (the main place, built by the config itself), one build each. */
function otherPagesBuild(): Plugin {
  return {
    name: 'ops-center-other-pages',
    apply: 'build',
    async closeBundle() {
      for (const id of Object.keys(PAGE_INPUTS).filter((id) => id !== FIRST_PAGE))
        await build({ ...pageBuild(id), configFile: false });
    },
  };
}

const FIRST_PAGE = 'main';
const first = pageBuild(FIRST_PAGE);

export default defineConfig({
  ...first,
  logLevel: undefined,
  // Order matters: the other pages are built before the host page's closeBundle writes the
  // descriptor, and after this build emptied the output directory.
  plugins: [...(first.plugins ?? []), otherPagesBuild(), hostPageBuild()],
  build: { ...first.build, emptyOutDir: true },
});
