/** Placeholder for the Host "Load & VMs" detail tab (HOSTOPS replaces it). */
import type { ReactNode } from 'react';
import { useMessages } from '../shared/messages/catalogue';
import { EntitySummary } from '../shared/ui/EntitySummary';
import { EmptyPageState, ErrorState, LoadingState } from '../shared/ui/PageStates';
import { useHostLoad } from './domain/useHostLoad';

export function HostLoadPage(): ReactNode {
  const { t } = useMessages();
  const { hostId, host } = useHostLoad().data;
  if (!hostId)
    return (
      <EmptyPageState title={t('common.noSelection.title')} body={t('common.noSelection.host')} />
    );
  if (host.isPending) return <LoadingState />;
  if (host.isError) return <ErrorState error={host.error} onRetry={() => void host.refetch()} />;
  return <EntitySummary entity={host.data} />;
}
