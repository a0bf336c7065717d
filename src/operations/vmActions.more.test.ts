/**
 * The whole action × status table the confirmation and the runners decide by. Each cell is what
 * the bulk dialog does with a VM in that status: send (`ok`) or skip with the reason it shows.
 * A wrong cell either sends an action the engine refuses ("VM is running", "VM is not running")
 * or silently leaves out a VM the admin selected.
 */
import { describe, expect, it } from 'vitest';
import {
  VM_ACTIONS,
  operationKindOf,
  planVmAction,
  vmActionApplies,
  vmActionTransitional,
  vmActionsFor,
  type VmAction,
  type VmStatusName,
} from './vmActions';

/** `ok` (sent) or the skip reason shown. */
type Cell = string;

// Columns: start, shutdown, stop (power off), reboot, suspend, migrate.
const TABLE: Record<VmStatusName, [Cell, Cell, Cell, Cell, Cell, Cell]> = {
  unassigned: ['busy', 'notRunning', 'notRunning', 'notRunning', 'notRunning', 'notRunning'],
  down: ['ok', 'alreadyDown', 'alreadyDown', 'notRunning', 'notRunning', 'notRunning'],
  up: ['alreadyUp', 'ok', 'ok', 'ok', 'ok', 'ok'],
  powering_up: ['alreadyStarting', 'ok', 'ok', 'busy', 'busy', 'busy'],
  paused: ['ok', 'ok', 'ok', 'busy', 'busy', 'busy'],
  migrating: ['busy', 'busy', 'busy', 'busy', 'busy', 'alreadyMigrating'],
  unknown: ['unreachable', 'unreachable', 'ok', 'unreachable', 'unreachable', 'unreachable'],
  not_responding: ['unreachable', 'unreachable', 'ok', 'unreachable', 'unreachable', 'unreachable'],
  wait_for_launch: ['alreadyStarting', 'busy', 'ok', 'busy', 'busy', 'busy'],
  reboot_in_progress: ['busy', 'ok', 'ok', 'busy', 'busy', 'busy'],
  saving_state: ['busy', 'busy', 'busy', 'busy', 'alreadySuspended', 'busy'],
  restoring_state: ['alreadyStarting', 'busy', 'ok', 'busy', 'busy', 'busy'],
  suspended: ['ok', 'notRunning', 'ok', 'notRunning', 'alreadySuspended', 'notRunning'],
  image_locked: ['locked', 'locked', 'locked', 'locked', 'locked', 'locked'],
  powering_down: ['busy', 'alreadyStopping', 'ok', 'busy', 'busy', 'busy'],
};

const COLUMNS: VmAction[] = ['start', 'shutdown', 'stop', 'reboot', 'suspend', 'migrate'];

describe('the action × status table', () => {
  it('lists the six actions in menu order', () => {
    expect(VM_ACTIONS).toEqual(COLUMNS);
  });

  for (const [status, row] of Object.entries(TABLE)) {
    it(`a VM that is ${status}`, () => {
      const got = COLUMNS.map((a) => {
        const r = vmActionApplies(a, status);
        return r.applies ? 'ok' : r.reason;
      });
      expect(got).toEqual(row);
      // The row menus offer exactly the cells that send.
      expect(vmActionsFor(status)).toEqual(COLUMNS.filter((_, i) => row[i] === 'ok'));
    });
  }

  it('a status the plugin does not know is never acted on', () => {
    for (const a of COLUMNS) {
      const r = vmActionApplies(a, 'some_future_status');
      // Power off is the one action the engine accepts in (almost) any state.
      if (a === 'stop') expect(r).toEqual({ applies: true });
      else expect(r).toEqual({ applies: false, reason: 'busy' });
    }
  });

  it('an external VM in a state that skips anyway keeps the origin as its reason', () => {
    expect(vmActionApplies('start', 'up', 'external')).toEqual({
      applies: false,
      reason: 'external',
    });
    expect(vmActionApplies('shutdown', 'up', 'external')).toEqual({ applies: true });
    expect(vmActionApplies('migrate', 'up', 'hosted_engine')).toEqual({ applies: true });
    expect(vmActionApplies('stop', 'up', 'hosted_engine')).toEqual({
      applies: false,
      reason: 'hostedEngine',
    });
  });
});

describe('statuses on the way to the target (anything else while tracking is a failure)', () => {
  const expected: Record<VmAction, string[]> = {
    start: ['down', 'suspended', 'paused', 'wait_for_launch', 'powering_up', 'restoring_state'],
    shutdown: [
      'up',
      'powering_up',
      'paused',
      'powering_down',
      'reboot_in_progress',
      'suspended',
      'wait_for_launch',
      'unknown',
      'not_responding',
    ],
    stop: [
      'up',
      'powering_up',
      'paused',
      'powering_down',
      'reboot_in_progress',
      'suspended',
      'wait_for_launch',
      'unknown',
      'not_responding',
    ],
    reboot: ['up', 'reboot_in_progress', 'powering_up', 'wait_for_launch'],
    suspend: ['up', 'saving_state'],
    migrate: ['up', 'migrating'],
  };
  for (const a of COLUMNS) {
    it(a, () => {
      expect([...vmActionTransitional(a)].sort()).toEqual([...expected[a]].sort());
    });
  }

  it('a start that falls back to down (it failed) is still transitional, an image lock is not', () => {
    expect(vmActionTransitional('start').has('image_locked')).toBe(false);
    expect(vmActionTransitional('migrate').has('down')).toBe(false);
  });
});

describe('operation kinds and pre-decided refusals', () => {
  it('names the record kind after the action', () => {
    expect(COLUMNS.map(operationKindOf)).toEqual([
      'vm-start',
      'vm-shutdown',
      'vm-stop',
      'vm-reboot',
      'vm-suspend',
      'vm-migrate',
    ]);
  });

  it('a refusal decided before sending (pinning) skips a VM the status would allow', () => {
    const plan = planVmAction('migrate', [
      { id: 'a', status: 'up', skip: 'pinnedToHost' as const },
      { id: 'b', status: 'up' },
      { id: 'c', status: 'down', skip: 'pinnedToHost' as const },
    ]);
    expect(plan.send.map((v) => v.id)).toEqual(['b']);
    // A VM that would be skipped anyway keeps its status reason.
    expect(plan.skip.map((s) => [s.vm.id, s.reason])).toEqual([
      ['a', 'pinnedToHost'],
      ['c', 'notRunning'],
    ]);
  });
});
