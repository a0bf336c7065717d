/**
 * The plugin's configuration: what `configObject()` returns after the engine's shallow merge of
 * the descriptor's `config` (defaults) and the admin's override file
 * (`/etc/ovirt-engine/ui-plugins/ops-center-config.json`).
 *
 * The override file is hand-edited, so every key is validated on its own: a bad value falls back
 * to that key's default and produces a warning the pages show, instead of breaking the plugin.
 * Framework-free, because the host page uses it too (it counts toward the startup budget).
 *
 * @example
 *   const { config, warnings } = readConfig(configObject());
 *   runBulk(items, action, { concurrency: config.bulkConcurrency });
 */

export interface OpsCenterConfig {
  /** Register "Ops Center" under Compute (secondary menu) instead of as its own primary entry. */
  placeUnderCompute: boolean;
  /** How many VM action requests a bulk operation has in flight at once. */
  bulkConcurrency: number;
  /** How many VMs a bulk operation has sent and not yet seen at their target (boot-storm guard). */
  maxVmsInTransition: number;
  /** Rows per page in the Virtual Machines and Hosts views. */
  pageSize: number;
  /** How often live views and operation trackers poll the engine while visible. */
  pollIntervalMs: number;
  /** How many VMs a host evacuation migrates at once. */
  evacuationConcurrency: number;
  /** How long a graceful shutdown may take before it is reported as failed. */
  shutdownTimeoutSec: number;
  /** How long a migration may take before it is reported as failed. */
  migrationTimeoutSec: number;
  /** How many hosts a rolling upgrade upgrades at once. */
  upgradeConcurrency: number;
}

export type ConfigKey = keyof OpsCenterConfig;

interface BooleanRule {
  kind: 'boolean';
  default: boolean;
}
interface IntegerRule {
  kind: 'integer';
  default: number;
  min: number;
  max: number;
}
type Rule = BooleanRule | IntegerRule;

/** The schema: one rule per key. Defaults here must equal the descriptor's `config` (tested). */
export const CONFIG_RULES: { readonly [K in ConfigKey]: Rule } = {
  placeUnderCompute: { kind: 'boolean', default: false },
  bulkConcurrency: { kind: 'integer', default: 5, min: 1, max: 20 },
  maxVmsInTransition: { kind: 'integer', default: 50, min: 1, max: 1000 },
  pageSize: { kind: 'integer', default: 50, min: 10, max: 500 },
  pollIntervalMs: { kind: 'integer', default: 5000, min: 1000, max: 60000 },
  evacuationConcurrency: { kind: 'integer', default: 2, min: 1, max: 10 },
  shutdownTimeoutSec: { kind: 'integer', default: 300, min: 30, max: 3600 },
  migrationTimeoutSec: { kind: 'integer', default: 600, min: 60, max: 7200 },
  upgradeConcurrency: { kind: 'integer', default: 1, min: 1, max: 10 },
};

export const DEFAULT_CONFIG: Readonly<OpsCenterConfig> = Object.fromEntries(
  Object.entries(CONFIG_RULES).map(([key, rule]) => [key, rule.default]),
) as unknown as OpsCenterConfig;

/**
 * Why a value was not used. Pages turn these into text through the message catalogue
 * (`config.warning.<problem>`), so this module stays free of user-visible strings.
 */
export type ConfigProblem =
  'not-an-object' | 'unknown-key' | 'not-a-boolean' | 'not-an-integer' | 'out-of-range';

export interface ConfigWarning {
  key: string;
  problem: ConfigProblem;
  /** The rejected value, as JSON (shown to the admin so they can find it in the file). */
  value: string;
  /** The value used instead (the default), as JSON. */
  used: string;
  min?: number;
  max?: number;
}

export interface ConfigResult {
  config: OpsCenterConfig;
  warnings: ConfigWarning[];
}

function show(value: unknown): string {
  try {
    // JSON.stringify returns undefined for undefined and functions despite its declared type.
    const json = JSON.stringify(value) as unknown;
    return typeof json === 'string' ? json : String(value);
  } catch {
    return String(value);
  }
}

/**
 * Validates the merged config. Values arrive as JSON (the files are JSON), but an admin may
 * quote numbers and booleans the way the REST API does, so `"10"` and `"true"` are accepted.
 */
export function readConfig(raw: unknown): ConfigResult {
  const config = { ...DEFAULT_CONFIG } as Record<ConfigKey, number | boolean>;
  const warnings: ConfigWarning[] = [];
  if (raw === null || raw === undefined) return { config: { ...DEFAULT_CONFIG }, warnings };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    warnings.push({ key: '', problem: 'not-an-object', value: show(raw), used: show(config) });
    return { config: { ...DEFAULT_CONFIG }, warnings };
  }
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!Object.prototype.hasOwnProperty.call(CONFIG_RULES, key)) {
      warnings.push({ key, problem: 'unknown-key', value: show(value), used: '' });
      continue;
    }
    const k = key as ConfigKey;
    const rule = CONFIG_RULES[k];
    const warn = (problem: ConfigProblem, extra?: { min: number; max: number }): void => {
      warnings.push({ key, problem, value: show(value), used: show(rule.default), ...extra });
    };
    if (rule.kind === 'boolean') {
      if (typeof value === 'boolean') config[k] = value;
      else if (value === 'true' || value === 'false') config[k] = value === 'true';
      else warn('not-a-boolean');
      continue;
    }
    const n =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && /^-?\d+$/.test(value.trim())
          ? Number(value)
          : NaN;
    if (!Number.isInteger(n)) warn('not-an-integer');
    else if (n < rule.min || n > rule.max) warn('out-of-range', { min: rule.min, max: rule.max });
    else config[k] = n;
  }
  return { config: config as unknown as OpsCenterConfig, warnings };
}
