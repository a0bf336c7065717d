// How the engine reads a plugin descriptor and its admin override file (§4.1–§4.4 of
// shared/reference/webadmin-plugin-api.md): Jackson with ALLOW_COMMENTS and nothing else
// relaxed, PluginData.validate(), a shallow merge of `config`, and ServletUtils.isSane().
// Pure functions over text so that they run in Node, in tests and (merge only) in the browser.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

export interface ParseResult {
  value: JsonValue;
  /** Top-level keys whose value was an integral number literal (Jackson isIntegralNumber). */
  integralKeys: ReadonlySet<string>;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
    this.name = 'JsonSyntaxError';
  }
}

/**
 * Strict JSON plus `//` and `/* *\/` comments, like Jackson's ALLOW_COMMENTS; text after the first
 * complete value is ignored, as Jackson's readValue does.
 */
export function parseJsonWithComments(text: string): ParseResult {
  let i = 0;
  const integralKeys = new Set<string>();

  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, i);
  };

  const skip = (): void => {
    for (;;) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
        i += 1;
      } else if (c === '/' && text[i + 1] === '/') {
        while (i < text.length && text[i] !== '\n') i += 1;
      } else if (c === '/' && text[i + 1] === '*') {
        const end = text.indexOf('*/', i + 2);
        if (end < 0) fail('unterminated comment');
        i = end + 2;
      } else {
        return;
      }
    }
  };

  const parseString = (): string => {
    i += 1;
    let out = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) return fail('unterminated string');
      if (c === '"') {
        i += 1;
        return out;
      }
      if (c < ' ') fail('control character in string');
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (e !== undefined && e in simple) {
          out += simple[e] ?? '';
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          fail('bad escape');
        }
      } else {
        out += c;
        i += 1;
      }
    }
  };

  const parseValue = (depth: number, key: string | null): JsonValue => {
    skip();
    const c = text[i];
    if (c === '{') {
      i += 1;
      const obj: Record<string, JsonValue> = {};
      skip();
      if (text[i] === '}') {
        i += 1;
        return obj;
      }
      for (;;) {
        skip();
        if (text[i] !== '"') fail('expected a property name');
        const k = parseString();
        skip();
        if (text[i] !== ':') fail('expected ":"');
        i += 1;
        obj[k] = parseValue(depth + 1, k);
        skip();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] === '}') {
          i += 1;
          return obj;
        }
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i += 1;
      const arr: JsonValue[] = [];
      skip();
      if (text[i] === ']') {
        i += 1;
        return arr;
      }
      for (;;) {
        arr.push(parseValue(depth + 1, null));
        skip();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] === ']') {
          i += 1;
          return arr;
        }
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return parseString();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    }
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) return fail('unexpected character');
    i += m[0].length;
    if (depth === 1 && key !== null && m[1] === undefined && m[2] === undefined) {
      integralKeys.add(key);
    }
    return Number(m[0]);
  };

  // Jackson's readValue stops after the first complete value: FAIL_ON_TRAILING_TOKENS is off by
  // default, so whatever follows (even text that is not JSON) is never read (rule 27).
  const value = parseValue(0, null);
  return { value, integralKeys };
}

function isObject(v: unknown): v is Record<string, JsonValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface PluginDescriptor {
  name: string;
  url: string;
  config: Record<string, JsonValue>;
  resourcePath?: string;
  lazyLoad: boolean;
}

export interface UserConfig {
  config: Record<string, JsonValue>;
  enabled: boolean;
  order: number;
}

/** What the host page servlet embeds in `pluginDefinitions` (§4.3). */
export interface PluginDefinition {
  name: string;
  url: string;
  config: Record<string, JsonValue>;
  lazyLoad: boolean;
  enabled: boolean;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** PluginData.validate() for the descriptor part (§4.2). */
export function validateDescriptor(value: JsonValue): Validated<PluginDescriptor> {
  const errors: string[] = [];
  if (!isObject(value)) return { ok: false, errors: ['descriptor is not a JSON object'] };
  const { name, url, config, resourcePath, lazyLoad } = value;
  if (typeof name !== 'string' || name.trim() === '')
    errors.push('"name" must be a non-empty string');
  if (typeof url !== 'string' || url.trim() === '') errors.push('"url" must be a non-empty string');
  if (config !== undefined && !isObject(config)) errors.push('"config" must be a JSON object');
  if (
    resourcePath !== undefined &&
    (typeof resourcePath !== 'string' || resourcePath.trim() === '')
  ) {
    errors.push('"resourcePath" must be a non-empty string');
  }
  if (lazyLoad !== undefined && typeof lazyLoad !== 'boolean')
    errors.push('"lazyLoad" must be a boolean');
  if (errors.length > 0) return { ok: false, errors };
  const descriptor: PluginDescriptor = {
    name: name as string,
    url: url as string,
    config: isObject(config) ? config : {},
    lazyLoad: typeof lazyLoad === 'boolean' ? lazyLoad : true,
  };
  if (typeof resourcePath === 'string') descriptor.resourcePath = resourcePath;
  return { ok: true, value: descriptor };
}

/** PluginData.validate() for the user config part (§4.2). */
export function validateUserConfig(parsed: ParseResult): Validated<UserConfig> {
  const errors: string[] = [];
  const { value } = parsed;
  // A non-object root has no fields: JsonNode.path() answers MissingNode for each one, every
  // optional check passes, and the plugin loads with defaults (PluginData.validate) (rule 27).
  const { config, enabled, order } = isObject(value) ? value : {};
  if (config !== undefined && !isObject(config)) errors.push('"config" must be a JSON object');
  if (enabled !== undefined && typeof enabled !== 'boolean')
    errors.push('"enabled" must be a boolean');
  if (order !== undefined && !(typeof order === 'number' && parsed.integralKeys.has('order'))) {
    errors.push('"order" must be an integral number');
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      config: isObject(config) ? config : {},
      enabled: typeof enabled === 'boolean' ? enabled : true,
      order: typeof order === 'number' ? order : 2147483647,
    },
  };
}

