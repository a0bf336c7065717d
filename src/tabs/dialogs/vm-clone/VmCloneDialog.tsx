/** vm-clone.html#id=<vmId> — safe clone, opened from WebAdmin's VM list. */
import type { ReactNode } from 'react';
import { closeDialog } from '../../../plugin-api/pluginApi';
import { DIALOG_TOKENS } from '../../../plugin-api/pages';
import { WebAdminDialogFooter } from '../../shared/ui/dialogFooter';
import { splitIds, useHashParams } from '../../shared/useHashParams';
import { ClonePanel } from './ui/ClonePanel';

export function VmCloneDialog(): ReactNode {
  const params = useHashParams();
  const id = params.id ?? splitIds(params.ids)[0] ?? '';
  return (
    <WebAdminDialogFooter token={DIALOG_TOKENS.vmClone}>
      <ClonePanel
        vmId={id}
        topLevel
        onClose={() => {
          closeDialog(DIALOG_TOKENS.vmClone);
        }}
      />
    </WebAdminDialogFooter>
  );
}
