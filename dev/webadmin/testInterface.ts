// `window.__webadmin`: what Playwright (e2e/support/webadminPage.ts) may ask the mock WebAdmin.
// Types only, shared by the shell (which implements it) and the e2e page object.

import type { ApiMode, PluginState } from './contract';
import type { EntityObject } from './entities';
import type { Violation } from './pluginApi';

export type ListId = 'vms' | 'hosts' | 'clusters';

export interface NoticeView {
  type: string;
  message: string;
  plugin: string;
  dismissed: boolean;
}

export interface DialogView {
  title: string;
  token: string | null;
  contentUrl: string;
  width: string;
  height: string;
  plugin: string;
}

export interface PlaceView {
  kind: 'primary' | 'secondary' | 'detail';
  label: string;
  token: string;
  contentUrl: string;
  entityType: string | null;
  accessible: boolean;
  plugin: string;
  inMenu: boolean;
}

export interface ButtonView {
  id: string | null;
  label: string;
  entityType: string;
  moreMenu: boolean;
  index: number;
  enabled: boolean;
  accessible: boolean;
}

export interface WebAdminTestInterface {
  mode: ApiMode;
  /** Resolves after the initial place transition (every lazyLoad:false plugin is ready). */
  whenStarted(): Promise<void>;
  state(plugin?: string): PluginState | undefined;
  stateHistory(plugin?: string): PluginState[];
  violations(): Violation[];
  warnings(): Violation[];
  /** Uncaught errors seen in plugin iframes (host page, places, dialogs). */
  pageErrors(): { frame: string; message: string }[];
  currentPlace(): string;
  defaultPlace(): string | null;
  revealPlace(token: string): void;
  /** Selects rows by name or id (fires the selection event); returns the entity objects. */
  select(list: ListId, namesOrIds: string[]): Promise<EntityObject[]>;
  selectVms(namesOrIds: string[]): Promise<EntityObject[]>;
  selectHosts(namesOrIds: string[]): Promise<EntityObject[]>;
  selectClusters(namesOrIds: string[]): Promise<EntityObject[]>;
  refresh(): Promise<void>;
  rows(list: ListId): EntityObject[];
  fireEvent(name: string, ...args: unknown[]): void;
  toasts(): NoticeView[];
  /** "Do not disturb": while on, showToast shows nothing (NotificationPresenterWidget). */
  setDoNotDisturb(on: boolean): void;
  /** Toasts a plugin asked for while "Do not disturb" was on; none reached the screen. */
  silencedToasts(): NoticeView[];
  alerts(): NoticeView[];
  dialogs(): DialogView[];
  places(): PlaceView[];
  buttons(entityType?: string): ButtonView[];
}
