/**
 * The operations record: every operation launched from the plugin, its items and their states.
 *
 * Kept in `sessionStorage` because every plugin page of one WebAdmin tab is a same-origin iframe
 * sharing one session storage area: a dialog writes, the main place's drawer sees it through the
 * `storage` event, and a reload finds it again. It never holds the SSO token, only ids, names and
 * states; the engine stays the source of truth and the runner re-derives from it on reopen.
 *
 * @example
 *   const op = operationsStore.create({ id, kind: 'vm-start', title, correlationId, startedAt: Date.now(),
 *     state: 'running', items });
 *   operationsStore.updateItem(op.id, vmId, { state: 'sent', actionSentAt: Date.now() });
 *   const off = operationsStore.subscribe(() => render(operationsStore.list()));
 */

export type OperationKind =
  | 'vm-start'
  | 'vm-shutdown'
  | 'vm-stop'
  | 'vm-reboot'
  | 'vm-suspend'
  | 'vm-migrate'
  | 'vm-clone'
  | 'host-evacuate'
  | 'host-activate'
  | 'host-upgrade'
  | 'host-restart';

export type OperationState = 'running' | 'done' | 'failed' | 'partial' | 'cancelled';

export type OperationItemState =
  'pending' | 'sent' | 'in_progress' | 'done' | 'failed' | 'skipped' | 'cancelled';

export interface OperationItem {
  entity: 'vm' | 'host';
  id: string;
  name: string;
  state: OperationItemState;
  target?: string;
  detail?: string;
  error?: string;
  correlationId: string;
  actionSentAt?: number;
  finishedAt?: number;
  progress?: number;
}

export interface OperationStep {
  name: string;
  state: 'pending' | 'running' | 'done' | 'failed' | 'skipped';
  detail?: string;
}

/** Why an operation stopped sending before its end. */
export type StoppedReason = 'storage';

export interface OperationRecord {
  id: string;
  kind: OperationKind;
  title: string;
  correlationId: string;
  startedAt: number;
  finishedAt?: number;
  state: OperationState;
  items: OperationItem[];
  steps?: OperationStep[];
  /**
   * `storage`: the browser refused to store the record, so nothing more is sent (what was sent
   * is still tracked). Known to the page that hit it: the storage could not say so to others.
   */
  stoppedReason?: StoppedReason;
}

export interface OperationsStore {
  /** Newest first. */
  list(): OperationRecord[];
  get(id: string): OperationRecord | undefined;
  create(record: OperationRecord): OperationRecord;
  update(id: string, patch: Partial<Omit<OperationRecord, 'id'>>): OperationRecord | undefined;
  /** `itemKey` is the item's entity id (unique within one operation). */
  updateItem(opId: string, itemKey: string, patch: ItemPatch): OperationRecord | undefined;
  remove(id: string): void;
  subscribe(fn: () => void): () => void;
  /**
   * The pre-send mark, checked: in ONE write, items of `ids` that are still pending and never
   * sent become `sent` with `actionSentAt = now`. Returns the ids marked, or `undefined` when the
   * browser refused the write: then nothing is marked and nothing may be sent.
   */
  markSending(opId: string, ids: readonly string[], now: number): string[] | undefined;
  /**
   * A progress change that need not be stored at once (an item's state after its action was
   * sent). Shown to this page immediately; stored with the next write or `flush`, at most once
   * per `FLUSH_MS`. Losing it is safe: a resumed page re-derives it from the engine.
   */
  deferItem(opId: string, itemKey: string, patch: ItemPatch): void;
  /** Stores deferred and refused changes; false when the browser refused the write. */
  flush(): boolean;
  /** False after the last write was refused (and until one succeeds). */
  writable(): boolean;
}

export type ItemPatch = Partial<Omit<OperationItem, 'id' | 'entity'>>;

export const OPERATIONS_STORAGE_KEY = 'ops-center:operations';

