/**
 * The cluster drift view (Hosts view › Compare hosts, its own page `host-drift.html`): the hosts of one cluster
 * side by side, VDSM / libvirt / OS / kernel command line and every hook by md5, with the rows
 * that differ first and the hosts off the common value flagged. Reads through the REST client;
 * `domain/drift.ts` decides what differs.
 */
import {
  Alert,
  Button,
  FormSelect,
  FormSelectOption,
  Label,
  Stack,
  StackItem,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import type { MessageKey } from '../../../messages/catalogue';
import type { Cluster } from '../../../rest/models';
import { ErrorState, LoadingState } from '../../shared/ui/PageStates';
import { computeDrift, type DriftRow } from '../domain/drift';
import './drift.css';
import { useDriftHosts } from '../domain/useDriftHosts';

const KIND_LABEL: Record<Exclude<DriftRow['kind'], 'hook'>, MessageKey> = {
  vdsm: 'hosts.software.vdsm',
  libvirt: 'hosts.software.libvirt',
  os: 'hosts.software.os',
  kernel: 'hosts.software.kernel',
};

export default function DriftView({
  clusters,
  initialClusterId,
  onClose,
  headingLevel = 'h2',
}: {
  clusters: readonly Cluster[];
  initialClusterId?: string | undefined;
  onClose: () => void;
  /** h1 when the view is a page of its own (the drift dialog). */
  headingLevel?: 'h1' | 'h2';
}): ReactNode {
  const { t } = useMessages();
  const [clusterId, setClusterId] = useState(
    clusters.find((c) => c.id === initialClusterId)?.id ?? clusters[0]?.id ?? '',
  );
  const cluster = clusters.find((c) => c.id === clusterId);

  const query = useDriftHosts(clusterId, cluster?.name);

  const rows = useMemo(() => {
    const all = computeDrift(query.data ?? []);
    return [...all.filter((r) => r.differs), ...all.filter((r) => !r.differs)];
  }, [query.data]);
  const differing = rows.filter((r) => r.differs).length;
  const hosts = query.data ?? [];
  const name = cluster?.name ?? '';

  const label = (r: DriftRow): string =>
    r.kind === 'hook'
      ? t('hosts.drift.hook', { event: r.hook?.eventName ?? '', name: r.hook?.name ?? '' })
      : t(KIND_LABEL[r.kind]);

  let body: ReactNode;
  if (query.isError) body = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  else if (query.isPending) body = <LoadingState />;
  else
    body = (
      <>
        <Alert
          component="p"
          isInline
          variant={differing > 0 ? 'warning' : 'success'}
          title={
            differing > 0
              ? t('hosts.drift.found', { count: differing, cluster: name })
              : t('hosts.drift.same', { count: hosts.length, cluster: name })
          }
        />
        <Table variant="compact" aria-label={t('hosts.drift.title', { cluster: name })}>
          <Thead>
            <Tr>
              <Th modifier="wrap" width={15}>
                {t('hosts.drift.item')}
              </Th>
              {hosts.map((h) => (
                <Th key={h.host.id} modifier="wrap">
                  {h.host.name}
                </Th>
              ))}
            </Tr>
          </Thead>
          <Tbody>
            {rows.map((r) => (
              <Tr key={r.key} data-drift={r.differs ? 'differs' : 'same'} aria-label={label(r)}>
                <Th modifier="breakWord">{label(r)}</Th>
                {hosts.map((h) => {
                  const v = r.values.get(h.host.id);
                  const off = r.outliers.has(h.host.id);
                  return (
                    <Td
                      key={h.host.id}
                      dataLabel={h.host.name}
                      modifier="breakWord"
                      data-outlier={off ? 'true' : undefined}
                      className={off ? 'oc-drift-outlier' : undefined}
                    >
                      {off ? (
                        <Label isCompact color="red">
                          {t('hosts.drift.differs')}
                        </Label>
                      ) : null}{' '}
                      <span className="oc-drift-value">{v ?? t('hosts.drift.missing')}</span>
                    </Td>
                  );
                })}
              </Tr>
            ))}
          </Tbody>
        </Table>
        <p className="oc-muted">{t('hosts.drift.kernelNote')}</p>
      </>
    );

  return (
    <section className="oc-drift" aria-labelledby="oc-drift-title">
      <Stack hasGutter>
        <StackItem className="oc-drift-toolbar">
          <Title headingLevel={headingLevel} size="md" id="oc-drift-title">
            {t('hosts.drift.title', { cluster: name })}
          </Title>
          <FormSelect
            id="oc-drift-cluster"
            aria-label={t('hosts.drift.cluster')}
            value={clusterId}
            onChange={(_e, v) => {
              setClusterId(v);
            }}
          >
            {clusters.map((c) => (
              <FormSelectOption key={c.id} value={c.id} label={c.name} />
            ))}
          </FormSelect>
          <Button variant="link" onClick={onClose}>
            {t('hosts.drift.close')}
          </Button>
        </StackItem>
        <StackItem>{body}</StackItem>
      </Stack>
    </section>
  );
}
