/**
 * The plugin's pages, place tokens and dialog tokens: one list shared by the build
 * (vite.config.ts entries), the host page (content URLs) and the consistency test, so a page
 * cannot be registered without being built, or built without being reachable.
 *
 * Context travels in the URL hash (`vm-activity.html#id=…`): changing only the hash of a place
 * iframe is a same-document navigation, so a selection change does not reload the page.
 * Credentials never travel in URLs (see readCredential in pluginApi.ts).
 */
import { PLUGIN_URL_PREFIX } from './pluginApi';

export const PAGES = {
  hostPage: 'plugin.html',
  main: 'ops-center.html',
  vmActivity: 'vm-activity.html',
  hostLoad: 'host-load.html',
  /** The Clusters detail tab "Balance" (`#id=<cluster>`): the balance view for one cluster. */
  clusterBalance: 'cluster-balance.html',
  vmBulk: 'vm-bulk.html',
  vmMigrate: 'vm-migrate.html',
  vmClone: 'vm-clone.html',
  hostMaintenance: 'host-maintenance.html',
  hostActivate: 'host-activate.html',
  /** Check for upgrade and rolling upgrade (`#ids=…[&mode=check][&cluster=…][&op=…]`). */
  hostUpgrade: 'host-upgrade.html',
  /** Restart through power management; with `#view=drift`, the cluster drift view. */
  hostRestart: 'host-restart.html',
  /** No UI: loaded by the host page while unfinished operations exist, to drive them. */
  operationsRunner: 'operations-runner.html',
} as const;

export type PageId = keyof typeof PAGES;

/** History tokens: `[a-z0-9-]` only and prefixed, so they cannot clash with WebAdmin's (§7.19). */
export const PLACE_TOKENS = {
  main: 'ops-center',
  vmActivity: 'ops-center-vm-activity',
  hostLoad: 'ops-center-host-load',
  clusterBalance: 'ops-center-cluster-balance',
} as const;

/** One dialog token per dialog kind, so a dialog page can close itself (closeDialog acts on all with the token). */
export const DIALOG_TOKENS = {
  vmBulk: 'ops-center-vm-bulk',
  vmMigrate: 'ops-center-vm-migrate',
  vmClone: 'ops-center-vm-clone',
  hostMaintenance: 'ops-center-host-maintenance',
  hostActivate: 'ops-center-host-activate',
  hostUpgrade: 'ops-center-host-upgrade',
  hostRestart: 'ops-center-host-restart',
  hostDrift: 'ops-center-host-drift',
} as const;

export type DialogId = keyof typeof DIALOG_TOKENS;

/**
 * WebAdmin's OK button of our dialogs: the host page posts the dialog's token on this channel and
 * the open dialog page with that token confirms (host page and dialog pages share the engine's
 * origin). Never carries anything else.
 */
export const DIALOG_CHANNEL = 'ops-center-dialog';

/** Bulk VM actions the vm-bulk dialog runs (`vm-bulk.html#action=<action>&ids=…`). */
export const VM_BULK_ACTIONS = ['start', 'shutdown', 'stop', 'reboot', 'suspend'] as const;
export type VmBulkAction = (typeof VM_BULK_ACTIONS)[number];

/**
 * A content URL for WebAdmin (relative to `/ovirt-engine/webadmin/`), always with a `#` so that
 * later hash-only changes stay same-document navigations.
 */
export function pageUrl(page: PageId, params: Record<string, string> = {}): string {
  const hash = Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return `${PLUGIN_URL_PREFIX}${PAGES[page]}#${hash}`;
}
