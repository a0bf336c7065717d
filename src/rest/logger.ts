/**
 * Levelled logging for the client. The transport hands it only masked values: the SSO token and
 * the session id never reach a logger (see `maskHeaders`).
 *
 * @example
 * createEngineClient({ ..., logger: createConsoleLogger('debug') })
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface LogSink {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** A logger printing at `level` and above to `sink` (the console by default). */
export function createConsoleLogger(level: LogLevel = 'warn', sink: LogSink = console): Logger {
  const at =
    (l: Exclude<LogLevel, 'silent'>) =>
    (message: string, data?: Record<string, unknown>): void => {
      if (ORDER[l] < ORDER[level]) return;
      if (data === undefined) sink[l](`[ovirt-rest] ${message}`);
      else sink[l](`[ovirt-rest] ${message}`, data);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const silentLogger: Logger = createConsoleLogger('silent');

const SECRET_HEADERS = new Set(['authorization', 'cookie', 'jsessionid', 'set-cookie']);

/** Copies headers for logging with every credential replaced by `***`. */
export function maskHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of entries) {
    if (!SECRET_HEADERS.has(name.toLowerCase())) out[name] = value;
    else if (/^bearer /i.test(value)) out[name] = 'Bearer ***';
    else out[name] = '***';
  }
  return out;
}

/** Removes any secret that might have slipped into a string (defence in depth for messages). */
export function maskSecret(text: string, secret: string | undefined): string {
  if (secret === undefined || secret.length < 4) return text;
  return text.split(secret).join('***');
}
