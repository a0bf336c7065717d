import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupEngine } from './node';
import { anyString, client, items } from './testSupport';
import type { VmRecord } from './model/types';

// A manual clock: the test moves time, so nothing depends on wall-clock speed.
const STEP = 1000;
const setup = setupEngine({ clock: 'manual', timeScale: STEP });
const { engine } = setup;
const api = client(setup);

beforeAll(() => {
  setup.server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  engine.reset();
});
afterAll(() => {
  setup.close();
});

const step = (n = 1): void => {
  engine.scheduler.advance(n * STEP);
};

function vmWith(pred: (vm: VmRecord) => boolean): VmRecord {
  const vm = engine.sortedVms().find(pred);
  if (!vm) throw new Error('no such VM in the fleet');
  return vm;
}

const upVm = (): VmRecord => vmWith((v) => v.status === 'up' && v.affinity === 'migratable');
const downVm = (): VmRecord => vmWith((v) => v.status === 'down');

async function status(id: string): Promise<Record<string, unknown>> {
  return (await api.get(`/vms/${id}`)).json();
}

const hostId = (name: string): string => engine.findHost(name)?.id ?? '';

describe('start', () => {
  it('goes down → wait_for_launch → powering_up → up with a host, a job and audit events', async () => {
    const vm = downVm();
    const res = await api.post(`/vms/${vm.id}/start`, {}, { 'Correlation-Id': 'start-1' });
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      status: 'complete',
      vm: { id: vm.id, href: `/ovirt-engine/api/vms/${vm.id}` },
    });
    const jobId = (body.job as { id: string }).id;
    const launching = await status(vm.id);
    expect(launching.status).toBe('wait_for_launch');
    expect(launching.host).toHaveProperty('id');
    expect(launching).toHaveProperty('start_time');
    step();
    expect((await status(vm.id)).status).toBe('powering_up');
    expect((await api.get(`/jobs/${jobId}`)).json()).toMatchObject({ status: 'started' });
    step();
    expect((await status(vm.id)).status).toBe('up');
    const job = (await api.get(`/jobs/${jobId}`)).json();
    expect(job).toMatchObject({ status: 'finished', description: `Launching VM ${vm.name}` });
    expect(typeof job.end_time).toBe('number');
    const steps = items((await api.get(`/jobs/${jobId}/steps`)).json(), 'step');
    expect(steps.map((s) => [s.type, s.status])).toEqual([
      ['validating', 'finished'],
      ['executing', 'finished'],
    ]);
    const events = items(
      (await api.get('/events?search=correlation_id%3Dstart-1')).json(),
      'event',
    );
    expect(events.map((e) => e.code)).toEqual(['32', '153']);
    expect(events[0]?.vm).toMatchObject({ id: vm.id, name: vm.name });
  });

  it('refuses a running VM with 409 and the engine fault, echoing the parameters', async () => {
    const vm = upVm();
    const res = await api.post(`/vms/${vm.id}/start`, { async: false });
    expect(res.status).toBe(409);
    expect(res.json()).toEqual({
      async: 'false',
      fault: { reason: 'Operation Failed', detail: '[Cannot run VM. VM is running.]' },
      status: 'failed',
    });
  });

  it('resumes a suspended VM through restoring_state, and a paused one directly', async () => {
    const suspended = vmWith((v) => v.status === 'suspended');
    await api.post(`/vms/${suspended.id}/start`);
    expect((await status(suspended.id)).status).toBe('restoring_state');
    step(2);
    expect((await status(suspended.id)).status).toBe('up');
    const paused = vmWith((v) => v.status === 'paused');
    expect((await status(paused.id)).status_detail).toBe('user');
    expect((await api.post(`/vms/${paused.id}/start`)).status).toBe(200);
    step();
    expect((await status(paused.id)).status).toBe('up');
  });

  it('refuses to start when no host of the cluster has enough free memory', async () => {
    const prod = engine.findCluster('Production')?.id;
    const vm = vmWith((v) => v.status === 'down' && v.clusterId === prod);
    for (const h of engine.state.hosts.values()) {
      if (h.clusterId === prod) h.memory = engine.hostLoad(h.id).committed;
    }
    engine.addEvent({ code: 0, severity: 'normal', description: 'test: Production hosts full' });
    const res = await api.post(`/vms/${vm.id}/start`);
    expect(res.status).toBe(409);
    expect((res.json().fault as { detail: string }).detail).toBe(
      '[Cannot run VM. There is no host that satisfies current scheduling constraints. See below for details:, ' +
        'The host host-03 did not satisfy internal filter Memory because its available memory is too low (0 MB) to run the VM., ' +
        'The host host-04 did not satisfy internal filter Memory because its available memory is too low (0 MB) to run the VM.]',
    );
  });

  it('accounts memory: the host that runs the VM has less schedulable memory', async () => {
    const vm = downVm();
    await api.post(`/vms/${vm.id}/start`);
    const host = ((await status(vm.id)).host as { id: string }).id;
    const after = Number((await api.get(`/hosts/${host}`)).json().max_scheduling_memory);
    engine.reset();
    const before = Number((await api.get(`/hosts/${host}`)).json().max_scheduling_memory);
    expect(before - after).toBe(vm.memory);
  });
});

