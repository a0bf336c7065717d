// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readCredential, setTopWindowGetter } from '../plugin-api/pluginApi';
import type { ActionButton, EventHandlers } from '../plugin-api/pluginApi';
import { createHandlers, startHostPage } from './hostPage';

type Mode = '4.5' | '4.3';
interface Call {
  fn: string;
  args: unknown[];
}

const MODERN = [
  'addPrimaryMenuPlace',
  'addSecondaryMenuPlace',
  'addDetailPlace',
  'setPlaceContentUrl',
  'addMenuPlaceActionButton',
  'addDetailPlaceActionButton',
  'showToast',
];
const COMMON = ['showDialog', 'closeDialog', 'showAlert', 'revealPlace', 'setSearchString'];

/**
 * A fake WebAdmin top window whose pluginApi has exactly the functions of one engine generation,
 * records every call, and (like the engine) needs the api object as `this`.
 */
function fakeWebAdmin(mode: Mode, config: Record<string, unknown> = {}) {
  const calls: Call[] = [];
  let handlers: EventHandlers | undefined;
  const api: Record<string, unknown> = { pluginName: 'ops-center' };
  const record = (fn: string, result?: () => unknown) =>
    function (this: unknown, ...args: unknown[]) {
      if (this !== api) throw new Error(`${fn} called without the api object as this`);
      calls.push({ fn, args });
      return result?.();
    };
  api.register = record('register');
  api.register = function (this: unknown, h: EventHandlers) {
    if (this !== api) throw new Error('register without this');
    handlers = h;
    calls.push({ fn: 'register', args: [h] });
  };
  api.options = record('options');
  api.ready = record('ready');
  api.configObject = record('configObject', () => config);
  api.loginUserId = record('loginUserId', () => 'u-1');
  api.loginUserName = record('loginUserName', () => 'admin@internal');
  for (const fn of COMMON) api[fn] = record(fn);
  for (const fn of MODERN) api[fn] = record(fn);
  api.ssoToken = record('ssoToken', () => 'secret-token');
  api.engineBaseUrl = record('engineBaseUrl', () => 'https://engine.test/ovirt-engine/');
  api.currentLocale = record('currentLocale', () => 'en-US');
  if (mode === '4.5') api.reportFatalError = record('reportFatalError');
  const top = {
    pluginApi: (name: string) => {
      expect(name).toBe('ops-center');
      return api;
    },
    location: { origin: 'https://engine.test' },
    frames: [] as unknown[],
  };
  setTopWindowGetter(() => top as unknown as Window);
  return {
    top,
    calls,
    named: (fn: string) => calls.filter((c) => c.fn === fn),
    handlers: () => {
      if (!handlers) throw new Error('not registered');
      return handlers;
    },
  };
}

/** The host page's own window (same origin as WebAdmin). */
const self = { location: { origin: 'https://engine.test' } } as unknown as Window;

function buttons(
  w: ReturnType<typeof fakeWebAdmin>,
): Map<string, { entity: string; label: string; b: ActionButton }> {
  const all = w.named('addMenuPlaceActionButton');
  return new Map(
    all.map((c) => {
      const b = c.args[2] as ActionButton;
      return [b.id ?? '', { entity: c.args[0] as string, label: c.args[1] as string, b }];
    }),
  );
}

const vm = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `vm-${id}`,
  status,
  ipaddress: null,
  managed: true,
  ...extra,
});
const main = { id: '' };

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  // Each dialog's name for OK (`&ok=` in its URL) is random: fixed here.
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
});
afterEach(() => {
  setTopWindowGetter();
  vi.restoreAllMocks();
});

describe('host page lifecycle', () => {
  it('registers, allows only its own origin for messages, then reports ready', () => {
    const w = fakeWebAdmin('4.5');
    expect(startHostPage(self)).toBe(true);
    const lifecycle = w.calls
      .map((c) => c.fn)
      .filter((fn) => ['register', 'options', 'ready'].includes(fn));
    expect(lifecycle).toEqual(['register', 'options', 'ready']);
    expect(w.named('options')[0]?.args[0]).toEqual({
      allowedMessageOrigins: ['https://engine.test'],
    });
    // Nothing UI-related before UiInit (the engine would drop it).
    expect(w.calls.some((c) => c.fn.startsWith('add'))).toBe(false);
  });

  it('does not register never-fired handlers', () => {
    fakeWebAdmin('4.5');
    const h = createHandlers(self);
    expect(Object.keys(h).sort()).toEqual(
      [
        'ClusterSelectionChange',
        'HostSelectionChange',
        'MessageReceived',
        'UiInit',
        'UserLogin',
        'VirtualMachineSelectionChange',
      ].sort(),
    );
  });

  it('stays quiet outside WebAdmin', () => {
    setTopWindowGetter(() => ({}) as Window);
    expect(startHostPage(self)).toBe(false);
  });
});

