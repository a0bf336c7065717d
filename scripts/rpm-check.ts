/**
 * `npm run test:rpm` (part of `npm test`, after the build): builds the RPM from dist/ and checks
 *   - the file list (rpm -qlp) is exactly the expected one, with owners, modes and file flags
 *     (%config(noreplace), %doc, %license);
 *   - rpm -qip shows package.json's version, release 1, the license, noarch; the requirement;
 *   - the source RPM holds the spec and the tarball;
 *   - unpacked into a scratch root (rpm2cpio | cpio, no rpm database needed), the descriptor is
 *     byte-identical to dist/ops-center.json, every resource to dist/, the override example to
 *     config/ops-center-config.json;
 *   - with rpm itself in scratch roots: an upgrade to a next version replaces an untouched
 *     override, keeps an edited one (new example as .rpmnew), rpm -V then names only that file,
 *     and removal keeps it as .rpmsave;
 *   - the mock WebAdmin serves that tree and e2e/install-smoke.spec.ts passes against it
 *     (`--no-e2e` leaves this out for a quick run).
 * Without rpmbuild (or rpm2cpio/cpio) it says so and skips, except with CI set: then it fails.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DIST_DIR, RESOURCES_DIR } from '../vite.config';
import { listFiles } from './bundleRules';
import {
  CONFIG_DIR,
  CONFIG_EXAMPLE,
  PLUGIN_DIR,
  ROOT,
  buildRpm,
  commandExists,
  describeFile,
  packageVersion,
} from './rpmBuild';

/** The oldest engine whose REST API has what the pages use (see README.md, "Install"). */
export const REQUIRES = 'ovirt-engine-webadmin-portal >= 4.3.0';

const failures: string[] = [];

function check(label: string, ok: boolean, detail = ''): void {
  if (ok) console.log(`ok      ${label}`);
  else {
    console.log(`FAILED  ${label}${detail ? `\n${detail}` : ''}`);
    failures.push(label);
  }
}

function rpmQuery(...args: string[]): string {
  return execFileSync('rpm', args, { encoding: 'utf8' });
}

/** Every path the package must own: folders and files, as rpm -qlp lists them. */
export function expectedFiles(resourceFiles: readonly string[]): string[] {
  const resources = `${PLUGIN_DIR}/ops-center-resources`;
  const dirs = new Set<string>([resources]);
  for (const file of resourceFiles) {
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i += 1)
      dirs.add(`${resources}/${parts.slice(0, i).join('/')}`);
  }
  return [
    CONFIG_DIR,
    `${CONFIG_DIR}/ops-center-config.json`,
    '/usr/share/doc/ops-center',
    '/usr/share/doc/ops-center/README.md',
    '/usr/share/licenses/ops-center',
    '/usr/share/licenses/ops-center/LICENSE',
    ...dirs,
    ...resourceFiles.map((f) => `${resources}/${f}`),
    `${PLUGIN_DIR}/ops-center.json`,
  ].sort();
}

function diff(expected: readonly string[], actual: readonly string[]): string {
  const missing = expected.filter((f) => !actual.includes(f));
  const extra = actual.filter((f) => !expected.includes(f));
  return [...missing.map((f) => `  missing ${f}`), ...extra.map((f) => `  extra   ${f}`)].join(
    '\n',
  );
}

