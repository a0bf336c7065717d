import { useSyncExternalStore } from 'react';

function subscribe(fn: () => void): () => void {
  document.addEventListener('visibilitychange', fn);
  return () => {
    document.removeEventListener('visibilitychange', fn);
  };
}

/** Polling stops while WebAdmin shows another place or the browser tab is in the background. */
export function usePageVisible(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => document.visibilityState !== 'hidden',
    () => true,
  );
}
