// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../../rest/client';
import type { AffinityGroup } from '../../../rest/scheduling';
import { PageContext, type PageContextValue } from '../../shared/pageContext';
import { vmSchedulingView } from '../domain/vmScheduling';
import SchedulingSection from './SchedulingSection';

const rule = (enabled: boolean, positive = true, enforcing = true) => ({
  enabled,
  positive,
  enforcing,
});

const group = (over: Partial<AffinityGroup>): AffinityGroup => ({
  id: over.name ?? 'g',
  name: 'g',
  vmsRule: rule(true),
  hostsRule: rule(false),
  vmIds: [],
  hostIds: [],
  vmLabelIds: [],
  hostLabelIds: [],
  ...over,
});

const groups = [
  group({ name: 'db-pair', vmIds: ['db1', 'db2'] }),
  group({ name: 'spread', vmsRule: rule(true, false, false), vmIds: ['web1', 'db1'] }),
  group({
    name: 'by-label',
    vmsRule: rule(false),
    hostsRule: rule(true, true, true),
    vmLabelIds: ['l1'],
    hostIds: ['h2'],
  }),
  group({ name: 'not-mine', vmIds: ['web1', 'web2'] }),
];

describe('vmSchedulingView', () => {
  it('lists the groups the VM is in, directly or through a label, with rules and members', () => {
    const view = vmSchedulingView({
      vmId: 'db1',
      groups,
      labels: [{ id: 'l1', name: 'storage-nodes' }],
      labelMembers: new Map([['l1', { vmIds: ['db1', 'db3'], hostIds: [] }]]),
      placementHostIds: ['h2', 'h1'],
      placementAffinity: 'user_migratable',
      vmNames: new Map([
        ['db2', 'db-02'],
        ['db3', 'db-03'],
        ['web1', 'web-01'],
      ]),
      hostNames: new Map([
        ['h1', 'host-01'],
        ['h2', 'host-02'],
      ]),
    });
    expect(view.groups.map((g) => g.name)).toEqual(['by-label', 'db-pair', 'spread']);
    expect(view.groups[0]).toMatchObject({
      hostRule: { positive: true, enforcing: true },
      otherVms: ['db-03'],
      hosts: ['host-02'],
    });
    expect(view.groups[0]?.vmRule).toBeUndefined();
    expect(view.groups[1]).toMatchObject({ otherVms: ['db-02'], vmRule: { positive: true } });
    expect(view.groups[2]?.vmRule).toEqual({ positive: false, enforcing: false });
    expect(view.labels).toEqual(['storage-nodes']);
    expect(view.pinnedHosts).toEqual(['host-01', 'host-02']);
    expect(view.mode).toBe('user_migratable');
  });
});

afterEach(cleanup);

describe('SchedulingSection', () => {
  it('shows the groups, labels and pinned hosts it read from the engine', async () => {
    const client = {
      clusterAffinityGroups: () => Promise.resolve(groups),
      vmAffinityLabels: () => Promise.resolve([]),
      affinityLabelMembers: () => Promise.resolve({ vmIds: [], hostIds: [] }),
      vmListByIds: (ids: readonly string[]) =>
        Promise.resolve(ids.map((id) => ({ id, name: `vm-${id}` }))),
      hostListByIds: (ids: readonly string[]) =>
        Promise.resolve(ids.map((id) => ({ id, name: `host-${id}` }))),
    } as unknown as EngineClient;
    const page = {
      client,
      config: {},
      warnings: [],
      locale: 'en-US',
    } as unknown as PageContextValue;
    render(
      <QueryClientProvider client={new QueryClient()}>
        <PageContext.Provider value={page}>
          <SchedulingSection
            vm={{
              id: 'db1',
              clusterId: 'c1',
              placementAffinity: 'pinned',
              placementHostIds: ['h1'],
            }}
          />
        </PageContext.Provider>
      </QueryClientProvider>,
    );
    const list = await screen.findByRole('list', { name: 'Affinity groups' });
    const pair = within(list).getByText('db-pair').closest('li');
    expect(pair?.textContent).toContain('VM affinity: positive, enforcing');
    expect(pair?.textContent).toContain('Other VMs: vm-db2');
    expect(within(list).getByText('spread').closest('li')?.textContent).toContain(
      'VM affinity: negative, not enforcing',
    );
    expect(within(list).queryByText('not-mine')).toBeNull();
    expect(screen.getByText('This VM carries no affinity label.')).toBeTruthy();
    expect(screen.getByText('host-h1')).toBeTruthy();
    expect(screen.getByText('Do not allow migration')).toBeTruthy();
  });
});
