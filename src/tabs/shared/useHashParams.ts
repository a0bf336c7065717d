/**
 * The page's context from its URL hash (`vm-activity.html#id=…`, `vm-bulk.html#action=start&ids=a,b`).
 * The host page changes only the hash when the selection changes, so the page follows it here
 * instead of reloading.
 *
 * @example
 *   const { id } = useHashParams();
 *   const ids = splitIds(useHashParams().ids);
 */
import { useMemo, useSyncExternalStore } from 'react';
import { invalidEngineIds } from '../../rest/ids';
import { parseHash } from './hashParams';

export { parseHash };

/** `a,b,,c` → `['a','b','c']` (ids never contain commas). */
export function splitIds(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * The values of the hash's `id` and `ids` that are not engine ids. A page refuses to run with
 * any (see PageRoot): `ids=*` must not put the whole fleet into a confirmation.
 */
export function invalidHashIds(params: Record<string, string>): string[] {
  return invalidEngineIds([...splitIds(params.id), ...splitIds(params.ids)]);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
  };
}

const snapshot = (): string => window.location.hash;

export function useHashParams(): Record<string, string> {
  const hash = useSyncExternalStore(subscribe, snapshot, () => '');
  return useMemo(() => parseHash(hash), [hash]);
}
