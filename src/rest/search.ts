/**
 * The engine's search language (engine-rest-api.md §4.2), built safely.
 *
 * @example
 * searchQuery().where('name', 'web*').whereIn('status', ['up', 'powering_up'], 'vm')
 *   .sortBy('name').toString()
 * // → 'name = web* and (status = up or status = poweringup) sortby name asc'
 */
import type { HostStatus, VmStatus } from './models';

export type SearchOperator = '=' | '!=' | '<' | '>' | '<=' | '>=';
export type SearchEntity = 'vm' | 'host';

const KEYWORDS = new Set(['and', 'or', 'sortby', 'page', 'asc', 'desc']);

/**
 * Quotes a value when the engine's tokenizer would split or misread it. The grammar has no escape
 * for `"`: a double quote is replaced by the `*` wildcard (the match gets wider, never wrong
 * elsewhere); pair it with `wildcardFilter` when exactness matters.
 */
export function quoteSearchValue(value: string | number): string {
  const text = String(value).replace(/"/g, '*');
  if (text === '') return '""';
  if (/^[A-Za-z0-9_.\-*:/@]+$/.test(text) && !KEYWORDS.has(text.toLowerCase())) return text;
  return `"${text}"`;
}

/**
 * REST status names → the backend enum names the search engine knows (`powering_up` →
 * `poweringup`, `wait_for_launch` → `waitforlaunch`). A VM `migrating` is two backend states.
 */
export function searchStatusNames(entity: SearchEntity, status: VmStatus | HostStatus): string[] {
  if (entity === 'vm' && status === 'migrating') return ['migratingfrom', 'migratingto'];
  return [status.replace(/_/g, '')];
}

function condition(field: string, op: SearchOperator, value: string | number): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(field)) throw new TypeError(`Bad search field: ${field}`);
  return `${field} ${op} ${quoteSearchValue(value)}`;
}

export class SearchQuery {
  private readonly clauses: string[] = [];
  private sort: string | undefined;
  private pageNumber: number | undefined;

  /** `field op value`; the value is quoted as needed. */
  where(field: string, value: string | number, op: SearchOperator = '='): this {
    this.clauses.push(condition(field, op, value));
    return this;
  }

  /** `(field = a or field = b)`; nothing is added for an empty list. */
  whereAny(field: string, values: readonly (string | number)[]): this {
    if (values.length === 0) return this;
    const parts = values.map((v) => condition(field, '=', v));
    this.clauses.push(parts.length === 1 ? (parts[0] ?? '') : `(${parts.join(' or ')})`);
    return this;
  }

  /** `status` in REST spelling, mapped to the engine's search names. */
  whereStatus(
    entity: SearchEntity,
    statuses: VmStatus | HostStatus | readonly (VmStatus | HostStatus)[],
  ): this {
    const list = typeof statuses === 'string' ? [statuses] : statuses;
    return this.whereAny(
      'status',
      list.flatMap((s) => searchStatusNames(entity, s)),
    );
  }

  /** A caller-written criterion (e.g. the user's search box), kept in parentheses. */
  raw(criteria: string): this {
    const trimmed = criteria.trim();
    if (trimmed !== '') this.clauses.push(`(${trimmed})`);
    return this;
  }

  sortBy(field: string, order: 'asc' | 'desc' = 'asc'): this {
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(field)) throw new TypeError(`Bad sort field: ${field}`);
    this.sort = `sortby ${field} ${order}`;
    return this;
  }

  /** 1-based; needs `max` on the request to mean anything. */
  page(n: number): this {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`Bad page: ${n}`);
    this.pageNumber = n;
    return this;
  }

  get hasSort(): boolean {
    return this.sort !== undefined;
  }

  get hasCriteria(): boolean {
    return this.clauses.length > 0;
  }

  clone(): SearchQuery {
    const copy = new SearchQuery();
    copy.clauses.push(...this.clauses);
    copy.sort = this.sort;
    copy.pageNumber = this.pageNumber;
    return copy;
  }

  toString(): string {
    const parts = [this.clauses.join(' and ')];
    if (this.sort !== undefined) parts.push(this.sort);
    if (this.pageNumber !== undefined) parts.push(`page ${this.pageNumber}`);
    return parts.filter((p) => p !== '').join(' ');
  }
}

export function searchQuery(): SearchQuery {
  return new SearchQuery();
}

/**
 * `*` (any run) / `?` (one character) matching, case-insensitive by default, for fields the
 * engine cannot search (or to make a widened engine search exact).
 */
export function wildcardMatch(pattern: string, text: string, caseSensitive = false): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, caseSensitive ? 's' : 'is').test(text);
}

/** Keeps the items whose `field(item)` matches `pattern` (see `wildcardMatch`). */
export function wildcardFilter<T>(
  items: readonly T[],
  field: (item: T) => string | undefined,
  pattern: string,
  caseSensitive = false,
): T[] {
  if (pattern === '' || pattern === '*') return [...items];
  return items.filter((item) => wildcardMatch(pattern, field(item) ?? '', caseSensitive));
}

/** The admin's search text split into its criteria and their own `sortby …` / `page N` tail. */
export function splitSearchText(text: string): { criteria: string; sort: string; page: string } {
  const pageMatch = /\bpage\s+\d+\s*$/i.exec(text);
  const withoutPage = pageMatch ? text.slice(0, pageMatch.index) : text;
  const sortAt = withoutPage.search(/\bsortby\b/i);
  return {
    criteria: (sortAt >= 0 ? withoutPage.slice(0, sortAt) : withoutPage).trim(),
    sort: sortAt >= 0 ? withoutPage.slice(sortAt).trim() : '',
    page: pageMatch ? pageMatch[0].trim() : '',
  };
}
