import { Label } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import type { MessageKey } from '../../../messages/catalogue';
import type { VmRow } from '../domain/vmRow';
import { statusTone } from './vmTableModel';

/**
 * A VM's status as a PatternFly label, for the pages that show one VM (Activity, clone); the VM
 * list draws the same colours in one element of its own (vmTable.css).
 */
export function VmStatusLabel({ status }: { status: VmRow['status'] }): ReactNode {
  const { t } = useMessages();
  const tone = statusTone(status) as 'green' | 'red' | 'blue' | 'orange' | 'grey';
  return (
    <Label color={tone} isCompact>
      {t(`vms.status.${status}` as MessageKey)}
    </Label>
  );
}
