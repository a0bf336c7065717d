/**
 * What the client puts on the wire, request by request: method, path, query, body and
 * Correlation-Id, against a recording fetch (no simulated engine). An admin's action reaches the
 * engine exactly as asked (the right VM, the right host, force only when asked), a by-id read
 * never widens, and every action carries the Correlation-Id its record names.
 */
import { describe, expect, it } from 'vitest';
import { IDS_PER_SEARCH, createEngineClient } from './client';
import type { EngineClientOptions } from './client';
import { ActionError, EngineError } from './errors';
import { InvalidIdError } from './ids';

interface Sent {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  correlationId: string | null;
  keepalive: boolean;
}

type Answer = { status?: number; body?: unknown };

const ROOT = '/ovirt-engine/api/';

function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
const VM = uuid(1);
const HOST = uuid(2);

/** A client whose fetch records every request and answers from `route` (default `{}`). */
function rig(
  route: (s: Sent) => Answer | undefined = () => undefined,
  extra: Partial<EngineClientOptions> = {},
) {
  const sent: Sent[] = [];
  let n = 0;
  const client = createEngineClient({
    baseUrl: 'https://engine.example/ovirt-engine/',
    credentials: () => ({ kind: 'bearer', token: 't' }),
    correlationId: () => `gen-${++n}`,
    retries: 1,
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      const headers = new Headers(init?.headers);
      const s: Sent = {
        method: init?.method ?? 'GET',
        path: url.pathname.startsWith(ROOT) ? url.pathname.slice(ROOT.length) : url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
        correlationId: headers.get('Correlation-Id'),
        keepalive: init?.keepalive === true,
      };
      sent.push(s);
      const a = route(s) ?? {};
      const body =
        a.body === undefined ? (s.method === 'GET' ? {} : { status: 'complete' }) : a.body;
      return Promise.resolve(
        new Response(body === null ? '' : JSON.stringify(body), {
          status: a.status ?? 200,
          headers: { 'Content-Type': 'application/json' },
        }),
      );
    },
    ...extra,
  });
  return { client, sent };
}

function vmWire(id: string, name = `vm-${id.slice(-3)}`) {
  return { id, name, status: 'up' };
}

