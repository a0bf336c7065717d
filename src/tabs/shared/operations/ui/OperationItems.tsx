/**
 * One operation's items (or steps): name, state, progress, detail and the engine's error text —
 * all rendered as text. Used by the drawer and by the dialogs that started the operation.
 */
import { Button, Label, Progress, ProgressSize } from '@patternfly/react-core';
import { memo, useState } from 'react';
import type { CSSProperties, ReactNode } from 'react';
import { useVirtualRows } from '../../ui/useVirtualRows';
import { StepList } from '../../ui/StepList';
import { useMessages } from '../../../../messages/catalogue';
import type { MessageKey } from '../../../../messages/catalogue';
import type {
  OperationItem,
  OperationRecord,
  OperationStep,
} from '../../../../operations/operationsStore';
import {
  canCancelMigration,
  migratesVms,
  readCancelMarks,
} from '../../../../operations/migrationCancel';

const ITEM_COLOR: Record<OperationItem['state'], 'grey' | 'blue' | 'green' | 'red' | 'orange'> = {
  pending: 'grey',
  sent: 'blue',
  in_progress: 'blue',
  done: 'green',
  failed: 'red',
  skipped: 'grey',
  cancelled: 'orange',
};

function duration(item: OperationItem): number | undefined {
  if (item.actionSentAt === undefined || item.finishedAt === undefined) return undefined;
  return Math.max(0, Math.round((item.finishedAt - item.actionSentAt) / 1000));
}

const ItemRow = memo(function ItemRow({
  item,
  style,
  index,
  onCancelMigration,
}: {
  item: OperationItem;
  style: CSSProperties | undefined;
  /** aria-rowindex, when the list is windowed. */
  index: number | undefined;
  /** Set while this item's migration can be cancelled. */
  onCancelMigration: ((vmId: string) => void) | undefined;
}): ReactNode {
  const { t } = useMessages();
  const secs = duration(item);
  // Done: where the VM is now ("Down"); before that: where it is going ("Target: Down"), in the
  // words the status column uses, never the engine's raw value.
  // Host and upgrade items carry their target already in words: those are shown as they are.
  const targetText = (i: OperationItem): string => {
    const key = `vms.status.${i.target ?? ''}` as MessageKey;
    const named = t(key);
    const status = named === key ? (i.target ?? '') : named;
    return i.state === 'done' ? status : t('vms.op.target', { target: status });
  };
  return (
    <tr
      data-vm-id={item.id}
      data-state={item.state}
      style={style}
      aria-rowindex={index !== undefined ? index + 1 : undefined}
    >
      <th scope="row">{item.name}</th>
      <td>
        <Label color={ITEM_COLOR[item.state]} isCompact>
          {t(`vms.op.item.${item.state}` as MessageKey)}
        </Label>
      </td>
      <td className="oc-op-detail">
        {item.state === 'in_progress' && item.progress !== undefined ? (
          <Progress
            value={item.progress}
            size={ProgressSize.sm}
            aria-label={item.detail ?? item.name}
            title={item.detail ?? ''}
          />
        ) : null}
        {item.error ? (
          <span className="oc-op-error">{item.error}</span>
        ) : item.state !== 'in_progress' || item.progress === undefined ? (
          <span>{item.detail ?? (item.target ? targetText(item) : '')}</span>
        ) : null}
      </td>
      <td className="oc-op-duration">
        {secs !== undefined ? t('vms.op.duration', { seconds: secs }) : ''}
        {onCancelMigration ? (
          <Button
            variant="link"
            size="sm"
            isInline
            onClick={() => {
              onCancelMigration(item.id);
            }}
          >
            {t('vms.op.cancelMigration')}
          </Button>
        ) : null}
      </td>
    </tr>
  );
});

/**
 * Beyond VIRTUAL_THRESHOLD items only the rows in view are mounted (a scroll box of fixed-height
 * rows); rows are memoized, so an update to one item renders that row alone.
 */
export const OperationItems = memo(function OperationItems({
  op,
  onCancelMigration,
}: {
  op: OperationRecord;
  onCancelMigration?: ((opId: string, vmId: string) => void) | undefined;
}): ReactNode {
  const { items, title } = op;
  // Asked here (hidden at once), or marked by any page of this tab (migrationCancel.ts).
  const [asked, setAsked] = useState<ReadonlySet<string>>(new Set());
  const marks =
    onCancelMigration && migratesVms(op)
      ? readCancelMarks(window.sessionStorage, op.id)
      : undefined;
  const cancelOf = (item: OperationItem): ((vmId: string) => void) | undefined =>
    marks && !asked.has(item.id) && canCancelMigration(op, item.id, marks)
      ? (vmId) => {
          setAsked((s) => new Set(s).add(vmId));
          onCancelMigration?.(op.id, vmId);
        }
      : undefined;
  const { scrollBox, ...rows } = useVirtualRows(items.length);
  return (
    <div
      ref={scrollBox}
      style={rows.boxStyle}
      className={rows.virtual ? 'oc-op-items-scroll' : undefined}
      tabIndex={rows.virtual ? 0 : undefined}
    >
      <table
        className={rows.virtual ? 'oc-op-items oc-op-items--virtual' : 'oc-op-items'}
        aria-label={title}
        aria-rowcount={rows.virtual ? items.length : undefined}
      >
        <tbody>
          {rows.padTop > 0 ? (
            <tr aria-hidden="true" className="oc-virtual-pad">
              <td colSpan={4} style={{ height: rows.padTop }} />
            </tr>
          ) : null}
          {rows.indexes.map((i) => {
            const item = items[i];
            return item ? (
              <ItemRow
                key={item.id}
                item={item}
                style={rows.rowStyle}
                index={rows.virtual ? i : undefined}
                onCancelMigration={cancelOf(item)}
              />
            ) : null;
          })}
          {rows.padBottom > 0 ? (
            <tr aria-hidden="true" className="oc-virtual-pad">
              <td colSpan={4} style={{ height: rows.padBottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
});

export function OperationSteps({ steps }: { steps: readonly OperationStep[] }): ReactNode {
  return <StepList steps={steps} className="oc-op-steps" detailClassName="oc-op-step-detail" />;
}

export function operationCounts(op: OperationRecord): {
  done: number;
  failed: number;
  skipped: number;
  /** Never sent because the admin cancelled the rest: not the same as skipped. */
  cancelled: number;
  pending: number;
} {
  return countItems(op.items);
}

/**
 * The counter shown in an operation's header. An evacuation's record also holds the host it
 * empties: its counter counts the VMs alone ("12 done" for 12 VMs), the host has its own step.
 */
export function summaryCounts(op: OperationRecord): ReturnType<typeof operationCounts> {
  const vms = op.items.filter((i) => i.entity === 'vm');
  return countItems(vms.length > 0 && vms.length < op.items.length ? vms : op.items);
}

function countItems(items: OperationRecord['items']): ReturnType<typeof operationCounts> {
  const c = { done: 0, failed: 0, skipped: 0, cancelled: 0, pending: 0 };
  for (const i of items) {
    if (i.state === 'done') c.done++;
    else if (i.state === 'failed') c.failed++;
    else if (i.state === 'skipped') c.skipped++;
    else if (i.state === 'cancelled') c.cancelled++;
    else c.pending++;
  }
  return c;
}
