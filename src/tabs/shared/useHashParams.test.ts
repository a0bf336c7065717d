import { describe, expect, it } from 'vitest';
import { pageUrl } from '../../plugin-api/pages';
import { parseHash, splitIds } from './useHashParams';

describe('hash context', () => {
  it('reads back what the host page writes', () => {
    const url = pageUrl('vmBulk', { ids: 'a-1,b-2', action: 'start' });
    const hash = url.slice(url.indexOf('#'));
    expect(parseHash(hash)).toEqual({ ids: 'a-1,b-2', action: 'start' });
    expect(splitIds(parseHash(hash).ids)).toEqual(['a-1', 'b-2']);
  });

  it('treats an empty hash as no selection', () => {
    expect(parseHash('#')).toEqual({});
    expect(parseHash('')).toEqual({});
    expect(splitIds(undefined)).toEqual([]);
    expect(splitIds('a,,b,')).toEqual(['a', 'b']);
  });
});