describe('by-id reads', () => {
  it(`splits ids into searches of ${IDS_PER_SEARCH} and joins the answers in order`, async () => {
    const ids = Array.from({ length: 2 * IDS_PER_SEARCH + 1 }, (_, i) => uuid(100 + i));
    const { client, sent } = rig((s) => {
      const found = ids.filter((id) => s.query.search?.includes(id));
      return { body: { vm: found.map((id) => vmWire(id)) } };
    });
    const vms = await client.vmListByIds(ids, { follow: ['nics'] });
    expect(vms.map((v) => v.id)).toEqual(ids);
    expect(sent.map((s) => s.path)).toEqual(['vms', 'vms', 'vms']);
    const perSearch = sent.map((s) => (s.query.search?.match(/id = /g) ?? []).length);
    expect(perSearch).toEqual([IDS_PER_SEARCH, IDS_PER_SEARCH, 1]);
    expect(sent[0]?.query.search).toContain(` or id = ${ids[1]}`);
    expect(sent.every((s) => s.query.follow === 'nics')).toBe(true);
  });

  it('sends nothing for an empty id list, nor for one id that is not an engine id', async () => {
    const { client, sent } = rig();
    expect(await client.vmListByIds([])).toEqual([]);
    await expect(client.vmListByIds([VM, '*'])).rejects.toBeInstanceOf(InvalidIdError);
    await expect(client.hostListByIds(['name = *'])).rejects.toBeInstanceOf(InvalidIdError);
    expect(sent).toEqual([]);
  });

  it('reads hosts by id the same way', async () => {
    const ids = Array.from({ length: IDS_PER_SEARCH + 2 }, (_, i) => uuid(500 + i));
    const { client, sent } = rig((s) => ({
      body: {
        host: ids.filter((id) => s.query.search?.includes(id)).map((id) => ({ id, name: id })),
      },
    }));
    expect((await client.hostListByIds(ids)).map((h) => h.id)).toEqual(ids);
    expect(sent.map((s) => s.path)).toEqual(['hosts', 'hosts']);
  });

  it('refuses a migration-target read that names a non-engine id, and reads one or many', async () => {
    const { client, sent } = rig(() => ({ body: { host: [{ id: HOST, name: 'h' }] } }));
    await expect(client.hostMigrationTargetsOf('*')).rejects.toBeInstanceOf(InvalidIdError);
    await expect(client.hostMigrationTargetsOf([VM, 'x'])).rejects.toBeInstanceOf(InvalidIdError);
    expect(sent).toEqual([]);
    expect((await client.hostMigrationTargetsOf(VM)).map((h) => h.id)).toEqual([HOST]);
    await client.hostMigrationTargetsOf([VM, uuid(3)], { affinityClosure: true });
    expect(sent.map((s) => [s.path, s.query])).toEqual([
      ['hosts', { migration_target_of: VM, check_vms_in_affinity_closure: 'false' }],
      ['hosts', { migration_target_of: `${VM},${uuid(3)}`, check_vms_in_affinity_closure: 'true' }],
    ]);
  });

  it('refuses scheduling reads for a non-engine id before sending', async () => {
    const { client, sent } = rig();
    await expect(client.clusterAffinityGroups('*')).rejects.toBeInstanceOf(InvalidIdError);
    await expect(client.clusterScheduling('../vms')).rejects.toBeInstanceOf(InvalidIdError);
    await expect(client.vmAffinityLabels('x')).rejects.toBeInstanceOf(InvalidIdError);
    await expect(client.affinityLabelMembers('*')).rejects.toBeInstanceOf(InvalidIdError);
    await expect(client.schedulingPolicyGet('*')).rejects.toBeInstanceOf(InvalidIdError);
    await expect(client.schedulingPolicyFilters('*')).rejects.toBeInstanceOf(InvalidIdError);
    expect(sent).toEqual([]);
  });

  it('reads the scheduling resources at their engine paths', async () => {
    const C = uuid(7);
    const { client, sent } = rig((s) => {
      if (s.path.endsWith('/vms')) return { body: { vm: [{ id: VM }] } };
      if (s.path.endsWith('/hosts')) return { body: { host: [{ id: HOST }] } };
      if (s.path.endsWith('/filters'))
        return { body: { filter: [{ id: uuid(9), scheduling_policy_unit: { id: uuid(10) } }] } };
      if (s.path.startsWith('schedulingpolicies/')) return { body: { id: C, name: 'p' } };
      return { body: {} };
    });
    await client.clusterAffinityGroups(C);
    await client.clusterScheduling(C);
    await client.vmAffinityLabels(VM);
    expect(await client.affinityLabelMembers(C)).toEqual({ vmIds: [VM], hostIds: [HOST] });
    await client.schedulingPolicyGet(C);
    await client.schedulingPolicyFilters(C);
    await client.schedulingPolicyUnitList();
    expect(sent.map((s) => s.path)).toEqual([
      `clusters/${C}/affinitygroups`,
      `clusters/${C}`,
      `vms/${VM}/affinitylabels`,
      `affinitylabels/${C}/vms`,
      `affinitylabels/${C}/hosts`,
      `schedulingpolicies/${C}`,
      `schedulingpolicies/${C}/filters`,
      'schedulingpolicyunits',
    ]);
  });
});

