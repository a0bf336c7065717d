/**
 * Links to the main place that carry its search. The views keep their state (search, sort, page,
 * tab) in this frame's hash, which WebAdmin's address bar does not show, and the plugin API has
 * no call that puts parameters in WebAdmin's URL (`revealPlace` takes a bare place token). So the
 * page offers a link instead: WebAdmin's own address with the frame's state in a query parameter
 * WebAdmin ignores, and the main place's token in the hash:
 * `…/webadmin/?ops-center-state=<the frame's hash, URL-encoded>#ops-center`.
 *
 * The state is in the query, not in a place parameter, because Ops Center loads lazily: on a
 * fresh load WebAdmin's first navigation does not know the place yet, shows its default place and
 * rewrites the hash. The query survives that; the page adopts the state when it opens.
 *
 * @example
 *   mainPlaceLink('#q=status%3Dup', 'https://engine/ovirt-engine/webadmin/?locale=en_US#vms')
 *   // 'https://engine/ovirt-engine/webadmin/?locale=en_US&ops-center-state=q%3Dstatus%253Dup#ops-center'
 */
import { PLACE_TOKENS } from '../../plugin-api/pages';
import { topPlace } from '../../plugin-api/pluginApi';

export const STATE_PARAM = 'ops-center-state';

/** WebAdmin's address (`top.location.href`) opening the main place with the frame's state. */
export function mainPlaceLink(frameHash: string, webadminHref: string): string {
  const url = new URL(webadminHref);
  const state = frameHash.startsWith('#') ? frameHash.slice(1) : frameHash;
  url.searchParams.delete(STATE_PARAM);
  if (state !== '') url.searchParams.set(STATE_PARAM, state);
  url.hash = PLACE_TOKENS.main;
  return url.href;
}

/**
 * The state a link brought: in WebAdmin's query, or as a place parameter of the main place
 * (`#ops-center;ops-center-state=…`, when WebAdmin already knew the place).
 */
export function stateFromTop(
  search: string,
  place: { token: string; params: Record<string, string> } | null,
): string | undefined {
  const fromQuery = new URLSearchParams(search).get(STATE_PARAM);
  if (fromQuery) return fromQuery;
  if (place?.token !== PLACE_TOKENS.main) return undefined;
  const state = place.params[STATE_PARAM];
  return state !== undefined && state !== '' ? state : undefined;
}

function topSearch(): string {
  try {
    return window.top?.location.search ?? '';
  } catch {
    return '';
  }
}

/**
 * On load: a frame opened without state of its own takes the one the link carried. Replaces the
 * history entry, so Back does not return to an empty search.
 */
export function adoptLinkedState(
  loc: Pick<Location, 'hash' | 'pathname' | 'search'> = window.location,
  history: Pick<History, 'replaceState'> = window.history,
  top: { search: string; place: ReturnType<typeof topPlace> } = {
    search: topSearch(),
    place: topPlace(),
  },
): boolean {
  const state = stateFromTop(top.search, top.place);
  if (state === undefined || (loc.hash !== '' && loc.hash !== '#')) return false;
  history.replaceState(null, '', `${loc.pathname}${loc.search}#${state}`);
  return true;
}
