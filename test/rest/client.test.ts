import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupEngine } from '../../dev/engine/node';
import { IDS_PER_SEARCH, createEngineClient } from '../../src/rest/client';
import type { EngineClientOptions } from '../../src/rest/client';
import {
  ActionError,
  EngineError,
  FaultError,
  NotFoundError,
  ParseError,
} from '../../src/rest/errors';
import { createConsoleLogger } from '../../src/rest/logger';
import { searchQuery, wildcardFilter } from '../../src/rest/search';
import { ssoLogin } from '../../src/rest/sso';

const env = setupEngine();
const headersSeen: Headers[] = [];
const credentialModes: (RequestCredentials | undefined)[] = [];

function client(extra: Partial<EngineClientOptions> = {}) {
  return createEngineClient({
    baseUrl: env.baseUrl,
    credentials: () => ({ kind: 'bearer', token: env.token }),
    backoff: { baseMs: 1, maxMs: 5 },
    fetch: (input, init) => {
      headersSeen.push(new Headers(init?.headers));
      credentialModes.push(init?.credentials);
      return fetch(input, init);
    },
    ...extra,
  });
}

beforeAll(() => {
  env.server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(() => {
  env.engine.reset();
  env.engine.requestLog.clear();
  headersSeen.length = 0;
  credentialModes.length = 0;
});
afterEach(() => {
  env.server.resetHandlers();
  env.engine.faults.clear();
});
afterAll(() => {
  env.close();
});

describe('connection', () => {
  it('talks JSON with the bearer token and the locale', async () => {
    const info = await client({ acceptLanguage: 'fr-FR' }).apiInfo();
    expect(info.major).toBe(4);
    expect(info.summary.vms?.total).toBeGreaterThan(0);
    const h = headersSeen[0];
    expect(h?.get('Accept')).toBe('application/json');
    expect(h?.get('Authorization')).toBe(`Bearer ${env.token}`);
    expect(h?.get('Accept-Language')).toBe('fr-FR');
    expect(h?.get('Correlation-Id')).toBeNull();
    // No cookies with a bearer token: a 401's Basic challenge then cannot open a login prompt.
    expect(credentialModes[0]).toBe('omit');
  });

  it("gets the engine's fault text in the admin's language (Accept-Language)", async () => {
    const vm = env.engine.sortedVms().find((v) => v.status === 'up');
    const german = client({ acceptLanguage: 'de-DE' }).vmStart(vm?.id ?? '');
    await expect(german).rejects.toMatchObject({
      name: 'ActionError',
      detail: 'Kann VM nicht ausführen. VM läuft derzeit.',
    });
    await expect(client().vmStart(vm?.id ?? '')).rejects.toMatchObject({
      detail: 'Cannot run VM. VM is running.',
    });
  });

  it('uses a 3.x REST session with persistent auth and the JSESSIONID header', async () => {
    const sessionId = env.engine.issueSession();
    const c = client({ credentials: () => ({ kind: 'session', sessionId }) });
    await c.vmList({ max: 1 });
    await c.vmList({ max: 1 }); // still valid: persistent-auth kept the session alive
    const h = headersSeen[1];
    expect(h?.get('Prefer')).toBe('persistent-auth');
    expect(h?.get('JSESSIONID')).toBe(sessionId);
    expect(h?.get('Authorization')).toBeNull();
    expect(credentialModes[1]).toBe('same-origin'); // the session lives in its cookie
  });

  it('gets a token from SSO, and refuses bad credentials', async () => {
    const token = await ssoLogin({
      baseUrl: env.baseUrl,
      username: 'admin@internal',
      password: 'ovirt',
    });
    const vms = await client({ credentials: () => ({ kind: 'bearer', token }) }).vmList();
    expect(vms.length).toBeGreaterThan(0);
    await expect(
      ssoLogin({
        baseUrl: 'http://engine.test/ovirt-engine',
        username: 'admin@internal',
        password: 'nope',
      }),
    ).rejects.toMatchObject({ name: 'AuthError' });
  });

  it('logs requests without ever logging the token', async () => {
    const sink = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const c = client({ logger: createConsoleLogger('debug', sink) });
    await c.vmList({ max: 2 });
    await expect(c.vmGet('00000000-0000-0000-0000-00000000dead')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const all = JSON.stringify([sink.debug.mock.calls, sink.info.mock.calls, sink.warn.mock.calls]);
    expect(sink.debug).toHaveBeenCalled();
    expect(all).toContain('Bearer ***');
    expect(all).not.toContain(env.token);
  });
});

describe('resources', () => {
  it('lists, gets and maps VMs; an empty search result is []', async () => {
    const c = client();
    const vms = await c.vmList();
    expect(vms).toHaveLength(60);
    const vm = vms[0];
    expect(vm).toBeDefined();
    if (!vm) return;
    expect(typeof vm.memory).toBe('number');
    expect(typeof vm.stateless).toBe('boolean');
    const again = await c.vmGet(vm.id, { follow: ['nics'], allContent: true });
    expect(again.name).toBe(vm.name);
    expect(Array.isArray(again.nics)).toBe(true);
    expect(await c.vmList({ search: searchQuery().where('name', 'no-such-vm-*') })).toEqual([]);
    await expect(c.vmGet('not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('searches with REST status names mapped to engine names, max and case', async () => {
    const c = client();
    const all = await c.vmList();
    const up = await c.vmList({ search: searchQuery().whereStatus('vm', ['up', 'powering_up']) });
    expect(up.length).toBe(
      all.filter((v) => v.status === 'up' || v.status === 'powering_up').length,
    );
    expect(up.every((v) => v.status === 'up' || v.status === 'powering_up')).toBe(true);
    expect(await c.vmList({ max: 3 })).toHaveLength(3);
    const sorted = await c.vmList({
      search: searchQuery().sortBy('name', 'desc'),
      caseSensitive: false,
    });
    expect(sorted[0]?.name).toBe([...all.map((v) => v.name)].sort().reverse()[0]);
    await expect(c.vmList({ search: 'name = = =' })).rejects.toBeInstanceOf(FaultError);
  });

  it('lists by ids in chunks, so no request line outgrows a web server limit', async () => {
    const c = client();
    const all = await c.vmList();
    const unknown = Array.from(
      { length: 40 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    env.engine.requestLog.clear();
    const found = await c.vmListByIds([...all.map((v) => v.id), ...unknown]);
    expect(found.map((v) => v.id).sort()).toEqual(all.map((v) => v.id).sort());
    const gets = env.engine.requestLog.entries().filter((r) => r.path.endsWith('/vms'));
    expect(gets).toHaveLength(Math.ceil((all.length + unknown.length) / IDS_PER_SEARCH));
    for (const r of gets) {
      const line = `${r.path}?${new URLSearchParams(r.query).toString()}`;
      expect(line.length).toBeLessThan(4096);
    }
    const hosts = await c.hostList();
    expect((await c.hostListByIds([hosts[1]?.id ?? ''])).map((h) => h.name)).toEqual([
      hosts[1]?.name,
    ]);
    expect(await c.vmListByIds([])).toEqual([]);
  });

  it('refuses by-id reads with anything but engine ids, before any request', async () => {
    const c = client();
    const [vm] = await c.vmList({ max: 1 });
    env.engine.requestLog.clear();
    for (const ids of [['*'], [vm?.id ?? '', '*'], ['x or name=*']]) {
      await expect(c.vmListByIds(ids)).rejects.toThrow('Not an engine id');
      await expect(c.hostListByIds(ids)).rejects.toThrow('Not an engine id');
    }
    expect(env.engine.requestLog.entries()).toEqual([]);
  });

  it('iterates every page of a search', async () => {
    const c = client();
    const names: string[] = [];
    let pages = 0;
    for await (const page of c.vmIterate({ pageSize: 7 })) {
      pages++;
      names.push(...page.map((v) => v.name));
    }
    expect(pages).toBe(Math.ceil(60 / 7));
    expect(new Set(names).size).toBe(60);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    const hosts: string[] = [];
    for await (const page of c.hostIterate({ search: 'sortby name desc', pageSize: 3 })) {
      hosts.push(...page.map((h) => h.name));
    }
    expect(hosts).toHaveLength(4);
    const filtered: string[] = [];
    for await (const page of c.vmIterate({
      search: searchQuery().whereStatus('vm', 'up'),
      pageSize: 100,
    })) {
      filtered.push(...page.map((v) => v.status));
    }
    expect(filtered.every((s) => s === 'up')).toBe(true);
  });

  it('filters client-side with wildcards', async () => {
    const vms = await client().vmList();
    const first = vms[0]?.name ?? '';
    const pattern = `${first.slice(0, 2)}*`;
    expect(wildcardFilter(vms, (v) => v.name, pattern).map((v) => v.name)).toContain(first);
  });

  it('reads sub-collections of VMs and hosts', async () => {
    const c = client();
    const vm = (await c.vmList({ search: searchQuery().whereStatus('vm', 'up'), max: 1 }))[0];
    const host = (await c.hostList())[0];
    if (!vm || !host) throw new Error('fleet');
    const nics = await c.vmNics(vm.id);
    expect(nics[0]?.mac).toMatch(/:/);
    // A running VM's guest agent reports its addresses; the list and the NICs both carry them.
    expect(nics.flatMap((n) => n.ips ?? [])[0]).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const [listed] = await c.vmList({
      search: searchQuery().whereAny('id', [vm.id]),
      follow: ['reporteddevices'],
    });
    expect(listed?.ips).toEqual(nics.flatMap((n) => n.ips ?? []));
    const down = (await c.vmList({ search: searchQuery().whereStatus('vm', 'down'), max: 1 }))[0];
    if (!down) throw new Error('fleet');
    expect((await c.vmNics(down.id)).flatMap((n) => n.ips ?? [])).toEqual([]);
    expect(vm.ips).toBeUndefined();
    const disks = await c.vmDiskAttachments(vm.id, { follow: ['disk'] });
    expect(disks[0]?.disk?.id).toBeDefined();
    const snaps = await c.vmSnapshots(vm.id);
    expect(snaps.some((s) => s.snapshotType === 'active')).toBe(true);
    const stats = await c.vmStatistics(vm.id);
    expect(stats.find((s) => s.name === 'memory.installed')?.value).toBe(vm.memory);
    expect((await c.hostNics(host.id)).length).toBeGreaterThan(0);
    expect((await c.hostStatistics(host.id)).some((s) => s.name === 'memory.total')).toBe(true);
    expect(await c.hostGet(host.id, { follow: ['nics'] })).toMatchObject({ id: host.id });
  });

  it('lists clusters, templates, hosts and migration targets', async () => {
    const c = client();
    const clusters = await c.clusterList();
    expect(clusters).toHaveLength(2);
    expect((await c.clusterGet(clusters[0]?.id ?? '')).name).toBe(clusters[0]?.name);
    const templates = await c.templateList();
    expect(templates.some((t) => t.name === 'Blank')).toBe(true);
    expect((await c.templateGet(templates[0]?.id ?? '')).id).toBe(templates[0]?.id);
    const hosts = await c.hostList();
    expect(hosts).toHaveLength(4);
    const vm = (await c.vmList({ search: searchQuery().whereStatus('vm', 'up') }))[0];
    if (!vm) throw new Error('fleet');
    const targets = await c.hostMigrationTargetsOf(vm.id);
    expect(targets.every((h) => h.id !== vm.host?.id && h.status === 'up')).toBe(true);
    expect(await c.hostMigrationTargetsOf([vm.id])).toEqual(targets);
  });

  it('follows hrefs to their typed resources', async () => {
    const c = client();
    const vm = (await c.vmList({ search: searchQuery().whereStatus('vm', 'up'), max: 1 }))[0];
    if (!vm) throw new Error('fleet');
    expect(await c.follow(vm.href)).toMatchObject({ type: 'vm', value: { id: vm.id } });
    expect((await c.follow(`${vm.href}/nics`)).type).toBe('nics');
    expect((await c.follow(`${vm.href}/diskattachments`)).type).toBe('diskAttachments');
    expect((await c.follow(`${vm.href}/snapshots`)).type).toBe('snapshots');
    expect((await c.follow(`${vm.href}/statistics`)).type).toBe('statistics');
    const nic = (await c.vmNics(vm.id))[0];
    expect((await c.follow(nic?.href ?? '')).type).toBe('nic');
    const snap = (await c.vmSnapshots(vm.id))[0];
    expect((await c.follow(snap?.href ?? '')).type).toBe('snapshot');
    const disk = (await c.vmDiskAttachments(vm.id))[0];
    expect((await c.follow(disk?.href ?? '')).type).toBe('diskAttachment');
    const stat = (await c.vmStatistics(vm.id))[0];
    expect((await c.follow(stat?.href ?? '')).type).toBe('statistic');
    if (vm.host?.href === undefined) throw new Error('running VM without host');
    expect((await c.follow(vm.host.href)).type).toBe('host');
    expect((await c.follow(`${vm.host.href}/nics`)).type).toBe('hostNics');
    const hostNic = (await c.hostNics(vm.host.id))[0];
    expect((await c.follow(hostNic?.href ?? '')).type).toBe('hostNic');
    expect((await c.follow(`${vm.host.href}/statistics`)).type).toBe('statistics');
    for (const [href, type] of [
      ['/ovirt-engine/api/vms', 'vms'],
      ['/ovirt-engine/api/hosts', 'hosts'],
      ['/ovirt-engine/api/clusters', 'clusters'],
      ['/ovirt-engine/api/templates', 'templates'],
      ['/ovirt-engine/api/events', 'events'],
      ['/ovirt-engine/api/jobs', 'jobs'],
    ] as const) {
      expect((await c.follow(href)).type).toBe(type);
    }
    const cluster = (await c.clusterList())[0];
    expect((await c.follow(cluster?.href ?? '')).type).toBe('cluster');
    const template = (await c.templateList())[0];
    expect((await c.follow(template?.href ?? '')).type).toBe('template');
    const event = (await c.eventList({ max: 1 }))[0];
    expect((await c.follow(event?.href ?? '')).type).toBe('event');
    await expect(c.follow('/ovirt-engine/api/datacenters')).rejects.toBeInstanceOf(EngineError);
    await expect(c.follow('/somewhere/else')).rejects.toBeInstanceOf(EngineError);
  });
});

describe('actions', () => {
  it('starts a VM with a Correlation-Id and returns the job', async () => {
    const c = client();
    const vm = (await c.vmList({ search: searchQuery().whereStatus('vm', 'down'), max: 1 }))[0];
    if (!vm) throw new Error('fleet');
    const result = await c.vmStart(vm.id, { correlationId: 'oc-test-start' });
    expect(result).toMatchObject({
      status: 'complete',
      correlationId: 'oc-test-start',
      async: false,
    });
    expect(result.job?.id).toBeDefined();
    const post = env.engine.requestLog.entries().find((r) => r.method === 'POST');
    expect(post?.correlationId).toBe('oc-test-start');
    const jobs = await c.jobsByCorrelationId('oc-test-start');
    expect(jobs.map((j) => j.id)).toContain(result.job?.id);
    const job = await c.jobGet(result.job?.id ?? '', { steps: true });
    expect(job.steps?.length).toBeGreaterThan(0);
    expect((await c.jobSteps(job.id)).length).toBe(job.steps?.length);
    expect((await c.follow(job.href)).type).toBe('job');
    expect((await c.follow(`${job.href}/steps`)).type).toBe('steps');
    const step = job.steps?.[0];
    expect((await c.follow(step?.href ?? '')).type).toBe('step');
    expect((await c.jobList()).length).toBeGreaterThan(0);
  });

  it('generates a valid Correlation-Id for every action', async () => {
    const c = client();
    const vm = (await c.vmList({ search: searchQuery().whereStatus('vm', 'down'), max: 1 }))[0];
    const result = await c.vmStart(vm?.id ?? '');
    expect(result.correlationId).toMatch(/^[0-9a-zA-Z_-]{1,36}$/);
    expect(headersSeen.at(-1)?.get('Correlation-Id')).toBe(result.correlationId);
    expect(c.newCorrelationId()).not.toBe(result.correlationId);
  });

  it('raises ActionError with the engine reason and bracket-free detail', async () => {
    const c = client();
    const vm = (await c.vmList({ search: searchQuery().whereStatus('vm', 'up'), max: 1 }))[0];
    const error = await c.vmStart(vm?.id ?? '').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect(error).toMatchObject({
      status: 409,
      reason: 'Operation Failed',
      detail: 'Cannot run VM. VM is running.',
      action: 'start',
    });
  });

  it('runs every VM and host action against the engine', async () => {
    const c = client();
    const up = await c.vmList({ search: searchQuery().whereStatus('vm', 'up') });
    const [a, b, d, e] = up;
    if (!a || !b || !d || !e) throw new Error('fleet');
    await expect(c.vmShutdown(a.id, { reason: 'test' })).resolves.toMatchObject({
      status: 'complete',
    });
    await expect(c.vmStop(b.id, { force: true })).resolves.toMatchObject({ status: 'complete' });
    await expect(c.vmReboot(d.id)).resolves.toMatchObject({ status: 'complete' });
    const suspended = await c.vmSuspend(e.id);
    expect(['pending', 'complete']).toContain(suspended.status);
    const mover = up.find((v) => ![a, b, d, e].includes(v) && v.placementAffinity === 'migratable');
    if (!mover) throw new Error('fleet');
    const targets = await c.hostMigrationTargetsOf(mover.id);
    await expect(
      c.vmMigrate(mover.id, { host: targets[0]?.id ?? '', force: false }),
    ).resolves.toMatchObject({ status: 'complete' });
    const cancelled = await c.vmCancelMigration(mover.id).catch((err: unknown) => err);
    expect(
      cancelled instanceof ActionError || (cancelled as { status?: string }).status === 'complete',
    ).toBe(true);
    await expect(
      c.vmMigrate(up[5]?.id ?? '', { host: { name: 'no-such-host' } }),
    ).rejects.toBeInstanceOf(EngineError);
    const down = (await c.vmList({ search: searchQuery().whereStatus('vm', 'down'), max: 1 }))[0];
    await expect(c.vmClone(down?.id ?? '', { name: 'clone-of-test' })).resolves.toMatchObject({
      status: 'complete',
    });
    const host = (await c.hostList({ search: searchQuery().whereStatus('host', 'up') }))[0];
    await expect(c.hostActivate(host?.id ?? '')).rejects.toMatchObject({
      detail: 'Cannot activate Host. Host in Up status.',
    });
    await expect(c.hostDeactivate(host?.id ?? '', { reason: 'patching' })).resolves.toMatchObject({
      status: 'complete',
    });
  });

  it('checks for upgrades, upgrades a host and drives the cluster upgrade mode', async () => {
    const c = client();
    const host = (await c.hostList({ search: 'status=up', max: 1 }))[0];
    const id = host?.id ?? '';
    expect(host?.updateAvailable).toBe(false);
    await expect(c.hostUpgrade(id)).rejects.toMatchObject({
      detail: 'Cannot upgrade Host. There are no available updates for the host.',
    });
    await expect(c.hostUpgradeCheck(id, { correlationId: 'check-1' })).resolves.toMatchObject({
      status: 'complete',
    });
    const hostRecord = env.engine.state.hosts.get(id);
    if (hostRecord) hostRecord.updateAvailable = true;
    expect((await c.hostGet(id)).updateAvailable).toBe(true);
    await c.hostUpgrade(id, { reboot: false, correlationId: 'up-1' });
    const sent = env.engine.requestLog.entries().filter((r) => r.path.endsWith('/upgrade'));
    expect(sent.map((r) => [r.body, r.correlationId])).toEqual([
      [{}, sent[0]?.correlationId],
      [{ reboot: false }, 'up-1'],
    ]);
    const cluster = host?.cluster?.id ?? '';
    await c.clusterUpgrade(cluster, 'start', { correlationId: 'roll-1' });
    // The engine takes progress only under the start's correlation id; the client clamps the
    // percent to the engine's 0-100.
    await c.clusterUpgrade(cluster, 'update_progress', { percent: 140, correlationId: 'roll-1' });
    expect(await c.clusterGet(cluster)).toMatchObject({
      upgradeInProgress: true,
      upgradePercentComplete: 100,
      upgradeCorrelationId: 'roll-1',
    });
    await c.clusterUpgrade(cluster, 'finish');
    expect((await c.clusterGet(cluster)).upgradeInProgress).toBe(false);
  });

  it('creates, updates and deletes a VM', async () => {
    const c = client();
    const cluster = (await c.clusterList())[0];
    const vm = await c.vmCreate({
      name: 'created-by-test',
      cluster: { id: cluster?.id ?? '' },
      description: 'd',
      comment: 'c',
      memory: 2 * 1024 ** 3,
      cpu: { sockets: 2, cores: 1, threads: 1 },
    });
    expect(vm).toMatchObject({ name: 'created-by-test', status: 'down', memory: 2 * 1024 ** 3 });
    const updated = await c.vmUpdate(
      vm.id,
      {
        description: 'changed',
        name: 'renamed-by-test',
        comment: 'x',
        memory: 1024 ** 3,
        cpu: { cores: 2 },
      },
      { nextRun: false },
    );
    expect(updated).toMatchObject({ description: 'changed', name: 'renamed-by-test' });
    await expect(
      c.vmCreate({ name: 'renamed-by-test', cluster: { id: cluster?.id ?? '' } }),
    ).rejects.toBeInstanceOf(ActionError);
    const removed = await c.vmDelete(vm.id, { force: false, detachOnly: false });
    expect(removed.status).toBe('complete');
    await expect(c.vmGet(vm.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('manages snapshots against the engine: locked → ok, removal, and its refusals', async () => {
    const c = client();
    const vm = (await c.vmList({ search: 'status=down', max: 1 }))[0];
    if (!vm) throw new Error('the default fleet has a down VM');
    const snap = await c.vmSnapshotCreate(vm.id, {
      description: 'before',
      persistMemoryState: true,
    });
    // A down VM has no memory to save; the snapshot starts locked.
    expect(snap).toMatchObject({ description: 'before', snapshotStatus: 'locked' });
    // While it is locked, a second snapshot is refused in the engine's words.
    await expect(c.vmSnapshotCreate(vm.id, { description: 'again' })).rejects.toMatchObject({
      detail: expect.stringContaining('performing an operation on a Snapshot') as unknown,
    });
    await vi.waitFor(
      async () => {
        const listed = (await c.vmSnapshots(vm.id)).find((s) => s.id === snap.id);
        expect(listed?.snapshotStatus).toBe('ok');
      },
      { timeout: 2000, interval: 10 },
    );
    await expect(c.vmSnapshotRestore(vm.id, snap.id)).resolves.toMatchObject({
      status: 'complete',
    });
    await vi.waitFor(async () => {
      expect((await c.vmGet(vm.id)).status).toBe('down');
    });
    const removed = await c.vmSnapshotDelete(vm.id, snap.id);
    expect(removed.status).toBe('complete');
    await vi.waitFor(
      async () => {
        expect((await c.vmSnapshots(vm.id)).map((s) => s.id)).not.toContain(snap.id);
      },
      { timeout: 2000, interval: 10 },
    );
    const active = (await c.vmSnapshots(vm.id)).find((s) => s.snapshotType === 'active');
    await expect(c.vmSnapshotDelete(vm.id, active?.id ?? '')).rejects.toMatchObject({
      detail: 'Cannot remove Snapshot. The operation is only allowed for regular snapshots.',
    });
    await expect(c.vmSnapshotDelete(vm.id, snap.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a snapshot of a locked VM', async () => {
    const c = client();
    const [source] = await c.vmList({ search: 'status=down', max: 1 });
    if (!source) throw new Error('the default fleet has a down VM');
    await c.vmClone(source.id, { name: 'locked-by-clone' });
    await expect(c.vmSnapshotCreate(source.id, { description: 'x' })).rejects.toMatchObject({
      detail: 'Cannot create Snapshot: VM is locked. Please try again in a few minutes.',
    });
  });
});

describe('events', () => {
  it('lists newest first, with from and max', async () => {
    const c = client();
    const newest = await c.eventList({ max: 1 });
    expect(newest).toHaveLength(1);
    const all = await c.eventList();
    expect(all[0]?.index).toBe(newest[0]?.index);
    const older = all[3]?.index ?? 0;
    const after = await c.eventList({ from: older });
    expect(after.every((e) => e.index > older)).toBe(true);
    expect(after).toHaveLength(3);
    const searched = await c.eventList({ search: searchQuery().where('severity', 'normal', '>') });
    expect(searched.every((e) => e.severity !== 'normal')).toBe(true);
  });
});

describe('malformed bodies', () => {
  it('turns non-engine JSON into ParseError', async () => {
    const c = client({ retries: 1 });
    env.server.use(
      http.get(`${env.baseUrl}api/clusters`, () => HttpResponse.json([1, 2])),
      http.get(`${env.baseUrl}api/templates`, () => new HttpResponse('', { status: 200 })),
      http.get(`${env.baseUrl}api/hosts`, () => HttpResponse.json({ host: [{ name: 'no id' }] })),
      http.get(
        `${env.baseUrl}api/jobs`,
        () => new HttpResponse('<html>oops</html>', { status: 500 }),
      ),
    );
    await expect(c.clusterList()).rejects.toBeInstanceOf(ParseError);
    await expect(c.templateList()).rejects.toBeInstanceOf(ParseError);
    await expect(c.hostList()).rejects.toBeInstanceOf(ParseError);
    await expect(c.jobList()).rejects.toMatchObject({ name: 'FaultError', status: 500 });
  });
});
