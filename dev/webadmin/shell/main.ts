// The WebAdmin-like page around the strict pluginApi: masthead, left nav, VM and host lists
// from the engine's REST API, detail tabs, toolbar and kebab buttons, dialogs, toasts, alerts,
// and the violations panel. Plain DOM: it is a dev tool, and plugin iframes must never be
// re-created by a re-render (moving an iframe in the DOM reloads it).

import type { ApiMode } from '../contract';
import { API_MODES, BUILT_IN_TOKENS, parseApiMode } from '../contract';
import type { PluginDefinition } from '../descriptor';
import type { EntityObject, RestCluster, RestHost, RestVm } from '../entities';
import { clusterEntity, hostEntity, vmEntity } from '../entities';
import type {
  ButtonRecord,
  ChangeKind,
  DialogRecord,
  MenuItem,
  PlaceRecord,
  Violation,
  WebAdminRuntime,
} from '../pluginApi';
import { createWebAdminRuntime } from '../pluginApi';
import type { ListId, WebAdminTestInterface } from '../testInterface';

interface Boot {
  problems: { plugin: string; rule: number; severity: 'violation' | 'warning'; message: string }[];
  realEngine: string | null;
  readyTimeoutMs: number;
}
interface UserInfo {
  userName: string;
  userId: string;
  ssoToken: string;
}

declare global {
  interface Window {
    pluginDefinitions: PluginDefinition[];
    userInfo: UserInfo;
    mockWebAdmin: Boot;
    pluginApi: unknown;
    __webadmin: WebAdminTestInterface;
  }
}

const ENTITY: Record<ListId, 'VirtualMachine' | 'Host' | 'Cluster'> = {
  vms: 'VirtualMachine',
  hosts: 'Host',
  clusters: 'Cluster',
};
const PREFIX: Record<ListId, string> = { vms: 'Vms:', hosts: 'Host:', clusters: 'Cluster:' };
const TITLE: Record<ListId, string> = {
  vms: 'Virtual Machines',
  hosts: 'Hosts',
  clusters: 'Clusters',
};
const LIST_IDS: readonly ListId[] = ['vms', 'hosts', 'clusters'];
const isListId = (token: string): token is ListId =>
  (LIST_IDS as readonly string[]).includes(token);
type Row = RestVm | RestHost | RestCluster;

interface ListState {
  id: ListId;
  rows: Row[];
  search: string;
  selected: string[];
  loading: boolean;
  error: string | null;
  activeTab: string;
  lastFired: string;
  /**
   * The entity a detail place names in the URL (`#<detail-token>;name=x`) when it was opened
   * directly: shown while nothing is selected, and no selection event fires for it.
   */
  direct: string;
}

export interface PageError {
  frame: string;
  message: string;
}

const params = new URLSearchParams(location.search);
const mode: ApiMode = parseApiMode(params.get('api'));
const refreshMs = Number(params.get('refresh') ?? '5000');
const boot = window.mockWebAdmin;
const user = window.userInfo;
const base = `${location.origin}/ovirt-engine/`;
const pageErrors: PageError[] = [];

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) el.append(c);
  return el;
}

function watchFrame(frame: HTMLIFrameElement, label: string): void {
  frame.addEventListener('load', () => {
    try {
      const win = frame.contentWindow;
      if (!win) return;
      win.addEventListener('error', (e) => {
        pageErrors.push({ frame: label, message: e.message });
      });
      win.addEventListener('unhandledrejection', (e) => {
        pageErrors.push({ frame: label, message: `unhandled rejection: ${String(e.reason)}` });
      });
    } catch {
      // cross-origin content: not ours to watch
    }
  });
}

function resolveUrl(url: string): string {
  return new URL(url, `${location.origin}/ovirt-engine/webadmin/`).href;
}

// ------------------------------------------------------------------ skeleton

const masthead = h('header', { class: 'oc-wa-masthead', role: 'banner' });
const nav = h('nav', { class: 'oc-wa-nav', 'aria-label': 'Main navigation' });
const alertsRegion = h('div', {
  class: 'oc-wa-alerts',
  id: 'oc-wa-alerts',
  role: 'region',
  'aria-label': 'Alerts',
});
const mainEl = h('main', { class: 'oc-wa-main', id: 'oc-wa-main' });
const toastsRegion = h('div', {
  class: 'oc-wa-toasts',
  id: 'oc-wa-toasts',
  role: 'region',
  'aria-label': 'Notifications',
});
const dialogsRegion = h('div', { id: 'oc-wa-dialogs' });
const violationsPanel = h('aside', {
  class: 'oc-wa-violations',
  id: 'oc-wa-violations',
  'aria-label': 'Plugin contract violations',
});
const loading = h(
  'div',
  { class: 'oc-wa-loading', id: 'oc-wa-loading', role: 'status' },
  'Loading plugins…',
);
const content = h('div', { class: 'oc-wa-content' }, alertsRegion, mainEl);
document.body.append(
  masthead,
  h('div', { class: 'oc-wa-body' }, nav, content),
  violationsPanel,
  toastsRegion,
  dialogsRegion,
  loading,
);

const views = new Map<string, HTMLElement>();
const lists: Record<ListId, ListState> = {
  vms: {
    id: 'vms',
    rows: [],
    search: '',
    selected: [],
    loading: false,
    error: null,
    activeTab: 'general',
    lastFired: '',
    direct: '',
  },
  hosts: {
    id: 'hosts',
    rows: [],
    search: '',
    selected: [],
    loading: false,
    error: null,
    activeTab: 'general',
    lastFired: '',
    direct: '',
  },
  clusters: {
    id: 'clusters',
    rows: [],
    search: '',
    selected: [],
    loading: false,
    error: null,
    activeTab: 'general',
    lastFired: '',
    direct: '',
  },
};
/** Clusters list columns WebAdmin shows: data center names, and hosts/VMs per cluster. */
const clusterExtras: { dataCenters: Map<string, string>; vms: Map<string, number> } = {
  dataCenters: new Map(),
  vms: new Map(),
};
let currentPlace = '';
let initialised = false;
let doNotDisturb = params.get('dnd') === '1';

