/** Small fetch helpers shared by the engine's own tests. */
import { expect } from 'vitest';
import type { EngineSetup } from './node';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: () => Record<string, unknown>;
}

export function client(setup: Pick<EngineSetup, 'baseUrl' | 'token'>) {
  const api = `${setup.baseUrl}api`;
  const request = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> => {
    const res = await fetch(path.startsWith('http') ? path : `${api}${path}`, {
      method,
      headers: {
        Accept: 'application/json',
        Authorization: `Bearer ${setup.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      text,
      json: () => JSON.parse(text) as Record<string, unknown>,
    };
  };
  return {
    get: (path: string, headers?: Record<string, string>) =>
      request('GET', path, undefined, headers),
    post: (path: string, body: unknown = {}, headers?: Record<string, string>) =>
      request('POST', path, body, headers),
    put: (path: string, body: unknown, headers?: Record<string, string>) =>
      request('PUT', path, body, headers),
    del: (path: string, headers?: Record<string, string>) =>
      request('DELETE', path, undefined, headers),
    request,
  };
}

/** Reads `{ "<key>": [...] }`, treating the engine's `{}` as an empty list. */
export function items(body: Record<string, unknown>, key: string): Record<string, unknown>[] {
  const list = body[key];
  return Array.isArray(list) ? (list as Record<string, unknown>[]) : [];
}

/** Typed asymmetric matchers (vitest's are `any`, which strict lint rejects). */
export const matching = (re: RegExp): unknown => expect.stringMatching(re);
export const anyString: unknown = expect.any(String);
