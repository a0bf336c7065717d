/**
 * `npm run rpm`: dist-rpm/ops-center-<version>-1.noarch.rpm and its source RPM, built with
 * rpmbuild from the already-built dist/ (built first when missing, like `npm run package`).
 * Prints where each file went and its size.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { RESOURCES_DIR } from '../vite.config';
import { ROOT, buildRpm, describeFile } from './rpmBuild';

function main(): void {
  if (!existsSync(join(RESOURCES_DIR, 'plugin.html'))) {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  const { rpm, srpm } = buildRpm();
  console.log(`rpm     ${describeFile(rpm)}`);
  console.log(`srpm    ${describeFile(srpm)}`);
  console.log(`install on the engine machine: dnf install ./${basename(rpm)}`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
