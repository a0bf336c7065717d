/**
 * The ONE module that touches WebAdmin's `pluginApi` (PRODUCT.md, model-codebases §4.1).
 *
 * Both the host page (hidden, loaded at WebAdmin startup) and every page/dialog iframe use it.
 * All our frames are same-origin children of WebAdmin's top window, so each of them reaches
 * `window.top.pluginApi('ops-center')` directly; the API's accessors are gated by the plugin's
 * state, not by which frame calls them.
 *
 * Contract: shared/reference/webadmin-plugin-api.md. The RPM requires engine 4.3.0 or later; the
 * differences between 4.4/4.5 and 4.3 are handled here by feature detection (which functions
 * exist, which argument shapes arrive), never by version sniffing.
 *
 * Keep the parts the host page uses small: they count toward its 4 KB gzip startup budget.
 *
 * @example
 *   const api = pluginApi();            // memoized; undefined outside WebAdmin
 *   showToast('success', 'Started 3 VMs');
 *   const cred = readCredential();      // { kind: 'bearer', token } — never log or store it
 */

import type { HostMessage } from './hostMessages';

export const PLUGIN_NAME = 'ops-center';
/** Content URLs are relative to WebAdmin's page (`/ovirt-engine/webadmin/`), see §1.3. */
export const PLUGIN_URL_PREFIX = `plugin/${PLUGIN_NAME}/`;

/** §2.3: every field may be absent or null depending on the engine version. */
export interface EntityObject {
  id: string;
  [field: string]: unknown;
}

export interface ActionButton {
  onClick?(selected: EntityObject[], main: EntityObject): void;
  isEnabled?(selected: EntityObject[], main: EntityObject): boolean;
  isAccessible?(selected: EntityObject[], main: EntityObject): boolean;
  index?: number;
  id?: string;
  moreMenu?: boolean;
}

export interface PlaceOptions {
  priority?: number;
  icon?: string;
}

export interface DialogOptions {
  buttons?: { label?: string; onClick?(): void }[];
  closeIconVisible?: boolean;
  closeOnEscKey?: boolean;
}

export type Level = 'info' | 'success' | 'warning' | 'danger';

/** Handler names WebAdmin calls (§2.2). Handlers never use `this` (§2.1). */
export interface EventHandlers {
  UiInit?(): void;
  UserLogin?(userName: string, userId: string): void;
  MessageReceived?(data: unknown, source?: unknown): void;
  VirtualMachineSelectionChange?(...args: unknown[]): void;
  HostSelectionChange?(...args: unknown[]): void;
  ClusterSelectionChange?(...args: unknown[]): void;
}

/**
 * §8. Every member is optional because availability depends on the engine
 * version; callers go through the helpers below, which pick what exists.
 */
export interface PluginApi {
  readonly pluginName: string;
  register(handlers: EventHandlers): void;
  options(o: { allowedMessageOrigins?: string | string[] }): void;
  ready(): void;
  configObject(): Record<string, unknown> | null;
  logger?(): { info(m: string): void; warning(m: string): void; severe(m: string): void };
  reportFatalError?(message: string): void;
  loginUserName?(): string | undefined;
  loginUserId?(): string | undefined;
  ssoToken?(): string | null | undefined;
  engineBaseUrl?(): string | undefined;
  currentLocale?(): string | undefined;
  currentPlace?(): string | undefined;
  addPrimaryMenuPlace?(label: string, token: string, url: string, o?: PlaceOptions): void;
  addSecondaryMenuPlace?(
    primaryId: string,
    label: string,
    token: string,
    url: string,
    o?: PlaceOptions,
  ): void;
  addDetailPlace?(
    entity: string,
    label: string,
    token: string,
    url: string,
    o?: PlaceOptions,
  ): void;
  setPlaceContentUrl?(token: string, url: string): void;
  addMenuPlaceActionButton?(entity: string, label: string, button: ActionButton): void;
  addDetailPlaceActionButton?(
    entity: string,
    detailPlaceId: string,
    label: string,
    button: ActionButton,
  ): void;
  showDialog?(
    title: string,
    token: string | null,
    url: string,
    width: string,
    height: string,
    o?: DialogOptions,
  ): void;
  setDialogContentUrl?(token: string, url: string): void;
  closeDialog?(token: string): void;
  showAlert?(type: Level, message: string, o?: { autoHideMs?: number }): void;
  showToast?(type: Level, message: string): void;
  revealPlace?(token: string): void;
  setSearchString?(search: string): void;
}

type PluginApiFactory = (name: string) => PluginApi;

const defaultWindow = (): Window | null => window.top;
let getTopWindow: () => Window | null = defaultWindow;
let memo: PluginApi | undefined;