// ------------------------------------------------------------------ runtime

// `?locale=de-DE` (or the selector in the masthead); WebAdmin reloads to change its locale.
const LOCALE =
  params.get('locale') ?? (navigator.language.includes('-') ? navigator.language : 'en-US');

const runtime: WebAdminRuntime = createWebAdminRuntime({
  mode,
  definitions: window.pluginDefinitions,
  user: { userName: user.userName, userId: user.userId, ssoToken: user.ssoToken },
  engineBaseUrl: base,
  locale: LOCALE,
  readyTimeoutMs: Number(params.get('readyTimeout') ?? String(boot.readyTimeoutMs)),
  // `?dnd=1`, or __webadmin.setDoNotDisturb(true): the notification drawer's "Do not disturb".
  doNotDisturb: () => doNotDisturb,
  host: {
    attachFrame(plugin, url) {
      // [PM] defineAndLoadPlugin: frameborder 0, absolute, 0pt × 0pt, appended to body.
      const frame = h('iframe', {
        src: resolveUrl(url),
        frameborder: '0',
        title: `${plugin} host page`,
        'data-plugin-host-page': plugin,
        style: 'position:absolute;width:0pt;height:0pt;border:none',
      });
      watchFrame(frame, `${plugin} host page`);
      document.body.append(frame);
      return () => {
        frame.remove();
      };
    },
    revealPlace: (token) => {
      navigate(token);
    },
    applySearchString(list, search) {
      if (isListId(list)) {
        lists[list].search = search;
        void loadList(list);
        renderListChrome(list);
      }
    },
    currentPlace: () => currentPlace,
    changed: (kind: ChangeKind) => {
      scheduleRender(kind);
    },
    warn: (message) => {
      console.warn(message);
    },
  },
});
window.pluginApi = runtime.pluginApi;

const pending = new Set<ChangeKind>();
let renderQueued = false;
function scheduleRender(kind: ChangeKind): void {
  pending.add(kind);
  if (renderQueued) return;
  renderQueued = true;
  queueMicrotask(() => {
    renderQueued = false;
    const kinds = new Set(pending);
    pending.clear();
    if (kinds.has('menu')) renderNav();
    if (kinds.has('places')) renderPlaces();
    if (kinds.has('buttons') || kinds.has('places')) {
      for (const list of LIST_IDS) {
        renderButtons(list);
        renderDetail(list);
      }
    }
    if (kinds.has('dialogs')) renderDialogs();
    if (kinds.has('alerts')) renderAlerts();
    if (kinds.has('toasts')) renderToasts();
    if (kinds.has('violations') || kinds.has('state')) renderViolations();
  });
}

// ------------------------------------------------------------------ masthead and nav

/** WebAdmin's eleven locales, and the pseudo-locale Ops Center adds for layout checks. */
const LOCALES = [
  'en-US',
  'es-ES',
  'fr-FR',
  'ja-JP',
  'pt-BR',
  'zh-CN',
  'de-DE',
  'ko-KR',
  'it-IT',
  'cs-CZ',
  'ka-GE',
  'en-XA',
];

function localeSelector(): HTMLElement {
  const select = h('select', { id: 'oc-wa-locale', 'aria-label': 'Language' });
  for (const locale of LOCALES) {
    const option = h('option', { value: locale }, locale);
    if (locale === LOCALE) option.setAttribute('selected', '');
    select.append(option);
  }
  select.addEventListener('change', () => {
    params.set('locale', select.value);
    location.search = params.toString();
  });
  return select;
}

function renderMasthead(): void {
  const modes = h('span', { class: 'oc-wa-modes', 'aria-label': 'API mode' });
  for (const m of API_MODES) {
    const link = h(
      'a',
      { href: `?api=${m}${location.hash}`, 'aria-current': m === mode ? 'true' : 'false' },
      `API ${m}`,
    );
    modes.append(link);
  }
  const count = h('button', {
    type: 'button',
    id: 'oc-wa-violations-toggle',
    class: 'oc-wa-badge',
    'aria-expanded': 'false',
  });
  count.addEventListener('click', () => {
    const open = violationsPanel.classList.toggle('oc-wa-open');
    count.setAttribute('aria-expanded', String(open));
  });
  masthead.append(
    h(
      'span',
      { class: 'oc-wa-brand' },
      'oVirt ',
      h('strong', {}, 'Open Virtualization Manager'),
      h('small', {}, ' mock WebAdmin'),
    ),
    modes,
    localeSelector(),
    h(
      'span',
      { class: 'oc-wa-engine' },
      boot.realEngine ? `engine: ${boot.realEngine}` : 'simulated engine',
    ),
    h('span', { class: 'oc-wa-user' }, user.userName),
    count,
  );
}

function renderNav(): void {
  nav.replaceChildren();
  const list = h('ul', { class: 'oc-wa-nav-list' });
  const item = (m: MenuItem, depth: number): HTMLElement => {
    if (m.kind === 'container') {
      const sub = h('ul', { class: 'oc-wa-nav-sub' });
      for (const c of m.children) sub.append(item(c, depth + 1));
      return h(
        'li',
        { class: 'oc-wa-nav-container', id: `MenuView_${m.id}` },
        h('span', { class: 'oc-wa-nav-heading' }, m.label),
        sub,
      );
    }
    const a = h(
      'a',
      { href: `#${m.id}`, id: `MenuView_${m.id}_anchor`, 'data-token': m.id },
      m.label,
    );
    if (m.id === currentPlace || (isListId(m.id) && currentPlace.startsWith(m.id))) {
      a.setAttribute('aria-current', 'page');
    }
    return h('li', { class: depth === 0 ? 'oc-wa-nav-primary' : 'oc-wa-nav-secondary' }, a);
  };
  for (const m of runtime.menu) list.append(item(m, 0));
  nav.append(list);
}

// ------------------------------------------------------------------ routing

function navigate(token: string): void {
  if (location.hash !== `#${token}`) location.hash = token;
  else show(token);
}

window.addEventListener('hashchange', () => {
  if (initialised) show(location.hash.slice(1));
});

