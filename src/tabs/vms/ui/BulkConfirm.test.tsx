// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { BulkConfirm } from './BulkConfirm';

afterEach(cleanup);

describe('BulkConfirm', () => {
  const vms = [
    { id: '1', name: 'web-1', status: 'down' },
    { id: '2', name: 'web-2', status: 'up' },
    { id: '3', name: 'web-3', status: 'powering_up' },
  ];

  it('lists what will be sent and what is skipped, with the reason, before sending', () => {
    const onConfirm = vi.fn();
    render(
      <BulkConfirm
        action="start"
        vms={vms}
        concurrency={5}
        onConfirm={onConfirm}
        onCancel={vi.fn()}
      />,
    );
    expect(screen.getByText('Will be sent to 1 VM')).toBeTruthy();
    expect(screen.getByText('web-2: already up')).toBeTruthy();
    expect(screen.getByText('web-3: already starting')).toBeTruthy();
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('confirms once, even on a double click', () => {
    const onConfirm = vi.fn();
    render(
      <BulkConfirm
        action="start"
        vms={vms}
        concurrency={5}
        onConfirm={onConfirm}
        onCancel={vi.fn()}
      />,
    );
    const button = screen.getByRole('button', { name: 'Start 1 VM' });
    fireEvent.click(button);
    fireEvent.click(button);
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it('sends nothing when no VM can do the action', () => {
    render(
      <BulkConfirm
        action="migrate"
        vms={[{ id: '1', name: 'db', status: 'down' }]}
        concurrency={5}
        onConfirm={vi.fn()}
        onCancel={vi.fn()}
      />,
    );
    expect(
      screen.getByText('None of the selected VMs can do this; nothing will be sent.'),
    ).toBeTruthy();
    const button = screen.getByRole<HTMLButtonElement>('button', { name: 'Migrate 0 VMs' });
    expect(button.disabled).toBe(true);
  });

  it('does not mount 500 lines at once', () => {
    // jsdom lays nothing out: the scroll box gets the height it has in a browser.
    const height = vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(420);
    onTestFinished(() => {
      height.mockRestore();
    });
    const many = Array.from({ length: 500 }, (_, i) => ({
      id: String(i),
      name: `vm-${String(i)}`,
      status: i % 5 === 0 ? 'up' : 'down',
    }));
    render(
      <BulkConfirm
        action="start"
        vms={many}
        concurrency={5}
        onConfirm={vi.fn()}
        onCancel={vi.fn()}
      />,
    );
    const send = screen.getByRole('list', { name: 'Will be sent to 400 VMs' });
    const mounted = send.querySelectorAll('li').length;
    expect(mounted).toBeGreaterThan(0);
    expect(mounted).toBeLessThan(100);
    expect(send.querySelector('li')?.getAttribute('aria-setsize')).toBe('400');
    expect(screen.getByRole('button', { name: 'Start 400 VMs' })).toBeTruthy();
  });

  it('puts a power off behind a danger button and a plain data-loss warning', () => {
    const onConfirm = vi.fn();
    render(
      <BulkConfirm
        action="stop"
        vms={[{ id: '2', name: 'web-2', status: 'up' }]}
        concurrency={5}
        onConfirm={onConfirm}
        onCancel={vi.fn()}
      />,
    );
    expect(screen.getByText(/unsaved data is lost/)).toBeTruthy();
    expect(screen.getByText(/anything not yet written to disk is lost/)).toBeTruthy();
    const button = screen.getByRole('button', { name: 'Power off 1 VM' });
    expect(button.className).toContain('pf-m-danger');
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('keeps the warning off actions that lose nothing', () => {
    render(
      <BulkConfirm
        action="start"
        vms={vms}
        concurrency={5}
        onConfirm={vi.fn()}
        onCancel={vi.fn()}
      />,
    );
    expect(screen.queryByText(/unsaved data is lost/)).toBeNull();
    expect(screen.getByRole('button', { name: 'Start 1 VM' }).className).not.toContain(
      'pf-m-danger',
    );
  });
});
