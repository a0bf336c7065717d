/**
 * `npm run package`: `ops-center-<version>.tar.gz` in the project root (prints its path and size),
 * holding
 *   ops-center-<version>/ui-plugins/            → copy to /usr/share/ovirt-engine/ui-plugins/
 *   ops-center-<version>/etc/ops-center-config.json  → optional, /etc/ovirt-engine/ui-plugins/
 *   ops-center-<version>/INSTALL.txt
 * Builds first when dist/ is missing; refuses a dist/ whose descriptor or paths are wrong.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DIST_DIR, RESOURCES_DIR, readDescriptor } from '../vite.config';
import { listFiles, pathProblem } from './bundleRules';
import { describeFile } from './rpmBuild';

const root = resolve(import.meta.dirname, '..');

export function installText(version: string, name: string, resourcePath: string): string {
  return `Ops Center ${version} — oVirt Administration Portal (WebAdmin) UI plugin

The RPM is the usual way (npm run rpm; dnf can then upgrade, verify and remove it):

  dnf install ./${name}-${version}-1.noarch.rpm

Install from this tarball instead (on the engine machine, as root):

  cp -r ui-plugins/${name}.json ui-plugins/${resourcePath} /usr/share/ovirt-engine/ui-plugins/
  # optional: the override example (changes nothing until edited; every key documented inside)
  cp etc/${name}-config.json /etc/ovirt-engine/ui-plugins/${name}-config.json

Then reload the Administration Portal in the browser (no engine restart is needed: WebAdmin
re-reads plugin descriptors on each page load).

Check: "Ops Center" appears in the left menu (or under Compute with placeUnderCompute: true),
VM and host lists get the Ops Center buttons, and the VM / host details get the "Activity" and
"Load & VMs" tabs. Files are served from /ovirt-engine/webadmin/plugin/${name}/.

Uninstall:

  rm -r /usr/share/ovirt-engine/ui-plugins/${name}.json /usr/share/ovirt-engine/ui-plugins/${resourcePath}
  rm -f /etc/ovirt-engine/ui-plugins/${name}-config.json

To disable without uninstalling, put { "enabled": false } in the override file
(/etc/ovirt-engine/ui-plugins/${name}-config.json). Note that a file that fails to parse is ignored
by the engine, which then loads the plugin with its defaults.

The plugin needs no credentials or server of its own: it uses the signed-in admin's SSO session.
`;
}

function main(): void {
  const descriptor = readDescriptor();
  if (!existsSync(join(RESOURCES_DIR, 'plugin.html')))
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  for (const file of listFiles(RESOURCES_DIR)) {
    const problem = pathProblem(descriptor.resourcePath, file);
    if (problem) throw new Error(`${file}: ${problem}`);
  }
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  const folder = `${descriptor.name}-${version}`;
  const stage = mkdtempSync(join(tmpdir(), 'ops-center-package-'));
  try {
    const top = join(stage, folder);
    cpSync(
      join(DIST_DIR, `${descriptor.name}.json`),
      join(top, 'ui-plugins', `${descriptor.name}.json`),
    );
    cpSync(RESOURCES_DIR, join(top, 'ui-plugins', descriptor.resourcePath), { recursive: true });
    cpSync(
      join(root, 'config', 'ops-center-config.json'),
      join(top, 'etc', `${descriptor.name}-config.json`),
    );
    writeFileSync(
      join(top, 'INSTALL.txt'),
      installText(version, descriptor.name, descriptor.resourcePath),
    );
    const tarball = join(root, `${folder}.tar.gz`);
    execFileSync('tar', ['-czf', tarball, '--owner=0', '--group=0', '-C', stage, folder]);
    console.log(`packaged ${describeFile(tarball)}`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

main();
