/**
 * Wire → view model details the pages and runners decide on: statuses (an unknown one never
 * reads as "up"), defaults when the engine leaves a field out, followed sub-collections, and
 * the engine's string numbers. A wrong default here shows a VM as running or a host as free.
 */
import { describe, expect, it } from 'vitest';
import { ParseError } from './errors';
import {
  bool,
  collection,
  date,
  hostStatus,
  int,
  ref,
  toActionResult,
  toApiInfo,
  toCluster,
  toDiskAttachment,
  toEvent,
  toHost,
  toHostNic,
  toJob,
  toNetwork,
  toNic,
  toSnapshot,
  toStatistic,
  toStep,
  toTemplate,
  toVm,
  vmStatus,
} from './mappers';
import { HOST_STATUSES, VM_STATUSES } from './models';

describe('scalars (more)', () => {
  it('reads only true/false as booleans, else the fallback', () => {
    expect(bool('false')).toBe(false);
    expect(bool(false, true)).toBe(false);
    expect(bool('TRUE', false)).toBe(false);
    expect(bool('yes', true)).toBe(true);
    expect(bool(1)).toBe(false);
  });

  it('reads no number from blanks, infinities or non-numbers', () => {
    expect(int('  ')).toBeUndefined();
    expect(int(' 42 ')).toBe(42);
    expect(int(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(int('1e400')).toBeUndefined();
    expect(int(null)).toBeUndefined();
    expect(int(true)).toBeUndefined();
    expect(int('-3')).toBe(-3);
    expect(int(0)).toBe(0);
  });

  it('reads dates from epoch milliseconds, as numbers or strings', () => {
    expect(date('1666685876849')).toEqual(new Date(1666685876849));
    expect(date(0)).toEqual(new Date(0));
    expect(date('soon')).toBeUndefined();
    expect(date(undefined)).toBeUndefined();
  });

  it('keeps a reference by id, with its href and name, or by name alone', () => {
    expect(ref({ id: 'h1', href: '/h1', name: 'host-1' })).toEqual({
      id: 'h1',
      href: '/h1',
      name: 'host-1',
    });
    expect(ref({ id: 'h1' })).toEqual({ id: 'h1' });
    expect(ref({ name: 'admin' })).toEqual({ id: '', name: 'admin' });
    expect(ref({})).toBeUndefined();
    expect(ref(undefined)).toBeUndefined();
    expect(ref('h1' as never)).toBeUndefined();
    expect(ref({ id: 7 } as never)).toBeUndefined();
  });

  it('knows every engine status and maps anything else to unknown / unassigned, never up', () => {
    for (const s of VM_STATUSES) expect(vmStatus(s)).toBe(s);
    for (const s of HOST_STATUSES) expect(hostStatus(s)).toBe(s);
    expect(vmStatus('UP')).toBe('unknown');
    expect(vmStatus(undefined)).toBe('unknown');
    expect(hostStatus('UP')).toBe('unassigned');
    expect(hostStatus(undefined)).toBe('unassigned');
  });
});

describe('collections and identity (more)', () => {
  it('names the collection in its parse errors', () => {
    expect(() => collection('x', 'vm', 'vms', toVm)).toThrow(
      new ParseError('Expected a vms collection, got string'),
    );
    expect(() => collection({ vm: 'x' }, 'vm', 'vms', toVm)).toThrow(
      new ParseError('Expected "vm" to be an array in vms'),
    );
    expect(() => collection(null, 'vm', 'vms', toVm)).toThrow(ParseError);
  });

  it('refuses an item with an empty or non-string id', () => {
    expect(() => toVm({ id: '' })).toThrow(new ParseError('A vm without an id'));
    expect(() => toHost({ id: 5 } as never)).toThrow(new ParseError('A host without an id'));
    expect(() => toHost(null as never)).toThrow(new ParseError('Expected a host object'));
  });

  it('keeps links and actions with a string rel only, and empty texts as ""', () => {
    const vm = toVm({
      id: 'v',
      link: [{ rel: 'nics', href: '/n' }, { rel: 'x' }, { href: '/y' }] as never,
      actions: { link: [{ rel: 'start' }, { href: '/z' }, { rel: 'stop' }] },
    });
    expect(vm.links).toEqual({ nics: '/n' });
    expect(vm.actions).toEqual(['start', 'stop']);
    expect(vm).toMatchObject({ href: '', name: '', description: '', comment: '' });
    expect(toVm({ id: 'v', link: 'x' as never, actions: { link: 'x' } as never })).toMatchObject({
      links: {},
      actions: [],
    });
    expect(toVm({ id: 'v', actions: [] as never }).actions).toEqual([]);
  });

  it('reads a followed sub-collection without its array as empty, and an absent one as not followed', () => {
    expect(
      toVm({ id: 'v', disk_attachments: { disk_attachment: 'x' } as never }).diskAttachments,
    ).toEqual([]);
    expect(toVm({ id: 'v', snapshots: 'x' as never }).snapshots).toBeUndefined();
    expect(toVm({ id: 'v' }).statistics).toBeUndefined();
  });
});

describe('VMs and hosts (more)', () => {
  it('maps what the VM pages and runners read', () => {
    const vm = toVm({
      id: 'v',
      status: 'migrating',
      status_detail: 'd',
      stop_reason: 'r',
      type: 'desktop',
      fqdn: 'v.example',
      origin: 'managed_hosted_engine',
      delete_protected: 'true',
      stateless: 'true',
      high_availability: { enabled: 'true', priority: '50' },
      next_run_configuration_exists: 'true',
      creation_time: 1,
      start_time: 2,
      host: { id: 'h1', name: 'host-1' },
      template: { id: 't' },
      os: { type: 'rhel_9x64' },
      cpu: { topology: { sockets: '2' } },
      reported_devices: { reported_device: [{ ips: { ip: [{ address: '10.0.0.9' }] } }] },
      disk_attachments: { disk_attachment: [{ id: 'da' }] },
      snapshots: { snapshot: [{ id: 's' }] },
      statistics: { statistic: [{ id: 'st', name: 'cpu.current.guest' }] },
    });
    expect(vm).toMatchObject({
      status: 'migrating',
      statusDetail: 'd',
      stopReason: 'r',
      type: 'desktop',
      fqdn: 'v.example',
      origin: 'managed_hosted_engine',
      deleteProtected: true,
      stateless: true,
      highAvailability: { enabled: true, priority: 50 },
      nextRunConfigurationExists: true,
      creationTime: new Date(1),
      startTime: new Date(2),
      host: { id: 'h1', name: 'host-1' },
      template: { id: 't' },
      os: 'rhel_9x64',
      cpu: { sockets: 2, cores: 1, threads: 1 },
      vcpus: 2,
      ips: ['10.0.0.9'],
    });
    expect(vm.diskAttachments?.map((d) => d.id)).toEqual(['da']);
    expect(vm.snapshots?.map((s) => s.id)).toEqual(['s']);
    expect(vm.statistics?.map((s) => s.name)).toEqual(['cpu.current.guest']);
    expect(vm.cpu).not.toHaveProperty('architecture');
    expect(toVm({ id: 'v', placement_policy: { hosts: { host: [] } } })).not.toHaveProperty(
      'placementHostIds',
    );
    expect(toVm({ id: 'v', placement_policy: { hosts: 'x' as never } })).not.toHaveProperty(
      'placementHostIds',
    );
  });

  it('maps a host the engine says little about with safe defaults', () => {
    const host = toHost({ id: 'h' });
    expect(host).toMatchObject({
      status: 'unassigned',
      address: '',
      cpu: { sockets: 1, cores: 1, threads: 1 },
      cpuCount: 1,
      memory: 0,
      maxSchedulingMemory: 0,
      summary: { active: 0, migrating: 0, total: 0 },
      updateAvailable: false,
      powerManagement: false,
    });
    expect(host.spm).toBeUndefined();
    expect(host.nics).toBeUndefined();
    expect(toHost({ id: 'h', spm: {} }).spm).toEqual({ priority: 0, status: 'none' });
    expect(
      toHost({
        id: 'h',
        power_management: { enabled: 'true' },
        external_status: 'ok',
        type: 'rhel',
        status_detail: 'x',
      }),
    ).toMatchObject({
      powerManagement: true,
      externalStatus: 'ok',
      type: 'rhel',
      statusDetail: 'x',
    });
    expect(toHost({ id: 'h', statistics: { statistic: [{ id: 's' }] } }).statistics).toHaveLength(
      1,
    );
  });

  it('maps host NICs with their addresses and network', () => {
    expect(
      toHostNic({
        id: 'n',
        mac: { address: 'aa' },
        ip: { address: '10.0.0.1', gateway: '10.0.0.254', netmask: '255.255.255.0', version: 'v4' },
        boot_protocol: 'static',
        network: { id: 'net' },
        host: { id: 'h' },
      }),
    ).toEqual({
      id: 'n',
      href: '',
      name: '',
      bridged: false,
      mac: 'aa',
      ip: { address: '10.0.0.1', gateway: '10.0.0.254', netmask: '255.255.255.0', version: 'v4' },
      bootProtocol: 'static',
      network: { id: 'net' },
      host: { id: 'h' },
    });
    expect(toHostNic({ id: 'n', ip: 'x' as never })).not.toHaveProperty('ip');
  });

  it('maps an unplugged, unlinked NIC as such', () => {
    expect(toNic({ id: 'n', linked: 'false', plugged: 'false' })).toMatchObject({
      linked: false,
      plugged: false,
    });
  });
});

describe('other resources (more)', () => {
  it('maps disk attachments with their disk sizes and format', () => {
    expect(
      toDiskAttachment({
        id: 'd',
        active: 'false',
        pass_discard: 'true',
        read_only: 'true',
        logical_name: '/dev/vda',
        disk: { id: 'disk', provisioned_size: '10', actual_size: '4', format: 'cow' },
        vm: { id: 'v' },
      }),
    ).toEqual({
      id: 'd',
      href: '',
      active: false,
      bootable: false,
      readOnly: true,
      passDiscard: true,
      logicalName: '/dev/vda',
      disk: { id: 'disk', provisionedSize: 10, actualSize: 4, format: 'cow' },
      vm: { id: 'v' },
    });
    expect(toDiskAttachment({ id: 'd' })).not.toHaveProperty('disk');
  });

  it('maps statistics with the engine defaults when kind, type and unit are missing', () => {
    expect(toStatistic({ id: 's', host: { id: 'h' } })).toEqual({
      id: 's',
      href: '',
      name: '',
      description: '',
      kind: 'gauge',
      type: 'decimal',
      unit: 'none',
      values: [],
      details: [],
      host: { id: 'h' },
    });
    expect(toStatistic({ id: 's', values: { value: 'x' } as never }).values).toEqual([]);
  });

  it('maps snapshots, clusters, templates and networks', () => {
    expect(toSnapshot({ id: 's', persist_memorystate: 'true', vm: { id: 'v' } })).toMatchObject({
      persistMemoryState: true,
      vm: { id: 'v' },
    });
    expect(
      toCluster({
        id: 'c',
        maintenance_reason_required: 'true',
        optional_reason: 'true',
        cpu: { architecture: 'x86_64', type: 'Intel' },
        upgrade_in_progress: 'true',
        upgrade_percent_complete: '40',
        upgrade_correlation_id: 'oc-u',
      }),
    ).toMatchObject({
      maintenanceReasonRequired: true,
      optionalReason: true,
      cpuArchitecture: 'x86_64',
      cpuType: 'Intel',
      upgradeInProgress: true,
      upgradePercentComplete: 40,
      upgradeCorrelationId: 'oc-u',
    });
    expect(toCluster({ id: 'c' })).toMatchObject({
      maintenanceReasonRequired: false,
      upgradeInProgress: false,
    });
    expect(toCluster({ id: 'c' })).not.toHaveProperty('version');
    expect(
      toTemplate({
        id: 't',
        creation_time: 3,
        os: { type: 'other' },
        cluster: { id: 'c' },
        version: { version_name: 'v2', base_template: { id: 'b' } },
      }),
    ).toMatchObject({
      memory: 0,
      creationTime: new Date(3),
      os: 'other',
      cluster: { id: 'c' },
      versionName: 'v2',
      baseTemplate: { id: 'b' },
    });
    expect(toNetwork({ id: 'n', name: 'ovirtmgmt', data_center: { id: 'dc' } })).toMatchObject({
      id: 'n',
      name: 'ovirtmgmt',
      dataCenter: { id: 'dc' },
    });
  });

  it('maps events: the index the stream resumes from, and every entity they name', () => {
    const e = toEvent({
      id: '5',
      index: '9',
      severity: 'warning',
      origin: 'oVirt',
      vm: { id: 'v' },
      host: { id: 'h' },
      cluster: { id: 'c' },
      data_center: { id: 'dc' },
      storage_domain: { id: 'sd' },
      template: { id: 't' },
    });
    expect(e).toMatchObject({
      index: 9,
      severity: 'warning',
      origin: 'oVirt',
      vm: { id: 'v' },
      host: { id: 'h' },
      cluster: { id: 'c' },
      dataCenter: { id: 'dc' },
      storageDomain: { id: 'sd' },
      template: { id: 't' },
      time: new Date(0),
      description: '',
      href: '',
    });
    expect(toEvent({ id: '5', severity: 'error' }).severity).toBe('error');
    expect(() => toEvent({ id: 'x5' })).toThrow(
      new ParseError('An event id that is not a number: x5'),
    );
  });

  it.each(['started', 'finished', 'failed', 'aborted', 'unknown'] as const)(
    'keeps the job status %s',
    (status) => {
      expect(toJob({ id: 'j', status }).status).toBe(status);
      expect(toStep({ id: 's', status }).status).toBe(status);
    },
  );

  it('maps steps and jobs with their defaults and links', () => {
    expect(
      toStep({
        id: 's',
        start_time: 1,
        end_time: 2,
        job: { id: 'j' },
        parent_step: { id: 'p' },
        execution_host: { id: 'h' },
        external: 'true',
      }),
    ).toEqual({
      id: 's',
      href: '',
      description: '',
      type: 'unknown',
      number: 0,
      status: 'unknown',
      external: true,
      startTime: new Date(1),
      endTime: new Date(2),
      job: { id: 'j' },
      parentStep: { id: 'p' },
      executionHost: { id: 'h' },
    });
    expect(toJob({ id: 'j', end_time: 4, owner: { id: 'u' }, external: 'true' })).toMatchObject({
      endTime: new Date(4),
      owner: { id: 'u' },
      external: true,
      autoCleared: false,
    });
  });

  it('reads an action answer: in progress, failed, or accepted (anything else)', () => {
    expect(toActionResult({ status: 'in_progress' }, 200, 'c').status).toBe('in_progress');
    expect(toActionResult({ status: 'failed' }, 200, 'c').status).toBe('failed');
    expect(toActionResult({ status: 'whatever' }, 200, 'c')).toEqual({
      status: 'complete',
      correlationId: 'c',
      async: false,
    });
    expect(toActionResult(undefined, 200, 'c')).toEqual({
      status: 'complete',
      correlationId: 'c',
      async: false,
    });
    expect(toActionResult({}, 202, 'c')).toMatchObject({ status: 'complete', async: true });
  });

  it('reads the API root with zeros for missing counts', () => {
    const info = toApiInfo({ summary: { hosts: {} }, product_info: { name: 'oVirt' } });
    expect(info).toEqual({ summary: { hosts: { active: 0, total: 0 } }, productName: 'oVirt' });
    expect(toApiInfo({ summary: 'x' })).toEqual({ summary: {} });
  });
});