describe('list and get queries', () => {
  it('sends the search, paging and content flags the caller asked for, and nothing else', async () => {
    const { client, sent } = rig();
    await client.vmList({
      search: '  name = web*  ',
      max: 5,
      caseSensitive: false,
      follow: ['nics', 'disk_attachments.disk'],
      allContent: true,
    });
    await client.vmList({ search: '   ', follow: [] });
    await client.hostList({ max: 2 });
    await client.clusterList({ search: 'name = c1' });
    await client.templateList({ allContent: true });
    await client.networkList({ caseSensitive: true });
    await client.jobList({ max: 1 });
    expect(sent.map((s) => [s.path, s.query])).toEqual([
      [
        'vms',
        {
          search: 'name = web*',
          max: '5',
          case_sensitive: 'false',
          follow: 'nics,disk_attachments.disk',
          all_content: 'true',
        },
      ],
      ['vms', {}],
      ['hosts', { max: '2' }],
      ['clusters', { search: 'name = c1' }],
      ['templates', { all_content: 'true' }],
      ['networks', { case_sensitive: 'true' }],
      ['jobs', { max: '1' }],
    ]);
  });

  it('gets one entity at its escaped path with follow and all_content', async () => {
    const { client, sent } = rig((s) => ({ body: { id: s.path.split('/')[1] ?? 'x', name: 'n' } }));
    await client.vmGet(VM, { follow: ['nics'], allContent: true });
    await client.vmGet('a/b', { follow: [] });
    await client.hostGet(HOST, { allContent: false });
    await client.clusterGet(uuid(4), { follow: ['networks'] });
    await client.templateGet(uuid(5));
    expect(sent.map((s) => [s.path, s.query])).toEqual([
      [`vms/${VM}`, { follow: 'nics', all_content: 'true' }],
      ['vms/a%2Fb', {}],
      [`hosts/${HOST}`, { all_content: 'false' }],
      [`clusters/${uuid(4)}`, { follow: 'networks' }],
      [`templates/${uuid(5)}`, {}],
    ]);
  });

  it('reads events after an id, with max and search', async () => {
    const { client, sent } = rig(() => ({
      body: { event: [{ id: '12', description: 'd', severity: 'normal', code: '1', time: 0 }] },
    }));
    const events = await client.eventList({ from: 42, max: 100, search: ' severity = error ' });
    await client.eventList();
    expect(events.map((e) => e.id)).toEqual(['12']);
    expect(sent.map((s) => s.query)).toEqual([
      { from: '42', max: '100', search: 'severity = error' },
      {},
    ]);
  });

  it('reads sub-collections at their engine paths (guest addresses in one request)', async () => {
    const { client, sent } = rig((s) => {
      if (s.path.endsWith('/nics')) return { body: { nic: [{ id: uuid(11), name: 'nic1' }] } };
      return { body: {} };
    });
    expect((await client.vmNics(VM)).map((n) => n.name)).toEqual(['nic1']);
    await client.vmDiskAttachments(VM, { follow: ['disk'] });
    await client.vmSnapshots(VM);
    await client.vmStatistics(VM);
    await client.hostHooks(HOST);
    await client.hostNics(HOST);
    await client.hostStatistics(HOST);
    await client.jobSteps(uuid(6));
    expect(sent.map((s) => [s.path, s.query])).toEqual([
      [`vms/${VM}/nics`, { follow: 'reporteddevices' }],
      [`vms/${VM}/diskattachments`, { follow: 'disk' }],
      [`vms/${VM}/snapshots`, {}],
      [`vms/${VM}/statistics`, {}],
      [`hosts/${HOST}/hooks`, {}],
      [`hosts/${HOST}/nics`, {}],
      [`hosts/${HOST}/statistics`, {}],
      [`jobs/${uuid(6)}/steps`, {}],
    ]);
  });

  it("fetches a job's steps only when asked and the job did not inline them", async () => {
    const J = uuid(6);
    const { client, sent } = rig((s) =>
      s.path.endsWith('/steps')
        ? { body: { step: [{ id: uuid(12), description: 'Migrating', status: 'started' }] } }
        : { body: { id: J, description: 'job', status: 'started' } },
    );
    expect((await client.jobGet(J)).steps).toBeUndefined();
    const withSteps = await client.jobGet(J, { steps: true });
    expect(withSteps.steps?.map((s) => s.description)).toEqual(['Migrating']);
    expect(sent.map((s) => s.path)).toEqual([`jobs/${J}`, `jobs/${J}`, `jobs/${J}/steps`]);

    const inline = rig(() => ({
      body: { id: J, status: 'started', steps: { step: [{ id: uuid(13), status: 'started' }] } },
    }));
    expect((await inline.client.jobGet(J, { steps: true })).steps).toHaveLength(1);
    expect(inline.sent).toHaveLength(1);
  });

  it('finds the jobs of a Correlation-Id by searching for it', async () => {
    const { client, sent } = rig(() => ({ body: { job: [{ id: uuid(6), status: 'finished' }] } }));
    expect(await client.jobsByCorrelationId('oc-abc')).toHaveLength(1);
    expect(sent[0]).toMatchObject({ path: 'jobs', query: { search: 'correlation_id = oc-abc' } });
  });
});