describe('unknown VMs', () => {
  it('an action on an unknown VM id fails validation (400), a GET is a bare 404', async () => {
    const id = '0d7e6a1c-2b3f-4c5d-8e9f-0a1b2c3d4e5f';
    const res = await api.post(`/vms/${id}/start`, {});
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({
      fault: { reason: 'Operation Failed', detail: '[Cannot run VM. VM is not found.]' },
      status: 'failed',
    });
    expect((await api.post(`/vms/${id}/shutdown`)).json().fault).toEqual({
      reason: 'Operation Failed',
      detail: '[Cannot shutdown VM. VM is not found.]',
    });
    expect((await api.get(`/vms/${id}`)).status).toBe(404);
    expect((await api.del(`/vms/${id}`)).status).toBe(404);
  });
});

describe('stop, shutdown, reboot, suspend', () => {
  it('stop: powering_down then down, host cleared', async () => {
    const vm = upVm();
    expect((await api.post(`/vms/${vm.id}/stop`)).json()).toMatchObject({ status: 'complete' });
    expect((await status(vm.id)).status).toBe('powering_down');
    step();
    const down = await status(vm.id);
    expect(down.status).toBe('down');
    expect(down).not.toHaveProperty('host');
  });

  it('stopping a VM that is still starting aborts the start job', async () => {
    const vm = downVm();
    const start = (await api.post(`/vms/${vm.id}/start`)).json();
    const stop = await api.post(`/vms/${vm.id}/stop`);
    expect(stop.status).toBe(200);
    const job = (await api.get(`/jobs/${(start.job as { id: string }).id}`)).json();
    expect(job.status).toBe('aborted');
    expect(typeof job.end_time).toBe('number');
    step(3);
    expect((await status(vm.id)).status).toBe('down');
  });

  it('shutdown takes two steps', async () => {
    const vm = upVm();
    await api.post(`/vms/${vm.id}/shutdown`);
    step();
    expect((await status(vm.id)).status).toBe('powering_down');
    step();
    expect((await status(vm.id)).status).toBe('down');
  });

  it.each([
    ['stop', '[Cannot stop VM. VM is not running.]'],
    ['shutdown', '[Cannot shutdown VM. VM is not running.]'],
    ['reboot', '[Cannot reboot VM. VM is not running.]'],
    ['suspend', '[Cannot hibernate VM. VM is not running.]'],
    ['migrate', '[Cannot migrate VM. VM is not running.]'],
  ])('%s on a down VM → 409 %s', async (action, detail) => {
    const res = await api.post(`/vms/${downVm().id}/${action}`);
    expect(res.status).toBe(409);
    expect(res.json()).toEqual({ fault: { reason: 'Operation Failed', detail }, status: 'failed' });
  });

  it('reboot: reboot_in_progress then up', async () => {
    const vm = upVm();
    await api.post(`/vms/${vm.id}/reboot`);
    expect((await status(vm.id)).status).toBe('reboot_in_progress');
    step(2);
    expect((await status(vm.id)).status).toBe('up');
  });

  it('reboot of a VM that is still powering up names the status', async () => {
    const vm = downVm();
    await api.post(`/vms/${vm.id}/start`);
    step();
    const res = await api.post(`/vms/${vm.id}/reboot`);
    expect(res.json().fault).toEqual({
      reason: 'Operation Failed',
      detail: '[Cannot reboot VM because the VM is in Powering Up status.]',
    });
  });

  it('suspend answers 202 pending, then saving_state → suspended without a host', async () => {
    const vm = upVm();
    const res = await api.post(`/vms/${vm.id}/suspend`);
    expect(res.status).toBe(202);
    expect(res.json()).toMatchObject({
      async: 'true',
      status: 'pending',
      job: { id: anyString },
    });
    expect((await status(vm.id)).status).toBe('saving_state');
    step(2);
    const s = await status(vm.id);
    expect(s.status).toBe('suspended');
    expect(s).not.toHaveProperty('host');
  });
});

