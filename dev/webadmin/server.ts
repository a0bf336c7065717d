// The mock WebAdmin's Node side: the host page servlet (descriptor + override read per request,
// `pluginDefinitions` embedded like GwtHostPage.jsp), the plugin resource servlet with the
// engine's path rules (§4.4), the shell's own script, and the engine — simulated in-process
// (createEngineMiddleware, so its state survives page reloads) or a real one behind a proxy.

import { readFile, readdir, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngineMiddleware } from '../engine/middleware';
import type { Engine } from '../engine/model/engine';
import type { LoadedPlugin, PluginDefinition } from './descriptor';
import { contentTypeFor, isSanePath, lintResourceFiles, loadPlugin } from './descriptor';

const HERE = dirname(fileURLToPath(import.meta.url));
export const WEBADMIN_PATH = '/ovirt-engine/webadmin/';

export interface RealEngine {
  /** e.g. https://engine.example.com (no path). */
  url: string;
  token: string;
  userName: string;
  insecure: boolean;
}

export interface WebAdminServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The engine's ui-plugins directory: every top-level *.json is a descriptor. */
  distDir: string;
  /** The admin override for ops-center.json (`null`: none). Missing file = no override. */
  configFile: string | null;
  /** Simulated engine (mounted in-process) — or `real` for a proxied real engine. */
  engine?: Engine;
  real?: RealEngine;
  /** Default rule-28 timeout handed to the page (ms). */
  readyTimeoutMs?: number;
}

export interface WebAdminServer {
  url: string;
  close(): Promise<void>;
}

interface PluginFiles {
  loaded: LoadedPlugin;
  descriptorFile: string;
}

interface PageProblem {
  plugin: string;
  rule: number;
  severity: 'violation' | 'warning';
  message: string;
}

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
    else out.push(relative(base, full).split('\\').join('/'));
  }
  return out;
}

/** PluginDataManager: descriptors in distDir, user config `<basename>-config.json` (ours: --config). */
async function readPlugins(options: WebAdminServerOptions): Promise<PluginFiles[]> {
  let names: string[];
  try {
    names = (await readdir(options.distDir)).filter((n) => n.endsWith('.json')).sort();
  } catch {
    names = [];
  }
  const out: PluginFiles[] = [];
  for (const name of names) {
    const descriptorFile = join(options.distDir, name);
    const text = await readText(descriptorFile);
    if (text === null) continue;
    const userConfigFile =
      name === 'ops-center.json' && options.configFile !== null
        ? options.configFile
        : join(options.distDir, '..', 'etc-ui-plugins', name.replace('.json', '-config.json'));
    out.push({ loaded: loadPlugin(text, await readText(userConfigFile)), descriptorFile });
  }
  return out;
}

async function pageModel(options: WebAdminServerOptions) {
  const plugins = await readPlugins(options);
  const problems: PageProblem[] = [];
  const sorted = plugins
    .filter((p) => p.loaded.definition !== null)
    .sort((a, b) => a.loaded.order - b.loaded.order);
  const definitions: PluginDefinition[] = sorted.map(
    (p) => p.loaded.definition as PluginDefinition,
  );
  for (const p of plugins) {
    const plugin = p.loaded.descriptor?.name ?? basename(p.descriptorFile);
    for (const problem of p.loaded.problems) {
      problems.push({
        plugin,
        rule:
          problem.message.startsWith('resourcePath') || problem.message.includes('resourcePath')
            ? 30
            : 27,
        severity: problem.severity === 'error' ? 'violation' : 'warning',
        message: problem.message,
      });
    }
    const resourcePath = p.loaded.descriptor?.resourcePath;
    if (resourcePath !== undefined) {
      const files = await listFiles(join(options.distDir, resourcePath));
      for (const message of lintResourceFiles(resourcePath, files)) {
        problems.push({ plugin, rule: 30, severity: 'violation', message });
      }
    }
  }
  return { definitions, problems };
}

let shellBundle: Promise<string> | null = null;

/** The shell is plain TypeScript: bundled once per process with Vite (no config file). */
function buildShell(): Promise<string> {
  shellBundle ??= (async () => {
    const { build } = await import('vite');
    const result = await build({
      configFile: false,
      envDir: false,
      publicDir: false,
      root: join(HERE, 'shell'),
      logLevel: 'warn',
      build: {
        write: false,
        minify: false,
        sourcemap: 'inline',
        lib: { entry: join(HERE, 'shell', 'main.ts'), formats: ['es'], fileName: () => 'shell.js' },
      },
    });
    const outputs = Array.isArray(result) ? result : [result];
    for (const out of outputs) {
      if ('output' in out) {
        const chunk = out.output.find((o) => o.type === 'chunk');
        if (chunk && 'code' in chunk) return chunk.code;
      }
    }
    throw new Error('mock WebAdmin: the shell bundle produced no JavaScript');
  })();
  return shellBundle;
}