describe('iterate', () => {
  it('walks pages in name order until a short page, and yields no empty page', async () => {
    const { client, sent } = rig((s) => {
      const page = Number(/page (\d+)$/.exec(s.query.search ?? '')?.[1]);
      const count = page === 1 ? 2 : page === 2 ? 2 : 0;
      return { body: { vm: Array.from({ length: count }, (_, i) => vmWire(uuid(page * 10 + i))) } };
    });
    const pages: string[][] = [];
    for await (const p of client.vmIterate({
      search: 'status = up page 7',
      pageSize: 2,
      caseSensitive: false,
      follow: ['nics'],
    }))
      pages.push(p.map((v) => v.id));
    expect(pages).toEqual([
      [uuid(10), uuid(11)],
      [uuid(20), uuid(21)],
    ]);
    expect(sent.map((s) => s.query)).toEqual(
      [1, 2, 3].map((p) => ({
        search: `status = up sortby name asc page ${p}`,
        max: '2',
        case_sensitive: 'false',
        follow: 'nics',
      })),
    );
  });

  it("keeps the caller's sort, pages of 100 by default, and stops after a short first page", async () => {
    const { client, sent } = rig(() => ({ body: { host: [{ id: HOST, name: 'h' }] } }));
    const pages = [];
    for await (const p of client.hostIterate({ search: 'name = h* SORTBY name desc', follow: [] }))
      pages.push(p);
    expect(pages).toHaveLength(1);
    expect(sent.map((s) => s.query)).toEqual([
      { search: 'name = h* SORTBY name desc page 1', max: '100' },
    ]);
    const all = rig(() => ({ body: {} }));
    for await (const p of all.client.vmIterate()) pages.push(p);
    expect(all.sent[0]?.query.search).toBe('sortby name asc page 1');
  });
});

