/**
 * The host's software as VDSM reports it (VDSM, libvirt, OS, kernel command line: the REST API
 * serves no kernel version) and its hooks with their md5, as the drift view compares them.
 */
import {
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReactNode } from 'react';
import type { Host } from '../../../rest/models';
import type { HostHook } from '../../../rest/hostLifecycle';
import { useMessages } from '../../../messages/catalogue';
import type { MessageKey } from '../../../messages/catalogue';
import { ErrorState, LoadingState } from '../../shared/ui/PageStates';

const FIELDS: readonly [MessageKey, (h: Host) => string | undefined][] = [
  ['hosts.software.vdsm', (h) => h.version],
  ['hosts.software.libvirt', (h) => h.libvirtVersion],
  ['hosts.software.os', (h) => h.osVersion],
  ['hosts.software.kernel', (h) => h.kernelCmdline],
];

export function SoftwareSection({
  host,
  hooks,
}: {
  host: Host;
  hooks: {
    data: HostHook[] | undefined;
    isPending: boolean;
    error: unknown;
    refetch: () => unknown;
  };
}): ReactNode {
  const { t } = useMessages();
  const list = hooks.data ?? [];
  return (
    <>
      <section aria-labelledby="oc-load-software-title">
        <Title headingLevel="h2" size="md" id="oc-load-software-title">
          {t('hosts.software.title')}
        </Title>
        <DescriptionList isHorizontal isCompact id="oc-load-software">
          {FIELDS.map(([key, value]) => (
            <DescriptionListGroup key={key}>
              <DescriptionListTerm>{t(key)}</DescriptionListTerm>
              <DescriptionListDescription className="oc-break-word">
                {value(host) ?? t('common.notAvailable')}
              </DescriptionListDescription>
            </DescriptionListGroup>
          ))}
        </DescriptionList>
      </section>
      <section aria-labelledby="oc-load-hooks-title">
        <Title headingLevel="h2" size="md" id="oc-load-hooks-title">
          {t('hosts.hooks.title', { count: list.length })}
        </Title>
        {hooks.isPending ? (
          <LoadingState />
        ) : hooks.error ? (
          <ErrorState error={hooks.error} onRetry={() => void hooks.refetch()} />
        ) : list.length === 0 ? (
          <p className="oc-muted">{t('hosts.hooks.none')}</p>
        ) : (
          <Table
            aria-label={t('hosts.hooks.title', { count: list.length })}
            variant="compact"
            id="oc-load-hooks"
          >
            <Thead>
              <Tr>
                <Th modifier="wrap">{t('hosts.hooks.event')}</Th>
                <Th modifier="wrap">{t('hosts.hooks.name')}</Th>
                <Th modifier="wrap">{t('hosts.hooks.md5')}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {[...list]
                .sort((a, b) => (a.eventName + a.name).localeCompare(b.eventName + b.name))
                .map((k) => (
                  <Tr key={k.id}>
                    <Td dataLabel={t('hosts.hooks.event')}>{k.eventName}</Td>
                    <Td dataLabel={t('hosts.hooks.name')}>{k.name}</Td>
                    <Td dataLabel={t('hosts.hooks.md5')}>
                      <code>{k.md5}</code>
                    </Td>
                  </Tr>
                ))}
            </Tbody>
          </Table>
        )}
      </section>
    </>
  );
}
