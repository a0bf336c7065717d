/**
 * The engine's search grammar subset (reference §4.2):
 *   [criteria] [sortby field [asc|desc]] [page N]
 * criteria: `field op value` (`=`, `!=`, `<`, `>`, `<=`, `>=`; `*` wildcard), `and` / `or`,
 * parentheses, or a bare word (free text). Keywords and values are case-insensitive unless
 * `case_sensitive=true`. Enum fields take the engine's *backend* names (`poweringup`,
 * `waitforlaunch`), not the REST spellings; an unknown field or value is a syntax error,
 * which is the safest reading for a client (it learns of typos instead of seeing nothing).
 */

export class SearchSyntaxError extends Error {}

export type FieldValue = string | number | undefined | readonly (string | number | undefined)[];

export interface FieldDef<T> {
  type: 'string' | 'number' | 'enum' | 'date';
  get(item: T): FieldValue;
  /** enum: search spelling (lower case) → model value; order gives `<`/`>` meaning. */
  values?: readonly (readonly [string, string])[];
}

export interface SearchSpec<T> {
  fields: Record<string, FieldDef<T>>;
  /** Columns a bare word is matched against. */
  text: (item: T) => string[];
  prefixes: readonly string[];
}

export interface CompiledSearch<T> {
  filter: (item: T) => boolean;
  sort?: { compare: (a: T, b: T) => number };
  page?: number;
}

type Token =
  | { kind: 'word'; text: string; quoted: boolean; pos: number }
  | { kind: 'op'; text: '=' | '!=' | '<' | '>' | '<=' | '>='; pos: number }
  | { kind: 'lparen' | 'rparen'; pos: number };

function show(t: Token): string {
  if (t.kind === 'word' || t.kind === 'op') return t.text;
  return t.kind === 'lparen' ? '(' : ')';
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input.charAt(i);
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'lparen' : 'rparen', pos: i });
      i++;
    } else if (c === '!' || c === '<' || c === '>' || c === '=') {
      const two = input.slice(i, i + 2);
      if (two === '!=' || two === '<=' || two === '>=') {
        tokens.push({ kind: 'op', text: two, pos: i });
        i += 2;
      } else if (c === '!') {
        throw new SearchSyntaxError(`unexpected '!' at position ${String(i)}`);
      } else {
        tokens.push({ kind: 'op', text: c, pos: i });
        i++;
      }
    } else if (c === '"') {
      const end = input.indexOf('"', i + 1);
      if (end < 0) throw new SearchSyntaxError(`unterminated quote at position ${String(i)}`);
      tokens.push({ kind: 'word', text: input.slice(i + 1, end), quoted: true, pos: i });
      i = end + 1;
    } else {
      const start = i;
      while (i < input.length && !/[\s()!<>="]/.test(input.charAt(i))) i++;
      tokens.push({ kind: 'word', text: input.slice(start, i), quoted: false, pos: start });
    }
  }
  return tokens;
}

type Node<T> = (item: T) => boolean;

function globToRegExp(pattern: string, caseSensitive: boolean): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, caseSensitive ? 'su' : 'isu');
}

function parseDate(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}

function asList(v: FieldValue): (string | number | undefined)[] {
  return Array.isArray(v)
    ? [...(v as (string | number | undefined)[])]
    : [v as string | number | undefined];
}

