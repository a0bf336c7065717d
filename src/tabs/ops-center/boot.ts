/**
 * The main place's entry (issue 14: fetch while the code loads). Loaded before React and
 * PatternFly: it adopts a copied link's state, starts the VM view's first reads (the page of VMs,
 * and the host and cluster names its rows show) and then loads the page, whose modulepreload
 * and stylesheet links in the HTML are already downloading. See shared/boot/earlyReads.ts.
 */
import { bootEnvironment, startEarlyRead } from '../shared/boot/earlyReads';
import { parseHash } from '../shared/hashParams';
import { clusterKeys, hostKeys } from '../shared/queryKeys';
import { parseListState } from '../vms/domain/listState';
import { readVmPage, vmPageOf } from '../vms/domain/vmListRead';
import { adoptLinkedState } from './placeLink';

// Opened from a copied link (`#ops-center;state=…` in WebAdmin's URL): start with its search.
adoptLinkedState();
const env = bootEnvironment();
const params = parseHash(window.location.hash);
if (env.kind === 'ready' && params.view !== 'hosts') {
  const { client, config } = env;
  const { search, pageSize, key } = vmPageOf(parseListState(params), config.pageSize);
  startEarlyRead(key, () => readVmPage(client, search, pageSize));
  startEarlyRead(hostKeys.lists(), () => client.hostList());
  startEarlyRead(clusterKeys.list(), () => client.clusterList());
}
void import('./main');
