/** The HTTP-agnostic request/response pair every mount (MSW, middleware, server) converts to. */
export interface EngineHttpRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** Raw body text; undefined for GET/HEAD or an empty body. */
  body?: string;
}

export interface EngineHttpResponse {
  status: number;
  headers: Headers;
  body: string | null;
  /** "Unreachable engine": the mount must fail the connection instead of answering. */
  networkError?: boolean;
}

export function jsonResponse(
  status: number,
  body: unknown,
  headers = new Headers(),
): EngineHttpResponse {
  headers.set('Content-Type', 'application/json');
  // The engine pretty-prints (Jackson INDENT_OUTPUT), reference §2.
  return { status, headers, body: JSON.stringify(body, null, 2) };
}

export function emptyResponse(status: number, headers = new Headers()): EngineHttpResponse {
  return { status, headers, body: null };
}
