/**
 * The list buttons, one small function each with its rule stated (model-codebases §4.2).
 * `isEnabled`/`isAccessible` must return real booleans (anything else counts as true, §3) and
 * stay cheap: WebAdmin re-evaluates them on every selection and model update.
 */
import {
  addDetailListButton,
  addListButton,
  guard,
  selectedEntities,
} from '../plugin-api/pluginApi';
import type { ActionButton, EntityObject } from '../plugin-api/pluginApi';
import type { VmBulkAction } from '../plugin-api/pages';
import type { HostPageText } from '../messages/hostPage';
import { openDialog } from './dialogs';

type Texts = Record<HostPageText, string>;

/**
 * Externally managed VMs/hosts (`managed: false`, 4.4.2+) cannot be operated on from oVirt.
 * Older engines omit the field: treat as managed and let the engine decide.
 */
export function managed(selected: EntityObject[]): EntityObject[] {
  return selected.filter((e) => e.managed !== false);
}

/**
 * VM statuses (§2.3) in which each action can do something; the dialog skips the others, with the
 * reason. The same rule as Ops Center's toolbar and plan (`vmActionApplies` in
 * src/operations/vmActions.ts, on the REST names): buttons.test.ts checks every status against it.
 */
const ACTION_STATUSES: Record<
  VmBulkAction | 'migrate',
  readonly string[] | ((s: string) => boolean)
> = {
  start: ['Down', 'Suspended', 'Paused'],
  shutdown: ['Up', 'PoweringUp', 'Paused', 'RebootInProgress'],
  stop: (s) => !/^(Down|Image|Unassigned|SavingState|Migrating)/.test(s),
  reboot: ['Up'],
  suspend: ['Up'],
  migrate: ['Up'],
};

/** A VM without a status string (older engines) could be in any state: let the dialog check. */
function statusAllows(
  vm: EntityObject,
  rule: readonly string[] | ((s: string) => boolean),
): boolean {
  if (typeof vm.status !== 'string') return true;
  return typeof rule === 'function' ? rule(vm.status) : rule.includes(vm.status);
}

/**
 * Every VM action, Migrate included: enabled when at least one selected, managed VM is in a state
 * the action applies to (the dialog lists the rest as skipped, with the reason).
 */
export function canRunBulk(action: VmBulkAction | 'migrate', selected: EntityObject[]): boolean {
  return managed(selected).some((vm) => statusAllows(vm, ACTION_STATUSES[action]));
}

export const canMigrate = (selected: EntityObject[]): boolean => canRunBulk('migrate', selected);

/** Safe clone: exactly one managed VM. */
export function canClone(selected: EntityObject[]): boolean {
  return selected.length === 1 && managed(selected).length === 1;
}

/** Host buttons: at least one managed host (the host entity object carries no status, §2.3). */
export function canOperateHosts(selected: EntityObject[]): boolean {
  return managed(selected).length > 0;
}

const ids = (selected: EntityObject[]): string[] => managed(selected).map((e) => e.id);

function buttonInterface(
  id: string,
  moreMenu: boolean,
  enabled: (selected: EntityObject[]) => boolean,
  open: (selected: EntityObject[]) => void,
): ActionButton {
  return {
    id,
    moreMenu,
    onClick: guard(
      `${id} click`,
      (...args: unknown[]) => {
        const selected = selectedEntities(args);
        if (enabled(selected)) open(selected);
      },
      undefined,
    ),
    isEnabled: guard(
      `${id} isEnabled`,
      (...args: unknown[]) => enabled(selectedEntities(args)),
      false,
    ),
    isAccessible: () => true,
  };
}

function button(
  entity: 'VirtualMachine' | 'Host',
  label: string,
  id: string,
  moreMenu: boolean,
  enabled: (selected: EntityObject[]) => boolean,
  open: (selected: EntityObject[]) => void,
): void {
  addListButton(entity, label, buttonInterface(id, moreMenu, enabled, open));
}

const BULK: { action: VmBulkAction; label: HostPageText; moreMenu: boolean }[] = [
  { action: 'start', label: 'vmStart', moreMenu: false },
  { action: 'shutdown', label: 'vmShutdown', moreMenu: false },
  { action: 'stop', label: 'vmStop', moreMenu: true },
  { action: 'reboot', label: 'vmReboot', moreMenu: true },
  { action: 'suspend', label: 'vmSuspend', moreMenu: true },
];

export function addVmButtons(texts: Texts): void {
  for (const { action, label, moreMenu } of BULK) {
    button(
      'VirtualMachine',
      texts[label],
      `ops-center-vm-${action}`,
      moreMenu,
      (s) => canRunBulk(action, s),
      (s) => {
        openDialog(texts, 'vmBulk', ids(s), action);
      },
    );
  }
  button('VirtualMachine', texts.vmMigrate, 'ops-center-vm-migrate', false, canMigrate, (s) => {
    openDialog(texts, 'vmMigrate', ids(s));
  });
  button('VirtualMachine', texts.vmClone, 'ops-center-vm-clone', true, canClone, (s) => {
    openDialog(texts, 'vmClone', ids(s));
  });
}

export function addHostButtons(texts: Texts): void {
  button(
    'Host',
    texts.hostMaintenance,
    'ops-center-host-maintenance',
    false,
    canOperateHosts,
    (s) => {
      openDialog(texts, 'hostMaintenance', ids(s));
    },
  );
  button('Host', texts.hostActivate, 'ops-center-host-activate', true, canOperateHosts, (s) => {
    openDialog(texts, 'hostActivate', ids(s));
  });
  button(
    'Host',
    texts.hostUpgradeCheck,
    'ops-center-host-upgradecheck',
    true,
    canOperateHosts,
    (s) => {
      openDialog(texts, 'hostUpgrade', ids(s), undefined, { mode: 'check' });
    },
  );
  button('Host', texts.hostUpgrade, 'ops-center-host-upgrade', true, canOperateHosts, (s) => {
    openDialog(texts, 'hostUpgrade', ids(s));
  });
  button('Host', texts.hostRestart, 'ops-center-host-restart', true, canOperateHosts, (s) => {
    openDialog(texts, 'hostRestart', ids(s));
  });
  // Host › Virtual Machines: the selected items are VM entity objects (§2.3), the host is the
  // main entity; the same rule and dialog as the VM list's Migrate.
  addDetailListButton(
    'Host',
    'VirtualMachine',
    texts.vmMigrate,
    buttonInterface('ops-center-host-vms-migrate', false, canMigrate, (s) => {
      openDialog(texts, 'vmMigrate', ids(s));
    }),
  );
}
