/** Placeholder for the VM "Activity" detail tab (VMOPS replaces it). */
import type { ReactNode } from 'react';
import { useMessages } from '../shared/messages/catalogue';
import { EntitySummary } from '../shared/ui/EntitySummary';
import { EmptyPageState, ErrorState, LoadingState } from '../shared/ui/PageStates';
import { useVmActivity } from './domain/useVmActivity';

export function VmActivityPage(): ReactNode {
  const { t } = useMessages();
  const { vmId, vm } = useVmActivity().data;
  if (!vmId)
    return (
      <EmptyPageState title={t('common.noSelection.title')} body={t('common.noSelection.vm')} />
    );
  if (vm.isPending) return <LoadingState />;
  if (vm.isError) return <ErrorState error={vm.error} onRetry={() => void vm.refetch()} />;
  return <EntitySummary entity={vm.data} />;
}
