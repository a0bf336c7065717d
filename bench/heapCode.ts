/**
 * `npx tsx bench/heapCode.ts <a.heapsnapshot> [b.heapsnapshot] [--top=30]`: V8 code in a
 * Chromium heap snapshot (machine code, bytecode, deoptimisation data, feedback, scope infos)
 * attributed to the function that owns it and grouped by script, so a comparison of two
 * snapshots shows which scripts' functions became hot. Each code-like node is walked up its
 * retainers (at most 4 steps, through V8-internal nodes only) to the nearest SharedFunctionInfo;
 * the function's script is that SharedFunctionInfo's `script` edge. What cannot be attributed
 * is reported as "(unattributed)".
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
  locations?: number[];
}

const CODE_KINDS = [
  'InstructionStream',
  'BytecodeArray',
  'TrustedByteArray',
  'FeedbackVector',
  'ScopeInfo',
  'Code',
  'DeoptimizationData',
  'FeedbackMetadata',
];

interface Row {
  script: string;
  fn: string;
  /** Where the function starts (0-based line and column of its script), when known. */
  at?: string;
  kind: string;
  size: number;
}

function attribute(file: string): Row[] {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const m = s.snapshot.meta;
  const nw = m.node_fields.length;
  const ew = m.edge_fields.length;
  const iT = m.node_fields.indexOf('type');
  const iN = m.node_fields.indexOf('name');
  const iS = m.node_fields.indexOf('self_size');
  const iE = m.node_fields.indexOf('edge_count');
  const eT = m.edge_fields.indexOf('type');
  const eN = m.edge_fields.indexOf('name_or_index');
  const eTo = m.edge_fields.indexOf('to_node');
  const ntypes = m.node_types[0];
  const etypes = m.edge_types[0];
  const n = s.nodes.length / nw;
  const firstEdge = new Uint32Array(n + 1);
  for (let i = 0, e = 0; i < n; i++) {
    firstEdge[i] = e;
    e += (s.nodes[i * nw + iE] ?? 0) * ew;
    firstEdge[i + 1] = e;
  }
  const name = (i: number): string => s.strings[s.nodes[i * nw + iN] ?? 0] ?? '';
  const type = (i: number): string => ntypes[s.nodes[i * nw + iT] ?? 0] ?? '';
  // Retainers (reverse edges), as a CSR array.
  const rcount = new Uint32Array(n + 1);
  for (let e = 0; e < s.edges.length; e += ew) {
    const to = (s.edges[e + eTo] ?? 0) / nw;
    rcount[to] = (rcount[to] ?? 0) + 1;
  }
  const rfirst = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) rfirst[i + 1] = (rfirst[i] ?? 0) + (rcount[i] ?? 0);
  const rfill = rfirst.slice();
  const rfrom = new Uint32Array(s.edges.length / ew);
  for (let i = 0; i < n; i++)
    for (let e = firstEdge[i] ?? 0; e < (firstEdge[i + 1] ?? 0); e += ew) {
      const to = (s.edges[e + eTo] ?? 0) / nw;
      const at = rfill[to] ?? 0;
      rfill[to] = at + 1;
      rfrom[at] = i;
    }
  const edgeName = (e: number): string => {
    const t = etypes[s.edges[e + eT] ?? 0];
    return t === 'element' || t === 'hidden'
      ? String(s.edges[e + eN])
      : (s.strings[s.edges[e + eN] ?? 0] ?? '');
  };
  const outEdge = (i: number, label: string): number => {
    for (let e = firstEdge[i] ?? 0; e < (firstEdge[i + 1] ?? 0); e += ew)
      if (edgeName(e) === label) return (s.edges[e + eTo] ?? 0) / nw;
    return -1;
  };
  const isSfi = (i: number): boolean =>
    type(i) === 'code' && (name(i).startsWith('(shared function info)') || sfiScript(i) >= 0);
  const sfiScriptCache = new Map<number, number>();
  function sfiScript(i: number): number {
    const c = sfiScriptCache.get(i);
    if (c !== undefined) return c;
    let found = -1;
    for (let e = firstEdge[i] ?? 0; e < (firstEdge[i + 1] ?? 0); e += ew)
      if (edgeName(e) === 'script') found = (s.edges[e + eTo] ?? 0) / nw;
    sfiScriptCache.set(i, found);
    return found;
  }
  const scriptName = (scr: number): string => {
    for (let e = firstEdge[scr] ?? 0; e < (firstEdge[scr + 1] ?? 0); e += ew)
      if (edgeName(e) === 'name' || edgeName(e) === 'source_url') {
        const t = (s.edges[e + eTo] ?? 0) / nw;
        const v = name(t);
        if (v) return v.replace(/^.*\//, '');
      }
    return name(scr).replace(/^.*\//, '') || '(script)';
  };
  // Where each function starts: V8 records it for closures; their SharedFunctionInfo is shared.
  const where = new Map<number, string>();
  const lf = (m as { location_fields?: string[] }).location_fields ?? [];
  const lw = lf.length;
  const lObj = lf.indexOf('object_index');
  const lLine = lf.indexOf('line');
  const lCol = lf.indexOf('column');
  const locs = s.locations ?? [];
  for (let k = 0; lw > 0 && k < locs.length; k += lw) {
    const node = (locs[k + lObj] ?? 0) / nw;
    if (type(node) !== 'closure') continue;
    const sh = outEdge(node, 'shared');
    if (sh >= 0) where.set(sh, `${String(locs[k + lLine])}:${String(locs[k + lCol])}`);
  }
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    if (type(i) !== 'code' && type(i) !== 'hidden' && type(i) !== 'array') continue;
    const nm = name(i);
    const kind = CODE_KINDS.find((k) => nm === `system / ${k}` || nm === k || nm === `(${k})`);
    if (kind === undefined) continue;
    // Breadth-first up the retainers to the nearest SharedFunctionInfo.
    let frontier = [i];
    const seen = new Set<number>([i]);
    let owner = -1;
    for (let depth = 0; depth < 4 && owner < 0 && frontier.length; depth++) {
      const next: number[] = [];
      for (const x of frontier) {
        for (let r = rfirst[x] ?? 0; r < (rfirst[x + 1] ?? 0); r++) {
          const p = rfrom[r] ?? 0;
          if (seen.has(p)) continue;
          seen.add(p);
          if (isSfi(p)) {
            owner = p;
            break;
          }
          if (type(p) === 'closure') {
            const sh = outEdge(p, 'shared');
            if (sh >= 0) {
              owner = sh;
              break;
            }
          }
          const pt = type(p);
          if (pt === 'code' || pt === 'hidden' || pt === 'array' || pt === 'closure') next.push(p);
        }
        if (owner >= 0) break;
      }
      frontier = next;
    }
    const size = s.nodes[i * nw + iS] ?? 0;
    if (owner < 0) {
      rows.push({ script: '(unattributed)', fn: '', kind, size });
      continue;
    }
    const scr = sfiScript(owner);
    const at = where.get(owner);
    rows.push({
      script: scr >= 0 ? scriptName(scr) : '(no script)',
      fn:
        name(owner)
          .replace(/^\(shared function info\)\s*/, '')
          .replace(/^system \/ SharedFunctionInfo( \/ )?/, '') || '(anonymous)',
      kind,
      size,
      ...(at === undefined ? {} : { at }),
    });
  }
  return rows;
}

