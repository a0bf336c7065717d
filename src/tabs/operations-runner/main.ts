/**
 * operations-runner.html: a page without UI that the host page loads, in a hidden frame, while
 * unfinished operations exist. It drives them from the record (the same runners and leases as
 * the pages), so an operation continues after a reload whichever WebAdmin view the admin stays
 * on. Nothing here is React: it only needs the engine client, the config and the texts.
 */
import { LEASE_MS } from '../../operations/lease';
import { createRunnerDeps, resumeAll } from '../../operations/runners';
import { createUpgradeDeps } from '../../operations/upgradeDeps';
import { resumeUpgrades } from '../../operations/upgradeRunner';
import { createTranslator } from '../../messages/catalogue';
import { createPageEnvironment } from '../shared/pageEnvironment';
import { registerEnglish } from '../../messages/catalogue';
import { hostLifecycleMessages } from '../../messages/hostLifecycle';

// This page shows the host lifecycle texts the other pages do not carry.
registerEnglish(hostLifecycleMessages);

const env = createPageEnvironment();
if (env.kind === 'ready') {
  const deps = createRunnerDeps({
    client: env.client,
    config: env.config,
    t: createTranslator(env.locale),
    storage: window.sessionStorage,
  });
  const upgrade = createUpgradeDeps(deps, env.client, env.config);
  const controller = new AbortController();
  const resume = (): void => {
    resumeAll(deps, controller.signal);
    resumeUpgrades(upgrade, controller.signal);
  };
  resume();
  window.setInterval(resume, LEASE_MS);
  window.addEventListener('pagehide', () => {
    controller.abort();
  });
}
