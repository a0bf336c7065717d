import { describe, expect, it } from 'vitest';
import { appendSample, HISTORY_LENGTH } from '../domain/useHostLoad';
import { sparklinePoints } from './Sparkline';

describe('sparklinePoints', () => {
  it('maps 0 to the bottom and max to the top, left to right', () => {
    const pts = sparklinePoints([0, 50, 100], 100);
    expect(pts).toHaveLength(3);
    const [first, mid, last] = pts;
    expect(first?.[1]).toBeGreaterThan(mid?.[1] ?? 0);
    expect(mid?.[1]).toBeGreaterThan(last?.[1] ?? 0);
    expect(first?.[0]).toBeLessThan(last?.[0] ?? 0);
  });

  it('clamps values outside the scale and copes with no data', () => {
    expect(sparklinePoints([])).toEqual([]);
    const [over] = sparklinePoints([150], 100);
    const [top] = sparklinePoints([100], 100);
    expect(over?.[1]).toBe(top?.[1]);
  });
});

describe('appendSample', () => {
  it('keeps only the newest samples', () => {
    let history: { time: number }[] = [];
    for (let i = 0; i < HISTORY_LENGTH + 5; i++) history = appendSample(history, { time: i });
    expect(history).toHaveLength(HISTORY_LENGTH);
    expect(history[0]?.time).toBe(5);
  });
});
