/**
 * Saved searches, per WebAdmin user (`loginUserId()`), in localStorage: they are worth keeping
 * across sessions and hold only search text the user typed, never credentials.
 */

export interface SavedSearch {
  name: string;
  query: string;
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
        typeof (s as SavedSearch).query === 'string',
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

/** Saving under an existing name replaces it (and moves it first). */
export function saveSearch(
  storage: StorageLike,
  userId: string,
  search: SavedSearch,
): SavedSearch[] {
  const name = search.name.trim();
  if (!name) return loadSavedSearches(storage, userId);
  const rest = loadSavedSearches(storage, userId).filter((s) => s.name !== name);
  return store(storage, userId, [{ name, query: search.query }, ...rest].slice(0, MAX_SAVED));
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
