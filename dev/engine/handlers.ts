import { http, HttpResponse, type RequestHandler } from 'msw';
import { handleEngineRequest } from './api/router';
import type { Engine } from './model/engine';

/**
 * The one MSW handler set of the simulated engine. Handlers match any origin, so the same set
 * serves `http://engine.test` in unit tests, the mock WebAdmin's origin, and the standalone
 * server.
 */
export function createEngineHandlers(engine: Engine): RequestHandler[] {
  const resolver = async ({ request }: { request: Request }): Promise<Response> => {
    const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    const res = await handleEngineRequest(engine, {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: text === '' ? undefined : text,
    });
    if (res.networkError) return HttpResponse.error();
    return new HttpResponse(res.body, { status: res.status, headers: res.headers });
  };
  return [
    http.all('*/ovirt-engine/api', resolver),
    http.all('*/ovirt-engine/api/*', resolver),
    http.all('*/ovirt-engine/sso/oauth/token', resolver),
    http.all('*/__engine/*', resolver),
  ];
}
