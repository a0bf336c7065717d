import { describe, expect, it } from 'vitest';
import descriptor from '../../plugin-descriptor/ops-center.json';
import { CONFIG_RULES, DEFAULT_CONFIG, readConfig } from './config';
import type { ConfigKey } from './config';

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

/**
 * The bounds written out here, not read from CONFIG_RULES: a change to a bound must change this
 * table too (README "Configuration" lists the same ranges).
 */
const BOUNDS: [ConfigKey, number, number][] = [
  ['bulkConcurrency', 1, 20],
  ['maxVmsInTransition', 1, 1000],
  ['pageSize', 10, 500],
  ['pollIntervalMs', 1000, 60000],
  ['evacuationConcurrency', 1, 10],
  ['shutdownTimeoutSec', 30, 3600],
  ['migrationTimeoutSec', 60, 7200],
  ['upgradeConcurrency', 1, 10],
];

describe('readConfig bounds, key by key', () => {
  it('covers every integer key', () => {
    const integerKeys = Object.entries(CONFIG_RULES)
      .filter(([, rule]) => rule.kind === 'integer')
      .map(([key]) => key);
    expect(BOUNDS.map(([key]) => key).sort()).toEqual(integerKeys.sort());
  });

  it.each(BOUNDS)('%s accepts its bounds %d and %d', (key, min, max) => {
    for (const value of [min, max, String(min), String(max)]) {
      const { config, warnings } = readConfig({ [key]: value });
      expect(warnings).toEqual([]);
      expect(config[key]).toBe(Number(value));
    }
  });

  it.each(BOUNDS)('%s rejects min−1, max+1 and non-integers (bounds %d..%d)', (key, min, max) => {
    const fallback = DEFAULT_CONFIG[key];
    const cases: [unknown, string][] = [
      [min - 1, 'out-of-range'],
      [max + 1, 'out-of-range'],
      [String(min - 1), 'out-of-range'],
      [min + 0.5, 'not-an-integer'],
      [String(min + 0.5), 'not-an-integer'],
      [Number.NaN, 'not-an-integer'],
      [Number.POSITIVE_INFINITY, 'not-an-integer'],
      ['ten', 'not-an-integer'],
      [true, 'not-an-integer'],
      [null, 'not-an-integer'],
      [[min], 'not-an-integer'],
    ];
    for (const [value, problem] of cases) {
      const { config, warnings } = readConfig({ [key]: value });
      expect({ value, used: config[key], problems: warnings.map((w) => w.problem) }).toEqual({
        value,
        used: fallback,
        problems: [problem],
      });
    }
  });

  it.each([['yes'], [1], [0], [null], ['TRUE']])(
    'placeUnderCompute rejects %j (not a boolean)',
    (value) => {
      const { config, warnings } = readConfig({ placeUnderCompute: value });
      expect(config.placeUnderCompute).toBe(false);
      expect(warnings.map((w) => w.problem)).toEqual(['not-a-boolean']);
    },
  );
});
