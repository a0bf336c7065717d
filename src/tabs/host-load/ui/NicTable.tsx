/** The host's network interfaces: status, speed, addresses. */
import { Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReactNode } from 'react';
import type { HostNic } from '../../../rest/models';
import { useMessages } from '../../../messages/catalogue';

function speedText(bps: number | undefined, locale: string): string {
  if (bps === undefined || bps <= 0) return '—';
  const fmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return bps >= 1e9 ? `${fmt.format(bps / 1e9)} Gbps` : `${fmt.format(bps / 1e6)} Mbps`;
}

/** The engine names a NIC's network by id only: the name comes from one read of the networks. */
export function networkName(nic: HostNic, names: ReadonlyMap<string, string>): string {
  if (!nic.network) return '';
  return nic.network.name ?? names.get(nic.network.id) ?? nic.network.id;
}

export function NicTable({
  nics,
  networkNames,
}: {
  nics: HostNic[];
  networkNames: ReadonlyMap<string, string>;
}): ReactNode {
  const { t, locale } = useMessages();
  if (nics.length === 0) return <p className="oc-muted">{t('hosts.load.nicNone')}</p>;
  return (
    <Table aria-label={t('hosts.load.nics')} variant="compact" id="oc-load-nics">
      <Thead>
        <Tr>
          <Th modifier="wrap">{t('hosts.load.nicCol.name')}</Th>
          <Th modifier="wrap">{t('hosts.load.nicCol.status')}</Th>
          <Th modifier="wrap">{t('hosts.load.nicCol.speed')}</Th>
          <Th modifier="wrap">{t('hosts.load.nicCol.addresses')}</Th>
          <Th modifier="wrap">{t('hosts.load.nicCol.mac')}</Th>
          <Th modifier="wrap">{t('hosts.load.nicCol.network')}</Th>
        </Tr>
      </Thead>
      <Tbody>
        {nics.map((n) => {
          const addresses = [n.ip?.address, n.ipv6?.address].filter(
            (a): a is string => a !== undefined && a !== '',
          );
          return (
            <Tr key={n.id}>
              <Td dataLabel={t('hosts.load.nicCol.name')}>{n.name}</Td>
              <Td dataLabel={t('hosts.load.nicCol.status')}>
                <Label isCompact color={n.status === 'up' ? 'green' : 'red'}>
                  {n.status === 'up'
                    ? t('hosts.load.nicStatus.up')
                    : n.status === 'down'
                      ? t('hosts.load.nicStatus.down')
                      : (n.status ?? t('common.unknown'))}
                </Label>
              </Td>
              <Td dataLabel={t('hosts.load.nicCol.speed')}>{speedText(n.speed, locale)}</Td>
              <Td dataLabel={t('hosts.load.nicCol.addresses')}>
                {addresses.length > 0 ? addresses.join(', ') : t('hosts.load.noAddress')}
              </Td>
              <Td dataLabel={t('hosts.load.nicCol.mac')}>{n.mac ?? '—'}</Td>
              <Td dataLabel={t('hosts.load.nicCol.network')}>{networkName(n, networkNames)}</Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
}
