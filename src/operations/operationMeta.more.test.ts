/** The side record of where each VM was before the action: a missing or damaged one reads empty. */
import { describe, expect, it } from 'vitest';
import { readMeta, writeMeta } from './operationMeta';

function mem() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => {
      map.set(k, v);
    },
  };
}

describe('operation meta', () => {
  it('reads back what was written, and empty maps when nothing or junk is stored', () => {
    const s = mem();
    expect(readMeta(s, 'op')).toEqual({ fromHost: {}, fromStatus: {} });
    writeMeta(s, 'op', { fromHost: { v: 'h1' }, fromStatus: { v: 'up' } });
    expect(readMeta(s, 'op')).toEqual({ fromHost: { v: 'h1' }, fromStatus: { v: 'up' } });
    const key = [...s.map.keys()][0] ?? '';
    for (const junk of ['5', '"text"', '{broken', 'null']) {
      s.map.set(key, junk);
      expect(readMeta(s, 'op')).toEqual({ fromHost: {}, fromStatus: {} });
    }
  });

  it('a refused write does not throw (the runner falls back to the record)', () => {
    const s = {
      getItem: () => null,
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(() => {
      writeMeta(s, 'op', { fromHost: {}, fromStatus: {} });
    }).not.toThrow();
  });
});
