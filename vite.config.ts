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
import type { HtmlTagDescriptor, Plugin, UserConfig } from 'vite';
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

/**
 * A page whose entry is a boot script (`src/tabs/<page>/boot.ts`, issue 14) imports the page
 * itself with `import()`, after starting its first engine reads. Without help the browser would
 * only discover that chunk once the boot script has run; this puts a modulepreload for it (and a
 * preload for its CSS) in the HTML, so the page's code and styles download alongside the
 * boot script and the engine's answers. The stylesheet is preloaded and applied by the boot
 * script (shared/boot/pageStyles.ts), so that it does not hold the boot script back.
 */
function preloadBootedPage(): Plugin {
  return {
    name: 'ops-center-preload-booted-page',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const entry = ctx.chunk;
        const bundle = ctx.bundle;
        if (!entry || !bundle) return [];
        // The HTML is the facade; its one script is the boot script.
        if (!Object.keys(entry.modules).some((id) => /[\\/]boot\.ts$/.test(id))) return [];
        const tags: HtmlTagDescriptor[] = [];
        const seen = new Set<string>([entry.fileName]);
        const visit = (fileName: string): void => {
          if (seen.has(fileName)) return;
          seen.add(fileName);
          const chunk = bundle[fileName];
          if (chunk?.type !== 'chunk') return;
          chunk.imports.forEach(visit);
          tags.push({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `${BASE}${fileName}` },
            injectTo: 'head',
          });
          // Preloaded, not linked: a stylesheet link would hold the boot script back until it
          // has loaded; the boot script applies it (shared/boot/pageStyles.ts).
          for (const css of chunk.viteMetadata?.importedCss ?? [])
            tags.push({
              tag: 'link',
              attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `${BASE}${css}` },
              injectTo: 'head',
            });
        };
        // The page itself, not the other lazy parts the boot script can load (locales).
        entry.dynamicImports
          .filter((fileName) => {
            const chunk = bundle[fileName];
            return (
              chunk?.type === 'chunk' &&
              Object.keys(chunk.modules).some((id) => /[\\/]main\.tsx$/.test(id))
            );
          })
          .forEach(visit);
        return tags;
      },
    },
  };
}

/**
 * Every page's text is set in Red Hat Text (PatternFly's body face), which the browser would only
 * request once the stylesheet is parsed and the first text laid out; a preload in the HTML fetches
 * it alongside the code, so the first paint does not wait for it or flash a fallback face. Only
 * that face: headings and monospace text are rare on first paint, italics rarer, and a preload of
 * a face the page does not render would be bytes for nothing.
 */
function preloadTextFont(): Plugin {
  return {
    name: 'ops-center-preload-text-font',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const font = Object.keys(ctx.bundle ?? {}).find((f) =>
          /(?:^|\/)RedHatTextVF-[A-Za-z0-9_-]+\.woff2$/.test(f),
        );
        if (font === undefined) return [];
        return [
          {
            tag: 'link',
            attrs: {
              rel: 'preload',
              as: 'font',
              type: 'font/woff2',
              crossorigin: true,
              href: `${BASE}${font}`,
            },
            injectTo: 'head',
          },
        ];
      },
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
async function pageBuild(input: string): Promise<UserConfig> {
  const grouping = await bootedPageGrouping(PAGE_INPUTS[input] ?? '');
  return {
    ...shared,
    logLevel: 'warn',
    plugins: [
      react(),
      prunePatternFlyCss(),
      engineLayout(),
      preloadBootedPage(),
      preloadTextFont(),
    ],
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
          codeSplitting: {
            // Not the boot script's own modules, which the page's modules import too.
            groups: [
              { name: grouping, debugName: 'booted page', includeDependenciesRecursively: false },
            ],
          },
        },
      },
    },
  };
}

type ModuleInfoOf = (id: string) => {
  importedIds: readonly string[];
  dynamicallyImportedIds: readonly string[];
} | null;

