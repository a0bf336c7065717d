import { describe, expect, it } from 'vitest';
import { liveCustomProperties, pruneCss, splitBlocks, usedClasses } from './cssPrune';

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
