import { describe, expect, it } from 'vitest';
import { computeDrift, type DriftHost } from './drift';

const hook = (eventName: string, name: string, md5: string) => ({
  id: `${eventName}${name}`,
  eventName,
  name,
  md5,
});

function host(
  id: string,
  over: Partial<DriftHost['host']> = {},
  hooks = [hook('before_vm_start', '50_vhostmd', 'aaa')],
): DriftHost {
  return {
    host: {
      id,
      name: id,
      version: 'vdsm-1',
      libvirtVersion: 'libvirt-1',
      osVersion: '8.6',
      kernelCmdline: 'ro',
      ...over,
    },
    hooks,
  };
}

describe('computeDrift', () => {
  it('no row differs when every host is the same', () => {
    const rows = computeDrift([host('a'), host('b'), host('c')]);
    expect(rows.map((r) => r.key)).toEqual([
      'vdsm',
      'libvirt',
      'os',
      'kernel',
      'hook:before_vm_start/50_vhostmd',
    ]);
    expect(rows.some((r) => r.differs)).toBe(false);
  });

  it('flags the host whose hook md5 differs, against the most common value', () => {
    const rows = computeDrift([
      host('a'),
      host('b', {}, [hook('before_vm_start', '50_vhostmd', 'bbb')]),
      host('c'),
    ]);
    const r = rows.find((x) => x.kind === 'hook');
    expect(r?.differs).toBe(true);
    expect([...(r?.outliers ?? [])]).toEqual(['b']);
    expect(rows.filter((x) => x.differs)).toHaveLength(1);
  });

  it('a hook missing on one host is a difference; so are versions and the kernel command line', () => {
    const rows = computeDrift([
      host('a', { version: 'vdsm-2', kernelCmdline: 'ro quiet' }),
      host('b', {}, []),
      host('c'),
    ]);
    const differing = rows.filter((r) => r.differs);
    expect(differing.map((r) => r.key)).toEqual([
      'vdsm',
      'kernel',
      'hook:before_vm_start/50_vhostmd',
    ]);
    expect([...(differing[0]?.outliers ?? [])]).toEqual(['a']);
    expect([...(differing[2]?.outliers ?? [])]).toEqual(['b']);
    expect(differing[2]?.values.get('b')).toBeUndefined();
  });
});
