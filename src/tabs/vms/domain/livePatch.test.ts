import { describe, expect, it } from 'vitest';
import { patchPage } from './livePatch';
import type { ListedVm } from './vmListRead';

const vm = (id: string, status: ListedVm['status'] = 'down'): ListedVm => ({
  id,
  name: `vm-${id}`,
  status,
  memory: 1024,
});

describe('a live refresh of rows (issue 14: React renders only when it must)', () => {
  const page = [vm('a'), vm('b'), vm('c')];

  it('is quiet when it only changes rows of unselected VMs, in place and in order', () => {
    const out = patchPage(page, ['b'], [vm('b', 'up')], new Set(['a']));
    expect(out.quiet).toBe(true);
    expect(out.page.map((v) => `${v.id}:${v.status}`)).toEqual(['a:down', 'b:up', 'c:down']);
    expect(out.page[0]).toBe(page[0]);
  });

  it('is not quiet when a refreshed VM is selected (the toolbar reads its status)', () => {
    const out = patchPage(page, ['b', 'c'], [vm('b', 'up'), vm('c')], new Set(['c']));
    expect(out.quiet).toBe(false);
    expect(out.page.map((v) => v.status)).toEqual(['down', 'up', 'down']);
  });

  it('is not quiet when a VM left the page (removed: the engine no longer returns it)', () => {
    const out = patchPage(page, ['a', 'b'], [vm('b', 'up')], new Set());
    expect(out.quiet).toBe(false);
    expect(out.page.map((v) => v.id)).toEqual(['b', 'c']);
  });
});
