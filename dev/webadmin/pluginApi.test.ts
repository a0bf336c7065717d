import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiMode } from './contract';
import type { PluginDefinition } from './descriptor';
import type { EntityObject } from './entities';
import type { ChangeKind, RuntimeHost, WebAdminRuntime } from './pluginApi';
import { createWebAdminRuntime } from './pluginApi';
import { PLACE_TOKENS } from '../../src/plugin-api/pages';

type ApiName =
  | 'register'
  | 'options'
  | 'ready'
  | 'configObject'
  | 'logger'
  | 'reportFatalError'
  | 'loginUserName'
  | 'loginUserId'
  | 'ssoToken'
  | 'engineBaseUrl'
  | 'currentLocale'
  | 'currentPlace'
  | 'rootTag'
  | 'addPrimaryMenuPlace'
  | 'addPrimaryMenuContainer'
  | 'addSecondaryMenuPlace'
  | 'addDetailPlace'
  | 'setPlaceContentUrl'
  | 'setPlaceAccessible'
  | 'setPlaceUnloadHandler'
  | 'addMenuPlaceActionButton'
  | 'addDetailPlaceActionButton'
  | 'showDialog'
  | 'setDialogContentUrl'
  | 'closeDialog'
  | 'showAlert'
  | 'showToast'
  | 'revealPlace'
  | 'setSearchString'
  | 'addMainTab'
  | 'addSubTab';
/** The api object as a plugin sees it: untyped functions, some absent in older modes. */
type TestApi = Record<ApiName, (...args: unknown[]) => unknown>;

interface Harness {
  runtime: WebAdminRuntime;
  api: TestApi;
  deferred: (() => void)[];
  flush: () => void;
  frames: { plugin: string; url: string; attached: boolean }[];
  revealed: string[];
  searches: [string, string][];
  warnings: string[];
  rules: () => number[];
}

function definition(overrides: Partial<PluginDefinition> = {}): PluginDefinition {
  return {
    name: 'ops-center',
    url: 'plugin/ops-center/plugin.html',
    config: { placement: 'primary' },
    lazyLoad: false,
    enabled: true,
    ...overrides,
  };
}

function harness(mode: ApiMode = '4.5', defs: PluginDefinition[] = [definition()]): Harness {
  const deferred: (() => void)[] = [];
  const frames: Harness['frames'] = [];
  const revealed: string[] = [];
  const searches: [string, string][] = [];
  const warnings: string[] = [];
  const host: RuntimeHost = {
    attachFrame(plugin, url) {
      const frame = { plugin, url, attached: true };
      frames.push(frame);
      return () => {
        frame.attached = false;
      };
    },
    revealPlace: (token) => revealed.push(token),
    applySearchString: (list, search) => searches.push([list, search]),
    currentPlace: () => 'vms',
    changed: (kind: ChangeKind) => {
      expect(typeof kind).toBe('string');
    },
    warn: (m) => warnings.push(m),
  };
  const runtime = createWebAdminRuntime({
    mode,
    definitions: defs,
    user: { userName: 'admin@internal', userId: 'u-1', ssoToken: 'tok' },
    engineBaseUrl: 'http://127.0.0.1:5173/ovirt-engine',
    locale: 'en_US',
    host,
    defer: (fn) => deferred.push(fn),
    readyTimeoutMs: 1000,
  });
  runtime.start();
  const api = runtime.pluginApi('ops-center') as unknown as TestApi;
  return {
    runtime,
    api,
    deferred,
    frames,
    revealed,
    searches,
    warnings,
    flush: () => {
      while (deferred.length > 0) deferred.shift()?.();
    },
    rules: () => runtime.violations().map((v) => v.rule),
  };
}

const vm = (id: string, status = 'Up'): EntityObject => ({
  id,
  name: `vm-${id}`,
  ipaddress: null,
  status,
  managed: true,
});