describe.each(['4.5', '4.3'] as const)('UiInit on a %s engine', (mode) => {
  it('adds the main place, the three detail places and every button with a stable id', () => {
    const w = fakeWebAdmin(mode);
    startHostPage(self);
    w.handlers().UiInit?.();
    expect(w.named('addPrimaryMenuPlace')[0]?.args.slice(0, 3)).toEqual([
      'Ops Center',
      'ops-center',
      'plugin/ops-center/ops-center.html#',
    ]);
    expect(w.named('addDetailPlace').map((c) => c.args.slice(0, 4))).toEqual([
      [
        'VirtualMachine',
        'Activity',
        'ops-center-vm-activity',
        'plugin/ops-center/vm-activity.html#',
      ],
      ['Host', 'Load & VMs', 'ops-center-host-load', 'plugin/ops-center/host-load.html#'],
      [
        'Cluster',
        'Balance',
        'ops-center-cluster-balance',
        'plugin/ops-center/cluster-balance.html#',
      ],
    ]);
    const b = buttons(w);
    expect([...b.keys()].sort()).toEqual(
      [
        'ops-center-vm-start',
        'ops-center-vm-shutdown',
        'ops-center-vm-stop',
        'ops-center-vm-reboot',
        'ops-center-vm-suspend',
        'ops-center-vm-migrate',
        'ops-center-vm-clone',
        'ops-center-host-maintenance',
        'ops-center-host-activate',
        'ops-center-host-upgradecheck',
        'ops-center-host-upgrade',
        'ops-center-host-restart',
      ].sort(),
    );
    expect(b.get('ops-center-host-activate')?.entity).toBe('Host');
    expect(b.get('ops-center-host-restart')?.entity).toBe('Host');
    expect(b.get('ops-center-vm-stop')?.b.moreMenu).toBe(true);
    expect(b.get('ops-center-vm-start')?.b.moreMenu).toBe(false);
  });
});

describe('placeUnderCompute', () => {
  it('puts the main place under Compute when configured', () => {
    const w = fakeWebAdmin('4.5', { placeUnderCompute: true });
    startHostPage(self);
    w.handlers().UiInit?.();
    expect(w.named('addPrimaryMenuPlace')).toEqual([]);
    expect(w.named('addSecondaryMenuPlace')[0]?.args.slice(0, 4)).toEqual([
      'compute',
      'Ops Center',
      'ops-center',
      'plugin/ops-center/ops-center.html#',
    ]);
  });

  it('keeps working with defaults when the config is broken', () => {
    const w = fakeWebAdmin('4.5', { placeUnderCompute: 'maybe', pageSize: -1 });
    startHostPage(self);
    w.handlers().UiInit?.();
    expect(w.named('addPrimaryMenuPlace')).toHaveLength(1);
  });
});

