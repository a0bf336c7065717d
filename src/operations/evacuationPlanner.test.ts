import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignmentOf,
  isResidentVm,
  planEvacuation,
  targetChoices,
  validatePlan,
  type EvacuationInput,
  type PlannerHost,
  type PlannerVm,
} from './evacuationPlanner';

const GiB = 1024 ** 3;

const hostStatuses = [
  'up',
  'up',
  'up',
  'maintenance',
  'non_responsive',
  'preparing_for_maintenance',
];
const vmStatuses = ['up', 'up', 'up', 'up', 'paused', 'migrating', 'down', 'powering_down'];

const arbInput: fc.Arbitrary<EvacuationInput> = fc
  .record({
    hostCount: fc.integer({ min: 1, max: 8 }),
    clusterCount: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ hostCount, clusterCount }) =>
    fc
      .record({
        hosts: fc.tuple(
          ...Array.from({ length: hostCount }, (_, i) =>
            fc.record({
              id: fc.constant(`h${i}`),
              name: fc.constantFrom('alpha', 'beta', 'gamma', `host-${i}`),
              clusterId: fc.integer({ min: 0, max: clusterCount - 1 }).map((c) => `c${c}`),
              status: fc.constantFrom(...hostStatuses),
              memory: fc.constant(64 * GiB),
              freeMemory: fc.integer({ min: 0, max: 64 }).map((g) => g * GiB),
              cpuLoad: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
            }),
          ),
        ),
        vms: fc.uniqueArray(
          fc.record({
            id: fc.uuid(),
            name: fc.constantFrom('web', 'db', 'cache', 'app', 'worker'),
            hostId: fc.option(
              fc.integer({ min: 0, max: hostCount - 1 }).map((h) => `h${h}`),
              {
                nil: undefined,
              },
            ),
            status: fc.constantFrom(...vmStatuses),
            memory: fc.integer({ min: 1, max: 16 }).map((g) => g * GiB),
            migrationMode: fc.constantFrom(
              undefined,
              'migratable' as const,
              'migratable' as const,
              'user_migratable' as const,
              'pinned' as const,
            ),
            allowedHostIds: fc.option(
              fc.uniqueArray(
                fc.integer({ min: 0, max: hostCount - 1 }).map((h) => `h${h}`),
                {
                  maxLength: 3,
                },
              ),
              { nil: undefined },
            ),
          }),
          { maxLength: 40, selector: (vm) => vm.id },
        ),
        evacuate: fc.uniqueArray(
          fc.integer({ min: 0, max: hostCount - 1 }).map((h) => `h${h}`),
          {
            minLength: 1,
            maxLength: Math.min(3, hostCount),
          },
        ),
      })
      .map(({ hosts, vms, evacuate }) => ({
        hosts,
        vms,
        evacuate,
      })),
  );

function hostsOf(input: EvacuationInput): Map<string, PlannerHost> {
  return new Map(input.hosts.map((h) => [h.id, h]));
}

describe('planEvacuation properties', () => {
  it('never plans a target beyond its free scheduling memory', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const plan = planEvacuation(input);
        const hosts = hostsOf(input);
        const load = new Map<string, number>();
        for (const m of plan.moves)
          load.set(m.targetHostId, (load.get(m.targetHostId) ?? 0) + m.memory);
        for (const [id, used] of load)
          expect(used).toBeLessThanOrEqual(hosts.get(id)?.freeMemory ?? -1);
        for (const h of plan.hosts.filter((r) => r.role === 'target')) {
          expect(h.freeAfter).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('targets are up, in the same cluster, not evacuated, and allowed by the placement list', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const plan = planEvacuation(input);
        const hosts = hostsOf(input);
        const vms = new Map(input.vms.map((v) => [v.id, v]));
        for (const m of plan.moves) {
          const target = hosts.get(m.targetHostId);
          const source = hosts.get(m.sourceHostId);
          expect(target?.status).toBe('up');
          expect(target?.clusterId).toBe(source?.clusterId);
          expect(input.evacuate).not.toContain(m.targetHostId);
          const allowed = vms.get(m.vmId)?.allowedHostIds;
          if (allowed && allowed.length > 0) expect(allowed).toContain(m.targetHostId);
          expect(m.issues).toEqual([]);
        }
        expect(plan.valid).toBe(true);
      }),
    );
  });

  it('lists every running VM of the evacuated hosts exactly once, as a move or a blocker', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const plan = planEvacuation(input);
        const expected = input.vms
          .filter(
            (v) => isResidentVm(v) && v.hostId !== undefined && input.evacuate.includes(v.hostId),
          )
          .map((v) => v.id)
          .sort();
        const listed = [
          ...plan.moves.map((m) => m.vmId),
          ...plan.blockers.map((b) => b.vmId),
        ].sort();
        expect(listed).toEqual(expected);
        for (const b of plan.blockers) expect(b.reason).toBeTruthy();
      }),
    );
  });

  it('is deterministic: the same fleet in any order gives the same plan', () => {
    fc.assert(
      fc.property(
        arbInput,
        fc.func(fc.integer()),
        fc.func(fc.integer()),
        (input, hostKey, vmKey) => {
          const shuffled: EvacuationInput = {
            evacuate: [...input.evacuate].reverse(),
            hosts: [...input.hosts].sort((a, b) => hostKey(a.id) - hostKey(b.id)),
            vms: [...input.vms].sort((a, b) => vmKey(a.id) - vmKey(b.id)),
          };
          expect(planEvacuation(shuffled)).toEqual(planEvacuation(input));
        },
      ),
    );
  });

  it('reports no_capacity only for VMs that fit on no candidate in the final plan', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const plan = planEvacuation(input);
        const vms = new Map(input.vms.map((v) => [v.id, v]));
        const freeAfter = new Map(plan.hosts.map((h) => [h.hostId, h.freeAfter]));
        for (const b of plan.blockers.filter((x) => x.reason === 'no_capacity')) {
          for (const h of targetChoices(input, b.vmId)) {
            expect(freeAfter.get(h.id) ?? h.freeMemory).toBeLessThan(vms.get(b.vmId)?.memory ?? 0);
          }
        }
      }),
    );
  });

  it('validates its own plan without issues, and re-planning around it changes nothing', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const plan = planEvacuation(input);
        const assignment = assignmentOf(plan);
        const checked = validatePlan(input, assignment, assignment);
        expect(checked.valid).toBe(true);
        expect(checked.moves.map((m) => [m.vmId, m.targetHostId])).toEqual(
          plan.moves.map((m) => [m.vmId, m.targetHostId]),
        );
      }),
    );
  });
});

