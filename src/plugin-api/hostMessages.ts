/**
 * Messages our own frames (pages, dialogs) post to WebAdmin's window for the host page to act on.
 * WebAdmin delivers them through `MessageReceived` only for origins we allow (our own, §5), but
 * every plugin's frames share that origin, so each message is namespaced and shape-checked.
 */
import { DIALOG_TOKENS, VM_BULK_ACTIONS } from './pages';
import type { DialogId } from './pages';
import { isEngineId } from '../rest/ids';

export const MESSAGE_NAMESPACE = 'ops-center';

export type HostMessage =
  | { ns: typeof MESSAGE_NAMESPACE; type: 'close-dialog'; dialog: DialogId }
  | {
      ns: typeof MESSAGE_NAMESPACE;
      type: 'open-dialog';
      dialog: DialogId;
      ids: string[];
      action?: (typeof VM_BULK_ACTIONS)[number];
    };

function isDialog(value: unknown): value is DialogId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DIALOG_TOKENS, value);
}

/** Accepts only our namespaced shapes with well-formed ids; anything else is ignored. */
export function parseHostMessage(data: unknown): HostMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  if (m.ns !== MESSAGE_NAMESPACE || !isDialog(m.dialog)) return undefined;
  if (m.type === 'close-dialog')
    return { ns: MESSAGE_NAMESPACE, type: 'close-dialog', dialog: m.dialog };
  if (m.type !== 'open-dialog' || !Array.isArray(m.ids)) return undefined;
  // Only the engine's id shape: one bad id refuses the whole message (it could widen a search).
  const ids = m.ids.filter(isEngineId);
  if (ids.length === 0 || ids.length !== m.ids.length) return undefined;
  const action = m.action;
  if (action !== undefined && !VM_BULK_ACTIONS.includes(action as never)) return undefined;
  if ((m.dialog === 'vmBulk') !== (action !== undefined)) return undefined;
  return {
    ns: MESSAGE_NAMESPACE,
    type: 'open-dialog',
    dialog: m.dialog,
    ids,
    ...(action === undefined ? {} : { action: action as (typeof VM_BULK_ACTIONS)[number] }),
  };
}
