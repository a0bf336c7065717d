// `npm start`: the mock WebAdmin with the plugin from dist/ and a simulated engine in the same
// process — or, with OVIRT_URL, the same shell signed in to a real engine through its SSO.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createEngine } from '../engine/model/engine';
import { SCENARIOS, isScenario } from '../engine/model/fleet';
import type { RealEngine } from './server';
import { WEBADMIN_PATH, signIn, startWebAdmin } from './server';

function ask(question: string, hidden: boolean): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  if (hidden) {
    // Echo nothing while the password is typed.
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    let prompted = false;
    out._writeToOutput = (s: string) => {
      if (!prompted) {
        process.stdout.write(s);
        prompted = true;
      }
    };
  }
  return new Promise((done) => {
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) process.stdout.write('\n');
      done(answer);
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: process.env.PORT ?? '5173' },
      'time-scale': { type: 'string', default: process.env.ENGINE_TIME_SCALE ?? '1500' },
      scenario: { type: 'string', default: 'default' },
      seed: { type: 'string', default: '1' },
      config: { type: 'string', default: 'config/ops-center-config.json' },
      dist: { type: 'string', default: 'dist' },
      // An installed tree (e.g. the RPM unpacked into a scratch root): the plugin from
      // <root>/usr/share/ovirt-engine/ui-plugins, the override from <root>/etc/ovirt-engine/ui-plugins.
      'install-root': { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      insecure: { type: 'boolean', default: process.env.OVIRT_INSECURE === '1' },
      'ready-timeout': { type: 'string', default: '15000' },
    },
  });
  const installRoot = values['install-root'];
  const distDir = installRoot
    ? resolve(installRoot, 'usr/share/ovirt-engine/ui-plugins')
    : resolve(values.dist);
  const configFile = installRoot
    ? resolve(installRoot, 'etc/ovirt-engine/ui-plugins/ops-center-config.json')
    : resolve(values.config);
  if (!existsSync(resolve(distDir, 'ops-center.json'))) {
    if (installRoot)
      throw new Error(`${distDir}/ops-center.json is missing: nothing is installed there`);
    if (values['no-build']) {
      throw new Error(
        `${distDir}/ops-center.json is missing: run "npm run build" (or drop --no-build)`,
      );
    }
    process.stdout.write('dist/ is missing: building the plugin first (npm run build)\n');
    const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build failed');
  }
  const scenario = values.scenario;
  if (!isScenario(scenario)) {
    throw new Error(`--scenario must be one of ${SCENARIOS.join(', ')} (got ${scenario})`);
  }

  let real: RealEngine | undefined;
  const ovirtUrl = process.env.OVIRT_URL;
  if (ovirtUrl) {
    const origin = new URL(ovirtUrl).origin;
    const userName = process.env.OVIRT_USER ?? (await ask('oVirt user [admin@internal]: ', false));
    const password = process.env.OVIRT_PASSWORD ?? (await ask('Password: ', true));
    const login = userName.trim() === '' ? 'admin@internal' : userName.trim();
    const token = await signIn(origin, login, password, values.insecure);
    real = { url: origin, token, userName: login, insecure: values.insecure };
  }

  const engine = real
    ? undefined
    : createEngine({
        scenario,
        seed: Number(values.seed),
        timeScale: Number(values['time-scale']),
      });
  const server = await startWebAdmin({
    host: values.host,
    port: Number(values.port),
    distDir,
    configFile,
    engine,
    real,
    readyTimeoutMs: Number(values['ready-timeout']),
  });
  const engineLine = real
    ? `real engine ${real.url} (signed in as ${real.userName}${real.insecure ? ', certificate not verified' : ''})`
    : `simulated engine (${scenario}, ${String(engine?.state.vms.size ?? 0)} VMs, ${values['time-scale']} ms per step)`;
  process.stdout.write(
    [
      `Mock WebAdmin: ${server.url}${WEBADMIN_PATH}   (API modes: ?api=4.5 | ?api=4.3 | ?api=3.6, the 3.6 contract only: Ops Center needs 4.3+ and registers nothing there)`,
      `  plugin: ${distDir}/ops-center.json + override ${configFile}`,
      `  engine: ${engineLine}`,
      '',
    ].join('\n'),
  );
  const stop = () => {
    engine?.close();
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
