/**
 * A hand-drawn SVG sparkline (no chart library): the series scaled into a small box, the last
 * point marked. `max` fixes the scale (100 for percentages); otherwise the series' own maximum.
 * The picture is decorative; the label carries the numbers for screen readers.
 */
import type { ReactNode } from 'react';

const WIDTH = 160;
const HEIGHT = 36;
const PAD = 2;

export function sparklinePoints(values: readonly number[], max?: number): [number, number][] {
  if (values.length === 0) return [];
  const top = max ?? Math.max(...values, 1);
  const step = values.length > 1 ? (WIDTH - 2 * PAD) / (values.length - 1) : 0;
  return values.map((v, i) => {
    const ratio = top > 0 ? Math.max(0, Math.min(1, v / top)) : 0;
    return [PAD + i * step, HEIGHT - PAD - ratio * (HEIGHT - 2 * PAD)];
  });
}

export function Sparkline({
  values,
  max,
  label,
}: {
  values: readonly number[];
  max?: number;
  label: string;
}): ReactNode {
  const points = sparklinePoints(values, max);
  const last = points[points.length - 1];
  const path = points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  return (
    <svg
      className="oc-sparkline"
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${String(WIDTH)} ${String(HEIGHT)}`}
      role="img"
      aria-label={label}
    >
      <line x1={0} y1={HEIGHT - PAD} x2={WIDTH} y2={HEIGHT - PAD} className="oc-sparkline-axis" />
      {points.length > 1 ? <polyline points={path} className="oc-sparkline-line" /> : null}
      {last ? <circle cx={last[0]} cy={last[1]} r={2.5} className="oc-sparkline-dot" /> : null}
    </svg>
  );
}