/** PluginData.mergeConfiguration(): putAll(descriptor.config) then putAll(user.config). */
export function mergeConfig(
  descriptorConfig: Record<string, JsonValue>,
  userConfig: Record<string, JsonValue>,
): Record<string, JsonValue> {
  return { ...descriptorConfig, ...userConfig };
}

export interface LoadedPlugin {
  definition: PluginDefinition | null;
  descriptor: PluginDescriptor | null;
  order: number;
  /** Problems the engine would log; a non-null definition means the plugin still loads. */
  problems: { severity: 'error' | 'warning'; message: string }[];
}

/**
 * The engine's reading of one descriptor file plus its optional user config text
 * (`null` = file missing). A user config that fails to parse is treated as `{}` (the plugin
 * loads with defaults); one that parses but fails validation skips the plugin.
 */
export function loadPlugin(descriptorText: string, userConfigText: string | null): LoadedPlugin {
  const problems: LoadedPlugin['problems'] = [];
  let descriptorValue: JsonValue;
  try {
    descriptorValue = parseJsonWithComments(descriptorText).value;
  } catch (e) {
    problems.push({ severity: 'error', message: `descriptor does not parse: ${String(e)}` });
    return { definition: null, descriptor: null, order: 0, problems };
  }
  const descriptor = validateDescriptor(descriptorValue);
  if (!descriptor.ok) {
    for (const m of descriptor.errors)
      problems.push({ severity: 'error', message: `descriptor: ${m}` });
    return { definition: null, descriptor: null, order: 0, problems };
  }
  problems.push(...lintResourcePath(descriptor.value.resourcePath));

  let parsedUser: ParseResult = { value: {}, integralKeys: new Set() };
  if (userConfigText !== null) {
    try {
      parsedUser = parseJsonWithComments(userConfigText);
    } catch (e) {
      // PluginDataManager: a config file that fails to parse is replaced by an empty object.
      problems.push({
        severity: 'warning',
        message: `user config does not parse, using an empty object (plugin keeps its defaults): ${String(e)}`,
      });
    }
  }
  if (!isObject(parsedUser.value)) {
    problems.push({
      severity: 'warning',
      message:
        'user config is not a JSON object: the engine reads no field of it (plugin keeps its defaults)',
    });
  }
  const user = validateUserConfig(parsedUser);
  if (!user.ok) {
    for (const m of user.errors) problems.push({ severity: 'error', message: `user config: ${m}` });
    return { definition: null, descriptor: descriptor.value, order: 0, problems };
  }
  return {
    descriptor: descriptor.value,
    order: user.value.order,
    problems,
    definition: {
      name: descriptor.value.name,
      url: descriptor.value.url,
      config: mergeConfig(descriptor.value.config, user.value.config),
      lazyLoad: descriptor.value.lazyLoad,
      enabled: user.value.enabled,
    },
  };
}

/** ServletUtils.isSane(): at most 512 characters, no `..`, `//` or `./`. */
export function isSanePath(path: string): boolean {
  return path.length <= 512 && !path.includes('..') && !path.includes('//') && !path.includes('./');
}

/** Rule 30: a resourcePath that makes every request 404. */
export function lintResourcePath(resourcePath: string | undefined): LoadedPlugin['problems'] {
  if (resourcePath === undefined) {
    return [
      {
        severity: 'error',
        message: 'descriptor has no "resourcePath": its files cannot be served',
      },
    ];
  }
  if (
    resourcePath.endsWith('/') ||
    resourcePath.startsWith('./') ||
    !isSanePath(`${resourcePath}/x`)
  ) {
    return [
      {
        severity: 'error',
        message: `resourcePath "${resourcePath}" fails the engine's path check: every file would 404`,
      },
    ];
  }
  return [];
}

/** Content types as a stock /etc/mime.types maps them; anything else is octet-stream. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html',
  htm: 'text/html',
  js: 'application/javascript',
  css: 'text/css',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  ico: 'image/vnd.microsoft.icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  txt: 'text/plain',
};

export function contentTypeFor(path: string): string {
  const dot = path.lastIndexOf('.');
  const ext = dot < 0 ? '' : path.slice(dot + 1).toLowerCase();
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

/** Rule 30 for every file of the resource tree (relative paths). */
export function lintResourceFiles(resourcePath: string, files: readonly string[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    if (!isSanePath(`${resourcePath}/${file}`)) {
      problems.push(`"${file}" fails the engine's path check (.., //, ./ or over 512 characters)`);
    } else if (contentTypeFor(file) === 'application/octet-stream' && !file.endsWith('.map')) {
      problems.push(`"${file}" has an extension the engine serves as application/octet-stream`);
    } else if (file.endsWith('.map')) {
      problems.push(`"${file}" is a source map in the installable tree`);
    }
  }
  return problems;
}
