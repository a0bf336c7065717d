/**
 * The bench's loopback server: the built plugin at its WebAdmin path, the simulated engine
 * (same middleware the mock WebAdmin mounts), and two harness pages:
 * - `/bench/startup.html`: a stub `pluginApi` and the host page in an iframe, as WebAdmin loads it;
 *   records when the host page calls `ready()`.
 * - `/bench/baseline.html`: the naive grid, for comparison: reloads one page of VMs every 5 s, as
 *   WebAdmin's own grid does, and renders it as plain table rows.
 * - `/bench/dialog.html#token=<sso>&src=<page url>`: a stub `pluginApi` (real SSO token) and one
 *   plugin page in a visible iframe, as WebAdmin shows a plugin dialog; used by the browser bulk.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { createEngineMiddleware } from '../dev/engine/middleware';
import type { Engine } from '../dev/engine/model/engine';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};

const STARTUP_HTML = (base: string): string => `<!doctype html>
<html><head><meta charset="utf-8"><title>startup harness</title></head><body>
<script>
  window.__bench = { readyAt: undefined, t0: undefined };
  const api = {
    pluginName: 'ops-center',
    register() {}, options() {},
    ready() { window.__bench.readyAt = performance.now(); },
    configObject() { return {}; },
    loginUserName() { return 'admin@internal'; }, loginUserId() { return 'bench'; },
    ssoToken() { return 'bench'; }, engineBaseUrl() { return location.origin + '/ovirt-engine/'; },
    currentLocale() { return 'en-US'; }, currentPlace() { return 'vms'; },
    addPrimaryMenuPlace() {}, addSecondaryMenuPlace() {}, addDetailPlace() {},
    setPlaceContentUrl() {}, addMenuPlaceActionButton() {}, showDialog() {},
    setDialogContentUrl() {}, closeDialog() {}, showAlert() {}, showToast() {},
    revealPlace() {}, setSearchString() {},
    logger() { return { info() {}, warning() {}, severe() {} }; },
  };
  window.pluginApi = () => api;
  const frame = document.createElement('iframe');
  frame.style.display = 'none';
  window.__bench.t0 = performance.now();
  frame.src = '${base}plugin.html';
  document.body.appendChild(frame);
</script></body></html>`;

const DIALOG_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>dialog harness</title>
<style>html,body{margin:0;height:100%}iframe{border:0;width:100%;height:100%}</style></head><body>
<script>
  const params = new URLSearchParams(location.hash.slice(1));
  const noop = function () { return undefined; };
  const api = {
    pluginName: 'ops-center', register: noop, options: noop, ready: noop,
    configObject() { return {}; },
    loginUserName() { return 'admin@internal'; }, loginUserId() { return 'bench'; },
    ssoToken() { return params.get('token'); },
    engineBaseUrl() { return location.origin + '/ovirt-engine/'; },
    currentLocale() { return 'en-US'; }, currentPlace() { return 'vms'; },
    addPrimaryMenuPlace: noop, addSecondaryMenuPlace: noop, addDetailPlace: noop,
    setPlaceContentUrl: noop, addMenuPlaceActionButton: noop, showDialog: noop,
    setDialogContentUrl: noop, closeDialog: noop, showAlert: noop, showToast: noop,
    revealPlace: noop, setSearchString: noop,
    logger() { return { info: noop, warning: noop, severe: noop }; },
  };
  window.pluginApi = () => api;
  const frame = document.createElement('iframe');
  frame.name = 'dialog';
  frame.src = params.get('src');
  document.body.appendChild(frame);
</script></body></html>`;

const BASELINE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>naive grid</title></head><body>
<table><tbody id="rows"></tbody></table>
<script>
  const params = new URLSearchParams(location.hash.slice(1));
  const url = '/ovirt-engine/api/vms?' + params.get('query');
  const headers = { Accept: 'application/json', Authorization: 'Bearer ' + params.get('token') };
  const body = document.getElementById('rows');
  async function reload() {
    try {
      const res = await fetch(url, { headers });
      const data = await res.json();
      const rows = (data.vm || []).map((vm) => {
        const tr = document.createElement('tr');
        tr.dataset.vmId = vm.id;
        for (const v of [vm.name, vm.status, vm.host ? vm.host.id : '', vm.memory]) {
          const td = document.createElement('td');
          td.textContent = String(v ?? '');
          tr.appendChild(td);
        }
        return tr;
      });
      body.replaceChildren(...rows);
    } catch (e) { console.warn(e); }
  }
  reload();
  setInterval(reload, 5000);
</script></body></html>`;

export interface BenchServer {
  origin: string;
  close(): Promise<void>;
}

export async function startBenchServer(
  engine: Engine,
  resourcesDir: string,
  base: string,
  /** Node's default (16 KB) unless raised; see the browser bulk bench. */
  maxHeaderSize?: number,
): Promise<BenchServer> {
  const engineMiddleware = createEngineMiddleware(engine);
  const server = createServer(maxHeaderSize ? { maxHeaderSize } : {}, (req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    const send = (status: number, type: string, body: string): void => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (path === '/bench/startup.html') {
      send(200, TYPES['.html'] ?? '', STARTUP_HTML(base));
      return;
    }
    if (path === '/bench/dialog.html') {
      send(200, TYPES['.html'] ?? '', DIALOG_HTML);
      return;
    }
    if (path === '/bench/baseline.html') {
      send(200, TYPES['.html'] ?? '', BASELINE_HTML);
      return;
    }
    if (path.startsWith(base)) {
      const file = normalize(join(resourcesDir, path.slice(base.length)));
      if (file.startsWith(resourcesDir) && existsSync(file) && statSync(file).isFile()) {
        res.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'cache-control': 'no-store',
        });
        createReadStream(file).pipe(res);
        return;
      }
      send(404, 'text/plain', 'not found');
      return;
    }
    engineMiddleware(req, res, () => {
      send(404, 'text/plain', 'not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${String(port)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
