import { describe, expect, it } from 'vitest';
import descriptor from '../../plugin-descriptor/ops-center.json';
import { CONFIG_RULES, DEFAULT_CONFIG, readConfig } from './config';

describe('readConfig', () => {
  it('uses the defaults when WebAdmin gives no config', () => {
    expect(readConfig(undefined)).toEqual({ config: DEFAULT_CONFIG, warnings: [] });
    expect(readConfig({})).toEqual({ config: DEFAULT_CONFIG, warnings: [] });
  });

  it('takes valid overrides, including numbers and booleans quoted like the REST API does', () => {
    const { config, warnings } = readConfig({
      placeUnderCompute: 'true',
      bulkConcurrency: 20,
      maxVmsInTransition: '1000',
      pageSize: '100',
      pollIntervalMs: 1000,
    });
    expect(warnings).toEqual([]);
    expect(config).toMatchObject({
      placeUnderCompute: true,
      bulkConcurrency: 20,
      maxVmsInTransition: 1000,
      pageSize: 100,
      pollIntervalMs: 1000,
    });
  });

  it('falls back per key and explains each rejected value', () => {
    const { config, warnings } = readConfig({
      bulkConcurrency: 50,
      maxVmsInTransition: 0,
      pageSize: 12.5,
      placeUnderCompute: 'yes',
      shutdownTimeoutSec: 300,
      bulkConcurency: 3,
    });
    expect(config).toEqual({ ...DEFAULT_CONFIG, shutdownTimeoutSec: 300 });
    expect(warnings).toEqual([
      { key: 'bulkConcurrency', problem: 'out-of-range', value: '50', used: '5', min: 1, max: 20 },
      {
        key: 'maxVmsInTransition',
        problem: 'out-of-range',
        value: '0',
        used: '50',
        min: 1,
        max: 1000,
      },
      { key: 'pageSize', problem: 'not-an-integer', value: '12.5', used: '50' },
      { key: 'placeUnderCompute', problem: 'not-a-boolean', value: '"yes"', used: 'false' },
      { key: 'bulkConcurency', problem: 'unknown-key', value: '3', used: '' },
    ]);
  });

  it('survives a config that is not an object at all', () => {
    for (const raw of ['text', 42, [1, 2]]) {
      const { config, warnings } = readConfig(raw);
      expect(config).toEqual(DEFAULT_CONFIG);
      expect(warnings.map((w) => w.problem)).toEqual(['not-an-object']);
    }
  });

  it('never hands out the shared defaults object', () => {
    const { config } = readConfig({});
    config.pageSize = 10;
    expect(DEFAULT_CONFIG.pageSize).toBe(50);
  });

  it('has the same defaults as the descriptor the engine reads', () => {
    expect(descriptor.config).toEqual(DEFAULT_CONFIG);
    for (const rule of Object.values(CONFIG_RULES))
      if (rule.kind === 'integer') expect(rule.default).toBeGreaterThanOrEqual(rule.min);
  });
});
