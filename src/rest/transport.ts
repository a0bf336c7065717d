/**
 * The only code that calls `fetch`. It owns the headers, the credentials, timeouts, retries and
 * the mapping of HTTP failures onto `errors.ts`. Everything above it sees parsed JSON or an error.
 */
import { abortReason, anySignal, backoffDelay, systemClock } from './clock';
import type { BackoffOptions, Clock } from './clock';
import {
  ActionError,
  AuthError,
  ConnectionError,
  EngineError,
  FaultError,
  NotFoundError,
  ParseError,
  stripBrackets,
} from './errors';
import { maskHeaders, silentLogger } from './logger';
import type { Logger } from './logger';

/** What `credentials()` yields: the 4.x SSO token, or the 3.x REST session id. */
export type Credential = { kind: 'bearer'; token: string } | { kind: 'session'; sessionId: string };

export interface TransportOptions {
  /** `engineBaseUrl()`, e.g. `https://e.example/ovirt-engine/` (the API is `<baseUrl>api`). */
  baseUrl: string;
  /** Called lazily, and once more after a 401 (the token may have been renewed meanwhile). */
  credentials: () => Credential | Promise<Credential>;
  fetch?: typeof fetch;
  logger?: Logger;
  acceptLanguage?: string;
  /** Per request, default 30 000 ms. */
  timeoutMs?: number;
  /** Tries for idempotent requests (the first one included), default 5. */
  retries?: number;
  clock?: Clock;
  backoff?: BackoffOptions;
  /** Makes Correlation-Ids; default `oc-` + 32 random hex digits. */
  correlationId?: () => string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type QueryValue = string | number | boolean | undefined;

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
}

export interface RequestSpec extends CallOptions {
  method?: HttpMethod;
  /** Relative to the API root (`vms/123`) or an engine href (`/ovirt-engine/api/vms/123`). */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Name of the action (`start`, `migrate`, `delete`, …) when the request changes engine state:
   * it then carries a Correlation-Id and is never retried automatically.
   */
  action?: string;
  correlationId?: string;
}

export interface TransportResponse {
  status: number;
  /** Parsed JSON, or `undefined` for an empty body (202 / 204). */
  body: unknown;
  headers: Headers;
  correlationId: string | undefined;
}

const RETRY_STATUSES = new Set([502, 503, 504]);

