/**
 * Prints the mutation score per directory and per file from StrykerJS's JSON reports
 * (`reports/mutation/*.json`, written by `npm run mutation`; a run done in parts writes one per
 * part: see `merge` for how a file found in several adds up). Score = killed (incl. timed
 * out) / (killed + survived + no coverage), as Stryker computes it; compile errors and ignored
 * mutants do not count.
 *
 * @example npx tsx scripts/mutation-summary.ts [report.json ...]
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface Mutant {
  status: string;
  /** Where Stryker changed the code (reports always have it; the tests may leave it out). */
  location?: { start: { line: number } };
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
}

export interface Tally {
  killed: number;
  survived: number;
  noCoverage: number;
}

export function tallyOf(mutants: readonly Mutant[]): Tally {
  const t: Tally = { killed: 0, survived: 0, noCoverage: 0 };
  for (const m of mutants) {
    if (m.status === 'Killed' || m.status === 'Timeout') t.killed++;
    else if (m.status === 'Survived') t.survived++;
    else if (m.status === 'NoCoverage') t.noCoverage++;
  }
  return t;
}

export function score(t: Tally): number | undefined {
  const total = t.killed + t.survived + t.noCoverage;
  return total === 0 ? undefined : (100 * t.killed) / total;
}

function add(a: Tally, b: Tally): Tally {
  return {
    killed: a.killed + b.killed,
    survived: a.survived + b.survived,
    noCoverage: a.noCoverage + b.noCoverage,
  };
}

function line(name: string, t: Tally): string {
  const s = score(t);
  const pct = s === undefined ? '   n/a' : `${s.toFixed(1).padStart(5)} %`;
  return `${pct}  ${name.padEnd(40)} killed ${String(t.killed).padStart(4)}  survived ${String(t.survived).padStart(4)}  no coverage ${String(t.noCoverage).padStart(4)}`;
}

export function summary(report: Report): string {
  const byDir = new Map<string, Tally>();
  const rows: string[] = [];
  let all: Tally = { killed: 0, survived: 0, noCoverage: 0 };
  for (const [file, { mutants }] of Object.entries(report.files).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const t = tallyOf(mutants);
    const dir = dirname(file.replace(/\\/g, '/'));
    byDir.set(dir, add(byDir.get(dir) ?? { killed: 0, survived: 0, noCoverage: 0 }, t));
    all = add(all, t);
    if (mutants.length > 0) rows.push(line(`  ${file}`, t));
  }
  return [
    'Mutation score per directory:',
    ...[...byDir].map(([dir, t]) => line(dir, t)),
    line('all', all),
    '',
    'Per file:',
    ...rows,
  ].join('\n');
}

/**
 * One report from several. Per file, a newer report replaces what older ones found in the lines
 * it covers (from its first mutant's line to its last one's), and older mutants outside those
 * lines are kept: a file measured in line ranges (`--mutate "<file>:<from>-<to>"`) adds up, and a
 * whole-file run replaces them all. Mutants without a location: the newest report only.
 */
export function merge(reports: readonly { report: Report; time: number }[]): Report {
  const files: Report['files'] = {};
  for (const { report } of [...reports].sort((a, b) => a.time - b.time)) {
    for (const [file, { mutants }] of Object.entries(report.files)) {
      const lines = mutants.flatMap((x) => (x.location ? [x.location.start.line] : []));
      const older = files[file]?.mutants ?? [];
      const kept =
        lines.length === mutants.length && lines.length > 0
          ? older.filter((x) => {
              const at = x.location?.start.line;
              return at !== undefined && (at < Math.min(...lines) || at > Math.max(...lines));
            })
          : [];
      files[file] = { mutants: [...kept, ...mutants] };
    }
  }
  return { files };
}

const DIR = 'reports/mutation';

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const given = process.argv.slice(2);
  const paths =
    given.length > 0
      ? given
      : readdirSync(DIR)
          .filter((f) => f.endsWith('.json') && !f.endsWith('.incremental.json'))
          .map((f) => join(DIR, f));
  const report = merge(
    paths.map((p) => ({
      report: JSON.parse(readFileSync(p, 'utf8')) as Report,
      time: statSync(p).mtimeMs,
    })),
  );
  const html = paths.map((p) => p.replace(/\.json$/, '.html')).join(', ');
  process.stdout.write(`${summary(report)}\n\nFull report: ${html}\n`);
}