function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, ' ');
}

/** WebAdmin's own security headers (HeaderFilter). */
/** A plain site icon for the mock (a dark square with a light ring), answered at /favicon.ico. */
const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">' +
  '<rect width="16" height="16" rx="3" fill="#292e34"/>' +
  '<circle cx="8" cy="8" r="4.5" fill="none" stroke="#73bcf7" stroke-width="2"/></svg>';

function securityHeaders(res: ServerResponse): void {
  res.setHeader('X-Frame-Options', 'SAMEORIGIN');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-XSS-Protection', '1; mode=block');
}

function notFound(res: ServerResponse): void {
  res.statusCode = 404;
  res.end();
}

/** PluginResourceServlet + ServletUtils.sendFile (§4.4). */
async function servePluginFile(
  options: WebAdminServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
  pathInfo: string,
): Promise<void> {
  securityHeaders(res);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathInfo);
  } catch {
    notFound(res);
    return;
  }
  const slash = decoded.indexOf('/');
  const name = slash < 0 ? decoded : decoded.slice(0, slash);
  const rest = slash < 0 ? '' : decoded.slice(slash + 1);
  const plugin = (await readPlugins(options)).find((p) => p.loaded.descriptor?.name === name);
  const resourcePath = plugin?.loaded.descriptor?.resourcePath;
  if (resourcePath === undefined || !isSanePath(`${resourcePath}/${rest}`)) {
    notFound(res);
    return;
  }
  const file = resolve(options.distDir, resourcePath, rest);
  let info;
  try {
    info = await stat(file);
  } catch {
    notFound(res);
    return;
  }
  if (!info.isFile()) {
    notFound(res);
    return;
  }
  // CachingFilter `no-cache` for .*/plugin/.* and the weak ETag of ServletUtils.sendFile.
  const etag = `W/"${String(info.size)}-${String(Math.floor(info.mtimeMs))}"`;
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Pragma', 'no-cache');
  res.setHeader('Expires', 'Thu, 01 Jan 1970 00:00:00 GMT');
  res.setHeader('ETag', etag);
  if (req.headers['if-none-match'] === etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.setHeader('Content-Type', contentTypeFor(file));
  res.setHeader('Content-Length', String(info.size));
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  res.end(await readFile(file));
}

