/**
 * The up-front migration checks decide what the confirmation lists as skipped; the per-VM engine
 * question is bounded so a large selection does not fire hundreds of requests.
 */
import { describe, expect, it } from 'vitest';
import {
  PER_VM_TARGET_CHECK_LIMIT,
  migrateSkip,
  vmsWithoutTarget,
  withMigrateSkips,
} from './migrateChecks';

describe('withMigrateSkips', () => {
  it('sets the reason on refused VMs and leaves the others as they are', () => {
    const ok = { id: 'a', hostId: 'h1', placementHostIds: ['h1', 'h2'] };
    const pinned = { id: 'b', hostId: 'h1', placementAffinity: 'pinned' };
    const outside = { id: 'c', hostId: 'h1', placementHostIds: ['h1', 'h2'] };
    const out = withMigrateSkips([ok, pinned], { noTargetIds: new Set(['zz']) });
    expect(out[0]).toBe(ok);
    expect(out[1]).toEqual({ ...pinned, skip: 'pinnedToHost' });
    expect(withMigrateSkips([outside], { targetHostId: 'h3' })[0]?.skip).toBe('targetNotAllowed');
    expect(withMigrateSkips([outside])[0]).toBe(outside);
  });

  it('an empty pinning list allows any host, and a pinned VM is reported as pinned first', () => {
    expect(
      migrateSkip({ id: 'a', hostId: 'h1', placementHostIds: [] }, { targetHostId: 'h9' }),
    ).toBeUndefined();
    expect(
      migrateSkip(
        { id: 'a', hostId: 'h1', placementAffinity: 'pinned', placementHostIds: ['h1'] },
        { noTargetIds: new Set(['a']) },
      ),
    ).toBe('pinnedToHost');
    // A VM whose list names only its own host cannot go anywhere, whatever the target.
    expect(
      migrateSkip({ id: 'a', hostId: 'h1', placementHostIds: ['h1'] }, { targetHostId: 'h2' }),
    ).toBe('onlyThisHost');
    expect(
      migrateSkip(
        { id: 'a', hostId: 'h1', placementHostIds: ['h1', 'h2'] },
        { targetHostId: 'h2', noTargetIds: new Set(['a']) },
      ),
    ).toBe('noTarget');
  });
});

describe('vmsWithoutTarget', () => {
  it(`asks VM by VM up to ${PER_VM_TARGET_CHECK_LIMIT} VMs, four at a time by default`, async () => {
    expect(PER_VM_TARGET_CHECK_LIMIT).toBe(50);
    const ids = Array.from({ length: 50 }, (_, i) => `v${i}`);
    let inFlight = 0;
    let peak = 0;
    const none = await vmsWithoutTarget(ids, async (asked) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      return asked[0] === 'v7' ? [] : [{ id: 'h1' }];
    });
    expect([...(none ?? [])]).toEqual(['v7']);
    expect(peak).toBe(4);
    expect(await vmsWithoutTarget([...ids, 'v50'], () => Promise.resolve([]))).toBeUndefined();
  });

  it('stops asking once the dialog is closed', async () => {
    const asked: string[] = [];
    let closed = false;
    await vmsWithoutTarget(
      ['a', 'b', 'c'],
      (ids) => {
        asked.push(...ids);
        closed = true;
        return Promise.resolve([]);
      },
      { concurrency: 1, aborted: () => closed },
    );
    expect(asked).toEqual(['a']);
  });
});
