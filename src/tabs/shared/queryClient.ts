/**
 * The one TanStack Query configuration (model-codebases §4.6). Each page iframe has its own
 * QueryClient; the defaults keep the engine's load low:
 * - polling (`refetchInterval`, set per query as a function) pauses while the page is hidden
 *   (`refetchIntervalInBackground: false`), and nothing refetches on focus or reconnect bursts;
 * - the REST client already retries transient failures, so queries retry once at most, and only
 *   when the engine could not be reached — never on 4xx answers.
 *
 * @example
 *   useQuery({ ...vmQueries.detail(client, id), refetchInterval: pollWhileChanging(config) })
 */
import { QueryClient, focusManager } from '@tanstack/react-query';
import { ConnectionError } from '../../rest/errors';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 2_000,
        gcTime: 5 * 60_000,
        refetchOnWindowFocus: false,
        refetchIntervalInBackground: false,
        retry: (failureCount, error) => failureCount < 1 && error instanceof ConnectionError,
      },
      mutations: { retry: false },
    },
  });
}

/** A `refetchInterval` that polls at the configured rate; pass `false`-returning logic per query to stop. */
export function pollEvery(intervalMs: number): () => number {
  return () => intervalMs;
}

/**
 * TanStack pauses `refetchInterval` polling while the document is hidden. A WebAdmin place or
 * detail tab that is not shown keeps its iframe, whose document still reports "visible"; an
 * IntersectionObserver sees that the frame has no visible area, so polling pauses there too.
 * Returns the cleanup. Called once per page by PageRoot.
 */
export function pauseWhileHidden(doc: Document = document): () => void {
  let onScreen = true;
  const update = (): void => {
    focusManager.setFocused(doc.visibilityState !== 'hidden' && onScreen);
  };
  doc.addEventListener('visibilitychange', update);
  const Observer = doc.defaultView?.IntersectionObserver;
  const observer = Observer
    ? new Observer((entries) => {
        const last = entries[entries.length - 1];
        if (last) onScreen = last.isIntersecting;
        update();
      })
    : undefined;
  observer?.observe(doc.documentElement);
  return () => {
    doc.removeEventListener('visibilitychange', update);
    observer?.disconnect();
    focusManager.setFocused(undefined);
  };
}