/** `token;key=value;…` (GWTP ParameterTokenFormatter) → the name token and its parameters. */
function splitPlace(raw: string): { token: string; params: Record<string, string> } {
  const [token = '', ...pairs] = raw.split(';');
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq > 0)
      params[decodeURIComponent(pair.slice(0, eq))] = decodeURIComponent(pair.slice(eq + 1));
  }
  return { token, params };
}

/** A detail place token → its list and tab: a plugin's detail place or a built-in sub tab. */
function detailOf(token: string): { list: ListId; tab: string } | null {
  const place = runtime.places.find((p) => p.kind === 'detail' && p.token === token);
  if (place?.entityType === 'VirtualMachine') return { list: 'vms', tab: token };
  if (place?.entityType === 'Host') return { list: 'hosts', tab: token };
  if (place?.entityType === 'Cluster') return { list: 'clusters', tab: token };
  if (token === 'vms-general') return { list: 'vms', tab: 'general' };
  if (token === 'hosts-general') return { list: 'hosts', tab: 'general' };
  if (token === 'clusters-general') return { list: 'clusters', tab: 'general' };
  if (token === HOST_VMS_TAB) return { list: 'hosts', tab: HOST_VMS_TAB };
  return null;
}

function show(raw: string): void {
  const { token: placeToken, params } = splitPlace(raw);
  currentPlace = placeToken;
  // A detail place opened by URL: the list's view with that tab, no selection event (the list
  // presenter's table selection is what fires them in WebAdmin, and it has not run).
  const detail = detailOf(placeToken);
  const token = detail ? detail.list : placeToken;
  if (detail) {
    const s = lists[detail.list];
    s.activeTab = detail.tab;
    s.direct = params.name ?? '';
  }
  for (const [t, view] of views) view.hidden = t !== token;
  if (!views.has(token)) {
    const place = runtime.places.find((p) => p.token === token && p.kind !== 'detail');
    if (place) {
      views.set(token, placeView(place));
    } else {
      let unknown = views.get('__unknown');
      if (!unknown) {
        unknown = h('section', { class: 'oc-wa-view', id: 'oc-wa-view-unknown' });
        views.set('__unknown', unknown);
        mainEl.append(unknown);
      }
      unknown.replaceChildren(
        h('h1', {}, 'Page not found'),
        h('p', {}, `No place "${token}" here.`),
      );
      unknown.hidden = false;
    }
  } else {
    views.get('__unknown')?.setAttribute('hidden', '');
  }
  if (isListId(token)) void loadList(token);
  renderNav();
}

function placeView(place: PlaceRecord): HTMLElement {
  const frame = h('iframe', {
    class: 'oc-wa-place-frame',
    src: resolveUrl(place.contentUrl),
    title: place.label,
    id: `oc-wa-place-${place.token}`,
    'data-place': place.token,
  });
  watchFrame(frame, `place ${place.token}`);
  applyUnload(frame, place);
  const view = h('section', { class: 'oc-wa-view oc-wa-place', 'data-view': place.token }, frame);
  mainEl.append(view);
  return view;
}

function renderPlaces(): void {
  for (const place of runtime.places) {
    if (place.kind === 'detail') continue;
    const frame = document.getElementById(`oc-wa-place-${place.token}`) as HTMLIFrameElement | null;
    if (frame && frame.src !== resolveUrl(place.contentUrl))
      frame.src = resolveUrl(place.contentUrl);
  }
}

// ------------------------------------------------------------------ lists

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${base}api/${path}`, {
    headers: { Accept: 'application/json', Authorization: `Bearer ${user.ssoToken}` },
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${String(res.status)}`);
  return (await res.json()) as T;
}

function entityOf(list: ListId, row: Row): EntityObject {
  if (list === 'clusters') return clusterEntity(row, mode);
  return list === 'vms' ? vmEntity(row, mode) : hostEntity(row, mode);
}

function selectedEntities(list: ListId): EntityObject[] {
  const s = lists[list];
  return s.selected
    .map((id) => s.rows.find((r) => r.id === id))
    .filter((r): r is Row => r !== undefined)
    .map((r) => entityOf(list, r));
}

async function loadList(list: ListId): Promise<void> {
  const s = lists[list];
  s.loading = true;
  const query = new URLSearchParams();
  if (s.search) query.set('search', s.search);
  if (list === 'vms') query.set('follow', 'reporteddevices');
  try {
    const body = await api<{ vm?: RestVm[]; host?: RestHost[]; cluster?: RestCluster[] }>(
      `${list}?${query.toString()}`,
    );
    if (list === 'clusters') await loadClusterExtras();
    s.rows = (list === 'vms' ? body.vm : list === 'hosts' ? body.host : body.cluster) ?? [];
    s.error = null;
  } catch (e) {
    s.error = String(e);
  }
  s.loading = false;
  s.selected = s.selected.filter((id) => s.rows.some((r) => r.id === id));
  renderRows(list);
  selectionMaybeChanged(list);
}

/** The Clusters list's data center names and host/VM counts (the hosts list is loaded too). */
async function loadClusterExtras(): Promise<void> {
  const [dcs, vms] = await Promise.all([
    api<{ data_center?: { id: string; name?: unknown }[] }>('datacenters'),
    api<{ vm?: { cluster?: { id?: unknown } }[] }>('vms'),
    lists.hosts.rows.length === 0 ? loadList('hosts') : Promise.resolve(),
  ]);
  clusterExtras.dataCenters = new Map(
    (dcs.data_center ?? []).map((d) => [d.id, typeof d.name === 'string' ? d.name : d.id]),
  );
  clusterExtras.vms = countBy((vms.vm ?? []).map((v) => v.cluster?.id));
}

function countBy(ids: unknown[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const id of ids) if (typeof id === 'string') out.set(id, (out.get(id) ?? 0) + 1);
  return out;
}

