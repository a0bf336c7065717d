/**
 * `follow=a,b.c` (reference §4.5): replaces reference stubs with full objects and fills linked
 * sub-collections inline. Link names match ignoring case and underscores.
 */
import type { Engine } from '../model/engine';
import type { HostRecord, VmRecord, ClusterRecord } from '../model/types';
import {
  clusterWire,
  dataCenterWire,
  diskAttachmentWire,
  diskWire,
  hostNicWire,
  hostStatisticsWire,
  hostWire,
  reportedDevicesWire,
  snapshotWire,
  templateWire,
  vmNicWire,
  vmStatisticsWire,
  wrap,
  type Json,
} from '../model/wire';

export type FollowTree = Map<string, FollowTree>;

export function parseFollow(value: string | undefined): FollowTree | undefined {
  if (!value) return undefined;
  const root: FollowTree = new Map();
  for (const path of value.split(',')) {
    let node = root;
    for (const raw of path.split('.')) {
      const key = raw.trim().toLowerCase().replace(/_/g, '');
      if (!key) continue;
      let next = node.get(key);
      if (!next) {
        next = new Map();
        node.set(key, next);
      }
      node = next;
    }
  }
  return root;
}

function followCluster(engine: Engine, c: ClusterRecord, tree: FollowTree): Json {
  const w = clusterWire(c);
  for (const key of tree.keys()) {
    if (key === 'datacenter') {
      const dc = engine.state.dataCenters.get(c.dataCenterId);
      if (dc) w.data_center = dataCenterWire(dc);
    }
  }
  return w;
}

export function followVm(
  engine: Engine,
  vm: VmRecord,
  w: Json,
  tree: FollowTree | undefined,
): Json {
  if (!tree) return w;
  for (const [key, sub] of tree) {
    switch (key) {
      case 'nics':
        w.nics = wrap(
          'nic',
          vm.nics.map((n) => {
            const nw = vmNicWire(vm, n);
            if (sub.has('reporteddevices'))
              nw.reported_devices = wrap('reported_device', reportedDevicesWire(vm, n));
            return nw;
          }),
        );
        break;
      case 'diskattachments':
        w.disk_attachments = wrap(
          'disk_attachment',
          vm.disks.map((d, i) => {
            const a = diskAttachmentWire(vm, d, i);
            if (sub.has('disk')) a.disk = diskWire(d);
            return a;
          }),
        );
        break;
      case 'statistics':
        w.statistics = wrap('statistic', vmStatisticsWire(engine, vm));
        break;
      case 'snapshots':
        w.snapshots = wrap(
          'snapshot',
          vm.snapshots.map((s) => snapshotWire(vm, s)),
        );
        break;
      case 'reporteddevices':
        w.reported_devices = wrap(
          'reported_device',
          vm.nics.flatMap((n) => reportedDevicesWire(vm, n)),
        );
        break;
      case 'host': {
        const h = vm.hostId && w.host ? engine.state.hosts.get(vm.hostId) : undefined;
        if (h) w.host = followHost(engine, h, hostWire(engine, h), sub);
        break;
      }
      case 'cluster': {
        const c = engine.state.clusters.get(vm.clusterId);
        if (c) w.cluster = followCluster(engine, c, sub);
        break;
      }
      case 'template':
      case 'originaltemplate': {
        const t = engine.state.templates.get(vm.templateId);
        if (t) w[key === 'template' ? 'template' : 'original_template'] = templateWire(t);
        break;
      }
      default:
        // Links the simulated engine does not model (cdroms, tags, …) are empty, as on a
        // plain engine install.
        if (
          [
            'cdroms',
            'tags',
            'permissions',
            'watchdogs',
            'hostdevices',
            'affinitylabels',
            'applications',
            'graphicsconsoles',
            'katelloerrata',
            'mediateddevices',
            'numanodes',
            'sessions',
          ].includes(key)
        ) {
          w[
            key === 'hostdevices'
              ? 'host_devices'
              : key === 'affinitylabels'
                ? 'affinity_labels'
                : key === 'graphicsconsoles'
                  ? 'graphics_consoles'
                  : key === 'katelloerrata'
                    ? 'katello_errata'
                    : key === 'mediateddevices'
                      ? 'mediated_devices'
                      : key === 'numanodes'
                        ? 'numa_nodes'
                        : key
          ] = {};
        }
    }
  }
  return w;
}

export function followHost(
  engine: Engine,
  h: HostRecord,
  w: Json,
  tree: FollowTree | undefined,
): Json {
  if (!tree) return w;
  for (const [key, sub] of tree) {
    if (key === 'nics')
      w.nics = wrap(
        'host_nic',
        h.nics.map((n) => hostNicWire(h, n)),
      );
    else if (key === 'statistics') w.statistics = wrap('statistic', hostStatisticsWire(engine, h));
    else if (key === 'cluster') {
      const c = engine.state.clusters.get(h.clusterId);
      if (c) w.cluster = followCluster(engine, c, sub);
    }
  }
  return w;
}

export function followClusterWire(
  engine: Engine,
  c: ClusterRecord,
  tree: FollowTree | undefined,
): Json {
  return tree ? followCluster(engine, c, tree) : clusterWire(c);
}
