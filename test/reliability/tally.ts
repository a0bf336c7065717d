/**
 * The reliability tally: every fault and hostile input a test tried, how many operations it
 * ran, and whether it lost an operation or repeated an action. Tests append one line per trial
 * to a file shared by the processes of one run (vitest forks and Playwright workers have the
 * runner as parent), so the summary printed at the end covers the whole run, not one file.
 *
 * A repeated action is read from the engine's request log, never from what the engine accepted:
 * the engine itself refuses a second start (409), so a count of accepted POSTs cannot see a
 * page that sends twice. `repeatedActions` counts every POST per (VM, action, attempt).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Trial {
  kind: 'fault' | 'input';
  name: string;
  /** Operations whose record ended wrong or vanished. */
  lost: number;
  /** Actions POSTed more than once for one VM within one attempt (see `repeatedActions`). */
  repeated: number;
  /** Operations the trial ran (0 or absent: it ran none, e.g. a hostile input refused). */
  operations?: number;
  /** The VM actions those operations sent (start, shutdown, stop, reboot, suspend, migrate). */
  actions?: string[];
}

/** What the repeated-action check needs from a request log entry (dev/engine's log, e2e's too). */
export interface LoggedRequest {
  method: string;
  path: string;
  /**
   * The engine's answer; 0 when it never answered. Every POST counts except one answered 401:
   * the engine's authentication filter refuses it before any command runs, and the client sends
   * it again once with fresh credentials (`src/rest/transport.ts`), which is not a repeat.
   * Entries marked `refused` never reached the engine either.
   */
  status: number;
  correlationId: string;
  /** Dropped at the connection by the simulated engine's `unreachable` fault: no command ran. */
  refused?: boolean;
}

const ACTION_PATH =
  /\/ovirt-engine\/api\/vms\/([^/?]+)\/(start|shutdown|stop|reboot|suspend|migrate)$/;

/**
 * Every (VM, action, attempt) POSTed more than once, whatever the engine answered, as
 * "vm action attempt ×n". The attempt is the request's correlation id: one item of one operation
 * keeps it across sends, and an explicit "retry failed" gives the item a new one, so only a
 * resend the admin did not ask for counts. `within` narrows the log to one operation's requests.
 */
export function repeatedActions(
  log: readonly LoggedRequest[],
  within: (correlationId: string) => boolean = () => true,
): string[] {
  const seen = new Map<string, number>();
  for (const r of log) {
    if (r.method !== 'POST' || r.status === 401 || r.refused === true) continue;
    const m = ACTION_PATH.exec(r.path);
    if (!m || !within(r.correlationId)) continue;
    const key = `${m[1] ?? ''} ${m[2] ?? ''} ${r.correlationId}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${String(n)}`);
}

function tallyFile(suite: string): string {
  return join(tmpdir(), `ops-center-reliability-${suite}-${String(process.ppid)}.jsonl`);
}

export function recordTrial(suite: 'unit' | 'e2e', trial: Trial): void {
  appendFileSync(tallyFile(suite), `${JSON.stringify(trial)}\n`);
}

export function readTally(suite: 'unit' | 'e2e'): Trial[] {
  const file = tallyFile(suite);
  if (!existsSync(file)) return [];
  return parseTally(readFileSync(file, 'utf8'));
}

export function parseTally(text: string): Trial[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Trial);
}

/** One line a person can read at the end of the run. */
export function summarize(suite: string, trials: readonly Trial[]): string {
  // A test that ran twice (a retry) counts once.
  const unique = new Map(trials.map((t) => [`${t.kind}:${t.name}`, t]));
  const all = [...unique.values()];
  const faults = all.filter((t) => t.kind === 'fault').length;
  const inputs = all.filter((t) => t.kind === 'input').length;
  const running = all.filter((t) => (t.operations ?? 0) > 0);
  const operations = running.reduce((n, t) => n + (t.operations ?? 0), 0);
  const actions = [...new Set(running.flatMap((t) => t.actions ?? []))].sort();
  const lost = all.reduce((n, t) => n + t.lost, 0);
  const repeated = all.reduce((n, t) => n + t.repeated, 0);
  return (
    `Reliability (${suite}): ${String(faults)} faults and ${String(inputs)} hostile inputs tried; ` +
    `${String(operations)} operations in ${String(running.length)} trials` +
    (actions.length > 0 ? ` (${actions.join(', ')})` : '') +
    `, ${String(all.length - running.length)} trials ran none; ` +
    `${String(lost)} operations lost, ${String(repeated)} actions repeated.`
  );
}

export function tallyLine(suite: 'unit' | 'e2e'): string {
  return summarize(suite, readTally(suite));
}
