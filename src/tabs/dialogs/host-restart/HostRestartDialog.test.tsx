// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostRestartModel, RestartCandidate } from './domain/useHostRestart';
import { HostRestartDialog } from './HostRestartDialog';
import { registerEnglish } from '../../../messages/catalogue';
import { hostLifecycleMessages } from '../../../messages/hostLifecycle';
import { relayOk } from '../../../host-page/dialogs';

// As the page and the runner page do when they load.
registerEnglish(hostLifecycleMessages);

let current: HostRestartModel;
vi.mock('./domain/useHostRestart', () => ({ useHostRestart: () => current }));
vi.mock('../../shared/operations/ui/OperationsDrawer', () => ({
  OperationsDrawer: ({ children }: { children: ReactNode }) => <>{children}</>,
}));

afterEach(cleanup);

function host(over: Partial<RestartCandidate>): RestartCandidate {
  return {
    id: 'h',
    name: 'host',
    status: 'up',
    powerManagement: true,
    vms: 0,
    canConfirmRebooted: false,
    ...over,
  };
}

function model(hosts: RestartCandidate[], confirmRebooted = vi.fn(), runRestart = vi.fn()) {
  current = {
    data: {
      ids: hosts.map((h) => h.id),
      hosts,
      isLoading: false,
      error: null,
      op: undefined,
      manual: {},
    },
    actions: {
      runRestart,
      cancelRun: vi.fn(),
      confirmRebooted,
      retryLoad: vi.fn(),
      closeDialog: vi.fn(),
    },
  };
  return { confirmRebooted, runRestart };
}

describe('HostRestartDialog', () => {
  it('says why a host without power management is not restarted, and warns about running VMs', async () => {
    const { runRestart } = model([
      host({ id: 'a', name: 'host-01', vms: 3 }),
      host({
        id: 'b',
        name: 'host-02',
        powerManagement: false,
        skip: 'no power management configured: restart it from its own console',
      }),
    ]);
    render(<HostRestartDialog />);
    expect(
      screen.getByText('host-02: no power management configured: restart it from its own console'),
    ).toBeTruthy();
    expect(screen.getByText(/host-01 runs 3 VMs: the restart powers them off/)).toBeTruthy();
    // The confirm is WebAdmin's footer OK (relayed by the host page), pressed twice: one restart.
    expect(screen.queryByRole('button', { name: 'Restart 1 host' })).toBeNull();
    for (let i = 0; i < 2; i++)
      await act(async () => {
        relayOk('ops-center-host-restart');
        await new Promise((r) => setTimeout(r, 30));
      });
    expect(runRestart).toHaveBeenCalledTimes(1);
  });

  it('Confirm host has been rebooted is sent only after the acknowledgement is ticked', () => {
    const { confirmRebooted } = model([
      host({ id: 'n', name: 'host-09', status: 'non_responsive', canConfirmRebooted: true }),
    ]);
    render(<HostRestartDialog />);
    expect(screen.getByText(/Confirm only when host-09 was really rebooted/)).toBeTruthy();
    const confirm = screen.getByRole('button', { name: 'Confirm' });
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(confirm);
    expect(confirmRebooted).not.toHaveBeenCalled();
    fireEvent.click(
      screen.getByRole('checkbox', {
        name: 'I have checked that host-09 has been rebooted or is powered off',
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(confirmRebooted).toHaveBeenCalledWith('n');
  });
});