function clusterCells(c: RestCluster): HTMLTableCellElement[] {
  const dc = c.data_center?.id;
  const hosts = countBy(
    lists.hosts.rows.map((r) => (r as { cluster?: { id?: unknown } }).cluster?.id),
  );
  const v = c.version;
  return [
    cell(typeof dc === 'string' ? (clusterExtras.dataCenters.get(dc) ?? dc) : ''),
    cell(
      typeof v?.major === 'string' && typeof v.minor === 'string' ? `${v.major}.${v.minor}` : '',
    ),
    cell(typeof c.cpu?.type === 'string' ? c.cpu.type : ''),
    cell(String(hosts.get(c.id) ?? 0)),
    cell(String(clusterExtras.vms.get(c.id) ?? 0)),
  ];
}

/** WebAdmin re-fires the selection when the selected items change (also on refresh). */
function selectionMaybeChanged(list: ListId): void {
  const entities = selectedEntities(list);
  const key = JSON.stringify(entities);
  if (key !== lists[list].lastFired) {
    lists[list].lastFired = key;
    runtime.fireSelection(ENTITY[list], entities);
  }
  renderButtons(list);
  renderDetail(list);
}

function select(list: ListId, ids: string[]): void {
  lists[list].selected = ids;
  lists[list].direct = '';
  renderRows(list);
  selectionMaybeChanged(list);
}

function listView(list: ListId): HTMLElement {
  const s = lists[list];
  const input = h('input', {
    type: 'search',
    id: `oc-wa-search-${list}`,
    'aria-label': `${TITLE[list]} search`,
  });
  input.value = s.search;
  const form = h(
    'form',
    { class: 'oc-wa-searchbar', role: 'search' },
    h('span', { class: 'oc-wa-prefix' }, PREFIX[list]),
    input,
    h('button', { type: 'submit' }, 'Search'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    s.search = input.value;
    void loadList(list);
  });
  const toolbar = h('div', {
    class: 'oc-wa-toolbar',
    role: 'toolbar',
    'aria-label': `${TITLE[list]} actions`,
    id: `oc-wa-toolbar-${list}`,
  });
  const table = h('table', {
    class: 'oc-wa-table',
    id: `oc-wa-table-${list}`,
    'aria-label': TITLE[list],
  });
  const detail = h('section', {
    class: 'oc-wa-detail',
    id: `oc-wa-detail-${list}`,
    'aria-label': `${TITLE[list]} details`,
  });
  const view = h(
    'section',
    { class: 'oc-wa-view', id: `oc-wa-view-${list}`, 'data-view': list },
    h('h1', {}, TITLE[list]),
    form,
    toolbar,
    h('div', { class: 'oc-wa-table-wrap' }, table),
    detail,
  );
  mainEl.append(view);
  return view;
}

function renderListChrome(list: ListId): void {
  const input = document.getElementById(`oc-wa-search-${list}`) as HTMLInputElement | null;
  if (input) input.value = lists[list].search;
}

function cell(text: string): HTMLTableCellElement {
  return h('td', {}, text);
}

function renderRows(list: ListId): void {
  const s = lists[list];
  const table = document.getElementById(`oc-wa-table-${list}`);
  if (!table) return;
  const head =
    list === 'vms'
      ? ['', 'Name', 'Status', 'Host', 'IP address', 'Origin']
      : list === 'hosts'
        ? ['', 'Name', 'Status', 'Address', 'VMs']
        : ['', 'Name', 'Data Center', 'Compatibility Version', 'CPU Type', 'Hosts', 'VMs'];
  const thead = h('thead', {}, h('tr', {}, ...head.map((t) => h('th', { scope: 'col' }, t))));
  const tbody = h('tbody');
  if (s.error)
    tbody.append(
      h('tr', {}, h('td', { colspan: String(head.length), class: 'oc-wa-error' }, s.error)),
    );
  else if (s.rows.length === 0)
    tbody.append(
      h(
        'tr',
        {},
        h('td', { colspan: String(head.length) }, s.loading ? 'Loading…' : 'No items to display'),
      ),
    );
  for (const row of s.rows) {
    const name = typeof row.name === 'string' ? row.name : row.id;
    const checked = s.selected.includes(row.id);
    const box = h('input', { type: 'checkbox', 'aria-label': `Select ${name}` });
    box.checked = checked;
    box.addEventListener('click', (e) => {
      e.stopPropagation();
      select(list, checked ? s.selected.filter((id) => id !== row.id) : [...s.selected, row.id]);
    });
    const entity = entityOf(list, row);
    const cells =
      list === 'clusters'
        ? [cell(name), ...clusterCells(row)]
        : list === 'vms'
          ? [
              cell(name),
              cell(String(entity.status)),
              cell(hostCell(row)),
              cell(entity.ipaddress === null ? '' : String(entity.ipaddress)),
              cell(
                typeof (row as RestVm).origin === 'string' ? String((row as RestVm).origin) : '',
              ),
            ]
          : [
              cell(name),
              cell(
                typeof (row as RestHost).status === 'string'
                  ? String((row as RestHost).status)
                  : '',
              ),
              cell(String(entity.hostname ?? '')),
              cell(vmCount(row)),
            ];
    const tr = h(
      'tr',
      { 'data-id': row.id, 'data-name': name, 'aria-selected': String(checked) },
      h('td', {}, box),
      ...cells,
    );
    tr.addEventListener('click', (e) => {
      if (e.ctrlKey || e.metaKey)
        select(list, checked ? s.selected.filter((id) => id !== row.id) : [...s.selected, row.id]);
      else select(list, [row.id]);
    });
    tbody.append(tr);
  }
  table.replaceChildren(thead, tbody);
}

function hostCell(vm: RestVm): string {
  const id = vm.host?.id;
  return typeof id === 'string' ? hostName(id) : '';
}

function hostName(id: string): string {
  const host = lists.hosts.rows.find((r) => r.id === id);
  return host && typeof host.name === 'string' ? host.name : id.slice(0, 8);
}

function vmCount(host: RestHost): string {
  const total = host.summary?.total;
  return typeof total === 'string' ? total : '';
}

// ------------------------------------------------------------------ buttons

const kebabOpen: Record<ListId, boolean> = { vms: false, hosts: false, clusters: false };

