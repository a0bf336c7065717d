/**
 * Which VM lifecycle action applies to which VM status, what status it ends in, and why a VM is
 * skipped. The confirmation shows the skip reasons before anything is sent, so a bulk action never
 * asks the engine for something it would refuse with "VM is running" / "VM is not running".
 *
 * Statuses are the REST spellings (engine-rest-api.md §3.2).
 */

export type VmAction = 'start' | 'shutdown' | 'stop' | 'reboot' | 'suspend' | 'migrate';

export const VM_ACTIONS: readonly VmAction[] = [
  'start',
  'shutdown',
  'stop',
  'reboot',
  'suspend',
  'migrate',
];

export type VmStatusName =
  | 'unassigned'
  | 'down'
  | 'up'
  | 'powering_up'
  | 'paused'
  | 'migrating'
  | 'unknown'
  | 'not_responding'
  | 'wait_for_launch'
  | 'reboot_in_progress'
  | 'saving_state'
  | 'restoring_state'
  | 'suspended'
  | 'image_locked'
  | 'powering_down';

/** Why a VM is left out of a bulk action; each has a message `vms.skip.<reason>`. */
export type SkipReason =
  | 'alreadyUp'
  | 'alreadyStarting'
  | 'alreadyDown'
  | 'alreadyStopping'
  | 'alreadySuspended'
  | 'alreadyMigrating'
  | 'notRunning'
  | 'locked'
  | 'unreachable'
  | 'busy'
  | 'external'
  | 'hostedEngine'
  // Migration refusals the engine states up front (migrateChecks.ts).
  | 'pinnedToHost'
  | 'onlyThisHost'
  | 'targetNotAllowed'
  | 'noTarget';

export type Applicability = { applies: true } | { applies: false; reason: SkipReason };

const STARTING: ReadonlySet<string> = new Set([
  'wait_for_launch',
  'powering_up',
  'restoring_state',
]);
const NOT_RUNNING: ReadonlySet<string> = new Set(['down', 'suspended', 'unassigned']);

function skip(reason: SkipReason): Applicability {
  return { applies: false, reason };
}

const OK: Applicability = { applies: true };

/**
 * The engine refuses most actions by a VM's origin (`VmActionByVmOriginTypeValidator`): on an
 * external VM only migrate, shutdown, power off and reboot; on the hosted-engine VM only migrate.
 * KubeVirt VMs (`managed: false` in WebAdmin) are not limited by it.
 */
function originRefusal(action: VmAction, origin: string | undefined): Applicability | undefined {
  if (origin === 'external' && (action === 'start' || action === 'suspend'))
    return skip('external');
  if ((origin === 'hosted_engine' || origin === 'managed_hosted_engine') && action !== 'migrate')
    return skip('hostedEngine');
  return undefined;
}

export function vmActionApplies(action: VmAction, status: string, origin?: string): Applicability {
  const refused = originRefusal(action, origin);
  if (refused) return refused;
  if (status === 'image_locked') return skip('locked');
  if (status === 'unknown' || status === 'not_responding') {
    // The engine can still power off a VM it lost contact with; nothing else makes sense.
    return action === 'stop' ? OK : skip('unreachable');
  }
  switch (action) {
    case 'start':
      if (status === 'down' || status === 'suspended' || status === 'paused') return OK;
      if (status === 'up') return skip('alreadyUp');
      if (STARTING.has(status)) return skip('alreadyStarting');
      return skip('busy');
    case 'shutdown':
      if (status === 'up' || status === 'powering_up' || status === 'paused') return OK;
      if (status === 'reboot_in_progress') return OK;
      if (status === 'down') return skip('alreadyDown');
      if (status === 'powering_down') return skip('alreadyStopping');
      if (NOT_RUNNING.has(status)) return skip('notRunning');
      return skip('busy');
    case 'stop':
      if (status === 'down') return skip('alreadyDown');
      if (status === 'unassigned') return skip('notRunning');
      if (status === 'saving_state' || status === 'migrating') return skip('busy');
      return OK;
    case 'reboot':
      if (status === 'up') return OK;
      if (status === 'reboot_in_progress') return skip('busy');
      if (NOT_RUNNING.has(status)) return skip('notRunning');
      return skip('busy');
    case 'suspend':
      if (status === 'up') return OK;
      if (status === 'suspended' || status === 'saving_state') return skip('alreadySuspended');
      if (NOT_RUNNING.has(status)) return skip('notRunning');
      return skip('busy');
    case 'migrate':
      if (status === 'up') return OK;
      if (status === 'migrating') return skip('alreadyMigrating');
      if (NOT_RUNNING.has(status)) return skip('notRunning');
      return skip('busy');
  }
}

/** The status a VM settles in once the action has done its work. */
export function vmActionTarget(action: VmAction): VmStatusName {
  switch (action) {
    case 'start':
    case 'reboot':
    case 'migrate':
      return 'up';
    case 'shutdown':
    case 'stop':
      return 'down';
    case 'suspend':
      return 'suspended';
  }
}

/** Statuses a VM passes through on the way to the target; anything else while waiting is a failure. */
export function vmActionTransitional(action: VmAction): ReadonlySet<string> {
  switch (action) {
    case 'start':
      return new Set([
        'down',
        'suspended',
        'paused',
        'wait_for_launch',
        'powering_up',
        'restoring_state',
      ]);
    case 'shutdown':
    case 'stop':
      return new Set([
        'up',
        'powering_up',
        'paused',
        'powering_down',
        'reboot_in_progress',
        'suspended',
        'wait_for_launch',
        'unknown',
        'not_responding',
      ]);
    case 'reboot':
      return new Set(['up', 'reboot_in_progress', 'powering_up', 'wait_for_launch']);
    case 'suspend':
      return new Set(['up', 'saving_state']);
    case 'migrate':
      return new Set(['up', 'migrating']);
  }
}

export function isVmAction(value: string | undefined): value is VmAction {
  return value !== undefined && (VM_ACTIONS as readonly string[]).includes(value);
}

export function operationKindOf(
  action: VmAction,
): 'vm-start' | 'vm-shutdown' | 'vm-stop' | 'vm-reboot' | 'vm-suspend' | 'vm-migrate' {
  return `vm-${action}`;
}

/** The actions offered for one VM in its current status (Activity tab, row menus). */
export function vmActionsFor(status: string, origin?: string): VmAction[] {
  return VM_ACTIONS.filter((a) => vmActionApplies(a, status, origin).applies);
}

/** Split a selection into what will be sent and what is skipped (and why), before sending. */
export function planVmAction<
  T extends { id: string; status: string; origin?: string; skip?: SkipReason },
>(action: VmAction, vms: readonly T[]): { send: T[]; skip: { vm: T; reason: SkipReason }[] } {
  const send: T[] = [];
  const skipped: { vm: T; reason: SkipReason }[] = [];
  const seen = new Set<string>();
  for (const vm of vms) {
    // A VM listed twice (a double-clicked selection) gets the action once.
    if (seen.has(vm.id)) continue;
    seen.add(vm.id);
    let a = vmActionApplies(action, vm.status, vm.origin);
    // A refusal decided before sending (e.g. the VM's pinning, migrateChecks.ts).
    if (a.applies && vm.skip !== undefined) a = skip(vm.skip);
    if (a.applies) send.push(vm);
    else skipped.push({ vm, reason: a.reason });
  }
  return { send, skip: skipped };
}
