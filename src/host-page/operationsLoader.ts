/**
 * Resuming does not depend on which page is open: while the operations record holds an
 * unfinished operation, the host page (always loaded) adds a hidden frame with
 * `operations-runner.html`, which drives it. With none, nothing is loaded: the check is one
 * sessionStorage read at startup and on each change of the record, so startup cost is unchanged.
 */
import { PAGES } from '../plugin-api/pages';

/** Must match OPERATIONS_STORAGE_KEY (src/operations/operationsStore.ts), not imported: bytes. */
const KEY = 'ops-center:operations';
/** A running operation in the stored (compact) form. */
const RUNNING = '"st":"running"';

function unfinished(win: Window): boolean {
  try {
    return win.sessionStorage.getItem(KEY)?.includes(RUNNING) === true;
  } catch {
    return false;
  }
}

/** Returns a function that stops watching (tests). */
export function watchOperations(win: Window): () => void {
  let frame: HTMLIFrameElement | undefined;
  const check = (): void => {
    if (frame || !unfinished(win)) return;
    frame = win.document.createElement('iframe');
    frame.hidden = true;
    frame.title = 'Ops Center operations';
    frame.src = PAGES.operationsRunner;
    win.document.body.appendChild(frame);
  };
  const onStorage = (e: StorageEvent): void => {
    if (e.key === KEY || e.key === null) check();
  };
  check();
  win.addEventListener('storage', onStorage);
  return () => {
    win.removeEventListener('storage', onStorage);
  };
}
