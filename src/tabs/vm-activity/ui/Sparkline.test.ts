import { describe, expect, it } from 'vitest';
import { sparklinePoints } from './Sparkline';

describe('sparklinePoints', () => {
  it('maps 0..100 % onto the height, oldest left', () => {
    expect(sparklinePoints([0, 50, 100], 100, 40)).toBe('0.0,40.0 50.0,20.0 100.0,0.0');
  });
  it('clamps out-of-range values and centres a single point', () => {
    expect(sparklinePoints([150], 100, 40)).toBe('50.0,0.0');
    expect(sparklinePoints([], 100, 40)).toBe('');
  });
});
