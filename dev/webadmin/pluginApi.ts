// A strict `pluginApi` implemented the way ovirt-engine's PluginManager / PluginUiFunctions do
// (shared/reference/webadmin-plugin-api.md §1–§5), plus the thirty checks of §7. Every contract
// violation is recorded; a test with a violation fails. Framework-free: the shell (DOM) plugs in
// through RuntimeHost, so the rules run unchanged under Node in unit tests.

import type { AlertType, ApiMode, PluginState } from './contract';
import {
  ALERT_TYPES,
  BUILT_IN_MENU_CONTAINERS,
  BUILT_IN_TOKENS,
  ENGINE_LOCALES,
  NEVER_FIRED_IN_4X,
  NO_DETAIL_PANEL,
  SEARCH_PREFIXES,
  TOKEN_PATTERN,
  detailPlaceIds,
  isEntityType,
  knownHandlerNames,
} from './contract';
import type { PluginDefinition } from './descriptor';
import type { EntityObject } from './entities';
import { checkEntityObject } from './entities';

export type Severity = 'violation' | 'warning';

export interface Violation {
  seq: number;
  /** The §7 rule number. */
  rule: number;
  plugin: string;
  severity: Severity;
  message: string;
  time: number;
}

export interface TagObject {
  name: string;
  description: string;
  selected: boolean;
  children?: TagObject[];
}

interface PluginRecord {
  definition: PluginDefinition;
  state: PluginState;
  history: PluginState[];
  handlers: Record<string, unknown> | null;
  options: Record<string, unknown>;
  queue: { name: string; args: () => unknown[] | null }[];
  detach: (() => void) | null;
  readyCalls: number;
  /** Handler names already checked (rule 9); the object may gain names after register(). */
  checkedHandlers: Set<string>;
}

export interface PlaceRecord {
  plugin: string;
  kind: 'primary' | 'secondary' | 'detail';
  label: string;
  token: string;
  contentUrl: string;
  priority: number;
  icon: string | null;
  primaryMenuId: string | null;
  entityType: string | null;
  accessible: boolean;
  unloadHandler: (() => void) | null;
  /** false for a secondary place whose container does not exist: routable, no menu item. */
  inMenu: boolean;
}

export interface MenuItem {
  kind: 'builtin' | 'container' | 'place';
  id: string;
  label: string;
  icon: string | null;
  plugin: string | null;
  children: MenuItem[];
}

export interface ButtonRecord {
  key: number;
  plugin: string;
  entityType: string;
  detailPlaceId: string | null;
  label: string;
  id: string | null;
  index: number;
  moreMenu: boolean;
  iface: Record<string, unknown>;
}

export interface DialogButton {
  label: string;
  onClick: unknown;
}

export interface DialogRecord {
  key: number;
  plugin: string;
  /** HTML, as WebAdmin inserts it (HTMLPanel("H4", title)). */
  title: string;
  token: string | null;
  contentUrl: string;
  width: string;
  height: string;
  buttons: DialogButton[];
  closeIconVisible: boolean;
  closeOnEscKey: boolean;
}

export interface NoticeRecord {
  key: number;
  plugin: string;
  type: AlertType;
  message: string;
  autoHideMs: number;
  time: number;
  /** Closed by the user or timed out; kept so tests can read every notice ever shown. */
  dismissed: boolean;
}

export type ChangeKind =
  'menu' | 'places' | 'buttons' | 'dialogs' | 'alerts' | 'toasts' | 'violations' | 'state';

/** What the runtime needs from the page around it. */
export interface RuntimeHost {
  /** Append the plugin's host page iframe; returns the function that removes it. */
  attachFrame(plugin: string, url: string): () => void;
  revealPlace(token: string): void;
  applySearchString(listToken: string, search: string): void;
  currentPlace(): string;
  changed(kind: ChangeKind): void;
  warn(message: string): void;
}

export interface RuntimeOptions {
  mode: ApiMode;
  definitions: PluginDefinition[];
  user: { userName: string; userId: string; ssoToken: string | null };
  /** scheme://host[:port]/ovirt-engine/ — normalised to end with `/` (rule 29). */
  engineBaseUrl: string;
  locale: string;
  rootTag?: TagObject;
  host: RuntimeHost;
  /** Deferred effects run here; the engine uses Scheduler.scheduleDeferred (rule 21). */
  defer?: (fn: () => void) => void;
  /** Rule 28: flag a plugin that has not called ready() this long after its frame attached. */
  readyTimeoutMs?: number;
  now?: () => number;
  /** Built-in main lists with their entity type, for setSearchString/revealPlace. */
  builtInTokens?: readonly string[];
  /**
   * The admin's "Do not disturb" (notification drawer). While on, WebAdmin's
   * NotificationPresenterWidget.createNotification builds the toast and never shows it: a
   * plugin's showToast has no visible effect at all.
   */
  doNotDisturb?: () => boolean;
}

type ApiFunction = (this: unknown, ...args: unknown[]) => unknown;
export type PluginApiObject = Record<string, ApiFunction> & { readonly pluginName: string };
export type PluginApiFunction = ((name: unknown) => PluginApiObject) & {
  fn: Record<string, ApiFunction>;
};

const MAX_INT = 2147483647;

/** TabOptions / ActionButtonInterface number reading: intValue(), default Integer.MAX_VALUE. */
function intValue(v: unknown): number {
  if (typeof v !== 'number' || Number.isNaN(v)) return MAX_INT;
  return Math.max(-MAX_INT - 1, Math.min(MAX_INT, Math.trunc(v)));
}

function describe(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'message' in e) {
    const m = e.message;
    if (typeof m === 'string') return m;
  }
  try {
    return String(e);
  } catch {
    return 'unprintable error';
  }
}