/** Old finished operations are dropped beyond this many so the storage area never fills up. */
const MAX_RECORDS = 50;
/** All records together, as stored (UTF-16 code units ≈ bytes for our ASCII-heavy JSON). */
export const MAX_STORED_CHARS = 1024 * 1024;
/** Deferred changes are stored at most this often. */
export const FLUSH_MS = 500;

const TERMINAL_ITEM_STATES: ReadonlySet<OperationItemState> = new Set([
  'done',
  'failed',
  'skipped',
  'cancelled',
]);

export function isItemFinished(item: OperationItem): boolean {
  return TERMINAL_ITEM_STATES.has(item.state);
}

/** The overall state an operation has once none of its items is still moving. */
export function settledState(items: readonly OperationItem[]): OperationState {
  if (items.some((i) => !isItemFinished(i))) return 'running';
  const failed = items.filter((i) => i.state === 'failed').length;
  const cancelled = items.filter((i) => i.state === 'cancelled').length;
  // Skipped items needed nothing (or were never reached): they make a run done when nothing
  // failed, but a run whose only results are failures failed, whatever else was skipped or
  // cancelled ("Partly done" would say some of it happened).
  const done = items.filter((i) => i.state === 'done').length;
  if (failed === 0 && cancelled === 0) return 'done';
  if (done === 0 && failed > 0) return 'failed';
  if (done === 0 && failed === 0) return 'cancelled';
  return 'partial';
}

// ---------------------------------------------------------------------------------------------
// Compact stored form. A 5,000-VM operation must fit in 500 KB, so an item is stored as an array
// [id, name, state, sentAt - startedAt, finishedAt - startedAt, extras?]: no repeated field names,
// no correlation id when it is the default `<operation>-<n>`, no target when it is the
// operation's usual one ('' for an item that has none while the others have one).
// `decodeStoredOperations` reads it back.

const STATE_CODE: Record<OperationItemState, string> = {
  pending: 'p',
  sent: 's',
  in_progress: 'i',
  done: 'd',
  failed: 'f',
  skipped: 'k',
  cancelled: 'x',
};
const CODE_STATE = new Map(
  Object.entries(STATE_CODE).map(([k, v]) => [v, k as OperationItemState] as const),
);

interface ItemExtras {
  h?: 1;
  t?: string;
  d?: string;
  e?: string;
  c?: string;
  p?: number;
}
type StoredItem = [string, string, string, number | null, number | null, ItemExtras?];

interface StoredRecord {
  i: string;
  k: OperationKind;
  n: string;
  c: string;
  s: number;
  f?: number;
  st: OperationState;
  t?: string;
  sp?: OperationStep[];
  it: StoredItem[];
}

function mostCommonTarget(items: readonly OperationItem[]): string | undefined {
  const counts = new Map<string, number>();
  for (const i of items)
    if (i.target !== undefined) counts.set(i.target, (counts.get(i.target) ?? 0) + 1);
  let best: string | undefined;
  let n = 0;
  for (const [t, c] of counts) if (c > n) [best, n] = [t, c];
  return best;
}

function encodeRecord(r: OperationRecord): StoredRecord {
  const target = mostCommonTarget(r.items);
  const out: StoredRecord = {
    i: r.id,
    k: r.kind,
    n: r.title,
    c: r.correlationId,
    s: r.startedAt,
    st: r.state,
    it: r.items.map((item, index): StoredItem => {
      const x: ItemExtras = {};
      if (item.entity === 'host') x.h = 1;
      // An item without a target in a record that has a usual one is stored as '' (no target).
      if (item.target !== target) x.t = item.target ?? '';
      if (item.detail !== undefined) x.d = item.detail;
      if (item.error !== undefined) x.e = item.error;
      if (item.correlationId !== `${r.correlationId}-${index + 1}`) x.c = item.correlationId;
      if (item.progress !== undefined) x.p = item.progress;
      const row: StoredItem = [
        item.id,
        item.name,
        STATE_CODE[item.state],
        item.actionSentAt !== undefined ? item.actionSentAt - r.startedAt : null,
        item.finishedAt !== undefined ? item.finishedAt - r.startedAt : null,
      ];
      if (Object.keys(x).length > 0) row.push(x);
      return row;
    }),
  };
  if (r.finishedAt !== undefined) out.f = r.finishedAt;
  if (target !== undefined) out.t = target;
  if (r.steps !== undefined) out.sp = r.steps;
  return out;
}

