/**
 * Cluster balance (issue 15 point 4), the main place's "Cluster balance" tab, loaded on first
 * open: a cluster's scheduling policy and thresholds, each host's load against them, and the
 * "Suggest rebalance" plan, editable like the evacuation plan, confirmed before anything moves,
 * then followed migration by migration. Renders and dispatches only: the logic is in
 * domain/useClusterBalance.ts, domain/balanceInput.ts and src/operations/rebalancePlanner.ts.
 */
import {
  Alert,
  Button,
  FormSelect,
  FormSelectOption,
  Label,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { registerEnglish, useMessages } from '../../messages/catalogue';
import type { MessageKey } from '../../messages/catalogue';
import { balanceMessages } from '../../messages/balance';
import { hostLifecycleMessages } from '../../messages/hostLifecycle';
import type { HostLoad, HostMark, RebalancePlan } from '../../operations/rebalancePlanner';
import { rebalanceTargets } from '../../operations/rebalancePlanner';
import { EmptyPageState, ErrorState, LoadingState } from '../shared/ui/PageStates';
import { useOperations } from '../shared/operations/useOperations';
import { EvacuationProgress } from '../dialogs/host-maintenance/ui/EvacuationProgress';
import { canRun, effectiveProperties, stillOut, thresholdLines } from './domain/balanceInput';
import { useClusterBalance } from './domain/useClusterBalance';
import './ui/balance.css';

registerEnglish(balanceMessages);
registerEnglish(hostLifecycleMessages);

const MARK_COLOR: Record<HostMark, 'red' | 'orange' | 'green' | 'grey'> = {
  over: 'red',
  under: 'orange',
  ok: 'green',
  unbalanced: 'grey',
  not_up: 'grey',
};

function MarkLabel({ mark }: { mark: HostMark }): ReactNode {
  const { t } = useMessages();
  return (
    <Label isCompact color={MARK_COLOR[mark]} data-mark={mark}>
      {t(`balance.mark.${mark}`)}
    </Label>
  );
}

const pct = (n: number): string => `${String(Math.round(n))} %`;

function LoadCells({ load }: { load: HostLoad }): ReactNode {
  const { t } = useMessages();
  return (
    <>
      <Td dataLabel={t('balance.col.vms')}>{load.vmCount}</Td>
      <Td dataLabel={t('balance.col.cpu')}>{pct(load.cpu)}</Td>
      <Td dataLabel={t('balance.col.memory')}>{pct(load.memoryUsed)}</Td>
    </>
  );
}

/**
 * `clusterId`: the Clusters detail tab's cluster (WebAdmin's selection, `''` for none); the view
 * then shows that cluster alone, without the cluster chooser.
 */
export function BalanceView({ clusterId }: { clusterId?: string } = {}): ReactNode {
  const { t } = useMessages();
  const m = useClusterBalance(clusterId);
  const ops = useOperations();
  const [confirming, setConfirming] = useState(false);
  const op = m.opId !== undefined ? ops.find((o) => o.id === m.opId) : undefined;

  if (m.clusters.isPending) return <LoadingState />;
  if (m.clusters.isError) {
    return <ErrorState error={m.clusters.error} onRetry={() => void m.clusters.refetch()} />;
  }
  if (clusterId === '')
    return <EmptyPageState title={t('common.noSelection.title')} body={t('balance.tab.none')} />;
  if (!m.cluster)
    return (
      <EmptyPageState
        title={clusterId === undefined ? t('balance.noClusters') : t('balance.tab.gone')}
        body=""
      />
    );
  const data = m.data.data;
  const plan = m.plan;
  const rows = plan?.hosts ?? m.current?.hosts ?? [];
  const thresholds = (plan ?? m.current)?.thresholds;
  const minutes =
    data?.policy.properties.CpuOverCommitDurationMinutes ??
    (thresholds?.kind === 'cpu_memory' ? '2' : undefined);

  return (
    <section className="oc-balance" aria-labelledby="oc-balance-title">
      {clusterId === undefined ? (
        <h2 id="oc-balance-title" className="oc-sr-only">
          {t('common.main.balance')}
        </h2>
      ) : (
        <Title headingLevel="h1" size="lg" id="oc-balance-title">
          {`${t('common.main.balance')} · ${m.cluster.name}`}
        </Title>
      )}
      <div className="oc-balance-toolbar">
        {clusterId === undefined ? (
          <>
            <label htmlFor="oc-balance-cluster">{t('balance.cluster')}</label>
            <FormSelect
              id="oc-balance-cluster"
              value={m.cluster.id}
              onChange={(_e, v) => {
                m.chooseCluster(v);
              }}
              aria-label={t('balance.cluster')}
            >
              {[...m.clusters.data]
                .sort((a, b) => (a.name < b.name ? -1 : 1))
                .map((c) => (
                  <FormSelectOption key={c.id} value={c.id} label={c.name} />
                ))}
            </FormSelect>
          </>
        ) : null}
        <Button variant="secondary" onClick={m.refresh} isDisabled={m.data.isFetching}>
          {t('balance.refresh')}
        </Button>
      </div>

      {m.data.isPending ? (
        <p role="status">{t('balance.loading')}</p>
      ) : m.data.isError ? (
        <ErrorState error={m.data.error} onRetry={() => void m.data.refetch()} />
      ) : data && thresholds ? (
        <>
          <dl className="oc-balance-policy">
            <dt>{t('balance.policy')}</dt>
            <dd data-testid="balance-policy">{data.policy.name}</dd>
            <dt>{t('balance.properties')}</dt>
            <dd>
              {effectiveProperties(data.policyProperties, data.clusterProperties).length === 0
                ? t('balance.noProperties')
                : effectiveProperties(data.policyProperties, data.clusterProperties).map(
                    ([k, v]) => (
                      <code key={k} className="oc-balance-prop">
                        {k}={v}
                      </code>
                    ),
                  )}
            </dd>
          </dl>
          <ul className="oc-balance-thresholds">
            {thresholdLines(thresholds).map((line) => {
              const { key, ...params } = line;
              return <li key={key}>{t(key, params)}</li>;
            })}
            {minutes !== undefined && thresholds.kind === 'cpu_memory' ? (
              <li>{t('balance.th.reading', { minutes })}</li>
            ) : null}
          </ul>

          <Table aria-label={t('common.main.balance')} variant="compact" id="oc-balance-hosts">
            <Thead>
              <Tr>
                <Th>{t('balance.col.host')}</Th>
                <Th>{t('balance.col.state')}</Th>
                <Th>{t('balance.col.vms')}</Th>
                <Th>{t('balance.col.cpu')}</Th>
                <Th>{t('balance.col.memory')}</Th>
                {plan ? <Th>{t('balance.col.after')}</Th> : null}
              </Tr>
            </Thead>
            <Tbody>
              {rows.map((r) => (
                <Tr key={r.hostId} data-host={r.name}>
                  <Td>{r.name}</Td>
                  <Td>
                    <MarkLabel mark={r.before.mark} />
                  </Td>
                  <LoadCells load={r.before} />
                  {plan ? (
                    <Td data-after={r.after.mark}>
                      <MarkLabel mark={r.after.mark} />{' '}
                      {`${t('balance.col.vms')} ${String(r.after.vmCount)} · ${t('balance.col.cpu')} ${pct(r.after.cpu)} · ${t('balance.col.memory')} ${pct(r.after.memoryUsed)}`}
                    </Td>
                  ) : null}
                </Tr>
              ))}
            </Tbody>
          </Table>

          {op ? (
            <div className="oc-balance-run">
              <EvacuationProgress op={op} />
              {op.state !== 'running' ? (
                <Alert
                  component="p"
                  isInline
                  variant={op.state === 'done' ? 'success' : 'warning'}
                  title={t('balance.progress.done')}
                >
                  <Button variant="link" isInline onClick={m.refresh}>
                    {t('balance.refresh')}
                  </Button>
                </Alert>
              ) : null}
            </div>
          ) : (
            <>
              <div className="oc-balance-actions">
                <Button
                  variant="primary"
                  onClick={m.suggest}
                  isDisabled={thresholds.kind === 'none'}
                >
                  {t('balance.suggest')}
                </Button>
              </div>
              {plan ? (
                <PlanSection
                  plan={plan}
                  m={m}
                  headingLevel={clusterId === undefined ? 'h3' : 'h2'}
                  onRun={() => {
                    setConfirming(true);
                  }}
                />
              ) : null}
            </>
          )}
          <Modal
            isOpen={confirming && plan !== undefined}
            onClose={() => {
              setConfirming(false);
            }}
            variant="medium"
            aria-labelledby="oc-balance-confirm-title"
          >
            <ModalHeader
              title={t('balance.confirm.title', { count: plan?.moves.length ?? 0 })}
              labelId="oc-balance-confirm-title"
            />
            <ModalBody>
              <p>{t('balance.confirm.body', { concurrency: m.concurrency })}</p>
              <ul className="oc-balance-confirm-list">
                {(plan?.moves ?? []).map((mv) => (
                  <li key={mv.vmId}>
                    {mv.vmName}: {m.hostNames.get(mv.sourceHostId) ?? mv.sourceHostId} →{' '}
                    {m.hostNames.get(mv.targetHostId) ?? mv.targetHostId}
                  </li>
                ))}
              </ul>
            </ModalBody>
            <ModalFooter>
              <Button
                variant="primary"
                onClick={() => {
                  setConfirming(false);
                  m.run();
                }}
                isDisabled={!canRun(plan, m.checking)}
              >
                {t('balance.confirm.ok')}
              </Button>
              <Button
                variant="link"
                onClick={() => {
                  setConfirming(false);
                }}
              >
                {t('common.cancel')}
              </Button>
            </ModalFooter>
          </Modal>
        </>
      ) : null}
    </section>
  );
}

function PlanSection({
  plan,
  m,
  headingLevel,
  onRun,
}: {
  plan: RebalancePlan;
  m: ReturnType<typeof useClusterBalance>;
  /** One level under the view's heading (h2 in the main place, h1 in the Clusters detail tab). */
  headingLevel: 'h2' | 'h3';
  onRun: () => void;
}): ReactNode {
  const { t } = useMessages();
  const out = stillOut(plan);
  const name = (id: string): string => m.hostNames.get(id) ?? id;
  return (
    <div className="oc-balance-plan">
      <Title headingLevel={headingLevel} size="md" id="oc-balance-plan-title">
        {t('balance.plan.title')}
      </Title>
      {plan.moves.length === 0 && plan.balanced ? (
        <Alert component="p" isInline variant="success" title={t('balance.nothing')} />
      ) : plan.moves.length === 0 ? (
        <Alert component="p" isInline variant="warning" title={t('balance.plan.empty')} />
      ) : plan.balanced ? (
        <Alert
          component="p"
          isInline
          variant="info"
          title={t('balance.plan.balanced', { count: plan.moves.length })}
        />
      ) : (
        <Alert
          component="p"
          isInline
          variant="warning"
          title={t('balance.plan.partial', { names: out.join(', ') })}
        />
      )}
      {plan.stuck.length > 0 ? (
        <ul className="oc-balance-stuck">
          {plan.stuck.map((s) => (
            <li key={s.hostId}>{t('balance.plan.stuck', { host: name(s.hostId) })}</li>
          ))}
        </ul>
      ) : null}
      {!plan.valid ? (
        <Alert component="p" isInline variant="danger" title={t('balance.plan.invalid')} />
      ) : null}
      {m.checking ? <p role="status">{t('balance.checking')}</p> : null}
      {plan.moves.length > 0 ? (
        <Table aria-labelledby="oc-balance-plan-title" variant="compact" id="oc-balance-moves">
          <Thead>
            <Tr>
              <Th>{t('balance.col.vm')}</Th>
              <Th>{t('balance.col.from')}</Th>
              <Th>{t('balance.col.to')}</Th>
              <Th screenReaderText={t('balance.drop')} />
            </Tr>
          </Thead>
          <Tbody>
            {plan.moves.map((mv) => (
              <Tr key={mv.vmId} data-vm={mv.vmName}>
                <Td>
                  {mv.vmName}
                  {mv.movesWith !== undefined ? (
                    <span className="oc-balance-note">
                      {' '}
                      (
                      {t('balance.plan.with', {
                        name: plan.moves.find((x) => x.vmId === mv.movesWith)?.vmName ?? '',
                      })}
                      )
                    </span>
                  ) : null}
                  {mv.overridden ? (
                    <Label isCompact color="blue" className="oc-balance-note">
                      {t('balance.plan.edited')}
                    </Label>
                  ) : null}
                </Td>
                <Td>{name(mv.sourceHostId)}</Td>
                <Td>
                  {m.input && mv.movesWith === undefined ? (
                    <FormSelect
                      value={mv.targetHostId}
                      aria-label={`${t('balance.col.to')}: ${mv.vmName}`}
                      onChange={(_e, v) => {
                        m.setTarget(mv.vmId, v);
                      }}
                    >
                      {rebalanceTargets(m.input, mv.vmId).map((h) => (
                        <FormSelectOption key={h.id} value={h.id} label={h.name} />
                      ))}
                    </FormSelect>
                  ) : (
                    name(mv.targetHostId)
                  )}
                  {mv.issues.map((i) => (
                    <div key={i} className="oc-balance-issue">
                      {t(`hosts.evac.issue.${i}` as MessageKey)}
                    </div>
                  ))}
                </Td>
                <Td>
                  {mv.movesWith === undefined ? (
                    <Button
                      variant="link"
                      isInline
                      onClick={() => {
                        m.drop(mv.vmId);
                      }}
                      aria-label={`${t('balance.drop')}: ${mv.vmName}`}
                    >
                      {t('balance.drop')}
                    </Button>
                  ) : null}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      ) : null}
      <div className="oc-balance-actions">
        <Button variant="primary" onClick={onRun} isDisabled={!canRun(plan, m.checking)}>
          {t('balance.run')}
        </Button>
        {m.edited ? (
          <Button variant="link" onClick={m.reset}>
            {t('balance.plan.reset')}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
