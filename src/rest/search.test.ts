import { describe, expect, it } from 'vitest';
import {
  quoteSearchValue,
  searchQuery,
  searchStatusNames,
  splitSearchText,
  wildcardFilter,
  wildcardMatch,
} from './search';

describe('search query builder', () => {
  it('quotes values that the engine tokenizer would split or misread', () => {
    expect(quoteSearchValue('web-01')).toBe('web-01');
    expect(quoteSearchValue('web*')).toBe('web*');
    expect(quoteSearchValue('my vm')).toBe('"my vm"');
    expect(quoteSearchValue('and')).toBe('"and"');
    expect(quoteSearchValue('a=b')).toBe('"a=b"');
    expect(quoteSearchValue('')).toBe('""');
    expect(quoteSearchValue(42)).toBe('42');
    // No escape exists for a double quote: it widens to a wildcard instead of breaking out.
    expect(quoteSearchValue('x" or name=*')).toBe('"x* or name=*"');
  });

  it('maps REST status names to the engine search names', () => {
    expect(searchStatusNames('vm', 'powering_up')).toEqual(['poweringup']);
    expect(searchStatusNames('vm', 'wait_for_launch')).toEqual(['waitforlaunch']);
    expect(searchStatusNames('vm', 'migrating')).toEqual(['migratingfrom', 'migratingto']);
    expect(searchStatusNames('host', 'preparing_for_maintenance')).toEqual([
      'preparingformaintenance',
    ]);
    expect(searchStatusNames('host', 'non_responsive')).toEqual(['nonresponsive']);
  });

  it('builds criteria, sort and page', () => {
    const q = searchQuery()
      .where('name', 'web*')
      .whereStatus('vm', ['up', 'powering_up'])
      .where('memory', 1024, '>=')
      .sortBy('name', 'desc')
      .page(2);
    expect(q.toString()).toBe(
      'name = web* and (status = up or status = poweringup) and memory >= 1024 sortby name desc page 2',
    );
    expect(searchQuery().whereStatus('vm', 'up').toString()).toBe('status = up');
    expect(searchQuery().whereAny('id', []).toString()).toBe('');
    expect(searchQuery().raw('  ').raw('cluster=Default or host=h1').toString()).toBe(
      '(cluster=Default or host=h1)',
    );
    expect(searchQuery().sortBy('name').hasSort).toBe(true);
    expect(searchQuery().hasCriteria).toBe(false);
  });

  it('rejects fields and pages that would inject syntax', () => {
    expect(() => searchQuery().where('name = x or id', 'y')).toThrow(TypeError);
    expect(() => searchQuery().sortBy('name desc page 9')).toThrow(TypeError);
    expect(() => searchQuery().page(0)).toThrow(RangeError);
  });

  it('clones without sharing state', () => {
    const base = searchQuery().where('name', 'a');
    const copy = base.clone().page(3);
    expect(base.toString()).toBe('name = a');
    expect(copy.toString()).toBe('name = a page 3');
  });
});

describe('wildcard filter', () => {
  it('matches * and ? case-insensitively, everything else literally', () => {
    expect(wildcardMatch('web*', 'WEB-01')).toBe(true);
    expect(wildcardMatch('web?1', 'web01')).toBe(true);
    expect(wildcardMatch('web?1', 'web001')).toBe(false);
    expect(wildcardMatch('a.b', 'axb')).toBe(false);
    expect(wildcardMatch('(x)+', '(x)+')).toBe(true);
    expect(wildcardMatch('Web*', 'web', true)).toBe(false);
  });

  it('filters items by a field', () => {
    const items = [{ n: 'db1' }, { n: 'web1' }, { n: undefined }];
    expect(wildcardFilter(items, (i) => i.n, 'w*')).toEqual([{ n: 'web1' }]);
    expect(wildcardFilter(items, (i) => i.n, '*')).toHaveLength(3);
    expect(wildcardFilter(items, (i) => i.n, '')).toHaveLength(3);
  });
});

describe('search details a change would break silently', () => {
  it('quotes an empty value, and a value that is only a double quote', () => {
    expect(quoteSearchValue('')).toBe('""');
    expect(quoteSearchValue('"')).toBe('*');
  });

  it('maps migrating to two names for VMs only', () => {
    expect(searchStatusNames('host', 'migrating')).toEqual(['migrating']);
    expect(searchStatusNames('vm', 'up')).toEqual(['up']);
  });

  it('names the bad field, sort field or page', () => {
    expect(() => searchQuery().where('x y', 1)).toThrow('Bad search field: x y');
    expect(() => searchQuery().sortBy('1name')).toThrow('Bad sort field: 1name');
    expect(() => searchQuery().sortBy(' name')).toThrow('Bad sort field:  name');
    expect(() => searchQuery().page(0)).toThrow('Bad page: 0');
    expect(() => searchQuery().page(1.5)).toThrow(RangeError);
    expect(searchQuery().page(1).toString()).toBe('page 1');
    expect(searchQuery().sortBy('name').toString()).toBe('sortby name asc');
  });

  it('reports sort and criteria only when there are some', () => {
    expect(searchQuery().hasSort).toBe(false);
    expect(searchQuery().where('a', 1).hasCriteria).toBe(true);
    expect(searchQuery().whereAny('id', ['a']).toString()).toBe('id = a');
    expect(searchQuery().whereAny('id', ['a', 'b']).toString()).toBe('(id = a or id = b)');
  });

  it('matches across lines and case as asked', () => {
    expect(wildcardMatch('a*b', 'a\nb')).toBe(true);
    expect(wildcardMatch('a*b', 'A\nB')).toBe(true);
    expect(wildcardMatch('a*b', 'A\nB', true)).toBe(false);
    expect(wildcardMatch('a*b', 'a\nb', true)).toBe(true);
    const items = [{ n: 'Web1' }, { n: 'db' }];
    expect(wildcardFilter(items, (i) => i.n, 'web*')).toEqual([{ n: 'Web1' }]);
    expect(wildcardFilter(items, (i) => i.n, 'web*', true)).toEqual([]);
    expect(wildcardFilter([{ n: undefined }], (i) => i.n, '?')).toEqual([]);
  });

  it("splits the admin's text into criteria, its own sortby and page", () => {
    expect(splitSearchText('name=web* sortby name desc page 2')).toEqual({
      criteria: 'name=web*',
      sort: 'sortby name desc',
      page: 'page 2',
    });
    expect(splitSearchText('  status=up  ')).toEqual({ criteria: 'status=up', sort: '', page: '' });
    expect(splitSearchText('SortBy name PAGE 10 ')).toEqual({
      criteria: '',
      sort: 'SortBy name',
      page: 'PAGE 10',
    });
    expect(splitSearchText('name=page 2x')).toEqual({
      criteria: 'name=page 2x',
      sort: '',
      page: '',
    });
    expect(splitSearchText('name=mypage 3')).toEqual({
      criteria: 'name=mypage 3',
      sort: '',
      page: '',
    });
    expect(splitSearchText('name=x page  12')).toEqual({
      criteria: 'name=x',
      sort: '',
      page: 'page  12',
    });
  });
});
