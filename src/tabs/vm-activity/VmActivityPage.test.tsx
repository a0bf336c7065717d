// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { useVmActivity } from './domain/useVmActivity';
import { VmActivityPage } from './VmActivityPage';

type Activity = ReturnType<typeof useVmActivity>;
let current: Activity;

vi.mock('./domain/useVmActivity', () => ({ useVmActivity: () => current }));
vi.mock('./ui/SchedulingSection', () => ({ default: () => null }));
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
      stopReasonOffered: false,
      stopReason: '',
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
      setStopReason: noop,
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

  it('names the snapshot button after its action and labels the description visibly', () => {
    current = activity('up', { snapshotConfirm: { kind: 'create' } });
    render(<VmActivityPage />);
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByRole('button', { name: 'Create snapshot' })).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: 'Confirm' })).toBeNull();
    const label = within(dialog).getByText('Description');
    expect(label.closest('label')?.getAttribute('for')).toBe('oc-snap-description');
  });

  it('shows snapshot dates in the locale format, a worded status, and a capitalised Bootable', () => {
    const date = new Date(Date.UTC(2026, 7, 23, 19, 33));
    current = activity('down', {
      snapshots: query([
        {
          id: 's1',
          description: 'before upgrade',
          snapshotType: 'regular',
          snapshotStatus: 'ok',
          date,
        },
      ]),
      disks: query([{ id: 'd1', bootable: true, disk: { name: 'disk1', provisionedSize: 1 } }]),
    } as unknown as Partial<Activity['data']>);
    render(<VmActivityPage />);
    const expected = new Intl.DateTimeFormat('en-US', {
      dateStyle: 'medium',
      timeStyle: 'short',
    }).format(date);
    expect(screen.getByText(new RegExp(`${expected} · Ready`))).toBeTruthy();
    expect(screen.queryByText(/\bok\b/)).toBeNull();
    expect(screen.getByText('Bootable')).toBeTruthy();
  });
});