function buttonsFor(list: ListId): ButtonRecord[] {
  return runtime.buttons
    .filter((b) => b.entityType === ENTITY[list] && b.detailPlaceId === null)
    .map((b, i) => ({ b, i }))
    .sort((x, y) => x.b.index - y.b.index || x.i - y.i)
    .map(({ b }) => b);
}

function renderButtons(list: ListId): void {
  const toolbar = document.getElementById(`oc-wa-toolbar-${list}`);
  if (!toolbar) return;
  const selected = selectedEntities(list);
  const main: EntityObject = { id: '' };
  const primary = h('div', { class: 'oc-wa-toolbar-buttons' });
  const kebabItems = h('ul', {
    class: 'oc-wa-kebab-menu',
    role: 'menu',
    id: `oc-wa-kebab-menu-${list}`,
  });
  for (const b of buttonsFor(list)) {
    const { enabled, accessible } = runtime.evaluateButton(b, selected, main);
    if (!accessible) continue;
    const attrs: Record<string, string> = { type: 'button', 'data-plugin': b.plugin };
    if (b.id !== null) attrs.id = `ActionPanelView_${b.id}`;
    if (b.moreMenu) attrs.role = 'menuitem';
    const el = h('button', attrs, b.label);
    el.disabled = !enabled;
    el.addEventListener('click', () => {
      kebabOpen[list] = false;
      runtime.clickButton(b, selectedEntities(list), main);
      renderButtons(list);
    });
    if (b.moreMenu) kebabItems.append(h('li', { role: 'none' }, el));
    else primary.append(el);
  }
  const kebab = h(
    'button',
    {
      type: 'button',
      class: 'oc-wa-kebab',
      id: `oc-wa-kebab-${list}`,
      'aria-label': 'More actions',
      'aria-haspopup': 'menu',
      'aria-expanded': String(kebabOpen[list]),
    },
    '⋮',
  );
  kebab.addEventListener('click', () => {
    kebabOpen[list] = !kebabOpen[list];
    renderButtons(list);
  });
  kebabItems.hidden = !kebabOpen[list];
  // Like WebAdmin, the kebab only appears when something lives in it.
  if (kebabItems.childElementCount === 0) toolbar.replaceChildren(primary);
  else toolbar.replaceChildren(primary, h('div', { class: 'oc-wa-kebab-wrap' }, kebab, kebabItems));
}

// ------------------------------------------------------------------ detail tabs

function detailPlaces(list: ListId): PlaceRecord[] {
  return runtime.places
    .filter((p) => p.kind === 'detail' && p.entityType === ENTITY[list] && p.accessible)
    .map((p, i) => ({ p, i }))
    .sort((x, y) => x.p.priority - y.p.priority || x.i - y.i)
    .map(({ p }) => p);
}

function renderDetail(list: ListId): void {
  const section = document.getElementById(`oc-wa-detail-${list}`);
  if (!section) return;
  const s = lists[list];
  const first = s.selected[0];
  const row =
    first === undefined
      ? s.rows.find((r) => s.direct !== '' && r.name === s.direct)
      : s.rows.find((r) => r.id === first);
  section.hidden = row === undefined;
  let tabs = section.querySelector<HTMLElement>('.oc-wa-tabs');
  let panels = section.querySelector<HTMLElement>('.oc-wa-panels');
  if (!tabs || !panels) {
    tabs = h('div', {
      class: 'oc-wa-tabs',
      role: 'tablist',
      'aria-label': `${TITLE[list]} detail tabs`,
    });
    panels = h('div', { class: 'oc-wa-panels' });
    section.replaceChildren(h('h2', { class: 'oc-wa-detail-title' }), tabs, panels);
  }
  const title = section.querySelector('.oc-wa-detail-title');
  if (title) title.textContent = row ? (typeof row.name === 'string' ? row.name : row.id) : '';
  const places = detailPlaces(list);
  const builtIn =
    list === 'hosts'
      ? [
          { token: 'general', label: 'General' },
          { token: HOST_VMS_TAB, label: 'Virtual Machines' },
        ]
      : [{ token: 'general', label: 'General' }];
  if (!builtIn.some((b) => b.token === s.activeTab) && !places.some((p) => p.token === s.activeTab))
    s.activeTab = 'general';
  const tabButtons = [...builtIn, ...places.map((p) => ({ token: p.token, label: p.label }))];
  tabs.replaceChildren(
    ...tabButtons.map((t) => {
      const b = h(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `oc-wa-tab-${t.token}`,
          'aria-selected': String(t.token === s.activeTab),
          'data-token': t.token,
        },
        t.label,
      );
      b.addEventListener('click', () => {
        s.activeTab = t.token;
        currentPlace = t.token === 'general' ? `${list}-general` : t.token;
        if (t.token === HOST_VMS_TAB) hostVms.hostId = '';
        renderDetail(list);
      });
      return b;
    }),
  );
  // General panel: rebuilt; plugin panels: one persistent iframe each.
  let general = panels.querySelector<HTMLElement>('[data-panel="general"]');
  if (!general) {
    general = h('div', { 'data-panel': 'general', role: 'tabpanel', class: 'oc-wa-general' });
    panels.append(general);
  }
  general.hidden = s.activeTab !== 'general';
  if (row) {
    const entity = entityOf(list, row);
    general.replaceChildren(
      h(
        'dl',
        {},
        ...Object.entries(entity).flatMap(([k, v]) => [
          h('dt', {}, k),
          h('dd', {}, v === null ? '(null)' : String(v)),
        ]),
      ),
    );
  }
  if (list === 'hosts') {
    let vmsPanel = panels.querySelector<HTMLElement>(`[data-panel="${HOST_VMS_TAB}"]`);
    if (!vmsPanel) {
      vmsPanel = h('div', { 'data-panel': HOST_VMS_TAB, role: 'tabpanel' });
      panels.append(vmsPanel);
    }
    vmsPanel.hidden = s.activeTab !== HOST_VMS_TAB;
    if (row && s.activeTab === HOST_VMS_TAB) renderHostVms(vmsPanel, row);
  }
  for (const place of places) {
    let panel = panels.querySelector<HTMLElement>(`[data-panel="${place.token}"]`);
    const active = s.activeTab === place.token;
    if (!panel && active) {
      const frame = h('iframe', {
        class: 'oc-wa-detail-frame',
        src: resolveUrl(place.contentUrl),
        title: place.label,
        id: `oc-wa-detail-frame-${place.token}`,
        'data-place': place.token,
      });
      watchFrame(frame, `detail ${place.token}`);
      applyUnload(frame, place);
      panel = h('div', { 'data-panel': place.token, role: 'tabpanel' }, frame);
      panels.append(panel);
    }
    if (!panel) continue;
    panel.hidden = !active;
    const frame = panel.querySelector('iframe');
    if (frame && frame.src !== resolveUrl(place.contentUrl))
      frame.src = resolveUrl(place.contentUrl);
  }
}