function decodeRecord(value: unknown): OperationRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Partial<StoredRecord>;
  if (typeof v.i !== 'string' || typeof v.k !== 'string' || !Array.isArray(v.it)) return undefined;
  if (typeof v.s !== 'number' || typeof v.c !== 'string') return undefined;
  const startedAt = v.s;
  const correlationId = v.c;
  const items: OperationItem[] = [];
  for (const [index, row] of v.it.entries()) {
    if (!Array.isArray(row) || typeof row[0] !== 'string') return undefined;
    const [id, name, code, sent, finished, x = {}] = row;
    const item: OperationItem = {
      entity: x.h === 1 ? 'host' : 'vm',
      id,
      name,
      state: CODE_STATE.get(code) ?? 'pending',
      correlationId: x.c ?? `${correlationId}-${index + 1}`,
    };
    const target = x.t ?? v.t;
    if (target !== undefined && target !== '') item.target = target;
    if (x.d !== undefined) item.detail = x.d;
    if (x.e !== undefined) item.error = x.e;
    if (typeof sent === 'number') item.actionSentAt = startedAt + sent;
    if (typeof finished === 'number') item.finishedAt = startedAt + finished;
    if (x.p !== undefined) item.progress = x.p;
    items.push(item);
  }
  const record: OperationRecord = {
    id: v.i,
    kind: v.k,
    title: String(v.n),
    correlationId,
    startedAt,
    state: v.st ?? 'running',
    items,
  };
  if (v.f !== undefined) record.finishedAt = v.f;
  if (v.sp !== undefined) record.steps = v.sp;
  return record;
}

/** The records as stored under `OPERATIONS_STORAGE_KEY` (for tests and tools reading storage). */
export function decodeStoredOperations(raw: string | null): OperationRecord[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [];
    return parsed.map(decodeRecord).filter((r): r is OperationRecord => r !== undefined);
  } catch {
    // A corrupt record must not break every page; start over.
    return [];
  }
}

/** What the records take in storage, in characters. */
export function storedSize(records: readonly OperationRecord[]): number {
  return JSON.stringify(records.map(encodeRecord)).length;
}

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem?(key: string): void;
}

/**
 * What the runners keep next to a record, per operation id (operationMeta.ts, evacuationRunner,
 * upgradeRunner, migrationCancel, lease.ts). Removed with the record, so that dismissed and
 * evicted operations leave nothing behind in the storage WebAdmin shares with us.
 */
export const SIDE_KEY_PREFIXES = [
  'ops-center:operations:meta:',
  'ops-center:operations:evacuation:',
  'ops-center:operations:upgrade:',
  'ops-center:operations:cancel:',
  'ops-center:operations:lease:',
] as const;

interface StorageEventSource {
  addEventListener(type: 'storage', fn: (e: StorageEvent) => void): void;
  removeEventListener(type: 'storage', fn: (e: StorageEvent) => void): void;
}

function memoryStorage(): StorageLike {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => {
      map.set(k, v);
    },
  };
}

/** A change this page made that is not stored yet (deferred, or refused by the browser). */
type Change =
  | { op: string; item: string; patch: ItemPatch }
  | { op: string; record: Partial<Omit<OperationRecord, 'id'>> }
  | { create: OperationRecord }
  | { remove: string };

