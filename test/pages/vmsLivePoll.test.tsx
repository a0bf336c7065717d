// @vitest-environment jsdom
/**
 * Issue 14 (memory): a live poll of the VM list moves the "last updated" line and the table's
 * durations in the DOM, and React renders nothing. Before, each poll re-rendered the whole
 * view (search bar, filters, toolbar, pager), and 30 minutes of polls left about 1 MB of V8's
 * compiled code for all of it in the heap. A live refresh of rows renders nothing in React
 * either, unless the view shows something that depends on it: a refreshed VM is selected (the
 * toolbar's enablement) or a VM left the page (row count, pager).
 */
import { cleanup, fireEvent, render, waitFor } from '@testing-library/react';
import { createElement } from 'react';
import type { ComponentProps } from 'react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupEngine } from '../../dev/engine/node';
import { readConfig } from '../../src/plugin-api/config';
import { createEngineClient } from '../../src/rest/client';
import { PageRoot } from '../../src/tabs/shared/PageRoot';
import { VmsView } from '../../src/tabs/vms/VmsView';
import { vmActionApplies } from '../../src/operations/vmActions';
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
  it('move the time and rows without rendering React, unless a selected VM changes or one leaves', async () => {
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

    // A VM on the page changes state: its row is re-read and redrawn in the DOM; with nothing
    // selected React renders neither the view (so not the table's box) nor the toolbar.
    const rowsNow = (): HTMLElement[] => [
      ...document.querySelectorAll<HTMLElement>('tr[data-vm-id]'),
    ];
    const statusOf = (id: string): string =>
      document.querySelector(`tr[data-vm-id="${id}"] .oc-vm-status`)?.textContent ?? '';
    const flip = (id: string): void => {
      const vm = env.engine.state.vms.get(id);
      if (!vm) throw new Error('no such VM');
      env.engine.vmAction(
        id,
        vm.status === 'down' ? 'start' : 'stop',
        {},
        { correlationId: 'live-poll-test' },
      );
    };
    const first = rowsNow()[0]?.dataset.vmId ?? '';
    const was = statusOf(first);
    flip(first);
    await waitFor(
      () => {
        expect(statusOf(first)).not.toBe(was);
      },
      { timeout: 8000 },
    );
    expect(renders.table).toBe(before.table);
    expect(renders.toolbar).toBe(before.toolbar);

    // A selected VM changes state: the toolbar renders again and enables what its new status
    // allows (the selection shows the fresh status).
    const second = rowsNow()[1]?.dataset.vmId ?? '';
    const box = document.querySelector<HTMLInputElement>(
      `tr[data-vm-id="${second}"] input[type="checkbox"]`,
    );
    if (!box) throw new Error('no checkbox');
    fireEvent.click(box);
    await waitFor(() => {
      expect(document.getElementById('oc-bulk-stop')).not.toBeNull();
    });
    const toolbarSelected = renders.toolbar;
    const stopEnabled = (): boolean =>
      !(document.getElementById('oc-bulk-stop') as HTMLButtonElement).disabled;
    const wasSecond = env.engine.state.vms.get(second)?.status ?? '';
    expect(stopEnabled()).toBe(vmActionApplies('stop', wasSecond).applies);
    flip(second);
    await waitFor(
      () => {
        expect(renders.toolbar).toBeGreaterThan(toolbarSelected);
        const now = env.engine.state.vms.get(second)?.status ?? '';
        expect(now).not.toBe(wasSecond);
        expect(stopEnabled()).toBe(vmActionApplies('stop', now).applies);
      },
      { timeout: 8000 },
    );

    // A VM leaves the page (removed): the view renders, and its row is gone.
    const third = rowsNow()
      .map((r) => r.dataset.vmId ?? '')
      .find((id) => id !== second && env.engine.state.vms.get(id)?.status === 'down');
    if (third === undefined) throw new Error('no down VM on the page');
    const tableBefore = renders.table;
    const count = rowsNow().length;
    const name = env.engine.state.vms.get(third)?.name ?? '';
    expect(env.engine.removeVm(third, { correlationId: 'live-poll-test' }).ok).toBe(true);
    // The simulated engine's removal event names the VM only by name; an event that names it by
    // id (as a change of its own would) makes the view re-read it and find it gone.
    env.engine.addEvent({
      code: 113,
      severity: 'normal',
      description: `VM ${name} was successfully removed.`,
      vmId: third,
      vmName: name,
    });
    await waitFor(
      () => {
        expect(document.querySelector(`tr[data-vm-id="${third}"]`)).toBeNull();
      },
      { timeout: 8000 },
    );
    expect(rowsNow()).toHaveLength(count - 1);
    expect(renders.table).toBeGreaterThan(tableBefore);
  }, 40_000);
});
