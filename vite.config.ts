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
import { liveCustomProperties, pruneCss, usedClasses } from './scripts/cssPrune';
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
      const live = liveCustomProperties(
        css.map((f) => String(f.source)),
        js,
      );
      const used = usedClasses(js);
      for (const file of css) file.source = pruneCss(String(file.source), live, used);
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

export default defineConfig({
  ...shared,
  plugins: [react(), prunePatternFlyCss(), engineLayout(), hostPageBuild()],
  build: {
    ...shared.build,
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
    rolldownOptions: {
      input: PAGE_INPUTS,
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
        // React and TanStack, which every page needs, in one chunk; PatternFly and our own code
        // split by what each page uses, so a detail tab does not load the dialogs' components.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|@tanstack)[\\/]/ },
          ],
        },
      },
    },
  },
});
