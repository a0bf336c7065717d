import { describe, expect, it } from 'vitest';
import { checkEntityObject, clusterEntity, hostEntity, vmEntity, vmStatusName } from './entities';

describe('entity objects (§2.3)', () => {
  it('maps REST VM statuses to VMStatus names', () => {
    expect(vmStatusName('up')).toBe('Up');
    expect(vmStatusName('powering_up')).toBe('PoweringUp');
    expect(vmStatusName('migrating')).toBe('MigratingFrom');
    expect(vmStatusName('not_responding')).toBe('NotResponding');
    // REST omits the status of an ImageIllegal VM.
    expect(vmStatusName(undefined)).toBe('ImageIllegal');
  });

  it('builds a 4.5 VM object with ipaddress (null when unknown) and managed', () => {
    expect(vmEntity({ id: 'v1', name: 'web-1', status: 'down', origin: 'ovirt' }, '4.5')).toEqual({
      id: 'v1',
      name: 'web-1',
      ipaddress: null,
      status: 'Down',
      managed: true,
    });
    const withIp = vmEntity(
      {
        id: 'v2',
        name: 'ext',
        status: 'up',
        origin: 'external',
        reported_devices: { reported_device: [{ ips: { ip: [{ address: '10.0.0.5' }] } }] },
      },
      '4.5',
    );
    // VmStatic.isManaged() is `origin != KUBEVIRT`: an external VM is managed.
    expect(withIp).toMatchObject({ ipaddress: '10.0.0.5', managed: true });
    for (const origin of ['hosted_engine', 'managed_hosted_engine'])
      expect(vmEntity({ id: 'v3', status: 'up', origin }, '4.5').managed).toBe(true);
    expect(vmEntity({ id: 'v4', status: 'up', origin: 'kubevirt' }, '4.5').managed).toBe(false);
  });

  it('has no managed field before 4.4.2', () => {
    expect(vmEntity({ id: 'v1', status: 'up' }, '4.3')).not.toHaveProperty('managed');
    expect(hostEntity({ id: 'h1', name: 'h', address: 'h.example' }, '3.6')).toEqual({
      id: 'h1',
      name: 'h',
      hostname: 'h.example',
    });
  });

  it('builds a cluster object with id, name and (4.4.2+) managed only', () => {
    const rest = {
      id: 'c1',
      name: 'Default',
      data_center: { id: 'd1' },
      version: { major: '4', minor: '7' },
      cpu: { type: 'Intel Skylake' },
    };
    expect(clusterEntity(rest, '4.5')).toEqual({ id: 'c1', name: 'Default', managed: true });
    expect(clusterEntity(rest, '4.3')).toEqual({ id: 'c1', name: 'Default' });
    expect(checkEntityObject('Cluster', clusterEntity(rest, '4.5'), '4.5')).toEqual([]);
    expect(
      checkEntityObject('Cluster', { ...clusterEntity(rest, '4.5'), cpu: 'x' }, '4.5'),
    ).not.toEqual([]);
  });

  it('checkEntityObject catches objects that do not follow §2.3', () => {
    expect(
      checkEntityObject('VirtualMachine', vmEntity({ id: 'v', status: 'up' }, '4.5'), '4.5'),
    ).toEqual([]);
    expect(
      checkEntityObject(
        'VirtualMachine',
        { id: 'v', name: 'x', status: 'up', ipaddress: null },
        '4.5',
      ),
    ).toHaveLength(2);
    expect(
      checkEntityObject('Host', { id: 'h', name: 'x', hostname: null, host: 'y' }, '4.3'),
    ).toEqual(['Host entity has unexpected field "host"']);
  });
});
