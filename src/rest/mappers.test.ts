import { describe, expect, it } from 'vitest';
import { ParseError } from './errors';
import {
  bool,
  collection,
  int,
  toActionResult,
  toApiInfo,
  toCluster,
  toDiskAttachment,
  toEvent,
  toHost,
  toHostNic,
  toJob,
  toNic,
  toSnapshot,
  toStatistic,
  toTemplate,
  toVm,
} from './mappers';

// Abridged from the recorded 4.4.10 engine response quoted in engine-rest-api.md §2.5.
const recordedVm = {
  next_run_configuration_exists: 'false',
  status: 'down',
  stop_reason: '',
  stop_time: 1666685876849,
  host_devices: {},
  nics: {
    nic: [
      {
        interface: 'virtio',
        linked: 'true',
        mac: { address: '56:6f:a5:e5:00:03' },
        plugged: 'true',
        synced: 'true',
        vnic_profile: { href: '/ovirt-engine/api/vnicprofiles/b891', id: 'b891' },
        name: 'nic1',
        href: '/ovirt-engine/api/vms/3157/nics/1bd6',
        id: '1bd6',
        vm: { href: '/ovirt-engine/api/vms/3157', id: '3157' },
      },
    ],
  },
  template: {
    href: '/ovirt-engine/api/templates/00000000-0000-0000-0000-000000000000',
    id: '00000000-0000-0000-0000-000000000000',
  },
  actions: { link: [{ href: '/ovirt-engine/api/vms/3157/start', rel: 'start' }] },
  name: 'vm-for-migration',
  description: '',
  comment: '',
  href: '/ovirt-engine/api/vms/3157',
  id: '3157',
  cpu: { architecture: 'x86_64', topology: { cores: '2', sockets: '2', threads: '1' } },
  memory: '1073741824',
  os: { boot: { devices: { device: ['hd'] } }, type: 'other' },
  stateless: 'false',
  type: 'server',
  cluster: { href: '/ovirt-engine/api/clusters/b94f', id: 'b94f' },
  quota: { id: '7121' },
  link: [{ href: '/ovirt-engine/api/vms/3157/nics', rel: 'nics' }],
  creation_time: 1665068704618,
  high_availability: { enabled: 'false', priority: '1' },
  memory_policy: { ballooning: 'true', guaranteed: '1073741824', max: '4294967296' },
  placement_policy: { affinity: 'migratable' },
  some_future_field: { whatever: true },
};

describe('scalars', () => {
  it('reads engine booleans and integers from strings, tolerating real JSON values', () => {
    expect(bool('true')).toBe(true);
    expect(bool('false', true)).toBe(false);
    expect(bool(true)).toBe(true);
    expect(bool(undefined, true)).toBe(true);
    expect(int('1073741824')).toBe(1073741824);
    expect(int(2200)).toBe(2200);
    expect(int('')).toBeUndefined();
    expect(int('abc')).toBeUndefined();
    expect(int(Number.NaN)).toBeUndefined();
  });
});

describe('toVm', () => {
  it('maps the recorded engine VM into a plain view model', () => {
    const vm = toVm(recordedVm);
    expect(vm).toMatchObject({
      id: '3157',
      name: 'vm-for-migration',
      status: 'down',
      memory: 1073741824,
      memoryGuaranteed: 1073741824,
      memoryMax: 4294967296,
      cpu: { sockets: 2, cores: 2, threads: 1, architecture: 'x86_64' },
      vcpus: 4,
      stateless: false,
      highAvailability: { enabled: false, priority: 1 },
      nextRunConfigurationExists: false,
      placementAffinity: 'migratable',
      cluster: { id: 'b94f', href: '/ovirt-engine/api/clusters/b94f' },
      actions: ['start'],
      links: { nics: '/ovirt-engine/api/vms/3157/nics' },
    });
    expect(vm.stopTime).toEqual(new Date(1666685876849));
    expect(vm.host).toBeUndefined();
    expect(vm.nics).toEqual([
      {
        id: '1bd6',
        href: '/ovirt-engine/api/vms/3157/nics/1bd6',
        name: 'nic1',
        interface: 'virtio',
        linked: true,
        plugged: true,
        mac: '56:6f:a5:e5:00:03',
        vnicProfile: { id: 'b891', href: '/ovirt-engine/api/vnicprofiles/b891' },
        vm: { id: '3157', href: '/ovirt-engine/api/vms/3157' },
      },
    ]);
    expect(vm).not.toHaveProperty('some_future_field');
  });

  it('reads the pinning list (placement_policy.hosts) and refuses a host without an id', () => {
    const vm = toVm({
      id: 'x',
      placement_policy: {
        affinity: 'migratable',
        hosts: { host: [{ id: 'h1', href: '/ovirt-engine/api/hosts/h1' }, { id: 'h2' }] },
      },
    });
    expect(vm.placementHostIds).toEqual(['h1', 'h2']);
    expect(toVm({ id: 'x', placement_policy: { affinity: 'migratable' } })).not.toHaveProperty(
      'placementHostIds',
    );
    expect(() => toVm({ id: 'x', placement_policy: { hosts: { host: [{ name: 'h' }] } } })).toThrow(
      /placement host without an id/,
    );
  });

  it('tolerates a minimal VM and an unknown or missing status', () => {
    const vm = toVm({ id: 'x' });
    expect(vm).toMatchObject({ id: 'x', name: '', status: 'unknown', memory: 0, vcpus: 1 });
    expect(vm.nics).toBeUndefined();
    expect(toVm({ id: 'x', status: 'teleporting' }).status).toBe('unknown');
    expect(toVm({ id: 'x', nics: {} }).nics).toEqual([]);
  });

  it('refuses something that is not a VM', () => {
    expect(() => toVm({ name: 'no id' })).toThrow(ParseError);
    expect(() => toVm('<html>' as never)).toThrow(ParseError);
  });
});

