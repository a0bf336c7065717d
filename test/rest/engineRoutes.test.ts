/**
 * Every method of the REST client, called once against the simulated engine: each route a page
 * can reach through the client must exist there. A call may be refused (a 409 for a VM in the
 * wrong state is the engine's answer), but no request may end in 404 or 405, and no action may
 * hit the engine's "does not implement" fallback. The table is typed by the client's interface
 * (`Record<Method, …>`), so a new method without an entry does not compile.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupEngine } from '../../dev/engine/node';
import { createEngineClient } from '../../src/rest/client';
import type { EngineClient } from '../../src/rest/client';
import { FaultError } from '../../src/rest/errors';

const env = setupEngine();

interface Fleet {
  downVm: string;
  upVm: string;
  upHost: string;
  cluster: string;
  template: string;
  job: string;
  correlationId: string;
}

type Method = {
  [K in keyof EngineClient]: EngineClient[K] extends (...args: never[]) => unknown ? K : never;
}[keyof EngineClient];

const fast = { initialIntervalMs: 5, maxIntervalMs: 20, timeout: 5000 };

const CALLS: Record<Method, (c: EngineClient, f: Fleet) => Promise<unknown>> = {
  newCorrelationId: (c) => Promise.resolve(c.newCorrelationId()),
  apiInfo: (c) => c.apiInfo(),
  vmList: (c) => c.vmList({ search: 'status=up', max: 5, follow: ['statistics'] }),
  vmListByIds: (c, f) => c.vmListByIds([f.downVm, f.upVm]),
  vmIterate: async (c) => {
    const pages: unknown[] = [];
    for await (const page of c.vmIterate({ pageSize: 50 })) pages.push(page);
    return pages;
  },
  vmGet: (c, f) => c.vmGet(f.upVm, { follow: ['statistics'] }),
  vmCreate: (c, f) =>
    c.vmCreate({ name: 'route-walk', cluster: { id: f.cluster }, template: { id: f.template } }),
  vmUpdate: (c, f) => c.vmUpdate(f.downVm, { description: 'walked' }),
  vmDelete: async (c, f) => c.vmDelete(f.downVm),
  vmStart: (c, f) => c.vmStart(f.downVm),
  vmShutdown: (c, f) => c.vmShutdown(f.upVm),
  vmStop: (c, f) => c.vmStop(f.upVm),
  vmReboot: (c, f) => c.vmReboot(f.upVm),
  vmSuspend: (c, f) => c.vmSuspend(f.upVm),
  vmMigrate: (c, f) => c.vmMigrate(f.upVm),
  vmCancelMigration: (c, f) => c.vmCancelMigration(f.upVm),
  vmClone: (c, f) => c.vmClone(f.downVm, { name: 'route-walk-clone' }),
  vmNics: (c, f) => c.vmNics(f.upVm),
  vmDiskAttachments: (c, f) => c.vmDiskAttachments(f.upVm, { follow: ['disk'] }),
  vmSnapshots: (c, f) => c.vmSnapshots(f.upVm),
  vmSnapshotCreate: (c, f) => c.vmSnapshotCreate(f.upVm, { description: 'walk' }),
  vmSnapshotRestore: async (c, f) => {
    const snap = (await c.vmSnapshots(f.upVm)).find((s) => s.snapshotType === 'regular');
    return c.vmSnapshotRestore(f.upVm, snap?.id ?? '');
  },
  vmSnapshotDelete: async (c, f) => {
    const snap = (await c.vmSnapshots(f.upVm)).find((s) => s.snapshotType === 'regular');
    return c.vmSnapshotDelete(f.upVm, snap?.id ?? '');
  },
  vmStatistics: (c, f) => c.vmStatistics(f.upVm),
  hostList: (c) => c.hostList({ follow: ['statistics'] }),
  hostListByIds: (c, f) => c.hostListByIds([f.upHost]),
  hostIterate: async (c) => {
    const pages: unknown[] = [];
    for await (const page of c.hostIterate({ pageSize: 2 })) pages.push(page);
    return pages;
  },
  hostGet: (c, f) => c.hostGet(f.upHost, { follow: ['statistics'] }),
  hostDeactivate: (c, f) => c.hostDeactivate(f.upHost),
  hostActivate: (c, f) => c.hostActivate(f.upHost),
  hostUpgradeCheck: (c, f) => c.hostUpgradeCheck(f.upHost),
  hostUpgrade: (c, f) => c.hostUpgrade(f.upHost),
  clusterUpgrade: (c, f) => c.clusterUpgrade(f.cluster, 'start'),
  hostFence: (c, f) => c.hostFence(f.upHost, 'status'),
  hostHooks: (c, f) => c.hostHooks(f.upHost),
  hostNics: (c, f) => c.hostNics(f.upHost),
  hostStatistics: (c, f) => c.hostStatistics(f.upHost),
  hostMigrationTargetsOf: (c, f) => c.hostMigrationTargetsOf([f.upVm]),
  clusterAffinityGroups: (c, f) => c.clusterAffinityGroups(f.cluster),
  clusterScheduling: (c, f) => c.clusterScheduling(f.cluster),
  affinityLabelMembers: (c, f) => {
    // The default fleet has no labels: one made in the model, as the snapshot below is.
    const id = '0f0e0d0c-0b0a-4909-8807-060504030201';
    env.engine.scheduling.labels.push({ id, name: 'walk', vmIds: [f.upVm], hostIds: [] });
    return c.affinityLabelMembers(id);
  },
  vmAffinityLabels: (c, f) => c.vmAffinityLabels(f.upVm),
  schedulingPolicyGet: async (c, f) => {
    const { policyId } = await c.clusterScheduling(f.cluster);
    return c.schedulingPolicyGet(policyId ?? '');
  },
  schedulingPolicyFilters: async (c, f) => {
    const { policyId } = await c.clusterScheduling(f.cluster);
    return c.schedulingPolicyFilters(policyId ?? '');
  },
  schedulingPolicyUnitList: (c) => c.schedulingPolicyUnitList(),
  clusterList: (c) => c.clusterList(),
  clusterGet: (c, f) => c.clusterGet(f.cluster),
  templateList: (c) => c.templateList(),
  templateGet: (c, f) => c.templateGet(f.template),
  networkList: (c) => c.networkList(),
  eventList: (c) => c.eventList({ max: 5 }),
  jobList: (c) => c.jobList(),
  jobGet: (c, f) => c.jobGet(f.job, { steps: true }),
  jobSteps: (c, f) => c.jobSteps(f.job),
  jobsByCorrelationId: (c, f) => c.jobsByCorrelationId(f.correlationId),
  follow: async (c, f) => {
    const vm = await c.vmGet(f.upVm);
    return Promise.all([c.follow(vm.href), c.follow(`${vm.href}/nics`)]);
  },
  waitForStatus: (c, f) => c.waitForStatus({ kind: 'host', id: f.upHost }, 'up', fast),
  eventStream: (c) => c.eventStream().poll(),
  jobTrack: (c, f) => c.jobTrack(f.correlationId, fast),
};

function clientMethods(c: EngineClient): string[] {
  const names = new Set<string>();
  for (
    let p = c as object | null;
    p !== null && p !== Object.prototype;
    p = Object.getPrototypeOf(p) as object | null
  )
    for (const name of Object.getOwnPropertyNames(p))
      if (
        name !== 'constructor' &&
        typeof (c as unknown as Record<string, unknown>)[name] === 'function'
      )
        names.add(name);
  return [...names].sort();
}

let c: EngineClient;
let fleet: Fleet;

beforeAll(() => {
  env.server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(async () => {
  env.engine.reset();
  c = createEngineClient({
    baseUrl: env.baseUrl,
    credentials: () => ({ kind: 'bearer', token: env.token }),
    backoff: { baseMs: 1, maxMs: 4 },
  });
  const [downVm] = await c.vmList({ search: 'status=down', max: 1 });
  const [upVm] = await c.vmList({ search: 'status=up', max: 1 });
  const [upHost] = await c.hostList({ search: 'status=up', max: 1 });
  const [template] = await c.templateList({ max: 1 });
  if (!downVm || !upVm || !upHost || !template) throw new Error('default fleet changed');
  const correlationId = c.newCorrelationId();
  const started = await c.vmStart(downVm.id, { correlationId });
  fleet = {
    downVm: downVm.id,
    upVm: upVm.id,
    upHost: upHost.id,
    cluster: upVm.cluster?.id ?? '',
    template: template.id,
    job: started.job?.id ?? '',
    correlationId,
  };
  // Bring the started VM back down so state-dependent calls see the fleet as listed.
  await c.vmStop(downVm.id);
  await c.waitForStatus({ kind: 'vm', id: downVm.id }, 'down', fast);
  // One regular snapshot for restore/delete.
  // (made in the model, so the setup does not depend on the routes under test)
  env.engine.createSnapshot(upVm.id, { description: 'walk-base' }, { correlationId: 'setup' });
  env.engine.requestLog.clear();
});
afterAll(() => {
  env.close();
});

describe('every client method has a route in the simulated engine', () => {
  it('the table names methods the client has', () => {
    expect(clientMethods(c)).toEqual(expect.arrayContaining(Object.keys(CALLS)));
  });

  it.each(Object.keys(CALLS) as Method[])('%s', async (name) => {
    let detail = '';
    try {
      await CALLS[name](c, fleet);
    } catch (e) {
      // A refusal is an answer; a missing route or an unimplemented action is not.
      detail = e instanceof FaultError ? (e.detail ?? e.reason) : String(e);
    }
    expect(detail).not.toMatch(/does not implement|Not found|Method Not Allowed/i);
    const missing = env.engine.requestLog
      .entries()
      .filter((r) => r.path.includes('/api') && (r.status === 404 || r.status === 405))
      .map((r) => `${r.method} ${r.path} → ${String(r.status)}`);
    expect(missing).toEqual([]);
  });
});
