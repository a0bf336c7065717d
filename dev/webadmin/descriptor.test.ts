import { describe, expect, it } from 'vitest';
import {
  contentTypeFor,
  isSanePath,
  lintResourceFiles,
  loadPlugin,
  mergeConfig,
  parseJsonWithComments,
} from './descriptor';

const descriptor = JSON.stringify({
  name: 'ops-center',
  url: 'plugin/ops-center/plugin.html',
  resourcePath: 'ops-center-resources',
  lazyLoad: false,
  config: { placement: 'primary', pollSeconds: 10, limits: { a: 1, b: 2 } },
});

describe('parseJsonWithComments (Jackson ALLOW_COMMENTS)', () => {
  it('accepts // and /* */ comments, also inside structures', () => {
    const text = '// top\n{ /* c */ "a": 1, // x\n "b": "//not a comment" }';
    expect(parseJsonWithComments(text).value).toEqual({ a: 1, b: '//not a comment' });
  });

  it.each([
    ['trailing comma', '{"a": 1,}'],
    ['single quotes', "{'a': 1}"],
    ['hash comment', '# no\n{}'],
    ['unterminated comment', '{ /* }'],
  ])('rejects %s like Jackson', (_name, text) => {
    expect(() => parseJsonWithComments(text)).toThrow();
  });

  it.each([
    ['garbage', '{"a": 1} x'],
    ['a second value', '{"a": 1} {"a": 2}'],
    ['an unterminated comment', '{"a": 1} /*'],
  ])('ignores %s after the first value, as Jackson readValue does (rule 27)', (_name, text) => {
    expect(parseJsonWithComments(text).value).toEqual({ a: 1 });
  });

  it('tells integral number literals from others at the top level', () => {
    expect([...parseJsonWithComments('{"order": 1, "x": 1.0}').integralKeys]).toEqual(['order']);
  });
});

describe('loadPlugin (PluginData.validate + mergeConfiguration)', () => {
  it('shallow-merges the user config over the descriptor config', () => {
    const loaded = loadPlugin(
      descriptor,
      '{ "config": { "pollSeconds": 30, "limits": { "a": 9 } } }',
    );
    expect(loaded.definition).toEqual({
      name: 'ops-center',
      url: 'plugin/ops-center/plugin.html',
      lazyLoad: false,
      enabled: true,
      config: { placement: 'primary', pollSeconds: 30, limits: { a: 9 } },
    });
    expect(loaded.problems).toEqual([]);
  });

  it('loads with defaults and a warning when the user config does not parse', () => {
    const loaded = loadPlugin(descriptor, '{ "config": { "pollSeconds": 30, } }');
    expect(loaded.definition?.config).toEqual({
      placement: 'primary',
      pollSeconds: 10,
      limits: { a: 1, b: 2 },
    });
    expect(loaded.definition?.enabled).toBe(true);
    expect(loaded.problems.map((p) => p.severity)).toEqual(['warning']);
  });

  it.each([['[]'], ['"text"'], ['42'], ['null'], ['[{"enabled": false}]']])(
    'loads the plugin with defaults when the user config is %s, not an object (rule 27)',
    (text) => {
      const loaded = loadPlugin(descriptor, text);
      expect(loaded.definition).toMatchObject({ enabled: true, lazyLoad: false });
      expect(loaded.definition?.config).toEqual({
        placement: 'primary',
        pollSeconds: 10,
        limits: { a: 1, b: 2 },
      });
      expect(loaded.problems.map((p) => p.severity)).toEqual(['warning']);
    },
  );

  it('uses the user config and ignores text after it (rule 27)', () => {
    const loaded = loadPlugin(descriptor, '{"enabled": false} trailing notes');
    expect(loaded.definition?.enabled).toBe(false);
  });

  it('skips the plugin when the user config parses but fails validation', () => {
    for (const text of ['{"enabled": "no"}', '{"order": 1.0}', '{"config": []}']) {
      expect(loadPlugin(descriptor, text).definition).toBeNull();
    }
    expect(loadPlugin(descriptor, '{"order": -3, "enabled": false}').definition?.enabled).toBe(
      false,
    );
  });

  it('skips descriptors without name or url, or with wrong types', () => {
    for (const bad of [
      { url: 'x' },
      { name: ' ', url: 'x' },
      { name: 'a', url: 'x', config: 'no' },
      { name: 'a', url: 'x', lazyLoad: 'false' },
      { name: 'a', url: 'x', resourcePath: '' },
    ]) {
      expect(loadPlugin(JSON.stringify(bad), null).definition).toBeNull();
    }
  });

  it('defaults lazyLoad to true and ignores enabled in the descriptor', () => {
    const loaded = loadPlugin('{"name":"a","url":"u","resourcePath":"r","enabled":false}', null);
    expect(loaded.definition).toMatchObject({ lazyLoad: true, enabled: true, config: {} });
  });

  it('flags a resourcePath that makes every request 404 (rule 30)', () => {
    for (const resourcePath of ['res/', './res']) {
      const text = JSON.stringify({ name: 'a', url: 'u', resourcePath });
      expect(loadPlugin(text, null).problems[0]?.severity).toBe('error');
    }
  });

  it('mergeConfig replaces nested objects whole', () => {
    expect(mergeConfig({ band: 'ZZ Top', score: 10 }, { band: 'AC/DC' })).toEqual({
      band: 'AC/DC',
      score: 10,
    });
  });
});

describe('resource rules (§4.4, rule 30)', () => {
  it('isSane rejects .., //, ./ and long paths', () => {
    expect(isSanePath('res/plugin.html')).toBe(true);
    for (const bad of ['res/../x', 'res//x', 'res/./x', 'res/dir./x', `res/${'a'.repeat(510)}`]) {
      expect(isSanePath(bad)).toBe(false);
    }
  });

  it('maps extensions to the engine content types', () => {
    expect(contentTypeFor('a/b.js')).toBe('application/javascript');
    expect(contentTypeFor('x.woff2')).toBe('font/woff2');
    expect(contentTypeFor('x.mjs')).toBe('application/octet-stream');
  });

  it('lints the installable tree', () => {
    expect(
      lintResourceFiles('r', ['plugin.html', 'assets/a.js', 'assets/a.js.map', 'x.mjs']),
    ).toHaveLength(2);
  });
});
