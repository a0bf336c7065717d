// @vitest-environment jsdom
/**
 * Host › Load & VMs against the simulated engine: each part of the page is its own request and
 * fails alone. A failed statistics request makes the load figures unavailable; the NICs and the
 * resident VMs are still shown. A failed poll of a host already shown keeps the page.
 */
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupEngine } from '../../dev/engine/node';
import { readConfig } from '../../src/plugin-api/config';
import { createEngineClient } from '../../src/rest/client';
import { HostLoadPage } from '../../src/tabs/host-load/HostLoadPage';
import { PageRoot } from '../../src/tabs/shared/PageRoot';

const env = setupEngine();

function renderPage(hostId: string) {
  window.location.hash = `#id=${hostId}`;
  const client = createEngineClient({
    baseUrl: env.baseUrl,
    credentials: () => ({ kind: 'bearer', token: env.token }),
    backoff: { baseMs: 1, maxMs: 4 },
  });
  const { config, warnings } = readConfig({ pollIntervalMs: 1000 });
  return render(
    <PageRoot environment={{ kind: 'ready', client, config, warnings, locale: 'en-US' }}>
      <HostLoadPage />
    </PageRoot>,
  );
}

function busyHost(): { id: string; name: string } {
  const host = [...env.engine.state.hosts.values()].find(
    (h) =>
      h.status === 'up' &&
      [...env.engine.state.vms.values()].some((v) => v.hostId === h.id && v.status === 'up'),
  );
  if (!host) throw new Error('default fleet changed');
  return host;
}

async function nicTable(): Promise<HTMLElement> {
  return waitFor(
    () => {
      const table = document.getElementById('oc-load-nics');
      if (!table) throw new Error('no NIC table yet');
      return table;
    },
    { timeout: 5000 },
  );
}

beforeAll(() => {
  env.server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(() => {
  env.engine.reset();
});
afterEach(() => {
  cleanup();
  env.engine.faults.clear();
});
afterAll(() => {
  env.close();
});

describe('Host › Load & VMs', () => {
  it('shows load cards, NICs and VMs when every request succeeds', async () => {
    const host = busyHost();
    renderPage(host.id);
    // The file's first render loads the page's code: give it time on a busy machine.
    await waitFor(
      () => {
        expect(document.getElementById('oc-load-cpu')).not.toBeNull();
      },
      { timeout: 5000 },
    );
    await nicTable();
    await waitFor(() => {
      expect(document.getElementById('oc-load-vms')).not.toBeNull();
    });
    expect(document.getElementById('oc-load-unavailable')).toBeNull();
  });

  it('names each NIC’s network, which the engine sends as {href, id} only', async () => {
    const host = busyHost();
    renderPage(host.id);
    const nics = await nicTable();
    await waitFor(() => {
      const eno1 = within(nics)
        .getAllByRole('row')
        .find((r) => r.textContent.includes('eno1'));
      expect(eno1?.querySelector('td[data-label="Network"]')?.textContent).toBe('ovirtmgmt');
    });
  });

  it.each([404, 500])(
    'a statistics request failing with %i fails alone: NICs and VMs still shown',
    async (status) => {
      const host = busyHost();
      env.engine.faults.set({
        errorRate: [{ path: `/hosts/${host.id}/statistics$`, status }],
      });
      renderPage(host.id);
      const unavailable = await screen.findByText('Load figures are unavailable.');
      expect(unavailable).toBeTruthy();
      expect(document.getElementById('oc-load-cpu')).toBeNull();
      // A missing statistics collection does not mean the host is gone.
      expect(screen.queryByText('It no longer exists on the engine.')).toBeNull();
      expect(screen.queryByText('This host no longer exists.')).toBeNull();
      const nics = await nicTable();
      expect(within(nics).getAllByRole('row').length).toBeGreaterThan(1);
      await waitFor(() => {
        expect(document.getElementById('oc-load-vms')).not.toBeNull();
      });
      expect(screen.getByRole('heading', { level: 1 }).textContent).toContain(host.name);
    },
  );

  it('a failed poll of a host already shown keeps the page, with a warning', async () => {
    const host = busyHost();
    renderPage(host.id);
    await nicTable();
    env.engine.faults.set({ errorRate: [{ path: `/hosts/${host.id}$`, status: 500 }] });
    await screen.findByText(/Could not load the host/, undefined, { timeout: 5000 });
    expect(document.getElementById('oc-load-nics')).not.toBeNull();
    expect(document.getElementById('oc-load-vms')).not.toBeNull();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain(host.name);
  });
});
