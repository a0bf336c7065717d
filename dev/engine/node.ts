import { setupServer, type SetupServer } from 'msw/node';
import { createEngineHandlers } from './handlers';
import { createEngine, type Engine, type EngineOptions } from './model/engine';

export interface EngineSetup {
  engine: Engine;
  /** Not listening yet: call `server.listen({ onUnhandledRequest: 'error' })` in `beforeAll`. */
  server: SetupServer;
  baseUrl: 'http://engine.test/ovirt-engine/';
  /** A valid bearer token (what `ssoToken()` returns inside WebAdmin). */
  token: string;
  /** Stops the MSW interception and the engine's timers. */
  close(): void;
}

/**
 * The simulated engine for Node tests (msw/node). Transitions default to 10 ms per step so
 * that `waitForStatus`-style code finishes quickly; pass `clock: 'manual'` to drive time from
 * the test instead.
 */
export function setupEngine(options: EngineOptions = {}): EngineSetup {
  const engine = createEngine({ timeScale: 10, ...options });
  const server = setupServer(...createEngineHandlers(engine));
  return {
    engine,
    server,
    baseUrl: 'http://engine.test/ovirt-engine/',
    token: engine.issueToken(),
    close() {
      server.close();
      engine.close();
    },
  };
}