describe('buttons', () => {
  function setup(mode: Mode = '4.5') {
    const w = fakeWebAdmin(mode);
    startHostPage(self);
    w.handlers().UiInit?.();
    const b = buttons(w);
    const get = (id: string) => {
      const found = b.get(id);
      if (!found) throw new Error(id);
      return found.b;
    };
    return { w, get };
  }

  it('migrate is enabled when at least one selected VM is Up (the dialog skips the rest), with real booleans', () => {
    const { get } = setup();
    const migrate = get('ops-center-vm-migrate');
    expect(migrate.isEnabled?.([vm('a', 'Up'), vm('b', 'Up')], main)).toBe(true);
    expect(migrate.isEnabled?.([vm('a', 'Up'), vm('b', 'Down')], main)).toBe(true);
    expect(migrate.isEnabled?.([vm('a', 'Down'), vm('b', 'MigratingFrom')], main)).toBe(false);
    expect(migrate.isEnabled?.([], main)).toBe(false);
    expect(migrate.isAccessible?.([], main)).toBe(true);
  });

  it('safe clone needs exactly one VM', () => {
    const { get } = setup();
    const clone = get('ops-center-vm-clone');
    expect(clone.isEnabled?.([vm('a', 'Down')], main)).toBe(true);
    expect(clone.isEnabled?.([vm('a', 'Down'), vm('b', 'Down')], main)).toBe(false);
  });

  it('bulk actions follow the VM states they apply to and skip external VMs', () => {
    const { get } = setup();
    expect(get('ops-center-vm-start').isEnabled?.([vm('a', 'Up'), vm('b', 'Down')], main)).toBe(
      true,
    );
    expect(get('ops-center-vm-start').isEnabled?.([vm('a', 'Up')], main)).toBe(false);
    expect(get('ops-center-vm-reboot').isEnabled?.([vm('a', 'Down')], main)).toBe(false);
    expect(get('ops-center-vm-stop').isEnabled?.([vm('a', 'NotResponding')], main)).toBe(true);
    expect(
      get('ops-center-vm-start').isEnabled?.([vm('a', 'Down', { managed: false })], main),
    ).toBe(false);
  });

  it('reads the 4.3 spread selection like the 4.4+ array', () => {
    const { get } = setup('4.3');
    const migrate = get('ops-center-vm-migrate') as { isEnabled: (...a: unknown[]) => boolean };
    expect(migrate.isEnabled(vm('a', 'Up'), vm('b', 'Up'))).toBe(true);
    expect(migrate.isEnabled(vm('a', 'Down'), vm('b', 'Paused'))).toBe(false);
  });

  it('adds Migrate to Host › Virtual Machines on 4.3+, for the VMs selected there', () => {
    const { w } = setup();
    const [entity, detailPlaceId, label, button] =
      w.named('addDetailPlaceActionButton')[0]?.args ?? [];
    expect([entity, detailPlaceId, label]).toEqual(['Host', 'VirtualMachine', 'Migrate & Track']);
    const b = button as ActionButton;
    expect(b.id).toBe('ops-center-host-vms-migrate');
    const host = { id: 'h1', name: 'host1', hostname: null, managed: true };
    expect(b.isEnabled?.([vm('a', 'Up'), vm('b', 'Up')], host)).toBe(true);
    expect(b.isEnabled?.([vm('a', 'Up'), vm('b', 'Down')], host)).toBe(true);
    expect(b.isEnabled?.([vm('b', 'Down')], host)).toBe(false);
    expect(b.isEnabled?.([], host)).toBe(false);
    b.onClick?.([vm('a', 'Up'), vm('b', 'Up')], host);
    expect(w.named('showDialog')[0]?.args.slice(1, 3)).toEqual([
      'ops-center-vm-migrate',
      'plugin/ops-center/vm-migrate.html#ids=a%2Cb&ok=5',
    ]);
  });

  it('opens its dialog with an escaped title and the ids in the hash, never a token', () => {
    const { w, get } = setup();
    get('ops-center-vm-start').onClick?.([vm('a-1', 'Down'), vm('b-2', 'Suspended')], main);
    const [title, token, url, width, height, options] = w.named('showDialog')[0]?.args ?? [];
    expect(title).toBe('Start virtual machines');
    expect(token).toBe('ops-center-vm-bulk');
    expect(url).toBe('plugin/ops-center/vm-bulk.html#ids=a-1%2Cb-2&action=start&ok=5');
    expect(String(url)).not.toContain('secret-token');
    expect([width, height]).toEqual(['960px', '640px']);
    // WebAdmin's own footer: OK (the dialog's action) and Close, as WebAdmin's dialogs have.
    const opts = options as { buttons: { label: string; onClick: () => void }[] };
    expect(opts).toMatchObject({ closeIconVisible: true, closeOnEscKey: true });
    expect(opts.buttons.map((b) => b.label)).toEqual(['OK', 'Close']);

    get('ops-center-vm-clone').onClick?.([vm('c', 'Up')], main);
    expect(w.named('showDialog')[1]?.args[2]).toBe('plugin/ops-center/vm-clone.html#id=c&ok=5');
    get('ops-center-host-maintenance').onClick?.(
      [{ id: 'h1', name: 'host1', hostname: null }],
      main,
    );
    expect(w.named('showDialog')[2]?.args.slice(1, 3)).toEqual([
      'ops-center-host-maintenance',
      'plugin/ops-center/host-maintenance.html#ids=h1&ok=5',
    ]);
  });

  it('relays OK to that dialog page only (by the name in its URL), and Close closes it', async () => {
    const { w, get } = setup();
    get('ops-center-vm-migrate').onClick?.([vm('a', 'Up')], main);
    expect(w.named('showDialog')[0]?.args[2]).toBe('plugin/ops-center/vm-migrate.html#ids=a&ok=5');
    const opts = w.named('showDialog')[0]?.args[5] as {
      buttons: { label: string; onClick: () => void }[];
    };
    const heard: unknown[] = [];
    const page = new BroadcastChannel('ops-center-dialog');
    page.onmessage = (e: MessageEvent) => {
      heard.push(e.data);
    };
    try {
      // WebAdmin calls onClick with no arguments and no `this` (§ DialogOptions).
      const ok = opts.buttons[0]?.onClick;
      ok?.call(undefined);
      await vi.waitFor(() => {
        // The name the dialog's URL carries, not its token: another WebAdmin tab (the channel
        // reaches every tab of the origin) may have a migrate dialog open too.
        expect(heard).toEqual(['5']);
      });
      expect(w.named('closeDialog')).toEqual([]);
      opts.buttons[1]?.onClick.call(undefined);
      expect(w.named('closeDialog').map((c) => c.args)).toEqual([['ops-center-vm-migrate']]);
    } finally {
      page.close();
    }
  });

  it('does not open a dialog for a selection it would not enable', () => {
    const { w, get } = setup();
    get('ops-center-vm-migrate').onClick?.([vm('a', 'Down')], main);
    expect(w.named('showDialog')).toEqual([]);
  });

  it('never throws into WebAdmin, even on garbage arguments', () => {
    const { get } = setup();
    const migrate = get('ops-center-vm-migrate') as {
      isEnabled: (...a: unknown[]) => unknown;
      onClick: (...a: unknown[]) => unknown;
    };
    expect(migrate.isEnabled(null, undefined)).toBe(false);
    expect(() => migrate.onClick(undefined)).not.toThrow();
  });
});

