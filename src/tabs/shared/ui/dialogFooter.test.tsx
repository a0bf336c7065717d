// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Modal } from '@patternfly/react-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { relayOk } from '../../../host-page/dialogs';
import { BulkConfirm } from '../../vms/ui/BulkConfirm';
import { ModalFooterHost, WebAdminDialogFooter } from './dialogFooter';

afterEach(cleanup);

const vms = [
  { id: '1', name: 'web-1', status: 'down' },
  { id: '2', name: 'web-2', status: 'up' },
];
const upVm = { id: '2', name: 'web-2', status: 'up' };

/** WebAdmin's OK as the host page sends it, and a moment for the channel to deliver it. */
async function pressOk(token: string): Promise<void> {
  await act(async () => {
    relayOk(token);
    await new Promise((r) => setTimeout(r, 30));
  });
}

describe("WebAdmin's OK (relayed by the host page)", () => {
  it('confirms once: a second OK sends nothing and says it was already sent', async () => {
    const onConfirm = vi.fn();
    render(
      <WebAdminDialogFooter token="ops-center-vm-bulk">
        <BulkConfirm
          topLevel
          action="start"
          vms={vms}
          concurrency={5}
          onConfirm={onConfirm}
          onCancel={vi.fn()}
        />
      </WebAdminDialogFooter>,
    );
    // The footer is WebAdmin's: no confirm or cancel button in the content.
    expect(screen.queryByRole('button')).toBeNull();
    await pressOk('ops-center-vm-bulk');
    expect(onConfirm).toHaveBeenCalledTimes(1);
    await pressOk('ops-center-vm-bulk');
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(screen.getByText(/Already sent: OK does not send it again/)).toBeTruthy();
  });

  it('ignores the OK of another dialog', async () => {
    const onConfirm = vi.fn();
    render(
      <WebAdminDialogFooter token="ops-center-vm-bulk">
        <BulkConfirm
          action="start"
          vms={vms}
          concurrency={5}
          onConfirm={onConfirm}
          onCancel={vi.fn()}
        />
      </WebAdminDialogFooter>,
    );
    await pressOk('ops-center-vm-migrate');
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('answers only to the OK of the dialog named in its URL (another tab may have the same kind open)', async () => {
    window.location.hash = 'ids=1,2&action=start&ok=8812';
    try {
      const onConfirm = vi.fn();
      render(
        <WebAdminDialogFooter token="ops-center-vm-bulk">
          <BulkConfirm
            action="start"
            vms={vms}
            concurrency={5}
            onConfirm={onConfirm}
            onCancel={vi.fn()}
          />
        </WebAdminDialogFooter>,
      );
      await pressOk('ops-center-vm-bulk');
      await pressOk('4471');
      expect(onConfirm).not.toHaveBeenCalled();
      await pressOk('8812');
      expect(onConfirm).toHaveBeenCalledTimes(1);
    } finally {
      window.location.hash = '';
    }
  });

  it('OK with nothing to send shows why, sends nothing, and a later OK still can', async () => {
    const onConfirm = vi.fn();
    const { rerender } = render(
      <WebAdminDialogFooter token="ops-center-vm-bulk">
        <BulkConfirm
          action="start"
          vms={[upVm]}
          concurrency={5}
          onConfirm={onConfirm}
          onCancel={vi.fn()}
        />
      </WebAdminDialogFooter>,
    );
    await pressOk('ops-center-vm-bulk');
    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toMatch(/Nothing to send/);
    rerender(
      <WebAdminDialogFooter token="ops-center-vm-bulk">
        <BulkConfirm
          action="start"
          vms={vms}
          concurrency={5}
          onConfirm={onConfirm}
          onCancel={vi.fn()}
        />
      </WebAdminDialogFooter>,
    );
    await pressOk('ops-center-vm-bulk');
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it('OK while a required check is loading says to wait and sends nothing', async () => {
    const onConfirm = vi.fn();
    render(
      <WebAdminDialogFooter token="ops-center-vm-migrate">
        <BulkConfirm
          action="migrate"
          vms={[{ id: '2', name: 'web-2', status: 'up' }]}
          concurrency={5}
          onConfirm={onConfirm}
          onCancel={vi.fn()}
          confirmDisabled
        />
      </WebAdminDialogFooter>,
    );
    await pressOk('ops-center-vm-migrate');
    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toMatch(/Still checking/);
  });
});

describe("the main place's modal footer", () => {
  it('puts the action and Cancel in the footer; the action sends once, then only Close remains', async () => {
    const onConfirm = vi.fn();
    const onClose = vi.fn();
    render(
      <Modal isOpen aria-label="Start">
        <ModalFooterHost onClose={onClose}>
          <BulkConfirm
            action="stop"
            vms={[upVm]}
            concurrency={5}
            onConfirm={onConfirm}
            onCancel={onClose}
          />
        </ModalFooterHost>
      </Modal>,
    );
    const action = await screen.findByRole('button', { name: 'Power off 1 VM' });
    expect(action.closest('footer')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Cancel' })).toHaveLength(1);
    fireEvent.click(action);
    fireEvent.click(action);
    expect(onConfirm).toHaveBeenCalledTimes(1);
    await waitFor(() => {
      expect(screen.getByRole('button', { name: 'Power off 1 VM' })).toHaveProperty(
        'disabled',
        true,
      );
    });
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('disables the action when nothing can be sent', async () => {
    render(
      <Modal isOpen aria-label="Start">
        <ModalFooterHost onClose={vi.fn()}>
          <BulkConfirm
            action="start"
            vms={[upVm]}
            concurrency={5}
            onConfirm={vi.fn()}
            onCancel={vi.fn()}
          />
        </ModalFooterHost>
      </Modal>,
    );
    const action = await screen.findByRole('button', { name: 'Start 0 VMs' });
    expect((action as HTMLButtonElement).disabled).toBe(true);
  });
});