// ------------------------------------------------------------------ Host › Virtual Machines

/** WebAdmin's own detail tab listing the VMs of the selected host, with plugin detail buttons. */
const HOST_VMS_TAB = 'hosts-virtual_machines';
const hostVms: { hostId: string; rows: RestVm[]; selected: string[] } = {
  hostId: '',
  rows: [],
  selected: [],
};

function renderHostVms(panel: HTMLElement, host: RestHost): void {
  if (hostVms.hostId !== host.id) {
    hostVms.hostId = host.id;
    hostVms.rows = [];
    hostVms.selected = [];
    const name = typeof host.name === 'string' ? host.name : host.id;
    void api<{ vm?: RestVm[] }>(
      `vms?search=${encodeURIComponent(`host=${name}`)}&follow=reporteddevices`,
    )
      .then((body) => {
        if (hostVms.hostId !== host.id) return;
        hostVms.rows = body.vm ?? [];
        renderHostVms(panel, host);
      })
      .catch((e: unknown) => {
        panel.replaceChildren(h('p', { role: 'alert' }, String(e)));
      });
  }
  const main = hostEntity(host, mode);
  const selected = hostVms.rows
    .filter((r) => hostVms.selected.includes(r.id))
    .map((r) => vmEntity(r, mode));
  const toolbar = h('div', { class: 'oc-wa-toolbar-buttons', id: 'oc-wa-toolbar-host-vms' });
  for (const b of runtime.buttons.filter(
    (x) => x.entityType === 'Host' && x.detailPlaceId === 'VirtualMachine',
  )) {
    const { enabled, accessible } = runtime.evaluateButton(b, selected, main);
    if (!accessible) continue;
    const attrs: Record<string, string> = { type: 'button', 'data-plugin': b.plugin };
    if (b.id !== null) attrs.id = `DetailActionPanelView_${b.id}`;
    const el = h('button', attrs, b.label);
    el.disabled = !enabled;
    el.addEventListener('click', () => {
      runtime.clickButton(b, selected, main);
    });
    toolbar.append(el);
  }
  const rows = hostVms.rows.map((vm) => {
    const name = typeof vm.name === 'string' ? vm.name : vm.id;
    const box = h('input', { type: 'checkbox', 'aria-label': `Select ${name}` });
    box.checked = hostVms.selected.includes(vm.id);
    box.addEventListener('change', () => {
      hostVms.selected = box.checked
        ? [...hostVms.selected, vm.id]
        : hostVms.selected.filter((id) => id !== vm.id);
      runtime.fireDetailItemSelection(
        hostVms.rows.filter((r) => hostVms.selected.includes(r.id)).map((r) => vmEntity(r, mode)),
        'VirtualMachine',
      );
      renderHostVms(panel, host);
    });
    return h(
      'tr',
      { 'data-id': vm.id },
      h('td', {}, box),
      h('td', {}, name),
      h('td', {}, String(vmEntity(vm, mode).status ?? '')),
    );
  });
  panel.replaceChildren(
    toolbar,
    h(
      'table',
      { class: 'oc-wa-table', 'aria-label': 'Virtual machines on this host' },
      h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, 'Name'), h('th', {}, 'Status'))),
      h('tbody', {}, ...rows),
    ),
  );
}

function applyUnload(frame: HTMLIFrameElement, place: PlaceRecord): void {
  frame.addEventListener('load', () => {
    if (place.unloadHandler && frame.contentWindow)
      // setPlaceUnloadHandler installs exactly this property ([UIF]); deprecated or not.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      frame.contentWindow.onunload = place.unloadHandler;
  });
}

// ------------------------------------------------------------------ dialogs, toasts, alerts

const dialogEls = new Map<number, HTMLElement>();

function renderDialogs(): void {
  const open = new Set(runtime.dialogs.map((d) => d.key));
  for (const [k, el] of dialogEls) {
    if (!open.has(k)) {
      el.remove();
      dialogEls.delete(k);
    }
  }
  for (const d of runtime.dialogs) {
    const existing = dialogEls.get(d.key);
    if (existing) {
      const frame = existing.querySelector('iframe');
      if (frame && frame.src !== resolveUrl(d.contentUrl)) frame.src = resolveUrl(d.contentUrl);
      continue;
    }
    const el = dialogView(d);
    dialogEls.set(d.key, el);
    dialogsRegion.append(el);
  }
}

function dialogView(d: DialogRecord): HTMLElement {
  const title = h('h4', { class: 'oc-wa-dialog-title', id: `oc-wa-dialog-title-${String(d.key)}` });
  // WebAdmin inserts the title as HTML (HTMLPanel("H4", title)); plugins must escape it.
  title.innerHTML = d.title;
  const header = h('div', { class: 'oc-wa-dialog-header' }, title);
  if (d.closeIconVisible) {
    const close = h(
      'button',
      { type: 'button', class: 'oc-wa-dialog-close', 'aria-label': 'Close' },
      '×',
    );
    close.addEventListener('click', () => {
      runtime.dismissDialog(d);
    });
    header.append(close);
  }
  const frame = h('iframe', {
    src: resolveUrl(d.contentUrl),
    title: title.textContent,
    style: `width:${d.width};height:${d.height}`,
    'data-dialog-token': d.token ?? '',
  });
  watchFrame(frame, `dialog ${d.token ?? '(null)'}`);
  const footer = h('div', { class: 'oc-wa-dialog-footer' });
  d.buttons.forEach((b, i) => {
    const el = h('button', { type: 'button' }, b.label);
    el.addEventListener('click', () => {
      runtime.clickDialogButton(d, i);
    });
    footer.append(el);
  });
  const dialog = h(
    'div',
    {
      class: 'oc-wa-dialog',
      role: 'dialog',
      'aria-modal': 'true',
      'aria-labelledby': title.id,
      'data-dialog-token': d.token ?? '',
    },
    header,
    h('div', { class: 'oc-wa-dialog-body' }, frame),
    footer,
  );
  return h('div', { class: 'oc-wa-backdrop' }, dialog);
}

