import type { IncomingMessage, ServerResponse } from 'node:http';
import { createMiddleware } from '@mswjs/http-middleware';
import { createEngineHandlers } from './handlers';
import type { Engine } from './model/engine';

export type ConnectMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

const ENGINE_PATH =
  /^\/(ovirt-engine\/api(\/|;|$)|ovirt-engine\/sso\/oauth\/token$|__engine(\/|$))/;

type ExpressLike = IncomingMessage & {
  protocol?: string;
  get?: (name: string) => string | undefined;
  header?: (name: string) => string | undefined;
};

/**
 * The engine as connect/express middleware (via `@mswjs/http-middleware`), so the mock
 * WebAdmin can mount it in its own Node server and keep engine state across page reloads.
 * Requests outside the engine's paths go to `next()`.
 */
export function createEngineMiddleware(engine: Engine): ConnectMiddleware {
  // http-middleware's types name express; at runtime it needs only the helpers added below.
  const msw = createMiddleware(...createEngineHandlers(engine)) as unknown as ConnectMiddleware;
  return (req, res, next) => {
    // Express strips a mount path from req.url; the engine needs the full path.
    const original = (req as { originalUrl?: string }).originalUrl;
    const url = original ?? req.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    if (!ENGINE_PATH.test(path)) {
      next();
      return;
    }
    if (engine.faults.current.unreachable && !path.startsWith('/__engine')) {
      // A refused connection, as seen by fetch: no status, no body.
      engine.requestLog.record({
        time: engine.now(),
        method: req.method ?? 'GET',
        path,
        query: Object.fromEntries(new URL(url, 'http://x').searchParams),
        body: null,
        correlationId: String(req.headers['correlation-id'] ?? ''),
        status: 0,
        refused: true,
      });
      req.socket.destroy();
      return;
    }
    const r = req as ExpressLike;
    const header = (name: string): string | undefined => {
      const v = req.headers[name.toLowerCase()];
      return Array.isArray(v) ? v.join(', ') : v;
    };
    r.protocol ??= 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
    r.get ??= header;
    r.header ??= header;
    req.url = url;
    msw(req, res, next);
  };
}
