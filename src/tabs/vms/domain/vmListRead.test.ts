import { describe, expect, it } from 'vitest';
import type { Vm } from '../../../rest/models';
import { LISTED_STATISTICS, listedVm } from './vmListRead';
import { toVmRow } from './vmRow';

function stat(name: string, value: number) {
  return {
    id: name,
    href: `/ovirt-engine/api/vms/v1/statistics/${name}`,
    name,
    description: `the ${name} of the VM`,
    kind: 'gauge',
    type: 'decimal',
    unit: '',
    values: [value],
    value,
    details: [],
  };
}

const vm = {
  id: 'v1',
  href: '/ovirt-engine/api/vms/v1',
  name: 'web-1',
  description: '',
  comment: '',
  status: 'up',
  startTime: new Date(Date.UTC(2026, 11, 1)),
  actions: [],
  links: {},
  memory: 4096,
  cpu: { sockets: 1, cores: 2, threads: 1 },
  vcpus: 2,
  stateless: false,
  deleteProtected: false,
  highAvailability: { enabled: false, priority: 0 },
  nextRunConfigurationExists: false,
  statistics: [
    stat('memory.installed', 4096),
    stat('memory.used', 1024),
    stat('memory.free', 3072),
    stat('memory.buffered', 10),
    stat('cpu.current.guest', 10),
    stat('cpu.current.hypervisor', 2),
    stat('cpu.current.total', 12),
    stat('network.current.total', 0),
    stat('elapsed.time', 3600),
    stat('migration.progress', 0),
  ],
} as unknown as Vm;

describe('the VM list keeps only what its rows show', () => {
  const names = { hosts: new Map<string, string>(), clusters: new Map<string, string>() };
  const now = Date.UTC(2026, 11, 5);

  it('drops the other statistics and nothing a row shows', () => {
    const kept = listedVm(vm);
    expect(kept.statistics?.map((s) => s.name).sort()).toEqual([...LISTED_STATISTICS].sort());
    expect(toVmRow(kept, names, now)).toEqual(toVmRow(vm, names, now));
    expect(toVmRow(kept, names, now)).toMatchObject({ cpu: 12, memory: 25, uptimeSec: 3600 });
  });

  it('keeps no links, actions, hrefs or descriptions, and what rows and dialogs read', () => {
    const full = {
      ...vm,
      links: { nics: '/ovirt-engine/api/vms/v1/nics', tags: '/ovirt-engine/api/vms/v1/tags' },
      actions: ['start', 'stop'],
      description: 'a web server',
      host: { id: 'h1', href: '/ovirt-engine/api/hosts/h1', name: 'host-1' },
      cluster: { id: 'c1', href: '/ovirt-engine/api/clusters/c1' },
      template: { id: 't1', href: '/ovirt-engine/api/templates/t1' },
      placementAffinity: 'pinned',
      placementHostIds: ['h1'],
      ips: ['10.0.0.1'],
      stopTime: new Date(Date.UTC(2026, 10, 1)),
    } as unknown as Vm;
    const kept = listedVm(full);
    const text = JSON.stringify(kept);
    for (const dropped of ['href', 'links', 'actions', 'description', 'template', 'kind', 'unit'])
      expect(text).not.toContain(`"${dropped}"`);
    expect(kept).toEqual({
      id: 'v1',
      name: 'web-1',
      status: 'up',
      memory: 4096,
      startTime: full.startTime,
      stopTime: full.stopTime,
      host: { id: 'h1', name: 'host-1' },
      cluster: { id: 'c1' },
      placementAffinity: 'pinned',
      placementHostIds: ['h1'],
      ips: ['10.0.0.1'],
      statistics: [
        { name: 'memory.installed', value: 4096 },
        { name: 'memory.used', value: 1024 },
        { name: 'cpu.current.total', value: 12 },
        { name: 'elapsed.time', value: 3600 },
      ],
    });
    expect(toVmRow(kept, names, now)).toEqual(toVmRow(full, names, now));
    const bare = { ...full, statistics: undefined } as Vm;
    expect(listedVm(bare).statistics).toBeUndefined();
  });
});
