/**
 * Fault injection knobs (the `/__engine/faults` control API and `engine.faults`). They live in
 * the model so that every mount (msw/node, middleware, worker) sees the same settings.
 */
export interface ErrorRateRule {
  method?: string;
  /** A regular expression matched against the request path. */
  path: string;
  status: number;
  /** Probability 0..1 (seeded RNG). Without `rate` and `count` every match fails. */
  rate?: number;
  /** Fail only the next N matching requests. */
  count?: number;
}

export interface MalformedRule {
  path: string;
  count?: number;
}

export interface TokenExpiry {
  afterRequests?: number;
  afterMs?: number;
}

export type FailMode = 'reject' | 'async';

export interface FailActionRule {
  /** VM id or name (case-insensitive); a host id or name for host actions. */
  vm: string;
  action: string;
  reason?: string;
  detail?: string;
  mode?: FailMode;
}

export interface FaultSettings {
  latencyMs: number;
  unreachable: boolean;
  errorRate: ErrorRateRule[];
  malformed: MalformedRule[];
  tokenExpiry?: TokenExpiry;
  failActions: FailActionRule[];
  failMigrationsTo: string[];
}

export type FaultPatch = Partial<FaultSettings>;

export interface FaultController {
  readonly current: Readonly<FaultSettings>;
  /** Merges: keys given replace the previous value, other keys stay. */
  set(patch: FaultPatch): void;
  clear(): void;
  /** When the token-expiry knob was last set (tokens older than that count from then). */
  readonly tokenExpirySince: number;
}

export function emptyFaults(latencyMs = 0): FaultSettings {
  return {
    latencyMs,
    unreachable: false,
    errorRate: [],
    malformed: [],
    failActions: [],
    failMigrationsTo: [],
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asArray(v: unknown, key: string): Record<string, unknown>[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every(isRecord))
    throw new Error(`${key} must be an array of objects`);
  return v;
}

function optNum(o: Record<string, unknown>, k: string): number | undefined {
  const v = o[k];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${k} must be a number`);
  return v;
}

function optStr(o: Record<string, unknown>, k: string): string | undefined {
  const v = o[k];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new Error(`${k} must be a string`);
  return v;
}

function reqStr(o: Record<string, unknown>, k: string): string {
  const v = optStr(o, k);
  if (v === undefined) throw new Error(`${k} is required`);
  return v;
}

function checkRegex(source: string): string {
  new RegExp(source);
  return source;
}

/** Validates a control-API body; throws with a message a test author can act on. */
export function parseFaultPatch(body: unknown): FaultPatch {
  if (!isRecord(body)) throw new Error('body must be a JSON object');
  const patch: FaultPatch = {};
  if (body.latencyMs !== undefined) patch.latencyMs = optNum(body, 'latencyMs') ?? 0;
  if (body.unreachable !== undefined) {
    if (typeof body.unreachable !== 'boolean') throw new Error('unreachable must be a boolean');
    patch.unreachable = body.unreachable;
  }
  if (body.errorRate !== undefined) {
    patch.errorRate = asArray(body.errorRate, 'errorRate').map((r) => ({
      method: optStr(r, 'method')?.toUpperCase(),
      path: checkRegex(reqStr(r, 'path')),
      status: optNum(r, 'status') ?? 500,
      rate: optNum(r, 'rate'),
      count: optNum(r, 'count'),
    }));
  }
  if (body.malformed !== undefined) {
    patch.malformed = asArray(body.malformed, 'malformed').map((r) => ({
      path: checkRegex(reqStr(r, 'path')),
      count: optNum(r, 'count'),
    }));
  }
  if (body.tokenExpiry !== undefined) {
    if (body.tokenExpiry === null) patch.tokenExpiry = undefined;
    else if (!isRecord(body.tokenExpiry)) throw new Error('tokenExpiry must be an object');
    else {
      patch.tokenExpiry = {
        afterRequests: optNum(body.tokenExpiry, 'afterRequests'),
        afterMs: optNum(body.tokenExpiry, 'afterMs'),
      };
    }
  }
  if (body.failActions !== undefined) {
    patch.failActions = asArray(body.failActions, 'failActions').map((r) => {
      const mode = optStr(r, 'mode');
      if (mode !== undefined && mode !== 'reject' && mode !== 'async') {
        throw new Error("failActions[].mode must be 'reject' or 'async'");
      }
      return {
        vm: reqStr(r, 'vm'),
        action: reqStr(r, 'action').toLowerCase(),
        reason: optStr(r, 'reason'),
        detail: optStr(r, 'detail'),
        mode,
      };
    });
  }
  if (body.failMigrationsTo !== undefined) {
    const v = body.failMigrationsTo;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
      throw new Error('failMigrationsTo must be an array of host ids or names');
    }
    patch.failMigrationsTo = v;
  }
  return patch;
}

export function createFaultController(now: () => number, latencyMs = 0): FaultController {
  let current = emptyFaults(latencyMs);
  let tokenExpirySince = 0;
  return {
    get current() {
      return current;
    },
    get tokenExpirySince() {
      return tokenExpirySince;
    },
    set(patch) {
      current = { ...current, ...patch };
      if ('tokenExpiry' in patch) tokenExpirySince = now();
    },
    clear() {
      current = emptyFaults(0);
      tokenExpirySince = 0;
    },
  };
}