describe('state machine and lifecycle (rules 1, 2, 4, 12)', () => {
  it('goes DEFINED → LOADING → READY → INITIALIZING → IN_USE and calls UiInit once', () => {
    const h = harness();
    const uiInit = vi.fn();
    h.api.register({ UiInit: uiInit });
    h.api.ready();
    expect(h.runtime.stateHistory('ops-center')).toEqual([
      'DEFINED',
      'LOADING',
      'READY',
      'INITIALIZING',
      'IN_USE',
    ]);
    expect(uiInit).toHaveBeenCalledTimes(1);
    expect(h.runtime.violations()).toEqual([]);
  });

  it('flags ready() before register() and stays LOADING; a later register + ready works', () => {
    const h = harness();
    h.api.ready();
    expect(h.runtime.state('ops-center')).toBe('LOADING');
    expect(h.rules()).toEqual([2]);
    h.api.register({});
    h.api.ready();
    expect(h.runtime.state('ops-center')).toBe('IN_USE');
  });

  it('flags ready() twice and ready() from inside UiInit', () => {
    const h = harness();
    h.api.register({
      UiInit: () => {
        h.api.ready();
      },
    });
    h.api.ready();
    h.api.ready();
    expect(h.rules()).toEqual([4, 4]);
    expect(h.runtime.violations()[0]?.message).toContain('inside UiInit');
  });

  it('queues UserLogin and MessageReceived until after UiInit, but never selection events', () => {
    const h = harness();
    const calls: string[] = [];
    h.runtime.fireUserLogin();
    h.runtime.fireSelection('VirtualMachine', [vm('1')]);
    h.api.options({ allowedMessageOrigins: 'http://127.0.0.1:5173' });
    h.runtime.deliverMessage({ kind: 'x' }, 'http://127.0.0.1:5173', {});
    h.api.register({
      UiInit: () => calls.push('UiInit'),
      UserLogin: (name: string, id: string) => calls.push(`UserLogin ${name} ${id}`),
      MessageReceived: () => calls.push('MessageReceived'),
      VirtualMachineSelectionChange: () => calls.push('selection'),
    });
    h.api.ready();
    expect(calls).toEqual(['UiInit', 'UserLogin admin@internal u-1', 'MessageReceived']);
  });

  it('whenPreloaded resolves once every lazyLoad:false plugin is IN_USE', async () => {
    const h = harness();
    let done = false;
    const p = h.runtime.whenPreloaded().then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(done).toBe(false);
    h.api.register({});
    h.api.ready();
    await p;
    expect(done).toBe(true);
  });

  it('leaves a disabled plugin DEFINED without a frame', () => {
    const h = harness('4.5', [definition({ enabled: false })]);
    expect(h.runtime.state('ops-center')).toBe('DEFINED');
    expect(h.frames).toEqual([]);
    h.api.register({});
    expect(h.api.ssoToken()).toBeUndefined();
    expect(h.rules()).toEqual([6]);
  });
});