export function compileSearch<T>(
  spec: SearchSpec<T>,
  query: string,
  caseSensitive = false,
): CompiledSearch<T> {
  let text = query.trim();
  const prefix = /^([A-Za-z]+)\s*:/.exec(text);
  if (prefix?.[1] && spec.prefixes.includes(prefix[1].toLowerCase()))
    text = text.slice(prefix[0].length);
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isKeyword = (t: Token | undefined, kw: string): boolean =>
    t?.kind === 'word' && !t.quoted && t.text.toLowerCase() === kw;
  const where = (t: Token | undefined): string =>
    t ? `at position ${String(t.pos)}` : 'at the end of the query';

  const condition = (fieldTok: Extract<Token, { kind: 'word' }>): Node<T> => {
    const op = peek();
    if (op?.kind !== 'op') {
      // A bare word searches the text columns, as the engine's free-text search does.
      const needle = fieldTok.text.replace(/\*/g, '');
      const re = globToRegExp(`*${needle}*`, caseSensitive);
      return (item) => spec.text(item).some((s) => re.test(s));
    }
    pos++;
    const valueTok = peek();
    if (
      valueTok?.kind !== 'word' ||
      (!valueTok.quoted && ['and', 'or', 'sortby', 'page'].includes(valueTok.text.toLowerCase()))
    ) {
      throw new SearchSyntaxError(
        `missing value after '${fieldTok.text}${op.text}' ${where(valueTok)}`,
      );
    }
    pos++;
    const name = fieldTok.text.toLowerCase();
    const field = spec.fields[name];
    if (!field) throw new SearchSyntaxError(`invalid field '${fieldTok.text}' ${where(fieldTok)}`);
    const raw = valueTok.text;
    const cmp = (c: number): boolean => {
      switch (op.text) {
        case '=':
          return c === 0;
        case '!=':
          return c !== 0;
        case '<':
          return c < 0;
        case '>':
          return c > 0;
        case '<=':
          return c <= 0;
        case '>=':
          return c >= 0;
      }
    };
    if (field.type === 'enum') {
      const values = field.values ?? [];
      const index = values.findIndex(([k]) => k === raw.toLowerCase());
      const hasWildcard = raw.includes('*');
      if (index < 0 && !hasWildcard)
        throw new SearchSyntaxError(
          `invalid value '${raw}' for field '${fieldTok.text}' ${where(valueTok)}`,
        );
      if (hasWildcard) {
        const re = globToRegExp(raw, false);
        const accepted = new Set(values.filter(([k]) => re.test(k)).map(([, v]) => v));
        return (item) =>
          asList(field.get(item)).some((v) =>
            op.text === '!=' ? !accepted.has(String(v)) : accepted.has(String(v)),
          );
      }
      const model = values[index]?.[1] ?? '';
      const order = (v: string): number => values.findIndex(([, m]) => m === v);
      return (item) =>
        asList(field.get(item)).some(
          (v) =>
            v !== undefined &&
            cmp(
              op.text === '=' || op.text === '!='
                ? String(v) === model
                  ? 0
                  : 1
                : order(String(v)) - index,
            ),
        );
    }
    if (field.type === 'number' || field.type === 'date') {
      const n = field.type === 'date' ? parseDate(raw) : Number(raw);
      if (n === undefined || !Number.isFinite(n))
        throw new SearchSyntaxError(
          `invalid value '${raw}' for field '${fieldTok.text}' ${where(valueTok)}`,
        );
      return (item) => asList(field.get(item)).some((v) => v !== undefined && cmp(Number(v) - n));
    }
    if (op.text === '=' || op.text === '!=') {
      const re = globToRegExp(raw, caseSensitive);
      return (item) => {
        const matches = asList(field.get(item)).some((v) => v !== undefined && re.test(String(v)));
        return op.text === '=' ? matches : !matches;
      };
    }
    const norm = (s: string): string => (caseSensitive ? s : s.toLowerCase());
    return (item) =>
      asList(field.get(item)).some(
        (v) => v !== undefined && cmp(norm(String(v)).localeCompare(norm(raw))),
      );
  };

  const primary = (): Node<T> => {
    const t = peek();
    if (t?.kind === 'lparen') {
      pos++;
      const inner = orExpr();
      if (peek()?.kind !== 'rparen') throw new SearchSyntaxError(`missing ')' ${where(peek())}`);
      pos++;
      return inner;
    }
    if (
      t?.kind === 'word' &&
      !isKeyword(t, 'and') &&
      !isKeyword(t, 'or') &&
      !isKeyword(t, 'sortby') &&
      !isKeyword(t, 'page')
    ) {
      pos++;
      return condition(t);
    }
    throw new SearchSyntaxError(`unexpected ${t ? `'${show(t)}'` : 'end of query'} ${where(t)}`);
  };

  const andExpr = (): Node<T> => {
    const parts = [primary()];
    while (isKeyword(peek(), 'and')) {
      pos++;
      parts.push(primary());
    }
    return parts.length === 1 && parts[0] ? parts[0] : (item) => parts.every((p) => p(item));
  };

  function orExpr(): Node<T> {
    const parts = [andExpr()];
    while (isKeyword(peek(), 'or')) {
      pos++;
      parts.push(andExpr());
    }
    return parts.length === 1 && parts[0] ? parts[0] : (item) => parts.some((p) => p(item));
  }

  let filter: Node<T> = () => true;
  const first = peek();
  if (first && !isKeyword(first, 'sortby') && !isKeyword(first, 'page')) filter = orExpr();

  let sort: CompiledSearch<T>['sort'];
  if (isKeyword(peek(), 'sortby')) {
    pos++;
    const f = peek();
    if (f?.kind !== 'word') throw new SearchSyntaxError(`missing field after 'sortby' ${where(f)}`);
    const field = spec.fields[f.text.toLowerCase()];
    if (!field) throw new SearchSyntaxError(`invalid sort field '${f.text}' ${where(f)}`);
    pos++;
    let dir = 1;
    if (isKeyword(peek(), 'asc')) pos++;
    else if (isKeyword(peek(), 'desc')) {
      dir = -1;
      pos++;
    }
    const key = (item: T): string | number => {
      const v = asList(field.get(item))[0];
      return v === undefined ? '' : typeof v === 'number' ? v : v.toLowerCase();
    };
    sort = {
      compare: (a, b) => {
        const x = key(a);
        const y = key(b);
        if (typeof x === 'number' && typeof y === 'number') return (x - y) * dir;
        return String(x).localeCompare(String(y)) * dir;
      },
    };
  }

  let page: number | undefined;
  if (isKeyword(peek(), 'page')) {
    pos++;
    const n = peek();
    if (n?.kind !== 'word' || !/^\d+$/.test(n.text) || Number(n.text) < 1) {
      throw new SearchSyntaxError(`invalid page number ${where(n)}`);
    }
    page = Number(n.text);
    pos++;
  }
  const rest = peek();
  if (rest) throw new SearchSyntaxError(`unexpected '${show(rest)}' ${where(rest)}`);
  return { filter, sort, page };
}

/** Applies a compiled search plus `max` (page size) the way the engine's SQL does. */
export function runSearch<T>(
  items: readonly T[],
  compiled: CompiledSearch<T> | undefined,
  max: number | undefined,
): T[] {
  let out = compiled ? items.filter(compiled.filter) : [...items];
  if (compiled?.sort) out.sort(compiled.sort.compare);
  if (max !== undefined) {
    const page = compiled?.page ?? 1;
    out = out.slice((page - 1) * max, page * max);
  }
  return out;
}