describe('migrate', () => {
  it('moves the VM to the chosen host with rising migration.progress', async () => {
    const vm = vmWith((v) => v.status === 'up' && v.hostId === hostId('host-01'));
    const res = await api.post(
      `/vms/${vm.id}/migrate`,
      { host: { id: hostId('host-02') } },
      { 'Correlation-Id': 'mig-1' },
    );
    expect(res.status).toBe(200);
    expect((await status(vm.id)).status).toBe('migrating');
    const progress = async (): Promise<unknown> => {
      const stats = items((await api.get(`/vms/${vm.id}/statistics`)).json(), 'statistic');
      return (
        stats.find((s) => s.name === 'migration.progress')?.values as { value: { datum: number }[] }
      ).value[0]?.datum;
    };
    step();
    expect(await progress()).toBe(25);
    step();
    expect(await progress()).toBe(50);
    const host2 = (await api.get(`/hosts/${hostId('host-02')}`)).json().summary as {
      migrating: string;
    };
    expect(host2.migrating).toBe('1');
    step(2);
    const after = await status(vm.id);
    expect(after.status).toBe('up');
    expect((after.host as { id: string }).id).toBe(hostId('host-02'));
    const events = items((await api.get('/events?search=correlation_id%3Dmig-1')).json(), 'event');
    expect(events.map((e) => e.code)).toEqual(['63', '62']);
  });

  it('lets the scheduler pick a target when none is given', async () => {
    const vm = vmWith((v) => v.status === 'up' && v.hostId === hostId('host-01'));
    await api.post(`/vms/${vm.id}/migrate`, { force: true });
    step(4);
    expect(((await status(vm.id)).host as { id: string }).id).toBe(hostId('host-02'));
  });

  it('refuses a target in another cluster, in maintenance, the same host, or without memory', async () => {
    const vm = vmWith(
      (v) => v.status === 'up' && v.hostId === hostId('host-03') && v.memory >= 4 * 1024 ** 3,
    );
    const other = await api.post(`/vms/${vm.id}/migrate`, { host: { name: 'host-01' } });
    expect(other.status).toBe(409);
    expect((other.json().fault as { detail: string }).detail).toBe(
      '[Cannot migrate VM. VM can be migrated only between Hosts in the same Cluster.\n-Please select target Host in the same Cluster to run the VM.]',
    );
    const same = await api.post(`/vms/${vm.id}/migrate`, { host: { name: 'host-03' } });
    expect((same.json().fault as { detail: string }).detail).toBe(
      '[Cannot migrate VM. source and destination is the same.]',
    );
    // Fill host-04 up: the VM no longer fits.
    const h4 = engine.findHost('host-04');
    if (!h4) throw new Error('host-04');
    const free = h4.memory - engine.hostLoad(h4.id).committed;
    h4.memory -= free - 1024 ** 3;
    engine.addEvent({ code: 0, severity: 'normal', description: 'test: host-04 memory shrunk' });
    const full = await api.post(`/vms/${vm.id}/migrate`, { host: { name: 'host-04' } });
    expect(full.status).toBe(409);
    expect((full.json().fault as { detail: string }).detail).toBe(
      '[Cannot migrate VM. There is no host that satisfies current scheduling constraints. See below for details:, The host host-04 did not satisfy internal filter Memory because its available memory is too low (1024 MB) to run the VM.]',
    );
    engine.reset();
    const vm2 = vmWith((v) => v.status === 'up' && v.hostId === hostId('host-01'));
    const h2 = hostId('host-02');
    await api.post(`/hosts/${h2}/deactivate`);
    const maint = await api.post(`/vms/${vm2.id}/migrate`, { host: { id: h2 } });
    expect((maint.json().fault as { detail: string }).detail).toBe(
      '[Cannot migrate VM. Operation can be performed only when Host status is Up.]',
    );
  });

  it('refuses a VM pinned to its host', async () => {
    const pinned = vmWith((v) => v.affinity === 'pinned');
    const res = await api.post(`/vms/${pinned.id}/migrate`, { force: true });
    expect(res.json().fault).toEqual({
      reason: 'Operation Failed',
      detail: '[Cannot migrate VM. VM is pinned to Host.]',
    });
  });

  it('cancelmigration returns the VM to its source host; without a migration it is refused', async () => {
    const vm = vmWith((v) => v.status === 'up' && v.hostId === hostId('host-01'));
    expect((await api.post(`/vms/${vm.id}/cancelmigration`)).status).toBe(409);
    await api.post(`/vms/${vm.id}/migrate`, { host: { name: 'host-02' } });
    step();
    expect((await api.post(`/vms/${vm.id}/cancelmigration`)).status).toBe(200);
    const after = await status(vm.id);
    expect(after.status).toBe('up');
    expect((after.host as { id: string }).id).toBe(hostId('host-01'));
    step(5);
    expect(((await status(vm.id)).host as { id: string }).id).toBe(hostId('host-01'));
  });
});