describe('register (rules 3, 9)', () => {
  it('keeps the first handler object and flags the second register()', () => {
    const h = harness();
    const first = vi.fn();
    h.api.register({ UiInit: first });
    h.api.register({ UiInit: vi.fn() });
    h.api.ready();
    expect(first).toHaveBeenCalled();
    expect(h.rules()).toEqual([3]);
  });

  it('flags register(null), which stores {} and blocks the real register', () => {
    const h = harness();
    h.api.register(null);
    h.api.register({ UiInit: vi.fn() });
    expect(h.rules()).toEqual([3, 3]);
  });

  it('looks handlers up at invocation time', () => {
    const h = harness();
    const handlers: Record<string, unknown> = {};
    h.api.register(handlers);
    h.api.ready();
    const late = vi.fn();
    handlers.VirtualMachineSelectionChange = late;
    h.runtime.fireSelection('VirtualMachine', [vm('1')]);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('flags unknown handler names and handlers a 4.x engine never fires; warns on UserLogout', () => {
    const h = harness();
    h.api.register({
      VirtualMachineSelectionChanged: vi.fn(),
      RestApiSessionAcquired: vi.fn(),
      SystemTreeSelectionChange: vi.fn(),
      UserLogout: vi.fn(),
    });
    expect(h.rules()).toEqual([9, 9, 9]);
    expect(h.runtime.warnings().map((w) => w.rule)).toEqual([9]);
  });

  it('accepts RestApiSessionAcquired in 3.6 and fires it with the session id after UiInit', () => {
    const h = harness('3.6');
    const got = vi.fn();
    h.runtime.fireRestApiSessionAcquired('sess-1');
    h.api.register({ RestApiSessionAcquired: got });
    h.api.ready();
    expect(got).toHaveBeenCalledWith('sess-1');
    expect(h.runtime.violations()).toEqual([]);
  });
});

describe('call gates (rules 5, 6, 7, 8)', () => {
  it('flags and ignores UI calls before UiInit', () => {
    const h = harness();
    h.api.addPrimaryMenuPlace('Ops', 'ops-center', 'plugin/ops-center/ops-center.html');
    expect(h.runtime.places).toEqual([]);
    expect(h.rules()).toEqual([5]);
  });

  it('allows UI calls asynchronously after UiInit (IN_USE)', () => {
    const h = harness();
    h.api.register({});
    h.api.ready();
    h.api.addDetailPlace('VirtualMachine', 'Activity', 'ops-vm-activity', 'a.html');
    expect(h.runtime.places).toHaveLength(1);
    expect(h.runtime.violations()).toEqual([]);
  });

  it('returns accessors while LOADING and undefined (flagged) after FAILED', () => {
    const h = harness();
    expect(h.api.ssoToken()).toBe('tok');
    expect(h.api.engineBaseUrl()).toBe('http://127.0.0.1:5173/ovirt-engine/');
    expect(h.api.currentLocale()).toBe('en-US');
    expect(h.api.loginUserName()).toBe('admin@internal');
    h.api.register({
      UiInit: () => {
        throw new Error('boom');
      },
    });
    h.api.ready();
    expect(h.api.ssoToken()).toBeUndefined();
    expect(h.rules()).toEqual([11, 6]);
  });

  it('throws for an unknown plugin name', () => {
    const h = harness();
    expect(() => h.runtime.pluginApi('Ops-Center')).toThrow(/unknown plugin/);
    expect(h.rules()).toEqual([7]);
  });

  it('throws when a function is called without the api object as this', () => {
    const h = harness();
    const { ready } = h.api;
    expect(() => ready()).toThrow(TypeError);
    expect(h.rules()).toEqual([8]);
  });

  it('returns the same config object every time, null-free for a defined plugin', () => {
    const h = harness();
    expect(h.api.configObject()).toEqual({ placement: 'primary' });
    expect(h.api.configObject()).toBe(h.api.configObject());
    const again = h.runtime.pluginApi('ops-center') as unknown as TestApi;
    expect(again.configObject()).toBe(h.api.configObject());
  });
});

describe('event dispatch (rules 10, 11, 13)', () => {
  it('calls handlers with this === undefined', () => {
    const h = harness();
    let seen: unknown = 'unset';
    h.api.register({
      UiInit(this: unknown) {
        // eslint-disable-next-line @typescript-eslint/no-this-alias -- the value of this is the subject
        seen = this;
      },
    });
    h.api.ready();
    expect(seen).toBeUndefined();
  });

  it('fails the plugin on a throwing handler: frame removed, no more events, UI calls ignored', () => {
    const h = harness();
    const after = vi.fn();
    h.api.register({
      VirtualMachineSelectionChange: () => {
        throw new Error('bad');
      },
      HostSelectionChange: after,
    });
    h.api.ready();
    h.runtime.fireSelection('VirtualMachine', [vm('1')]);
    expect(h.runtime.state('ops-center')).toBe('FAILED');
    expect(h.frames[0]?.attached).toBe(false);
    h.runtime.fireSelection('Host', []);
    expect(after).not.toHaveBeenCalled();
    h.api.showToast('info', 'x');
    expect(h.rules()).toEqual([11, 5]);
  });

  it('passes 4.5 selections as one array and 4.3 / 3.6 selections spread', () => {
    for (const [mode, expected] of [
      ['4.5', [[vm('1'), vm('2')]]],
      ['4.3', [vm('1'), vm('2')]],
    ] as const) {
      const h = harness(mode);
      const got = vi.fn();
      h.api.register({ VirtualMachineSelectionChange: got });
      h.api.ready();
      const items =
        mode === '4.5'
          ? [vm('1'), vm('2')]
          : [vm('1'), vm('2')].map(
              ({ id, name, ipaddress, status }) =>
                ({ id, name, ipaddress, status }) as EntityObject,
            );
      h.runtime.fireSelection('VirtualMachine', items);
      const want = mode === '4.5' ? expected : items;
      expect(got.mock.calls[0]).toEqual(want);
      expect(h.runtime.violations()).toEqual([]);
    }
  });

  it('passes an empty array when nothing is selected (4.5)', () => {
    const h = harness();
    const got = vi.fn();
    h.api.register({ HostSelectionChange: got });
    h.api.ready();
    h.runtime.fireSelection('Host', []);
    expect(got).toHaveBeenCalledWith([]);
  });

  it('spreads TagActivationChange tags without children', () => {
    const h = harness();
    const got = vi.fn();
    h.api.register({ TagActivationChange: got });
    h.api.ready();
    h.runtime.fireTagActivation([
      { name: 'a', description: 'A', selected: true, children: [] },
      { name: 'b', description: 'B', selected: true },
    ]);
    expect(got).toHaveBeenCalledWith(
      { name: 'a', description: 'A', selected: true },
      { name: 'b', description: 'B', selected: true },
    );
  });

  it('flags fixture entities that do not follow §2.3 (rule 14)', () => {
    const h = harness();
    h.api.register({});
    h.api.ready();
    h.runtime.fireSelection('VirtualMachine', [
      { id: '1', name: 'x', status: 'up', ipaddress: null, managed: true },
    ]);
    expect(h.rules()).toEqual([14]);
  });
});

describe('MessageReceived (rules 13, 25)', () => {
  const setup = (origins: unknown) => {
    const h = harness();
    const got = vi.fn();
    h.api.register({ MessageReceived: got });
    h.api.ready();
    h.api.options({ allowedMessageOrigins: origins });
    return { h, got };
  };

  it('rejects every origin by default', () => {
    const h = harness();
    const got = vi.fn();
    h.api.register({ MessageReceived: got });
    h.api.ready();
    h.runtime.deliverMessage('x', 'http://127.0.0.1:5173', {});
    expect(got).not.toHaveBeenCalled();
  });

  it('delivers on an exact origin match only', () => {
    const { h, got } = setup(['http://127.0.0.1:5173']);
    const source = {};
    h.runtime.deliverMessage('a', 'http://127.0.0.1:5173', source);
    h.runtime.deliverMessage('b', 'http://127.0.0.1:5174', source);
    h.runtime.deliverMessage('c', 'https://127.0.0.1:5173', source);
    expect(got.mock.calls).toEqual([['a', source]]);
  });

  it('accepts "*" and flags entries that can never match', () => {
    const { h, got } = setup(['*', 'http://127.0.0.1:5173/']);
    h.runtime.deliverMessage('a', 'http://elsewhere', null);
    expect(got.mock.calls).toEqual([['a']]);
    expect(h.rules()).toEqual([25]);
  });

  it('drops null data so the source window shifts into the first parameter', () => {
    const { h, got } = setup('*');
    const source = { window: true };
    h.runtime.deliverMessage(null, 'http://x', source);
    expect(got.mock.calls).toEqual([[source]]);
  });

  it('options() replaces the whole object', () => {
    const { h, got } = setup('*');
    h.api.options({});
    h.runtime.deliverMessage('a', 'http://x', {});
    expect(got).not.toHaveBeenCalled();
  });

  it('checks the origin at replay time against the options current then', () => {
    const h = harness();
    const got = vi.fn();
    h.runtime.deliverMessage('early', 'http://127.0.0.1:5173', {});
    h.api.register({ MessageReceived: got });
    h.api.options({ allowedMessageOrigins: 'http://127.0.0.1:5173' });
    h.api.ready();
    expect(got).toHaveBeenCalledTimes(1);
  });
});

describe('places and menus (rules 16, 17, 18, 19, 20, 24)', () => {
  const inUse = (mode: ApiMode = '4.5') => {
    const h = harness(mode);
    h.api.register({});
    h.api.ready();
    return h;
  };

  it('registers a primary place and moves the default place to it (warning)', () => {
    const h = inUse();
    h.api.addPrimaryMenuPlace('Ops Center', 'ops-center', 'plugin/ops-center/ops-center.html', {
      priority: 1,
      icon: 'fa-tasks',
    });
    expect(h.runtime.menu[1]?.id).toBe('ops-center');
    expect(h.runtime.defaultPlace).toBe('ops-center');
    expect(h.runtime.violations()).toEqual([]);
    expect(h.runtime.warnings().map((w) => w.rule)).toEqual([24]);
  });

  it('puts a secondary place under compute and flags an unknown container', () => {
    const h = inUse();
    h.api.addSecondaryMenuPlace('compute', 'Ops', 'ops-center', 'a.html');
    expect(h.runtime.menu[0]?.children.map((c) => c.id)).toEqual([
      'vms',
      'hosts',
      'clusters',
      'ops-center',
    ]);
    h.api.addSecondaryMenuPlace('nowhere', 'Ops 2', 'ops-two', 'a.html');
    expect(h.rules()).toEqual([17]);
    expect(h.runtime.places.find((p) => p.token === 'ops-two')?.inMenu).toBe(false);
    expect(h.runtime.defaultPlace).toBe('ops-two');
  });

  it('flags a duplicate container id', () => {
    const h = inUse();
    h.api.addPrimaryMenuContainer('Mine', 'mine');
    h.api.addPrimaryMenuContainer('Mine again', 'mine');
    h.api.addPrimaryMenuContainer('Compute', 'compute');
    expect(h.rules()).toEqual([18, 18]);
  });

  it('flags duplicate and badly formed tokens', () => {
    const h = inUse();
    h.api.addDetailPlace('VirtualMachine', 'A', 'vms', 'a.html');
    h.api.addDetailPlace('VirtualMachine', 'B', 'Bad_Token', 'b.html');
    h.api.addDetailPlace('Host', 'C', 'c-tab', 'c.html');
    h.api.addDetailPlace('Host', 'D', 'c-tab', 'd.html');
    expect(h.rules()).toEqual([19, 19, 19]);
  });

  it('flags detail places on unknown entities and on entities without a detail panel', () => {
    const h = inUse();
    h.api.addDetailPlace('Vm', 'A', 'a-tab', 'a.html');
    h.api.addDetailPlace('Event', 'B', 'b-tab', 'b.html');
    h.api.addDetailPlace('virtualmachine', 'C', 'c-tab', 'c.html');
    expect(h.rules()).toEqual([16, 16, 16]);
    expect(h.runtime.places).toEqual([]);
  });

  it('warns on options without effect', () => {
    const h = inUse();
    h.api.addDetailPlace('VirtualMachine', 'A', 'a-tab', 'a.html', { searchPrefix: 'x' });
    expect(h.runtime.warnings().map((w) => w.rule)).toEqual([24]);
  });

  it('defers setPlaceContentUrl and flags it for foreign tokens', () => {
    const h = inUse();
    h.api.addDetailPlace('VirtualMachine', 'A', 'a-tab', 'a.html');
    h.api.setPlaceContentUrl('a-tab', 'a.html#id=1');
    expect(h.runtime.places[0]?.contentUrl).toBe('a.html');
    h.flush();
    expect(h.runtime.places[0]?.contentUrl).toBe('a.html#id=1');
    h.api.setPlaceContentUrl('vms', 'x.html');
    expect(h.rules()).toEqual([20]);
  });

  it('setPlaceAccessible acts on detail places only', () => {
    const h = inUse();
    h.api.addDetailPlace('VirtualMachine', 'A', 'a-tab', 'a.html');
    h.api.addPrimaryMenuPlace('P', 'p-place', 'p.html');
    h.api.setPlaceAccessible('a-tab', false);
    h.api.setPlaceAccessible('p-place', false);
    h.flush();
    expect(h.runtime.places.map((p) => p.accessible)).toEqual([false, true]);
    expect(h.rules()).toEqual([20]);
  });

  it('3.6 has only the 3.x names; 4.x wrappers warn and delegate', () => {
    const old = inUse('3.6');
    expect(old.api.addPrimaryMenuPlace).toBeUndefined();
    expect(old.api.ssoToken).toBeUndefined();
    old.api.addMainTab('Ops', 'ops-center', 'a.html');
    old.api.addSubTab('VirtualMachine', 'A', 'a-tab', 'a.html');
    expect(old.runtime.places.map((p) => p.kind)).toEqual(['primary', 'detail']);
    expect(old.warnings).toEqual([]);

    const h = inUse('4.5');
    h.api.addSubTab('VirtualMachine', 'A', 'a-tab', 'a.html');
    expect(h.warnings).toEqual(['addSubTab is deprecated, please use addDetailPlace instead.']);
    expect(h.runtime.places).toHaveLength(1);
  });

  it('has no currentPlace or logger in 4.3', () => {
    const h = inUse('4.3');
    expect(h.api.currentPlace).toBeUndefined();
    expect(h.api.logger).toBeUndefined();
    expect(typeof h.api.addDetailPlace).toBe('function');
  });
});

describe('buttons (rules 13, 15, 16)', () => {
  const withButton = (iface: Record<string, unknown>, mode: ApiMode = '4.5') => {
    const h = harness(mode);
    h.api.register({});
    h.api.ready();
    h.api.addMenuPlaceActionButton('VirtualMachine', 'Migrate', { id: 'migrate', ...iface });
    const button = h.runtime.buttons[0];
    if (button === undefined) throw new Error('no button');
    return { h, button };
  };

  it('passes (array, {id:""}) on main lists in 4.5 and honours real booleans', () => {
    const isEnabled = vi.fn((sel: EntityObject[]) => sel.length === 1);
    const { h, button } = withButton({ isEnabled });
    expect(h.runtime.evaluateButton(button, [vm('1')], { id: '' }).enabled).toBe(true);
    expect(h.runtime.evaluateButton(button, [], { id: '' }).enabled).toBe(false);
    expect(isEnabled.mock.calls[0]).toEqual([[vm('1')], { id: '' }]);
    expect(h.runtime.violations()).toEqual([]);
  });

  it('spreads the selection in 4.3', () => {
    const onClick = vi.fn();
    const { h, button } = withButton({ onClick }, '4.3');
    const a = { id: '1', name: 'a', ipaddress: null, status: 'Up' };
    h.runtime.clickButton(button, [a, a], { id: '' });
    expect(onClick.mock.calls[0]).toEqual([a, a]);
  });

  it('flags non-boolean results and treats them as true', () => {
    const { h, button } = withButton({ isEnabled: (sel: unknown[]) => sel.length });
    expect(h.runtime.evaluateButton(button, [], { id: '' }).enabled).toBe(true);
    expect(h.rules()).toEqual([15]);
  });

  it('flags a throwing isAccessible without failing the plugin', () => {
    const { h, button } = withButton({
      isAccessible: () => {
        throw new Error('x');
      },
    });
    expect(h.runtime.evaluateButton(button, [], { id: '' }).accessible).toBe(true);
    expect(h.runtime.state('ops-center')).toBe('IN_USE');
    expect(h.rules()).toEqual([15]);
  });

  it('flags unknown detail place ids and entity types', () => {
    const h = harness();
    h.api.register({});
    h.api.ready();
    h.api.addDetailPlaceActionButton('Host', 'Vms', 'x', {});
    h.api.addMenuPlaceActionButton('Hosts', 'x', {});
    h.api.addDetailPlaceActionButton('Host', 'VirtualMachine', 'ok', { moreMenu: true });
    expect(h.rules()).toEqual([16, 16]);
    expect(h.runtime.buttons.map((b) => [b.detailPlaceId, b.moreMenu])).toEqual([
      ['VirtualMachine', true],
    ]);
  });
});

describe('dialogs, notices, navigation (rules 21, 22, 23, 26)', () => {
  const inUse = () => {
    const h = harness();
    h.api.register({});
    h.api.ready();
    return h;
  };

  it('shows a dialog synchronously and closes every dialog with the token deferred', () => {
    const h = inUse();
    h.api.showDialog('Migrate', 'mig', 'm.html', '800px', '600px');
    h.api.showDialog('Migrate', 'mig', 'm2.html', '800px', '600px');
    expect(h.runtime.dialogs).toHaveLength(2);
    h.api.setDialogContentUrl('mig', 'm3.html');
    h.api.closeDialog('mig');
    expect(h.runtime.dialogs).toHaveLength(2);
    h.flush();
    expect(h.runtime.dialogs).toHaveLength(0);
  });

  it('flags numeric sizes and an unclosable dialog', () => {
    const h = inUse();
    h.api.showDialog('A', 'a', 'a.html', 800, 600);
    h.api.showDialog('B', null, 'b.html', '1px', '1px', {
      closeIconVisible: false,
      closeOnEscKey: false,
    });
    expect(h.rules()).toEqual([26, 26]);
  });

  it('calls dialog buttons with no arguments and flags their errors', () => {
    const h = inUse();
    const onClick = vi.fn();
    h.api.showDialog('A', 'a', 'a.html', '1px', '1px', {
      buttons: [
        { label: 'OK', onClick },
        {
          label: 'Bad',
          onClick: () => {
            throw new Error('x');
          },
        },
      ],
    });
    const dialog = h.runtime.dialogs[0];
    if (dialog === undefined) throw new Error('no dialog');
    h.runtime.clickDialogButton(dialog, 0);
    h.runtime.clickDialogButton(dialog, 1);
    expect(onClick.mock.calls[0]).toEqual([]);
    expect(h.rules()).toEqual([15]);
  });

  it('defers toasts and alerts; types are case-insensitive, unknown → info (flagged), null throws', () => {
    const h = inUse();
    h.api.showToast('SUCCESS', 'done');
    h.api.showAlert('oops', 'hm', { autoHideMs: -5 });
    expect(h.runtime.toasts).toHaveLength(0);
    h.flush();
    expect(h.runtime.toasts.map((t) => [t.type, t.message])).toEqual([['success', 'done']]);
    expect(h.runtime.alerts.map((t) => [t.type, t.autoHideMs])).toEqual([['info', 0]]);
    expect(() => h.api.showAlert(null, 'x')).toThrow(TypeError);
    expect(h.rules()).toEqual([22, 22]);
  });

  it('needs a list prefix for setSearchString and defers revealPlace', () => {
    const h = inUse();
    h.api.setSearchString('name = web-1');
    h.api.setSearchString('Vms: name = web-1');
    h.api.revealPlace('vms');
    expect(h.searches).toEqual([]);
    h.flush();
    expect(h.searches).toEqual([['vms', 'name = web-1']]);
    expect(h.revealed).toEqual(['vms']);
    expect(h.rules()).toEqual([23]);
  });

  it('reportFatalError is recorded as a violation', () => {
    const h = inUse();
    h.api.reportFatalError('it broke');
    expect(h.rules()).toEqual([11]);
  });
});

describe('ready() timeout (rule 28)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('flags a plugin that never calls ready()', () => {
    const h = harness();
    vi.advanceTimersByTime(999);
    expect(h.rules()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(h.rules()).toEqual([28]);
  });

  it('does not flag a plugin that became ready in time', () => {
    const h = harness();
    h.api.register({});
    h.api.ready();
    vi.advanceTimersByTime(5000);
    expect(h.rules()).toEqual([]);
  });
});

