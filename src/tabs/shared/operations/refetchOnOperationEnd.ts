/**
 * Keeps the tables in step with the drawer: when an item of an operation finishes (done or
 * failed) or an operation ends, the VM rows and the host figures it may have changed are
 * refetched at once instead of at the next poll.
 *
 * Fed with the operations snapshot the pages already render from, so it runs at most once per
 * frame. Item ends are coalesced to one refetch per `ITEM_REFETCH_MS` (a 500-VM run finishes
 * many items a second); an operation's end always refetches immediately.
 *
 * @example
 *   const follower = createOperationEndFollower(queryClient);
 *   follower.observe(operations); // on every snapshot
 */
import type { QueryClient } from '@tanstack/react-query';
import type { OperationRecord } from '../../../operations/operationsStore';
import { hostKeys, vmKeys } from '../queryKeys';
import { shownState } from './operationsSnapshot';

export const ITEM_REFETCH_MS = 1_000;

type Invalidator = Pick<QueryClient, 'invalidateQueries'>;

export interface OperationEndFollower {
  observe(ops: readonly OperationRecord[]): void;
  dispose(): void;
}

export function createOperationEndFollower(
  client: Invalidator,
  now: () => number = Date.now,
): OperationEndFollower {
  /** Per operation: items already seen finished, and whether its end was seen. */
  let seen: Map<string, { items: Set<string>; ended: boolean }> | undefined;
  const vms = new Set<string>();
  let hosts = false;
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function flush(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (vms.size === 0 && !hosts) return;
    last = now();
    void client.invalidateQueries({ queryKey: vmKeys.lists() });
    for (const id of vms) void client.invalidateQueries({ queryKey: vmKeys.detail(id) });
    // A VM that started, stopped or moved changes its hosts' load and VM counts; which hosts
    // is not in the record, and a page holds few host queries.
    void client.invalidateQueries({ queryKey: hostKeys.all });
    vms.clear();
    hosts = false;
  }

  return {
    observe(ops) {
      const first = seen === undefined;
      const next = new Map<string, { items: Set<string>; ended: boolean }>();
      let ended = false;
      let touched = false;
      for (const op of ops) {
        const before = seen?.get(op.id);
        const items = new Set<string>();
        for (const item of op.items) {
          if (item.state !== 'done' && item.state !== 'failed') continue;
          items.add(item.id);
          if (first || before?.items.has(item.id)) continue;
          // New records arrive with their skipped items only; a finished one is new when the
          // record was already followed (or created finished in another page, still worth it).
          touched = true;
          if (item.entity === 'vm') vms.add(item.id);
          else hosts = true;
        }
        const opEnded = shownState(op) !== 'running';
        if (!first && opEnded && before?.ended !== true && (before !== undefined || touched))
          ended = true;
        next.set(op.id, { items, ended: opEnded });
      }
      seen = next;
      if (ended) hosts = true;
      if (!touched && !ended) return;
      if (ended || now() - last >= ITEM_REFETCH_MS) flush();
      else timer ??= setTimeout(flush, Math.max(0, last + ITEM_REFETCH_MS - now()));
    },
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
