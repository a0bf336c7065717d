/**
 * Links to the main place that carry its search. The views keep their state (search, sort, page,
 * tab) in this frame's hash, which WebAdmin's address bar does not show. The plugin API has no
 * call that puts parameters in WebAdmin's URL (`revealPlace` takes a bare place token), so the
 * page offers a link instead: WebAdmin's own address with the place token and one GWTP place
 * parameter, `#ops-center;state=<the frame's hash, URL-encoded>`. WebAdmin opens the place from
 * it (the parameter is ignored by WebAdmin), and the page, on load, takes its state from it.
 *
 * @example
 *   mainPlaceLink('#q=status%3Dup', 'https://engine/ovirt-engine/webadmin/?locale=en_US')
 *   // 'https://engine/ovirt-engine/webadmin/?locale=en_US#ops-center;state=q%3Dstatus%253Dup'
 */
import { PLACE_TOKENS } from '../../plugin-api/pages';
import { topPlace } from '../../plugin-api/pluginApi';

export const STATE_PARAM = 'state';

/** WebAdmin's address (`top.location.href`) opening the main place with the frame's state. */
export function mainPlaceLink(frameHash: string, webadminHref: string): string {
  const base = webadminHref.split('#')[0] ?? webadminHref;
  const state = frameHash.startsWith('#') ? frameHash.slice(1) : frameHash;
  const token = PLACE_TOKENS.main;
  return state === ''
    ? `${base}#${token}`
    : `${base}#${token};${STATE_PARAM}=${encodeURIComponent(state)}`;
}

/** The state a link brought (WebAdmin's place is the main place with `state=`), if any. */
export function stateFromPlace(
  place: { token: string; params: Record<string, string> } | null,
): string | undefined {
  if (place?.token !== PLACE_TOKENS.main) return undefined;
  const state = place.params[STATE_PARAM];
  return state !== undefined && state !== '' ? state : undefined;
}

/**
 * On load: a frame opened without state of its own takes the one the link carried. Replaces the
 * history entry, so Back does not return to an empty search.
 */
export function adoptLinkedState(
  loc: Pick<Location, 'hash' | 'pathname' | 'search'> = window.location,
  history: Pick<History, 'replaceState'> = window.history,
  place = topPlace(),
): boolean {
  const state = stateFromPlace(place);
  if (state === undefined || (loc.hash !== '' && loc.hash !== '#')) return false;
  history.replaceState(null, '', `${loc.pathname}${loc.search}#${state}`);
  return true;
}
