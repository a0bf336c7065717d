/**
 * The small message syntax every catalogue text uses (a subset of ICU MessageFormat, no
 * dependency):
 *
 * - `{name}`: a parameter; numbers are formatted with `Intl.NumberFormat` in the locale.
 * - `{count, plural, =0 {none} one {# VM} other {# VMs}}`: the branch is chosen by an exact
 *   `=N` match, then by `Intl.PluralRules(locale)`, then `other`; `#` is the formatted number.
 *
 * Texts are plain text, never HTML. A parameter missing from `params` stays visible as `{name}`
 * (a bug shows up on screen instead of vanishing).
 *
 * @example
 *   format('{count, plural, one {# VM} other {# VMs}}', { count: 2 }, 'en-US') // "2 VMs"
 */
export type MessageParams = Record<string, string | number>;

export type MessageNode =
  | { kind: 'text'; text: string }
  | { kind: 'arg'; name: string }
  | { kind: 'plural'; name: string; options: [selector: string, nodes: MessageNode[]][] }
  | { kind: 'hash' };

const PLURAL_HEAD = /^\s*(\w+)\s*,\s*plural\s*,/;

/** Index of the `}` closing the `{` at `open`, or -1. */
function closing(template: string, open: number): number {
  let depth = 0;
  for (let i = open; i < template.length; i++) {
    if (template[i] === '{') depth++;
    else if (template[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function parseOptions(body: string): [string, MessageNode[]][] {
  const options: [string, MessageNode[]][] = [];
  let i = 0;
  while (i < body.length) {
    const match = /^\s*(=?\w+)\s*\{/.exec(body.slice(i));
    if (!match) break;
    const open = i + match[0].length - 1;
    const end = closing(body, open);
    if (end < 0) break;
    options.push([match[1] ?? 'other', parse(body.slice(open + 1, end), true)]);
    i = end + 1;
  }
  return options;
}

/** Parses a template; malformed braces stay as text. */
export function parse(template: string, inPlural = false): MessageNode[] {
  const nodes: MessageNode[] = [];
  let text = '';
  const flush = (): void => {
    if (text) nodes.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < template.length; i++) {
    const c = template[i] ?? '';
    if (c === '#' && inPlural) {
      flush();
      nodes.push({ kind: 'hash' });
      continue;
    }
    if (c !== '{') {
      text += c;
      continue;
    }
    const end = closing(template, i);
    if (end < 0) {
      text += template.slice(i);
      break;
    }
    const inner = template.slice(i + 1, end);
    const plural = PLURAL_HEAD.exec(inner);
    flush();
    if (plural?.[1]) {
      nodes.push({
        kind: 'plural',
        name: plural[1],
        options: parseOptions(inner.slice(plural[0].length)),
      });
    } else if (/^\w+$/.test(inner)) nodes.push({ kind: 'arg', name: inner });
    else text += template.slice(i, end + 1);
    i = end;
  }
  flush();
  return nodes;
}

/** Every parameter name a template uses, sorted (the completeness test compares these). */
export function placeholders(template: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: MessageNode[]): void => {
    for (const n of nodes) {
      if (n.kind === 'arg') names.add(n.name);
      if (n.kind === 'plural') {
        names.add(n.name);
        for (const [, sub] of n.options) walk(sub);
      }
    }
  };
  walk(parse(template));
  return [...names].sort();
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

function safeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}

export function numberFormat(locale: string): Intl.NumberFormat {
  let f = numberFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(safeLocale(locale), { maximumFractionDigits: 2 });
    numberFormats.set(locale, f);
  }
  return f;
}

function pluralRule(locale: string): Intl.PluralRules {
  let r = pluralRules.get(locale);
  if (!r) {
    r = new Intl.PluralRules(safeLocale(locale));
    pluralRules.set(locale, r);
  }
  return r;
}

function render(
  nodes: MessageNode[],
  params: MessageParams | undefined,
  locale: string,
  hash?: number,
): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'hash') out += hash === undefined ? '#' : numberFormat(locale).format(hash);
    else if (!params || !Object.prototype.hasOwnProperty.call(params, n.name)) out += `{${n.name}}`;
    else if (n.kind === 'arg') {
      const value = params[n.name];
      out += typeof value === 'number' ? numberFormat(locale).format(value) : String(value);
    } else {
      const count = Number(params[n.name]);
      const category = pluralRule(locale).select(count);
      const chosen =
        n.options.find(([s]) => s === `=${String(count)}`) ??
        n.options.find(([s]) => s === category) ??
        n.options.find(([s]) => s === 'other');
      out += chosen ? render(chosen[1], params, locale, count) : '';
    }
  }
  return out;
}

const parsed = new Map<string, MessageNode[]>();

/** Fills a template for `locale` (plural rules and number format of that locale). */
export function format(template: string, params?: MessageParams, locale = 'en-US'): string {
  if (!template.includes('{')) return template;
  let nodes = parsed.get(template);
  if (!nodes) {
    nodes = parse(template);
    parsed.set(template, nodes);
  }
  return render(nodes, params, locale);
}

/** Writes parsed nodes back as a template (the pseudo-locale transforms text nodes only). */
export function serialize(nodes: MessageNode[]): string {
  return nodes
    .map((n) => {
      if (n.kind === 'text') return n.text;
      if (n.kind === 'hash') return '#';
      if (n.kind === 'arg') return `{${n.name}}`;
      const options = n.options.map(([s, sub]) => `${s} {${serialize(sub)}}`).join(' ');
      return `{${n.name}, plural, ${options}}`;
    })
    .join('');
}
