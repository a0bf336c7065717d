import { describe, expect, it } from 'vitest';
import { hostListHash, hostPageSearch, parseHostListState } from './hostListState';

describe('host list state', () => {
  it('round-trips through the hash without touching the VM view keys', () => {
    const state = parseHostListState({
      hq: 'cluster=Default',
      hsort: 'cpu',
      hdir: 'desc',
      hpage: '2',
    });
    const hash = hostListHash({ view: 'hosts', q: 'name=web*' }, state);
    const params = Object.fromEntries(new URLSearchParams(hash));
    expect(params).toMatchObject({ view: 'hosts', q: 'name=web*' });
    expect(parseHostListState(params)).toEqual(state);
  });

  it('appends sort and page unless the admin wrote their own', () => {
    expect(
      hostPageSearch(parseHostListState({ hq: 'status=up', hsort: 'memory', hpage: '3' })),
    ).toBe('(status=up) sortby mem_usage asc page 3');
    expect(hostPageSearch(parseHostListState({ hq: 'status=up sortby name desc' }))).toBe(
      '(status=up) sortby name desc page 1',
    );
    expect(hostPageSearch(parseHostListState({ hq: 'cluster=A page 2' }))).toBe(
      '(cluster=A) sortby name asc page 2',
    );
  });

  it("keeps the admin's unfinished text in parentheses, apart from our sort", () => {
    // Issue 13 pt 13: `status=up and sortby …` made the engine blame our `sortby`.
    expect(hostPageSearch(parseHostListState({ hq: 'status=up and' }))).toBe(
      '(status=up and) sortby name asc page 1',
    );
    expect(hostPageSearch(parseHostListState({ hq: '  ' }))).toBe('sortby name asc page 1');
  });

  it('falls back to defaults for values it does not know', () => {
    expect(parseHostListState({ hsort: 'nonsense', hpage: '-1', hdir: 'up' })).toEqual({
      q: '',
      sort: 'name',
      dir: 'asc',
      page: 1,
      size: 0,
    });
  });
});
