/**
 * Back to Ops Center after a reload there. WebAdmin's first navigation waits only for plugins
 * with `lazyLoad: false`; Ops Center loads lazily, so on a reload of `#ops-center` the place
 * manager finds no such place yet, reveals the default place and rewrites the URL. The host page
 * therefore remembers, in the top window's sessionStorage (this browser tab only), whether the
 * admin is on our main place, and after a reload that landed elsewhere reveals it once.
 * Nothing secret is stored: one flag.
 */
import { PLACE_TOKENS } from '../plugin-api/pages';
import { revealPlace } from '../plugin-api/pluginApi';

export const PLACE_MARKER = 'ops-center.onPlace';

/** The admin was on our place, this page load is a reload, and WebAdmin shows another place. */
export function shouldReturn(marked: boolean, reload: boolean, onOurPlace: boolean): boolean {
  return marked && reload && !onOurPlace;
}

/** Call in UiInit, after the places are added. Never throws (no storage: no return, as before). */
export function returnAfterReload(top: Window | null | undefined): void {
  try {
    if (!top) return;
    const store = top.sessionStorage;
    // `#ops-center` or `#ops-center;…` (not the detail places' `ops-center-…` tokens)
    const ours = () => /^#ops-center(;|$)/.test(top.location.hash);
    const mark = () => {
      if (ours()) store.setItem(PLACE_MARKER, '1');
      else store.removeItem(PLACE_MARKER);
    };
    const back = shouldReturn(
      store.getItem(PLACE_MARKER) === '1',
      (top.performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)
        ?.type === 'reload',
      ours(),
    );
    mark();
    top.addEventListener('hashchange', mark);
    if (back) revealPlace(PLACE_TOKENS.main);
  } catch {
    // storage blocked or the top window unreachable: WebAdmin's default place, as without this
  }
}