describe('rules the engine source settles (8, 9, 14, 16, 19, 20, 29)', () => {
  const inUse = (mode: ApiMode = '4.5') => {
    const h = harness(mode);
    h.api.register({});
    h.api.ready();
    return h;
  };

  it.each(['addMainTab', 'addSubTab'] as const)(
    'rule 8: the deprecated wrapper %s throws and is flagged when called without "this"',
    (name) => {
      const h = inUse('4.5');
      const fn = h.api[name];
      expect(() => fn('VirtualMachine', 'A', 'a-tab', 'a.html')).toThrow(TypeError);
      expect(h.rules()).toEqual([8]);
    },
  );

  it.each([
    ['VirtualMachineSelectionChanged', 'violation'],
    ['RestApiSessionAcquired', 'violation'],
    ['UserLogout', 'warning'],
  ] as const)('rule 9: %s added after register() is checked at the next event', (name, kind) => {
    const h = harness();
    const handlers: Record<string, unknown> = {};
    h.api.register(handlers);
    h.api.ready();
    handlers[name] = vi.fn();
    h.runtime.fireSelection('VirtualMachine', [vm('1')]);
    const log = kind === 'violation' ? h.runtime.violations() : h.runtime.warnings();
    expect(log.map((v) => [v.rule, v.message.includes(name)])).toEqual([[9, true]]);
    // checked once, not at every event
    h.runtime.fireSelection('VirtualMachine', [vm('2')]);
    expect(h.runtime.violations().length + h.runtime.warnings().length).toBe(1);
  });

  it('rule 14: detail item selections are checked against the rows of the detail tab', () => {
    const h = inUse();
    h.runtime.fireDetailItemSelection([vm('1')], 'VirtualMachine');
    expect(h.rules()).toEqual([]);
    h.runtime.fireDetailItemSelection([{ id: '1', name: 'x' }], 'VirtualMachine');
    expect(h.rules().length).toBeGreaterThanOrEqual(3); // lacks ipaddress, status, managed
    expect(new Set(h.rules())).toEqual(new Set([14]));
  });

  it('rule 14: button arguments are checked (rows of the tab, main entity on detail tabs)', () => {
    const h = inUse();
    h.api.addMenuPlaceActionButton('VirtualMachine', 'M', { id: 'm' });
    h.api.addDetailPlaceActionButton('Host', 'VirtualMachine', 'D', { id: 'd' });
    const [menuButton, detailButton] = h.runtime.buttons;
    if (menuButton === undefined || detailButton === undefined) throw new Error('no buttons');
    const host = { id: 'h', name: 'h1', hostname: null, managed: true };
    h.runtime.evaluateButton(menuButton, [vm('1')], { id: '' });
    h.runtime.clickButton(detailButton, [vm('1')], host);
    expect(h.rules()).toEqual([]);
    h.runtime.evaluateButton(menuButton, [vm('1')], { id: 'x' });
    expect(h.rules()).toEqual([14]);
    h.runtime.clickButton(detailButton, [vm('1')], { id: 'h', name: 'h1' });
    expect(h.rules()).toEqual([14, 14, 14, 14]); // main Host: no hostname (absent, not string|null), no managed
    h.runtime.clickButton(detailButton, [host], host);
    expect(h.rules().length).toBeGreaterThan(4); // a Host row where VMs are expected
  });

  it.each([
    ['DataCenter', { id: '1', name: 'dc' }, { id: '1', name: 'dc', extra: 'x' }],
    ['Cluster', { id: '1', name: 'c', managed: true }, { id: '1', name: 'c' }],
    ['Network', { id: '1', name: 'n' }, { id: '1' }],
    ['VnicProfile', { id: '1' }, { id: '1', name: 'p' }],
    ['Storage', { id: '1', name: 's', type: 'nfs' }, { id: '1', name: 's' }],
    [
      'Storage',
      { id: '1', name: 's', type: 'nfs', dataCenterId: 'd' },
      { id: '1', name: 's', type: 4 },
    ],
    ['Disk', { id: '1' }, { id: '1', name: 'd' }],
    ['Pool', { id: '1', name: 'p' }, { id: 1, name: 'p' }],
    ['Template', { id: '1', name: 't' }, { id: '1' }],
    ['GlusterVolume', { id: '1', name: 'g', clusterId: 'c' }, { id: '1', name: 'g' }],
    ['Provider', { id: '1', name: 'p' }, { id: '1', name: null }],
    ['User', { id: '1', username: 'u', domain: 'd' }, { id: '1', name: 'u', domain: 'd' }],
    ['Quota', { id: '1', name: 'q' }, {}],
    [
      'Event',
      {
        id: '1',
        correlationId: 'c',
        message: 'm',
        callStack: '',
        customEventId: '-1',
        toString: 'm',
      },
      { id: '1', correlationId: 'c', message: 'm', callStack: '', customEventId: '-1' },
    ],
  ])('rule 14: %s selections follow §2.3', (type, good, bad) => {
    const h = inUse();
    h.runtime.fireSelection(type, [good]);
    expect(h.rules()).toEqual([]);
    h.runtime.fireSelection(type, [bad as unknown as EntityObject]);
    expect(h.rules()).not.toEqual([]);
    expect(new Set(h.rules())).toEqual(new Set([14]));
  });

  it.each([
    ['VirtualMachine', 'Event', true],
    ['Host', 'Event', true],
    ['Quota', 'Event', true],
    ['Host', 'VirtualMachine', false],
    ['VirtualMachine', 'Disk', false],
    ['Cluster', 'Event', false],
  ] as const)(
    'rule 16: 3.6 addSubTabActionButton(%s, %s) resolves a sub tab: %s',
    (main, sub, ok) => {
      const h = inUse('3.6');
      (h.api as unknown as Record<string, (...a: unknown[]) => unknown>).addSubTabActionButton?.(
        main,
        sub,
        'B',
        {},
      );
      expect(h.runtime.buttons).toHaveLength(ok ? 1 : 0);
      expect(h.rules()).toEqual(ok ? [] : [16]);
    },
  );

  it.each([
    'hosts-virtual_machines',
    'hosts-devices',
    'vms-guest_info',
    'dataCenters-qos',
    'sessions',
    'errata-details',
  ])('rule 19: the engine token %s is taken', (token) => {
    const h = inUse();
    h.api.addDetailPlace('VirtualMachine', 'A', token, 'a.html');
    expect(
      h.runtime.violations().filter((v) => v.rule === 19 && v.message.includes('already taken')),
    ).toHaveLength(1);
  });

  it.each(['hosts-vms', 'dashboard-main'])(
    'rule 19: %s is not an engine token, so a plugin may use it',
    (token) => {
      const h = inUse();
      h.api.addPrimaryMenuPlace('A', token, 'a.html');
      expect(h.rules()).toEqual([]);
    },
  );

  it('rule 20: revealPlace to a real engine detail token is fine, to an invented one flagged', () => {
    const h = inUse();
    h.api.revealPlace('hosts-virtual_machines');
    expect(h.rules()).toEqual([]);
    h.api.revealPlace('hosts-vms');
    expect(h.rules()).toEqual([20]);
  });

  it("registers Ops Center's own places against the engine's full token list without a flag", () => {
    const h = inUse();
    h.api.addPrimaryMenuPlace('Ops Center', PLACE_TOKENS.main, 'a.html');
    h.api.addDetailPlace('VirtualMachine', 'Activity', PLACE_TOKENS.vmActivity, 'b.html');
    h.api.addDetailPlace('Host', 'Load & VMs', PLACE_TOKENS.hostLoad, 'c.html');
    expect(h.runtime.violations()).toEqual([]);
  });

  it.each([
    ['en_US', 'en-US'],
    ['ja_JP', 'ja-JP'],
    ['ka-GE', 'ka-GE'],
    ['default', 'en-US'],
    ['de', 'en-US'],
    ['de_AT', 'en-US'],
    ['en_GB', 'en-US'],
    ['xx_YY', 'en-US'],
    // The mock's pseudo-locale for the layout checks (not an engine locale).
    ['en-XA', 'en-XA'],
  ])('rule 29: a request for %s reaches currentLocale() as %s', (requested, expected) => {
    const runtime = createWebAdminRuntime({
      mode: '4.5',
      definitions: [definition()],
      user: { userName: 'u', userId: 'u', ssoToken: 't' },
      engineBaseUrl: 'http://x/ovirt-engine',
      locale: requested,
      host: {
        attachFrame: () => () => undefined,
        revealPlace: () => undefined,
        applySearchString: () => undefined,
        currentPlace: () => 'vms',
        changed: () => undefined,
        warn: () => undefined,
      },
      defer: () => undefined,
    });
    runtime.start();
    const api = runtime.pluginApi('ops-center') as unknown as TestApi;
    expect(api.currentLocale()).toBe(expected);
  });
});

