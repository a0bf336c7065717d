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
  | 'host-activate';

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
}

export interface OperationsStore {
  /** Newest first. */
  list(): OperationRecord[];
  get(id: string): OperationRecord | undefined;
  create(record: OperationRecord): OperationRecord;
  update(id: string, patch: Partial<Omit<OperationRecord, 'id'>>): OperationRecord | undefined;
  /** `itemKey` is the item's entity id (unique within one operation). */
  updateItem(
    opId: string,
    itemKey: string,
    patch: Partial<Omit<OperationItem, 'id' | 'entity'>>,
  ): OperationRecord | undefined;
  remove(id: string): void;
  subscribe(fn: () => void): () => void;
}

export const OPERATIONS_STORAGE_KEY = 'ops-center:operations';

/** Old finished operations are dropped beyond this many so the storage area never fills up. */
const MAX_RECORDS = 50;

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
  const done = items.filter((i) => i.state === 'done' || i.state === 'skipped').length;
  if (failed === 0 && cancelled === 0) return 'done';
  if (done === 0 && failed > 0 && cancelled === 0) return 'failed';
  if (done === 0 && failed === 0) return 'cancelled';
  return 'partial';
}

function isRecord(value: unknown): value is OperationRecord {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<OperationRecord>;
  return typeof v.id === 'string' && typeof v.kind === 'string' && Array.isArray(v.items);
}

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

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

export function createOperationsStore(
  storage: StorageLike,
  events?: StorageEventSource,
): OperationsStore {
  const listeners = new Set<() => void>();

  function read(): OperationRecord[] {
    let raw: string | null;
    try {
      raw = storage.getItem(OPERATIONS_STORAGE_KEY);
    } catch {
      return [];
    }
    if (!raw) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.filter(isRecord) : [];
    } catch {
      // A corrupt record must not break every page; start over.
      return [];
    }
  }

  function write(records: OperationRecord[]): void {
    const running = records.filter((r) => r.state === 'running');
    const finished = records
      .filter((r) => r.state !== 'running')
      .sort((a, b) => b.startedAt - a.startedAt)
      .slice(0, Math.max(0, MAX_RECORDS - running.length));
    const kept = records.filter((r) => r.state === 'running' || finished.includes(r));
    try {
      storage.setItem(OPERATIONS_STORAGE_KEY, JSON.stringify(kept));
    } catch {
      // Quota or disabled storage: the operation still runs, only the record is not kept.
    }
    notify();
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

  function onStorage(e: StorageEvent): void {
    // key === null means the whole area was cleared.
    if (e.key === OPERATIONS_STORAGE_KEY || e.key === null) notify();
  }

  function mutate(
    id: string,
    change: (r: OperationRecord) => OperationRecord,
  ): OperationRecord | undefined {
    // Read-modify-write is synchronous, and same-origin iframes of one tab share an event loop,
    // so two pages cannot interleave between the read and the write.
    const records = read();
    const idx = records.findIndex((r) => r.id === id);
    const current = records[idx];
    if (!current) return undefined;
    const next = change(current);
    records[idx] = next;
    write(records);
    return next;
  }

  return {
    list: () => read().sort((a, b) => b.startedAt - a.startedAt),
    get: (id) => read().find((r) => r.id === id),
    create(record) {
      const records = read().filter((r) => r.id !== record.id);
      records.push(record);
      write(records);
      return record;
    },
    update: (id, patch) => mutate(id, (r) => ({ ...r, ...patch, id: r.id })),
    updateItem: (opId, itemKey, patch) =>
      mutate(opId, (r) => ({
        ...r,
        items: r.items.map((i) =>
          i.id === itemKey ? { ...i, ...patch, id: i.id, entity: i.entity } : i,
        ),
      })),
    remove(id) {
      write(read().filter((r) => r.id !== id));
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