describe('collections', () => {
  it('reads `{}` as an empty list and rejects non-engine bodies', () => {
    expect(collection({}, 'vm', 'vms', toVm)).toEqual([]);
    expect(collection(undefined, 'vm', 'vms', toVm)).toEqual([]);
    expect(() => collection([], 'vm', 'vms', toVm)).toThrow(ParseError);
    expect(() => collection({ vm: {} }, 'vm', 'vms', toVm)).toThrow(ParseError);
  });
});

describe('other resources', () => {
  it('maps a host with decimal speed and string integers', () => {
    const host = toHost({
      id: 'h1',
      name: 'host1',
      address: 'h1.example',
      status: 'preparing_for_maintenance',
      cluster: { id: 'c1' },
      cpu: {
        name: 'Intel',
        type: 'Intel Skylake',
        speed: 2200,
        topology: { sockets: '2', cores: '8', threads: '2' },
      },
      memory: '68719476736',
      max_scheduling_memory: '60000000000',
      summary: { active: '3', migrating: '1', total: '4' },
      spm: { priority: '5', status: 'spm' },
      version: { full_version: 'vdsm-4.50' },
      libvirt_version: { full_version: 'libvirt-8.0.0-5.el8' },
      os: {
        type: 'RHEL',
        version: { full_version: '8.6 - 1.el8' },
        reported_kernel_cmdline: 'ro quiet',
      },
      update_available: 'true',
      nics: {
        host_nic: [
          {
            id: 'n1',
            name: 'eth0',
            mtu: '1500',
            speed: '1000000000',
            bridged: 'true',
            ip: { address: '10.0.0.1' },
          },
        ],
      },
    });
    expect(host).toMatchObject({
      status: 'preparing_for_maintenance',
      cpu: { speedMhz: 2200, sockets: 2, cores: 8, threads: 2 },
      cpuCount: 32,
      memory: 68719476736,
      summary: { active: 3, migrating: 1, total: 4 },
      spm: { priority: 5, status: 'spm' },
      version: 'vdsm-4.50',
      libvirtVersion: 'libvirt-8.0.0-5.el8',
      osType: 'RHEL',
      osVersion: '8.6 - 1.el8',
      kernelCmdline: 'ro quiet',
      updateAvailable: true,
    });
    expect(host.nics?.[0]).toMatchObject({
      name: 'eth0',
      mtu: 1500,
      speed: 1e9,
      bridged: true,
      ip: { address: '10.0.0.1' },
    });
    expect(toHost({ id: 'h', status: 'exploded' }).status).toBe('unassigned');
    expect(
      toHostNic({ id: 'n', status: 'up', ipv6: { address: '::1', version: 'v6' } }),
    ).toMatchObject({ status: 'up', ipv6: { address: '::1' } });
  });

  it('maps events, keeping the string id and its number', () => {
    const event = toEvent({
      code: '30',
      correlation_id: 'ed6cd6a',
      custom_id: '-1',
      index: '375049',
      origin: 'oVirt',
      severity: 'normal',
      time: 1666082820375,
      user: { name: 'admin@internal-authz', href: '/ovirt-engine/api/users/bfd9', id: 'bfd9' },
      description: "User admin@internal-authz connecting from '' using session '' logged in.",
      href: '/ovirt-engine/api/events/375049',
      id: '375049',
    });
    expect(event).toMatchObject({
      id: '375049',
      index: 375049,
      code: 30,
      customId: -1,
      correlationId: 'ed6cd6a',
      user: { name: 'admin@internal-authz' },
    });
    expect(event.time).toEqual(new Date(1666082820375));
    expect(toEvent({ id: '7', severity: 'alert' })).toMatchObject({
      index: 7,
      severity: 'alert',
      code: 0,
    });
    expect(toEvent({ id: '7', severity: 'weird' }).severity).toBe('normal');
    expect(() => toEvent({ id: 'abc' })).toThrow(ParseError);
    expect(toEvent({ id: '8', user: { name: 'only-a-name' } }).user).toEqual({
      id: '',
      name: 'only-a-name',
    });
  });

  it('maps jobs with steps, statistics, snapshots, disk attachments, clusters and templates', () => {
    const job = toJob({
      id: 'j',
      description: 'Migrating VM',
      status: 'started',
      start_time: 1,
      last_updated: 2,
      external: 'false',
      auto_cleared: 'true',
      steps: {
        step: [{ id: 's', type: 'executing', number: '1', status: 'started', progress: '40' }],
      },
    });
    expect(job).toMatchObject({
      status: 'started',
      autoCleared: true,
      steps: [{ type: 'executing', number: 1, progress: 40 }],
    });
    expect(toJob({ id: 'j', status: 'nonsense' }).status).toBe('unknown');
    const stat = toStatistic({
      id: 's',
      name: 'memory.installed',
      kind: 'gauge',
      type: 'integer',
      unit: 'bytes',
      values: { value: [{ datum: 1073741824 }] },
      vm: { id: 'v' },
    });
    expect(stat).toMatchObject({
      value: 1073741824,
      values: [1073741824],
      details: [],
      vm: { id: 'v' },
    });
    expect(
      toStatistic({ id: 's', name: 'disks.usage', values: { value: [{ detail: '[]' }] } }),
    ).toMatchObject({ values: [], details: ['[]'] });
    expect(toStatistic({ id: 's', values: {} }).value).toBeUndefined();
    expect(
      toSnapshot({
        id: 'a',
        description: 'Active VM',
        snapshot_type: 'active',
        snapshot_status: 'ok',
        date: 5,
        persist_memorystate: 'false',
      }),
    ).toMatchObject({ snapshotType: 'active', persistMemoryState: false, date: new Date(5) });
    expect(
      toDiskAttachment({
        id: 'd',
        bootable: 'true',
        read_only: 'false',
        interface: 'virtio_scsi',
        disk: { id: 'd', provisioned_size: '10737418240' },
      }),
    ).toMatchObject({
      bootable: true,
      active: true,
      disk: { id: 'd', provisionedSize: 10737418240 },
    });
    expect(
      toCluster({
        id: 'c',
        name: 'Default',
        version: { major: '4', minor: '7' },
        data_center: { id: 'dc' },
        memory_policy: { over_commit: { percent: '150' } },
      }),
    ).toMatchObject({ version: '4.7', dataCenter: { id: 'dc' }, memoryOverCommit: 150 });
    expect(toCluster({ id: 'c', version: { major: '4' } }).version).toBe('4');
    expect(
      toTemplate({
        id: 't',
        name: 'Blank',
        status: 'ok',
        memory: '1073741824',
        version: { version_number: '1' },
      }),
    ).toMatchObject({ status: 'ok', memory: 1073741824, versionNumber: 1 });
    expect(toNic({ id: 'n' })).toMatchObject({ linked: true, plugged: true });
    expect(toNic({ id: 'n' }).ips).toBeUndefined();
    expect(
      toNic({
        id: 'n',
        reported_devices: {
          reported_device: [
            { id: 'd', ips: { ip: [{ address: '10.0.0.5', version: 'v4' }, { version: 'v6' }] } },
          ],
        },
      }).ips,
    ).toEqual(['10.0.0.5']);
    expect(toNic({ id: 'n', reported_devices: {} }).ips).toEqual([]);
  });

  it('maps action answers, including 202 with an empty body', () => {
    expect(
      toActionResult(
        { status: 'complete', job: { id: 'j', href: '/ovirt-engine/api/jobs/j' } },
        200,
        'c1',
      ),
    ).toEqual({
      status: 'complete',
      job: { id: 'j', href: '/ovirt-engine/api/jobs/j' },
      correlationId: 'c1',
      async: false,
    });
    expect(toActionResult({ status: 'pending', async: 'true' }, 202, 'c2')).toMatchObject({
      status: 'pending',
      async: true,
    });
    expect(toActionResult(undefined, 202, 'c3')).toMatchObject({ status: 'pending', async: true });
    expect(() => toActionResult('nope', 200, 'c')).toThrow(ParseError);
  });

  it('maps the API root', () => {
    const info = toApiInfo({
      product_info: {
        name: 'oVirt Engine',
        version: { major: '4', minor: '5', full_version: '4.5.4' },
      },
      time: 10,
      summary: { vms: { active: '3', total: '60' }, bogus: 'x' },
      authenticated_user: { id: 'u', href: '/ovirt-engine/api/users/u' },
    });
    expect(info).toMatchObject({
      version: '4.5.4',
      major: 4,
      minor: 5,
      summary: { vms: { active: 3, total: 60 } },
    });
    expect(() => toApiInfo('x')).toThrow(ParseError);
  });
});
