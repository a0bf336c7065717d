/**
 * The main place's entry (issue 14: fetch while the code loads). Loaded before React and
 * PatternFly: it adopts a copied link's state, starts the VM view's first reads (the page of VMs,
 * and the host and cluster names its rows show) and then loads the page, whose modulepreload
 * and stylesheet links in the HTML are already downloading. See shared/boot/earlyReads.ts.
 * When the three answers are in, it draws the rows as a plain table until the view takes over
 * (firstPaint.ts): the first rows do not wait for React and PatternFly.
 */
import { intlLocale, loadMessages, t } from '../../messages/catalogue';
import type { Cluster } from '../../rest/models';
import { bootEnvironment, earlyRead } from '../shared/boot/earlyReads';
import { applyPageStyles } from '../shared/boot/pageStyles';
import { parseHash } from '../shared/hashParams';
import { clusterKeys, hostKeys } from '../shared/queryKeys';
import { parseListState, userControls } from '../vms/domain/listState';
import { toVmRow } from '../vms/domain/vmRow';
import { readHostNames, readVmPage, vmPageOf } from '../vms/domain/vmListRead';
import type { HostName, ListedVm } from '../vms/domain/vmListRead';
import { buildVmTable, showFirstPaint } from './firstPaint';
import { adoptLinkedState } from './placeLink';

// Opened from a copied link (`#ops-center;state=…` in WebAdmin's URL): start with its search.
adoptLinkedState();
/** The longest the page's code waits for the first rows to be drawn. */
const PAGE_AFTER_MS = 2000;
let firstRows: Promise<void> = Promise.resolve();
const env = bootEnvironment();
// The stylesheet is applied now that the boot script runs; the page and the rows wait for it.
const styles = applyPageStyles();
const params = parseHash(window.location.hash);
if (env.kind === 'ready' && params.view !== 'hosts' && params.view !== 'balance') {
  const { client, config } = env;
  const state = parseListState(params);
  const { search, pageSize, key } = vmPageOf(state, config.pageSize);
  const vms = earlyRead(key, () => readVmPage(client, search, pageSize));
  const hosts = earlyRead(hostKeys.lists(), () => readHostNames(client));
  const clusters = earlyRead(clusterKeys.list(), () => client.clusterList());
  // The rows are drawn when the VMs are in, as the view does, and again when the host and
  // cluster names arrive (until then those cells show a dash, as in the view).
  let hostList: HostName[] = [];
  let clusterList: Cluster[] = [];
  const ready = Promise.all([vms, loadMessages(), styles]);
  const paint = ([vmList, locale]: [ListedVm[], string, unknown]): void => {
    if (vmList.length === 0) return; // the view's empty state says why
    const now = Date.now();
    const names = {
      hosts: new Map(hostList.map((h) => [h.id, h.name])),
      clusters: new Map(clusterList.map((c) => [c.id, c.name])),
    };
    showFirstPaint(
      buildVmTable({
        rows: vmList.map((vm) => toVmRow(vm, names, now)),
        state,
        sortable: !userControls(state.q).sort,
        now,
        t,
        locale: intlLocale(locale),
      }),
    );
  };
  const failed = (): void => undefined; // a failed read: the view reads again and reports it
  firstRows = ready.then(paint, failed);
  hosts.then((list) => {
    hostList = list;
    ready.then(paint, failed);
  }, failed);
  clusters.then((list) => {
    clusterList = list;
    ready.then(paint, failed);
  }, failed);
}
// The page's code runs once the rows are drawn (or after two seconds, for a slow engine): its
// evaluation is the longest task of the open and would otherwise hold back drawing the answer.
void Promise.race([
  firstRows,
  new Promise((resolve) => {
    window.setTimeout(resolve, PAGE_AFTER_MS);
  }),
])
  .then(() => styles)
  .then(() => import('./main'));