describe('clone, create, update, delete', () => {
  it('clones a down VM (source locked meanwhile) and validates name and state', async () => {
    const vm = downVm();
    const missing = await api.post(`/vms/${vm.id}/clone`, {});
    expect(missing.status).toBe(400);
    expect(missing.json().fault).toEqual({
      reason: 'Incomplete parameters',
      detail: 'Action [vm.name] required for clone',
    });
    const dup = await api.post(`/vms/${vm.id}/clone`, { vm: { name: upVm().name } });
    expect(dup.status).toBe(409);
    expect((dup.json().fault as { detail: string }).detail).toBe(
      '[Cannot clone VM. The VM name is already in use, please choose a unique name and try again.]',
    );
    expect((await api.post(`/vms/${upVm().id}/clone`, { vm: { name: 'x1' } })).status).toBe(409);
    const ok = await api.post(`/vms/${vm.id}/clone`, { vm: { name: 'clone-1' } });
    expect(ok.status).toBe(200);
    expect((await status(vm.id)).status).toBe('image_locked');
    const clone = items((await api.get('/vms?search=name%3Dclone-1')).json(), 'vm')[0];
    expect(clone?.status).toBe('image_locked');
    step(2);
    expect((await status(vm.id)).status).toBe('down');
    expect((await status(String(clone?.id))).status).toBe('down');
  });

  it('creates a VM: 201 with Location, then duplicate name 409 and missing name 400', async () => {
    const res = await api.post('/vms', {
      name: 'new-vm',
      cluster: { name: 'Default' },
      template: { name: 'Blank' },
    });
    expect(res.status).toBe(201);
    const vm = res.json();
    expect(res.headers.get('Location')).toBe(`/ovirt-engine/api/vms/${String(vm.id)}`);
    expect(vm).toMatchObject({
      name: 'new-vm',
      status: 'down',
      memory: String(1024 ** 3),
      template: { id: '00000000-0000-0000-0000-000000000000' },
    });
    const dup = await api.post('/vms', {
      name: 'NEW-VM',
      cluster: { name: 'Default' },
      template: { name: 'Blank' },
    });
    expect(dup.status).toBe(409);
    expect(dup.json()).toEqual({
      reason: 'Operation Failed',
      detail:
        '[Cannot add VM. The VM name is already in use, please choose a unique name and try again.]',
    });
    const noName = await api.post('/vms', {
      cluster: { name: 'Default' },
      template: { name: 'Blank' },
    });
    expect(noName.status).toBe(400);
    expect(noName.json()).toEqual({
      reason: 'Incomplete parameters',
      detail: 'Vm [name] required for add',
    });
    const noCluster = await api.post('/vms', { name: 'x' });
    expect(noCluster.json()).toEqual({
      reason: 'Incomplete parameters',
      detail: 'Vm [cluster.id|name] required for add',
    });
  });

  it('updates a VM partially and refuses a duplicate name', async () => {
    const vm = downVm();
    const res = await api.put(`/vms/${vm.id}`, { description: 'changed', memory: 2 * 1024 ** 3 });
    expect(res.json()).toMatchObject({
      description: 'changed',
      memory: String(2 * 1024 ** 3),
      name: vm.name,
    });
    const dup = await api.put(`/vms/${vm.id}`, { name: upVm().name });
    expect(dup.status).toBe(409);
  });

  it('deletes a down VM (200 complete, then 404) and refuses a running one', async () => {
    const running = await api.del(`/vms/${upVm().id}`);
    expect(running.status).toBe(409);
    expect(running.json()).toEqual({
      reason: 'Operation Failed',
      detail: '[Cannot remove VM. VM is running.]',
    });
    const vm = downVm();
    const res = await api.del(`/vms/${vm.id}`);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ status: 'complete' });
    expect((await api.get(`/vms/${vm.id}`)).status).toBe(404);
  });
});

