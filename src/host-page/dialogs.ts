import { showDialog } from '../plugin-api/pluginApi';
import { DIALOG_TOKENS, pageUrl } from '../plugin-api/pages';
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
  const title = dialog === 'vmBulk' ? BULK_TITLES[action ?? 'start'] : TITLES[dialog];
  showDialog(texts[title], DIALOG_TOKENS[dialog], pageUrl(dialog, params), '960px', '640px');
}
