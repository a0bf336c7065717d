/**
 * The host page against WEBADMIN's strict pluginApi runtime (dev/webadmin/pluginApi.ts, the §7
 * rules), in each API generation: no contract violation, IN_USE, and the places, buttons,
 * dialogs and selection-driven URLs a user would see. (A scripts/ test because src/ never
 * imports dev/.)
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadPlugin } from '../dev/webadmin/descriptor';
import { CONFIG_RULES, readConfig } from '../src/plugin-api/config';
import { createWebAdminRuntime } from '../dev/webadmin/pluginApi';
import type { ApiMode } from '../dev/webadmin/contract';
import type { EntityObject } from '../dev/webadmin/entities';
import { setTopWindowGetter } from '../src/plugin-api/pluginApi';
import { startHostPage } from '../src/host-page/hostPage';
import { DESCRIPTOR_SOURCE, readDescriptor } from '../vite.config';

const ORIGIN = 'http://127.0.0.1:5173';

function boot(mode: ApiMode, config: Record<string, unknown> = {}) {
  const deferred: (() => void)[] = [];
  const descriptor = readDescriptor();
  const runtime = createWebAdminRuntime({
    mode,
    definitions: [
      {
        name: descriptor.name,
        url: descriptor.url,
        config: { ...descriptor.config, ...config } as never,
        lazyLoad: descriptor.lazyLoad,
        enabled: true,
      },
    ],
    user: { userName: 'admin@internal', userId: 'u-1', ssoToken: mode === '3.6' ? null : 'tok' },
    engineBaseUrl: `${ORIGIN}/ovirt-engine/`,
    locale: 'en-US',
    host: {
      attachFrame: () => () => undefined,
      revealPlace: () => undefined,
      applySearchString: () => undefined,
      currentPlace: () => 'vms',
      changed: () => undefined,
      warn: () => undefined,
    },
    defer: (fn) => deferred.push(fn),
  });
  runtime.start();
  setTopWindowGetter(
    () =>
      ({
        pluginApi: runtime.pluginApi,
        frames: [],
        location: { origin: ORIGIN },
      }) as unknown as Window,
  );
  const self = {
    location: { origin: ORIGIN, pathname: '/ovirt-engine/webadmin/plugin/ops-center/plugin.html' },
  } as unknown as Window;
  expect(startHostPage(self)).toBe(true);
  const flush = (): void => {
    while (deferred.length > 0) deferred.shift()?.();
  };
  flush();
  return { runtime, flush };
}

/** Entity objects as each generation sends them (§2.3: `managed` only since 4.4.2). */
function entities(mode: ApiMode) {
  const managed: Record<string, boolean> = mode === '4.5' ? { managed: true } : {};
  return {
    vm: (id: string, status = 'Up'): EntityObject => ({
      id,
      name: `vm-${id}`,
      ipaddress: null,
      status,
      ...managed,
    }),
    host: (id: string): EntityObject => ({
      id,
      name: `host-${id}`,
      hostname: `${id}.example`,
      ...managed,
    }),
    cluster: (id: string): EntityObject => ({ id, name: `cluster-${id}`, ...managed }),
  };
}

afterEach(() => {
  setTopWindowGetter();
  vi.restoreAllMocks();
});