describe('actions', () => {
  it('sends each VM action once, as a POST with the given Correlation-Id and keepalive', async () => {
    const { client, sent } = rig();
    const r = await client.vmStart(VM, { correlationId: 'rec-1' });
    expect(r).toMatchObject({ status: 'complete', correlationId: 'rec-1' });
    await client.vmReboot(VM, { correlationId: 'rec-2' });
    await client.vmSuspend(VM, { correlationId: 'rec-3' });
    await client.vmCancelMigration(VM, { correlationId: 'rec-4' });
    await client.vmClone(VM, { name: 'copy', correlationId: 'rec-5' });
    await client.hostActivate(HOST, { correlationId: 'rec-6' });
    await client.hostUpgradeCheck(HOST, { correlationId: 'rec-7' });
    await client.vmSnapshotRestore(VM, uuid(8), { correlationId: 'rec-8' });
    expect(sent.map((s) => [s.method, s.path, s.body, s.correlationId, s.keepalive])).toEqual([
      ['POST', `vms/${VM}/start`, {}, 'rec-1', true],
      ['POST', `vms/${VM}/reboot`, {}, 'rec-2', true],
      ['POST', `vms/${VM}/suspend`, {}, 'rec-3', true],
      ['POST', `vms/${VM}/cancelmigration`, {}, 'rec-4', true],
      ['POST', `vms/${VM}/clone`, { vm: { name: 'copy' } }, 'rec-5', true],
      ['POST', `hosts/${HOST}/activate`, {}, 'rec-6', true],
      ['POST', `hosts/${HOST}/upgradecheck`, {}, 'rec-7', true],
      ['POST', `vms/${VM}/snapshots/${uuid(8)}/restore`, {}, 'rec-8', true],
    ]);
  });

  it('makes a Correlation-Id when the caller gives none, and reports it', async () => {
    const { client, sent } = rig();
    const r = await client.vmStart(VM);
    expect(r.correlationId).toBe('gen-1');
    expect(sent[0]?.correlationId).toBe('gen-1');
    expect(client.newCorrelationId()).toBe('gen-2');
  });

  it('sends force and the reason only when asked (shutdown, power off, maintenance)', async () => {
    const { client, sent } = rig();
    await client.vmShutdown(VM);
    await client.vmShutdown(VM, { reason: 'patching', force: false });
    await client.vmStop(VM, { force: true });
    await client.vmStop(VM, { reason: 'hung' });
    await client.hostDeactivate(HOST);
    await client.hostDeactivate(HOST, { reason: 'kernel update' });
    expect(sent.map((s) => [s.path, s.body])).toEqual([
      [`vms/${VM}/shutdown`, {}],
      [`vms/${VM}/shutdown`, { reason: 'patching', force: false }],
      [`vms/${VM}/stop`, { force: true }],
      [`vms/${VM}/stop`, { reason: 'hung' }],
      [`hosts/${HOST}/deactivate`, {}],
      [`hosts/${HOST}/deactivate`, { reason: 'kernel update' }],
    ]);
  });

  it('migrates to the host asked for, or lets the scheduler pick', async () => {
    const { client, sent } = rig();
    await client.vmMigrate(VM);
    await client.vmMigrate(VM, { host: HOST });
    await client.vmMigrate(VM, { host: { name: 'h2' }, force: true, affinityClosure: false });
    await client.vmMigrate(VM, { host: { id: HOST }, affinityClosure: true });
    expect(sent.map((s) => s.body)).toEqual([
      {},
      { host: { id: HOST } },
      { host: { name: 'h2' }, force: true, migrate_vms_in_affinity_closure: false },
      { host: { id: HOST }, migrate_vms_in_affinity_closure: true },
    ]);
    expect(sent.every((s) => s.path === `vms/${VM}/migrate`)).toBe(true);
  });

  it('upgrades a host with the reboot choice, and sets the cluster upgrade mode', async () => {
    const { client, sent } = rig();
    await client.hostUpgrade(HOST);
    await client.hostUpgrade(HOST, { reboot: false });
    const C = uuid(4);
    await client.clusterUpgrade(C, 'start');
    await client.clusterUpgrade(C, 'update_progress', { percent: 42.6 });
    await client.clusterUpgrade(C, 'update_progress', { percent: 140 });
    await client.clusterUpgrade(C, 'update_progress', { percent: -3 });
    await client.clusterUpgrade(C, 'update_progress');
    await client.clusterUpgrade(C, 'finish', { percent: 50 });
    expect(sent.map((s) => [s.path, s.body])).toEqual([
      [`hosts/${HOST}/upgrade`, {}],
      [`hosts/${HOST}/upgrade`, { reboot: false }],
      [`clusters/${C}/upgrade`, { upgrade_action: 'start' }],
      [
        `clusters/${C}/upgrade`,
        { upgrade_action: 'update_progress', upgrade_percent_complete: 43 },
      ],
      [
        `clusters/${C}/upgrade`,
        { upgrade_action: 'update_progress', upgrade_percent_complete: 100 },
      ],
      [`clusters/${C}/upgrade`, { upgrade_action: 'update_progress', upgrade_percent_complete: 0 }],
      [`clusters/${C}/upgrade`, { upgrade_action: 'update_progress' }],
      [`clusters/${C}/upgrade`, { upgrade_action: 'finish' }],
    ]);
  });

  it('fences with the type asked for and returns the power status the engine reports', async () => {
    const { client, sent } = rig((s) =>
      s.body && (s.body as { fence_type?: string }).fence_type === 'status'
        ? { body: { status: 'complete', power_management: { status: 'on' } } }
        : undefined,
    );
    const status = await client.hostFence(HOST, 'status', { correlationId: 'f-1' });
    expect(status.powerStatus).toBe('on');
    const restart = await client.hostFence(HOST, 'restart');
    expect(restart).not.toHaveProperty('powerStatus');
    expect(restart.status).toBe('complete');
    expect(sent.map((s) => [s.path, s.body, s.correlationId])).toEqual([
      [`hosts/${HOST}/fence`, { fence_type: 'status' }, 'f-1'],
      [`hosts/${HOST}/fence`, { fence_type: 'restart' }, 'gen-1'],
    ]);
  });

  it('never reads an action body saying "failed" as success, in the engine\'s words', async () => {
    const { client, sent } = rig(() => ({
      body: { status: 'failed', fault: { reason: 'Operation Failed', detail: '[Cannot run VM.]' } },
    }));
    const err = await client.vmStart(VM).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect(err).toMatchObject({
      action: 'start',
      reason: 'Operation Failed',
      detail: 'Cannot run VM.',
      status: 200,
      method: 'POST',
      path: `vms/${VM}/start`,
    });
    const bare = rig(() => ({ body: { status: 'failed' } }));
    await expect(bare.client.hostActivate(HOST)).rejects.toMatchObject({
      action: 'activate',
      reason: 'Operation Failed',
      detail: undefined,
    });
    const named = rig(() => ({ body: { status: 'failed', fault: { reason: 'Busy' } } }));
    await expect(named.client.vmStop(VM)).rejects.toMatchObject({ reason: 'Busy' });
    expect(sent).toHaveLength(1);
  });

  it('reports an accepted (202) action as pending and asynchronous', async () => {
    const { client } = rig(() => ({ status: 202, body: null }));
    expect(await client.vmDelete(VM)).toMatchObject({ status: 'pending', async: true });
  });
});

