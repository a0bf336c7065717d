// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { useHostLoad } from './domain/useHostLoad';
import { HostLoadPage } from './HostLoadPage';

type HostLoad = ReturnType<typeof useHostLoad>;
let current: HostLoad;

vi.mock('./domain/useHostLoad', () => ({ useHostLoad: () => current }));
vi.mock('./domain/useHostHooks', () => ({
  useHostHooks: () => ({
    data: [{ id: 'k1', eventName: 'before_vm_start', name: '50_vhostmd', md5: 'abc123' }],
    isPending: false,
    error: null,
    refetch: vi.fn(),
  }),
}));
vi.mock('../shared/operations/ui/OperationsDrawer', () => ({
  OperationsDrawer: ({ children }: { children: ReactNode }) => <>{children}</>,
}));

function query<T>(data: T) {
  return { data, isPending: false, isError: false, error: null, refetch: vi.fn() };
}

function hostLoad(over: Partial<HostLoad['data']> = {}, migrateSelected = vi.fn()): HostLoad {
  return {
    data: {
      hostId: 'h1',
      host: query({ id: 'h1', name: 'host-01', status: 'up' }),
      load: query(undefined),
      nics: query([]),
      networkNames: new Map(),
      vms: query([
        { id: 'v1', name: 'web-1', status: 'up' },
        { id: 'v2', name: 'web-2', status: 'up' },
      ]),
      selectedVmIds: new Set(['v1', 'v2']),
      migrateSent: undefined,
      ...over,
    },
    actions: { toggleVm: vi.fn(), toggleAllVms: vi.fn(), migrateSelected },
  } as unknown as HostLoad;
}

afterEach(cleanup);

describe('HostLoadPage migrate away', () => {
  it('asks before sending, and sends on confirmation', () => {
    const migrateSelected = vi.fn();
    current = hostLoad({}, migrateSelected);
    render(<HostLoadPage />);
    fireEvent.click(screen.getByRole('button', { name: 'Migrate away (2)' }));
    expect(migrateSelected).not.toHaveBeenCalled();
    expect(screen.getByText('Migrate 2 VMs away from host-01?')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Migrate 2 VMs' }));
    expect(migrateSelected).toHaveBeenCalledTimes(1);
    expect(screen.queryByText('Migrate 2 VMs away from host-01?')).toBeNull();
  });

  it('sends nothing when the admin cancels', () => {
    const migrateSelected = vi.fn();
    current = hostLoad({}, migrateSelected);
    render(<HostLoadPage />);
    fireEvent.click(screen.getByRole('button', { name: 'Migrate away (2)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(migrateSelected).not.toHaveBeenCalled();
    expect(screen.queryByText('Migrate 2 VMs away from host-01?')).toBeNull();
  });
});

describe('HostLoadPage software', () => {
  it('shows the host versions and its hooks with their md5', () => {
    current = hostLoad({
      host: {
        data: {
          id: 'h1',
          name: 'host-01',
          status: 'up',
          version: 'vdsm-4.50.3.4-1.el8',
          kernelCmdline: 'BOOT_IMAGE=/vmlinuz ro',
        },
        isPending: false,
        isError: false,
        error: null,
        refetch: vi.fn(),
      },
    } as unknown as Partial<HostLoad['data']>);
    render(<HostLoadPage />);
    expect(screen.getByText('vdsm-4.50.3.4-1.el8')).toBeTruthy();
    expect(screen.getByText('BOOT_IMAGE=/vmlinuz ro')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Hooks (1)' })).toBeTruthy();
    expect(screen.getByText('abc123')).toBeTruthy();
  });
});
