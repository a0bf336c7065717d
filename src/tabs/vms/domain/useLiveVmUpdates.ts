/**
 * Live rows without reloading the fleet: the engine's event stream (`events?from=`) tells which
 * VMs changed; only those rows on the current page are re-read (one search request) and patched
 * into the cached page. Runs only while the page is visible; events that happened while hidden
 * arrive in one batch when it becomes visible again (the stream keeps its high-water mark).
 * A refresh that only changes rows' contents renders nothing in React (livePatch.ts).
 */
import { listedVm } from './vmListRead';
import { useQueryClient } from '@tanstack/react-query';
import type { QueryKey } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { EngineClient } from '../../../rest/client';
import type { EventStream } from '../../../rest/events';
import type { ListedVm } from './vmListRead';
import { patchPage } from './livePatch';
import { defaultSleep } from '../../../operations/runnerKit';
import { usePageVisible } from './usePageVisible';
import { createLiveClock } from './liveClock';
import type { LiveClock } from './liveClock';

export function useLiveVmUpdates(
  client: EngineClient,
  listKey: QueryKey,
  intervalMs: number,
  /** The ids selected now: a refresh of one of them re-renders the view (livePatch.ts). */
  selection: { readonly current: ReadonlySet<string> },
): { clock: LiveClock; live: boolean; error: unknown } {
  const queryClient = useQueryClient();
  const visible = usePageVisible();
  // Not state: a poll re-renders only what shows the time (see liveClock.ts).
  const [clock] = useState(createLiveClock);
  // The last poll's failure (cleared by the next success): an unreachable engine or an ended
  // session must not look "Live" while the rows silently go stale.
  const [error, setError] = useState<unknown>(undefined);
  const stream = useRef<EventStream | undefined>(undefined);
  const keyRef = useRef(listKey);
  useEffect(() => {
    keyRef.current = listKey;
  }, [listKey]);

  useEffect(() => {
    if (!visible) return;
    const controller = new AbortController();
    const signal = controller.signal;
    const isAborted = (): boolean => signal.aborted;
    stream.current ??= client.eventStream({ intervalMs });
    const events = stream.current;
    const loop = async (): Promise<void> => {
      while (!signal.aborted) {
        try {
          const batch = await events.poll({ signal });
          const changed = new Set(batch.flatMap((e) => (e.vm ? [e.vm.id] : [])));
          const key = keyRef.current;
          const page = queryClient.getQueryData<ListedVm[]>(key);
          const onPage = page?.filter((v) => changed.has(v.id)).map((v) => v.id) ?? [];
          let patched = false;
          if (onPage.length > 0) {
            const fresh = (
              await client.vmListByIds(onPage, {
                follow: ['statistics', 'reporteddevices'],
                signal,
              })
            ).map(listedVm);
            // The page as it is now (a refetch may have landed during the read).
            const current = queryClient.getQueryData<ListedVm[]>(key);
            if (current) {
              const { page: next, quiet } = patchPage(current, onPage, fresh, selection.current);
              // Quiet: the page keeps its read time, which is what the view re-renders on.
              const updatedAt = quiet ? queryClient.getQueryState(key)?.dataUpdatedAt : undefined;
              queryClient.setQueryData<ListedVm[]>(
                key,
                next,
                updatedAt === undefined ? undefined : { updatedAt },
              );
              patched = true;
            }
          }
          // The table redraws its rows from the page on this tick.
          clock.set(Date.now(), patched);
          setError(undefined);
        } catch (e) {
          if (isAborted()) return;
          // Keep going: a glitch must not end live updates; the page shows what went wrong.
          setError(e);
        }
        // The sleep's abort listener goes when the sleep ends: one left per poll had piled up.
        await defaultSleep(intervalMs, signal);
      }
    };
    void loop();
    return () => {
      controller.abort();
    };
  }, [client, clock, intervalMs, queryClient, selection, visible]);

  return { clock, live: visible, error };
}
