/**
 * The main place ("Ops Center"): the Virtual Machines and Hosts views as tabs. The active tab is
 * kept in the hash (`#view=hosts`) so a reload or a link returns to it.
 * The views themselves live in src/tabs/vms (VMOPS) and src/tabs/hosts (HOSTOPS).
 */
import { Tab, Tabs, TabTitleText } from '@patternfly/react-core';
import { lazy, Suspense } from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../messages/catalogue';
import { OperationsDrawer } from '../shared/operations/ui/OperationsDrawer';
import { ConfigWarnings } from '../shared/ui/ConfigWarnings';
import { LoadingState } from '../shared/ui/PageStates';
import { useHashParams } from '../shared/useHashParams';
import { VmsView } from '../vms/VmsView';
import './opsCenter.css';

type View = 'vms' | 'hosts';

// Most visits start on the VM view: the Hosts view's code loads when its tab is first opened.
const HostsView = lazy(() => import('../hosts/HostsView').then((m) => ({ default: m.HostsView })));

export function OpsCenterPage(): ReactNode {
  const { t } = useMessages();
  const view: View = useHashParams().view === 'hosts' ? 'hosts' : 'vms';
  return (
    <>
      {/* The page's level-one heading (WebAdmin shows the place's name in its own menu). */}
      <h1 className="oc-sr-only">{t('common.main.title')}</h1>
      <ConfigWarnings />
      <Tabs
        activeKey={view}
        onSelect={(_event, key) => {
          window.location.hash = `view=${String(key)}`;
        }}
        aria-label={t('common.main.title')}
        mountOnEnter
        unmountOnExit
      >
        <Tab
          eventKey="vms"
          id="oc-main-tab-vms"
          title={<TabTitleText>{t('common.main.vms')}</TabTitleText>}
        >
          <VmsView />
        </Tab>
        <Tab
          eventKey="hosts"
          id="oc-main-tab-hosts"
          title={<TabTitleText>{t('common.main.hosts')}</TabTitleText>}
        >
          {/* The VM view holds its own drawer (it opens it when an operation starts). */}
          <OperationsDrawer>
            <Suspense fallback={<LoadingState />}>
              <HostsView />
            </Suspense>
          </OperationsDrawer>
        </Tab>
      </Tabs>
    </>
  );
}
