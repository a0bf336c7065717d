/**
 * The RPM of Ops Center, built with `rpmbuild` from packaging/ops-center.spec.in and the
 * already-built dist/ (used by `npm run rpm` and `npm run test:rpm`).
 *
 * The source tarball (`ops-center-<version>.tar.gz`, inside the source RPM) holds:
 *   ui-plugins/ops-center.json, ui-plugins/ops-center-resources/  (dist/, as built)
 *   etc/ops-center-config.json                                    (config/, the override example)
 *   LICENSE, README.md
 * The rpmbuild tree is a temporary folder (`--define _topdir`); only the two packages are kept,
 * in dist-rpm/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { DIST_DIR, RESOURCES_DIR, readDescriptor } from '../vite.config';
import { listFiles, pathProblem } from './bundleRules';

export const ROOT = resolve(import.meta.dirname, '..');
export const RPM_OUT_DIR = join(ROOT, 'dist-rpm');
export const SPEC_TEMPLATE = join(ROOT, 'packaging', 'ops-center.spec.in');
export const CONFIG_EXAMPLE = join(ROOT, 'config', 'ops-center-config.json');
/** Where the spec puts the plugin and the override example (the engine's folders). */
export const PLUGIN_DIR = '/usr/share/ovirt-engine/ui-plugins';
export const CONFIG_DIR = '/etc/ovirt-engine/ui-plugins';

export function packageVersion(): string {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  // rpm refuses "-" in a version; npm pre-releases (1.0.0-rc.1) would need mapping to "~".
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(`package.json version "${version}" is not MAJOR.MINOR.PATCH`);
  }
  return version;
}

export function commandExists(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** "dist-rpm/x.rpm  1.2 MB (1,234,567 bytes)": where a file went and how big it is. */
export function describeFile(file: string): string {
  const bytes = statSync(file).size;
  const size =
    bytes >= 1024 * 1024
      ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
      : `${(bytes / 1024).toFixed(1)} KB`;
  return `${relative(process.cwd(), file) || file}  ${size} (${bytes.toLocaleString('en-US')} bytes)`;
}

/** The spec with the version filled in (the source RPM carries this, ready to rebuild). */
export function specText(version: string, date: Date): string {
  const day = date.toLocaleDateString('en-US', {
    weekday: 'short',
    month: 'short',
    day: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  });
  // "Fri, Dec 04, 2026" → "Fri Dec 04 2026", the %changelog date form.
  const changelogDate = day.replace(/,/g, '');
  return readFileSync(SPEC_TEMPLATE, 'utf8')
    .replaceAll('@VERSION@', version)
    .replaceAll('@CHANGELOG_DATE@', changelogDate);
}

/** The date of the last commit (so that a rebuild of one commit writes the same changelog). */
function sourceDate(): Date {
  const git = spawnSync('git', ['log', '-1', '--format=%ct'], { cwd: ROOT, encoding: 'utf8' });
  const seconds = Number(git.stdout.trim());
  return git.status === 0 && seconds > 0 ? new Date(seconds * 1000) : new Date();
}

export interface BuiltRpm {
  version: string;
  rpm: string;
  srpm: string;
}

/** Refuses a dist/ that is missing or whose files the engine would not serve. */
export function checkDist(): void {
  const descriptor = readDescriptor();
  if (descriptor.name !== 'ops-center' || descriptor.resourcePath !== 'ops-center-resources') {
    throw new Error(
      'packaging/ops-center.spec.in names ops-center.json and ops-center-resources: update it with the descriptor',
    );
  }
  if (
    !existsSync(join(RESOURCES_DIR, 'plugin.html')) ||
    !existsSync(join(DIST_DIR, 'ops-center.json'))
  ) {
    throw new Error(`no build in ${DIST_DIR}: run "npm run build" first`);
  }
  for (const file of listFiles(RESOURCES_DIR)) {
    const problem = pathProblem(descriptor.resourcePath, file);
    if (problem) throw new Error(`${file}: ${problem}`);
  }
}

export interface BuildOptions {
  /** Where the packages go (default dist-rpm/; older ops-center-*.rpm there are removed). */
  outDir?: string;
  /** Tests only: another version and override example, to try an upgrade. */
  version?: string;
  configExample?: string;
}

export function buildRpm(options: BuildOptions = {}): BuiltRpm {
  const outDir = options.outDir ?? RPM_OUT_DIR;
  if (!commandExists('rpmbuild')) {
    throw new Error(
      'rpmbuild is not installed (Debian/Ubuntu: apt-get install rpm; Fedora/EL: dnf install rpm-build)',
    );
  }
  checkDist();
  const version = options.version ?? packageVersion();
  const folder = `ops-center-${version}`;
  const top = mkdtempSync(join(tmpdir(), 'ops-center-rpmbuild-'));
  try {
    for (const dir of ['BUILD', 'BUILDROOT', 'RPMS', 'SOURCES', 'SPECS', 'SRPMS']) {
      mkdirSync(join(top, dir));
    }
    const stage = join(top, 'stage', folder);
    cpSync(join(DIST_DIR, 'ops-center.json'), join(stage, 'ui-plugins', 'ops-center.json'));
    cpSync(RESOURCES_DIR, join(stage, 'ui-plugins', 'ops-center-resources'), { recursive: true });
    cpSync(options.configExample ?? CONFIG_EXAMPLE, join(stage, 'etc', 'ops-center-config.json'));
    copyFileSync(join(ROOT, 'LICENSE'), join(stage, 'LICENSE'));
    copyFileSync(join(ROOT, 'README.md'), join(stage, 'README.md'));
    execFileSync('tar', [
      '-czf',
      join(top, 'SOURCES', `${folder}.tar.gz`),
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '--sort=name',
      '-C',
      join(top, 'stage'),
      folder,
    ]);
    const spec = join(top, 'SPECS', 'ops-center.spec');
    writeFileSync(spec, specText(version, sourceDate()));
    const built = spawnSync('rpmbuild', ['-ba', '--define', `_topdir ${top}`, spec], {
      encoding: 'utf8',
    });
    if (built.status !== 0) {
      throw new Error(
        `rpmbuild failed (exit ${String(built.status)}):\n${built.stdout}${built.stderr}`,
      );
    }
    mkdirSync(outDir, { recursive: true });
    for (const old of readdirSync(outDir)) {
      if (/^ops-center-.*\.rpm$/.test(old)) rmSync(join(outDir, old));
    }
    const rpmName = `${folder}-1.noarch.rpm`;
    const srpmName = `${folder}-1.src.rpm`;
    const rpm = join(outDir, rpmName);
    const srpm = join(outDir, srpmName);
    moveFile(join(top, 'RPMS', 'noarch', rpmName), rpm);
    moveFile(join(top, 'SRPMS', srpmName), srpm);
    return { version, rpm, srpm };
  } finally {
    rmSync(top, { recursive: true, force: true });
  }
}

function moveFile(from: string, to: string): void {
  if (!existsSync(from)) throw new Error(`rpmbuild did not write ${from}`);
  try {
    renameSync(from, to);
  } catch {
    // Another file system (the temp folder is often tmpfs).
    copyFileSync(from, to);
  }
}