function checkPackage(rpm: string, version: string): void {
  check(`file name ${basename(rpm)}`, basename(rpm) === `ops-center-${version}-1.noarch.rpm`);

  const expected = expectedFiles(listFiles(RESOURCES_DIR));
  const listed = rpmQuery('-qlp', rpm).trim().split('\n').sort();
  check(
    `rpm -qlp: exactly the ${String(expected.length)} expected paths`,
    JSON.stringify(listed) === JSON.stringify(expected),
    diff(expected, listed),
  );

  const info = rpmQuery('-qip', rpm);
  const field = (name: string): string | undefined =>
    new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(info)?.[1]?.trim();
  check(`rpm -qip: Name ops-center`, field('Name') === 'ops-center', info);
  check(`rpm -qip: Version ${version} (package.json)`, field('Version') === version, info);
  check('rpm -qip: Release 1', field('Release') === '1', info);
  check('rpm -qip: License Apache-2.0', field('License') === 'Apache-2.0', info);
  check('rpm -qip: Architecture noarch', field('Architecture') === 'noarch', info);

  const requires = rpmQuery('-qp', '--requires', rpm).split('\n');
  check(`Requires: ${REQUIRES}`, requires.includes(REQUIRES), requires.join('\n'));
  const unexpected = requires.filter(
    (r) => r !== '' && r !== REQUIRES && !r.startsWith('rpmlib(') && !r.startsWith('config('),
  );
  check(
    'no other requirement (node is not needed on the engine)',
    unexpected.length === 0,
    unexpected.join('\n'),
  );

  // flags (c = %config, n = noreplace, d = %doc, l = %license), mode, owner, path
  const rows = rpmQuery(
    '-qp',
    '--qf',
    '[%{FILEFLAGS:fflags}|%{FILEMODES:perms}|%{FILEUSERNAME}:%{FILEGROUPNAME}|%{FILENAMES}\n]',
    rpm,
  )
    .trim()
    .split('\n')
    .map((line) => {
      const [flags = '', mode = '', owner = '', path = ''] = line.split('|');
      return { flags, mode, owner, path };
    });
  const flagsOf = (path: string): string | undefined => rows.find((r) => r.path === path)?.flags;
  check(
    `%config(noreplace) ${CONFIG_DIR}/ops-center-config.json`,
    flagsOf(`${CONFIG_DIR}/ops-center-config.json`) === 'cn',
  );
  check('%license LICENSE', flagsOf('/usr/share/licenses/ops-center/LICENSE') === 'l');
  check('%doc README.md', flagsOf('/usr/share/doc/ops-center/README.md') === 'd');
  const plugin = rows.filter((r) => r.path.startsWith(`${PLUGIN_DIR}/`));
  check(
    'the plugin files are plain files (no %config: an upgrade replaces them)',
    plugin.every((r) => r.flags === ''),
  );
  const badOwner = rows.filter((r) => r.owner !== 'root:root');
  check(
    'every path owned by root:root',
    badOwner.length === 0,
    badOwner.map((r) => r.path).join('\n'),
  );
  const badMode = rows.filter(
    (r) => r.mode !== (r.mode.startsWith('d') ? 'drwxr-xr-x' : '-rw-r--r--'),
  );
  check(
    'folders 0755, files 0644 (the engine reads them as its own user)',
    badMode.length === 0,
    badMode.map((r) => `${r.mode} ${r.path}`).join('\n'),
  );
}

function checkSourcePackage(srpm: string, version: string): void {
  check(`file name ${basename(srpm)}`, basename(srpm) === `ops-center-${version}-1.src.rpm`);
  const listed = rpmQuery('-qlp', srpm).trim().split('\n').sort();
  const expected = [`ops-center-${version}.tar.gz`, 'ops-center.spec'];
  check(
    'source RPM: the spec and the tarball',
    JSON.stringify(listed) === JSON.stringify(expected),
    diff(expected, listed),
  );
}

function unpack(rpm: string, root: string): void {
  const cpio = execFileSync('rpm2cpio', [rpm], { maxBuffer: 256 * 1024 * 1024 });
  execFileSync('cpio', ['-idm', '--quiet', '--no-absolute-filenames'], { cwd: root, input: cpio });
}

function sameBytes(a: string, b: string): boolean {
  return existsSync(a) && existsSync(b) && readFileSync(a).equals(readFileSync(b));
}

function checkTree(root: string): void {
  check(
    'descriptor byte-identical to dist/ops-center.json',
    sameBytes(join(root, PLUGIN_DIR, 'ops-center.json'), join(DIST_DIR, 'ops-center.json')),
  );
  const resources = listFiles(RESOURCES_DIR);
  const differing = resources.filter(
    (f) => !sameBytes(join(root, PLUGIN_DIR, 'ops-center-resources', f), join(RESOURCES_DIR, f)),
  );
  check(
    `all ${String(resources.length)} resources byte-identical to dist/ops-center-resources`,
    differing.length === 0,
    differing.join('\n'),
  );
  check(
    'override example byte-identical to config/ops-center-config.json',
    sameBytes(join(root, CONFIG_DIR, 'ops-center-config.json'), CONFIG_EXAMPLE),
  );
  check(
    'LICENSE',
    sameBytes(join(root, 'usr/share/licenses/ops-center/LICENSE'), join(ROOT, 'LICENSE')),
  );
}