describe('selection keeps the detail tabs in context', () => {
  it('changes only the hash of the detail place, once per new selection (4.4+ array)', () => {
    const w = fakeWebAdmin('4.5');
    startHostPage(self);
    const h = w.handlers();
    h.UiInit?.();
    h.VirtualMachineSelectionChange?.([vm('a', 'Up')]);
    h.VirtualMachineSelectionChange?.([vm('a', 'Up')]);
    h.VirtualMachineSelectionChange?.([vm('b', 'Up'), vm('c', 'Up')]);
    h.VirtualMachineSelectionChange?.([]);
    h.HostSelectionChange?.([{ id: 'h1', name: 'host1' }]);
    expect(w.named('setPlaceContentUrl').map((c) => c.args)).toEqual([
      ['ops-center-vm-activity', 'plugin/ops-center/vm-activity.html#id=a'],
      ['ops-center-vm-activity', 'plugin/ops-center/vm-activity.html#id=b'],
      ['ops-center-vm-activity', 'plugin/ops-center/vm-activity.html#'],
      ['ops-center-host-load', 'plugin/ops-center/host-load.html#id=h1'],
    ]);
  });

  it('understands 4.3 spread selections', () => {
    const w43 = fakeWebAdmin('4.3');
    startHostPage(self);
    w43.handlers().VirtualMachineSelectionChange?.(vm('x', 'Up'), vm('y', 'Up'));
    expect(w43.named('setPlaceContentUrl')[0]?.args[1]).toBe(
      'plugin/ops-center/vm-activity.html#id=x',
    );
  });
});

describe('Clusters › Balance', () => {
  const cluster = (id: string) => ({ id, name: `cluster-${id}`, managed: true });

  it('points the Balance tab at the first selected cluster, once per new selection', () => {
    const w = fakeWebAdmin('4.5');
    startHostPage(self);
    const h = w.handlers();
    h.UiInit?.();
    h.ClusterSelectionChange?.([cluster('c1')]);
    h.ClusterSelectionChange?.([cluster('c1')]);
    h.ClusterSelectionChange?.([cluster('c2'), cluster('c3')]);
    h.ClusterSelectionChange?.([]);
    // A cluster selection moves no other tab, and another selection does not move this one.
    h.HostSelectionChange?.([{ id: 'h1', name: 'host1' }]);
    expect(w.named('setPlaceContentUrl').map((c) => c.args)).toEqual([
      ['ops-center-cluster-balance', 'plugin/ops-center/cluster-balance.html#id=c1'],
      ['ops-center-cluster-balance', 'plugin/ops-center/cluster-balance.html#id=c2'],
      ['ops-center-cluster-balance', 'plugin/ops-center/cluster-balance.html#'],
      ['ops-center-host-load', 'plugin/ops-center/host-load.html#id=h1'],
    ]);
  });

  it('follows 4.3 spread selections, never putting the token in the URL', () => {
    const w43 = fakeWebAdmin('4.3');
    startHostPage(self);
    w43.handlers().ClusterSelectionChange?.(cluster('x'), cluster('y'));
    expect(w43.named('setPlaceContentUrl').map((c) => c.args)).toEqual([
      ['ops-center-cluster-balance', 'plugin/ops-center/cluster-balance.html#id=x'],
    ]);
    for (const c of w43.calls) expect(JSON.stringify(c.args)).not.toContain('secret-token');
  });

  it('survives a garbage cluster selection without throwing into WebAdmin', () => {
    const w = fakeWebAdmin('4.5');
    startHostPage(self);
    const h = w.handlers();
    expect(() => h.ClusterSelectionChange?.(null, 42, 'x')).not.toThrow();
    expect(() => h.ClusterSelectionChange?.([{ name: 'no id' }])).not.toThrow();
  });
});

