// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../rest/client';
import { NotFoundError } from '../../rest/errors';
import type { Vm } from '../../rest/models';
import { readConfig } from '../../plugin-api/config';
import { setTopWindowGetter } from '../../plugin-api/pluginApi';
import { PageRoot } from './PageRoot';
import { createPageEnvironment } from './pageEnvironment';
import type { PageEnvironment } from './pageEnvironment';
import { SelectedEntities } from './ui/SelectedEntities';
import { operationsStore } from '../../operations/operationsStore';
import { vmKeys } from './queryKeys';

function environment(client: Partial<EngineClient>, rawConfig: unknown = {}): PageEnvironment {
  const { config, warnings } = readConfig(rawConfig);
  return { kind: 'ready', client: client as EngineClient, config, warnings, locale: 'en-US' };
}

afterEach(() => {
  cleanup();
  setTopWindowGetter();
});

describe('PageRoot', () => {
  it('tells the admin where to open the page when it is not inside WebAdmin', () => {
    setTopWindowGetter(() => ({}) as Window);
    expect(createPageEnvironment()).toEqual({ kind: 'outside-webadmin' });
    render(<PageRoot environment={{ kind: 'outside-webadmin' }}>never</PageRoot>);
    expect(screen.getByText('Open Ops Center from the Administration Portal')).toBeTruthy();
    expect(screen.queryByText('never')).toBeNull();
  });

  it('refuses to render a page whose hash carries something other than engine ids', () => {
    window.location.hash = '#action=stop&ids=6f1c0b7e-2d7a-4c1e-9a57-0d7f3b8e1a22%2C*';
    render(
      <PageRoot environment={environment({})}>
        <p>page body</p>
      </PageRoot>,
    );
    expect(screen.getByText('Not an engine id')).toBeTruthy();
    expect(screen.getByText(/values that are not engine ids \(\*\)/)).toBeTruthy();
    expect(screen.queryByText('page body')).toBeNull();
    window.location.hash = '';
  });

  it('leaves the config warning to the main place: pages and dialogs render without it', () => {
    render(
      <PageRoot environment={environment({}, { bulkConcurrency: 99, colour: 'red' })}>
        <p>page body</p>
      </PageRoot>,
    );
    expect(screen.getByText('page body')).toBeTruthy();
    expect(screen.queryByText('Ops Center configuration problems')).toBeNull();
  });

  it('builds the engine client from the plugin API with a credential read per request', async () => {
    const api = {
      pluginName: 'ops-center',
      ssoToken: () => 'tok',
      engineBaseUrl: () => 'https://engine.test/ovirt-engine/',
      currentLocale: () => 'en-US',
      configObject: () => ({ pageSize: 20 }),
    };
    setTopWindowGetter(() => ({ pluginApi: () => api }) as unknown as Window);
    const env = createPageEnvironment();
    expect(env.kind).toBe('ready');
    if (env.kind === 'ready') {
      expect(env.config.pageSize).toBe(20);
      expect(typeof env.client.vmGet).toBe('function');
    }
    await Promise.resolve();
  });
});

describe('SelectedEntities', () => {
  it('shows each selected VM from the engine, with a per-item error', async () => {
    const vm = {
      id: 'a',
      name: 'web-1',
      status: 'up',
      cluster: { id: 'c', name: 'Default' },
    } as Vm;
    const client: Partial<EngineClient> = {
      vmGet: (id: string) =>
        id === 'a'
          ? Promise.resolve(vm)
          : Promise.reject(new NotFoundError('gone', { status: 404 })),
    };
    render(
      <PageRoot environment={environment(client)}>
        <SelectedEntities kind="vm" ids={['a', 'b']} />
      </PageRoot>,
    );
    expect(await screen.findByText('web-1')).toBeTruthy();
    expect(await screen.findByText('It no longer exists on the engine.')).toBeTruthy();
    expect(screen.getByText('2 selected')).toBeTruthy();
  });

  it('explains an empty selection', () => {
    render(
      <PageRoot environment={environment({})}>
        <SelectedEntities kind="host" ids={[]} />
      </PageRoot>,
    );
    expect(screen.getByText('Nothing selected')).toBeTruthy();
  });

  it('refetches the VM list as soon as an operation ends, not at the next poll', async () => {
    let fetches = 0;
    function Rows(): ReactNode {
      const q = useQuery({
        queryKey: vmKeys.list('', 1, 50),
        queryFn: () => ++fetches,
        refetchInterval: 3_600_000,
        staleTime: 3_600_000,
      });
      return <p>fetched {q.data ?? 0}</p>;
    }
    const running = {
      id: 'op-end',
      kind: 'vm-start' as const,
      title: 'Start',
      correlationId: 'c',
      startedAt: 1,
      state: 'running' as const,
      items: [
        {
          entity: 'vm' as const,
          id: 'a',
          name: 'a',
          state: 'in_progress' as const,
          correlationId: 'c',
        },
      ],
    };
    operationsStore.create(running);
    render(
      <PageRoot environment={environment({})}>
        <Rows />
      </PageRoot>,
    );
    await screen.findByText('fetched 1');
    operationsStore.update('op-end', {
      state: 'done',
      items: running.items.map((i) => ({ ...i, state: 'done' as const })),
    });
    await waitFor(() => {
      expect(screen.getByText('fetched 2')).toBeTruthy();
    });
    operationsStore.remove('op-end');
  });
});
