import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIST_STATE,
  listStateToHash,
  vmListHash,
  pageSearch,
  parseListState,
  searchCriteria,
} from './listState';

describe('VM list state', () => {
  it('round-trips through the hash and leaves defaults out', () => {
    const state = {
      ...DEFAULT_LIST_STATE,
      q: 'name=web*',
      sort: 'cpu' as const,
      dir: 'desc' as const,
      page: 3,
    };
    const hash = listStateToHash(state, { view: 'vms' });
    expect(hash).toBe('view=vms&q=name%3Dweb*&sort=cpu&dir=desc&page=3');
    expect(parseListState(Object.fromEntries(new URLSearchParams(hash)))).toEqual(state);
    expect(listStateToHash(DEFAULT_LIST_STATE)).toBe('');
  });

  it("keeps the keys it does not own (the tab, the Hosts view's search) when it navigates", () => {
    const current = { view: 'vms', hq: 'cluster=Default', hpage: '2', q: 'old', page: '4' };
    const hash = new URLSearchParams(vmListHash(current, { ...DEFAULT_LIST_STATE, q: 'name=db*' }));
    expect(Object.fromEntries(hash)).toEqual({
      view: 'vms',
      hq: 'cluster=Default',
      hpage: '2',
      q: 'name=db*',
    });
  });

  it('falls back to defaults for nonsense in the hash', () => {
    expect(parseListState({ sort: 'evil', page: '-2', dir: 'sideways' })).toEqual(
      DEFAULT_LIST_STATE,
    );
  });

  it('passes the user text through and appends sort and page', () => {
    expect(pageSearch({ ...DEFAULT_LIST_STATE, q: 'name=web* and status=up' })).toBe(
      '(name=web* and status=up) sortby name asc page 1',
    );
    expect(pageSearch({ ...DEFAULT_LIST_STATE, sort: 'memory', dir: 'desc', page: 2 })).toBe(
      'sortby mem_usage desc page 2',
    );
  });

  it('adds quick filters with the engine status names', () => {
    const s = { ...DEFAULT_LIST_STATE, status: 'up' as const, cluster: 'Default' };
    expect(searchCriteria(s)).toBe('status = up and cluster = Default');
  });

  it('keeps a sortby the user wrote and does not add its own', () => {
    expect(pageSearch({ ...DEFAULT_LIST_STATE, q: 'name=a* sortby name desc' })).toBe(
      '(name=a*) sortby name desc page 1',
    );
    expect(searchCriteria({ ...DEFAULT_LIST_STATE, q: 'name=a* sortby name desc' })).toBe(
      '(name=a*)',
    );
  });
});
