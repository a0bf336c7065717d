import type { APIRequestContext } from '@playwright/test';

/**
 * The shared e2e engine's speed (ms per state step; playwright.config.ts starts it with this).
 * Every reset restores it unless the test asks for another: the engine keeps the last speed it
 * was given, so a test that slowed it down would otherwise slow every test after it.
 */
export const E2E_TIME_SCALE = 40;

/** One entry of the simulated engine's request log (`GET /__engine/requests`). */
export interface EngineRequest {
  seq: number;
  time: number;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  correlationId: string;
  status: number;
  /** Dropped unread by the `unreachable` fault (see dev/engine's RequestLogEntry). */
  refused?: boolean;
}

export interface EngineFaults {
  latencyMs?: number;
  unreachable?: boolean;
  errorRate?: { method?: string; path: string; status: number; rate?: number; count?: number }[];
  malformed?: { path: string; count?: number }[];
  tokenExpiry?: { afterRequests?: number; afterMs?: number };
  failActions?: {
    vm: string;
    action: string;
    reason?: string;
    detail?: string;
    mode?: 'reject' | 'async';
  }[];
  failMigrationsTo?: string[];
}

/** The simulated engine's control API (`/__engine/*`), as mounted by the mock WebAdmin. */
export class EngineControl {
  constructor(
    private readonly request: APIRequestContext,
    private readonly baseUrl: string,
  ) {}

  private url(path: string): string {
    return `${this.baseUrl}/__engine${path}`;
  }

  /**
   * Control calls are idempotent, so one that lost its kept-alive socket (the server closing an
   * idle connection just as it was reused: ECONNRESET, "socket hang up") is sent again, once.
   */
  private static async again<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!/ECONNRESET|socket hang up/.test(String(error))) throw error;
      return call();
    }
  }

  private static async ok(res: { ok(): boolean; status(): number; text(): Promise<string> }) {
    if (!res.ok())
      throw new Error(`engine control: HTTP ${String(res.status())} ${await res.text()}`);
  }

  /** Every REST request the engine saw since the last clear (or reset). */
  async requests(filter?: { method?: string; path?: RegExp }): Promise<EngineRequest[]> {
    const res = await EngineControl.again(() => this.request.get(this.url('/requests')));
    await EngineControl.ok(res);
    const { requests } = (await res.json()) as { requests: EngineRequest[] };
    return requests.filter(
      (r) =>
        (filter?.method === undefined || r.method === filter.method) &&
        (filter?.path === undefined || filter.path.test(r.path)),
    );
  }

  async clearRequests(): Promise<void> {
    await EngineControl.ok(
      await EngineControl.again(() => this.request.delete(this.url('/requests'))),
    );
  }

  /** A fresh fleet (same seed = same ids), no faults, empty request log. */
  async reset(
    options: {
      scenario?: 'default' | 'large' | 'small' | 'evacuation' | 'scheduling' | 'balance';
      seed?: number;
      timeScale?: number;
    } = {},
  ): Promise<void> {
    await EngineControl.ok(
      await EngineControl.again(() =>
        this.request.post(this.url('/reset'), {
          data: { scenario: 'default', seed: 1, timeScale: E2E_TIME_SCALE, ...options },
        }),
      ),
    );
  }

  async faults(faults: EngineFaults): Promise<void> {
    await EngineControl.ok(
      await EngineControl.again(() => this.request.post(this.url('/faults'), { data: faults })),
    );
  }

  async clearFaults(): Promise<void> {
    await EngineControl.ok(
      await EngineControl.again(() => this.request.delete(this.url('/faults'))),
    );
  }

  /**
   * Upgrade knob: these hosts (ids or names; none = all) have updates in their repositories; with
   * `known`, `update_available` is set at once as if a check had run.
   */
  async updates(hosts?: string[], options: { known?: boolean; available?: boolean } = {}) {
    await EngineControl.ok(
      await EngineControl.again(() =>
        this.request.post(this.url('/updates'), { data: { hosts, ...options } }),
      ),
    );
  }

  /** A valid bearer token, for direct REST calls from a test. */
  async token(): Promise<string> {
    const res = await EngineControl.again(() => this.request.get(this.url('/token')));
    await EngineControl.ok(res);
    return ((await res.json()) as { token: string }).token;
  }

  /** Host lifecycle knobs (issue 16): per-host power management, hook md5, versions; cluster reason flags. */
  async lab(patch: {
    hosts?: {
      name: string;
      powerManagement?: boolean;
      hook?: { eventName: string; name: string; md5: string };
      software?: { vdsm?: string; libvirt?: string; os?: string; kernelCmdline?: string };
    }[];
    clusters?: { name: string; maintenanceReasonRequired?: boolean; optionalReason?: boolean }[];
  }): Promise<void> {
    await EngineControl.ok(
      await EngineControl.again(() => this.request.post(this.url('/lab'), { data: patch })),
    );
  }

  /** The engine's audit log (`GET /api/events`), newest first, as descriptions with their code. */
  async events(): Promise<{ code: number; description: string }[]> {
    const token = await this.token();
    const res = await EngineControl.again(() =>
      this.request.get(`${this.baseUrl}/ovirt-engine/api/events`, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      }),
    );
    await EngineControl.ok(res);
    const body = (await res.json()) as { event?: { code: string; description: string }[] };
    return (body.event ?? []).map((e) => ({ code: Number(e.code), description: e.description }));
  }
}
