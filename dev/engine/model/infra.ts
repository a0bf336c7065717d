/**
 * The collections the API root advertises besides VMs, hosts, clusters and the rest of the
 * model: networks, vNIC profiles, storage domains and users, in a 4.5 engine's shapes. They are
 * fixed per data center: one management network (`ovirtmgmt`, the engine's well-known id in the
 * first data center) with its profile, one NFS data domain, and the admin user.
 */
import type { Engine } from './engine';
import { ADMIN_USER_ID, ADMIN_USER_NAME, GIB, type DataCenterRecord } from './types';
import {
  API,
  MANAGEMENT_NETWORK_ID,
  STORAGE_DOMAIN_ID,
  VNIC_PROFILE_ID,
  bool,
  links,
  ref,
  str,
  type Json,
} from './wire';

export interface NamedWire {
  id: string;
  name: string;
  wire: Json;
}

const NETWORK_FILTER_ID = 'd2370ab4-fee3-11e9-a310-8c1645ce738e';

function dataCenters(engine: Engine): DataCenterRecord[] {
  return [...engine.state.dataCenters.values()];
}

/** `ovirtmgmt` in the first data center keeps the engine's id; others get a derived one. */
function networkId(index: number): string {
  return index === 0
    ? MANAGEMENT_NETWORK_ID
    : `00000000-0000-0000-0000-${String(9 + index).padStart(12, '0')}`;
}

export function networks(engine: Engine): NamedWire[] {
  return dataCenters(engine).map((dc, i) => {
    const id = networkId(i);
    const base = `${API}/networks/${id}`;
    return {
      id,
      name: 'ovirtmgmt',
      wire: {
        mtu: '0',
        port_isolation: 'false',
        stp: 'false',
        usages: { usage: ['default_route', 'management', 'display', 'vm', 'migration'] },
        vdsm_name: 'ovirtmgmt',
        data_center: ref('datacenters', dc.id),
        name: 'ovirtmgmt',
        description: 'Management Network',
        comment: '',
        href: base,
        id,
        link: links(base, ['networklabels', 'permissions', 'vnicprofiles']),
      },
    };
  });
}

export function vnicProfiles(engine: Engine): NamedWire[] {
  return networks(engine).map((n, i) => {
    const id = i === 0 ? VNIC_PROFILE_ID : `0000000a-000a-000a-000a-${String(i).padStart(12, '0')}`;
    const base = `${API}/vnicprofiles/${id}`;
    return {
      id,
      name: n.name,
      wire: {
        pass_through: { mode: 'disabled' },
        port_mirroring: 'false',
        network: ref('networks', n.id),
        network_filter: ref('networkfilters', NETWORK_FILTER_ID),
        name: n.name,
        href: base,
        id,
        link: links(base, ['permissions']),
      },
    };
  });
}

export function storageDomains(engine: Engine): NamedWire[] {
  let committed = 0;
  let used = 0;
  for (const vm of engine.state.vms.values())
    for (const d of vm.disks) {
      committed += d.provisionedSize;
      used += d.actualSize;
    }
  const total = Math.max(2 * 1024 * GIB, committed);
  const base = `${API}/storagedomains/${STORAGE_DOMAIN_ID}`;
  return [
    {
      id: STORAGE_DOMAIN_ID,
      name: 'data',
      wire: {
        available: str(total - used),
        backup: 'false',
        block_size: '512',
        committed: str(committed),
        critical_space_action_blocker: '5',
        discard_after_delete: 'false',
        external_status: 'ok',
        master: 'true',
        storage: {
          address: 'nfs.example.test',
          nfs_version: 'auto',
          path: '/exports/data',
          type: 'nfs',
        },
        storage_format: 'v5',
        supports_discard: 'false',
        supports_discard_zeroes_data: 'false',
        type: 'data',
        used: str(used),
        warning_low_space_indicator: '10',
        wipe_after_delete: bool(false),
        data_centers: { data_center: dataCenters(engine).map((dc) => ref('datacenters', dc.id)) },
        name: 'data',
        description: '',
        comment: '',
        href: base,
        id: STORAGE_DOMAIN_ID,
        link: links(base, [
          'diskprofiles',
          'disks',
          'disksnapshots',
          'permissions',
          'templates',
          'vms',
        ]),
      },
    },
  ];
}

export function users(): NamedWire[] {
  const base = `${API}/users/${ADMIN_USER_ID}`;
  return [
    {
      id: ADMIN_USER_ID,
      name: 'admin',
      wire: {
        department: '',
        domain_entry_id: '61646D696E',
        email: '',
        last_name: '',
        namespace: '*',
        principal: 'admin',
        user_name: ADMIN_USER_NAME,
        domain: { id: '696e7465726e616c2d617574687a', name: 'internal-authz' },
        name: 'admin',
        href: base,
        id: ADMIN_USER_ID,
        link: links(base, ['events', 'groups', 'permissions', 'roles', 'sshpublickeys', 'tags']),
      },
    },
  ];
}
