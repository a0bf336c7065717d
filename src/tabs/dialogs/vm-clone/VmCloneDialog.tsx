/** vm-clone.html#id=<vmId> — safe clone, opened from WebAdmin's VM list. */
import type { ReactNode } from 'react';
import { closeDialog } from '../../../plugin-api/pluginApi';
import { DIALOG_TOKENS } from '../../../plugin-api/pages';
import { OperationsDrawer } from '../../shared/operations/ui/OperationsDrawer';
import { splitIds, useHashParams } from '../../shared/useHashParams';
import { ClonePanel } from './ui/ClonePanel';

export function VmCloneDialog(): ReactNode {
  const params = useHashParams();
  const id = params.id ?? splitIds(params.ids)[0] ?? '';
  return (
    <OperationsDrawer>
      <ClonePanel
        vmId={id}
        topLevel
        onClose={() => {
          closeDialog(DIALOG_TOKENS.vmClone);
        }}
      />
    </OperationsDrawer>
  );
}
