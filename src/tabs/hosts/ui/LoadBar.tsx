/** A compact percentage bar with its number as text (the number is what screen readers get). */
import {
  Progress,
  ProgressMeasureLocation,
  ProgressSize,
  ProgressVariant,
} from '@patternfly/react-core';
import type { ReactNode } from 'react';

export function LoadBar({ value, label }: { value: number | undefined; label: string }): ReactNode {
  if (value === undefined) return <span className="oc-muted">—</span>;
  const rounded = Math.round(value);
  return (
    <Progress
      value={rounded}
      title=""
      aria-label={label}
      size={ProgressSize.sm}
      measureLocation={ProgressMeasureLocation.outside}
      variant={
        rounded >= 90 ? ProgressVariant.danger : rounded >= 75 ? ProgressVariant.warning : undefined
      }
      className="oc-load-bar"
    />
  );
}
