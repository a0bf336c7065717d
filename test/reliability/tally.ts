/**
 * The reliability tally: every fault and hostile input a test tried, and whether it lost an
 * operation or repeated an action. Tests append one line per trial to a file shared by the
 * processes of one run (vitest forks and Playwright workers have the runner as parent), so the
 * summary printed at the end covers the whole run, not one file.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Trial {
  kind: 'fault' | 'input';
  name: string;
  /** Operations whose record ended wrong or vanished. */
  lost: number;
  /** Actions the engine accepted twice for one VM within one operation. */
  repeated: number;
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
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Trial);
}

/** One line a person can read at the end of the run. */
export function tallyLine(suite: 'unit' | 'e2e'): string {
  const trials = readTally(suite);
  // A test that ran twice (a retry) counts once.
  const unique = new Map(trials.map((t) => [`${t.kind}:${t.name}`, t]));
  const all = [...unique.values()];
  const faults = all.filter((t) => t.kind === 'fault').length;
  const inputs = all.filter((t) => t.kind === 'input').length;
  const lost = all.reduce((n, t) => n + t.lost, 0);
  const repeated = all.reduce((n, t) => n + t.repeated, 0);
  return (
    `Reliability (${suite}): ${String(faults)} faults and ${String(inputs)} hostile inputs tried; ` +
    `${String(lost)} operations lost, ${String(repeated)} actions repeated.`
  );
}
