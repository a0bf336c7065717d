/**
 * Host lifecycle shapes of the REST client: VDSM hooks (`GET /hosts/{id}/hooks`) and power
 * management fence types (`POST /hosts/{id}/fence`). Mapped like the rest of `mappers.ts`.
 */
import { ParseError } from './errors';

/** `fence_type` of `POST /hosts/{id}/fence` (FenceType). */
export type FenceType = 'restart' | 'start' | 'stop' | 'status' | 'manual';

/** `power_management.status` a `status` fence answers with. */
export type PowerStatus = 'on' | 'off' | 'unknown';

export interface HostHook {
  id: string;
  /** The VDSM hook point, e.g. `before_vm_start`. */
  eventName: string;
  /** The script, e.g. `50_vhostmd`. */
  name: string;
  /** The script's md5 as VDSM reports it; hosts with the same script have the same md5. */
  md5: string;
}

export interface HostHookWire {
  id?: string;
  event_name?: string;
  name?: string;
  md5?: string;
}

export function toHostHook(answer: HostHookWire): HostHook {
  // The type says object; an engine's list may still hold a null.
  const wire = answer as HostHookWire | null;
  if (typeof wire !== 'object' || wire === null || typeof wire.id !== 'string' || wire.id === '')
    throw new ParseError('A hook without an id');
  return {
    id: wire.id,
    eventName: typeof wire.event_name === 'string' ? wire.event_name : '',
    name: typeof wire.name === 'string' ? wire.name : '',
    md5: typeof wire.md5 === 'string' ? wire.md5 : '',
  };
}

export function toPowerStatus(body: unknown): PowerStatus | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const pm = (body as { power_management?: { status?: unknown } }).power_management;
  const s = pm?.status;
  return s === 'on' || s === 'off' || s === 'unknown' ? s : undefined;
}
