/**
 * Build-time pruning of PatternFly CSS the pages can never use (run by vite.config.ts on the
 * emitted CSS, after minification):
 *
 * - theme variants: rules scoped to `:root:where(.pf-v6-theme-dark)`, `…high-contrast`, `…felt`,
 *   `…glass`. Those only apply when a page puts that class on `<html>`; ours never do (the plugin
 *   has to look like WebAdmin's light UI), yet they are ~40% of PatternFly's base CSS.
 * - selectors needing a `pf-v6-…` class that no emitted JS mentions (PatternFly's class names are
 *   string literals in its JS, so a class absent from every chunk is never on any element): the
 *   pficon font classes and other base-CSS helpers we never render. Classes inside parentheses
 *   (`:not(…)`, `:where(a, b)`) are ignored, so a selector is only dropped when it cannot match.
 * - custom properties nothing reads: a `--pf-…` declaration whose name no `var()` in any emitted
 *   CSS (transitively, through the values of properties that are read) and no emitted JS
 *   (react-tokens, inline styles) mentions has no effect anywhere.
 *
 * A tiny block scanner rather than a CSS library: the input is the minifier's output, and we only
 * need rule boundaries, selector lists and declaration boundaries (quotes and parentheses aware).
 */

/** Selectors that only match under a PatternFly theme class on the root element. */
const THEME_SCOPED = /^(?::root)?:where\((?::root)?\.pf-v6-theme-[a-z0-9.-]+\)/;

interface Block {
  /** Text before `{` (selector list or at-rule prelude); for a bare statement, the whole text. */
  prelude: string;
  /** Text between the braces, or undefined for a statement such as `@import …;`. */
  body: string | undefined;
}

