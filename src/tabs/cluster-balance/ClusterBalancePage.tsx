/**
 * Clusters detail tab "Balance" (`cluster-balance.html#id=<cluster>`): the main place's balance
 * view (src/tabs/balance/) for the cluster selected in WebAdmin's Clusters list. The host page
 * changes only the hash when the selection changes (the first selected cluster, as WebAdmin's
 * detail tabs show); the view is remounted per cluster so no plan or run of one cluster is shown
 * under another. A tab opened from WebAdmin's URL (`;name=`) finds the cluster by name.
 */
import type { ReactNode } from 'react';
import { BalanceView } from '../balance/BalanceView';
import { OperationsDrawer } from '../shared/operations/ui/OperationsDrawer';
import { LoadingState } from '../shared/ui/PageStates';
import { useDetailEntity } from '../shared/useDetailEntity';

export function ClusterBalancePage(): ReactNode {
  const { id, resolving } = useDetailEntity('cluster');
  return (
    <OperationsDrawer>
      <div className="oc-page">
        {resolving ? <LoadingState /> : <BalanceView key={id} clusterId={id} />}
      </div>
    </OperationsDrawer>
  );
}
