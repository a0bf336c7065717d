import { describe, expect, it } from 'vitest';
import { vmActionApplies } from '../operations/vmActions';
import { canRunBulk } from './buttons';

/** WebAdmin's VMStatus names (§2.3) and the REST status each becomes (VmMapper.mapVmStatus). */
const WEBADMIN_TO_REST: Record<string, string> = {
  Unassigned: 'unassigned',
  Down: 'down',
  Up: 'up',
  PoweringUp: 'powering_up',
  Paused: 'paused',
  MigratingFrom: 'migrating',
  MigratingTo: 'migrating',
  Unknown: 'unknown',
  NotResponding: 'not_responding',
  WaitForLaunch: 'wait_for_launch',
  RebootInProgress: 'reboot_in_progress',
  SavingState: 'saving_state',
  RestoringState: 'restoring_state',
  Suspended: 'suspended',
  ImageLocked: 'image_locked',
  PoweringDown: 'powering_down',
};

const ACTIONS = ['start', 'shutdown', 'stop', 'reboot', 'suspend', 'migrate'] as const;

describe('one enable rule for WebAdmin’s buttons and Ops Center’s', () => {
  it.each(ACTIONS)(
    '%s: WebAdmin’s button is enabled for exactly the statuses Ops Center’s plan sends',
    (action) => {
      for (const [name, rest] of Object.entries(WEBADMIN_TO_REST)) {
        const one = [{ id: 'a', status: name }];
        expect([name, canRunBulk(action, one)]).toEqual([
          name,
          vmActionApplies(action, rest).applies,
        ]);
      }
    },
  );

  it('needs only one selected VM that can take the action; external VMs do not count', () => {
    const up = { id: 'a', status: 'Up' };
    const down = { id: 'b', status: 'Down' };
    expect(canRunBulk('migrate', [down, up])).toBe(true);
    expect(canRunBulk('migrate', [down])).toBe(false);
    expect(canRunBulk('migrate', [{ ...up, managed: false }])).toBe(false);
    // REST omits ImageIllegal's status (so Ops Center never sees it); WebAdmin offers nothing.
    expect(ACTIONS.some((a) => canRunBulk(a, [{ id: 'c', status: 'ImageIllegal' }]))).toBe(false);
  });
});