describe('create, update, delete', () => {
  it('creates a VM from the Blank template unless told otherwise, sizes as strings', async () => {
    const { client, sent } = rig(() => ({ body: vmWire(VM, 'new') }));
    const vm = await client.vmCreate(
      { name: 'new', cluster: { name: 'Default' } },
      { correlationId: 'c-1' },
    );
    expect(vm.id).toBe(VM);
    await client.vmCreate({
      name: 'big',
      cluster: { id: uuid(4) },
      template: { name: 'rhel9' },
      description: 'd',
      comment: 'c',
      memory: 4 * 1024 ** 3,
      cpu: { sockets: 2, cores: 4, threads: 1 },
    });
    await client.vmCreate({ name: 'one', cluster: { id: uuid(4) }, cpu: { cores: 2 } });
    expect(sent.map((s) => [s.method, s.path, s.body, s.correlationId])).toEqual([
      [
        'POST',
        'vms',
        {
          name: 'new',
          cluster: { name: 'Default' },
          template: { id: '00000000-0000-0000-0000-000000000000' },
        },
        'c-1',
      ],
      [
        'POST',
        'vms',
        {
          name: 'big',
          cluster: { id: uuid(4) },
          template: { name: 'rhel9' },
          description: 'd',
          comment: 'c',
          memory: String(4 * 1024 ** 3),
          cpu: { topology: { sockets: '2', cores: '4', threads: '1' } },
        },
        'gen-1',
      ],
      [
        'POST',
        'vms',
        {
          name: 'one',
          cluster: { id: uuid(4) },
          template: { id: '00000000-0000-0000-0000-000000000000' },
          cpu: { topology: { cores: '2' } },
        },
        'gen-2',
      ],
    ]);
  });

  it('updates only the fields given, for the next run when asked', async () => {
    const { client, sent } = rig(() => ({ body: vmWire(VM) }));
    await client.vmUpdate(VM, { memory: 1024 }, { nextRun: true, correlationId: 'u-1' });
    await client.vmUpdate(VM, {
      name: 'n',
      description: 'd',
      comment: 'c',
      cpu: { sockets: 1, threads: 2 },
    });
    expect(sent.map((s) => [s.method, s.path, s.query, s.body, s.correlationId])).toEqual([
      ['PUT', `vms/${VM}`, { next_run: 'true' }, { memory: '1024' }, 'u-1'],
      [
        'PUT',
        `vms/${VM}`,
        {},
        {
          name: 'n',
          description: 'd',
          comment: 'c',
          cpu: { topology: { sockets: '1', threads: '2' } },
        },
        'gen-1',
      ],
    ]);
  });

  it('deletes with force / detach_only only when asked', async () => {
    const { client, sent } = rig();
    await client.vmDelete(VM, { correlationId: 'd-1' });
    await client.vmDelete(VM, { force: true, detachOnly: true });
    await client.vmSnapshotDelete(VM, uuid(8), { correlationId: 'd-3' });
    expect(sent.map((s) => [s.method, s.path, s.query, s.correlationId])).toEqual([
      ['DELETE', `vms/${VM}`, {}, 'd-1'],
      ['DELETE', `vms/${VM}`, { force: 'true', detach_only: 'true' }, 'gen-1'],
      ['DELETE', `vms/${VM}/snapshots/${uuid(8)}`, {}, 'd-3'],
    ]);
  });

  it('creates a snapshot without memory unless asked', async () => {
    const { client, sent } = rig(() => ({ body: { id: uuid(8), description: 's' } }));
    const snap = await client.vmSnapshotCreate(VM, { description: 's' }, { correlationId: 's-1' });
    expect(snap.id).toBe(uuid(8));
    await client.vmSnapshotCreate(VM, { description: 'm', persistMemoryState: true });
    expect(sent.map((s) => [s.method, s.path, s.body, s.correlationId])).toEqual([
      ['POST', `vms/${VM}/snapshots`, { description: 's', persist_memorystate: 'false' }, 's-1'],
      ['POST', `vms/${VM}/snapshots`, { description: 'm', persist_memorystate: 'true' }, 'gen-1'],
    ]);
  });
});

