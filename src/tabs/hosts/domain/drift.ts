/**
 * Drift across a cluster's hosts: the software versions (VDSM, libvirt, OS, kernel command
 * line; the REST API serves no kernel version) and every VDSM hook by md5. A row differs when
 * its hosts do not all have the same value (a hook missing on a host is a value too). Within a
 * differing row, the hosts off the most common value are flagged.
 */
import type { Host } from '../../../rest/models';
import type { HostHook } from '../../../rest/hostLifecycle';

export type DriftKind = 'vdsm' | 'libvirt' | 'os' | 'kernel' | 'hook';

export interface DriftRow {
  /** Stable key: the kind, or `hook:<event>/<name>`. */
  key: string;
  kind: DriftKind;
  hook?: { eventName: string; name: string };
  /** Host id → value; undefined = the host reports none (a hook it does not have). */
  values: Map<string, string | undefined>;
  differs: boolean;
  /** Hosts whose value is not the most common one (empty when the row does not differ). */
  outliers: Set<string>;
}

export interface DriftHost {
  host: Pick<Host, 'id' | 'name' | 'version' | 'libvirtVersion' | 'osVersion' | 'kernelCmdline'>;
  hooks: readonly HostHook[];
}

function row(
  key: string,
  kind: DriftKind,
  hosts: readonly DriftHost[],
  value: (h: DriftHost) => string | undefined,
  hook?: DriftRow['hook'],
): DriftRow {
  const values = new Map(hosts.map((h) => [h.host.id, value(h)]));
  const counts = new Map<string | undefined, number>();
  for (const v of values.values()) counts.set(v, (counts.get(v) ?? 0) + 1);
  const differs = counts.size > 1;
  const outliers = new Set<string>();
  if (differs) {
    // The most common value is the reference; a tie keeps the first host's value.
    let best: string | undefined = values.values().next().value;
    for (const [v, n] of counts) if (n > (counts.get(best) ?? 0)) best = v;
    for (const [id, v] of values) if (v !== best) outliers.add(id);
  }
  return { key, kind, values, differs, outliers, ...(hook ? { hook } : {}) };
}

export function computeDrift(hosts: readonly DriftHost[]): DriftRow[] {
  const rows: DriftRow[] = [
    row('vdsm', 'vdsm', hosts, (h) => h.host.version),
    row('libvirt', 'libvirt', hosts, (h) => h.host.libvirtVersion),
    row('os', 'os', hosts, (h) => h.host.osVersion),
    row('kernel', 'kernel', hosts, (h) => h.host.kernelCmdline),
  ];
  const hookKeys = new Map<string, { eventName: string; name: string }>();
  for (const h of hosts)
    for (const k of h.hooks)
      hookKeys.set(`${k.eventName}/${k.name}`, { eventName: k.eventName, name: k.name });
  for (const [k, hook] of [...hookKeys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    rows.push(
      row(
        `hook:${k}`,
        'hook',
        hosts,
        (h) => h.hooks.find((x) => x.eventName === hook.eventName && x.name === hook.name)?.md5,
        hook,
      ),
    );
  }
  return rows;
}
