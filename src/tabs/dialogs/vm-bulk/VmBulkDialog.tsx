/** Placeholder for the vm-bulk dialog (replaced by its owner): shows what it was opened for. */
import { Button, Stack, StackItem } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { closeDialog } from '../../../plugin-api/pluginApi';
import { DIALOG_TOKENS } from '../../../plugin-api/pages';
import { useMessages } from '../../shared/messages/catalogue';
import { SelectedEntities } from '../../shared/ui/SelectedEntities';
import { splitIds, useHashParams } from '../../shared/useHashParams';

export function VmBulkDialog(): ReactNode {
  const { t } = useMessages();
  const params = useHashParams();
  const ids = splitIds(params.ids ?? params.id);
  return (
    <Stack hasGutter>
      <StackItem>
        <SelectedEntities kind="vm" ids={ids} />
      </StackItem>
      <StackItem>
        <Button
          variant="secondary"
          onClick={() => {
            closeDialog(DIALOG_TOKENS.vmBulk);
          }}
        >
          {t('common.close')}
        </Button>
      </StackItem>
    </Stack>
  );
}
