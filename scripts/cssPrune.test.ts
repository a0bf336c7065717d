import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  UNUSED_MODIFIERS,
  liveCustomProperties,
  pruneCss,
  splitBlocks,
  usedClasses,
} from './cssPrune';

describe('pruneCss', () => {
  it('drops rules scoped to a PatternFly theme class, keeps :not() and unscoped rules', () => {
    const css =
      ':root{--pf-a:1}:root:where(.pf-v6-theme-dark){--pf-a:2}' +
      ':root:where(.pf-v6-theme-felt.pf-v6-theme-glass){--pf-a:4}' +
      ':where(:root.pf-v6-theme-glass) .z,.w{color:red}' +
      ':where(.pf-v6-theme-glass) .pf-v6-c-table{color:red}' +
      '.x:not(.pf-v6-theme-dark){color:blue}' +
      '@media (min-width:1px){:root:where(.pf-v6-theme-high-contrast){--pf-a:3}.y{color:var(--pf-a)}}';
    const live = liveCustomProperties([css], []);
    expect(pruneCss(css, live)).toBe(
      ':root{--pf-a:1}.w{color:red}.x:not(.pf-v6-theme-dark){color:blue}@media (min-width:1px){.y{color:var(--pf-a)}}',
    );
  });

  it('keeps custom properties read by CSS (transitively) or named in JS, drops the rest', () => {
    const css =
      ':root{--pf-used:var(--pf-inner);--pf-inner:1px;--pf-js:2px;--pf-dead:3px;--pf-dead2:var(--pf-inner)}' +
      '.a{margin:var(--pf-used)}';
    const live = liveCustomProperties([css], ['const t = { name: "--pf-js" };']);
    expect(pruneCss(css, live)).toBe(
      ':root{--pf-used:var(--pf-inner);--pf-inner:1px;--pf-js:2px}.a{margin:var(--pf-used)}',
    );
  });

  it('keeps values with quotes, semicolons in data URLs, and non-nesting at-rules intact', () => {
    const css =
      '@charset "utf-8";@font-face{font-family:"A;B";src:url("data:font/woff2;base64,AA")}' +
      ':root{--pf-img:url("data:image/svg+xml;utf8,<svg/>")}.b{background:var(--pf-img)}' +
      '@keyframes k{0%{opacity:0}to{opacity:1}}';
    const live = liveCustomProperties([css], []);
    expect(pruneCss(css, live)).toBe(css);
    expect(splitBlocks(css)).toHaveLength(5);
  });

  it('drops selectors needing a pf-v6 class no JS mentions, unless it sits inside parentheses', () => {
    const css =
      '.pf-v6-pficon-a:before,.pf-v6-c-used .x{content:"a"}' +
      '.pf-v6-c-used:not(.pf-v6-c-unused){color:red}' +
      ':where(.pf-v6-c-unused,.pf-v6-c-used) .y{color:blue}' +
      '.pf-v6-pficon-b:before{content:"b"}';
    const used = usedClasses(['const s = { button: "pf-v6-c-used" };']);
    expect(pruneCss(css, new Set(), used)).toBe(
      '.pf-v6-c-used .x{content:"a"}' +
        '.pf-v6-c-used:not(.pf-v6-c-unused){color:red}' +
        ':where(.pf-v6-c-unused,.pf-v6-c-used) .y{color:blue}',
    );
  });
});

describe('modifiers no page can get (issue 14)', () => {
  it('drops responsive and non-default table-grid modifiers, keeps the rest', () => {
    const css =
      '.pf-v6-c-drawer__panel.pf-m-width-25-on-2xl{flex-basis:25%}' +
      '.pf-v6-c-drawer__panel.pf-m-width-25{flex-basis:25%}' +
      '@media (min-width:48rem){.pf-v6-l-flex.pf-m-column-on-md,.pf-v6-l-flex.pf-m-column{flex-direction:column}}' +
      '@container t (width<=1px){.pf-m-grid-md.pf-v6-c-table{display:grid}.pf-m-grid-xl.pf-v6-c-table{display:grid}}' +
      '.pf-v6-c-x:not(.pf-m-hidden-on-lg){color:red}';
    expect(pruneCss(css, undefined, undefined, UNUSED_MODIFIERS)).toBe(
      '.pf-v6-c-drawer__panel.pf-m-width-25{flex-basis:25%}' +
        '@media (min-width:48rem){.pf-v6-l-flex.pf-m-column{flex-direction:column}}' +
        '@container t (width<=1px){.pf-m-grid-md.pf-v6-c-table{display:grid}}' +
        '.pf-v6-c-x:not(.pf-m-hidden-on-lg){color:red}',
    );
  });

  /** Every page source file (tests aside). */
  function pageSources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return pageSources(path);
      return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
    });
  }

  it('holds because no page passes a breakpoint-keyed prop or a table gridBreakPoint', () => {
    const offenders = pageSources(resolve(import.meta.dirname, '../src')).filter((file) =>
      /\bgridBreakPoint\b|[{,]\s*(?:sm|md|lg|xl|'2xl'|"2xl")\s*:/.test(readFileSync(file, 'utf8')),
    );
    // If this fails: PatternFly will put `pf-m-…-on-<breakpoint>` classes on elements; narrow
    // UNUSED_MODIFIERS in scripts/cssPrune.ts so their rules are shipped.
    expect(offenders).toEqual([]);
  });
});
