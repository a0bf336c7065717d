/**
 * The main place ("Ops Center"): the Virtual Machines and Hosts views as tabs. The active tab is
 * kept in the hash (`#view=hosts`) so a reload or a link returns to it.
 * The views themselves live in src/tabs/vms (VMOPS) and src/tabs/hosts (HOSTOPS).
 */
import { Button, TextInput } from '@patternfly/react-core';
import { lazy, Suspense, useLayoutEffect, useState } from 'react';
import type { FocusEvent, ReactNode } from 'react';
import { useMessages } from '../../messages/catalogue';
import { OperationsDrawer } from '../shared/operations/ui/OperationsDrawer';
import { ConfigInEffect } from '../shared/ui/ConfigInEffect';
import { ConfigWarnings } from '../shared/ui/ConfigWarnings';
import { LoadingState } from '../shared/ui/PageStates';
import { useHashParams } from '../shared/useHashParams';
import { VmsView } from '../vms/VmsView';
import { endFirstPaint } from './firstPaint';
import { mainPlaceLink } from './placeLink';
import { PlaceTabs } from './PlaceTabs';
import './opsCenter.css';

type View = 'vms' | 'hosts' | 'balance';

// Most visits start on the VM view: the Hosts view's code loads when its tab is first opened.
const HostsView = lazy(() => import('../hosts/HostsView').then((m) => ({ default: m.HostsView })));
const BalanceView = lazy(() =>
  import('../balance/BalanceView').then((m) => ({ default: m.BalanceView })),
);

function webadminHref(): string {
  try {
    return window.top?.location.href ?? window.location.href;
  } catch {
    return window.location.href;
  }
}

/**
 * WebAdmin's address bar shows only `#ops-center`: this copies a WebAdmin link that opens the
 * place with this frame's search, sort, page and tab (see placeLink.ts). When the browser refuses
 * the clipboard, the link is shown to copy by hand.
 */
export function CopyLink(): ReactNode {
  const { t } = useMessages();
  useHashParams(); // re-render when the state changes, so a shown link stays current
  const [result, setResult] = useState<'copied' | 'manual'>();
  const link = mainPlaceLink(window.location.hash, webadminHref());
  return (
    <div className="oc-main-link">
      <Button
        variant="link"
        isInline
        onClick={() => {
          // Undefined outside secure contexts: the call then throws, and the link is shown.
          const copy = async (): Promise<void> => {
            await navigator.clipboard.writeText(link);
          };
          copy().then(
            () => {
              setResult('copied');
            },
            () => {
              setResult('manual');
            },
          );
        }}
      >
        {t('common.main.copyLink')}
      </Button>
      {result === 'copied' ? (
        <span role="status" className="oc-main-link-status">
          {t('common.main.linkCopied')}
        </span>
      ) : null}
      {result === 'manual' ? (
        <TextInput
          readOnly
          value={link}
          aria-label={t('common.main.copyLinkManual')}
          onFocus={(e: FocusEvent<HTMLInputElement>) => {
            e.currentTarget.select();
          }}
        />
      ) : null}
    </div>
  );
}

export function OpsCenterPage(): ReactNode {
  const { t } = useMessages();
  const param = useHashParams().view;
  const view: View = param === 'hosts' || param === 'balance' ? param : 'vms';
  // The boot script paints VM rows only (firstPaint.ts); the VM view ends that paint itself.
  useLayoutEffect(() => {
    if (view !== 'vms') endFirstPaint();
  }, [view]);
  return (
    <>
      {/* The page's level-one heading (WebAdmin shows the place's name in its own menu). */}
      <h1 className="oc-sr-only">{t('common.main.title')}</h1>
      <ConfigWarnings />
      {/* One quiet line above the tabs: the settings in effect, and the link at its right. */}
      <div className="oc-main-head">
        <ConfigInEffect />
        <CopyLink />
      </div>
      <PlaceTabs
        label={t('common.main.title')}
        tabs={[
          { key: 'vms', id: 'oc-main-tab-vms', title: t('common.main.vms') },
          { key: 'hosts', id: 'oc-main-tab-hosts', title: t('common.main.hosts') },
          { key: 'balance', id: 'oc-main-tab-balance', title: t('common.main.balance') },
        ]}
        active={view}
        onSelect={(key) => {
          window.location.hash = `view=${key}`;
        }}
      >
        {view === 'vms' ? <VmsView /> : null}
        {/* The VM view holds its own drawer (it opens it when an operation starts). */}
        {view === 'hosts' ? (
          <OperationsDrawer>
            <Suspense fallback={<LoadingState />}>
              <HostsView />
            </Suspense>
          </OperationsDrawer>
        ) : null}
        {view === 'balance' ? (
          <OperationsDrawer>
            <Suspense fallback={<LoadingState />}>
              <BalanceView />
            </Suspense>
          </OperationsDrawer>
        ) : null}
      </PlaceTabs>
    </>
  );
}
