// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import {
  activeSavedSearch,
  deleteSavedSearch,
  loadSavedSearches,
  restoreSavedSearch,
  saveSearch,
} from './savedSearches';

describe('saved searches', () => {
  beforeEach(() => {
    localStorage.clear();
  });

  it('keeps each user’s searches apart', () => {
    saveSearch(localStorage, 'alice', { name: 'web', query: 'name=web*' });
    saveSearch(localStorage, 'bob', { name: 'down', query: 'status=down' });
    expect(loadSavedSearches(localStorage, 'alice')).toEqual([{ name: 'web', query: 'name=web*' }]);
    expect(loadSavedSearches(localStorage, 'bob')).toEqual([
      { name: 'down', query: 'status=down' },
    ]);
  });

  it('replaces a search saved under the same name and puts it first', () => {
    saveSearch(localStorage, 'u', { name: 'a', query: '1' });
    saveSearch(localStorage, 'u', { name: 'b', query: '2' });
    const list = saveSearch(localStorage, 'u', { name: 'a', query: '3' });
    expect(list).toEqual([
      { name: 'a', query: '3' },
      { name: 'b', query: '2' },
    ]);
  });

  it('ignores blank names, deletes by name and survives corrupt storage', () => {
    expect(saveSearch(localStorage, 'u', { name: '  ', query: 'x' })).toEqual([]);
    saveSearch(localStorage, 'u', { name: 'a', query: '1' });
    expect(deleteSavedSearch(localStorage, 'u', 'a')).toEqual([]);
    localStorage.setItem('ops-center:saved-searches:u', '{bad');
    expect(loadSavedSearches(localStorage, 'u')).toEqual([]);
  });

  it('keeps the quick filters with the text, and knows which saved search is shown', () => {
    // Issue 13 pt 12: saving dropped status, cluster and host.
    const list = saveSearch(localStorage, 'u', {
      name: 'prod up',
      query: 'name=web*',
      status: 'up',
      cluster: 'Production',
      host: '',
    });
    expect(list).toEqual([
      { name: 'prod up', query: 'name=web*', status: 'up', cluster: 'Production' },
    ]);
    expect(loadSavedSearches(localStorage, 'u')).toEqual(list);
    const shown = { q: 'name=web*', status: 'up', cluster: 'Production', host: '' };
    expect(activeSavedSearch(list, shown)?.name).toBe('prod up');
    expect(activeSavedSearch(list, { ...shown, status: '' })).toBeUndefined();
    expect(activeSavedSearch(list, { ...shown, host: 'host-01' })).toBeUndefined();
  });

  it('puts a deleted search back where it was', () => {
    saveSearch(localStorage, 'u', { name: 'c', query: '3' });
    saveSearch(localStorage, 'u', { name: 'b', query: '2' });
    saveSearch(localStorage, 'u', { name: 'a', query: '1' });
    deleteSavedSearch(localStorage, 'u', 'b');
    expect(
      restoreSavedSearch(localStorage, 'u', { name: 'b', query: '2' }, 1).map((s) => s.name),
    ).toEqual(['a', 'b', 'c']);
  });
});