function rpmIn(root: string, ...args: string[]): { status: number | null; out: string } {
  // --nodeps: the scratch root has no engine; the requirement itself is checked above.
  const run = spawnSync('rpm', ['--root', root, ...args], { encoding: 'utf8' });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

/**
 * What %config(noreplace) promises, with rpm itself in a scratch root (own rpm database):
 * an untouched override is replaced by the next version's example; an edited one survives the
 * upgrade (the new example lands next to it as .rpmnew) and the removal (as .rpmsave).
 */
function checkUpgrade(rpm: string, version: string): void {
  const work = mkdtempSync(join(tmpdir(), 'ops-center-upgrade-'));
  try {
    const [major, minor, patch] = version.split('.').map(Number);
    const next = `${String(major)}.${String(minor)}.${String((patch ?? 0) + 1)}`;
    const nextExample = join(work, 'next-example.json');
    writeFileSync(
      nextExample,
      readFileSync(CONFIG_EXAMPLE, 'utf8').replace('{', '// (the next version)\n{'),
    );
    const { rpm: nextRpm } = buildRpm({
      outDir: join(work, 'next'),
      version: next,
      configExample: nextExample,
    });
    const config = `${CONFIG_DIR}/ops-center-config.json`;
    const edit = '{ "config": { "bulkConcurrency": 10 } }\n';
    for (const edited of [false, true]) {
      const root = join(work, edited ? 'edited' : 'untouched');
      mkdirSync(root);
      const steps = [
        rpmIn(root, '--initdb'),
        rpmIn(root, '-i', '--nodeps', rpm),
        ...(edited ? [(writeFileSync(join(root, config), edit), { status: 0, out: '' })] : []),
        rpmIn(root, '-U', '--nodeps', nextRpm),
      ];
      const failed = steps.find((step) => step.status !== 0);
      const installed = rpmIn(root, '-q', 'ops-center').out.trim();
      const kept = readFileSync(join(root, config), 'utf8');
      const rpmnew = join(root, `${config}.rpmnew`);
      if (!edited) {
        check(
          `upgrade ${version} → ${next}, override untouched: replaced by the new example`,
          failed === undefined &&
            installed === `ops-center-${next}-1.noarch` &&
            kept === readFileSync(nextExample, 'utf8') &&
            !existsSync(rpmnew),
          failed?.out ?? installed,
        );
        continue;
      }
      check(
        `upgrade ${version} → ${next}, override edited: the edit is kept, the new example is .rpmnew`,
        failed === undefined &&
          installed === `ops-center-${next}-1.noarch` &&
          kept === edit &&
          existsSync(rpmnew) &&
          readFileSync(rpmnew, 'utf8') === readFileSync(nextExample, 'utf8'),
        failed?.out ?? installed,
      );
      // rpm -V names only the edited override, marked as a configuration file ("c").
      // (Owner and group columns are ignored: without root, rpm cannot chown the files.)
      const verify = rpmIn(root, '-V', '--nodeps', 'ops-center').out;
      const changed = verify
        .split('\n')
        .map((line) => /^([.?A-Z0-9]{9})\s+(\S)?\s*(\/\S+)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .filter((m) => /[^.]/.test((m[1] ?? '').replace(/^(.{5})(.)(.)/, '$1..')));
      check(
        'rpm -V: only the edited override differs, as a %config file',
        changed.length === 1 && changed[0]?.[3] === config && changed[0][2] === 'c',
        verify,
      );
      const erased = rpmIn(root, '-e', '--nodeps', 'ops-center');
      check(
        'removal: the plugin files go, the edited override is kept as .rpmsave',
        erased.status === 0 &&
          !existsSync(join(root, PLUGIN_DIR, 'ops-center.json')) &&
          !existsSync(join(root, PLUGIN_DIR, 'ops-center-resources')) &&
          existsSync(join(root, `${config}.rpmsave`)) &&
          readFileSync(join(root, `${config}.rpmsave`), 'utf8') === edit,
        erased.out,
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function smoke(root: string): void {
  console.log(`\ne2e smoke test against the installed tree ${root}`);
  const run = spawnSync('npx', ['playwright', 'test', 'e2e/install-smoke.spec.ts', '--workers=1'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, E2E_INSTALL_ROOT: root },
  });
  check('e2e/install-smoke.spec.ts against the installed tree', run.status === 0);
}

function main(): number {
  const missing = ['rpmbuild', 'rpm2cpio', 'cpio'].filter((c) => !commandExists(c));
  if (missing.length > 0) {
    const what = `${missing.join(', ')} not installed (Debian/Ubuntu: apt-get install rpm rpm2cpio cpio)`;
    if (process.env.CI) {
      console.error(`test:rpm FAILED: ${what}; CI must build and check the RPM`);
      return 1;
    }
    console.log(`test:rpm SKIPPED: ${what}. The RPM was neither built nor checked.`);
    return 0;
  }
  const version = packageVersion();
  const { rpm, srpm } = buildRpm();
  console.log(`built   ${describeFile(rpm)}`);
  console.log(`built   ${describeFile(srpm)}`);
  checkPackage(rpm, version);
  checkSourcePackage(srpm, version);
  const root = mkdtempSync(join(tmpdir(), 'ops-center-install-root-'));
  unpack(rpm, root);
  checkTree(root);
  checkUpgrade(rpm, version);
  if (failures.length === 0 && !process.argv.includes('--no-e2e')) smoke(root);
  if (failures.length > 0) {
    console.error(
      `\ntest:rpm: ${String(failures.length)} check(s) failed; the unpacked tree is in ${root}`,
    );
    return 1;
  }
  rmSync(root, { recursive: true, force: true });
  console.log('\ntest:rpm: all checks passed');
  return 0;
}

process.exitCode = main();
