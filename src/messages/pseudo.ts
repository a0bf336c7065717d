/**
 * The pseudo-locale `en-XA`, made from English at runtime: every letter accented, each text
 * about 40 % longer and wrapped in `[…]`. A screen in en-XA shows at a glance any text that
 * bypasses the catalogue (no accents), is cut off (a missing `]`), or breaks a layout.
 * Placeholders and plural syntax are kept as they are.
 */
import { parse, serialize } from './format';
import type { MessageNode } from './format';

const ACCENTED: Record<string, string> = {
  a: 'á',
  b: 'ƀ',
  c: 'ç',
  d: 'ð',
  e: 'é',
  f: 'ƒ',
  g: 'ĝ',
  h: 'ĥ',
  i: 'í',
  j: 'ĵ',
  k: 'ķ',
  l: 'ļ',
  m: 'ɱ',
  n: 'ñ',
  o: 'ö',
  p: 'þ',
  q: 'ǫ',
  r: 'ŕ',
  s: 'š',
  t: 'ţ',
  u: 'ú',
  v: 'ṽ',
  w: 'ŵ',
  x: 'ẋ',
  y: 'ý',
  z: 'ž',
  A: 'Á',
  B: 'Ɓ',
  C: 'Ç',
  D: 'Ð',
  E: 'É',
  F: 'Ƒ',
  G: 'Ĝ',
  H: 'Ĥ',
  I: 'Í',
  J: 'Ĵ',
  K: 'Ķ',
  L: 'Ļ',
  M: 'Ṁ',
  N: 'Ñ',
  O: 'Ö',
  P: 'Þ',
  Q: 'Ǫ',
  R: 'Ŕ',
  S: 'Š',
  T: 'Ţ',
  U: 'Ú',
  V: 'Ṽ',
  W: 'Ŵ',
  X: 'Ẋ',
  Y: 'Ý',
  Z: 'Ž',
};

export const PSEUDO_LOCALE = 'en-XA';
/** How much longer a pseudo text is than its English source. */
export const PSEUDO_GROWTH = 0.4;

function accent(nodes: MessageNode[]): MessageNode[] {
  return nodes.map((n) => {
    if (n.kind === 'text')
      return { kind: 'text', text: n.text.replace(/[a-zA-Z]/g, (c) => ACCENTED[c] ?? c) };
    if (n.kind === 'plural')
      return {
        ...n,
        options: n.options.map(([s, sub]) => [s, accent(sub)] as [string, MessageNode[]]),
      };
    return n;
  });
}

/** `Start {name}` → `[Šţáŕţ {name} ·~·~·]`: placeholders and plural syntax are kept as they are. */
export function pseudoLocalize(english: string): string {
  const padding = Math.ceil(english.length * PSEUDO_GROWTH);
  const filler = '·~'.repeat(padding).slice(0, Math.max(0, padding - 2));
  return `[${serialize(accent(parse(english)))}${filler ? ` ${filler}` : ''}]`;
}
