/**
 * An operation's steps, each with its state: a numbered list when there are two or more, and a
 * single line when there is one (a rebalance, say: "1." before its only step says nothing).
 * Used by the drawer's operation cards, the maintenance and balance progress and the rolling
 * upgrade dialog.
 */
import { Label } from '@patternfly/react-core';
import { memo } from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import type { MessageKey } from '../../../messages/catalogue';
import type { OperationStep } from '../../../operations/operationsStore';

const STEP_COLOR: Record<OperationStep['state'], 'grey' | 'blue' | 'green' | 'red'> = {
  pending: 'grey',
  running: 'blue',
  done: 'green',
  failed: 'red',
  skipped: 'grey',
};

/** A step's state, as the drawer shows it (Waiting, Running, Done, Failed, Skipped). */
export function StepStateLabel({ state }: { state: OperationStep['state'] }): ReactNode {
  const { t } = useMessages();
  return (
    <Label isCompact color={STEP_COLOR[state]}>
      {t(`vms.op.step.${state}` as MessageKey)}
    </Label>
  );
}

export const StepList = memo(function StepList({
  steps,
  className,
  detailClassName,
  label,
  id,
}: {
  steps: readonly OperationStep[];
  /** The list's class (its indent for the numbers); a single step is not indented. */
  className: string;
  detailClassName: string;
  label?: string;
  id?: string;
}): ReactNode {
  const step = (s: OperationStep): ReactNode => (
    <>
      <StepStateLabel state={s.state} /> <span>{s.name}</span>
      {s.detail ? <span className={detailClassName}> — {s.detail}</span> : null}
    </>
  );
  const [only] = steps;
  if (only === undefined) return null;
  if (steps.length === 1) {
    return (
      <p className="oc-step-single" data-state={only.state} id={id}>
        {step(only)}
      </p>
    );
  }
  return (
    <ol className={className} aria-label={label} id={id}>
      {steps.map((s, i) => (
        <li key={`${String(i)}-${s.name}`} data-state={s.state}>
          {step(s)}
        </li>
      ))}
    </ol>
  );
});
