import { describe, expect, it } from 'vitest';
import { selectionWith } from './useRowSelection';

const row = (id: string, status = 'up') => ({ id, status });

describe('selectionWith', () => {
  it('adds and removes rows and leaves rows of other pages alone', () => {
    const page1 = [row('a'), row('b')];
    const page2 = [row('c')];
    let sel = selectionWith(new Map(), page1, true);
    sel = selectionWith(sel, page2, true);
    expect([...sel.keys()]).toEqual(['a', 'b', 'c']);
    sel = selectionWith(sel, page1, false);
    expect([...sel.keys()]).toEqual(['c']);
    sel = selectionWith(sel, [row('c')], false);
    expect(sel.size).toBe(0);
  });

  it('never changes the map it was given', () => {
    const old = new Map([['a', row('a')]]);
    selectionWith(old, [row('b')], true);
    expect([...old.keys()]).toEqual(['a']);
  });
});
