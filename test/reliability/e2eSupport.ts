/**
 * Helpers shared by the reliability and security e2e specs (e2e/reliability-*.spec.ts,
 * e2e/security-*.spec.ts): reading the operations record the pages keep in sessionStorage,
 * checking it against the engine, and finding repeated actions in the engine's request log.
 */
import type { APIRequestContext, FrameLocator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { EngineControl, EngineRequest } from '../../e2e/support/engineControl';
import { decodeStoredOperations, type OperationRecord } from '../../src/operations/operationsStore';

export const OPERATIONS_KEY = 'ops-center:operations';

export interface VmWire {
  id: string;
  name: string;
  status: string;
  description?: string;
  host?: { id: string };
}

/** A direct REST call with a fresh token, as a test (not the plugin) would make it. */
export async function api<T>(
  request: APIRequestContext,
  engine: EngineControl,
  baseURL: string,
  path: string,
  method: 'GET' | 'POST' | 'DELETE' | 'PUT' = 'GET',
  data?: unknown,
): Promise<T> {
  const token = await engine.token();
  const res = await request.fetch(`${baseURL}/ovirt-engine/api/${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    ...(method === 'POST' || method === 'PUT' ? { data: data ?? {} } : {}),
  });
  const text = await res.text();
  return (text ? JSON.parse(text) : {}) as T;
}

export async function vmsWhere(
  request: APIRequestContext,
  engine: EngineControl,
  baseURL: string,
  search: string,
): Promise<VmWire[]> {
  const body = await api<{ vm?: VmWire[] }>(
    request,
    engine,
    baseURL,
    `vms?search=${encodeURIComponent(search)}`,
  );
  return body.vm ?? [];
}

/** The record every plugin page shares (same-origin sessionStorage of the WebAdmin tab). */
export async function operations(page: Page): Promise<OperationRecord[]> {
  const raw = await page.evaluate((k) => sessionStorage.getItem(k), OPERATIONS_KEY);
  // The record is stored compact (issue 11): decode it as the pages do.
  return decodeStoredOperations(raw);
}

const ACTION_PATH =
  /^\/ovirt-engine\/api\/vms\/([^/]+)\/(start|stop|shutdown|reboot|suspend|migrate)$/;

/**
 * Actions the engine accepted more than once for the same VM, action and operation (the item
 * correlation ids are `<operation>-<n>`, with an `r` per explicit retry).
 */
export function repeatedActions(log: EngineRequest[]): string[] {
  const seen = new Map<string, number>();
  for (const r of log) {
    const m = ACTION_PATH.exec(r.path);
    if (r.method !== 'POST' || !m || r.status < 200 || r.status >= 300) continue;
    const op = r.correlationId.replace(/-\d+r*$/, '');
    const key = `${m[1] ?? ''} ${m[2] ?? ''} ${op}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${String(n)}`);
}

/**
 * Records that contradict the engine: an operation still running, an unfinished item, a "done"
 * item whose VM is not at its target, a "failed" item without a reason, or a "failed" item
 * whose action the engine accepted and whose VM reached the target anyway.
 */
export async function wrongRecords(
  ops: OperationRecord[],
  log: EngineRequest[],
  vmStatus: (id: string) => Promise<string | undefined>,
): Promise<string[]> {
  const accepted = new Set(
    log
      .filter((r) => r.method === 'POST' && r.status >= 200 && r.status < 300)
      .map((r) => ACTION_PATH.exec(r.path)?.[1])
      .filter((id): id is string => id !== undefined),
  );
  const wrong: string[] = [];
  for (const op of ops) {
    if (op.state === 'running') wrong.push(`${op.title}: still running`);
    for (const item of op.items) {
      if (item.entity !== 'vm') continue;
      const target = item.target;
      const now = target === undefined ? undefined : await vmStatus(item.id);
      if (['pending', 'sent', 'in_progress'].includes(item.state))
        wrong.push(`${item.name}: unfinished (${item.state})`);
      else if (item.state === 'done' && target !== undefined && now !== target)
        wrong.push(`${item.name}: done but ${String(now)}`);
      else if (item.state === 'failed' && !item.error)
        wrong.push(`${item.name}: failed, no reason`);
      else if (item.state === 'failed' && accepted.has(item.id) && now === target)
        wrong.push(`${item.name}: failed but the engine did it`);
    }
  }
  return wrong;
}

export async function openVmsPlace(
  page: Page,
  webadmin: { goTo(t: string): Promise<void> },
): Promise<FrameLocator> {
  await webadmin.goTo('ops-center');
  const frame = page.frameLocator('#oc-wa-place-ops-center');
  await expect(frame.locator('table[aria-label="Virtual machines"]')).toBeVisible();
  return frame;
}

export async function searchVms(frame: FrameLocator, text: string): Promise<void> {
  await frame.getByLabel('Search virtual machines').fill(text);
  await frame.getByRole('button', { name: 'Search', exact: true }).click();
}

export function rowNames(frame: FrameLocator): Promise<string[]> {
  return frame
    .locator('table[aria-label="Virtual machines"] tbody tr')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-vm-name') ?? ''));
}

/** Searches, selects every row shown and confirms a bulk start; returns how many were asked. */
export async function bulkStart(frame: FrameLocator, search: string, count: number): Promise<void> {
  await searchVms(frame, search);
  await expect.poll(async () => (await rowNames(frame)).length).toBe(count);
  await frame.locator('#oc-vm-select-page').check();
  await frame.locator('#oc-bulk-start').click();
  await frame
    .getByRole('button', { name: `Start ${String(count)} ${count === 1 ? 'VM' : 'VMs'}` })
    .click();
}

/** `onerror`/`onload` payloads set this flag on WebAdmin's window if they ever run. */
export const XSS_FLAG = '__ocXssRan';

export function markup(label: string): string {
  return `<img src=x onerror="window.top.${XSS_FLAG}=(window.top.${XSS_FLAG}||[]).concat('${label}')">`;
}

/**
 * Runs `fn` in the page and in every frame, and returns each frame's answer with its URL. A frame
 * that cannot be evaluated fails the test with its URL: a check that could not look is not a
 * clean result. A frame caught mid-navigation gets one second try after it has loaded.
 */
export async function inEveryFrame<T>(
  page: Page,
  fn: () => T,
): Promise<{ url: string; value: T }[]> {
  const out: { url: string; value: T }[] = [];
  for (const frame of page.frames()) {
    let value: T;
    try {
      value = await frame.evaluate<T>(fn);
    } catch (first) {
      try {
        await frame.waitForLoadState('load', { timeout: 5000 });
        value = await frame.evaluate<T>(fn);
      } catch (second) {
        const why = second instanceof Error ? second.message : String(second);
        const before = first instanceof Error ? first.message : String(first);
        throw new Error(`cannot evaluate frame ${frame.url()}: ${why} (first try: ${before})`, {
          cause: second,
        });
      }
    }
    out.push({ url: frame.url(), value });
  }
  return out;
}

/** Elements a payload would have created, in the page and in every frame. */
export async function injectedElements(page: Page): Promise<string[]> {
  const counts = await inEveryFrame(
    page,
    () => document.querySelectorAll('img[src="x"], svg[onload], [onerror]').length,
  );
  return counts.filter((c) => c.value > 0).map((c) => `${c.url}: ${String(c.value)}`);
}

export async function xssRan(page: Page): Promise<unknown> {
  return page.evaluate((flag) => (window as unknown as Record<string, unknown>)[flag], XSS_FLAG);
}
