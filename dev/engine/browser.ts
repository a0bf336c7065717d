import { setupWorker, type SetupWorker } from 'msw/browser';
import { createEngineHandlers } from './handlers';
import type { Engine } from './model/engine';

export interface EngineWorkerOptions {
  /** Where `mockServiceWorker.js` (from `npx msw init`) is served. */
  serviceWorkerUrl?: string;
}

/** The browser mount: the same handler set in an MSW service worker. */
export async function startEngineWorker(
  engine: Engine,
  options: EngineWorkerOptions = {},
): Promise<SetupWorker> {
  const worker = setupWorker(...createEngineHandlers(engine));
  await worker.start({
    onUnhandledRequest: 'bypass',
    quiet: true,
    serviceWorker: { url: options.serviceWorkerUrl ?? '/mockServiceWorker.js' },
  });
  return worker;
}
