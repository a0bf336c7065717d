import { describe, expect, it } from 'vitest';
import { VM_ACTIONS, vmActionApplies } from '../../../operations/vmActions';
import { toolbarActionEnabled } from './toolbarRules';

const STATUSES = [
  'unassigned',
  'down',
  'up',
  'powering_up',
  'paused',
  'migrating',
  'unknown',
  'not_responding',
  'wait_for_launch',
  'reboot_in_progress',
  'saving_state',
  'restoring_state',
  'suspended',
  'image_locked',
  'powering_down',
];

describe('the VM view toolbar enables an action when one selected VM can take it', () => {
  it.each(VM_ACTIONS)('%s', (action) => {
    for (const status of STATUSES) {
      expect([status, toolbarActionEnabled(action, [{ status }])]).toEqual([
        status,
        vmActionApplies(action, status).applies,
      ]);
    }
    expect(toolbarActionEnabled(action, [])).toBe(false);
  });

  it('migrate with one VM down and one up is enabled (the down one is skipped)', () => {
    expect(toolbarActionEnabled('migrate', [{ status: 'down' }, { status: 'up' }])).toBe(true);
    expect(toolbarActionEnabled('migrate', [{ status: 'down' }])).toBe(false);
  });

  it('safe clone takes exactly one VM', () => {
    expect(toolbarActionEnabled('clone', [{ status: 'up' }])).toBe(true);
    expect(toolbarActionEnabled('clone', [{ status: 'up' }, { status: 'down' }])).toBe(false);
  });
});
