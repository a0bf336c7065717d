/**
 * A small seeded PRNG (mulberry32) so that a scenario with a given seed always produces the
 * same fleet: tests and screenshots can rely on names and ids.
 */
export interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  uuid(): string;
  hex(bytes: number): string;
}

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).padStart(2, '0'),
);

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const u32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => u32() / 4294967296;
  // Four bytes per draw: the large scenario generates ~100k ids and must stay well under 1 s.
  const word = (): string => {
    const w = u32();
    return `${HEX[w >>> 24] ?? ''}${HEX[(w >>> 16) & 255] ?? ''}${HEX[(w >>> 8) & 255] ?? ''}${HEX[w & 255] ?? ''}`;
  };
  const hex = (bytes: number): string => {
    let out = '';
    for (let i = 0; i < bytes; i += 4) out += word();
    return out.slice(0, bytes * 2);
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    uuid: () => {
      const a = word();
      const b = word();
      const c = word();
      const d = word();
      const variant = ((parseInt(c.charAt(0), 16) & 0x3) | 0x8).toString(16);
      return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
    },
    hex,
  };
}

/** Tokens must not be guessable from the seed, so they come from the platform's CSPRNG. */
export function randomToken(): string {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
