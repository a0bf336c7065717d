/**
 * The plan before it runs: VM → target (editable), blockers with reasons, and free memory before
 * and after per host. Engine names are rendered as text.
 */
import {
  Alert,
  Button,
  FormSelect,
  FormSelectOption,
  Label,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReactNode } from 'react';
import type { EvacuationPlan, PlannerHost } from '../../../../operations/evacuationPlanner';
import { blockerText } from '../../../../operations/evacuationRecord';
import { formatBytes } from '../../../hosts/domain/hostLoad';
import { useMessages } from '../../../../messages/catalogue';
import type { MessageKey } from '../../../../messages/catalogue';

export interface EvacuationPlanViewProps {
  plan: EvacuationPlan;
  hostNames: ReadonlyMap<string, string>;
  choicesFor: (vmId: string) => PlannerHost[];
  onTarget: (vmId: string, hostId: string) => void;
}

export function EvacuationPlanView({
  plan,
  hostNames,
  choicesFor,
  onTarget,
}: EvacuationPlanViewProps): ReactNode {
  const { t, locale } = useMessages();
  const bytes = (n: number): string => formatBytes(n, locale);
  const name = (id: string): string => hostNames.get(id) ?? id;
  return (
    <>
      <section aria-labelledby="oc-evac-moves">
        <Title headingLevel="h2" size="md" id="oc-evac-moves">
          {t('hosts.evac.moves', { count: plan.moves.length })}
        </Title>
        {plan.moves.length > 0 ? (
          <Table aria-labelledby="oc-evac-moves" variant="compact" id="oc-evac-moves-table">
            <Thead>
              <Tr>
                <Th modifier="wrap">{t('hosts.evac.col.vm')}</Th>
                <Th modifier="wrap">{t('hosts.evac.col.memory')}</Th>
                <Th modifier="wrap">{t('hosts.evac.col.from')}</Th>
                <Th modifier="wrap">{t('hosts.evac.col.target')}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {plan.moves.map((m) => {
                const choices = choicesFor(m.vmId);
                const invalid = m.issues.length > 0;
                return (
                  <Tr key={m.vmId} data-vm-id={m.vmId}>
                    <Td dataLabel={t('hosts.evac.col.vm')}>{m.vmName}</Td>
                    <Td dataLabel={t('hosts.evac.col.memory')}>{bytes(m.memory)}</Td>
                    <Td dataLabel={t('hosts.evac.col.from')}>{name(m.sourceHostId)}</Td>
                    <Td dataLabel={t('hosts.evac.col.target')}>
                      <div className="oc-evac-target">
                        <FormSelect
                          value={m.targetHostId}
                          aria-label={t('hosts.evac.targetFor', { name: m.vmName })}
                          validated={invalid ? 'error' : 'default'}
                          onChange={(_e, value) => {
                            onTarget(m.vmId, value);
                          }}
                        >
                          {choices.some((c) => c.id === m.targetHostId) ? null : (
                            <FormSelectOption value={m.targetHostId} label={name(m.targetHostId)} />
                          )}
                          {choices.map((c) => (
                            <FormSelectOption key={c.id} value={c.id} label={c.name} />
                          ))}
                        </FormSelect>
                        {m.overridden ? (
                          <Label isCompact color="blue">
                            {t('hosts.evac.overridden')}
                          </Label>
                        ) : null}
                      </div>
                      {invalid ? (
                        <div className="oc-evac-issue" role="alert">
                          {m.issues.map((i) => t(`hosts.evac.issue.${i}` as MessageKey)).join('; ')}
                        </div>
                      ) : null}
                    </Td>
                  </Tr>
                );
              })}
            </Tbody>
          </Table>
        ) : null}
      </section>

      {plan.blockers.length > 0 ? (
        <section aria-labelledby="oc-evac-blockers">
          <Title headingLevel="h2" size="md" id="oc-evac-blockers">
            {t('hosts.evac.blockers', { count: plan.blockers.length })}
          </Title>
          <Table aria-labelledby="oc-evac-blockers" variant="compact" id="oc-evac-blockers-table">
            <Thead>
              <Tr>
                <Th modifier="wrap">{t('hosts.evac.col.vm')}</Th>
                <Th modifier="wrap">{t('hosts.evac.col.memory')}</Th>
                <Th modifier="wrap">{t('hosts.evac.col.from')}</Th>
                <Th modifier="wrap">{t('hosts.evac.col.reason')}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {plan.blockers.map((b) => (
                <Tr key={b.vmId} data-vm-id={b.vmId}>
                  <Td dataLabel={t('hosts.evac.col.vm')}>{b.vmName}</Td>
                  <Td dataLabel={t('hosts.evac.col.memory')}>{bytes(b.memory)}</Td>
                  <Td dataLabel={t('hosts.evac.col.from')}>{name(b.sourceHostId)}</Td>
                  <Td dataLabel={t('hosts.evac.col.reason')}>
                    {blockerText(t, b, bytes(b.memory))}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </section>
      ) : null}

      <section aria-labelledby="oc-evac-memory">
        <Title headingLevel="h2" size="md" id="oc-evac-memory">
          {t('hosts.evac.memory')}
        </Title>
        <Table aria-labelledby="oc-evac-memory" variant="compact" id="oc-evac-memory-table">
          <Thead>
            <Tr>
              <Th modifier="wrap">{t('hosts.evac.col.host')}</Th>
              <Th modifier="wrap">{t('hosts.evac.col.role')}</Th>
              <Th modifier="wrap">{t('hosts.evac.col.before')}</Th>
              <Th modifier="wrap">{t('hosts.evac.col.after')}</Th>
              <Th modifier="wrap">{t('hosts.evac.col.vmsInOut')}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {plan.hosts.map((h) => (
              <Tr key={h.hostId} data-host-id={h.hostId}>
                <Td dataLabel={t('hosts.evac.col.host')}>{h.name}</Td>
                <Td dataLabel={t('hosts.evac.col.role')}>{t(`hosts.evac.role.${h.role}`)}</Td>
                <Td dataLabel={t('hosts.evac.col.before')}>{bytes(h.freeBefore)}</Td>
                <Td
                  dataLabel={t('hosts.evac.col.after')}
                  className={h.freeAfter < 0 ? 'oc-evac-over' : undefined}
                >
                  {bytes(h.freeAfter)}
                </Td>
                <Td dataLabel={t('hosts.evac.col.vmsInOut')}>
                  {h.vmsIn} / {h.vmsOut}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </section>
    </>
  );
}

export function PlanToolbar({
  onReplan,
  onReset,
  onRefresh,
  hasOverrides,
  refreshing,
}: {
  onReplan: () => void;
  onReset: () => void;
  onRefresh: () => void;
  hasOverrides: boolean;
  refreshing: boolean;
}): ReactNode {
  const { t } = useMessages();
  return (
    <Toolbar>
      <ToolbarContent>
        <ToolbarItem>
          <Button variant="secondary" isDisabled={!hasOverrides} onClick={onReplan}>
            {t('hosts.evac.replan')}
          </Button>
        </ToolbarItem>
        <ToolbarItem>
          <Button variant="link" isDisabled={!hasOverrides} onClick={onReset}>
            {t('hosts.evac.reset')}
          </Button>
        </ToolbarItem>
        <ToolbarItem>
          <Button variant="link" isLoading={refreshing} onClick={onRefresh}>
            {t('hosts.evac.refresh')}
          </Button>
        </ToolbarItem>
      </ToolbarContent>
    </Toolbar>
  );
}

export function PlanWarnings({
  plan,
  hostNames,
}: {
  plan: EvacuationPlan;
  hostNames: ReadonlyMap<string, string>;
}): ReactNode {
  const { t } = useMessages();
  const blockedHosts = [...new Set(plan.blockers.map((b) => b.sourceHostId))].map(
    (id) => hostNames.get(id) ?? id,
  );
  return (
    <>
      {plan.moves.length === 0 && plan.blockers.length === 0 ? (
        <Alert component="p" isInline variant="info" title={t('hosts.evac.nothingToMove')} />
      ) : null}
      {blockedHosts.length > 0 ? (
        <Alert
          component="p"
          isInline
          variant="warning"
          title={t('hosts.evac.blockersWarn', { names: blockedHosts.join(', ') })}
        />
      ) : null}
      {!plan.valid ? (
        <Alert component="p" isInline variant="danger" title={t('hosts.evac.invalid')} />
      ) : null}
    </>
  );
}
