/**
 * Saved searches, per WebAdmin user (`loginUserId()`), in localStorage: they are worth keeping
 * across sessions and hold only search text the user typed, never credentials.
 */

export interface SavedSearch {
  name: string;
  query: string;
  /** The quick filters in force when it was saved ('' or absent: any). */
  status?: string;
  cluster?: string;
  host?: string;
}

/** The parts of the VM list a saved search restores. */
export interface SearchFilters {
  q: string;
  status: string;
  cluster: string;
  host: string;
}

const FILTERS = ['status', 'cluster', 'host'] as const;

function optionalString(v: unknown): boolean {
  return v === undefined || typeof v === 'string';
}

/** A saved search as the list state it stands for. */
export function savedAsFilters(s: SavedSearch): SearchFilters {
  return { q: s.query, status: s.status ?? '', cluster: s.cluster ?? '', host: s.host ?? '' };
}

/** The saved search the list shows now, if one matches the search text and every quick filter. */
export function activeSavedSearch(
  saved: readonly SavedSearch[],
  current: SearchFilters,
): SavedSearch | undefined {
  return saved.find((s) => {
    const f = savedAsFilters(s);
    return f.q.trim() === current.q.trim() && FILTERS.every((k) => f[k] === current[k]);
  });
}

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const PREFIX = 'ops-center:saved-searches:';
const MAX_SAVED = 30;

function key(userId: string): string {
  return `${PREFIX}${userId || 'anonymous'}`;
}

export function loadSavedSearches(storage: StorageLike, userId: string): SavedSearch[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(key(userId)) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (s): s is SavedSearch =>
        typeof s === 'object' &&
        s !== null &&
        typeof (s as SavedSearch).name === 'string' &&
        typeof (s as SavedSearch).query === 'string' &&
        FILTERS.every((k) => optionalString((s as SavedSearch)[k])),
    );
  } catch {
    return [];
  }
}

function store(storage: StorageLike, userId: string, list: SavedSearch[]): SavedSearch[] {
  try {
    storage.setItem(key(userId), JSON.stringify(list));
  } catch {
    // Storage full or disabled: the list still works for this page's lifetime.
  }
  return list;
}

/** Saving under an existing name replaces it (and moves it first): the page asks first. */
export function saveSearch(
  storage: StorageLike,
  userId: string,
  search: SavedSearch,
): SavedSearch[] {
  const name = search.name.trim();
  if (!name) return loadSavedSearches(storage, userId);
  const rest = loadSavedSearches(storage, userId).filter((s) => s.name !== name);
  const entry: SavedSearch = { name, query: search.query };
  for (const k of FILTERS) {
    const v = search[k];
    if (v) entry[k] = v;
  }
  return store(storage, userId, [entry, ...rest].slice(0, MAX_SAVED));
}

/** Puts back a deleted search where it was (the page's Undo). */
export function restoreSavedSearch(
  storage: StorageLike,
  userId: string,
  search: SavedSearch,
  index: number,
): SavedSearch[] {
  const list = loadSavedSearches(storage, userId).filter((s) => s.name !== search.name);
  list.splice(Math.max(0, Math.min(index, list.length)), 0, search);
  return store(storage, userId, list.slice(0, MAX_SAVED));
}

export function deleteSavedSearch(
  storage: StorageLike,
  userId: string,
  name: string,
): SavedSearch[] {
  return store(
    storage,
    userId,
    loadSavedSearches(storage, userId).filter((s) => s.name !== name),
  );
}