/** A value as it would appear in a message, never "[object Object]". */
function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'function') return 'a function';
  try {
    // JSON.stringify(undefined) is undefined although lib.d.ts says string.
    const json = JSON.stringify(v) as string | undefined;
    return json === undefined ? typeof v : json;
  } catch {
    return typeof v;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JsArrayHelper.createMixedArray: only strings, numbers, booleans and objects survive. */
function mixedArray(values: unknown[]): unknown[] {
  return values.filter(
    (v) =>
      typeof v === 'string' ||
      typeof v === 'number' ||
      typeof v === 'boolean' ||
      (typeof v === 'object' && v !== null) ||
      typeof v === 'function',
  );
}

export interface WebAdminRuntime {
  readonly mode: ApiMode;
  readonly pluginApi: PluginApiFunction;
  start(): void;
  state(plugin: string): PluginState | undefined;
  stateHistory(plugin: string): PluginState[];
  plugins(): string[];
  violations(): Violation[];
  warnings(): Violation[];
  flag(plugin: string, rule: number, message: string, severity?: Severity): void;
  readonly menu: MenuItem[];
  readonly places: PlaceRecord[];
  readonly buttons: ButtonRecord[];
  readonly dialogs: DialogRecord[];
  readonly alerts: NoticeRecord[];
  readonly toasts: NoticeRecord[];
  /** showToast calls swallowed by "Do not disturb" (never on screen; kept for tests). */
  readonly silencedToasts: NoticeRecord[];
  readonly defaultPlace: string | null;
  /** Resolves when every enabled lazyLoad:false plugin is IN_USE or FAILED (WebAdmin waits). */
  whenPreloaded(): Promise<void>;
  fireSelection(entityType: string, items: EntityObject[]): void;
  /** `itemType`: the entity type of the detail tab's rows (VirtualMachine on Host › VMs). */
  fireDetailItemSelection(items: EntityObject[], itemType?: string): void;
  fireTagActivation(tags: TagObject[]): void;
  fireUserLogin(): void;
  fireUserLogout(): void;
  fireRestApiSessionAcquired(sessionId: string): void;
  deliverMessage(data: unknown, origin: string, source: unknown): void;
  evaluateButton(
    button: ButtonRecord,
    selected: EntityObject[],
    main: EntityObject,
  ): { enabled: boolean; accessible: boolean };
  clickButton(button: ButtonRecord, selected: EntityObject[], main: EntityObject): void;
  clickDialogButton(dialog: DialogRecord, index: number): void;
  /** The user closed a dialog (close icon or Esc). */
  dismissDialog(dialog: DialogRecord): void;
  dismissAlert(key: number): void;
  dismissToast(key: number): void;
}

export function createWebAdminRuntime(options: RuntimeOptions): WebAdminRuntime {
  const { mode, host } = options;
  const now = options.now ?? (() => Date.now());
  const defer =
    options.defer ??
    ((fn: () => void) => {
      setTimeout(fn, 0);
    });
  const readyTimeoutMs = options.readyTimeoutMs ?? 15000;
  const engineBaseUrl = options.engineBaseUrl.endsWith('/')
    ? options.engineBaseUrl
    : `${options.engineBaseUrl}/`;
  // Rule 29: GWT serves only the locales the engine was built with; any other request falls
  // back to "default", which getCurrentLocale reports as en-US. The one exception is the mock's
  // own: the pseudo-locale en-XA (no engine serves it) passes through, so the layout checks can
  // run Ops Center in it (issue 17).
  const gwtLocale = options.locale.replace('-', '_');
  const locale =
    options.locale === 'en-XA'
      ? 'en-XA'
      : ENGINE_LOCALES.includes(gwtLocale)
        ? gwtLocale.replace('_', '-')
        : 'en-US';
  const builtInTokens = options.builtInTokens ?? BUILT_IN_TOKENS;

  const plugins = new Map<string, PluginRecord>();
  const configObjects = new Map<string, Record<string, unknown>>();
  for (const definition of options.definitions) {
    if (plugins.has(definition.name)) continue; // [PM] "Plugin [x] is already defined"
    plugins.set(definition.name, {
      definition,
      state: 'DEFINED',
      history: ['DEFINED'],
      handlers: null,
      options: {},
      queue: [],
      detach: null,
      readyCalls: 0,
      checkedHandlers: new Set(),
    });
    configObjects.set(definition.name, definition.config);
  }

  const log: Violation[] = [];
  let seq = 0;
  const flag = (
    plugin: string,
    rule: number,
    message: string,
    severity: Severity = 'violation',
  ) => {
    seq += 1;
    log.push({ seq, rule, plugin, severity, message, time: now() });
    host.changed('violations');
  };

  const menu: MenuItem[] = [
    {
      kind: 'container',
      id: 'compute',
      label: 'Compute',
      icon: 'pficon-cpu',
      plugin: null,
      children: [
        {
          kind: 'builtin',
          id: 'vms',
          label: 'Virtual Machines',
          icon: null,
          plugin: null,
          children: [],
        },
        { kind: 'builtin', id: 'hosts', label: 'Hosts', icon: null, plugin: null, children: [] },
        {
          kind: 'builtin',
          id: 'clusters',
          label: 'Clusters',
          icon: null,
          plugin: null,
          children: [],
        },
      ],
    },
    {
      kind: 'container',
      id: 'network',
      label: 'Network',
      icon: 'pficon-network',
      plugin: null,
      children: [],
    },
    {
      kind: 'container',
      id: 'storage',
      label: 'Storage',
      icon: 'pficon-storage-domain',
      plugin: null,
      children: [],
    },
    {
      kind: 'container',
      id: 'admin',
      label: 'Administration',
      icon: 'fa-cog',
      plugin: null,
      children: [],
    },
  ];
  const places: PlaceRecord[] = [];
  const buttons: ButtonRecord[] = [];
  const dialogs: DialogRecord[] = [];
  const alerts: NoticeRecord[] = [];
  const toasts: NoticeRecord[] = [];
  const silencedToasts: NoticeRecord[] = [];
  const doNotDisturb = options.doNotDisturb ?? (() => false);
  let defaultPlace: string | null = null;
  let key = 0;

  const setState = (p: PluginRecord, next: PluginState) => {
    const allowed: Record<PluginState, PluginState[]> = {
      DEFINED: ['LOADING'],
      LOADING: ['READY'],
      READY: ['INITIALIZING'],
      INITIALIZING: ['IN_USE', 'FAILED'],
      IN_USE: ['FAILED'],
      FAILED: [],
    };
    // Rule 1: the engine guards transitions with asserts that are off in production, so a
    // disallowed transition just does not happen; here it would be a bug in the mock.
    if (!allowed[p.state].includes(next)) {
      throw new Error(`mock WebAdmin bug: ${p.state} → ${next} for ${p.definition.name}`);
    }
    p.state = next;
    p.history.push(next);
    host.changed('state');
    if (next === 'IN_USE' || next === 'FAILED') settle();
  };

  let preloadWaiters: (() => void)[] = [];
  const preloadPending = () =>
    [...plugins.values()].some(
      (p) =>
        p.definition.enabled &&
        !p.definition.lazyLoad &&
        p.state !== 'IN_USE' &&
        p.state !== 'FAILED',
    );
  function settle() {
    if (preloadPending()) return;
    const waiters = preloadWaiters;
    preloadWaiters = [];
    for (const w of waiters) w();
  }

  // Reads the state through a call so that TypeScript does not keep an earlier narrowing.
  const stateOf = (p: PluginRecord): PluginState => p.state;

  const markFailed = (p: PluginRecord, why: string) => {
    flag(p.definition.name, 11, `${why} — WebAdmin removes the plugin from service (FAILED)`);
    setState(p, 'FAILED');
    p.queue = [];
    p.detach?.();
    p.detach = null;
  };

  /**
   * Rule 9 for every name on the handler object, also names added after register(): WebAdmin
   * looks handlers up at each event, so a typo added later is just as dead.
   */
  const checkHandlerNames = (p: PluginRecord): void => {
    const handlers = p.handlers;
    if (handlers === null) return;
    const known = knownHandlerNames(mode);
    const knownSomewhere = new Set([...knownHandlerNames('4.5'), ...knownHandlerNames('3.6')]);
    for (const name of Object.keys(handlers)) {
      if (p.checkedHandlers.has(name)) continue;
      p.checkedHandlers.add(name);
      if (mode !== '3.6' && NEVER_FIRED_IN_4X.includes(name)) {
        flag(p.definition.name, 9, `handler ${name} is never fired by WebAdmin 4.x`);
      } else if (mode !== '3.6' && name === 'UserLogout') {
        flag(p.definition.name, 9, 'handler UserLogout is never fired since 4.0', 'warning');
      } else if (!known.includes(name)) {
        if (knownSomewhere.has(name)) {
          flag(
            p.definition.name,
            9,
            `handler ${name} does not exist in API ${mode}: never called`,
            'warning',
          );
        } else {
          flag(p.definition.name, 9, `unknown handler name "${name}": WebAdmin never calls it`);
        }
      } else if (typeof handlers[name] !== 'function') {
        flag(
          p.definition.name,
          9,
          `handler ${name} is not a function: WebAdmin treats it as a no-op`,
        );
      }
    }
  };

  /** [PM] invokePlugin: look the handler up now, call it with `this === undefined`. */
  const invoke = (p: PluginRecord, name: string, args: unknown[]): void => {
    checkHandlerNames(p);
    const fn = p.handlers?.[name];
    if (typeof fn !== 'function') return;
    try {
      Reflect.apply(fn as (...a: unknown[]) => unknown, undefined, args);
    } catch (e) {
      markFailed(p, `event handler ${name} threw: ${describe(e)}`);
    }
  };

  const originAllowed = (p: PluginRecord, origin: string): boolean => {
    const raw = p.options.allowedMessageOrigins;
    const list =
      typeof raw === 'string'
        ? [raw]
        : Array.isArray(raw)
          ? raw.filter((o) => typeof o === 'string')
          : [];
    return list.some((o) => o === '*' || o === origin);
  };

  const dispatchNow = (name: string, args: () => unknown[] | null) => {
    for (const p of plugins.values()) {
      if (p.state !== 'IN_USE') continue;
      const a = args();
      if (a !== null) invoke(p, name, a);
      // a handler may have failed a plugin; the loop keeps going for the others
    }
  };

  /** invokePluginsNowOrLater: IN_USE plugins now, the others after their UiInit. */
  const dispatchNowOrLater = (name: string, argsFor: (p: PluginRecord) => unknown[] | null) => {
    for (const p of plugins.values()) {
      if (p.state === 'IN_USE') {
        const a = argsFor(p);
        if (a !== null) invoke(p, name, a);
      } else if (p.state !== 'FAILED') {
        p.queue.push({ name, args: () => argsFor(p) });
      }
    }
  };

  // ---------------------------------------------------------------- the pluginApi object

  const proto: Record<string, ApiFunction> = {};
  const apis = new WeakSet<object>();

  const self = (thisArg: unknown, fn: string): PluginRecord => {
    // Rule 8: every function reads this.pluginName.
    if (typeof thisArg !== 'object' || thisArg === null || !apis.has(thisArg)) {
      flag('(unknown)', 8, `${fn}() called without the api object as "this"`);
      throw new TypeError(`pluginApi.${fn}() must be called as a method of pluginApi(name)`);
    }
    const name = (thisArg as { pluginName: string }).pluginName;
    const p = plugins.get(name);
    if (p === undefined) throw new Error(`unknown plugin ${name}`); // unreachable: checked at creation
    return p;
  };

  const uiGate = (p: PluginRecord, fn: string): boolean => {
    if (p.state === 'INITIALIZING' || p.state === 'IN_USE') return true;
    // Rule 5: the engine silently drops UI calls outside UiInit and after it.
    flag(
      p.definition.name,
      5,
      `${fn}() called in state ${p.state}: WebAdmin ignores it (allowed only in UiInit or later)`,
    );
    return false;
  };

  const accGate = (p: PluginRecord, fn: string): boolean => {
    if (p.state === 'LOADING' || p.state === 'INITIALIZING' || p.state === 'IN_USE') return true;
    flag(p.definition.name, 6, `${fn}() called in state ${p.state}: WebAdmin returns undefined`);
    return false;
  };

  const define = (name: string, fn: ApiFunction) => {
    proto[name] = fn;
  };

  const str = (p: PluginRecord, fn: string, what: string, v: unknown): v is string => {
    if (typeof v === 'string') return true;
    flag(p.definition.name, 13, `${fn}(): ${what} must be a string, got ${typeof v}`);
    return false;
  };

  const readTabOptions = (p: PluginRecord, fn: string, o: unknown, menuPlace: boolean) => {
    const name = p.definition.name;
    if (o !== undefined && o !== null && !isPlainObject(o)) {
      flag(name, 13, `${fn}(): options must be an object`);
    }
    const opts = isPlainObject(o) ? o : {};
    if ('priority' in opts && typeof opts.priority !== 'number') {
      flag(
        name,
        13,
        `${fn}(): options.priority is not a number, WebAdmin uses the default`,
        'warning',
      );
    }
    if ('icon' in opts && typeof opts.icon !== 'string') {
      flag(name, 13, `${fn}(): options.icon is not a string, WebAdmin ignores it`, 'warning');
    }
    for (const ignored of ['defaultPlace', 'searchPrefix', 'alignRight']) {
      if (ignored in opts) {
        flag(name, 24, `${fn}(): option "${ignored}" has no effect in WebAdmin 4.5`, 'warning');
      }
    }
    if (menuPlace && opts.defaultPlace === false) {
      flag(
        name,
        24,
        `${fn}(): defaultPlace:false is ignored — the place still becomes the landing page`,
        'warning',
      );
    }
    return {
      priority: intValue(opts.priority),
      icon: typeof opts.icon === 'string' ? opts.icon : null,
    };
  };

  const allTokens = () => new Set([...builtInTokens, ...places.map((pl) => pl.token)]);

  const checkToken = (p: PluginRecord, fn: string, token: string) => {
    if (!TOKEN_PATTERN.test(token)) {
      flag(
        p.definition.name,
        19,
        `${fn}(): history token "${token}" has characters outside [a-z0-9-]`,
      );
    }
    if (allTokens().has(token)) {
      flag(
        p.definition.name,
        19,
        `${fn}(): history token "${token}" is already taken: routing is undefined`,
      );
    }
  };

  const insertMenu = (list: MenuItem[], item: MenuItem, priority: number) => {
    const index = Math.max(0, Math.min(list.length, priority));
    list.splice(index, 0, item);
  };

  const moveDefaultPlace = (p: PluginRecord, fn: string, token: string) => {
    defaultPlace = token;
    flag(
      p.definition.name,
      24,
      `${fn}(): "${token}" is now WebAdmin's default (landing) place — every menu place does this`,
      'warning',
    );
  };

  const addMenuPlace = (
    p: PluginRecord,
    fn: string,
    primaryMenuId: string | null,
    label: unknown,
    token: unknown,
    url: unknown,
    o: unknown,
  ) => {
    if (
      !str(p, fn, 'label', label) ||
      !str(p, fn, 'historyToken', token) ||
      !str(p, fn, 'contentUrl', url)
    )
      return;
    const { priority, icon } = readTabOptions(p, fn, o, true);
    checkToken(p, fn, token);
    let container: MenuItem | undefined;
    if (primaryMenuId !== null) {
      container = menu.find((m) => m.kind !== 'place' && m.id === primaryMenuId);
      if (container === undefined) {
        flag(
          p.definition.name,
          17,
          `${fn}(): primary menu "${primaryMenuId}" does not exist: WebAdmin registers the place without a menu item`,
        );
      }
    }
    places.push({
      plugin: p.definition.name,
      kind: primaryMenuId === null ? 'primary' : 'secondary',
      label,
      token,
      contentUrl: url,
      priority,
      icon,
      primaryMenuId,
      entityType: null,
      accessible: true,
      unloadHandler: null,
      inMenu: primaryMenuId === null || container !== undefined,
    });
    const item: MenuItem = {
      kind: 'place',
      id: token,
      label,
      icon,
      plugin: p.definition.name,
      children: [],
    };
    if (primaryMenuId === null) insertMenu(menu, item, priority);
    else if (container !== undefined) insertMenu(container.children, item, priority);
    moveDefaultPlace(p, fn, token);
    host.changed('menu');
    host.changed('places');
  };

  const addDetail = (
    p: PluginRecord,
    fn: string,
    entity: unknown,
    label: unknown,
    token: unknown,
    url: unknown,
    o: unknown,
  ) => {
    if (!isEntityType(entity, mode)) {
      flag(p.definition.name, 16, `${fn}(): "${show(entity)}" is not an entity type name: ignored`);
      return;
    }
    if (NO_DETAIL_PANEL.includes(entity)) {
      flag(p.definition.name, 16, `${fn}(): ${entity} has no detail panel: ignored`);
      return;
    }
    if (
      !str(p, fn, 'label', label) ||
      !str(p, fn, 'historyToken', token) ||
      !str(p, fn, 'contentUrl', url)
    )
      return;
    const { priority } = readTabOptions(p, fn, o, false);
    checkToken(p, fn, token);
    places.push({
      plugin: p.definition.name,
      kind: 'detail',
      label,
      token,
      contentUrl: url,
      priority,
      icon: null,
      primaryMenuId: null,
      entityType: entity,
      accessible: true,
      unloadHandler: null,
      inMenu: false,
    });
    host.changed('places');
  };

  const ownPlace = (p: PluginRecord, fn: string, token: unknown): PlaceRecord | null => {
    const place = places.find((pl) => pl.token === token);
    if (place === undefined || place.plugin !== p.definition.name) {
      flag(
        p.definition.name,
        20,
        `${fn}(): "${show(token)}" is not a place this plugin registered: nothing happens`,
      );
      return null;
    }
    return place;
  };

  const addButton = (
    p: PluginRecord,
    fn: string,
    entity: unknown,
    detailPlaceId: unknown,
    label: unknown,
    iface: unknown,
  ) => {
    if (!isEntityType(entity, mode)) {
      flag(p.definition.name, 16, `${fn}(): "${show(entity)}" is not an entity type name: ignored`);
      return;
    }
    if (
      detailPlaceId !== null &&
      !(typeof detailPlaceId === 'string' && detailPlaceIds(entity, mode).includes(detailPlaceId))
    ) {
      flag(
        p.definition.name,
        16,
        `${fn}(): "${show(detailPlaceId)}" is not a detail place id of ${entity} in API ${mode} (§2.4): ignored`,
      );
      return;
    }
    if (!str(p, fn, 'label', label)) return;
    if (!isPlainObject(iface)) {
      flag(p.definition.name, 15, `${fn}(): the button interface must be an object`);
    }
    const b = isPlainObject(iface) ? iface : {};
    for (const member of ['onClick', 'isEnabled', 'isAccessible']) {
      if (member in b && typeof b[member] !== 'function') {
        flag(p.definition.name, 15, `${fn}(): button "${label}" ${member} is not a function`);
      }
    }
    if ('id' in b && typeof b.id !== 'string')
      flag(p.definition.name, 15, `${fn}(): button id must be a string`);
    if ('moreMenu' in b && typeof b.moreMenu !== 'boolean') {
      flag(p.definition.name, 15, `${fn}(): button moreMenu must be a boolean`);
    }
    if ('location' in b)
      flag(p.definition.name, 24, `${fn}(): "location" has no effect since 4.3`, 'warning');
    if (mode === '3.6' && 'moreMenu' in b)
      flag(p.definition.name, 24, `${fn}(): moreMenu needs 4.3+`, 'warning');
    key += 1;
    buttons.push({
      key,
      plugin: p.definition.name,
      entityType: entity,
      detailPlaceId,
      label,
      id: typeof b.id === 'string' ? b.id : null,
      index: Math.max(0, intValue(b.index)),
      moreMenu: mode !== '3.6' && b.moreMenu === true,
      iface: b,
    });
    host.changed('buttons');
  };

  const checkLevel = (p: PluginRecord, fn: string, type: unknown): AlertType => {
    if (type === null || type === undefined) {
      flag(p.definition.name, 22, `${fn}(): type is ${show(type)} — WebAdmin throws a TypeError`);
      throw new TypeError(`Cannot read properties of ${show(type)} (reading 'toUpperCase')`);
    }
    const t = show(type).toLowerCase();
    if ((ALERT_TYPES as readonly string[]).includes(t)) return t as AlertType;
    flag(
      p.definition.name,
      22,
      `${fn}(): unknown type "${show(type)}" — WebAdmin shows it as info`,
    );
    return 'info';
  };

  // ---- core

  define('register', function (this: unknown, handlers: unknown) {
    const p = self(this, 'register');
    if (p.handlers !== null) {
      flag(
        p.definition.name,
        3,
        'register() called again: WebAdmin keeps the first handler object',
      );
      return;
    }
    if (!isPlainObject(handlers)) {
      flag(
        p.definition.name,
        3,
        'register() needs an object: WebAdmin stores {} which blocks the real register()',
      );
      p.handlers = {};
      return;
    }
    p.handlers = handlers;
    checkHandlerNames(p);
  });

  define('options', function (this: unknown, o: unknown) {
    const p = self(this, 'options');
    if (o !== null && o !== undefined && !isPlainObject(o))
      flag(p.definition.name, 25, 'options() needs an object');
    const next = isPlainObject(o) ? o : {};
    const origins = next.allowedMessageOrigins;
    if (origins !== undefined && typeof origins !== 'string' && !Array.isArray(origins)) {
      flag(p.definition.name, 25, 'allowedMessageOrigins must be a string or an array of strings');
    }
    if (Array.isArray(origins) && origins.some((x) => typeof x !== 'string')) {
      flag(
        p.definition.name,
        25,
        'allowedMessageOrigins: non-string entries are dropped',
        'warning',
      );
    }
    const list = typeof origins === 'string' ? [origins] : Array.isArray(origins) ? origins : [];
    for (const origin of list) {
      if (
        typeof origin === 'string' &&
        origin !== '*' &&
        !/^[a-z][a-z0-9+.-]*:\/\/[^/]+$/i.test(origin)
      ) {
        flag(
          p.definition.name,
          25,
          `allowedMessageOrigins entry "${origin}" can never match an origin (scheme://host[:port], no path or slash)`,
        );
      }
    }
    // [APO]: the whole object is replaced, never merged.
    p.options = next;
  });

  define('ready', function (this: unknown) {
    const p = self(this, 'ready');
    p.readyCalls += 1;
    if (p.state !== 'LOADING') {
      const where = p.state === 'INITIALIZING' ? 'from inside UiInit' : `in state ${p.state}`;
      flag(p.definition.name, 4, `ready() called ${where}: WebAdmin ignores it`);
      return;
    }
    if (p.handlers === null) {
      flag(p.definition.name, 2, 'ready() before register(): the plugin stays LOADING');
      return;
    }
    setState(p, 'READY');
    setState(p, 'INITIALIZING');
    invoke(p, 'UiInit', []);
    if (stateOf(p) !== 'INITIALIZING') return; // UiInit threw: FAILED before IN_USE
    setState(p, 'IN_USE');
    const queued = p.queue;
    p.queue = [];
    for (const q of queued) {
      if (stateOf(p) !== 'IN_USE') break;
      const a = q.args();
      if (a !== null) invoke(p, q.name, a);
    }
  });

  define('configObject', function (this: unknown) {
    const p = self(this, 'configObject');
    return configObjects.get(p.definition.name);
  });

  // ---- accessors

  const accessor = (name: string, since: ApiMode[], value: () => unknown) => {
    if (!since.includes(mode)) return;
    define(name, function (this: unknown) {
      const p = self(this, name);
      if (!accGate(p, name)) return undefined;
      return value();
    });
  };
  const all: ApiMode[] = ['4.5', '4.3', '3.6'];
  const v4: ApiMode[] = ['4.5', '4.3'];
  accessor('loginUserName', all, () => options.user.userName);
  accessor('loginUserId', all, () => options.user.userId);
  accessor('ssoToken', v4, () => options.user.ssoToken);
  accessor('engineBaseUrl', v4, () => engineBaseUrl);
  accessor('currentLocale', v4, () => locale);
  accessor('currentPlace', ['4.5'], () => host.currentPlace());
  accessor(
    'rootTag',
    v4,
    () => options.rootTag ?? { name: 'root', description: 'root', selected: false, children: [] },
  );

  if (mode === '4.5') {
    define('logger', function (this: unknown) {
      const p = self(this, 'logger');
      const say = (level: string) => (m: unknown) => {
        host.warn(`[${p.definition.name}] ${level}: ${show(m)}`);
      };
      return { info: say('INFO'), warning: say('WARNING'), severe: say('SEVERE') };
    });
    define('reportFatalError', function (this: unknown, message: unknown) {
      const p = self(this, 'reportFatalError');
      flag(p.definition.name, 11, `plugin reported a fatal error: ${show(message)}`);
    });
  }

  // ---- UI functions (gate: INITIALIZING / IN_USE)

  const ui = (name: string, modes: ApiMode[], body: (p: PluginRecord, args: unknown[]) => void) => {
    if (!modes.includes(mode)) return;
    define(name, function (this: unknown, ...args: unknown[]) {
      const p = self(this, name);
      if (!uiGate(p, name)) return;
      body(p, args);
    });
  };

  ui('addPrimaryMenuPlace', v4, (p, [label, token, url, o]) => {
    addMenuPlace(p, 'addPrimaryMenuPlace', null, label, token, url, o);
  });
  ui('addSecondaryMenuPlace', v4, (p, [menuId, label, token, url, o]) => {
    addMenuPlace(
      p,
      'addSecondaryMenuPlace',
      typeof menuId === 'string' ? menuId : show(menuId),
      label,
      token,
      url,
      o,
    );
  });
  ui('addPrimaryMenuContainer', v4, (p, [label, id, o]) => {
    const fn = 'addPrimaryMenuContainer';
    if (!str(p, fn, 'label', label) || !str(p, fn, 'primaryMenuId', id)) return;
    const { priority, icon } = readTabOptions(p, fn, o, false);
    if (BUILT_IN_MENU_CONTAINERS.includes(id) || menu.some((m) => m.id === id)) {
      flag(p.definition.name, 18, `${fn}(): menu id "${id}" already exists: ignored`);
      return;
    }
    insertMenu(
      menu,
      { kind: 'container', id, label, icon, plugin: p.definition.name, children: [] },
      priority,
    );
    host.changed('menu');
  });
  ui('addDetailPlace', v4, (p, [entity, label, token, url, o]) => {
    addDetail(p, 'addDetailPlace', entity, label, token, url, o);
  });
  ui('setPlaceContentUrl', v4, (p, [token, url]) => {
    const place = ownPlace(p, 'setPlaceContentUrl', token);
    if (place === null || !str(p, 'setPlaceContentUrl', 'contentUrl', url)) return;
    defer(() => {
      place.contentUrl = url;
      host.changed('places');
    });
  });
  ui('setPlaceAccessible', v4, (p, [token, accessible]) => {
    const place = ownPlace(p, 'setPlaceAccessible', token);
    if (place === null) return;
    if (place.kind !== 'detail') {
      flag(
        p.definition.name,
        20,
        `setPlaceAccessible(): "${place.token}" is a menu place: WebAdmin ignores it`,
      );
      return;
    }
    if (typeof accessible !== 'boolean')
      flag(p.definition.name, 20, 'setPlaceAccessible(): accessible must be a boolean');
    defer(() => {
      place.accessible = accessible !== false;
      host.changed('places');
    });
  });
  ui('setPlaceUnloadHandler', v4, (p, [token, fn]) => {
    const place = ownPlace(p, 'setPlaceUnloadHandler', token);
    if (place === null) return;
    if (typeof fn !== 'function') {
      flag(p.definition.name, 20, 'setPlaceUnloadHandler(): handler must be a function');
      return;
    }
    defer(() => {
      place.unloadHandler = fn as () => void;
      host.changed('places');
    });
  });
  ui('addMenuPlaceActionButton', v4, (p, [entity, label, iface]) => {
    addButton(p, 'addMenuPlaceActionButton', entity, null, label, iface);
  });
  ui('addDetailPlaceActionButton', v4, (p, [entity, detailId, label, iface]) => {
    addButton(p, 'addDetailPlaceActionButton', entity, detailId ?? undefined, label, iface);
  });

  ui('showDialog', all, (p, [title, token, url, width, height, o]) => {
    const fn = 'showDialog';
    const name = p.definition.name;
    if (!str(p, fn, 'title', title) || !str(p, fn, 'contentUrl', url)) return;
    if (token !== null && typeof token !== 'string')
      flag(name, 26, `${fn}(): dialogToken must be a string or null`);
    if (typeof width !== 'string' || typeof height !== 'string') {
      flag(name, 26, `${fn}(): width and height must be CSS size strings such as "800px"`);
    }
    if (o !== undefined && o !== null && !isPlainObject(o))
      flag(name, 26, `${fn}(): options must be an object`);
    const opts = isPlainObject(o) ? o : {};
    const closeIconVisible =
      typeof opts.closeIconVisible === 'boolean' ? opts.closeIconVisible : true;
    const closeOnEscKey = typeof opts.closeOnEscKey === 'boolean' ? opts.closeOnEscKey : true;
    const rawButtons = Array.isArray(opts.buttons) ? (opts.buttons as unknown[]) : [];
    if (opts.buttons !== undefined && !Array.isArray(opts.buttons))
      flag(name, 26, `${fn}(): options.buttons must be an array`);
    const dialogButtons = rawButtons.map((b) => {
      const bo = isPlainObject(b) ? b : {};
      return { label: typeof bo.label === 'string' ? bo.label : '', onClick: bo.onClick };
    });
    if (
      (token === null || token === undefined) &&
      !closeIconVisible &&
      !closeOnEscKey &&
      dialogButtons.length === 0
    ) {
      flag(
        name,
        26,
        `${fn}(): null token, no close icon, no Esc and no buttons: the dialog can never be closed`,
      );
    } else if ((token === null || token === undefined) && !closeIconVisible && !closeOnEscKey) {
      flag(
        name,
        26,
        `${fn}(): null token with no close icon and no Esc: only its buttons can close it`,
        'warning',
      );
    }
    if (/<script|on\w+=/i.test(title))
      flag(name, 26, `${fn}(): the title is HTML in WebAdmin and contains markup: escape it`);
    key += 1;
    dialogs.push({
      key,
      plugin: name,
      title,
      token: typeof token === 'string' ? token : null,
      contentUrl: url,
      width: typeof width === 'string' ? width : String(width),
      height: typeof height === 'string' ? height : String(height),
      buttons: dialogButtons,
      closeIconVisible,
      closeOnEscKey,
    });
    host.changed('dialogs');
  });
  const v36up: ApiMode[] = all;
  ui('setDialogContentUrl', v36up, (p, [token, url]) => {
    if (
      !str(p, 'setDialogContentUrl', 'dialogToken', token) ||
      !str(p, 'setDialogContentUrl', 'contentUrl', url)
    )
      return;
    defer(() => {
      for (const d of dialogs) if (d.token === token) d.contentUrl = url;
      host.changed('dialogs');
    });
  });
  ui('closeDialog', v36up, (p, [token]) => {
    if (!str(p, 'closeDialog', 'dialogToken', token)) return;
    defer(() => {
      for (let i = dialogs.length - 1; i >= 0; i -= 1)
        if (dialogs[i]?.token === token) dialogs.splice(i, 1);
      host.changed('dialogs');
    });
  });
  ui('showAlert', v4, (p, [type, message, o]) => {
    const level = checkLevel(p, 'showAlert', type);
    const opts = isPlainObject(o) ? o : {};
    const autoHideMs =
      typeof opts.autoHideMs === 'number' ? Math.max(0, Math.trunc(opts.autoHideMs)) : 0;
    defer(() => {
      key += 1;
      alerts.push({
        key,
        plugin: p.definition.name,
        type: level,
        message: show(message),
        autoHideMs,
        time: now(),
        dismissed: false,
      });
      host.changed('alerts');
    });
  });
  ui('showToast', v4, (p, [type, message]) => {
    const level = checkLevel(p, 'showToast', type);
    defer(() => {
      key += 1;
      const toast: NoticeRecord = {
        key,
        plugin: p.definition.name,
        type: level,
        message: show(message),
        autoHideMs: 8000,
        time: now(),
        dismissed: false,
      };
      if (doNotDisturb()) {
        silencedToasts.push(toast);
        return;
      }
      toasts.push(toast);
      host.changed('toasts');
    });
  });
  ui('revealPlace', v36up, (p, [token]) => {
    if (!str(p, 'revealPlace', 'historyToken', token)) return;
    if (!allTokens().has(token)) flag(p.definition.name, 20, `revealPlace(): no place "${token}"`);
    defer(() => {
      host.revealPlace(token);
    });
  });
  ui('setSearchString', v36up, (p, [search]) => {
    if (!str(p, 'setSearchString', 'searchString', search)) return;
    const prefix = Object.keys(SEARCH_PREFIXES).find((pre) => search.startsWith(pre));
    if (prefix === undefined) {
      flag(
        p.definition.name,
        23,
        `setSearchString("${search}") has no list prefix such as "Vms:": WebAdmin ignores it`,
      );
      return;
    }
    const list = SEARCH_PREFIXES[prefix] ?? 'vms';
    defer(() => {
      host.applySearchString(list, search.slice(prefix.length).trim());
    });
  });

  // ---- 3.x names: real functions in 3.6, deprecated wrappers delegating through `this` in 4.x

  const legacy: [string, string, (p: PluginRecord, args: unknown[]) => void][] = [
    [
      'addMainTab',
      'addPrimaryMenuPlace',
      (p, [label, token, url, o]) => {
        addMenuPlace(p, 'addMainTab', null, label, token, url, o);
      },
    ],
    [
      'addSubTab',
      'addDetailPlace',
      (p, [entity, label, token, url, o]) => {
        addDetail(p, 'addSubTab', entity, label, token, url, o);
      },
    ],
    [
      'setTabContentUrl',
      'setPlaceContentUrl',
      (p, [token, url]) => {
        const place = ownPlace(p, 'setTabContentUrl', token);
        if (place === null || !str(p, 'setTabContentUrl', 'contentUrl', url)) return;
        defer(() => {
          place.contentUrl = url;
          host.changed('places');
        });
      },
    ],
    [
      'setTabAccessible',
      'setPlaceAccessible',
      (p, [token, accessible]) => {
        const place = ownPlace(p, 'setTabAccessible', token);
        if (place === null) return;
        defer(() => {
          place.accessible = accessible !== false;
          host.changed('places');
        });
      },
    ],
    [
      'addMainTabActionButton',
      'addMenuPlaceActionButton',
      (p, [entity, label, iface]) => {
        addButton(p, 'addMainTabActionButton', entity, null, label, iface);
      },
    ],
    [
      'addSubTabActionButton',
      'addDetailPlaceActionButton',
      (p, [entity, sub, label, iface]) => {
        addButton(p, 'addSubTabActionButton', entity, sub, label, iface);
      },
    ],
  ];
  for (const [oldName, newName, body] of legacy) {
    if (mode === '3.6') {
      ui(oldName, ['3.6'], body);
    } else {
      define(oldName, function (this: unknown, ...args: unknown[]) {
        const message = `${oldName} is deprecated, please use ${newName} instead.`;
        host.warn(message);
        if (typeof this === 'object' && this !== null && apis.has(this)) {
          flag((this as { pluginName: string }).pluginName, 24, message, 'warning');
        } else {
          // Rule 8: the wrapper delegates through `this`, so without the api object it throws.
          flag('(unknown)', 8, `${oldName}() called without the api object as "this"`);
        }
        const target = (this as Record<string, unknown> | undefined)?.[newName];
        if (typeof target !== 'function') throw new TypeError(`this.${newName} is not a function`);
        return (target as ApiFunction).apply(this, args);
      });
    }
  }

  const pluginApi = ((name: unknown) => {
    if (typeof name !== 'string' || !plugins.has(name)) {
      // Rule 7: the engine would hand back an object whose calls silently do nothing.
      flag(show(name), 7, `pluginApi(${JSON.stringify(name)}): no plugin with that name`);
      throw new Error(`pluginApi: unknown plugin name ${JSON.stringify(name)}`);
    }
    const api = Object.create(proto) as PluginApiObject;
    Object.defineProperty(api, 'pluginName', { value: name, enumerable: true });
    apis.add(api);
    return api;
  }) as PluginApiFunction;
  pluginApi.fn = proto;

  // ---------------------------------------------------------------- events from the shell

  const selectionArgs = (items: EntityObject[]): unknown[] =>
    // 4.4.0 (commit 41d1f443b12): one array; before that the items were spread.
    mode === '4.5' ? [items.slice()] : items.slice();

  const checkEntities = (type: string, items: EntityObject[]) => {
    for (const item of items) {
      for (const problem of checkEntityObject(type, item, mode)) flag('(webadmin)', 14, problem);
    }
  };

  /** Rule 14 for what a button receives: rows of its list, and the main entity on detail tabs. */
  const checkButtonEntities = (
    button: ButtonRecord,
    selected: EntityObject[],
    main: EntityObject,
  ) => {
    checkEntities(button.detailPlaceId ?? button.entityType, selected);
    if (button.detailPlaceId === null) {
      if (Object.keys(main).length !== 1 || main.id !== '')
        flag('(webadmin)', 14, 'a main-list button gets {id: ""} as its main entity');
    } else {
      checkEntities(button.entityType, [main]);
    }
  };

  const buttonArgs = (selected: EntityObject[], main: EntityObject): unknown[] =>
    mode === '4.5' ? [selected.slice(), { ...main }] : selected.slice();

  const callButtonFn = (
    button: ButtonRecord,
    member: string,
    selected: EntityObject[],
    main: EntityObject,
  ) => {
    const fn = button.iface[member];
    if (typeof fn !== 'function') return { called: false as const, value: undefined };
    try {
      return {
        called: true as const,
        value: Reflect.apply(
          fn as (...a: unknown[]) => unknown,
          undefined,
          buttonArgs(selected, main),
        ),
      };
    } catch (e) {
      flag(
        button.plugin,
        15,
        `button "${button.label}" ${member} threw: ${describe(e)} (WebAdmin logs it)`,
      );
      return { called: false as const, value: undefined };
    }
  };

  const booleanResult = (
    button: ButtonRecord,
    member: string,
    selected: EntityObject[],
    main: EntityObject,
  ): boolean => {
    const r = callButtonFn(button, member, selected, main);
    if (!r.called) return true;
    if (typeof r.value === 'boolean') return r.value;
    if (r.value === null) {
      flag(
        button.plugin,
        15,
        `button "${button.label}" ${member} returned null (WebAdmin reads it as false)`,
      );
      return false;
    }
    flag(
      button.plugin,
      15,
      `button "${button.label}" ${member} returned ${typeof r.value} ${describe(r.value)}: WebAdmin treats anything but a boolean as true`,
    );
    return true;
  };

  const start = () => {
    for (const p of plugins.values()) {
      if (!p.definition.enabled) continue; // disabled plugins stay DEFINED
      setState(p, 'LOADING');
      p.detach = host.attachFrame(p.definition.name, p.definition.url);
      setTimeout(() => {
        if (p.state === 'LOADING') {
          flag(
            p.definition.name,
            28,
            `ready() not called within ${readyTimeoutMs} ms of loading${p.definition.lazyLoad ? '' : ' — a lazyLoad:false plugin blocks WebAdmin forever'}`,
          );
        }
      }, readyTimeoutMs);
    }
    settle();
  };

  return {
    mode,
    pluginApi,
    start,
    state: (name) => plugins.get(name)?.state,
    stateHistory: (name) => [...(plugins.get(name)?.history ?? [])],
    plugins: () => [...plugins.keys()],
    violations: () => log.filter((v) => v.severity === 'violation'),
    warnings: () => log.filter((v) => v.severity === 'warning'),
    flag,
    menu,
    places,
    buttons,
    dialogs,
    alerts,
    toasts,
    silencedToasts,
    get defaultPlace() {
      return defaultPlace;
    },
    whenPreloaded: () =>
      new Promise<void>((resolve) => {
        preloadWaiters.push(resolve);
        settle();
      }),
    fireSelection(entityType, items) {
      checkEntities(entityType, items);
      dispatchNow(`${entityType}SelectionChange`, () => selectionArgs(items));
    },
    fireDetailItemSelection(items, itemType) {
      if (mode !== '4.5') return;
      checkEntities(itemType ?? '(detail item)', items);
      dispatchNow('DetailItemSelectionChange', () => [items.slice()]);
    },
    fireTagActivation(tags) {
      if (mode === '3.6') return;
      // [PEH] passes the active tags as the argument list itself.
      dispatchNow('TagActivationChange', () =>
        tags.map(({ name, description, selected }) => ({ name, description, selected })),
      );
    },
    fireUserLogin() {
      dispatchNowOrLater('UserLogin', () => [options.user.userName, options.user.userId]);
    },
    fireUserLogout() {
      if (mode !== '3.6') return; // never fired since 4.0
      dispatchNowOrLater('UserLogout', () => []);
    },
    fireRestApiSessionAcquired(sessionId) {
      if (mode !== '3.6') return; // removed in 4.0.0
      dispatchNowOrLater('RestApiSessionAcquired', () => [sessionId]);
    },
    deliverMessage(data, origin, source) {
      dispatchNowOrLater('MessageReceived', (p) => {
        // The origin check runs at delivery (replay) time with the options current then.
        if (!originAllowed(p, origin)) return null;
        return mixedArray([data, source]);
      });
    },
    evaluateButton(button, selected, main) {
      checkButtonEntities(button, selected, main);
      return {
        enabled: booleanResult(button, 'isEnabled', selected, main),
        accessible: booleanResult(button, 'isAccessible', selected, main),
      };
    },
    clickButton(button, selected, main) {
      checkButtonEntities(button, selected, main);
      callButtonFn(button, 'onClick', selected, main);
    },
    clickDialogButton(dialog, index) {
      const b = dialog.buttons[index];
      if (b === undefined || typeof b.onClick !== 'function') return;
      try {
        Reflect.apply(b.onClick as () => unknown, undefined, []);
      } catch (e) {
        flag(
          dialog.plugin,
          15,
          `dialog button "${b.label}" threw: ${describe(e)} (WebAdmin logs it)`,
        );
      }
    },
    dismissDialog(dialog) {
      const i = dialogs.indexOf(dialog);
      if (i >= 0) dialogs.splice(i, 1);
      host.changed('dialogs');
    },
    dismissAlert(k) {
      const alert = alerts.find((a) => a.key === k);
      if (alert) alert.dismissed = true;
      host.changed('alerts');
    },
    dismissToast(k) {
      const toast = toasts.find((a) => a.key === k);
      if (toast) toast.dismissed = true;
      host.changed('toasts');
    },
  };
}