function applyChange(records: OperationRecord[], c: Change): OperationRecord[] {
  if ('create' in c) return [...records.filter((r) => r.id !== c.create.id), c.create];
  if ('remove' in c) return records.filter((r) => r.id !== c.remove);
  return records.map((r) => {
    if (r.id !== c.op) return r;
    if ('record' in c) return { ...r, ...c.record, id: r.id };
    return {
      ...r,
      items: r.items.map((i) =>
        i.id === c.item ? { ...i, ...c.patch, id: i.id, entity: i.entity } : i,
      ),
    };
  });
}

export function createOperationsStore(
  storage: StorageLike,
  events?: StorageEventSource,
  options: { maxChars?: number; schedule?: (fn: () => void, ms: number) => unknown } = {},
): OperationsStore {
  const listeners = new Set<() => void>();
  const maxChars = options.maxChars ?? MAX_STORED_CHARS;
  const schedule = options.schedule ?? ((fn, ms) => setTimeout(fn, ms));
  /** Changes of this page not stored yet, oldest first; applied over what storage holds. */
  let unsaved: Change[] = [];
  let flushScheduled = false;
  let lastWriteOk = true;
  /**
   * What storage held at the last read (`raw`, decoded), and that with the first `applied`
   * unsaved changes applied (`view`). A read re-applies nothing it already applied: the runner
   * reads an item for every VM it evaluates, and re-applying every deferred change over 500 items
   * each time blocked the page for over 100 ms per tracking tick.
   */
  let cache:
    | { raw: string | null; records: OperationRecord[]; view: OperationRecord[]; applied: number }
    | undefined;

  function read(): OperationRecord[] {
    let raw: string | null;
    try {
      raw = storage.getItem(OPERATIONS_STORAGE_KEY);
    } catch {
      raw = null;
    }
    if (cache?.raw !== raw || cache.applied > unsaved.length) {
      // Decoding 5,000 items on every read would cost more than the read itself.
      const records = cache?.raw === raw ? cache.records : decodeStoredOperations(raw);
      cache = { raw, records, view: records, applied: 0 };
    }
    if (cache.applied < unsaved.length) {
      cache.view = unsaved.slice(cache.applied).reduce(applyChange, cache.view);
      cache.applied = unsaved.length;
    }
    // A copy: callers may sort it.
    return [...cache.view];
  }

  /**
   * Stores `records`: the oldest finished ones are dropped beyond MAX_RECORDS or the size limit.
   * Returns false, storing nothing, when the browser refuses or running records alone are over
   * the limit.
   */
  function store(records: OperationRecord[]): boolean {
    // What storage held before this write (read() refreshed it from the current raw value).
    const previous = cache?.records ?? [];
    const running = records.filter((r) => r.state === 'running');
    const finished = records
      .filter((r) => r.state !== 'running')
      .sort((a, b) => b.startedAt - a.startedAt)
      .slice(0, Math.max(0, MAX_RECORDS - running.length));
    const encoded = [...running, ...finished].map((r) => ({
      r,
      e: JSON.stringify(encodeRecord(r)),
    }));
    let size = encoded.reduce((n, x) => n + x.e.length + 1, 1);
    // Oldest finished first: `finished` is newest first, so pop from the end.
    while (size > maxChars && encoded.length > running.length) {
      const dropped = encoded.pop();
      if (dropped) size -= dropped.e.length + 1;
    }
    if (size > maxChars) return (lastWriteOk = false);
    const kept = new Set(encoded.map((x) => x.r.id));
    const raw = `[${records
      .filter((r) => kept.has(r.id))
      .map((r) => encoded.find((x) => x.r === r)?.e ?? '')
      .join(',')}]`;
    try {
      storage.setItem(OPERATIONS_STORAGE_KEY, raw);
    } catch {
      // Quota or storage disabled: the caller decides (the pre-send mark then sends nothing).
      return (lastWriteOk = false);
    }
    const keptRecords = records.filter((r) => kept.has(r.id));
    // Records gone from storage (dismissed, or evicted as the oldest finished): their side keys.
    for (const gone of previous) {
      if (kept.has(gone.id)) continue;
      for (const prefix of SIDE_KEY_PREFIXES) {
        try {
          storage.removeItem?.(prefix + gone.id);
        } catch {
          // Removing only frees room; a failure leaves the key as it was.
        }
      }
    }
    // The caller clears `unsaved` right after a successful store (and markSending stores only
    // when nothing else is unsaved): the view is what was just stored.
    cache = { raw, records: keptRecords, view: keptRecords, applied: 0 };
    return (lastWriteOk = true);
  }

  function notify(): void {
    for (const fn of [...listeners]) {
      try {
        fn();
      } catch {
        // A failing subscriber must not stop the others or the writer.
      }
    }
  }

  function flush(): boolean {
    if (unsaved.length === 0) return true;
    const ok = store(read());
    if (ok) unsaved = [];
    return ok;
  }

  /** A checked change: stored now with everything unsaved; kept in memory if refused. */
  function commit(change: Change): void {
    unsaved.push(change);
    flush();
    notify();
  }

  function defer(change: Change): void {
    unsaved.push(change);
    if (!flushScheduled) {
      flushScheduled = true;
      schedule(() => {
        flushScheduled = false;
        if (flush()) notify();
      }, FLUSH_MS);
    }
    notify();
  }

  function onStorage(e: StorageEvent): void {
    // key === null means the whole area was cleared.
    if (e.key === OPERATIONS_STORAGE_KEY || e.key === null) notify();
  }

  const get = (id: string): OperationRecord | undefined => read().find((r) => r.id === id);

  return {
    list: () => read().sort((a, b) => b.startedAt - a.startedAt),
    get,
    create(record) {
      commit({ create: record });
      return record;
    },
    update(id, patch) {
      if (!get(id)) return undefined;
      commit({ op: id, record: patch });
      return get(id);
    },
    updateItem(opId, itemKey, patch) {
      if (!get(opId)) return undefined;
      commit({ op: opId, item: itemKey, patch });
      return get(opId);
    },
    deferItem(opId, itemKey, patch) {
      defer({ op: opId, item: itemKey, patch });
    },
    markSending(opId, ids, now) {
      // Synchronous read-check-write: same-origin frames of one tab share an event loop, so no
      // other page can mark or cancel between the check and the write.
      const current = read();
      const op = current.find((r) => r.id === opId);
      if (!op) return [];
      const wanted = new Set(ids);
      const marked: string[] = [];
      const items = op.items.map((i) => {
        if (!wanted.has(i.id) || i.state !== 'pending' || i.actionSentAt !== undefined) return i;
        marked.push(i.id);
        return { ...i, state: 'sent' as const, actionSentAt: now };
      });
      if (marked.length === 0) return [];
      const next = current.map((r) => (r.id === opId ? { ...r, items } : r));
      // Not kept in memory when refused: an unstored mark must not look sent.
      if (!store(next)) return undefined;
      unsaved = [];
      notify();
      return marked;
    },
    flush,
    writable: () => lastWriteOk,
    remove(id) {
      commit({ remove: id });
    },
    subscribe(fn) {
      if (listeners.size === 0) events?.addEventListener('storage', onStorage);
      listeners.add(fn);
      return () => {
        listeners.delete(fn);
        if (listeners.size === 0) events?.removeEventListener('storage', onStorage);
      };
    },
  };
}

function defaultStorage(): StorageLike {
  try {
    if (typeof window !== 'undefined') return window.sessionStorage;
  } catch {
    // Access can throw when storage is disabled by policy.
  }
  return memoryStorage();
}

export const operationsStore: OperationsStore = createOperationsStore(
  defaultStorage(),
  typeof window !== 'undefined' ? window : undefined,
);

export function newOperationId(): string {
  return crypto.randomUUID();
}