describe('MessageReceived', () => {
  const ours = { location: { origin: 'https://engine.test' } };

  it('closes or opens our dialogs for our namespaced messages from our origin', () => {
    const w = fakeWebAdmin('4.5');
    startHostPage(self);
    const h = w.handlers();
    h.MessageReceived?.({ ns: 'ops-center', type: 'close-dialog', dialog: 'vmBulk' }, ours);
    h.MessageReceived?.(
      {
        ns: 'ops-center',
        type: 'open-dialog',
        dialog: 'vmMigrate',
        ids: ['6f1c0b7e-2d7a-4c1e-9a57-0d7f3b8e1a22', '0d7f3b8e-1a22-4c1e-9a57-6f1c0b7e2d7a'],
      },
      ours,
    );
    expect(w.named('closeDialog')[0]?.args).toEqual(['ops-center-vm-bulk']);
    expect(w.named('showDialog')[0]?.args[2]).toBe(
      `plugin/ops-center/vm-migrate.html#ids=6f1c0b7e-2d7a-4c1e-9a57-0d7f3b8e1a22%2C0d7f3b8e-1a22-4c1e-9a57-6f1c0b7e2d7a&ok=5`,
    );
  });

  it("ignores foreign shapes, bad ids, other origins and the engine's null-data argument shift", () => {
    const w = fakeWebAdmin('4.5');
    startHostPage(self);
    const h = w.handlers();
    h.MessageReceived?.({ type: 'close-dialog', dialog: 'vmBulk' }, ours);
    h.MessageReceived?.({ ns: 'other', type: 'close-dialog', dialog: 'vmBulk' }, ours);
    h.MessageReceived?.(
      { ns: 'ops-center', type: 'open-dialog', dialog: 'vmMigrate', ids: ['a"><script>'] },
      ours,
    );
    h.MessageReceived?.(
      { ns: 'ops-center', type: 'open-dialog', dialog: 'vmBulk', ids: ['a'], action: 'delete' },
      ours,
    );
    // Not the engine's id shape: a wildcard, a search fragment, a bare word, one bad among good.
    for (const ids of [
      ['*'],
      ['x or name=*'],
      ['a'],
      ['6f1c0b7e-2d7a-4c1e-9a57-0d7f3b8e1a22', '*'],
    ]) {
      h.MessageReceived?.(
        { ns: 'ops-center', type: 'open-dialog', dialog: 'vmBulk', ids, action: 'stop' },
        ours,
      );
    }
    h.MessageReceived?.(
      { ns: 'ops-center', type: 'close-dialog', dialog: 'vmBulk' },
      { location: { origin: 'https://evil.test' } },
    );
    h.MessageReceived?.(ours);
    h.MessageReceived?.('ops-center');
    expect(w.named('closeDialog')).toEqual([]);
    expect(w.named('showDialog')).toEqual([]);
  });
});

describe('REST credential', () => {
  it('uses the SSO token', () => {
    fakeWebAdmin('4.5');
    expect(readCredential()).toEqual({ kind: 'bearer', token: 'secret-token' });
  });
});

describe('errors', () => {
  it('reports a failing WebAdmin call instead of throwing out of UiInit', () => {
    const w = fakeWebAdmin('4.5');
    startHostPage(self);
    const h = w.handlers();
    // A broken engine function: the handler must survive it.
    w.top.pluginApi('ops-center').addDetailPlace = () => {
      throw new Error('boom');
    };
    expect(() => h.UiInit?.()).not.toThrow();
    expect(w.named('addMenuPlaceActionButton').length).toBeGreaterThan(0);
  });
});
