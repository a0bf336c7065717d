import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupEngine } from './node';
import { hostCpuPercent } from './model/stats';

// The `balance` scenario (model/schedulingScenario.ts, `seedBalance`): the scheduling fleet with
// steady VM loads, host-01 above the policy's HighUtilization.
const setup = setupEngine({ clock: 'manual', timeScale: 1000, scenario: 'balance' });
const { engine } = setup;

beforeAll(() => {
  setup.server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(() => {
  engine.reset({ scenario: 'balance' });
});
afterAll(() => {
  setup.close();
});

describe('balance scenario', () => {
  it('has host-01 over HighUtilization and the other hosts well below it, at any time', () => {
    for (const t of [0, 40_000, 3_600_000]) {
      const at = engine.now() + t;
      const load = (name: string): number => {
        const h = engine.findHost(name);
        if (!h) throw new Error(name);
        return hostCpuPercent(engine, h, at);
      };
      expect(load('host-01')).toBeGreaterThan(85);
      for (const name of ['host-02', 'host-03', 'host-04']) expect(load(name)).toBeLessThan(30);
    }
  });

  it('keeps the scheduling rules and the capped policy', () => {
    const cluster = [...engine.state.clusters.values()][0];
    expect(cluster?.schedulingProperties?.HighUtilization).toBe('80');
    expect(engine.scheduling.groups.map((g) => g.name)).toContain('db-pair');
  });
});
