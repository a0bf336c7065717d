// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { deleteSavedSearch, loadSavedSearches, saveSearch } from './savedSearches';

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
});