// The RPM requires engine 4.3 or later, and the host page carries none of 3.6's names any more.
describe.each(['4.5', '4.3'] as const)('on the strict %s pluginApi', (mode) => {
  it('reaches IN_USE with its places and buttons and no violation', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined); // 4.3+ warns on the 3.x names
    const { runtime } = boot(mode);
    expect(runtime.state('ops-center')).toBe('IN_USE');
    expect(runtime.violations()).toEqual([]);
    expect(runtime.places.map((p) => [p.kind, p.token, p.contentUrl])).toEqual([
      ['primary', 'ops-center', 'plugin/ops-center/ops-center.html#'],
      ['detail', 'ops-center-vm-activity', 'plugin/ops-center/vm-activity.html#'],
      ['detail', 'ops-center-host-load', 'plugin/ops-center/host-load.html#'],
      ['detail', 'ops-center-cluster-balance', 'plugin/ops-center/cluster-balance.html#'],
    ]);
    expect(runtime.buttons.map((b) => b.id)).toContain('ops-center-vm-migrate');
    // Migrate & Track is also on Host › Virtual Machines (a detail-tab button).
    expect(runtime.buttons.map((b) => b.id)).toContain('ops-center-host-vms-migrate');
    expect(runtime.buttons).toHaveLength(13);
  });

  it('enables, clicks and follows selections without a violation', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { runtime, flush } = boot(mode);
    const { vm, host, cluster } = entities(mode);
    const migrate = runtime.buttons.find((b) => b.id === 'ops-center-vm-migrate');
    if (!migrate) throw new Error('no migrate button');
    // Enabled when one selected VM can migrate (the dialog skips the down one), as in the VM view.
    expect(runtime.evaluateButton(migrate, [vm('a'), vm('b', 'Down')], { id: '' }).enabled).toBe(
      true,
    );
    expect(runtime.evaluateButton(migrate, [vm('b', 'Down')], { id: '' }).enabled).toBe(false);
    expect(runtime.evaluateButton(migrate, [vm('a'), vm('b')], { id: '' }).enabled).toBe(true);
    runtime.clickButton(migrate, [vm('a'), vm('b')], { id: '' });
    flush();
    // `ok` names this dialog for WebAdmin's OK button (a fresh random value per dialog).
    expect(runtime.dialogs.map((d) => [d.token, d.contentUrl])).toEqual([
      [
        'ops-center-vm-migrate',
        expect.stringMatching(/^plugin\/ops-center\/vm-migrate\.html#ids=a%2Cb&ok=\w+$/),
      ],
    ]);
    runtime.fireSelection('VirtualMachine', [vm('a')]);
    runtime.fireSelection('Host', [host('h1')]);
    runtime.fireSelection('Cluster', [cluster('c1'), cluster('c2')]);
    flush();
    expect(runtime.places.find((p) => p.token === 'ops-center-vm-activity')?.contentUrl).toBe(
      'plugin/ops-center/vm-activity.html#id=a',
    );
    expect(runtime.places.find((p) => p.token === 'ops-center-host-load')?.contentUrl).toBe(
      'plugin/ops-center/host-load.html#id=h1',
    );
    expect(runtime.places.find((p) => p.token === 'ops-center-cluster-balance')?.contentUrl).toBe(
      'plugin/ops-center/cluster-balance.html#id=c1',
    );
    runtime.deliverMessage(
      { ns: 'ops-center', type: 'close-dialog', dialog: 'vmMigrate' },
      ORIGIN,
      {
        location: { origin: ORIGIN },
      },
    );
    flush();
    expect(runtime.dialogs).toEqual([]);
    runtime.deliverMessage(
      { ns: 'ops-center', type: 'close-dialog', dialog: 'vmMigrate' },
      'https://evil.test',
      null,
    );
    expect(runtime.state('ops-center')).toBe('IN_USE');
    expect(runtime.violations()).toEqual([]);
  });
});

describe('placeUnderCompute on the strict pluginApi', () => {
  it('registers the main place under Compute', () => {
    const { runtime } = boot('4.5', { placeUnderCompute: true });
    expect(runtime.places[0]).toMatchObject({
      kind: 'secondary',
      primaryMenuId: 'compute',
      token: 'ops-center',
    });
    expect(runtime.violations()).toEqual([]);
  });
});

describe('config/ops-center-config.json (the admin override example)', () => {
  it('is read by the engine rules without a problem and documents every key with a usable value', () => {
    const loaded = loadPlugin(
      readFileSync(DESCRIPTOR_SOURCE, 'utf8'),
      readFileSync(resolve(import.meta.dirname, '../config/ops-center-config.json'), 'utf8'),
    );
    expect(loaded.problems).toEqual([]);
    const merged = loaded.definition?.config;
    const { warnings } = readConfig(merged);
    expect(warnings).toEqual([]);
    const text = readFileSync(
      resolve(import.meta.dirname, '../config/ops-center-config.json'),
      'utf8',
    );
    for (const key of Object.keys(CONFIG_RULES)) expect(text, key).toContain(`"${key}":`);
  });
});
