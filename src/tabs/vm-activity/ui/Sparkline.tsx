/**
 * A hand-drawn SVG sparkline for a percent series (the engine's `*.usage.history`, one point per
 * 30 s, given oldest first: see `domain/history.ts`). No chart library: a polyline and an area, coloured with PF tokens.
 */
import type { ReactNode } from 'react';

export function sparklinePoints(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return '';
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map((v, i) => {
      const clamped = Math.min(100, Math.max(0, v));
      const x = values.length > 1 ? i * step : width / 2;
      const y = height - (clamped / 100) * height;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

export function Sparkline({
  values,
  label,
  emptyText,
}: {
  values: readonly number[];
  label: string;
  emptyText: string;
}): ReactNode {
  const width = 160;
  const height = 40;
  const last = values[values.length - 1];
  if (values.length === 0 || last === undefined)
    return <span className="oc-muted">{emptyText}</span>;
  const points = sparklinePoints(values, width, height);
  return (
    <figure className="oc-sparkline">
      <svg
        viewBox={`0 0 ${String(width)} ${String(height)}`}
        width={width}
        height={height}
        role="img"
        aria-label={`${label}: ${last.toFixed(0)} %`}
        preserveAspectRatio="none"
      >
        <polygon
          className="oc-sparkline-area"
          points={`0,${String(height)} ${points} ${String(width)},${String(height)}`}
        />
        <polyline className="oc-sparkline-line" points={points} fill="none" />
      </svg>
      <figcaption>
        {label} <strong>{last.toFixed(0)} %</strong>
      </figcaption>
    </figure>
  );
}
