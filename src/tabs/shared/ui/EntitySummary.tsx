/**
 * A compact description of one VM or host (name, status, id, cluster/host): what the placeholder
 * pages show, and a building block for dialogs that confirm what they act on.
 */
import {
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
} from '@patternfly/react-core';
import type { ReactNode } from 'react';
import type { Host, Vm } from '../../../rest/models';
import { useMessages } from '../../../messages/catalogue';

export function EntitySummary({ entity }: { entity: Vm | Host }): ReactNode {
  const { t } = useMessages();
  const rows: [string, string | undefined][] = [
    [t('common.entity.name'), entity.name],
    [t('common.entity.status'), entity.status],
    [t('common.entity.id'), entity.id],
    [t('common.entity.cluster'), entity.cluster?.name ?? entity.cluster?.id],
  ];
  if ('vcpus' in entity) rows.push([t('common.entity.host'), entity.host?.name ?? entity.host?.id]);
  return (
    <DescriptionList isHorizontal isCompact aria-label={entity.name}>
      {rows.map(([term, value]) => (
        <DescriptionListGroup key={term}>
          <DescriptionListTerm>{term}</DescriptionListTerm>
          <DescriptionListDescription>
            {value ?? t('common.notAvailable')}
          </DescriptionListDescription>
        </DescriptionListGroup>
      ))}
    </DescriptionList>
  );
}
