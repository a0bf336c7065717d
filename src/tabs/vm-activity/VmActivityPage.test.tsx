// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { useVmActivity } from './domain/useVmActivity';
import { VmActivityPage } from './VmActivityPage';

type Activity = ReturnType<typeof useVmActivity>;
let current: Activity;

vi.mock('./domain/useVmActivity', () => ({ useVmActivity: () => current }));
vi.mock('../shared/operations/ui/OperationsDrawer', () => ({
  OperationsDrawer: ({ children }: { children: ReactNode }) => <>{children}</>,
}));

function query<T>(data: T) {
  return { data, isPending: false, isError: false, dataUpdatedAt: Date.now(), refetch: vi.fn() };
}

function activity(status: string, over: Partial<Activity['data']> = {}): Activity {
  const noop = vi.fn();
  return {
    data: {
      id: 'vm-1',
      resolving: false,
      vm: query({ id: 'vm-1', name: 'web-01', status, startTime: new Date(Date.now() - 60_000) }),
      hostName: undefined,
      cpu: [7, 7, 7],
      memory: [78, 78],
      network: [1],
      uptimeSec: 0,
      nics: query([]),
      disks: query([]),
      snapshots: query([]),
      events: query([]),
      validActions: [],
      pendingAction: undefined,
      snapshotConfirm: undefined,
      snapshotDescription: '',
      snapshotError: undefined,
      snapshotBusy: false,
      ...over,
    },
    actions: {
      askAction: noop,
      cancelAction: noop,
      confirmAction: noop,
      askSnapshot: noop,
      cancelSnapshot: noop,
      setSnapshotDescription: noop,
      confirmSnapshot: noop,
    },
  } as unknown as Activity;
}

afterEach(cleanup);

describe('VmActivityPage', () => {
  it.each(['down', 'suspended', 'image_locked'])(
    'shows no live figure for a %s VM and says it is not running',
    (status) => {
      current = activity(status);
      render(<VmActivityPage />);
      expect(screen.getByText(/This VM is not running/)).toBeTruthy();
      expect(screen.queryByText('CPU')).toBeNull();
      expect(screen.queryByText('Memory')).toBeNull();
      expect(screen.queryByText('0s')).toBeNull();
      expect(screen.getByText('Not running')).toBeTruthy();
    },
  );

  it('shows the live figures of a running VM', () => {
    current = activity('up', { uptimeSec: 125 });
    render(<VmActivityPage />);
    expect(screen.queryByText(/This VM is not running/)).toBeNull();
    expect(screen.getByText('CPU')).toBeTruthy();
    expect(screen.getByText('2m 5s')).toBeTruthy();
  });
});