describe('snapshots', () => {
  it('restores a regular snapshot of a down VM (locked for a step) and refuses a running VM', async () => {
    const vm = vmWith((v) => v.snapshots.some((x) => x.type === 'regular') && v.status === 'down');
    const snap = vm.snapshots.find((x) => x.type === 'regular');
    const res = await api.post(`/vms/${vm.id}/snapshots/${snap?.id ?? ''}/restore`, {
      restore_memory: false,
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      restore_memory: 'false',
      status: 'complete',
      job: { id: anyString },
    });
    expect((await status(vm.id)).status).toBe('image_locked');
    step();
    expect((await status(vm.id)).status).toBe('down');
    const running = vmWith(
      (v) => v.snapshots.some((x) => x.type === 'regular') && v.status === 'up',
    );
    const refused = await api.post(
      `/vms/${running.id}/snapshots/${running.snapshots[1]?.id ?? ''}/restore`,
    );
    expect(refused.status).toBe(409);
    expect((refused.json().fault as { detail: string }).detail).toBe(
      '[Cannot revert to Snapshot. At least one of the VMs is not down.]',
    );
  });
});

describe('hosts', () => {
  it('refuses to activate an up host', async () => {
    const res = await api.post(`/hosts/${hostId('host-01')}/activate`);
    expect(res.status).toBe(409);
    expect(res.json()).toEqual({
      fault: { reason: 'Operation Failed', detail: '[Cannot activate Host. Host in Up status.]' },
      status: 'failed',
    });
  });

  it('deactivate migrates the VMs away, then maintenance; activate brings it back up', async () => {
    const h1 = hostId('host-01');
    const running = engine
      .sortedVms()
      .filter((v) => v.hostId === h1)
      .map((v) => v.id);
    expect(running.length).toBeGreaterThan(0);
    const res = await api.post(`/hosts/${h1}/deactivate`, {}, { 'Correlation-Id': 'evac-1' });
    expect(res.json()).toMatchObject({ status: 'complete', host: { id: h1 } });
    expect((await api.get(`/hosts/${h1}`)).json().status).toBe('preparing_for_maintenance');
    step();
    expect((await status(running[0] ?? '')).status).toBe('migrating');
    step(6);
    const host = (await api.get(`/hosts/${h1}`)).json();
    expect(host.status).toBe('maintenance');
    expect(host.summary).toMatchObject({ active: '0' });
    for (const id of running)
      expect(((await status(id)).host as { id: string }).id).toBe(hostId('host-02'));
    const jobs = items((await api.get('/jobs?search=correlation_id%3Devac-1')).json(), 'job');
    expect(jobs.length).toBe(running.length + 1);
    expect(jobs.every((j) => j.status === 'finished')).toBe(true);
    expect((await api.post(`/hosts/${h1}/deactivate`)).status).toBe(409);
    await api.post(`/hosts/${h1}/activate`);
    step(2);
    expect((await api.get(`/hosts/${h1}`)).json().status).toBe('up');
  });

  it('stays in preparing_for_maintenance when a VM cannot move (pinned VM on host-02)', async () => {
    const h2 = hostId('host-02');
    await api.post(`/hosts/${h2}/deactivate`);
    step(10);
    expect((await api.get(`/hosts/${h2}`)).json().status).toBe('preparing_for_maintenance');
    const errors = items((await api.get('/events?search=severity%3Derror')).json(), 'event');
    expect(errors[0]?.description).toMatch(
      /^Failed to switch Host host-02 to Maintenance mode\. Failed to migrate VM /,
    );
  });

  it('does not retry failed evacuation migrations; moves to maintenance once the VMs are gone', async () => {
    const h1 = hostId('host-01');
    const running = engine.sortedVms().filter((v) => v.hostId === h1);
    engine.faults.set({ failMigrationsTo: ['host-02'] });
    await api.post(`/hosts/${h1}/deactivate`, {}, { 'Correlation-Id': 'evac-2' });
    step(30);
    expect((await api.get(`/hosts/${h1}`)).json().status).toBe('preparing_for_maintenance');
    const events = items((await api.get('/events?search=correlation_id%3Devac-2')).json(), 'event');
    expect(events.filter((e) => e.code === '65')).toHaveLength(running.length);
    expect(events.filter((e) => e.code === '17')).toHaveLength(running.length);
    for (const vm of running) await api.post(`/vms/${vm.id}/stop`);
    step(2);
    expect((await api.get(`/hosts/${h1}`)).json().status).toBe('maintenance');
  });

  it('lists migration targets of a VM: up hosts of its cluster other than its own', async () => {
    const vm = vmWith((v) => v.status === 'up' && v.hostId === hostId('host-01'));
    const hosts = items((await api.get(`/hosts?migration_target_of=${vm.id}`)).json(), 'host');
    expect(hosts.map((h) => h.name)).toEqual(['host-02']);
  });
});
