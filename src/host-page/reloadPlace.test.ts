import { afterEach, describe, expect, it, vi } from 'vitest';
import { setTopWindowGetter } from '../plugin-api/pluginApi';
import { PLACE_MARKER, returnAfterReload, shouldReturn } from './reloadPlace';

/** A WebAdmin top window: its hash, this tab's sessionStorage, the navigation type, a pluginApi. */
function fakeTop(hash: string, navType: string, marked: boolean) {
  const storage = new Map<string, string>(marked ? [[PLACE_MARKER, '1']] : []);
  const listeners: (() => void)[] = [];
  const revealPlace = vi.fn();
  const api = { pluginName: 'ops-center', revealPlace };
  const top = {
    location: { hash, origin: 'https://engine.test' },
    sessionStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => storage.set(k, v),
      removeItem: (k: string) => storage.delete(k),
    },
    performance: { getEntriesByType: () => [{ type: navType }] },
    addEventListener: (_: string, f: () => void) => listeners.push(f),
    removeEventListener: () => undefined,
    pluginApi: () => api,
  };
  setTopWindowGetter(() => top as unknown as Window);
  return {
    top: top as unknown as Window,
    revealPlace,
    marked: () => storage.get(PLACE_MARKER) === '1',
    go(next: string) {
      top.location.hash = next;
      for (const f of listeners) f();
    },
  };
}

afterEach(() => {
  setTopWindowGetter();
});

describe('shouldReturn', () => {
  it('returns only on a reload that the marker says left our place', () => {
    expect(shouldReturn(true, true, false)).toBe(true);
    expect(shouldReturn(true, false, false)).toBe(false);
    expect(shouldReturn(false, true, false)).toBe(false);
    expect(shouldReturn(true, true, true)).toBe(false);
  });
});

describe('returnAfterReload', () => {
  it('reveals Ops Center once after a reload on it that WebAdmin rewrote to its default place', () => {
    const w = fakeTop('#vms', 'reload', true);
    returnAfterReload(w.top);
    expect(w.revealPlace).toHaveBeenCalledTimes(1);
    expect(w.revealPlace).toHaveBeenCalledWith('ops-center');
  });

  it('does not move a load that is not a reload', () => {
    const w = fakeTop('#vms', 'navigate', true);
    returnAfterReload(w.top);
    expect(w.revealPlace).not.toHaveBeenCalled();
    expect(w.marked()).toBe(false);
  });

  it('sets the marker on our place and clears it elsewhere, so a reload elsewhere stays there', () => {
    const w = fakeTop('#vms', 'navigate', false);
    returnAfterReload(w.top);
    w.go('#ops-center');
    expect(w.marked()).toBe(true);
    w.go('#ops-center-vm-activity;name=vm1');
    expect(w.marked()).toBe(false);
    w.go('#ops-center');
    w.go('#hosts');
    expect(w.marked()).toBe(false);
    // the next page load of the top window: a reload on Hosts
    const again = fakeTop('#hosts', 'reload', w.marked());
    returnAfterReload(again.top);
    expect(again.revealPlace).not.toHaveBeenCalled();
  });

  it('never throws without storage or a top window', () => {
    expect(() => {
      returnAfterReload(undefined);
      returnAfterReload({} as Window);
    }).not.toThrow();
  });
});