/** Tests inject a fake top window; `undefined` restores the real one. Resets the memo. */
export function setTopWindowGetter(getter?: () => Window | null): void {
  getTopWindow = getter ?? defaultWindow;
  memo = undefined;
}

/**
 * WebAdmin's place in its own URL: `#<token>;<key>=<value>;…` (GWTP ParameterTokenFormatter,
 * values URL-encoded). A reload or bookmark of a detail tab (`#ops-center-vm-activity;name=vm1`)
 * carries the entity only here: no selection event fires for it.
 */
export function parsePlaceToken(hash: string): { token: string; params: Record<string, string> } {
  const [token = '', ...pairs] = (hash.startsWith('#') ? hash.slice(1) : hash).split(';');
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    try {
      params[decodeURIComponent(pair.slice(0, eq))] = decodeURIComponent(pair.slice(eq + 1));
    } catch {
      // a malformed escape: WebAdmin's formatter would not have produced it; ignore the pair
    }
  }
  return { token, params };
}

/** The top window's place and parameters, or null outside WebAdmin / cross-origin. */
export function topPlace(): { token: string; params: Record<string, string> } | null {
  try {
    const top = getTopWindow();
    return top ? parsePlaceToken(top.location.hash) : null;
  } catch {
    return null;
  }
}

/** Calls `onChange` when the top window's place changes; returns the unsubscribe function. */
export function watchTopPlace(onChange: () => void): () => void {
  try {
    const top = getTopWindow();
    if (!top) return () => undefined;
    top.addEventListener('hashchange', onChange);
    return () => {
      top.removeEventListener('hashchange', onChange);
    };
  } catch {
    return () => undefined;
  }
}

/** Forget the memoized API object (tests). */
export function resetPluginApi(): void {
  memo = undefined;
}

/**
 * The API object, or undefined when this page is not inside WebAdmin (or WebAdmin is not
 * same-origin, which the engine never does but a mis-installed proxy could).
 */
export function pluginApi(): PluginApi | undefined {
  if (memo) return memo;
  try {
    const top = getTopWindow();
    const factory: unknown = top ? Reflect.get(top, 'pluginApi') : undefined;
    memo = typeof factory === 'function' ? (factory as PluginApiFactory)(PLUGIN_NAME) : undefined;
  } catch {
    memo = undefined;
  }
  return memo;
}

/**
 * Calls an optional API function as a method (the engine reads `this.pluginName`, §1.1) and never
 * throws: a failing WebAdmin call must not take a handler — and with it the plugin — down.
 */
