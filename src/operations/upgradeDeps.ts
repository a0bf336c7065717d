/**
 * The rolling upgrade runner's dependencies, built from the shared runner set (its evacuation and
 * activation deps are the ones each host's child operations run with). Apart from `runners.ts`
 * so that pages which never upgrade (the main place) do not load the upgrade runner; the
 * operations runner page and the upgrade dialog build it.
 */
import type { EngineClient } from '../rest/client';
import type { OpsCenterConfig } from '../plugin-api/config';
import { HOST_TIMEOUT_MS, type RunnerSet } from './runners';
import { createEngineUpgradePort } from './upgradePort';
import type { UpgradeDeps } from './upgradeRunner';

export function createUpgradeDeps(
  set: RunnerSet,
  client: EngineClient,
  config: OpsCenterConfig,
): UpgradeDeps {
  const { evacuation, activation } = set;
  return {
    store: evacuation.store,
    port: createEngineUpgradePort(client),
    storage: evacuation.storage,
    t: evacuation.t,
    evacuation,
    activation,
    concurrency: config.upgradeConcurrency,
    pollMs: evacuation.pollMs,
    // Install and reboot: longer than a maintenance.
    timeoutMs: 3 * HOST_TIMEOUT_MS,
  };
}
