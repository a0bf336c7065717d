// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  currentLocale,
  engineBaseUrl,
  escapeHtml,
  guard,
  pluginApi,
  postToHost,
  readCredential,
  reportError,
  resetPluginApi,
  selectedEntities,
  setSearchString,
  setTopWindowGetter,
  showDialog,
} from './pluginApi';
import { pageUrl } from './pages';

function fakeTop(api: Record<string, unknown>, origin = 'https://engine.test') {
  const factory = vi.fn((name: string) => ({ pluginName: name, ...api }));
  setTopWindowGetter(
    () => ({ pluginApi: factory, location: { origin }, frames: [] }) as unknown as Window,
  );
  return factory;
}

afterEach(() => {
  setTopWindowGetter();
  vi.restoreAllMocks();
});

describe('pluginApi()', () => {
  it('asks WebAdmin once for the ops-center API and memoizes it until reset', () => {
    const factory = fakeTop({});
    expect(pluginApi()?.pluginName).toBe('ops-center');
    pluginApi();
    expect(factory).toHaveBeenCalledTimes(1);
    resetPluginApi();
    pluginApi();
    expect(factory).toHaveBeenCalledTimes(2);
    expect(factory).toHaveBeenCalledWith('ops-center');
  });

  it('is undefined outside WebAdmin or when the top window is not reachable', () => {
    setTopWindowGetter(() => ({}) as Window);
    expect(pluginApi()).toBeUndefined();
    setTopWindowGetter(() => {
      throw new DOMException('Blocked a frame', 'SecurityError');
    });
    expect(pluginApi()).toBeUndefined();
    expect(readCredential()).toBeUndefined();
  });
});

describe('selectedEntities', () => {
  const a = { id: 'a', name: 'A' };
  const b = { id: 'b', name: 'B' };
  it('reads the 4.4+ array (with mainEntity after it) and the 4.3 spread', () => {
    expect(selectedEntities([[a, b], { id: '' }])).toEqual([a, b]);
    expect(selectedEntities([a, b])).toEqual([a, b]);
    expect(selectedEntities([[]])).toEqual([]);
    expect(selectedEntities([])).toEqual([]);
    expect(selectedEntities([null, 'x', { name: 'no id' }])).toEqual([]);
  });
});

describe('dialogs and search', () => {
  it('escapes dialog titles, which WebAdmin inserts as HTML', () => {
    expect(escapeHtml(`<img src=x onerror="alert('x')">&`)).toBe(
      '&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;',
    );
    const showDialogFn = vi.fn();
    fakeTop({ showDialog: showDialogFn });
    showDialog('Clone <b>vm</b>', 'tok', pageUrl('vmClone', { id: 'x' }), '1px', '2px');
    expect(showDialogFn.mock.calls[0]?.[0]).toBe('Clone &lt;b&gt;vm&lt;/b&gt;');
  });

  it('always prefixes searches with the list WebAdmin should apply them to', () => {
    const fn = vi.fn();
    fakeTop({ setSearchString: fn });
    setSearchString('Vms', 'name = web1');
    expect(fn).toHaveBeenCalledWith('Vms: name = web1');
  });
});

describe('accessors', () => {
  it('normalises engineBaseUrl to end with a slash', () => {
    fakeTop({ engineBaseUrl: () => 'https://e.test/ovirt-engine' });
    expect(engineBaseUrl()).toBe('https://e.test/ovirt-engine/');
    fakeTop({ engineBaseUrl: () => 'https://e.test/ovirt-engine/' });
    expect(engineBaseUrl()).toBe('https://e.test/ovirt-engine/');
    fakeTop({}, 'https://old.test');
    expect(engineBaseUrl()).toBeUndefined();
  });

  it('uses the engine locale, or en-US where the engine has none', () => {
    fakeTop({ currentLocale: () => 'ja-JP' });
    expect(currentLocale()).toBe('ja-JP');
    fakeTop({});
    expect(currentLocale()).toBe('en-US');
  });

  it('reads the SSO token fresh each time and reports none when WebAdmin has none', () => {
    let token: string | null = 'one';
    fakeTop({ ssoToken: () => token });
    expect(readCredential()).toEqual({ kind: 'bearer', token: 'one' });
    token = 'two';
    expect(readCredential()).toEqual({ kind: 'bearer', token: 'two' });
    token = null;
    expect(readCredential()).toBeUndefined();
  });
});

describe('errors never escape', () => {
  it('guard turns a throw into the fallback and reports it to WebAdmin', () => {
    const report = vi.fn();
    fakeTop({ reportFatalError: report });
    const wrapped = guard(
      'test',
      (): boolean => {
        throw new Error('bad');
      },
      false,
    );
    expect(wrapped()).toBe(false);
    expect(report).toHaveBeenCalledWith('test failed: bad');
  });

  it('falls back to the console on engines without reportFatalError', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    fakeTop({});
    reportError('oops');
    expect(log).toHaveBeenCalled();
  });

  it('survives a WebAdmin function that throws', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    fakeTop({
      showDialog: () => {
        throw new TypeError('engine bug');
      },
    });
    expect(() => {
      showDialog('t', 'tok', 'u', '1px', '1px');
    }).not.toThrow();
  });
});

describe('postToHost', () => {
  it('posts our message to WebAdmin, for our own origin only', () => {
    const postMessage = vi.fn();
    setTopWindowGetter(() => ({ postMessage }) as unknown as Window);
    postToHost({ ns: 'ops-center', type: 'close-dialog', dialog: 'vmBulk' });
    expect(postMessage).toHaveBeenCalledWith(
      { ns: 'ops-center', type: 'close-dialog', dialog: 'vmBulk' },
      window.location.origin,
    );
  });
});