/** Index just past the string literal starting at `i` (a quote character). */
function skipString(css: string, i: number): number {
  const quote = css[i];
  let j = i + 1;
  while (j < css.length && css[j] !== quote) j += css[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** Splits a stylesheet (or an at-rule's body) into its top-level blocks. */
export function splitBlocks(css: string): Block[] {
  const blocks: Block[] = [];
  let start = 0;
  let i = 0;
  while (i < css.length) {
    const c = css[i];
    if (c === '"' || c === "'") {
      i = skipString(css, i);
    } else if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      i = end === -1 ? css.length : end + 2;
    } else if (c === ';' && css.slice(start, i).trimStart().startsWith('@')) {
      blocks.push({ prelude: css.slice(start, i + 1), body: undefined });
      start = i = i + 1;
    } else if (c === '{') {
      let depth = 1;
      let j = i + 1;
      while (j < css.length && depth > 0) {
        const d = css[j];
        if (d === '"' || d === "'") {
          j = skipString(css, j);
          continue;
        }
        if (d === '{') depth++;
        else if (d === '}') depth--;
        j++;
      }
      blocks.push({ prelude: css.slice(start, i), body: css.slice(i + 1, j - 1) });
      start = i = j;
    } else {
      i++;
    }
  }
  const rest = css.slice(start).trim();
  if (rest !== '') blocks.push({ prelude: rest, body: undefined });
  return blocks;
}

/** Splits on `sep` at parenthesis depth 0, outside strings. */
function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i = skipString(text, i) - 1;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === sep && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

const NESTING_AT_RULES = /^@(media|supports|container|layer|document|scope|starting-style)\b/i;
const VAR_REF = /var\(\s*(--[A-Za-z0-9_-]+)/g;
const PF_PROPERTY = /^\s*(--pf-[A-Za-z0-9_-]+)\s*:/;

function declarations(body: string): string[] {
  return splitTopLevel(body, ';').filter((d) => d.trim() !== '');
}

/**
 * The `--pf-…` custom properties something can read: every `var()` outside a custom-property
 * declaration in `css`, every `--pf-…` name mentioned in `js`, and, transitively, the `var()`s in
 * the values of those properties.
 */
export function liveCustomProperties(css: readonly string[], js: readonly string[]): Set<string> {
  const live = new Set<string>();
  const definitions = new Map<string, string[]>();
  const visit = (text: string): void => {
    for (const block of splitBlocks(text)) {
      if (block.body === undefined) continue;
      if (
        block.prelude.trimStart().startsWith('@') &&
        NESTING_AT_RULES.test(block.prelude.trim())
      ) {
        visit(block.body);
        continue;
      }
      for (const decl of declarations(block.body)) {
        const name = PF_PROPERTY.exec(decl)?.[1];
        if (name !== undefined) {
          const values = definitions.get(name) ?? [];
          values.push(decl);
          definitions.set(name, values);
        } else {
          for (const m of decl.matchAll(VAR_REF)) if (m[1]) live.add(m[1]);
        }
      }
    }
  };
  css.forEach(visit);
  for (const text of js) for (const m of text.matchAll(/--pf-[A-Za-z0-9_-]+/g)) live.add(m[0]);
  const queue = [...live];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    for (const decl of definitions.get(name) ?? [])
      for (const m of decl.matchAll(VAR_REF))
        if (m[1] && !live.has(m[1])) {
          live.add(m[1]);
          queue.push(m[1]);
        }
  }
  return live;
}

/** Every `pf-v6-…` class name mentioned in the emitted JS. */
export function usedClasses(js: readonly string[]): Set<string> {
  const used = new Set<string>();
  for (const text of js) for (const m of text.matchAll(/pf-v6-[a-z0-9-]+/g)) used.add(m[0]);
  return used;
}

/** The selector's text outside any parentheses. */
function outsideParentheses(selector: string): string {
  let depth = 0;
  let out = '';
  for (const c of selector) {
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

function canMatch(
  selector: string,
  used: ReadonlySet<string> | undefined,
  unusedModifiers: RegExp | undefined,
): boolean {
  if (THEME_SCOPED.test(selector.trim())) return false;
  const outside = outsideParentheses(selector);
  if (unusedModifiers)
    for (const m of outside.matchAll(/\.(pf-m-[a-z0-9-]+)/g))
      if (m[1] && unusedModifiers.test(m[1])) return false;
  if (!used) return true;
  for (const m of outside.matchAll(/\.(pf-v6-[a-z0-9-]+)/g))
    if (m[1] && !used.has(m[1])) return false;
  return true;
}

/**
 * PatternFly modifier classes no page can get (issue 14, main-place weight), dropped like unused
 * classes although their names are in PatternFly's JS (every component's style object lists all
 * of its modifiers):
 * - responsive modifiers (`pf-m-…-on-md`, `…-on-2xl-height`): PatternFly adds them only for
 *   breakpoint-keyed props (`widths={{ lg: 'width_50' }}`), which no page passes (a unit test in
 *   cssPrune.test.ts reads src/tabs and fails the day one does);
 * - a table's grid layout below other breakpoints than its default `md` (`gridBreakPoint`, which no
 *   page sets; same test).
 */
export const UNUSED_MODIFIERS =
  /^pf-m-(?:[a-z0-9-]+-on-(?:sm|md|lg|xl|2xl)(?:-height)?|grid-(?:lg|xl|2xl))$/;

/**
 * `css` without theme-scoped rules, without selectors needing a class not in `used` (when given)
 * or a modifier matching `unusedModifiers` (when given), and without `--pf-…` declarations not in
 * `live` (when given).
 */
export function pruneCss(
  css: string,
  live: ReadonlySet<string> | undefined,
  used?: ReadonlySet<string>,
  unusedModifiers?: RegExp,
): string {
  let out = '';
  for (const block of splitBlocks(css)) {
    if (block.body === undefined) {
      out += block.prelude;
      continue;
    }
    const prelude = block.prelude.trim();
    if (prelude.startsWith('@')) {
      if (NESTING_AT_RULES.test(prelude)) {
        const inner = pruneCss(block.body, live, used, unusedModifiers);
        if (inner.trim() !== '') out += `${prelude}{${inner}}`;
      } else {
        out += `${prelude}{${block.body}}`;
      }
      continue;
    }
    const selectors = splitTopLevel(prelude, ',').filter((s) => canMatch(s, used, unusedModifiers));
    if (selectors.length === 0) continue;
    if (block.body.includes('{')) {
      // Nested rules: not something the minifier emits for PatternFly; keep them untouched.
      out += `${selectors.join(',')}{${block.body}}`;
      continue;
    }
    const kept = declarations(block.body).filter((decl) => {
      const name = PF_PROPERTY.exec(decl)?.[1];
      return name === undefined || live === undefined || live.has(name);
    });
    if (kept.length === 0) continue;
    out += `${selectors.join(',')}{${kept.join(';')}}`;
  }
  return out;
}