document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape') return;
  const top = runtime.dialogs[runtime.dialogs.length - 1];
  if (top?.closeOnEscKey) runtime.dismissDialog(top);
});

function renderToasts(): void {
  toastsRegion.replaceChildren(
    ...runtime.toasts
      .filter((t) => !t.dismissed)
      .map((t) => {
        const close = h('button', { type: 'button', 'aria-label': 'Close notification' }, '×');
        close.addEventListener('click', () => {
          runtime.dismissToast(t.key);
        });
        if (!toastTimers.has(t.key)) {
          toastTimers.add(t.key);
          setTimeout(() => {
            runtime.dismissToast(t.key);
          }, t.autoHideMs);
        }
        return h(
          'div',
          {
            class: `oc-wa-toast oc-wa-${t.type}`,
            role: t.type === 'danger' ? 'alert' : 'status',
            'data-type': t.type,
          },
          h('span', {}, t.message),
          close,
        );
      }),
  );
}
const toastTimers = new Set<number>();

function renderAlerts(): void {
  alertsRegion.replaceChildren(
    ...runtime.alerts
      .filter((a) => !a.dismissed)
      .map((a) => {
        const close = h('button', { type: 'button', 'aria-label': 'Close alert' }, '×');
        close.addEventListener('click', () => {
          runtime.dismissAlert(a.key);
        });
        if (a.autoHideMs > 0 && !toastTimers.has(-a.key)) {
          toastTimers.add(-a.key);
          setTimeout(() => {
            runtime.dismissAlert(a.key);
          }, a.autoHideMs);
        }
        return h(
          'div',
          { class: `oc-wa-alert oc-wa-${a.type}`, role: 'alert', 'data-type': a.type },
          h('span', {}, a.message),
          close,
        );
      }),
  );
}

/**
 * The masthead badge: what the mock's own contract checks found, said as such, with real plurals
 * ("Plugin contract: 1 warning"), so a newcomer does not read it as a fault of the page.
 */
export function contractBadgeText(violations: number, warnings: number): string {
  const n = (count: number, one: string, other: string): string =>
    `${String(count)} ${count === 1 ? one : other}`;
  if (violations === 0 && warnings === 0) return 'Plugin contract: all checks pass';
  return `Plugin contract: ${n(violations, 'violation', 'violations')} · ${n(
    warnings,
    'warning',
    'warnings',
  )}`;
}

function renderViolations(): void {
  const violations = runtime.violations();
  const warnings = runtime.warnings();
  const toggle = document.getElementById('oc-wa-violations-toggle');
  if (toggle) {
    toggle.textContent = contractBadgeText(violations.length, warnings.length);
    toggle.title =
      'What this mock WebAdmin noticed while checking the installed UI plugins against the UI ' +
      'plugin contract (not an Ops Center error). Click for the list.';
    toggle.classList.toggle('oc-wa-bad', violations.length > 0);
  }
  const row = (v: Violation) =>
    h(
      'li',
      { class: `oc-wa-${v.severity}` },
      h('span', { class: 'oc-wa-rule' }, `§7.${String(v.rule)}`),
      h('span', { class: 'oc-wa-plugin' }, v.plugin),
      h('span', {}, v.message),
    );
  const states = runtime.plugins().map((p) => `${p}: ${runtime.state(p) ?? '?'}`);
  violationsPanel.replaceChildren(
    h('h2', {}, 'Plugin contract'),
    h('p', { id: 'oc-wa-plugin-states' }, `API ${mode} · ${states.join(' · ')}`),
    h('h3', {}, 'Violations'),
    h('ul', { id: 'oc-wa-violation-list' }, ...violations.map(row)),
    h('h3', {}, 'Warnings'),
    h('ul', { id: 'oc-wa-warning-list' }, ...warnings.map(row)),
  );
}

/** Engine log lines an admin would see in engine.log; shown because there is no engine.log here. */
function renderEngineWarnings(): void {
  for (const p of boot.problems) {
    alertsRegion.after(
      h(
        'div',
        {
          class: 'oc-wa-alert oc-wa-warning oc-wa-engine-log',
          role: 'alert',
          'data-engine-log': p.plugin,
        },
        `engine.log: ${p.plugin}: ${p.message}`,
      ),
    );
  }
}

// ------------------------------------------------------------------ 3.x REST session

/** RestApiSessionManager (3.x): GET /api with Prefer: persistent-auth, read JSESSIONID. */
async function acquireLegacySession(): Promise<void> {
  const res = await fetch(`${base}api/`, {
    headers: {
      Accept: 'application/json',
      Authorization: `Bearer ${user.ssoToken}`,
      Prefer: 'persistent-auth',
    },
  });
  const sessionId = res.headers.get('JSESSIONID');
  if (!res.ok || sessionId === null) {
    runtime.flag(
      '(webadmin)',
      13,
      `could not acquire a 3.x REST session (HTTP ${String(res.status)})`,
      'warning',
    );
    return;
  }
  runtime.fireRestApiSessionAcquired(sessionId);
}

// ------------------------------------------------------------------ test interface

function findIds(list: ListId, namesOrIds: string[]): string[] {
  return namesOrIds.map((n) => {
    const row = lists[list].rows.find((r) => r.id === n || r.name === n);
    if (!row) throw new Error(`${list}: no row "${n}"`);
    return row.id;
  });
}

let readyResolve: () => void = () => undefined;
const started = new Promise<void>((r) => {
  readyResolve = r;
});

