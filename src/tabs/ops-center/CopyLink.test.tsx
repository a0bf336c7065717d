// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CopyLink } from './OpsCenterPage';

afterEach(() => {
  cleanup();
  window.location.hash = '';
  setClipboard(undefined);
});

function setClipboard(value: unknown): void {
  Object.defineProperty(navigator, 'clipboard', { value, configurable: true });
}

describe('Copy link on the main place', () => {
  it("copies WebAdmin's address with the place and the view's search", async () => {
    const writeText = vi.fn<(text: string) => Promise<void>>(() => Promise.resolve());
    setClipboard({ writeText });
    window.location.hash = '#q=status%3Dup&page=2';
    render(<CopyLink />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    expect(await screen.findByText('Link copied')).toBeTruthy();
    const link = writeText.mock.calls[0]?.[0] ?? '';
    expect(new URL(link).hash).toBe('#ops-center');
    expect(new URL(link).searchParams.get('ops-center-state')).toBe('q=status%3Dup&page=2');
  });

  it('shows the link to copy by hand when the browser refuses the clipboard', async () => {
    setClipboard({ writeText: () => Promise.reject(new Error('denied')) });
    window.location.hash = '#q=name%3Dweb*';
    render(<CopyLink />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    const input = await screen.findByRole<HTMLInputElement>('textbox', { name: 'Copy this link:' });
    expect(new URL(input.value).searchParams.get('ops-center-state')).toBe('q=name%3Dweb*');
  });
});
