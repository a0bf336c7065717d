import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createEngineMiddleware } from './middleware';
import { createEngine, type Engine, type EngineOptions } from './model/engine';
import { SCENARIOS, isScenario } from './model/fleet';

export interface EngineServerOptions extends EngineOptions {
  host?: string;
  /** 0 picks a free port (tests). */
  port?: number;
}

export interface EngineServer {
  /** e.g. `http://127.0.0.1:8080`; the API is at `${url}/ovirt-engine/api`. */
  url: string;
  engine: Engine;
  close(): Promise<void>;
}

/** The standalone mount: a plain Node HTTP server a real HTTP client (curl, Python SDK) can use. */
export async function startEngineServer(options: EngineServerOptions = {}): Promise<EngineServer> {
  const { host = '127.0.0.1', port = 8080, ...engineOptions } = options;
  const engine = createEngine(engineOptions);
  const middleware = createEngineMiddleware(engine);
  const server = createServer((req, res) => {
    middleware(req, res, (error) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      res.statusCode = error === undefined ? 404 : 500;
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${String(address.port)}`,
    engine,
    close: () =>
      new Promise<void>((resolve, reject) => {
        engine.close();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8080' },
      scenario: { type: 'string', default: 'default' },
      seed: { type: 'string', default: '1' },
      'time-scale': { type: 'string', default: '1500' },
      latency: { type: 'string', default: '0' },
    },
  });
  const scenario = values.scenario;
  if (!isScenario(scenario)) {
    throw new Error(`--scenario must be one of ${SCENARIOS.join(', ')} (got ${scenario})`);
  }
  const started = await startEngineServer({
    host: values.host,
    port: Number(values.port),
    scenario,
    seed: Number(values.seed),
    timeScale: Number(values['time-scale']),
    latencyMs: Number(values.latency),
  });
  const { state } = started.engine;
  process.stdout.write(
    [
      `Simulated oVirt 4.5 engine (${scenario}: ${String(state.hosts.size)} hosts, ${String(state.vms.size)} VMs, ${String(started.engine.options.timeScale)} ms per step)`,
      `  API:   ${started.url}/ovirt-engine/api`,
      `  Token: curl -s -H 'Accept: application/json' -d 'grant_type=password&scope=ovirt-app-api&username=admin@internal&password=ovirt' ${started.url}/ovirt-engine/sso/oauth/token`,
      `  Control API: ${started.url}/__engine/{requests,reset,faults,token}`,
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    void started.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