export function makeCorrelationId(): string {
  const bytes = new Uint8Array(16);
  // getRandomValues works in insecure contexts too (randomUUID does not): labs run plain http.
  globalThis.crypto.getRandomValues(bytes);
  return `oc-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Engine's accepted Correlation-Id alphabet (CurrentFilter): `[0-9a-zA-Z_-]`, max 36 chars. */
export function isValidCorrelationId(id: string): boolean {
  return /^[0-9a-zA-Z_-]{1,36}$/.test(id);
}

function encodeQuery(query: Record<string, QueryValue> | undefined): string {
  if (query === undefined) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function faultOf(body: unknown): { reason: string; detail: string | undefined } | undefined {
  if (!isObject(body)) return undefined;
  const fault = isObject(body.fault) ? body.fault : body;
  if (typeof fault.reason !== 'string' && typeof fault.detail !== 'string') return undefined;
  return {
    reason: typeof fault.reason === 'string' ? fault.reason : 'Operation Failed',
    detail: typeof fault.detail === 'string' ? stripBrackets(fault.detail) : undefined,
  };
}

export class Transport {
  readonly baseUrl: string;
  /** Absolute URL of the API root, ending in `/api/`. */
  readonly apiRoot: string;
  /** The API root as a path (what engine hrefs start with), e.g. `/ovirt-engine/api/`. */
  readonly apiPath: string;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly newCorrelationId: () => string;
  private readonly options: TransportOptions;
  private readonly fetchFn: typeof fetch;
  private credential: Promise<Credential> | undefined;
  private credentialGeneration = 0;

  constructor(options: TransportOptions) {
    this.options = options;
    this.baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
    this.apiRoot = new URL('api/', this.baseUrl).toString();
    this.apiPath = new URL(this.apiRoot).pathname;
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.newCorrelationId = options.correlationId ?? makeCorrelationId;
    // Bind lazily so a test can swap globalThis.fetch (msw/node patches it) after construction.
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** Resolves a relative path or an engine href to an absolute URL inside the API root. */
  url(path: string, query?: Record<string, QueryValue>): string {
    let url: URL;
    if (path.startsWith('/')) {
      url = new URL(path, this.apiRoot);
      if (!url.pathname.startsWith(this.apiPath) && `${url.pathname}/` !== this.apiPath) {
        throw new EngineError(`Refusing to follow ${path}: not under ${this.apiPath}`);
      }
    } else {
      // The root itself is `/ovirt-engine/api` (no slash), as clients and the engine spell it.
      url = new URL(path === '' ? this.apiRoot.replace(/\/$/, '') : path, this.apiRoot);
    }
    return `${url.origin}${url.pathname}${url.search}${encodeQuery(query).replace(/^\?/, url.search ? '&' : '?')}`;
  }

  /**
   * The cached credential, re-read when a caller saw it fail (`generation` newer than the cache):
   * concurrent 401s of one generation share a single re-read.
   */
  private readCredential(generation: number): Promise<Credential> {
    if (this.credential === undefined || generation > this.credentialGeneration) {
      this.credentialGeneration = generation;
      const read = Promise.resolve().then(() => this.options.credentials());
      this.credential = read;
      // A failing credentials() must not poison the cache for the next call.
      read.catch(() => {
        if (this.credential === read) this.credential = undefined;
      });
    }
    return this.credential;
  }

  private headersFor(credential: Credential, spec: RequestSpec, correlationId?: string): Headers {
    const headers = new Headers({ Accept: 'application/json' });
    if (spec.body !== undefined) headers.set('Content-Type', 'application/json');
    if (this.options.acceptLanguage !== undefined && this.options.acceptLanguage !== '') {
      headers.set('Accept-Language', this.options.acceptLanguage);
    }
    if (credential.kind === 'bearer') {
      headers.set('Authorization', `Bearer ${credential.token}`);
    } else {
      // 3.x session: without `Prefer: persistent-auth` the engine invalidates the HTTP session
      // after the request; the JSESSIONID header satisfies the CSRF-protection filter.
      headers.set('Prefer', 'persistent-auth');
      headers.set('JSESSIONID', credential.sessionId);
      headers.set('Cookie', `JSESSIONID=${credential.sessionId}`);
    }
    if (correlationId !== undefined) headers.set('Correlation-Id', correlationId);
    for (const [k, v] of Object.entries(spec.headers ?? {})) headers.set(k, v);
    return headers;
  }

  /**
   * Sends one request. Reads (GET/PUT) are retried with backoff on network errors and 502/503/504;
   * actions never are. A 401 re-reads the credentials once and tries again, then `AuthError`.
   */
  async request(spec: RequestSpec): Promise<TransportResponse> {
    const method = spec.method ?? 'GET';
    const idempotent = spec.action === undefined && (method === 'GET' || method === 'PUT');
    const tries = idempotent ? Math.max(1, this.options.retries ?? 5) : 1;
    const correlationId =
      spec.action !== undefined
        ? (spec.correlationId ?? this.newCorrelationId())
        : spec.correlationId;
    const url = this.url(spec.path, spec.query);
    const path = url.slice(new URL(url).origin.length);
    let generation = this.credentialGeneration;
    let authRetried = false;

    for (let attempt = 0; ; attempt++) {
      const pending = this.readCredential(generation);
      // Read synchronously with the call above, so it names the generation of `pending`.
      const used = this.credentialGeneration;
      const credential = await pending;
      const headers = this.headersFor(credential, spec, correlationId);
      let response: Response;
      try {
        response = await this.fetchOnce(url, method, headers, spec);
      } catch (error) {
        if (!(error instanceof ConnectionError)) throw error;
        const failure = new ConnectionError(error.message, error.kind, {
          method,
          path,
          cause: error.cause,
        });
        if (error.kind !== 'abort' && attempt + 1 < tries) {
          await this.pause(attempt, spec.signal, `${method} ${path}: ${error.kind}`);
          continue;
        }
        this.logger.warn(`${method} ${path} failed: ${failure.message}`, { correlationId });
        throw failure;
      }

      this.logger.debug(`${method} ${path} → ${response.status}`, {
        correlationId,
        headers: maskHeaders(headers),
      });

      if (response.status === 401) {
        void response.body?.cancel().catch(() => undefined);
        if (!authRetried) {
          // 401 comes from the auth filter before any command runs, so resending is safe even
          // for actions: the token may have been renewed by WebAdmin meanwhile.
          authRetried = true;
          generation = used + 1;
          this.logger.info(`${method} ${path} → 401, re-reading credentials`);
          attempt--;
          continue;
        }
        throw new AuthError('The engine rejected the credentials (HTTP 401)', {
          status: 401,
          method,
          path,
        });
      }

      if (RETRY_STATUSES.has(response.status) && attempt + 1 < tries) {
        void response.body?.cancel().catch(() => undefined);
        await this.pause(attempt, spec.signal, `${method} ${path} → ${response.status}`);
        continue;
      }

      return this.finish(response, spec, method, path, correlationId);
    }
  }

  private async pause(
    attempt: number,
    signal: AbortSignal | undefined,
    why: string,
  ): Promise<void> {
    const delay = backoffDelay(attempt, this.options.backoff);
    this.logger.info(`${why}; retry ${attempt + 1} in ${delay} ms`);
    try {
      await this.clock.sleep(delay, signal);
    } catch (error) {
      throw new ConnectionError('The request was aborted', 'abort', { cause: error });
    }
  }

  private async fetchOnce(
    url: string,
    method: HttpMethod,
    headers: Headers,
    spec: RequestSpec,
  ): Promise<Response> {
    const timeoutMs = spec.timeoutMs ?? this.options.timeoutMs ?? 30_000;
    if (spec.signal?.aborted) {
      throw new ConnectionError('The request was aborted', 'abort', {
        cause: abortReason(spec.signal),
      });
    }
    const timer = new AbortController();
    const timeout = new AbortController();
    this.clock.sleep(timeoutMs, timer.signal).then(
      () => {
        timeout.abort(new DOMException('timeout', 'TimeoutError'));
      },
      () => undefined,
    );
    const signal = anySignal([spec.signal, timeout.signal]);
    try {
      return await this.fetchFn(url, {
        method,
        headers,
        body: spec.body === undefined ? null : JSON.stringify(spec.body),
        signal: signal ?? null,
        // With a bearer token no cookie is needed, and leaving credentials out keeps a 401 (the
        // engine sends `WWW-Authenticate: Basic`) from opening the browser's login prompt, which
        // would hold the request open instead of letting us report the ended session. A 3.x
        // REST session still needs its JSESSIONID cookie.
        credentials: headers.has('Authorization') ? 'omit' : 'same-origin',
        // An action outlives the page that sent it: a reload or a closed dialog must not cancel
        // a POST already recorded as sent, or the record and the engine disagree. Action bodies
        // are far below the 64 KiB keepalive budget.
        ...(spec.action !== undefined ? { keepalive: true } : {}),
      });
    } catch (error) {
      if (spec.signal?.aborted) {
        throw new ConnectionError('The request was aborted', 'abort', { cause: error });
      }
      if (timeout.signal.aborted) {
        throw new ConnectionError(`No answer from the engine within ${timeoutMs} ms`, 'timeout', {
          cause: error,
        });
      }
      throw new ConnectionError('The engine could not be reached', 'network', { cause: error });
    } finally {
      timer.abort();
    }
  }

  private async finish(
    response: Response,
    spec: RequestSpec,
    method: HttpMethod,
    path: string,
    correlationId: string | undefined,
  ): Promise<TransportResponse> {
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new ConnectionError('The connection broke while reading the answer', 'network', {
        method,
        path,
        cause: error,
      });
    }
    const init = { status: response.status, method, path };
    const echoed = response.headers.get('Correlation-Id') ?? correlationId;

    if (response.status === 404) {
      throw new NotFoundError(`Not found: ${path}`, init);
    }

    let body: unknown;
    let parsed = true;
    if (text.trim() === '') body = undefined;
    else {
      try {
        body = JSON.parse(text);
      } catch {
        parsed = false;
      }
    }

    if (!response.ok) {
      const fault = parsed ? faultOf(body) : undefined;
      const reason = fault?.reason ?? (response.statusText || `HTTP ${response.status}`);
      const detail = fault?.detail;
      const error =
        spec.action !== undefined
          ? new ActionError(spec.action, reason, detail, init)
          : new FaultError(reason, detail, init);
      this.logger.warn(`${method} ${path} → ${response.status} ${error.message}`, {
        correlationId: echoed,
      });
      throw error;
    }

    if (!parsed || (body !== undefined && !isObject(body))) {
      throw new ParseError(`The engine answer to ${method} ${path} is not engine JSON`, init);
    }
    if (body === undefined && method === 'GET') {
      throw new ParseError(`The engine answered ${method} ${path} with an empty body`, init);
    }
    return { status: response.status, body, headers: response.headers, correlationId: echoed };
  }
}