function sum(rows: Row[], key: (r: Row) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + r.size);
  return m;
}

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const top = Number(process.argv.find((a) => a.startsWith('--top='))?.slice(6) ?? 30);
const [first, second] = args;
if (first === undefined) {
  process.stderr.write('usage: tsx bench/heapCode.ts a.heapsnapshot [b.heapsnapshot]\n');
  process.exit(2);
}
const kb = (x: number): string => `${(x / 1024).toFixed(1).padStart(8)} KB`;
const a = attribute(first);
const b = second === undefined ? [] : attribute(second);
const table = (title: string, key: (r: Row) => string, limit: number): void => {
  const ma = sum(a, key);
  const mb = sum(b, key);
  const keys = new Set([...ma.keys(), ...mb.keys()]);
  const rows = [...keys].map((k) => ({ k, a: ma.get(k) ?? 0, b: mb.get(k) ?? 0 }));
  rows.sort((x, y) => (second ? y.b - y.a - (x.b - x.a) : y.a - x.a));
  process.stdout.write(`\n${title}${second ? '  (a, b, growth)' : ''}:\n`);
  for (const r of rows.slice(0, limit))
    process.stdout.write(
      second ? `${kb(r.a)} ${kb(r.b)} ${kb(r.b - r.a)}  ${r.k}\n` : `${kb(r.a)}  ${r.k}\n`,
    );
};
table('code by kind', (r) => r.kind, 20);
table('code by script', (r) => r.script, top);
table('code by function', (r) => `${r.script} › ${r.fn}${r.at ? ` @${r.at}` : ''}`, top);

// `--src=<dir>`: the built files, to show the start of each top function's source.
const srcDir = process.argv.find((x) => x.startsWith('--src='))?.slice(6);
if (srcDir !== undefined) {
  const rowsOf = second === undefined ? a : b;
  const base =
    second === undefined ? new Map<string, number>() : sum(a, (r) => `${r.script}@${r.at ?? ''}`);
  const grown = [...sum(rowsOf, (r) => `${r.script}@${r.at ?? ''}`)]
    .map(([k, v]) => [k, v - (base.get(k) ?? 0)] as const)
    .filter(([k]) => !k.endsWith('@'))
    .sort((x, y) => y[1] - x[1])
    .slice(0, top);
  process.stdout.write(`\nsources of the top functions${second ? ' (by growth)' : ''}:\n`);
  for (const [k, v] of grown) {
    const [script = '', at = ''] = k.split('@');
    const [line = 0, col = 0] = at.split(':').map(Number);
    let text: string;
    try {
      const lines = readFileSync(`${srcDir}/${script}`, 'utf8').split('\n');
      text = (lines[line] ?? '').slice(Math.max(0, col - 30), col + 90);
    } catch {
      text = '(file not found)';
    }
    process.stdout.write(`${kb(v)}  ${k}  ${JSON.stringify(text)}\n`);
  }
}
