// @vitest-environment jsdom
/**
 * Issue 14 (memory): a live poll of the VM list moves the "last updated" line and the table's
 * durations in the DOM, and React renders nothing. Before, each poll re-rendered the whole
 * view (search bar, filters, toolbar, pager), and 30 minutes of polls left about 1 MB of V8's
 * compiled code for all of it in the heap.
 */
import { cleanup, render, waitFor } from '@testing-library/react';
import { createElement } from 'react';
import type { ComponentProps } from 'react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupEngine } from '../../dev/engine/node';
import { readConfig } from '../../src/plugin-api/config';
import { createEngineClient } from '../../src/rest/client';
import { PageRoot } from '../../src/tabs/shared/PageRoot';
import { VmsView } from '../../src/tabs/vms/VmsView';
import type * as BulkToolbarModule from '../../src/tabs/vms/ui/BulkToolbar';
import type * as VmTableModule from '../../src/tabs/vms/ui/VmTable';

const renders = vi.hoisted(() => ({ toolbar: 0, table: 0 }));

vi.mock('../../src/tabs/vms/ui/BulkToolbar', async (importOriginal) => {
  const real = await importOriginal<typeof BulkToolbarModule>();
  return {
    ...real,
    BulkToolbar: (props: ComponentProps<typeof real.BulkToolbar>) => {
      renders.toolbar++;
      return createElement(real.BulkToolbar, props);
    },
  };
});
vi.mock('../../src/tabs/vms/ui/VmTable', async (importOriginal) => {
  const real = await importOriginal<typeof VmTableModule>();
  return {
    ...real,
    VmTable: (props: ComponentProps<typeof real.VmTable>) => {
      renders.table++;
      return createElement(real.VmTable, props);
    },
  };
});

const env = setupEngine();

beforeAll(() => {
  env.server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(() => {
  env.engine.reset();
  window.location.hash = '';
});
afterEach(() => {
  cleanup();
});
afterAll(() => {
  env.close();
});

const lastUpdated = (): string => document.getElementById('oc-last-updated')?.textContent ?? '';

describe('VM list live polls', () => {
  it('move the time shown without rendering React; a row refresh leaves the toolbar alone', async () => {
    const client = createEngineClient({
      baseUrl: env.baseUrl,
      credentials: () => ({ kind: 'bearer', token: env.token }),
      backoff: { baseMs: 1, maxMs: 4 },
    });
    const { config, warnings } = readConfig({ pollIntervalMs: 1000 });
    render(
      <PageRoot environment={{ kind: 'ready', client, config, warnings, locale: 'en-US' }}>
        <VmsView />
      </PageRoot>,
    );
    await waitFor(
      () => {
        expect(document.querySelector('tr[data-vm-id]')).not.toBeNull();
        expect(lastUpdated()).toMatch(/Last updated/i);
      },
      { timeout: 5000 },
    );
    const polls = (): number =>
      env.engine.requestLog.entries().filter((e) => /\/api\/events$/.test(e.path)).length;
    const before = { ...renders, polls: polls(), text: lastUpdated() };
    // Two more polls with no change in the fleet.
    await waitFor(
      () => {
        expect(polls()).toBeGreaterThanOrEqual(before.polls + 2);
      },
      { timeout: 5000 },
    );
    // The line moved on (its time has seconds) without React rendering the view or the table.
    await waitFor(() => {
      expect(lastUpdated()).not.toBe(before.text);
    });
    expect(renders.toolbar).toBe(before.toolbar);
    expect(renders.table).toBe(before.table);

    // A VM on the page changes state: its row is re-read and redrawn; with nothing selected the
    // toolbar's props are the same and it does not render again.
    const row = document.querySelector<HTMLElement>('tr[data-vm-id]');
    const id = row?.dataset.vmId ?? '';
    const vm = env.engine.state.vms.get(id);
    if (!vm) throw new Error('no VM on the page');
    const statusText = (): string => row?.querySelector('.oc-vm-status')?.textContent ?? '';
    const was = statusText();
    env.engine.vmAction(
      id,
      vm.status === 'down' ? 'start' : 'stop',
      {},
      { correlationId: 'live-poll-test' },
    );
    await waitFor(
      () => {
        expect(statusText()).not.toBe(was);
      },
      { timeout: 8000 },
    );
    expect(renders.table).toBeGreaterThan(before.table);
    expect(renders.toolbar).toBe(before.toolbar);
  }, 20_000);
});
