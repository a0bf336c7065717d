/** vm-migrate.html#ids=a,b — opened from WebAdmin's VM list; OK (WebAdmin's footer) migrates. */
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { closeDialog } from '../../../plugin-api/pluginApi';
import { DIALOG_TOKENS } from '../../../plugin-api/pages';
import { useMessages } from '../../../messages/catalogue';
import { WebAdminDialogFooter } from '../../shared/ui/dialogFooter';
import { usePage } from '../../shared/pageContext';
import { EmptyPageState, ErrorState, LoadingState } from '../../shared/ui/PageStates';
import { splitIds, useHashParams } from '../../shared/useHashParams';
import { vmByIdsQuery } from '../../vms/domain/vmQueries';
import { MigratePanel } from './ui/MigratePanel';

export function VmMigrateDialog(): ReactNode {
  const { t } = useMessages();
  const { client } = usePage();
  const params = useHashParams();
  const ids = splitIds(params.ids ?? params.id);
  const vms = useQuery({ ...vmByIdsQuery(client, ids), enabled: ids.length > 0 });
  const close = (): void => {
    closeDialog(DIALOG_TOKENS.vmMigrate);
  };
  let body: ReactNode;
  if (ids.length === 0) body = <EmptyPageState title={t('vms.bulk.noIds')} body="" />;
  else if (vms.isPending) body = <LoadingState />;
  else if (vms.isError) body = <ErrorState error={vms.error} onRetry={() => void vms.refetch()} />;
  else
    body = (
      <MigratePanel
        vms={vms.data.map((v) => ({
          id: v.id,
          name: v.name,
          status: v.status,
          ...(v.host ? { hostId: v.host.id } : {}),
          ...(v.origin !== undefined ? { origin: v.origin } : {}),
          ...(v.placementAffinity !== undefined ? { placementAffinity: v.placementAffinity } : {}),
          ...(v.placementHostIds !== undefined ? { placementHostIds: v.placementHostIds } : {}),
        }))}
        onClose={close}
        topLevel
      />
    );
  return <WebAdminDialogFooter token={DIALOG_TOKENS.vmMigrate}>{body}</WebAdminDialogFooter>;
}
