// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Stack } from '@patternfly/react-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { relayOk } from '../../../host-page/dialogs';
import { ModalFooterHost, WebAdminDialogFooter } from './dialogFooter';
import { PageRunButtons, useRunFooterAction, type RunFooterAction } from './runFooterAction';

afterEach(cleanup);

const NOTHING = /Nothing to send/i;

/** A plan dialog's content: its footer action, and the alert the hook hands back. */
function Plan({ action }: { action: RunFooterAction | undefined }) {
  const nothingToSend = useRunFooterAction(action);
  return <Stack>{nothingToSend}</Stack>;
}

async function pressOk(token: string): Promise<void> {
  await act(async () => {
    relayOk(token);
    await new Promise((r) => setTimeout(r, 30));
  });
}

describe('useRunFooterAction in WebAdmin (OK cannot be disabled)', () => {
  it('with nothing to send, OK runs nothing and the dialog says why', async () => {
    const run = vi.fn();
    render(
      <WebAdminDialogFooter token="ops-center-host-activate">
        <Plan action={{ label: 'Activate 0 hosts', count: 0, run }} />
      </WebAdminDialogFooter>,
    );
    expect(screen.queryByRole('alert')).toBeNull();
    await pressOk('ops-center-host-activate');
    expect(run).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toMatch(NOTHING);
  });

  it('with something to send, OK runs it once; a second OK does not run it again', async () => {
    const run = vi.fn();
    render(
      <WebAdminDialogFooter token="ops-center-host-restart">
        <Plan action={{ label: 'Restart 2 hosts', count: 2, run }} />
      </WebAdminDialogFooter>,
    );
    await pressOk('ops-center-host-restart');
    await pressOk('ops-center-host-restart');
    expect(run).toHaveBeenCalledTimes(1);
    expect(screen.queryByText(NOTHING)).toBeNull();
  });

  it('offers nothing while no plan is shown (undefined): OK runs nothing and shows no alert', async () => {
    const run = vi.fn();
    render(
      <WebAdminDialogFooter token="ops-center-host-upgrade">
        <Plan action={undefined} />
      </WebAdminDialogFooter>,
    );
    await pressOk('ops-center-host-upgrade');
    expect(run).not.toHaveBeenCalled();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('useRunFooterAction in a PatternFly modal footer', () => {
  it('labels the button, disables it with nothing to send, and runs once when pressed', () => {
    const run = vi.fn();
    const { rerender } = render(
      <ModalFooterHost onClose={vi.fn()}>
        <Plan action={{ label: 'Upgrade 0 hosts', count: 0, run, danger: true }} />
      </ModalFooterHost>,
    );
    const button = () => document.getElementById('oc-modal-action') as HTMLButtonElement;
    expect(button().textContent).toBe('Upgrade 0 hosts');
    expect(button().disabled).toBe(true);
    rerender(
      <ModalFooterHost onClose={vi.fn()}>
        <Plan action={{ label: 'Upgrade 3 hosts', count: 3, run, danger: true }} />
      </ModalFooterHost>,
    );
    expect(button().disabled).toBe(false);
    expect(button().className).toContain('danger');
    fireEvent.click(button());
    expect(run).toHaveBeenCalledTimes(1);
    // Sent: the button stays, disabled, and Cancel now reads Close.
    expect(button().disabled).toBe(true);
    expect(document.getElementById('oc-modal-close')?.textContent).toBe('Close');
  });
});

describe('PageRunButtons (the page shown outside a dialog)', () => {
  it('runs once per press, is disabled with nothing to send, and cancels', () => {
    const run = vi.fn();
    const cancel = vi.fn();
    const { rerender } = render(
      <PageRunButtons
        id="oc-x-run"
        label="Restart 2 hosts"
        count={2}
        onRun={run}
        onCancel={cancel}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Restart 2 hosts' }));
    expect(run).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(cancel).toHaveBeenCalledTimes(1);
    rerender(
      <PageRunButtons
        id="oc-x-run"
        label="Restart 0 hosts"
        count={0}
        onRun={run}
        onCancel={cancel}
      />,
    );
    expect(screen.getByRole('button', { name: 'Restart 0 hosts' })).toHaveProperty(
      'disabled',
      true,
    );
    expect(document.getElementById('oc-x-run')).not.toBeNull();
  });
});
