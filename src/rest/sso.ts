/**
 * Getting an SSO token outside WebAdmin (scripts, the example, a real-engine dev setup). Inside
 * WebAdmin the plugin uses `ssoToken()` instead. The token is returned, never logged.
 */
import { AuthError, ConnectionError, ParseError } from './errors';
import type { SsoTokenWire } from './wire';

export interface SsoLoginOptions {
  /** `…/ovirt-engine/` */
  baseUrl: string;
  username: string;
  password: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/** `POST sso/oauth/token` (password grant, scope `ovirt-app-api`) → the access token. */
export async function ssoLogin(options: SsoLoginOptions): Promise<string> {
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const form = new URLSearchParams({
    grant_type: 'password',
    scope: 'ovirt-app-api',
    username: options.username,
    password: options.password,
  });
  const fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let response: Response;
  try {
    response = await fetchFn(new URL('sso/oauth/token', base), {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      signal: options.signal ?? null,
    });
  } catch (error) {
    throw new ConnectionError('The SSO endpoint could not be reached', 'network', { cause: error });
  }
  let body: SsoTokenWire;
  try {
    body = (await response.json()) as SsoTokenWire;
  } catch (error) {
    throw new ParseError('The SSO answer is not JSON', { status: response.status, cause: error });
  }
  if (!response.ok || typeof body.access_token !== 'string') {
    // Bad credentials answer 400 (not 401) with error/error_description.
    throw new AuthError(
      body.error_description ?? body.error ?? `SSO login failed (${response.status})`,
      {
        status: response.status,
      },
    );
  }
  return body.access_token;
}
