/**
 * The main place's entry (issue 14: fetch while the code loads). Loaded before React and
 * PatternFly: it adopts a copied link's state, starts the VM view's first reads (the page of VMs,
 * and the host and cluster names its rows show) and then loads the page, whose modulepreload
 * and stylesheet links in the HTML are already downloading. See shared/boot/earlyReads.ts.
 */
import { bootEnvironment, startEarlyRead } from '../shared/boot/earlyReads';
import { parseHash } from '../shared/hashParams';
import { clusterKeys, hostKeys, vmKeys } from '../shared/queryKeys';
import { pageSearch, parseListState } from '../vms/domain/listState';
import { readVmPage } from '../vms/domain/vmListRead';
import { adoptLinkedState } from './placeLink';

// Opened from a copied link (`#ops-center;state=…` in WebAdmin's URL): start with its search.
adoptLinkedState();
const env = bootEnvironment();
const params = parseHash(window.location.hash);
if (env.kind === 'ready' && params.view !== 'hosts') {
  const { client, config } = env;
  const state = parseListState(params);
  const search = pageSearch(state);
  const pageSize = state.size || config.pageSize;
  startEarlyRead(vmKeys.list(search, state.page, pageSize), () =>
    readVmPage(client, search, pageSize),
  );
  startEarlyRead(hostKeys.lists(), () => client.hostList());
  startEarlyRead(clusterKeys.list(), () => client.clusterList());
}
void import('./main');
