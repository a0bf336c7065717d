import { describe, expect, it } from 'vitest';
import { VM_ACTIONS, vmActionApplies } from '../../../operations/vmActions';
import { VM_STATUSES } from '../../../rest/models';
import { toolbarActionEnabled } from './toolbarRules';

const STATUSES = VM_STATUSES;

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
