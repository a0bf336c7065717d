import { describe, expect, it } from 'vitest';
import {
  quoteSearchValue,
  searchQuery,
  searchStatusNames,
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
