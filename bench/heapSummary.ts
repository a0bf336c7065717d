/**
 * `npx tsx bench/heapSummary.ts <a.heapsnapshot> [b.heapsnapshot] [--top=40]`: a Chromium heap
 * snapshot's self sizes grouped by node type and constructor (objects, closures by name, code,
 * strings…), and with a second snapshot what grew between the two. Used with the bench's
 * `BENCH_HEAP_SNAPSHOTS=<dir>` (a snapshot at the main place's first rows and one at the end).
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

interface Group {
  count: number;
  size: number;
}

function groups(file: string): Map<string, Group> {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const width = fields.length;
  const iType = fields.indexOf('type');
  const iName = fields.indexOf('name');
  const iSize = fields.indexOf('self_size');
  const out = new Map<string, Group>();
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + iType] ?? 0] ?? '?';
    const raw = s.strings[s.nodes[i + iName] ?? 0] ?? '';
    // Strings and numbers are grouped by type only; objects by constructor; the rest by name.
    const name =
      type === 'string' || type === 'concatenated string' || type === 'sliced string'
        ? ''
        : type === 'number' || type === 'array'
          ? raw.slice(0, 40)
          : raw.slice(0, 60);
    const key = `${type}\t${name}`;
    const g = out.get(key) ?? { count: 0, size: 0 };
    g.count++;
    g.size += s.nodes[i + iSize] ?? 0;
    out.set(key, g);
  }
  return out;
}

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const top = Number(process.argv.find((a) => a.startsWith('--top='))?.slice(6) ?? 40);
const [first, second] = args;
if (first === undefined) {
  process.stderr.write('usage: tsx bench/heapSummary.ts a.heapsnapshot [b.heapsnapshot]\n');
  process.exit(2);
}
const a = groups(first);
const kb = (n: number): string => `${(n / 1024).toFixed(1).padStart(8)} KB`;
const total = (m: Map<string, Group>): number => [...m.values()].reduce((t, g) => t + g.size, 0);
const byType = (m: Map<string, Group>): Map<string, number> => {
  const t = new Map<string, number>();
  for (const [k, g] of m) {
    const type = k.split('\t')[0] ?? '';
    t.set(type, (t.get(type) ?? 0) + g.size);
  }
  return t;
};
if (second === undefined) {
  process.stdout.write(`total ${kb(total(a))}\n\nby type:\n`);
  for (const [t, n] of [...byType(a)].sort((x, y) => y[1] - x[1]))
    process.stdout.write(`${kb(n)}  ${t}\n`);
  process.stdout.write(`\nlargest groups:\n`);
  for (const [k, g] of [...a].sort((x, y) => y[1].size - x[1].size).slice(0, top))
    process.stdout.write(`${kb(g.size)} ${String(g.count).padStart(7)}  ${k}\n`);
} else {
  const b = groups(second);
  process.stdout.write(`total ${kb(total(a))} -> ${kb(total(b))}\n\ngrowth by type:\n`);
  const ta = byType(a);
  const tb = byType(b);
  const types = new Set([...ta.keys(), ...tb.keys()]);
  for (const t of [...types].sort(
    (x, y) => (tb.get(y) ?? 0) - (ta.get(y) ?? 0) - ((tb.get(x) ?? 0) - (ta.get(x) ?? 0)),
  ))
    process.stdout.write(`${kb((tb.get(t) ?? 0) - (ta.get(t) ?? 0))}  ${t}\n`);
  const keys = new Set([...a.keys(), ...b.keys()]);
  const diff = [...keys].map((k) => {
    const ga = a.get(k) ?? { count: 0, size: 0 };
    const gb = b.get(k) ?? { count: 0, size: 0 };
    return { k, size: gb.size - ga.size, count: gb.count - ga.count };
  });
  process.stdout.write(`\nlargest growth:\n`);
  for (const d of diff.sort((x, y) => y.size - x.size).slice(0, top))
    process.stdout.write(`${kb(d.size)} ${String(d.count).padStart(7)}  ${d.k}\n`);
}
