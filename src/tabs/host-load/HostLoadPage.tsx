/**
 * Host detail tab "Load & VMs" (`host-load.html#id=…`): statistics with history, NICs, resident
 * VMs with migrate-away. Follows WebAdmin's host selection through the hash, without reloading.
 * Renders only: `domain/useHostLoad.ts` decides, `ui/` draws.
 */
import { Alert, Button, Title } from '@patternfly/react-core';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { NotFoundError } from '../../rest/errors';
import { useMessages } from '../../messages/catalogue';
import type { MessageKey } from '../../messages/catalogue';
import { OperationsDrawer } from '../shared/operations/ui/OperationsDrawer';
import { EmptyPageState, ErrorState, LoadingState, errorMessage } from '../shared/ui/PageStates';
import { useHostLoad } from './domain/useHostLoad';
import { LoadCards } from './ui/LoadCards';
import { NicTable } from './ui/NicTable';
import { ResidentVms } from './ui/ResidentVms';
import { SoftwareSection } from './ui/SoftwareSection';
import { useHostHooks } from './domain/useHostHooks';
import './ui/hostLoad.css';

export function HostLoadPage(): ReactNode {
  return (
    <OperationsDrawer>
      <section className="oc-page" aria-labelledby="oc-load-title">
        <HostLoadContent />
      </section>
    </OperationsDrawer>
  );
}

function HostLoadContent(): ReactNode {
  const { t } = useMessages();
  const { data, actions } = useHostLoad();
  const hooks = useHostHooks(data.hostId);
  // Migrate away is confirmed before anything is sent.
  const [confirmMigrate, setConfirmMigrate] = useState(false);
  if (!data.hostId) {
    return <EmptyPageState title={t('hosts.load.noHost')} body={t('common.noSelection.host')} />;
  }
  const { host } = data;
  if (host.isPending) {
    return (
      <>
        <p className="oc-muted">{t('hosts.load.loading')}</p>
        <LoadingState />
      </>
    );
  }
  const h = host.data;
  // Only a host the engine no longer has, or one never read, hides the page. A failed poll of a
  // host already shown keeps the page (its NICs and VMs are separate requests) with a warning.
  if (host.error instanceof NotFoundError)
    return <EmptyPageState title={t('hosts.load.notFound')} body="" />;
  if (!h) return <ErrorState error={host.error} onRetry={() => void host.refetch()} />;
  const vms = data.vms.data ?? [];
  const selected = data.selectedVmIds.size;
  return (
    <>
      <Title headingLevel="h1" size="lg" id="oc-load-title">
        {h.name} · {t(`hosts.status.${h.status}` as MessageKey)}
      </Title>
      {host.isError ? (
        <Alert
          component="p"
          isInline
          variant="warning"
          role="status"
          title={t('hosts.load.error', { error: errorMessage(host.error, t) })}
        />
      ) : null}
      <section aria-label={t('hosts.load.title')}>
        {data.load.isError ? (
          <LoadUnavailable error={data.load.error} onRetry={() => void data.load.refetch()} />
        ) : null}
        {data.load.data ? (
          <LoadCards data={data.load.data} />
        ) : data.load.isError ? null : (
          <LoadingState />
        )}
      </section>
      <section aria-labelledby="oc-load-vms-title">
        <div className="oc-load-toolbar">
          <Title headingLevel="h2" size="md" id="oc-load-vms-title">
            {t('hosts.load.vms', { count: vms.length })}
          </Title>
          <Button
            variant="secondary"
            id="oc-load-migrate"
            isDisabled={selected === 0 || confirmMigrate}
            onClick={() => {
              setConfirmMigrate(true);
            }}
          >
            {t('hosts.load.migrateAway', { count: selected })}
          </Button>
        </div>
        {confirmMigrate && selected > 0 ? (
          <Alert
            component="p"
            isInline
            variant="warning"
            id="oc-load-migrate-confirm"
            title={t('hosts.load.migrateConfirm', { count: selected, host: h.name })}
            actionLinks={
              <>
                <Button
                  variant="primary"
                  size="sm"
                  onClick={() => {
                    setConfirmMigrate(false);
                    actions.migrateSelected();
                  }}
                >
                  {t('hosts.load.migrateSend', { count: selected })}
                </Button>
                <Button
                  variant="link"
                  size="sm"
                  onClick={() => {
                    setConfirmMigrate(false);
                  }}
                >
                  {t('common.cancel')}
                </Button>
              </>
            }
          >
            <p>{t('hosts.load.migrateConfirmBody')}</p>
          </Alert>
        ) : null}
        {data.migrateSent !== undefined ? (
          <Alert
            component="p"
            isInline
            isPlain
            variant="info"
            role="status"
            title={t('hosts.load.migrateSent', { count: data.migrateSent })}
          />
        ) : null}
        {data.vms.isPending ? (
          <LoadingState />
        ) : data.vms.isError ? (
          <ErrorState error={data.vms.error} onRetry={() => void data.vms.refetch()} />
        ) : (
          <ResidentVms
            vms={vms}
            selected={data.selectedVmIds}
            onToggle={actions.toggleVm}
            onToggleAll={actions.toggleAllVms}
          />
        )}
      </section>
      <section aria-labelledby="oc-load-nics-title">
        <Title headingLevel="h2" size="md" id="oc-load-nics-title">
          {t('hosts.load.nics')}
        </Title>
        {data.nics.isPending ? (
          <LoadingState />
        ) : data.nics.isError ? (
          <ErrorState error={data.nics.error} onRetry={() => void data.nics.refetch()} />
        ) : (
          <NicTable nics={data.nics.data} networkNames={data.networkNames} />
        )}
      </section>
      <SoftwareSection host={h} hooks={hooks} />
    </>
  );
}

/**
 * The host's statistics failed: the load figures alone are unavailable. A 404 here is the
 * statistics sub-collection, not the host, so it does not say the host is gone.
 */
function LoadUnavailable({ error, onRetry }: { error: unknown; onRetry: () => void }): ReactNode {
  const { t } = useMessages();
  return (
    <Alert
      component="p"
      isInline
      variant="warning"
      title={t('hosts.load.unavailable')}
      id="oc-load-unavailable"
      className="oc-page-state"
    >
      {error instanceof NotFoundError ? null : <p>{errorMessage(error, t)}</p>}
      <Button variant="link" isInline onClick={onRetry}>
        {t('common.retry')}
      </Button>
    </Alert>
  );
}