async function renderHostPage(
  options: WebAdminServerOptions,
  res: ServerResponse,
  bootUser: () => Promise<{ token: string; userName: string; userId: string }>,
): Promise<void> {
  const { definitions, problems } = await pageModel(options);
  const user = await bootUser();
  const boot = {
    problems,
    realEngine: options.real ? options.real.url : null,
    readyTimeoutMs: options.readyTimeoutMs ?? 15000,
  };
  // The JSP embeds `pluginDefinitions` and `userInfo` (with the SSO token) as globals.
  const userInfo = { userName: user.userName, userId: user.userId, ssoToken: user.token };
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>oVirt Engine Web Administration (mock)</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${WEBADMIN_PATH}__shell/shell.css">
<script>
var pluginDefinitions = ${scriptJson(definitions)};
var userInfo = ${scriptJson(userInfo)};
var mockWebAdmin = ${scriptJson(boot)};
</script>
<script type="module" src="${WEBADMIN_PATH}__shell/shell.js"></script>
</head>
<body></body>
</html>
`;
  securityHeaders(res);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(html);
}

interface ProxyResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One HTTP(S) request with an optional self-signed-certificate allowance. */
export function engineRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; insecure?: boolean },
): Promise<ProxyResponse> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolvePromise, reject) => {
    const req = send(
      target,
      {
        method: init.method ?? 'GET',
        headers: init.headers,
        rejectUnauthorized: init.insecure !== true,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolvePromise({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** SSO password grant (§1.4 option 2). Bad credentials come back as 400, not 401. */
export async function signIn(
  engineUrl: string,
  user: string,
  password: string,
  insecure: boolean,
): Promise<string> {
  const body = new URLSearchParams({
    grant_type: 'password',
    scope: 'ovirt-app-api',
    username: user,
    password,
  }).toString();
  const res = await engineRequest(`${engineUrl.replace(/\/+$/, '')}/ovirt-engine/sso/oauth/token`, {
    method: 'POST',
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body,
    insecure,
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body.toString('utf8'));
  } catch {
    parsed = null;
  }
  const token =
    typeof parsed === 'object' && parsed !== null && 'access_token' in parsed
      ? parsed.access_token
      : undefined;
  if (res.status !== 200 || typeof token !== 'string') {
    const reason =
      typeof parsed === 'object' && parsed !== null && 'error' in parsed
        ? String(parsed.error)
        : `HTTP ${String(res.status)}`;
    throw new Error(`SSO sign-in to ${engineUrl} failed: ${reason}`);
  }
  return token;
}

/** Pass /ovirt-engine/api to the real engine, keeping the 3.x session cookie usable on http. */
function proxy(real: RealEngine, req: IncomingMessage, res: ServerResponse): void {
  const target = new URL(req.url ?? '/', real.url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers = { ...req.headers, host: target.host };
  delete headers.origin;
  delete headers.referer;
  const upstream = send(
    target,
    { method: req.method, headers, rejectUnauthorized: !real.insecure },
    (up) => {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(up.headers)) {
        if (v === undefined) continue;
        if (k === 'set-cookie') {
          const cookies = Array.isArray(v) ? v : [v];
          out[k] = cookies.map((c) =>
            c.replace(/;\s*Secure/gi, '').replace(/;\s*Domain=[^;]*/gi, ''),
          );
        } else {
          out[k] = v;
        }
      }
      res.writeHead(up.statusCode ?? 502, out);
      up.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.statusCode = 502;
    res.end();
  });
  req.pipe(upstream);
}

async function authenticatedUserId(
  origin: string,
  token: string,
  insecure: boolean,
): Promise<string> {
  try {
    const res = await engineRequest(`${origin}/ovirt-engine/api`, {
      headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
      insecure,
    });
    const root = JSON.parse(res.body.toString('utf8')) as { authenticated_user?: { id?: unknown } };
    const id = root.authenticated_user?.id;
    if (typeof id === 'string') return id;
  } catch {
    // fall through: the id is informational for loginUserId()
  }
  return '00000000-0000-0000-0000-000000000000';
}

export async function startWebAdmin(options: WebAdminServerOptions): Promise<WebAdminServer> {
  const { host = '127.0.0.1', port = 5173 } = options;
  const engineMiddleware = options.engine ? createEngineMiddleware(options.engine) : null;
  const shellCss = await readFile(join(HERE, 'shell', 'shell.css'), 'utf8');
  await buildShell();
  let selfUrl = '';
  let userId: string | null = null;

  const bootUser = async () => {
    if (options.real) {
      userId ??= await authenticatedUserId(
        options.real.url,
        options.real.token,
        options.real.insecure,
      );
      return { token: options.real.token, userName: options.real.userName, userId };
    }
    if (!options.engine) throw new Error('mock WebAdmin needs an engine');
    // What the host page servlet does: a token for this page load, embedded in the page.
    const token = options.engine.issueToken();
    userId ??= await authenticatedUserId(selfUrl, token, false);
    return { token, userName: 'admin@internal', userId };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (
      path === '/' ||
      path === '/ovirt-engine' ||
      path === '/ovirt-engine/' ||
      path === '/ovirt-engine/webadmin'
    ) {
      res.writeHead(302, { Location: WEBADMIN_PATH + url.search });
      res.end();
      return;
    }
    // The engine's web server has a site icon; without one every page opened directly (a plugin
    // page in its own tab) logs a 404 for it.
    if (path === '/favicon.ico') {
      res.setHeader('Content-Type', 'image/svg+xml');
      res.setHeader('Cache-Control', 'max-age=86400');
      res.end(FAVICON_SVG);
      return;
    }
    if (path === WEBADMIN_PATH || path === `${WEBADMIN_PATH}WebAdmin.html`) {
      await renderHostPage(options, res, bootUser);
      return;
    }
    if (path === `${WEBADMIN_PATH}__shell/shell.js`) {
      res.setHeader('Content-Type', 'application/javascript');
      res.setHeader('Cache-Control', 'no-store');
      res.end(await buildShell());
      return;
    }
    if (path === `${WEBADMIN_PATH}__shell/shell.css`) {
      res.setHeader('Content-Type', 'text/css');
      res.setHeader('Cache-Control', 'no-store');
      res.end(shellCss);
      return;
    }
    if (path.startsWith(`${WEBADMIN_PATH}plugin/`)) {
      await servePluginFile(
        options,
        req,
        res,
        (req.url ?? '').split('?')[0]?.slice(`${WEBADMIN_PATH}plugin/`.length) ?? '',
      );
      return;
    }
    if (
      options.real &&
      (path.startsWith('/ovirt-engine/api') || path.startsWith('/ovirt-engine/sso/'))
    ) {
      proxy(options.real, req, res);
      return;
    }
    if (engineMiddleware) {
      engineMiddleware(req, res, (error) => {
        if (res.headersSent) {
          res.end();
          return;
        }
        res.statusCode = error === undefined ? 404 : 500;
        res.end();
      });
      return;
    }
    notFound(res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      process.stderr.write(`mock WebAdmin: ${String(error)}\n`);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const address = server.address() as AddressInfo;
  selfUrl = `http://${host}:${String(address.port)}`;
  return {
    url: selfUrl,
    close: () =>
      new Promise<void>((resolvePromise, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolvePromise();
        });
        server.closeAllConnections();
      }),
  };
}
