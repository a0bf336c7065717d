import { describe, expect, it, vi } from 'vitest';
import { parsePlaceToken } from '../../plugin-api/pluginApi';
import { adoptLinkedState, mainPlaceLink, stateFromPlace } from './placeLink';

const WEBADMIN = 'https://engine.test/ovirt-engine/webadmin/?locale=en_US';

describe('links to the main place carry its search', () => {
  it("puts the frame's state in WebAdmin's URL as a place parameter, and reads it back", () => {
    const frameHash = '#view=vms&q=name%3Dweb*+and+status%3Dup&sort=cpu&page=2';
    const link = mainPlaceLink(frameHash, `${WEBADMIN}#ops-center`);
    expect(link.startsWith(`${WEBADMIN}#ops-center;state=`)).toBe(true);
    // GWTP's separators stay out of the value.
    expect(link.split('#')[1]?.split(';')).toHaveLength(2);
    expect((link.split('#')[1] ?? '').split('=')).toHaveLength(2);
    const place = parsePlaceToken(`#${link.split('#')[1] ?? ''}`);
    expect(place.token).toBe('ops-center');
    expect(stateFromPlace(place)).toBe(frameHash.slice(1));
    expect(new URLSearchParams(stateFromPlace(place)).get('q')).toBe('name=web* and status=up');
  });

  it('links to the bare place when there is no state', () => {
    expect(mainPlaceLink('', WEBADMIN)).toBe(`${WEBADMIN}#ops-center`);
  });

  it('a page opened from such a link starts with its search; one with its own state keeps it', () => {
    const place = { token: 'ops-center', params: { state: 'q=status%3Ddown' } };
    const replaceState = vi.fn();
    const loc = { hash: '', pathname: '/plugin/ops-center/ops-center.html', search: '' };
    expect(adoptLinkedState(loc, { replaceState }, place)).toBe(true);
    expect(replaceState).toHaveBeenCalledWith(
      null,
      '',
      '/plugin/ops-center/ops-center.html#q=status%3Ddown',
    );
    replaceState.mockClear();
    expect(adoptLinkedState({ ...loc, hash: '#q=x' }, { replaceState }, place)).toBe(false);
    expect(
      adoptLinkedState(loc, { replaceState }, { token: 'vms', params: { state: 'q=x' } }),
    ).toBe(false);
    expect(replaceState).not.toHaveBeenCalled();
  });
});
