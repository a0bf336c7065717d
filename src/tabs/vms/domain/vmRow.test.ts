import { describe, expect, it } from 'vitest';
import { formatDuration, toVmRow } from './vmRow';
import type { Vm } from '../../../rest/models';

const base = {
  id: 'v1',
  href: '',
  name: 'web-1',
  description: '',
  comment: '',
  actions: [],
  links: {},
  memory: 1024,
  cpu: { sockets: 1, cores: 1, threads: 1 },
  vcpus: 1,
  stateless: false,
  deleteProtected: false,
  highAvailability: { enabled: false, priority: 0 },
  nextRunConfigurationExists: false,
} satisfies Partial<Vm>;

function stat(name: string, value: number) {
  return {
    id: name,
    href: '',
    name,
    description: '',
    kind: 'gauge',
    type: 'decimal',
    unit: '',
    values: [value],
    value,
    details: [],
  };
}

describe('toVmRow', () => {
  it('derives host and cluster names, CPU, memory and uptime', () => {
    const vm: Vm = {
      ...base,
      status: 'up',
      startTime: new Date(1_000),
      host: { id: 'h1' },
      cluster: { id: 'c1' },
      statistics: [
        stat('cpu.current.total', 12.5),
        stat('memory.used', 512),
        stat('memory.installed', 1024),
      ],
      ips: ['10.1.0.7', '10.1.0.8'],
    };
    const row = toVmRow(
      vm,
      { hosts: new Map([['h1', 'host-1']]), clusters: new Map([['c1', 'Default']]) },
      61_000,
    );
    expect(row).toMatchObject({
      hostName: 'host-1',
      clusterName: 'Default',
      cpu: 12.5,
      memory: 50,
      uptimeSec: 60,
      since: 1000,
      ip: '10.1.0.7',
    });
  });

  it('has no uptime for a down VM and dates its state from the stop time', () => {
    const vm: Vm = { ...base, status: 'down', stopTime: new Date(5_000) };
    const row = toVmRow(vm, { hosts: new Map(), clusters: new Map() }, 10_000);
    expect(row.uptimeSec).toBeUndefined();
    expect(row.since).toBe(5000);
    expect(row.ip).toBeUndefined();
  });

  it.each(['powering_down', 'saving_state', 'migrating', 'reboot_in_progress', 'paused'] as const)(
    'gives no time in state for %s: neither engine time says when it began',
    (status) => {
      const vm: Vm = { ...base, status, startTime: new Date(1_000), stopTime: new Date(500) };
      const row = toVmRow(vm, { hosts: new Map(), clusters: new Map() }, 10_000_000);
      expect(row.since).toBeUndefined();
    },
  );

  it('dates Powering up from the launch', () => {
    const vm: Vm = { ...base, status: 'powering_up', startTime: new Date(7_000) };
    expect(toVmRow(vm, { hosts: new Map(), clusters: new Map() }, 9_000).since).toBe(7000);
  });
});

describe('formatDuration', () => {
  it('is compact', () => {
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(125)).toBe('2m 5s');
    expect(formatDuration(3 * 3600 + 120)).toBe('3h 2m');
    expect(formatDuration(2 * 86400 + 3600)).toBe('2d 1h');
  });
});
