import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planEvacuation, type EvacuationInput, type PlannerVm } from './evacuationPlanner';

/**
 * The policy's `HeSparesCount` in evacuation plans (the engine's HostedEngineSpares filter): a
 * host that has room for the hosted-engine VM may not lose it to another VM while the cluster has
 * that many such hosts or fewer (the engine VM's own host aside).
 */
const GiB = 2 ** 30;

const host = (id: string, free: number) => ({
  id,
  name: id,
  clusterId: 'c1',
  status: 'up',
  memory: 64 * GiB,
  freeMemory: free,
});

function input(spares: number, vms = 3): EvacuationInput {
  return {
    evacuate: ['src'],
    hosts: [host('src', 0), host('he-host', 3 * GiB), host('a', 10 * GiB), host('b', 10 * GiB)],
    vms: [
      {
        id: 'he',
        name: 'HostedEngine',
        hostId: 'he-host',
        status: 'up',
        memory: 8 * GiB,
        hostedEngine: true,
      },
      ...Array.from({ length: vms }, (_, i): PlannerVm => ({
        id: `vm-${String(i)}`,
        name: `vm-${String(i)}`,
        hostId: 'src',
        status: 'up',
        memory: 4 * GiB,
      })),
    ],
    rules: { groups: [], heSparesCount: spares > 0 ? { c1: spares } : {} },
  };
}

describe('evacuation planner: HeSparesCount', () => {
  it('keeps the last spare host free for the hosted-engine VM and names the rule', () => {
    const plan = planEvacuation(input(1));
    // a and b can each take the engine VM (8 GiB). One may stop being a spare, not both.
    expect(plan.moves.map((m) => `${m.vmName}>${m.targetHostId}`)).toEqual(['vm-0>a', 'vm-1>a']);
    expect(plan.blockers).toEqual([
      expect.objectContaining({
        vmName: 'vm-2',
        reason: 'rule',
        rule: { kind: 'he_spares', spares: 1 },
      }),
    ]);
  });

  it('uses every host when no reserve is asked', () => {
    const plan = planEvacuation(input(0));
    expect(plan.blockers).toEqual([]);
    expect(plan.moves.map((m) => m.targetHostId).sort()).toEqual(['a', 'a', 'b']);
  });

  it('takes no spare at all when the cluster already has no more than the reserve', () => {
    const plan = planEvacuation(input(2, 1));
    // Two spares, two required: neither may lose its room; he-host itself has 3 GiB only.
    expect(plan.moves).toEqual([]);
    expect(plan.blockers[0]?.rule).toEqual({ kind: 'he_spares', spares: 2 });
  });

  it('never leaves fewer spare hosts than min(HeSparesCount, spares before)', () => {
    const arb = fc.record({
      frees: fc.array(fc.integer({ min: 0, max: 24 }), { minLength: 2, maxLength: 6 }),
      vms: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 8 }),
      heMem: fc.integer({ min: 2, max: 12 }),
      required: fc.integer({ min: 0, max: 4 }),
    });
    fc.assert(
      fc.property(arb, ({ frees, vms, heMem, required }) => {
        const targets = frees.map((f, i) => host(`t${String(i)}`, f * GiB));
        const heHost = targets[0]?.id ?? '';
        const plan = planEvacuation({
          evacuate: ['src'],
          hosts: [host('src', 0), ...targets],
          vms: [
            {
              id: 'he',
              name: 'HE',
              hostId: heHost,
              status: 'up',
              memory: heMem * GiB,
              hostedEngine: true,
            },
            ...vms.map((m, i): PlannerVm => ({
              id: `v${String(i)}`,
              name: `v${String(i)}`,
              hostId: 'src',
              status: 'up',
              memory: m * GiB,
            })),
          ],
          rules: { groups: [], heSparesCount: { c1: required } },
        });
        const sparesIn = (free: (id: string) => number): number =>
          targets.filter((t) => t.id !== heHost && free(t.id) >= heMem * GiB).length;
        const before = sparesIn((id) => targets.find((t) => t.id === id)?.freeMemory ?? 0);
        const after = sparesIn((id) => plan.hosts.find((h) => h.hostId === id)?.freeAfter ?? 0);
        expect(after).toBeGreaterThanOrEqual(Math.min(required, before));
        // Every VM is either moved or a named blocker.
        expect(plan.moves.length + plan.blockers.length).toBe(vms.length);
      }),
      { numRuns: 300 },
    );
  });
});