/** The boot script an entry HTML loads (`<script type="module" src="…/boot.ts">`), if any. */
function bootScriptOf(html: string): string | undefined {
  const src = /<script\b[^>]*\bsrc="([^"]*\/boot\.ts)"/.exec(readFileSync(html, 'utf8'))?.[1];
  return src === undefined ? undefined : resolve(dirname(html), src);
}

/**
 * A booted page's modules that its first paint needs: what its `main.tsx` chunk and the chunks
 * it imports statically hold when built on its own (a first, unwritten build). Computed from the output, after tree-shaking, rather
 * than from the import graph, where PatternFly's index re-exports every component.
 */
async function firstPaintModules(boot: string): Promise<Set<string>> {
  const out = await build({
    ...shared,
    configFile: false,
    logLevel: 'silent',
    plugins: [react()],
    build: {
      ...shared.build,
      write: false,
      emptyOutDir: false,
      rolldownOptions: { input: resolve(dirname(boot), 'main.tsx') },
    },
  });
  // The entry chunk and every chunk it imports statically (Rolldown puts modules the entry
  // shares with lazy parts in a common chunk).
  const chunks = new Map<string, { imports: string[]; modules: Record<string, unknown> }>();
  let entry: string | undefined;
  for (const result of Array.isArray(out) ? out : [out])
    if ('output' in result)
      for (const chunk of result.output)
        if (chunk.type === 'chunk') {
          chunks.set(chunk.fileName, chunk);
          if (chunk.isEntry) entry = chunk.fileName;
        }
  const modules = new Set<string>();
  const queue = entry === undefined ? [] : [entry];
  const seen = new Set<string>();
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    const chunk = chunks.get(name);
    if (seen.has(name) || !chunk) continue;
    seen.add(name);
    for (const id of Object.keys(chunk.modules)) modules.add(id);
    queue.push(...chunk.imports);
  }
  return modules;
}

/**
 * For a page with a boot script: everything the page's first paint needs goes into ONE chunk,
 * `page` (with one stylesheet), rather than being split by which of the page's own lazy parts
 * (the Hosts view, the VM view's dialogs) also use it; modules the boot script itself needs stay
 * in the boot chunk, which must not wait for the page's code.
 */
async function bootedPageGrouping(
  html: string,
): Promise<(id: string, ctx: { getModuleInfo: ModuleInfoOf }) => string | null> {
  const boot = bootScriptOf(html);
  if (boot === undefined) return () => null;
  const page = await firstPaintModules(boot);
  let bootStatic: Set<string> | undefined;
  return (id, ctx) => {
    if (bootStatic === undefined) {
      bootStatic = new Set();
      const queue = [boot];
      for (let m = queue.pop(); m !== undefined; m = queue.pop()) {
        if (bootStatic.has(m)) continue;
        bootStatic.add(m);
        queue.push(...(ctx.getModuleInfo(m)?.importedIds ?? []));
      }
    }
    return page.has(id) && !bootStatic.has(id) ? 'page' : null;
  };
}

/** The pages after the first (the main place, built by the config itself), one build each. */
function otherPagesBuild(): Plugin {
  return {
    name: 'ops-center-other-pages',
    apply: 'build',
    async closeBundle() {
      for (const id of Object.keys(PAGE_INPUTS).filter((id) => id !== FIRST_PAGE))
        await build({ ...(await pageBuild(id)), configFile: false });
    },
  };
}

const FIRST_PAGE = 'main';
export default defineConfig(async () => {
  const first = await pageBuild(FIRST_PAGE);
  return {
    ...first,
    logLevel: undefined,
    // Order matters: the other pages are built before the host page's closeBundle writes the
    // descriptor, and after this build emptied the output directory.
    plugins: [...(first.plugins ?? []), otherPagesBuild(), hostPageBuild()],
    build: { ...first.build, emptyOutDir: true },
  };
});
