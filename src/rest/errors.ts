/**
 * One hierarchy for everything the engine (or the road to it) can do wrong.
 *
 * @example
 * try { await client.vmStart(id) }
 * catch (e) { if (e instanceof ActionError) show(e.detail ?? e.reason) }
 */

export interface EngineErrorInit {
  status?: number | undefined;
  method?: string | undefined;
  /** The API path (never the full URL with a query that might carry secrets). */
  path?: string | undefined;
  cause?: unknown;
}

export class EngineError extends Error {
  override name = 'EngineError';
  readonly status: number | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;

  constructor(message: string, init: EngineErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
  }
}

export type ConnectionErrorKind = 'network' | 'timeout' | 'abort';

/** The engine could not be reached, did not answer in time, or the caller aborted. */
export class ConnectionError extends EngineError {
  override name = 'ConnectionError';
  readonly kind: ConnectionErrorKind;

  constructor(message: string, kind: ConnectionErrorKind, init: EngineErrorInit = {}) {
    super(message, init);
    this.kind = kind;
  }
}

/** 401 even after re-reading the credentials once: the SSO token or session is gone. */
export class AuthError extends EngineError {
  override name = 'AuthError';
}

/** 404: the engine answers unknown or malformed ids with an empty 404. */
export class NotFoundError extends EngineError {
  override name = 'NotFoundError';
}

/** A fault body (`{reason, detail}`) with its HTTP status. `detail` has its brackets stripped. */
export class FaultError extends EngineError {
  override name = 'FaultError';
  readonly reason: string;
  readonly detail: string | undefined;
  declare readonly status: number;

  constructor(
    reason: string,
    detail: string | undefined,
    init: EngineErrorInit & { status: number },
  ) {
    super(detail === undefined || detail === '' ? reason : `${reason}: ${detail}`, init);
    this.reason = reason;
    this.detail = detail;
  }
}

/**
 * An action (start, migrate, deactivate, …) the engine refused. `detail` is the engine's text
 * with the surrounding `[…]` removed, e.g. "Cannot run VM. VM is running.".
 */
export class ActionError extends FaultError {
  override name = 'ActionError';
  readonly action: string;

  constructor(
    action: string,
    reason: string,
    detail: string | undefined,
    init: EngineErrorInit & { status: number },
  ) {
    super(reason, detail, init);
    this.action = action;
  }
}

/** The response was not the engine JSON we expected (proxy error page, truncated body, …). */
export class ParseError extends EngineError {
  override name = 'ParseError';
}

/** `waitForStatus` / job tracking gave up after its `timeout`. */
export class WaitTimeoutError extends EngineError {
  override name = 'WaitTimeoutError';
}

/** True when the caller aborted (as opposed to a timeout or a network failure). */
export function isAbortError(error: unknown): boolean {
  return (
    (error instanceof ConnectionError && error.kind === 'abort') ||
    (error instanceof Error && error.name === 'AbortError')
  );
}

/**
 * The engine wraps validation messages as `List.toString()`: `[a, b]`. Strip that one outer pair
 * and keep the text itself untouched.
 */
export function stripBrackets(detail: string): string {
  const trimmed = detail.trim();
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) return trimmed.slice(1, -1).trim();
  return detail;
}
