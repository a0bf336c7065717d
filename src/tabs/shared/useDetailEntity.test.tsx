// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineClient } from '../../rest/client';
import { readConfig } from '../../plugin-api/config';
import { parsePlaceToken, setTopWindowGetter } from '../../plugin-api/pluginApi';
import { PageRoot } from './PageRoot';
import { useDetailEntity } from './useDetailEntity';

/** A stand-in for WebAdmin's window: its URL hash and hashchange listeners. */
function fakeTop(hash: string) {
  const target = new EventTarget();
  const top = {
    location: { hash },
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
  };
  setTopWindowGetter(() => top as unknown as Window);
  return {
    go(next: string) {
      top.location.hash = next;
      target.dispatchEvent(new Event('hashchange'));
    },
  };
}

function Probe({ kind }: { kind: 'vm' | 'host' | 'cluster' }): ReactNode {
  const { id, resolving } = useDetailEntity(kind);
  return <p>{resolving ? 'resolving' : `id=${id}`}</p>;
}

function renderProbe(kind: 'vm' | 'host' | 'cluster', client: Partial<EngineClient>) {
  const { config } = readConfig({});
  render(
    <PageRoot
      environment={{
        kind: 'ready',
        client: client as EngineClient,
        config,
        warnings: [],
        locale: 'en-US',
      }}
    >
      <Probe kind={kind} />
    </PageRoot>,
  );
}

afterEach(() => {
  cleanup();
  setTopWindowGetter();
  window.location.hash = '';
});

describe('parsePlaceToken (GWTP ParameterTokenFormatter)', () => {
  it.each([
    ['#vms', 'vms', {}],
    ['#ops-center-vm-activity;name=web-01', 'ops-center-vm-activity', { name: 'web-01' }],
    ['#hosts-general;name=h%201;x=y', 'hosts-general', { name: 'h 1', x: 'y' }],
    ['#vms;name=%E0%A4', 'vms', {}],
    ['', '', {}],
  ])('%s', (hash, token, params) => {
    expect(parsePlaceToken(hash)).toEqual({ token, params });
  });
});

describe('useDetailEntity', () => {
  it('uses the id the host page put into the hash, without asking the engine', async () => {
    fakeTop('#ops-center-vm-activity;name=web-01');
    window.location.hash = '#id=7a4c9e2b-1f3d-4e5a-9b6c-0d1e2f3a4b5c';
    const vmList = vi.fn();
    renderProbe('vm', { vmList });
    expect(await screen.findByText('id=7a4c9e2b-1f3d-4e5a-9b6c-0d1e2f3a4b5c')).toBeTruthy();
    expect(vmList).not.toHaveBeenCalled();
  });

  it("opened directly (no selection event): resolves WebAdmin's ;name= to the exact match", async () => {
    fakeTop('#ops-center-vm-activity;name=web-01');
    const vmList = vi.fn((options: { search: unknown }) =>
      options.search === undefined
        ? Promise.resolve([])
        : Promise.resolve([
            { id: 'vm-10', name: 'web-010' },
            { id: 'vm-1', name: 'web-01' },
          ]),
    );
    renderProbe('vm', { vmList } as unknown as Partial<EngineClient>);
    expect(await screen.findByText('id=vm-1')).toBeTruthy();
    expect(String(vmList.mock.calls[0]?.[0]?.search)).toBe('name = web-01');
  });

  it('resolves hosts through the host list, and follows a later place change', async () => {
    const top = fakeTop('#ops-center-host-load;name=h1');
    const hostList = vi.fn((o: { search: unknown }) =>
      Promise.resolve(
        String(o.search).endsWith('h2')
          ? [{ id: 'host-2', name: 'h2' }]
          : [{ id: 'host-1', name: 'h1' }],
      ),
    );
    renderProbe('host', { hostList } as unknown as Partial<EngineClient>);
    expect(await screen.findByText('id=host-1')).toBeTruthy();
    act(() => {
      top.go('#ops-center-host-load;name=h2');
    });
    expect(await screen.findByText('id=host-2')).toBeTruthy();
  });

  it('resolves clusters (Clusters › Balance) through the cluster list, exact name only', async () => {
    fakeTop('#ops-center-cluster-balance;name=Default');
    const clusterList = vi.fn((options: { search: unknown }) =>
      Promise.resolve(
        options.search === undefined
          ? []
          : [
              { id: 'c-2', name: 'Default2' },
              { id: 'c-1', name: 'Default' },
            ],
      ),
    );
    renderProbe('cluster', { clusterList } as unknown as Partial<EngineClient>);
    expect(await screen.findByText('id=c-1')).toBeTruthy();
    expect(String(clusterList.mock.calls[0]?.[0]?.search)).toBe('name = Default');
  });

  it('has nothing to show when neither the hash nor the place names an entity', async () => {
    fakeTop('#vms');
    renderProbe('vm', {});
    expect(await screen.findByText('id=')).toBeTruthy();
  });
});
