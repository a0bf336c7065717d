/**
 * The planner's scheduling rules read through the REST client from the simulated engine's
 * `scheduling` scenario, then a plan checked with the engine's `migration_target_of`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupEngine } from '../../dev/engine/node';
import { createEngineClient, type EngineClient } from '../../src/rest/client';
import { planEvacuation } from '../../src/operations/evacuationPlanner';
import {
  engineRefusals,
  loadSchedulingRules,
} from '../../src/operations/schedulingRulesFromEngine';
import { evacuationInput } from '../../src/tabs/hosts/domain/hostLoad';

const env = setupEngine({ scenario: 'scheduling' });
let c: EngineClient;

beforeAll(() => {
  env.server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(() => {
  env.engine.reset({ scenario: 'scheduling' });
  c = createEngineClient({
    baseUrl: env.baseUrl,
    credentials: () => ({ kind: 'bearer', token: env.token }),
    backoff: { baseMs: 1, maxMs: 4 },
  });
});
afterAll(() => {
  env.close();
});

async function planForHost01() {
  const hosts = await c.hostList();
  const vms = await c.vmList();
  const clusterId = hosts[0]?.cluster?.id ?? '';
  const rules = await loadSchedulingRules(c, [clusterId]);
  const source = hosts.find((h) => h.name === 'host-01')?.id ?? '';
  const input = evacuationInput([source], hosts, vms, rules);
  return { input, plan: planEvacuation(input), rules, hosts, vms };
}

describe('scheduling rules read through the client', () => {
  it('flattens labels into groups and reads the cap of the cluster policy', async () => {
    const { rules } = await planForHost01();
    const names = rules.groups.map((g) => g.name).sort();
    expect(names).toEqual(['cache-near-db', 'db-pair', 'licensed', 'web-spread']);
    const licensed = rules.groups.find((g) => g.name === 'licensed');
    expect(licensed?.hostsRule).toEqual({ positive: true, enforcing: true });
    expect(licensed?.hostIds).toHaveLength(2);
    expect(Object.values(rules.maxVmsPerHost ?? {})).toEqual([6]);
    expect(Object.values(rules.policyNames ?? {})).toEqual(['evenly_distributed_capped']);
  });

  it('plans what the engine accepts: every destination is offered by migration_target_of', async () => {
    const { plan } = await planForHost01();
    expect(plan.blockers.map((b) => [b.vmName, b.reason, b.rule])).toEqual([
      ['mail-02', 'pinned', undefined],
      [
        'web-02',
        'rule',
        { kind: 'vm_negative', group: 'web-spread', others: ['web-03', 'web-04', 'web-05'] },
      ],
    ]);
    const refused = await engineRefusals(plan, (ids) => c.hostMigrationTargetsOf(ids));
    expect(refused).toEqual({});
    const name = (id: string) => plan.hosts.find((h) => h.hostId === id)?.name;
    const to = Object.fromEntries(plan.moves.map((m) => [m.vmName, name(m.targetHostId)]));
    expect(to['app-01']).toBe('host-03');
    expect(to['build-02']).toBe('host-04');
    expect(to['db-01']).toBe(to['db-02']);
    expect(to['web-02']).not.toBe('host-02');
  });

  it('names the destination the engine does not offer', async () => {
    const { plan } = await planForHost01();
    // An admin's choice the planner would not make: app-01 to host-04 (outside `licensed`).
    const move = plan.moves.find((m) => m.vmName === 'app-01');
    const host4 = plan.hosts.find((h) => h.name === 'host-04')?.hostId ?? '';
    if (move) move.targetHostId = host4;
    const refused = await engineRefusals(plan, (ids) => c.hostMigrationTargetsOf(ids));
    expect(refused).toEqual({ [move?.vmId ?? '']: [host4] });
  });
});
