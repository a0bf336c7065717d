import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupEngine } from './node';
import { client, items } from './testSupport';

// The `scheduling` scenario (model/schedulingScenario.ts): host-01 holds 12 running VMs; db-pair
// (positive, enforcing), web-spread (negative, enforcing), licensed (VM-to-host label), mail-02
// pinned to host-01, build-02 to host-01/host-04, at most 6 running VMs per host.
const STEP = 1000;
const setup = setupEngine({ clock: 'manual', timeScale: STEP, scenario: 'scheduling' });
const { engine } = setup;
const api = client(setup);

beforeAll(() => {
  setup.server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(() => {
  engine.reset({ scenario: 'scheduling' });
});
afterEach(() => {
  engine.reset({ scenario: 'scheduling' });
});
afterAll(() => {
  setup.close();
});

const vmId = (name: string): string => engine.findVm(name)?.id ?? '';
const hostId = (name: string): string => engine.findHost(name)?.id ?? '';
const NO_HOST =
  'Cannot migrate VM. There is no host that satisfies current scheduling constraints. See below for details:';

async function migrate(vm: string, host: string, extra: Record<string, unknown> = {}) {
  return api.post(`/vms/${vmId(vm)}/migrate`, { host: { id: hostId(host) }, ...extra });
}

function fault(body: Record<string, unknown>): { reason: string; detail: string } {
  return body.fault as { reason: string; detail: string };
}

async function targets(query: string): Promise<string[]> {
  const body = (await api.get(`/hosts?migration_target_of=${query}`)).json();
  return items(body, 'host').map((h) => String(h.name));
}

describe('scheduling configuration', () => {
  it('serves policies with filters, weights and balances, and the units', async () => {
    const policies = items((await api.get('/schedulingpolicies')).json(), 'scheduling_policy');
    expect(policies.map((p) => p.name)).toEqual(
      expect.arrayContaining(['none', 'evenly_distributed', 'evenly_distributed_capped']),
    );
    const capped = policies.find((p) => p.name === 'evenly_distributed_capped');
    const filters = items(
      (await api.get(`/schedulingpolicies/${String(capped?.id)}/filters`)).json(),
      'filter',
    );
    const units = items((await api.get('/schedulingpolicyunits')).json(), 'scheduling_policy_unit');
    const unitName = (id: unknown): string =>
      (units.find((u) => u.id === id)?.name as string | undefined) ?? '?';
    expect(filters.map((f) => unitName((f.scheduling_policy_unit as { id: string }).id))).toEqual(
      expect.arrayContaining(['PinToHost', 'VmAffinityGroups', 'max_vms']),
    );
    const weights = (await api.get(`/schedulingpolicies/${String(capped?.id)}/weights`)).json();
    expect(items(weights, 'weight').length).toBeGreaterThan(0);
    const balances = (await api.get(`/schedulingpolicies/${String(capped?.id)}/balances`)).json();
    expect(items(balances, 'balance')).toHaveLength(1);
    expect(units.find((u) => u.name === 'max_vms')).toMatchObject({ internal: 'false' });
  });

  it('serves the cluster policy with its properties, and the policy none elsewhere', async () => {
    const cluster = items((await api.get('/clusters')).json(), 'cluster')[0] ?? {};
    expect(cluster.custom_scheduling_policy_properties).toEqual({
      property: expect.arrayContaining([
        { name: 'maximum_vm_count', value: '6' },
        { name: 'HighUtilization', value: '80' },
      ]) as unknown,
    });
    const policy = (
      await api.get(`/schedulingpolicies/${(cluster.scheduling_policy as { id: string }).id}`)
    ).json();
    expect(policy.name).toBe('evenly_distributed_capped');
    engine.reset({ scenario: 'small' });
    const other = items((await api.get('/clusters')).json(), 'cluster')[0] ?? {};
    expect((other.scheduling_policy as { id: string }).id).toBe(
      'b4ed2332-a7ac-4d5f-9596-99a439cb2812',
    );
  });

  it('serves affinity groups with rules and members, labels, and pinning lists', async () => {
    const cluster = [...engine.state.clusters.values()][0];
    const groups = items(
      (await api.get(`/clusters/${String(cluster?.id)}/affinitygroups`)).json(),
      'affinity_group',
    );
    const pair = groups.find((g) => g.name === 'db-pair');
    expect(pair).toMatchObject({
      vms_rule: { enabled: 'true', positive: 'true', enforcing: 'true' },
      hosts_rule: { enabled: 'false' },
      positive: 'true',
      enforcing: 'true',
      vms: { vm: [{ id: vmId('db-01') }, { id: vmId('db-02') }] },
    });
    const licensed = groups.find((g) => g.name === 'licensed');
    const labelId = (licensed?.host_labels as { affinity_label: { id: string }[] })
      .affinity_label[0]?.id;
    const label = (await api.get(`/affinitylabels/${String(labelId)}`)).json();
    expect(label.name).toBe('licensed-hosts');
    const hosts = items((await api.get(`/affinitylabels/${String(labelId)}/hosts`)).json(), 'host');
    expect(hosts.map((h) => h.id)).toEqual([hostId('host-01'), hostId('host-03')]);
    const vmLabels = items(
      (await api.get(`/vms/${vmId('db-01')}/affinitylabels`)).json(),
      'affinity_label',
    );
    expect(vmLabels.map((l) => l.name)).toEqual(['tier-db']);
    const mail = (await api.get(`/vms/${vmId('mail-02')}`)).json();
    expect(mail.placement_policy).toEqual({
      affinity: 'migratable',
      hosts: {
        host: [{ href: `/ovirt-engine/api/hosts/${hostId('host-01')}`, id: hostId('host-01') }],
      },
    });
  });
});

describe('migrations honour hard rules, in the engine words', () => {
  it('refuses a VM outside its pinning list (PinToHost)', async () => {
    const res = await migrate('mail-02', 'host-02');
    expect(res.status).toBe(409);
    expect(fault(res.json()).detail).toBe(
      `[${NO_HOST}, The host host-02 did not satisfy internal filter PinToHost because the host is not present in the pinning list.]`,
    );
    expect(await targets(vmId('mail-02'))).toEqual([]);
    expect(await targets(vmId('build-02'))).toEqual(['host-04']);
  });

  it('keeps a positive pair together: one alone is refused, the closure goes', async () => {
    const alone = await migrate('db-01', 'host-02');
    expect(alone.status).toBe(409);
    expect(fault(alone.json()).detail).toContain(
      'The host host-02 did not satisfy internal filter VmAffinityGroups because it did not match positive affinity rules .',
    );
    expect(await targets(vmId('db-01'))).toEqual([]);
    expect(await targets(`${vmId('db-01')},${vmId('db-02')}`)).toEqual([
      'host-02',
      'host-03',
      'host-04',
    ]);
    expect(await targets(`${vmId('db-01')}&check_vms_in_affinity_closure=true`)).toEqual([
      'host-02',
      'host-03',
      'host-04',
    ]);
    const closure = await migrate('db-01', 'host-02', { migrate_vms_in_affinity_closure: true });
    expect(closure.status).toBe(200);
    engine.scheduler.runAll();
    expect(engine.findVm('db-01')?.hostId).toBe(hostId('host-02'));
    expect(engine.findVm('db-02')?.hostId).toBe(hostId('host-02'));
  });

  it('keeps a negative group apart, counting a migration in flight on its target', async () => {
    for (const host of ['host-02', 'host-03', 'host-04']) {
      const res = await migrate('web-02', host);
      expect(res.status).toBe(409);
      expect(fault(res.json()).detail).toContain(
        `The host ${host} did not satisfy internal filter VmAffinityGroups because it matched negative affinity rules .`,
      );
    }
    expect(await targets(vmId('web-02'))).toEqual([]);
    // web-05 leaves host-04 (to host-01, where web-02 is: refused) ...
    expect((await migrate('web-05', 'host-01')).status).toBe(409);
    // ... web-04 may go nowhere either; once web-05 is down, web-02 may go to host-04.
    const web5 = engine.findVm('web-05');
    if (web5) web5.status = 'down';
    expect(await targets(vmId('web-02'))).toEqual(['host-04']);
    expect((await migrate('web-02', 'host-04')).status).toBe(200);
    // web-02 is on its way to host-04: web-03 may not follow it there.
    const follow = await migrate('web-03', 'host-04');
    expect(follow.status).toBe(409);
  });

  it('sends VMs of a VM-to-host rule only to the labelled hosts', async () => {
    expect(await targets(vmId('app-01'))).toEqual(['host-03']);
    const res = await migrate('app-01', 'host-04');
    expect(fault(res.json()).detail).toContain(
      'The host host-04 did not satisfy internal filter VmToHostsAffinityGroups because it did not match positive affinity rules .',
    );
  });

  it('caps the running VMs per host with the external max_vms filter', async () => {
    // host-02 runs 2 VMs; the cap is 6: four more may come, the fifth is refused.
    for (const name of ['cache-01', 'ci-01', 'test-01', 'build-01'])
      expect((await migrate(name, 'host-02')).status).toBe(200);
    const res = await migrate('mail-01', 'host-02');
    expect(res.status).toBe(409);
    expect(fault(res.json()).detail).toBe(
      `[${NO_HOST}, The host host-02 did not satisfy external filter max_vms.]`,
    );
    expect(await targets(vmId('mail-01'))).not.toContain('host-02');
  });

  it('soft rules never refuse a host', async () => {
    // cache-near-db is positive but not enforcing.
    expect((await migrate('cache-01', 'host-04')).status).toBe(200);
  });

  it('host maintenance moves the positive pair together and leaves the pinned VM', async () => {
    const res = await api.post(`/hosts/${hostId('host-01')}/deactivate`, {});
    expect(res.status).toBe(200);
    engine.scheduler.advance(STEP * 20);
    const db1 = engine.findVm('db-01');
    expect(db1?.hostId).not.toBe(hostId('host-01'));
    expect(engine.findVm('db-02')?.hostId).toBe(db1?.hostId);
    expect(engine.findVm('mail-02')?.hostId).toBe(hostId('host-01'));
    expect(engine.findHost('host-01')?.status).toBe('preparing_for_maintenance');
  });
});
