import { describe, expect, it } from 'vitest';
import {
  isVmAction,
  planVmAction,
  vmActionApplies,
  vmActionTarget,
  vmActionsFor,
} from './vmActions';

describe('actions the engine refuses by origin (VmActionByVmOriginTypeValidator)', () => {
  it('an external VM: no start or suspend; migrate, shutdown, power off and reboot go', () => {
    expect(vmActionApplies('start', 'down', 'external')).toEqual({
      applies: false,
      reason: 'external',
    });
    expect(vmActionApplies('suspend', 'up', 'external')).toEqual({
      applies: false,
      reason: 'external',
    });
    for (const a of ['migrate', 'shutdown', 'stop', 'reboot'] as const)
      expect(vmActionApplies(a, 'up', 'external')).toEqual({ applies: true });
  });

  it('the hosted-engine VM: only migrate', () => {
    for (const origin of ['hosted_engine', 'managed_hosted_engine'])
      expect(vmActionsFor('up', origin)).toEqual(['migrate']);
    expect(vmActionApplies('shutdown', 'up', 'managed_hosted_engine')).toEqual({
      applies: false,
      reason: 'hostedEngine',
    });
  });

  it('a KubeVirt or oVirt VM: by status only', () => {
    expect(vmActionsFor('up', 'kubevirt')).toEqual(vmActionsFor('up'));
    expect(vmActionsFor('down', 'ovirt')).toEqual(['start']);
  });

  it('a bulk plan skips by origin with the reason', () => {
    const plan = planVmAction('start', [
      { id: 'a', status: 'down', origin: 'external' },
      { id: 'b', status: 'down', origin: 'ovirt' },
    ]);
    expect(plan.send.map((v) => v.id)).toEqual(['b']);
    expect(plan.skip).toEqual([
      { vm: { id: 'a', status: 'down', origin: 'external' }, reason: 'external' },
    ]);
  });
});

describe('vmActionApplies', () => {
  it('skips start on a VM that is already up or starting, with the reason', () => {
    expect(vmActionApplies('start', 'down')).toEqual({ applies: true });
    expect(vmActionApplies('start', 'suspended')).toEqual({ applies: true });
    expect(vmActionApplies('start', 'up')).toEqual({ applies: false, reason: 'alreadyUp' });
    expect(vmActionApplies('start', 'powering_up')).toEqual({
      applies: false,
      reason: 'alreadyStarting',
    });
  });

  it('skips shutdown and power off on a down VM', () => {
    expect(vmActionApplies('shutdown', 'down')).toEqual({ applies: false, reason: 'alreadyDown' });
    expect(vmActionApplies('stop', 'down')).toEqual({ applies: false, reason: 'alreadyDown' });
    expect(vmActionApplies('shutdown', 'up')).toEqual({ applies: true });
    expect(vmActionApplies('shutdown', 'powering_down')).toEqual({
      applies: false,
      reason: 'alreadyStopping',
    });
  });

  it('allows power off (only) on a VM the engine lost contact with', () => {
    expect(vmActionApplies('stop', 'not_responding')).toEqual({ applies: true });
    expect(vmActionApplies('start', 'unknown')).toEqual({ applies: false, reason: 'unreachable' });
  });

  it('only migrates, reboots and suspends running VMs', () => {
    for (const a of ['migrate', 'reboot', 'suspend'] as const) {
      expect(vmActionApplies(a, 'up').applies).toBe(true);
      expect(vmActionApplies(a, 'down')).toEqual({ applies: false, reason: 'notRunning' });
    }
    expect(vmActionApplies('migrate', 'migrating')).toEqual({
      applies: false,
      reason: 'alreadyMigrating',
    });
    expect(vmActionApplies('suspend', 'suspended')).toEqual({
      applies: false,
      reason: 'alreadySuspended',
    });
  });

  it('never acts on a locked VM', () => {
    for (const a of ['start', 'shutdown', 'stop', 'reboot', 'suspend', 'migrate'] as const) {
      expect(vmActionApplies(a, 'image_locked')).toEqual({ applies: false, reason: 'locked' });
    }
  });
});

describe('vmActionTarget', () => {
  it('names the status each action ends in', () => {
    expect(vmActionTarget('start')).toBe('up');
    expect(vmActionTarget('shutdown')).toBe('down');
    expect(vmActionTarget('stop')).toBe('down');
    expect(vmActionTarget('reboot')).toBe('up');
    expect(vmActionTarget('suspend')).toBe('suspended');
    expect(vmActionTarget('migrate')).toBe('up');
  });
});

describe('planVmAction', () => {
  it('splits a selection into sent and skipped, once per VM', () => {
    const plan = planVmAction('start', [
      { id: '1', status: 'down' },
      { id: '2', status: 'up' },
      { id: '1', status: 'down' },
    ]);
    expect(plan.send.map((v) => v.id)).toEqual(['1']);
    expect(plan.skip).toEqual([{ vm: { id: '2', status: 'up' }, reason: 'alreadyUp' }]);
  });
});

describe('vmActionsFor / isVmAction', () => {
  it('offers the actions valid for a status', () => {
    expect(vmActionsFor('down')).toEqual(['start']);
    expect(vmActionsFor('up')).toEqual(['shutdown', 'stop', 'reboot', 'suspend', 'migrate']);
    expect(isVmAction('start')).toBe(true);
    expect(isVmAction('delete')).toBe(false);
    expect(isVmAction(undefined)).toBe(false);
  });
});