describe('follow', () => {
  const cases: [string, string, unknown][] = [
    ['vms', 'vms', { vm: [{ id: VM }] }],
    ['hosts', 'hosts', { host: [{ id: HOST }] }],
    ['clusters', 'clusters', { cluster: [{ id: uuid(4) }] }],
    ['templates', 'templates', { template: [{ id: uuid(5) }] }],
    ['events', 'events', { event: [{ id: '1' }] }],
    ['jobs', 'jobs', { job: [{ id: uuid(6) }] }],
    [`vms/${VM}`, 'vm', { id: VM }],
    [`hosts/${HOST}`, 'host', { id: HOST }],
    [`clusters/${uuid(4)}`, 'cluster', { id: uuid(4) }],
    [`templates/${uuid(5)}`, 'template', { id: uuid(5) }],
    ['events/1', 'event', { id: '1' }],
    [`jobs/${uuid(6)}`, 'job', { id: uuid(6) }],
    [`vms/${VM}/nics`, 'nics', { nic: [{ id: uuid(11) }] }],
    [`vms/${VM}/diskattachments`, 'diskAttachments', { disk_attachment: [{ id: uuid(12) }] }],
    [`vms/${VM}/snapshots`, 'snapshots', { snapshot: [{ id: uuid(8) }] }],
    [`vms/${VM}/statistics`, 'statistics', { statistic: [{ id: uuid(13), name: 'cpu' }] }],
    [`hosts/${HOST}/statistics`, 'statistics', { statistic: [{ id: uuid(13), name: 'cpu' }] }],
    [`hosts/${HOST}/nics`, 'hostNics', { host_nic: [{ id: uuid(14) }] }],
    [`jobs/${uuid(6)}/steps`, 'steps', { step: [{ id: uuid(15) }] }],
    [`vms/${VM}/nics/${uuid(11)}`, 'nic', { id: uuid(11) }],
    [`vms/${VM}/diskattachments/${uuid(12)}`, 'diskAttachment', { id: uuid(12) }],
    [`vms/${VM}/snapshots/${uuid(8)}`, 'snapshot', { id: uuid(8) }],
    [`vms/${VM}/statistics/${uuid(13)}`, 'statistic', { id: uuid(13), name: 'cpu' }],
    [`hosts/${HOST}/statistics/${uuid(13)}`, 'statistic', { id: uuid(13), name: 'cpu' }],
    [`hosts/${HOST}/nics/${uuid(14)}`, 'hostNic', { id: uuid(14) }],
    [`jobs/${uuid(6)}/steps/${uuid(15)}`, 'step', { id: uuid(15) }],
  ];

  it.each(cases)('follows %s as %s', async (path, type, body) => {
    const { client, sent } = rig(() => ({ body }));
    const out = await client.follow(`${ROOT}${path}`, { follow: ['x'] });
    expect(out.type).toBe(type);
    const value = out.value as { id: string } | { id: string }[];
    const first = Array.isArray(value) ? value[0] : value;
    expect(first?.id).toBe(
      (Object.values(body as object)[0] as { id: string }[])[0]?.id ?? (body as { id: string }).id,
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]?.path).toBe(path);
    expect(sent[0]?.query).toEqual({ follow: 'x' });
  });

  it.each([
    'datacenters',
    `datacenters/${uuid(1)}`,
    `clusters/${uuid(4)}/networks`,
    `hosts/${HOST}/hooks/${uuid(1)}`,
    `vms/${VM}/nics/${uuid(11)}/reporteddevices`,
    `events/1/x`,
  ])('has no typed resource for %s', async (path) => {
    const { client } = rig(() => ({ body: {} }));
    await expect(client.follow(`${ROOT}${path}`)).rejects.toThrow(
      new EngineError(`No typed resource for ${ROOT}${path}`),
    );
  });
});

describe('waitForStatus', () => {
  it('polls the VM or the host named, nothing else', async () => {
    const { client, sent } = rig((s) => ({
      body: {
        id: s.path.split('/')[1],
        name: 'x',
        status: s.path.startsWith('vms') ? 'up' : 'maintenance',
      },
    }));
    const vm = await client.waitForStatus({ kind: 'vm', id: VM }, 'up', { timeout: 1000 });
    const host = await client.waitForStatus({ kind: 'host', id: HOST }, 'maintenance', {
      timeout: 1000,
    });
    expect(vm?.id).toBe(VM);
    expect(host?.id).toBe(HOST);
    expect(sent.map((s) => s.path)).toEqual([`vms/${VM}`, `hosts/${HOST}`]);
  });
});

