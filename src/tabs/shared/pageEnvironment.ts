/**
 * What a page needs from WebAdmin, gathered once per page load through the plugin-API module:
 * the engine client (credentials read fresh on every request, never stored), the validated
 * config and its warnings, and the locale. Framework-free so it can be tested without React.
 *
 * How pages get credentials safely: every page is a same-origin iframe inside WebAdmin, so it
 * asks `window.top.pluginApi('ops-center').ssoToken()` itself (via `readCredential`) each time the
 * REST client needs it. The token is never put in a URL, in sessionStorage/localStorage, in a
 * postMessage, or in a log. On 3.x the host page holds the REST session id in memory on its own
 * window, where only same-origin frames can read it.
 */
import { createEngineClient } from '../../rest/client';
import type { EngineClient } from '../../rest/client';
import { createConsoleLogger } from '../../rest/logger';
import { AuthError } from '../../rest/errors';
import { readConfig } from '../../plugin-api/config';
import type { ConfigWarning, OpsCenterConfig } from '../../plugin-api/config';
import {
  configObject,
  currentLocale,
  engineBaseUrl,
  pluginApi,
  readCredential,
} from '../../plugin-api/pluginApi';
import type { PluginCredential } from '../../plugin-api/pluginApi';
import type { Translate } from '../../messages/catalogue';

export type PageEnvironment =
  | {
      kind: 'ready';
      client: EngineClient;
      config: OpsCenterConfig;
      warnings: ConfigWarning[];
      locale: string;
    }
  | { kind: 'outside-webadmin' };

function credential(): PluginCredential {
  const value = readCredential();
  // The client maps this like a 401: the page shows "sign in again" instead of a generic error.
  if (!value) throw new AuthError('WebAdmin provided no REST credential');
  return value;
}

export function createPageEnvironment(): PageEnvironment {
  const baseUrl = engineBaseUrl();
  if (!pluginApi() || baseUrl === undefined) return { kind: 'outside-webadmin' };
  const locale = currentLocale();
  const { config, warnings } = readConfig(configObject());
  const client = createEngineClient({
    baseUrl,
    credentials: credential,
    acceptLanguage: locale,
    logger: createConsoleLogger('warn'),
  });
  return { kind: 'ready', client, config, warnings, locale };
}

export function configWarningText(warning: ConfigWarning, t: Translate): string {
  const params = {
    key: warning.key,
    value: warning.value,
    used: warning.used,
    min: warning.min ?? '',
    max: warning.max ?? '',
  };
  switch (warning.problem) {
    case 'not-an-object':
      return t('common.config.notAnObject');
    case 'unknown-key':
      return t('common.config.unknownKey', params);
    case 'not-a-boolean':
      return t('common.config.notABoolean', params);
    case 'not-an-integer':
      return t('common.config.notAnInteger', params);
    case 'out-of-range':
      return t('common.config.outOfRange', params);
  }
}
