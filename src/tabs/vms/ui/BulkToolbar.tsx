import { Button, Toolbar, ToolbarContent, ToolbarGroup, ToolbarItem } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import type { MessageKey } from '../../../messages/catalogue';
import type { VmAction } from '../../../operations/vmActions';

const ACTIONS: readonly (VmAction | 'clone')[] = [
  'start',
  'shutdown',
  'stop',
  'reboot',
  'suspend',
  'migrate',
  'clone',
];

export function BulkToolbar({
  count,
  enabled,
  onAction,
  onClear,
  migrating = 0,
  onCancelMigration,
}: {
  count: number;
  /** One rule with WebAdmin's buttons: see domain/toolbarRules.ts. */
  enabled: (action: VmAction | 'clone') => boolean;
  onAction: (action: VmAction | 'clone') => void;
  onClear: () => void;
  /** Selected VMs that are migrating: their migration can be cancelled. */
  migrating?: number;
  onCancelMigration?: () => void;
}): ReactNode {
  const { t } = useMessages();
  return (
    <Toolbar aria-label={t('vms.list.selected', { count })}>
      <ToolbarContent>
        <ToolbarGroup>
          {ACTIONS.map((a) => (
            <ToolbarItem key={a}>
              <Button
                variant={a === 'stop' ? 'danger' : 'secondary'}
                isDisabled={!enabled(a)}
                onClick={() => {
                  onAction(a);
                }}
                id={`oc-bulk-${a}`}
              >
                {t(`vms.action.${a}` as MessageKey)}
              </Button>
            </ToolbarItem>
          ))}
          {migrating > 0 && onCancelMigration ? (
            <ToolbarItem>
              <Button variant="secondary" onClick={onCancelMigration} id="oc-bulk-cancelmigration">
                {t('vms.op.cancelMigration')}
              </Button>
            </ToolbarItem>
          ) : null}
        </ToolbarGroup>
        <ToolbarItem className="oc-bulk-count">
          <span aria-live="polite">{t('vms.list.selected', { count })}</span>
        </ToolbarItem>
        {count > 0 ? (
          <ToolbarItem>
            <Button variant="link" onClick={onClear}>
              {t('vms.list.clearSelection')}
            </Button>
          </ToolbarItem>
        ) : null}
      </ToolbarContent>
    </Toolbar>
  );
}