describe('"Do not disturb" (issue 12 pt 3)', () => {
  it('drops showToast entirely while on; alerts still show', () => {
    let dnd = true;
    const runtime = createWebAdminRuntime({
      mode: '4.5',
      definitions: [definition()],
      user: { userName: 'u', userId: 'u', ssoToken: 't' },
      engineBaseUrl: 'http://x/ovirt-engine/',
      locale: 'en_US',
      doNotDisturb: () => dnd,
      host: {
        attachFrame: () => () => undefined,
        revealPlace: () => undefined,
        applySearchString: () => undefined,
        currentPlace: () => 'vms',
        changed: () => undefined,
        warn: () => undefined,
      },
      defer: (fn) => {
        fn();
      },
    });
    runtime.start();
    const api = runtime.pluginApi('ops-center') as unknown as TestApi;
    api.register({});
    api.ready();
    api.showToast('success', 'Started 3 VMs');
    api.showAlert('warning', 'Engine is slow');
    expect(runtime.toasts).toEqual([]);
    expect(runtime.silencedToasts.map((t) => t.message)).toEqual(['Started 3 VMs']);
    expect(runtime.alerts.map((a) => a.message)).toEqual(['Engine is slow']);
    dnd = false;
    api.showToast('info', 'now shown');
    expect(runtime.toasts.map((t) => t.message)).toEqual(['now shown']);
  });
});
