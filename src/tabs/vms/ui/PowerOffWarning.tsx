/**
 * The plain warning shown before every power off (toolbar, Activity tab, "power off the VMs that
 * did not shut down", retry of a power off): it is not a shutdown, and unsaved data is lost.
 */
import { Alert } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';

export function PowerOffWarning(): ReactNode {
  const { t } = useMessages();
  return (
    <Alert
      variant="danger"
      isInline
      component="h3"
      title={t('vms.stop.warningTitle')}
      className="oc-power-off-warning"
    >
      <p>{t('vms.stop.warning')}</p>
    </Alert>
  );
}
