import { closeDialog, showDialog } from '../plugin-api/pluginApi';
import { DIALOG_CHANNEL, DIALOG_TOKENS, pageUrl } from '../plugin-api/pages';
import type { DialogId, VmBulkAction } from '../plugin-api/pages';
import type { HostPageText } from '../messages/hostPage';

const BULK_TITLES: Record<VmBulkAction, HostPageText> = {
  start: 'dialogVmStart',
  shutdown: 'dialogVmShutdown',
  stop: 'dialogVmStop',
  reboot: 'dialogVmReboot',
  suspend: 'dialogVmSuspend',
};

/** Dialogs WebAdmin's own buttons open (the drift view opens from Ops Center › Hosts only). */
type HostPageDialog = Exclude<DialogId, 'hostDrift'>;

const TITLES: Record<Exclude<HostPageDialog, 'vmBulk'>, HostPageText> = {
  vmMigrate: 'dialogVmMigrate',
  vmClone: 'dialogVmClone',
  hostMaintenance: 'dialogHostMaintenance',
  hostActivate: 'dialogHostActivate',
  hostUpgrade: 'dialogHostUpgrade',
  hostRestart: 'dialogHostRestart',
};

/**
 * Opens one of our dialogs with the selected ids in the URL hash (never credentials).
 * `vmClone` takes exactly one VM (`#id=`), the others a list (`#ids=a,b`).
 */
export function openDialog(
  texts: Record<HostPageText, string>,
  dialog: HostPageDialog,
  ids: string[],
  action?: VmBulkAction,
  extra: Record<string, string> = {},
): void {
  const params: Record<string, string> =
    dialog === 'vmClone' ? { id: ids[0] ?? '' } : { ids: ids.join(','), ...extra };
  if (dialog === 'vmBulk' && action) params.action = action;
  // This dialog's own name for OK: a BroadcastChannel reaches every tab of the origin, and
  // another WebAdmin tab may have the same kind of dialog open.
  const ok = (params.ok = String(Math.random()).slice(2));
  const title = dialog === 'vmBulk' ? BULK_TITLES[action ?? 'start'] : TITLES[dialog];
  const token = DIALOG_TOKENS[dialog];
  showDialog(texts[title], token, pageUrl(dialog, params), '960px', '640px', [
    {
      label: texts.ok,
      onClick: () => {
        relayOk(ok);
      },
    },
    {
      label: texts.close,
      onClick: () => {
        closeDialog(token);
      },
    },
  ]);
}

/**
 * WebAdmin's OK button runs in the host page: it tells the dialog page (same origin) to confirm,
 * naming the dialog by the `ok` value of its URL; the page decides what OK means now (see
 * src/tabs/shared/ui/dialogFooter.tsx).
 */
export function relayOk(ok: string): void {
  const channel = new BroadcastChannel(DIALOG_CHANNEL);
  channel.postMessage(ok);
  channel.close();
}
