import { describe, expect, it } from 'vitest';
import { historyOldestFirst } from './history';

describe('historyOldestFirst', () => {
  it('turns the engine’s newest-first series into the sparkline’s oldest-first order', () => {
    const stats = [
      { name: 'cpu.usage.history', values: [30, 20, 10] },
      { name: 'memory.usage.history', values: [5] },
    ];
    expect(historyOldestFirst(stats, 'cpu.usage.history')).toEqual([10, 20, 30]);
    // The input is left as it was (query data is shared).
    expect(stats[0]?.values).toEqual([30, 20, 10]);
    expect(historyOldestFirst(stats, 'network.usage.history')).toEqual([]);
    expect(historyOldestFirst(undefined, 'cpu.usage.history')).toEqual([]);
  });
});