function host(id: string, free: number, extra: Partial<PlannerHost> = {}): PlannerHost {
  return {
    id,
    name: id,
    clusterId: 'c1',
    status: 'up',
    memory: 64 * GiB,
    freeMemory: free * GiB,
    ...extra,
  };
}

function vm(id: string, hostId: string, mem: number, extra: Partial<PlannerVm> = {}): PlannerVm {
  return { id, name: id, hostId, status: 'up', memory: mem * GiB, ...extra };
}

describe('planEvacuation examples', () => {
  it('places the largest VM first on the host with the most room, balancing the rest', () => {
    const input: EvacuationInput = {
      evacuate: ['src'],
      hosts: [host('src', 0), host('a', 10), host('b', 8)],
      vms: [vm('small', 'src', 2), vm('big', 'src', 6), vm('mid', 'src', 4)],
    };
    const plan = planEvacuation(input);
    expect(plan.moves.map((m) => [m.vmName, m.targetHostId])).toEqual([
      ['big', 'a'], // a: 10 → 4
      ['mid', 'b'], // b: 8 → 4
      ['small', 'a'], // tie at 4: lower CPU load (both 0), then name
    ]);
    expect(plan.hosts.find((h) => h.hostId === 'a')).toMatchObject({
      freeBefore: 10 * GiB,
      freeAfter: 2 * GiB,
      vmsIn: 2,
    });
    expect(plan.clearableHostIds).toEqual(['src']);
  });

  it('names the reason for every VM it cannot move', () => {
    const input: EvacuationInput = {
      evacuate: ['src', 'lonely'],
      hosts: [
        host('src', 0),
        host('a', 4),
        host('b', 32, { status: 'maintenance' }),
        host('lonely', 0, { clusterId: 'c2' }),
      ],
      vms: [
        vm('pinned-mode', 'src', 1, { migrationMode: 'pinned' }),
        vm('only-on-src', 'src', 1, { allowedHostIds: ['src'] }),
        vm('huge', 'src', 8),
        vm('leaving', 'src', 1, { status: 'migrating' }),
        vm('alone', 'lonely', 1),
        vm('fits', 'src', 2),
        vm('stopped', 'src', 2, { status: 'down' }),
      ],
    };
    const plan = planEvacuation(input);
    expect(plan.moves.map((m) => m.vmName)).toEqual(['fits']);
    expect(Object.fromEntries(plan.blockers.map((b) => [b.vmName, b.reason]))).toEqual({
      'pinned-mode': 'non_migratable',
      'only-on-src': 'pinned',
      huge: 'no_capacity',
      leaving: 'busy',
      alone: 'no_up_host',
    });
    expect(plan.clearableHostIds).toEqual([]);
  });

  it('flags an admin override that overfills a target and re-plans the rest around it', () => {
    const input: EvacuationInput = {
      evacuate: ['src'],
      hosts: [host('src', 0), host('a', 8), host('b', 8), host('other', 64, { clusterId: 'c2' })],
      vms: [vm('v1', 'src', 6), vm('v2', 'src', 6)],
    };
    const plan = planEvacuation(input);
    const original = assignmentOf(plan);
    expect(new Set(Object.values(original))).toEqual(new Set(['a', 'b']));

    const both = validatePlan(input, { v1: 'a', v2: 'a' }, original);
    expect(both.valid).toBe(false);
    expect(both.moves.find((m) => m.vmId === 'v2')?.issues).toContain('over_capacity');
    expect(both.moves.filter((m) => m.overridden).length).toBe(1);

    const otherCluster = validatePlan(input, { v1: 'other', v2: 'b' });
    expect(otherCluster.moves.find((m) => m.vmId === 'v1')?.issues).toEqual([
      'target_other_cluster',
    ]);

    const replanned = planEvacuation(input, { fixed: { v2: 'a' } });
    expect(assignmentOf(replanned)).toEqual({ v1: 'b', v2: 'a' });
    expect(replanned.moves.find((m) => m.vmId === 'v2')?.overridden).toBe(true);
  });

  it('offers as choices only up hosts of the cluster that the VM may run on', () => {
    const input: EvacuationInput = {
      evacuate: ['src'],
      hosts: [
        host('src', 0),
        host('b', 1),
        host('a', 1),
        host('down', 9, { status: 'non_responsive' }),
      ],
      vms: [vm('v', 'src', 4, { allowedHostIds: ['a', 'b', 'src'] })],
    };
    expect(targetChoices(input, 'v').map((h) => h.id)).toEqual(['a', 'b']);
    expect(planEvacuation(input).blockers[0]?.reason).toBe('no_capacity');
  });
});
