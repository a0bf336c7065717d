/**
 * What the engine accepts from a UI plugin bundle (shared/reference/webadmin-plugin-api.md §4),
 * checked by the build (vite.config.ts), `npm run build`'s weight report and the unit tests.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Served with a correct type by a stock /etc/mime.types; anything else risks nosniff blocking it. */
export const ALLOWED_EXTENSIONS = [
  '.html',
  '.js',
  '.css',
  '.json',
  '.svg',
  '.woff2',
  '.png',
] as const;

/** The host page plus everything it loads before ready(): gzip bytes. */
export const STARTUP_BUDGET_GZIP = 4096;

/**
 * The engine's `ServletUtils.isSane` on `resourcePath + "/" + path`: at most 512 characters and
 * no `..`, `//` or `./` anywhere (§4.4). Returns the reason a path fails, or undefined.
 */
export function pathProblem(resourcePath: string, path: string): string | undefined {
  const full = `${resourcePath}/${path}`;
  if (full.length > 512) return `longer than 512 characters (${full.length})`;
  for (const bad of ['..', '//', './']) if (full.includes(bad)) return `contains "${bad}"`;
  if (!ALLOWED_EXTENSIONS.some((ext) => path.endsWith(ext)))
    return `extension not in ${ALLOWED_EXTENSIONS.join(' ')}`;
  return undefined;
}

/** Every file under `dir`, as POSIX paths relative to it. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join(posix.sep));
    }
  };
  walk(dir);
  return out.sort();
}

export interface Descriptor {
  name: string;
  url: string;
  resourcePath: string;
  lazyLoad: boolean;
  config: Record<string, unknown>;
}

/** The engine's descriptor validation (§4.2), plus our own layout expectations. */
export function descriptorProblems(value: unknown): string[] {
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null) return ['descriptor is not a JSON object'];
  const d = value as Record<string, unknown>;
  if (typeof d.name !== 'string' || d.name.trim() === '')
    problems.push('name must be a non-empty string');
  if (typeof d.url !== 'string' || d.url.trim() === '')
    problems.push('url must be a non-empty string');
  if (typeof d.config !== 'object' || d.config === null || Array.isArray(d.config))
    problems.push('config must be an object');
  if (typeof d.resourcePath !== 'string' || d.resourcePath.trim() === '')
    problems.push('resourcePath must be a non-empty string');
  else if (d.resourcePath.endsWith('/') || d.resourcePath.startsWith('./'))
    problems.push('resourcePath must not end with "/" or start with "./"');
  if (typeof d.lazyLoad !== 'boolean') problems.push('lazyLoad must be a boolean');
  if (typeof d.name === 'string' && d.url !== `plugin/${d.name}/plugin.html`)
    problems.push(`url must be plugin/${d.name}/plugin.html`);
  return problems;
}

export interface StartupFile {
  path: string;
  raw: number;
  gzip: number;
}

export interface StartupWeight {
  files: StartupFile[];
  raw: number;
  gzip: number;
  requests: number;
  problems: string[];
}

const gz = (buf: Buffer): number => gzipSync(buf, { level: 9 }).length;

/**
 * Follows plugin.html's scripts, stylesheets and modulepreloads, then every static `import` of
 * those scripts (dynamic `import()` loads later, when a page needs it): that is what WebAdmin
 * downloads before our `ready()`. Each file is gzipped on its own, as a server would send it.
 */
export function measureStartupWeight(
  resourcesDir: string,
  base: string,
  hostPage = 'plugin.html',
): StartupWeight {
  const problems: string[] = [];
  const seen = new Map<string, StartupFile>();
  const toLocal = (url: string, from: string): string | undefined => {
    if (/^[a-z]+:/i.test(url)) {
      problems.push(`${from} loads an absolute URL: ${url}`);
      return undefined;
    }
    if (url.startsWith(base)) return url.slice(base.length);
    if (url.startsWith('/')) {
      problems.push(`${from} loads ${url} outside ${base}`);
      return undefined;
    }
    return posix.normalize(posix.join(posix.dirname(from), url));
  };
  const visit = (path: string): void => {
    if (seen.has(path)) return;
    const buf = readFileSync(join(resourcesDir, path));
    seen.set(path, { path, raw: buf.length, gzip: gz(buf) });
    const text = buf.toString('utf8');
    if (path.endsWith('.css')) problems.push(`the host page loads CSS: ${path}`);
    if (/Symbol\.for\(["']react\.|__REACT_DEVTOOLS|pf-v6-/.test(text))
      problems.push(`${path} contains React or PatternFly code`);
    const refs: string[] = [];
    if (path.endsWith('.html')) {
      for (const m of text.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g))
        if (m[1]) refs.push(m[1]);
    } else if (path.endsWith('.js')) {
      // Static imports only: `import x from "./a.js"`, `import "./a.js"`, `export … from "./a.js"`.
      for (const m of text.matchAll(
        /(?:^|[;}\s])(?:import|export)\s*(?:[^'"();=]*?from\s*)?["']([^"']+)["']/gm,
      ))
        if (m[1]) refs.push(m[1]);
    }
    for (const ref of refs) {
      const local = toLocal(ref, path);
      if (local !== undefined) visit(local);
    }
  };
  visit(hostPage);
  const files = [...seen.values()];
  const raw = files.reduce((s, f) => s + f.raw, 0);
  const gzip = files.reduce((s, f) => s + f.gzip, 0);
  if (gzip > STARTUP_BUDGET_GZIP)
    problems.push(`startup weight ${gzip} B gzip exceeds ${STARTUP_BUDGET_GZIP} B`);
  return { files, raw, gzip, requests: files.length, problems };
}