describe('never twice, for every write', () => {
  // Reads are retried on a 503; a write never is, whatever the engine answers. The refusal
  // names the action the engine refused.
  const writes: [string, (c: ReturnType<typeof rig>['client']) => Promise<unknown>][] = [
    ['start', (c) => c.vmStart(VM)],
    ['shutdown', (c) => c.vmShutdown(VM)],
    ['stop', (c) => c.vmStop(VM)],
    ['reboot', (c) => c.vmReboot(VM)],
    ['suspend', (c) => c.vmSuspend(VM)],
    ['migrate', (c) => c.vmMigrate(VM, { host: HOST })],
    ['cancelmigration', (c) => c.vmCancelMigration(VM)],
    ['clone', (c) => c.vmClone(VM, { name: 'copy' })],
    ['add', (c) => c.vmCreate({ name: 'n', cluster: { name: 'Default' } })],
    ['update', (c) => c.vmUpdate(VM, { name: 'n' })],
    ['delete', (c) => c.vmDelete(VM)],
    ['add snapshot', (c) => c.vmSnapshotCreate(VM, { description: 's' })],
    ['restore', (c) => c.vmSnapshotRestore(VM, uuid(8))],
    ['delete', (c) => c.vmSnapshotDelete(VM, uuid(8))],
    ['deactivate', (c) => c.hostDeactivate(HOST)],
    ['activate', (c) => c.hostActivate(HOST)],
    ['upgradecheck', (c) => c.hostUpgradeCheck(HOST)],
    ['upgrade', (c) => c.hostUpgrade(HOST)],
    ['upgrade', (c) => c.clusterUpgrade(uuid(4), 'start')],
    ['fence', (c) => c.hostFence(HOST, 'restart')],
  ];

  it.each(writes)('sends %s once on a 503 and reports it as that action', async (action, send) => {
    const { client, sent } = rig(() => ({ status: 503, body: { reason: 'Busy' } }), {
      retries: 5,
      backoff: { baseMs: 1, maxMs: 1 },
    });
    await expect(send(client)).rejects.toMatchObject({ name: 'ActionError', action });
    expect(sent).toHaveLength(1);
  });

  it('retries a read on a 503 (the contrast: reads are safe to repeat)', async () => {
    let calls = 0;
    const { client, sent } = rig(() => (++calls < 3 ? { status: 503 } : { body: { vm: [] } }), {
      retries: 5,
      backoff: { baseMs: 1, maxMs: 1 },
    });
    expect(await client.vmList()).toEqual([]);
    expect(sent).toHaveLength(3);
  });
});

describe('call options', () => {
  it("gives up on a read after the call's own timeout", async () => {
    const { client } = rig(undefined, {
      fetch: (_input, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => {
            reject(new DOMException('aborted', 'AbortError'));
          });
        }),
      timeoutMs: 60_000,
    });
    await expect(client.vmGet(VM, { timeoutMs: 5 })).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('a cancelled wait aborts the poll in flight', async () => {
    let seen: AbortSignal | undefined;
    const { client } = rig(undefined, {
      fetch: (_input, init) =>
        new Promise((_resolve, reject) => {
          seen = init?.signal ?? undefined;
          init?.signal?.addEventListener('abort', () => {
            reject(new DOMException('aborted', 'AbortError'));
          });
        }),
    });
    const stop = new AbortController();
    const wait = client.waitForStatus({ kind: 'host', id: HOST }, 'up', {
      timeout: 60_000,
      signal: stop.signal,
    });
    await new Promise((r) => setTimeout(r, 5));
    stop.abort();
    await expect(wait).rejects.toBeDefined();
    expect(seen?.aborted).toBe(true);
  });

  it('inlines every link asked for in a get and in each page', async () => {
    const { client, sent } = rig(() => ({ body: { id: VM, vm: [] } }));
    await client.vmGet(VM, { follow: ['nics', 'tags'] });
    for await (const p of client.vmIterate({ follow: ['nics', 'tags'] })) expect(p).toEqual([]);
    expect(sent.map((s) => s.query.follow)).toEqual(['nics,tags', 'nics,tags']);
  });

  it('follows an engine href with a trailing slash', async () => {
    const { client } = rig(() => ({ body: { id: VM } }));
    expect((await client.follow(`${ROOT}vms/${VM}/`)).type).toBe('vm');
  });
});

describe("iterate keeps the caller's search", () => {
  it.each([
    ['page 3', 'sortby name asc page 1'],
    ['status = up page  3', 'status = up sortby name asc page 1'],
    ['status = up page 12', 'status = up sortby name asc page 1'],
    [
      'description = "page 3" and status = up',
      'description = "page 3" and status = up sortby name asc page 1',
    ],
    ['description = "page 2b"', 'description = "page 2b" sortby name asc page 1'],
  ])('pages %j as %j', async (search, first) => {
    const { client, sent } = rig(() => ({ body: {} }));
    for await (const p of client.vmIterate({ search })) expect(p).toEqual([]);
    expect(sent.map((s) => s.query.search)).toEqual([first]);
  });
});
