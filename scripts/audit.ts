/**
 * `npm audit --omit=dev`, reduced to what matters for an installed plugin: no high or critical
 * advisory in a runtime dependency. When the advisory endpoint cannot be reached (offline
 * machines, registry mirrors that refuse the bulk endpoint) it says so and exits 0 unless
 * `--strict`: the check must not make the build depend on the network.
 *
 * Usage: tsx scripts/audit.ts [--strict]
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export type AuditVerdict =
  | { kind: 'ok'; counts: Record<string, number> }
  | { kind: 'vulnerable'; counts: Record<string, number> }
  | { kind: 'unavailable'; reason: string };

/** Reads `npm audit --json` output (npm 7+ format). */
export function auditVerdict(stdout: string): AuditVerdict {
  let body: unknown;
  try {
    body = JSON.parse(stdout);
  } catch {
    return { kind: 'unavailable', reason: 'npm audit printed no JSON' };
  }
  const o = (typeof body === 'object' && body !== null ? body : {}) as {
    metadata?: { vulnerabilities?: Record<string, number> };
    error?: { summary?: string; code?: string };
    message?: string;
  };
  const counts = o.metadata?.vulnerabilities;
  if (!counts) {
    return {
      kind: 'unavailable',
      reason: o.message ?? o.error?.summary ?? o.error?.code ?? 'no audit metadata',
    };
  }
  return (counts.high ?? 0) + (counts.critical ?? 0) > 0
    ? { kind: 'vulnerable', counts }
    : { kind: 'ok', counts };
}

function main(): void {
  const strict = process.argv.includes('--strict');
  const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
  const verdict = auditVerdict(run.stdout);
  if (verdict.kind === 'unavailable') {
    process.stdout.write(`npm audit could not run here (${verdict.reason}); not checked.\n`);
    process.exit(strict ? 2 : 0);
  }
  process.stdout.write(`npm audit --omit=dev: ${JSON.stringify(verdict.counts)}\n`);
  process.exit(verdict.kind === 'ok' ? 0 : 1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
