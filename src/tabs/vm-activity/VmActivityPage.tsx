/** VM detail tab "Activity": renders what `useVmActivity` decides. */
import {
  Button,
  Card,
  CardBody,
  CardTitle,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Flex,
  FlexItem,
  Form,
  FormGroup,
  Gallery,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  TextInput,
  Title,
  Alert,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { lazy, Suspense } from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../messages/catalogue';
import type { MessageKey } from '../../messages/catalogue';
import { OperationsDrawer } from '../shared/operations/ui/OperationsDrawer';
import { EmptyPageState, ErrorState, LoadingState } from '../shared/ui/PageStates';
import { BulkConfirm } from '../vms/ui/BulkConfirm';
import { ReasonField } from '../shared/ui/ReasonField';
import { VmStatusLabel } from '../vms/ui/VmStatusLabel';
import { formatDuration } from '../vms/domain/vmRow';
import { formatBytes } from '../hosts/domain/hostLoad';
import { useVmActivity } from './domain/useVmActivity';
import { Sparkline } from './ui/Sparkline';
import './vmActivity.css';

// Issue 15 point 5: its code and reads come after the tab's first rows.
const SchedulingSection = lazy(() => import('./ui/SchedulingSection'));

/**
 * States in which the VM has no running guest: the engine's statistics for it are the last
 * ones it had (or zero), so the page shows no live figure for them.
 */
const NOT_RUNNING: ReadonlySet<string> = new Set([
  'down',
  'suspended',
  'image_locked',
  'unassigned',
]);

export function isVmRunning(status: string): boolean {
  return !NOT_RUNNING.has(status);
}

/** Dates in the locale's own medium format (not the numeric M/D/YYYY of en-US). */
function dateTime(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

const SNAPSHOT_STATUS: Record<string, MessageKey> = {
  ok: 'vms.activity.snapshotStatus.ok',
  locked: 'vms.activity.snapshotStatus.locked',
  in_preview: 'vms.activity.snapshotStatus.in_preview',
};

/** The engine's snapshot status in words; an unknown one is shown as the engine says it. */
function snapshotStatusText(t: (key: MessageKey) => string, status: string): string {
  const key = SNAPSHOT_STATUS[status];
  return key ? t(key) : status;
}

function bytes(n: number | undefined, locale: string): string {
  return n === undefined ? '—' : formatBytes(n, locale);
}

export function VmActivityPage(): ReactNode {
  const { t, locale } = useMessages();
  const { data, actions } = useVmActivity();
  if (!data.id)
    return data.resolving ? (
      <LoadingState />
    ) : (
      <EmptyPageState title={t('common.noSelection.title')} body={t('common.noSelection.vm')} />
    );
  if (data.vm.isPending) return <LoadingState />;
  if (data.vm.isError)
    return <ErrorState error={data.vm.error} onRetry={() => void data.vm.refetch()} />;
  const vm = data.vm.data;
  const running = isVmRunning(vm.status);
  const since = running ? vm.startTime : vm.stopTime;
  const snapshots = (data.snapshots.data ?? []).filter((s) => s.snapshotType !== 'active');
  const confirm = data.snapshotConfirm;

  return (
    <OperationsDrawer>
      <div className="oc-activity">
        <Flex alignItems={{ default: 'alignItemsCenter' }} spaceItems={{ default: 'spaceItemsMd' }}>
          <FlexItem>
            <Title headingLevel="h1" size="lg" className="oc-activity-name">
              {vm.name}
            </Title>
          </FlexItem>
          <FlexItem>
            <VmStatusLabel status={vm.status} />
            {since ? (
              <span className="oc-muted">
                {' '}
                {t('vms.list.inState', {
                  duration: formatDuration(
                    (data.vm.dataUpdatedAt - since.getTime()) / 1000,
                    locale,
                  ),
                })}
              </span>
            ) : null}
          </FlexItem>
        </Flex>
        <DescriptionList isHorizontal isCompact columnModifier={{ default: '3Col' }}>
          <DescriptionListGroup>
            <DescriptionListTerm>{t('vms.activity.host')}</DescriptionListTerm>
            <DescriptionListDescription>
              {vm.host ? (data.hostName ?? vm.host.id) : '—'}
            </DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>{t('vms.activity.uptime')}</DescriptionListTerm>
            <DescriptionListDescription>
              {!running
                ? t('vms.activity.notRunningShort')
                : data.uptimeSec !== undefined
                  ? formatDuration(data.uptimeSec, locale)
                  : '—'}
            </DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>{t('vms.activity.actions')}</DescriptionListTerm>
            <DescriptionListDescription>
              {data.validActions.length === 0 ? (
                <span className="oc-muted">{t('vms.activity.noActions')}</span>
              ) : (
                <Flex spaceItems={{ default: 'spaceItemsSm' }}>
                  {data.validActions.map((a) => (
                    <Button
                      key={a}
                      size="sm"
                      variant={a === 'stop' ? 'danger' : 'secondary'}
                      onClick={() => {
                        actions.askAction(a);
                      }}
                    >
                      {t(`vms.action.${a}` as MessageKey)}
                    </Button>
                  ))}
                </Flex>
              )}
            </DescriptionListDescription>
          </DescriptionListGroup>
        </DescriptionList>

        {running ? null : (
          <Alert
            component="p"
            variant="info"
            isInline
            isPlain
            title={t('vms.activity.notRunning', {
              status: t(`vms.status.${vm.status}` as MessageKey),
            })}
          />
        )}
        {running ? (
          <Gallery hasGutter minWidths={{ default: '200px' }}>
            <Sparkline
              values={data.cpu}
              label={t('vms.activity.cpu')}
              emptyText={t('vms.activity.noHistory')}
            />
            <Sparkline
              values={data.memory}
              label={t('vms.activity.memory')}
              emptyText={t('vms.activity.noHistory')}
            />
            <Sparkline
              values={data.network}
              label={t('vms.activity.network')}
              emptyText={t('vms.activity.noHistory')}
            />
          </Gallery>
        ) : null}

        <Gallery hasGutter minWidths={{ default: '360px' }}>
          <Card isCompact>
            <CardTitle>{t('vms.activity.nics')}</CardTitle>
            <CardBody>
              {data.nics.isError ? <ErrorState error={data.nics.error} /> : null}
              {data.nics.data?.length === 0 ? <p>{t('vms.activity.nicNone')}</p> : null}
              {data.nics.data && data.nics.data.length > 0 ? (
                <Table variant="compact" aria-label={t('vms.activity.nics')}>
                  <Thead>
                    <Tr>
                      <Th modifier="wrap">{t('vms.col.name')}</Th>
                      <Th modifier="wrap">MAC</Th>
                      <Th modifier="wrap">{t('vms.activity.ips')}</Th>
                    </Tr>
                  </Thead>
                  <Tbody>
                    {data.nics.data.map((n) => (
                      <Tr key={n.id}>
                        <Td>{n.name}</Td>
                        <Td>{n.mac ?? '—'}</Td>
                        <Td>{n.ips?.length ? n.ips.join(', ') : t('vms.activity.noIps')}</Td>
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              ) : null}
            </CardBody>
          </Card>
          <Card isCompact>
            <CardTitle>{t('vms.activity.disks')}</CardTitle>
            <CardBody>
              {data.disks.isError ? <ErrorState error={data.disks.error} /> : null}
              {data.disks.data?.length === 0 ? <p>{t('vms.activity.diskNone')}</p> : null}
              {data.disks.data && data.disks.data.length > 0 ? (
                <Table variant="compact" aria-label={t('vms.activity.disks')}>
                  <Thead>
                    <Tr>
                      <Th modifier="wrap">{t('vms.col.name')}</Th>
                      <Th modifier="wrap">{t('vms.activity.size')}</Th>
                      <Th modifier="wrap">{t('vms.activity.bootable')}</Th>
                    </Tr>
                  </Thead>
                  <Tbody>
                    {data.disks.data.map((d) => (
                      <Tr key={d.id}>
                        <Td>{d.disk?.name ?? d.logicalName ?? d.id}</Td>
                        <Td>{bytes(d.disk?.provisionedSize, locale)}</Td>
                        <Td>{d.bootable ? '✓' : ''}</Td>
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              ) : null}
            </CardBody>
          </Card>
          <Card isCompact>
            <CardTitle>{t('vms.activity.snapshots')}</CardTitle>
            <CardBody>
              <Button
                size="sm"
                variant="secondary"
                onClick={() => {
                  actions.askSnapshot({ kind: 'create' });
                }}
              >
                {t('vms.activity.snapshotCreate')}
              </Button>
              {snapshots.length === 0 ? <p>{t('vms.activity.snapshotNone')}</p> : null}
              <ul className="oc-plain-list" aria-label={t('vms.activity.snapshots')}>
                {snapshots.map((s) => (
                  <li key={s.id}>
                    <span>{s.description}</span>{' '}
                    <span className="oc-muted">
                      {s.date ? dateTime(s.date, locale) : ''}
                      {s.snapshotStatus ? ` · ${snapshotStatusText(t, s.snapshotStatus)}` : ''}
                    </span>{' '}
                    <Button
                      size="sm"
                      variant="link"
                      isDisabled={vm.status !== 'down' || s.snapshotStatus === 'locked'}
                      title={
                        vm.status !== 'down' ? t('vms.activity.snapshotRestoreHint') : undefined
                      }
                      onClick={() => {
                        actions.askSnapshot({
                          kind: 'restore',
                          id: s.id,
                          description: s.description,
                        });
                      }}
                    >
                      {t('vms.activity.snapshotRestore')}
                    </Button>
                    <Button
                      size="sm"
                      variant="link"
                      isDanger
                      isDisabled={s.snapshotStatus === 'locked'}
                      onClick={() => {
                        actions.askSnapshot({
                          kind: 'delete',
                          id: s.id,
                          description: s.description,
                        });
                      }}
                    >
                      {t('vms.activity.snapshotDelete')}
                    </Button>
                  </li>
                ))}
              </ul>
              {vm.status !== 'down' && snapshots.length > 0 ? (
                <p className="oc-muted">{t('vms.activity.snapshotRestoreHint')}</p>
              ) : null}
            </CardBody>
          </Card>
          <Card isCompact>
            <CardTitle>{t('vms.activity.events')}</CardTitle>
            <CardBody>
              {data.events.isError ? <ErrorState error={data.events.error} /> : null}
              {data.events.data?.length === 0 ? <p>{t('vms.activity.eventNone')}</p> : null}
              <ul className="oc-plain-list" aria-label={t('vms.activity.events')}>
                {(data.events.data ?? []).map((e) => (
                  <li key={e.id} data-severity={e.severity}>
                    <span className="oc-muted">{dateTime(e.time, locale)}</span> {e.description}
                  </li>
                ))}
              </ul>
            </CardBody>
          </Card>
          <Suspense fallback={null}>
            <SchedulingSection
              vm={{
                id: vm.id,
                ...(vm.cluster ? { clusterId: vm.cluster.id } : {}),
                ...(vm.placementAffinity !== undefined
                  ? { placementAffinity: vm.placementAffinity }
                  : {}),
                ...(vm.placementHostIds ? { placementHostIds: vm.placementHostIds } : {}),
              }}
            />
          </Suspense>
        </Gallery>
      </div>

      <Modal
        isOpen={data.pendingAction !== undefined}
        onClose={actions.cancelAction}
        variant="small"
        aria-label={t('vms.activity.actions')}
      >
        <ModalBody>
          {data.pendingAction ? (
            <BulkConfirm
              action={data.pendingAction}
              vms={[{ id: vm.id, name: vm.name, status: vm.status }]}
              concurrency={1}
              onConfirm={actions.confirmAction}
              onCancel={actions.cancelAction}
              extra={
                data.stopReasonOffered ? (
                  <ReasonField
                    id="oc-activity-reason"
                    value={data.stopReason}
                    required={false}
                    missing={false}
                    onChange={actions.setStopReason}
                  />
                ) : undefined
              }
            />
          ) : null}
        </ModalBody>
      </Modal>

      <Modal
        isOpen={confirm !== undefined}
        onClose={actions.cancelSnapshot}
        variant="small"
        aria-labelledby="oc-snap-title"
      >
        <ModalHeader
          labelId="oc-snap-title"
          title={
            confirm?.kind === 'create'
              ? t('vms.activity.confirmCreate', { name: vm.name })
              : confirm?.kind === 'restore'
                ? t('vms.activity.confirmRestore', { name: vm.name, snapshot: confirm.description })
                : t('vms.activity.confirmDelete', { snapshot: confirm?.description ?? '' })
          }
        />
        <ModalBody>
          {confirm?.kind === 'create' ? (
            <Form
              onSubmit={(e) => {
                e.preventDefault();
                actions.confirmSnapshot();
              }}
            >
              <FormGroup
                label={t('vms.activity.snapshotDescription')}
                fieldId="oc-snap-description"
              >
                <TextInput
                  id="oc-snap-description"
                  value={data.snapshotDescription}
                  onChange={(_e, v) => {
                    actions.setSnapshotDescription(v);
                  }}
                />
              </FormGroup>
            </Form>
          ) : null}
          {data.snapshotError ? (
            <Alert variant="danger" isInline isPlain title={data.snapshotError} />
          ) : null}
        </ModalBody>
        <ModalFooter>
          <Button
            variant={confirm?.kind === 'delete' ? 'danger' : 'primary'}
            onClick={actions.confirmSnapshot}
            isDisabled={data.snapshotBusy}
          >
            {confirm?.kind === 'restore'
              ? t('vms.activity.snapshotRestore')
              : confirm?.kind === 'delete'
                ? t('vms.activity.snapshotDelete')
                : t('vms.activity.snapshotCreate')}
          </Button>
          <Button variant="link" onClick={actions.cancelSnapshot}>
            {t('vms.activity.cancel')}
          </Button>
        </ModalFooter>
      </Modal>
    </OperationsDrawer>
  );
}
