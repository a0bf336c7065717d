/** VMs running on the host, selectable for "migrate away". */
import { Checkbox, Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReactNode } from 'react';
import type { Vm } from '../../../rest/models';
import { formatBytes } from '../../hosts/domain/hostLoad';
import { useMessages } from '../../../messages/catalogue';
import type { MessageKey } from '../../../messages/catalogue';

export function ResidentVms({
  vms,
  selected,
  onToggle,
  onToggleAll,
}: {
  vms: Vm[];
  selected: ReadonlySet<string>;
  onToggle: (id: string, on: boolean) => void;
  onToggleAll: (on: boolean) => void;
}): ReactNode {
  const { t, locale } = useMessages();
  if (vms.length === 0) return <p className="oc-muted">{t('hosts.load.vmNone')}</p>;
  const all = vms.every((v) => selected.has(v.id));
  return (
    <Table
      aria-label={t('hosts.load.vms', { count: vms.length })}
      variant="compact"
      id="oc-load-vms"
    >
      <Thead>
        <Tr>
          <Th screenReaderText={t('hosts.load.selectAll')}>
            <Checkbox
              id="oc-load-vms-all"
              aria-label={t('hosts.load.selectAll')}
              isChecked={all}
              onChange={(_e, on) => {
                onToggleAll(on);
              }}
            />
          </Th>
          <Th modifier="wrap">{t('hosts.load.vmCol.name')}</Th>
          <Th modifier="wrap">{t('hosts.load.vmCol.status')}</Th>
          <Th modifier="wrap">{t('hosts.load.vmCol.memory')}</Th>
          <Th modifier="wrap">{t('hosts.load.vmCol.cpu')}</Th>
        </Tr>
      </Thead>
      <Tbody>
        {vms.map((v) => {
          const cpu = v.statistics?.find((s) => s.name === 'cpu.current.total')?.value;
          return (
            <Tr key={v.id} data-vm-id={v.id}>
              <Td>
                <Checkbox
                  id={`oc-load-vm-${v.id}`}
                  aria-label={t('hosts.load.selectVm', { name: v.name })}
                  isChecked={selected.has(v.id)}
                  onChange={(_e, on) => {
                    onToggle(v.id, on);
                  }}
                />
              </Td>
              <Td dataLabel={t('hosts.load.vmCol.name')}>{v.name}</Td>
              <Td dataLabel={t('hosts.load.vmCol.status')}>
                <Label isCompact color={v.status === 'up' ? 'green' : 'blue'}>
                  {t(`vms.status.${v.status}` as MessageKey)}
                </Label>
              </Td>
              <Td dataLabel={t('hosts.load.vmCol.memory')}>{formatBytes(v.memory, locale)}</Td>
              <Td dataLabel={t('hosts.load.vmCol.cpu')}>
                {cpu === undefined ? '—' : t('hosts.load.percent', { percent: Math.round(cpu) })}
              </Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
}