window.__webadmin = {
  mode,
  whenStarted: () => started,
  state: (name = 'ops-center') => runtime.state(name),
  stateHistory: (name = 'ops-center') => runtime.stateHistory(name),
  violations: () => runtime.violations(),
  warnings: () => runtime.warnings(),
  pageErrors: () => [...pageErrors],
  currentPlace: () => currentPlace,
  defaultPlace: () => runtime.defaultPlace,
  revealPlace: (token: string) => {
    navigate(token);
  },
  async select(list: ListId, namesOrIds: string[]) {
    if (lists[list].rows.length === 0) await loadList(list);
    select(list, findIds(list, namesOrIds));
    return selectedEntities(list);
  },
  selectVms: (names: string[]) =>
    (window.__webadmin as { select: (l: ListId, n: string[]) => Promise<EntityObject[]> }).select(
      'vms',
      names,
    ),
  selectHosts: (names: string[]) =>
    (window.__webadmin as { select: (l: ListId, n: string[]) => Promise<EntityObject[]> }).select(
      'hosts',
      names,
    ),
  selectClusters: (names: string[]) =>
    (window.__webadmin as { select: (l: ListId, n: string[]) => Promise<EntityObject[]> }).select(
      'clusters',
      names,
    ),
  refresh: async () => {
    await Promise.all(LIST_IDS.map((list) => loadList(list)));
  },
  rows: (list: ListId) => lists[list].rows.map((r) => entityOf(list, r)),
  fireEvent(name: string, ...args: unknown[]) {
    if (name === 'UserLogin') runtime.fireUserLogin();
    else if (name === 'UserLogout') runtime.fireUserLogout();
    else if (name === 'RestApiSessionAcquired') runtime.fireRestApiSessionAcquired(String(args[0]));
    else if (name === 'MessageReceived')
      runtime.deliverMessage(
        args[0],
        typeof args[1] === 'string' ? args[1] : location.origin,
        args[2] ?? window,
      );
    else if (name === 'TagActivationChange') runtime.fireTagActivation(args as never);
    else if (name === 'DetailItemSelectionChange')
      runtime.fireDetailItemSelection((args[0] ?? []) as EntityObject[]);
    else if (name.endsWith('SelectionChange'))
      runtime.fireSelection(
        name.slice(0, -'SelectionChange'.length),
        (args[0] ?? []) as EntityObject[],
      );
    else throw new Error(`unknown event ${name}`);
  },
  setDoNotDisturb(on: boolean) {
    doNotDisturb = on;
  },
  silencedToasts: () =>
    runtime.silencedToasts.map(({ type, message, plugin, dismissed }) => ({
      type,
      message,
      plugin,
      dismissed,
    })),
  toasts: () =>
    runtime.toasts.map(({ type, message, plugin, dismissed }) => ({
      type,
      message,
      plugin,
      dismissed,
    })),
  alerts: () =>
    runtime.alerts.map(({ type, message, plugin, dismissed }) => ({
      type,
      message,
      plugin,
      dismissed,
    })),
  dialogs: () =>
    runtime.dialogs.map(({ title, token, contentUrl, width, height, plugin }) => ({
      title,
      token,
      contentUrl,
      width,
      height,
      plugin,
    })),
  places: () =>
    runtime.places.map(
      ({ kind, label, token, contentUrl, entityType, accessible, plugin, inMenu }) => ({
        kind,
        label,
        token,
        contentUrl,
        entityType,
        accessible,
        plugin,
        inMenu,
      }),
    ),
  buttons: (entityType?: string) =>
    runtime.buttons
      .filter((b) => entityType === undefined || b.entityType === entityType)
      .map((b) => {
        const list: ListId =
          b.entityType === 'Host' ? 'hosts' : b.entityType === 'Cluster' ? 'clusters' : 'vms';
        // A main-list button gets {id: ""} as its main entity; a detail-tab button (Host › VMs)
        // gets the host whose tab it is: here a placeholder host, as no tab is open.
        const main =
          b.detailPlaceId === null
            ? { id: '' }
            : hostEntity({ id: '', name: '', address: '' }, mode);
        const { enabled, accessible } = runtime.evaluateButton(b, selectedEntities(list), main);
        return {
          id: b.id,
          label: b.label,
          entityType: b.entityType,
          moreMenu: b.moreMenu,
          index: b.index,
          enabled,
          accessible,
        };
      }),
};

// ------------------------------------------------------------------ start

// Engine-side findings (descriptor, override, packaging) recorded like any other violation.
for (const p of boot.problems) runtime.flag(p.plugin, p.rule, `engine: ${p.message}`, p.severity);
renderMasthead();
for (const list of LIST_IDS) views.set(list, listView(list));
for (const v of views.values()) v.hidden = true;
renderNav();
renderViolations();
renderEngineWarnings();
window.addEventListener('message', (e) => {
  runtime.deliverMessage(e.data, e.origin, e.source);
});
runtime.start();
if (mode === '3.6') void acquireLegacySession();
setInterval(() => {
  for (const list of LIST_IDS) if (currentPlace.startsWith(list)) void loadList(list);
}, refreshMs);

/**
 * The first place. A token no place has registered yet (a lazily loaded plugin's place, on a
 * reload) is what WebAdmin's place manager meets here: it logs a warning and reveals the default
 * place, rewriting the URL, so the original token is gone by the time that plugin loads.
 */
function firstPlace(raw: string, fallback: string): string {
  if (!raw) return fallback;
  const { token } = splitPlace(raw);
  if (BUILT_IN_TOKENS.includes(token) || runtime.places.some((p) => p.token === token)) return raw;
  console.warn(`WebAdmin: no place "${token}", revealing the default place "${fallback}"`);
  history.replaceState(history.state, '', `#${fallback}`);
  return fallback;
}

void runtime.whenPreloaded().then(() => {
  // ApplicationInit.performPlaceTransition: after every lazyLoad:false plugin is ready.
  loading.remove();
  runtime.fireUserLogin();
  initialised = true;
  void loadList('hosts');
  show(firstPlace(location.hash.slice(1), runtime.defaultPlace ?? 'vms'));
  readyResolve();
});
