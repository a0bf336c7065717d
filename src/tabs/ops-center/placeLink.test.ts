import { describe, expect, it, vi } from 'vitest';
import { adoptLinkedState, mainPlaceLink, stateFromTop } from './placeLink';

const WEBADMIN = 'https://engine.test/ovirt-engine/webadmin/?locale=en_US';

describe('links to the main place carry its search', () => {
  it("puts the frame's state in WebAdmin's URL, where a rewritten hash cannot lose it", () => {
    const frameHash = '#view=vms&q=name%3Dweb*+and+status%3Dup&sort=cpu&page=2';
    const link = new URL(mainPlaceLink(frameHash, `${WEBADMIN}#vms`));
    expect(link.hash).toBe('#ops-center');
    expect(link.searchParams.get('locale')).toBe('en_US');
    // WebAdmin rewrote the hash to its default place: the state is still there.
    const state = stateFromTop(link.search, { token: 'vms', params: {} });
    expect(state).toBe(frameHash.slice(1));
    expect(new URLSearchParams(state).get('q')).toBe('name=web* and status=up');
  });

  it('links to the bare place when there is no state, and replaces an older state', () => {
    expect(mainPlaceLink('', WEBADMIN)).toBe(`${WEBADMIN}#ops-center`);
    const again = new URL(mainPlaceLink('#q=b', `${WEBADMIN}&ops-center-state=q%3Da`));
    expect(again.searchParams.getAll('ops-center-state')).toEqual(['q=b']);
  });

  it('a page opened from such a link starts with its search; one with its own state keeps it', () => {
    const top = { search: '?ops-center-state=q%3Dstatus%253Ddown', place: null };
    const replaceState = vi.fn();
    const loc = { hash: '', pathname: '/plugin/ops-center/ops-center.html', search: '' };
    expect(adoptLinkedState(loc, { replaceState }, top)).toBe(true);
    expect(replaceState).toHaveBeenCalledWith(
      null,
      '',
      '/plugin/ops-center/ops-center.html#q=status%3Ddown',
    );
    replaceState.mockClear();
    expect(adoptLinkedState({ ...loc, hash: '#q=x' }, { replaceState }, top)).toBe(false);
    expect(adoptLinkedState(loc, { replaceState }, { search: '', place: null })).toBe(false);
    expect(replaceState).not.toHaveBeenCalled();
  });

  it('also reads the state as a parameter of the main place', () => {
    const place = { token: 'ops-center', params: { 'ops-center-state': 'q=x' } };
    expect(stateFromTop('', place)).toBe('q=x');
    expect(stateFromTop('', { ...place, token: 'vms' })).toBeUndefined();
  });
});
