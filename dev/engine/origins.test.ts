/**
 * The `origins` scenario: external, hosted-engine and KubeVirt VMs, and the actions the engine
 * refuses for them (`VmActionByVmOriginTypeValidator`, message
 * ACTION_TYPE_FAILED_CANNOT_RUN_ACTION_ON_NON_MANAGED_VM).
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from './model/engine';
import { vmWire } from './model/wire';

const ctx = { correlationId: 'test' };

function setup() {
  const engine = createEngine({ scenario: 'origins', clock: 'manual' });
  const byOrigin = (origin: string) => {
    const vm = [...engine.state.vms.values()].find((v) => v.origin === origin);
    if (!vm) throw new Error(`no ${origin} VM`);
    return vm;
  };
  return { engine, byOrigin };
}

describe('origins scenario', () => {
  it('has one external, one hosted-engine and one KubeVirt VM, with origin on the wire', () => {
    const { byOrigin } = setup();
    expect(vmWire(byOrigin('external')).origin).toBe('external');
    expect(vmWire(byOrigin('managed_hosted_engine')).origin).toBe('managed_hosted_engine');
    expect(vmWire(byOrigin('kubevirt')).origin).toBe('kubevirt');
  });

  it('refuses to start an external VM, in the engine’s words', () => {
    const { engine, byOrigin } = setup();
    expect(engine.vmAction(byOrigin('external').id, 'start', {}, ctx)).toMatchObject({
      ok: false,
      detail: '[Cannot run VM. This VM is not managed by the engine.]',
    });
  });

  it('allows only migrating the hosted-engine VM', () => {
    const { engine, byOrigin } = setup();
    const he = byOrigin('managed_hosted_engine');
    expect(engine.vmAction(he.id, 'shutdown', {}, ctx)).toMatchObject({
      ok: false,
      detail: '[Cannot shutdown VM. This VM is not managed by the engine.]',
    });
    expect(engine.vmAction(he.id, 'migrate', {}, ctx)).toMatchObject({ ok: true });
  });

  it('does not limit a KubeVirt VM by origin', () => {
    const { engine, byOrigin } = setup();
    expect(engine.vmAction(byOrigin('kubevirt').id, 'reboot', {}, ctx)).toMatchObject({
      ok: true,
    });
  });
});