function call(name: keyof PluginApi, ...args: unknown[]): unknown {
  const api = pluginApi();
  // Read as a plain property and applied with `api` as `this` below (the engine needs it).
  const fn: unknown = api ? Reflect.get(api, name) : undefined;
  if (typeof fn !== 'function') return undefined;
  try {
    return (fn as (...a: unknown[]) => unknown).apply(api, args);
  } catch (error) {
    console.error(`ops-center: pluginApi.${name} failed`, error);
    return undefined;
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

// ---- errors -------------------------------------------------------------------------------

/** Sends an error to WebAdmin's UI log (`reportFatalError`, 4.4.8+) or, on older engines, the console. */
export function reportError(message: string, error?: unknown): void {
  const detail = error instanceof Error ? `${message}: ${error.message}` : message;
  if (typeof pluginApi()?.reportFatalError === 'function') call('reportFatalError', detail);
  else console.error(`ops-center: ${detail}`, error);
}

/**
 * Wraps an event handler or button callback so it can never throw into WebAdmin (a throwing
 * handler makes the engine mark the plugin FAILED and drop it, §2.1).
 */
export function guard<A extends unknown[], R>(
  what: string,
  fn: (...args: A) => R,
  fallback: R,
): (...args: A) => R {
  return (...args: A): R => {
    try {
      return fn(...args);
    } catch (error) {
      reportError(`${what} failed`, error);
      return fallback;
    }
  };
}

// ---- argument shapes ------------------------------------------------------------------------

function isEntity(value: unknown): value is EntityObject {
  return (
    typeof value === 'object' && value !== null && typeof (value as EntityObject).id === 'string'
  );
}

/**
 * Selection and button arguments: 4.4+ passes one array (plus `mainEntity` for buttons), 4.3
 * spreads the entities as separate arguments (§2.2, §3). Detected from the shape.
 */
export function selectedEntities(args: readonly unknown[]): EntityObject[] {
  const first = args[0];
  const list: unknown[] = Array.isArray(first) ? first : [...args];
  return list.filter(isEntity);
}

// ---- lifecycle (host page) -------------------------------------------------------------------

export function registerAndReady(handlers: EventHandlers, allowedOrigins: string[]): boolean {
  const api = pluginApi();
  if (!api) return false;
  try {
    api.register(handlers);
    if (typeof api.options === 'function') api.options({ allowedMessageOrigins: allowedOrigins });
    api.ready();
    return true;
  } catch (error) {
    reportError('register', error);
    return false;
  }
}

// ---- places and buttons (host page, inside UiInit) ------------------------------------------

/** The main place: a primary menu entry, or (`placeUnderCompute`) an entry under Compute. */
export function addMainPlace(
  label: string,
  token: string,
  url: string,
  underCompute: boolean,
  options: PlaceOptions,
): void {
  if (underCompute) call('addSecondaryMenuPlace', 'compute', label, token, url, options);
  else call('addPrimaryMenuPlace', label, token, url, options);
}

export function addDetailPlace(
  entity: string,
  label: string,
  token: string,
  url: string,
  options: PlaceOptions,
): void {
  call('addDetailPlace', entity, label, token, url, options);
}

export function setPlaceContentUrl(token: string, url: string): void {
  call('setPlaceContentUrl', token, url);
}

export function addListButton(entity: string, label: string, button: ActionButton): void {
  call('addMenuPlaceActionButton', entity, label, button);
}

/** A button on a detail tab's table (e.g. Host › Virtual Machines; a detail-place id, 4.3+). */
export function addDetailListButton(
  entity: string,
  detailPlaceId: string,
  label: string,
  button: ActionButton,
): void {
  call('addDetailPlaceActionButton', entity, detailPlaceId, label, button);
}

// ---- dialogs, notifications, navigation -----------------------------------------------------

/** Dialog titles are inserted as HTML by WebAdmin (§6): everything we pass is escaped here. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** `buttons`: WebAdmin's footer buttons (static labels, `onClick` called with no arguments). */
export function showDialog(
  title: string,
  token: string,
  url: string,
  width: string,
  height: string,
  buttons: NonNullable<DialogOptions['buttons']> = [],
): void {
  call('showDialog', escapeHtml(title), token, url, width, height, {
    buttons,
    closeIconVisible: true,
    closeOnEscKey: true,
  });
}

export function closeDialog(token: string): void {
  call('closeDialog', token);
}

export function showToast(level: Level, message: string): void {
  call('showToast', level, message);
}

export function showAlert(level: Level, message: string, autoHideMs?: number): void {
  call('showAlert', level, message, autoHideMs === undefined ? undefined : { autoHideMs });
}

export function revealPlace(token: string): void {
  call('revealPlace', token);
}

/**
 * WebAdmin applies a search only when it starts with the list's prefix (`Vms:`, `Host:`; §1.3),
 * so the prefix is a separate, required argument.
 */
export function setSearchString(prefix: 'Vms' | 'Host', search: string): void {
  call('setSearchString', `${prefix}: ${search}`);
}

// ---- accessors (pages) ----------------------------------------------------------------------

export function engineBaseUrl(): string | undefined {
  const url = str(call('engineBaseUrl'));
  return url === undefined ? undefined : url.endsWith('/') ? url : `${url}/`;
}

/** `xx-YY`; 'en-US' when unknown. */
export function currentLocale(): string {
  return str(call('currentLocale')) ?? 'en-US';
}

export function loginUserId(): string | undefined {
  return str(call('loginUserId'));
}

export function loginUserName(): string | undefined {
  return str(call('loginUserName'));
}

export function currentPlace(): string | undefined {
  return str(call('currentPlace'));
}

/** The merged config object (§4.3); validate it with `readConfig` before use. */
export function configObject(): unknown {
  return call('configObject') ?? undefined;
}

// ---- credentials ------------------------------------------------------------------------------

/** Mirrors the bearer `Credential` in src/rest/transport.ts. */
export interface PluginCredential {
  kind: 'bearer';
  token: string;
}

/** The admin's REST credential (`ssoToken()`), read fresh at each call and never stored. */
export function readCredential(): PluginCredential | undefined {
  const token = str(call('ssoToken'));
  return token === undefined ? undefined : { kind: 'bearer', token };
}

// ---- messages to the host page -----------------------------------------------------------------

/**
 * Posts one of our namespaced messages (see hostMessages.ts) to WebAdmin's window, which hands it
 * to our host page's `MessageReceived`. Targeted at our own origin only; messages never carry
 * credentials.
 */
export function postToHost(message: HostMessage): void {
  try {
    const top = getTopWindow();
    top?.postMessage(message, window.location.origin);
  } catch (error) {
    reportError('postMessage to WebAdmin', error);
  }
}
