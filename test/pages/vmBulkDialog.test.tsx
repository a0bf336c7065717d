// @vitest-environment jsdom
/**
 * The bulk dialog reads its VMs for the confirmation only. While the operation runs, the VM lists
 * are refetched as items finish (refetchOnOperationEnd, so tables stay in step with the drawer);
 * the dialog's read sits under the same key and used to re-read every VM of the operation each
 * time (13 by-id requests a second in a 500-VM run), although its progress comes from the record.
 */
import { cleanup, render, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupEngine } from '../../dev/engine/node';
import { readConfig } from '../../src/plugin-api/config';
import { DIALOG_CHANNEL, DIALOG_TOKENS } from '../../src/plugin-api/pages';
import { createEngineClient } from '../../src/rest/client';
import { PageRoot } from '../../src/tabs/shared/PageRoot';
import { VmBulkDialog } from '../../src/tabs/dialogs/vm-bulk/VmBulkDialog';

const env = setupEngine();

beforeAll(() => {
  env.server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(() => {
  env.engine.reset();
  window.sessionStorage.clear();
});
afterEach(() => {
  cleanup();
});
afterAll(() => {
  env.close();
});

describe('bulk dialog', () => {
  it('does not read the operation’s VMs again while the operation runs', async () => {
    const client = createEngineClient({
      baseUrl: env.baseUrl,
      credentials: () => ({ kind: 'bearer', token: env.token }),
      backoff: { baseMs: 1, maxMs: 4 },
    });
    const byIds = vi.spyOn(client, 'vmListByIds');
    // One VM at a time: the runner's own reads never ask for all three ids at once.
    const { config, warnings } = readConfig({ bulkConcurrency: 1, maxVmsInTransition: 1 });
    const ids = env.engine
      .sortedVms()
      .filter((v) => v.status === 'down')
      .slice(0, 3)
      .map((v) => v.id);
    expect(ids).toHaveLength(3);
    window.location.hash = `#action=start&ids=${ids.join(',')}`;
    render(
      <PageRoot environment={{ kind: 'ready', client, config, warnings, locale: 'en-US' }}>
        <VmBulkDialog />
      </PageRoot>,
    );
    await waitFor(
      () => {
        expect(document.body.textContent).toMatch(/Will be sent to 3 VMs/);
      },
      { timeout: 5000 },
    );
    const readsOfAll = (): number =>
      byIds.mock.calls.filter(([asked]) => ids.every((id) => asked.includes(id))).length;
    expect(readsOfAll()).toBe(1);
    // WebAdmin's OK, as the host page relays it.
    const relay = new BroadcastChannel(DIALOG_CHANNEL);
    relay.postMessage(DIALOG_TOKENS.vmBulk);
    relay.close();
    await waitFor(
      () => {
        for (const id of ids) expect(env.engine.state.vms.get(id)?.status).toBe('up');
        expect(
          document.querySelector('section[data-operation-id]')?.getAttribute('data-state'),
        ).toBe('done');
      },
      { timeout: 15_000 },
    );
    expect(readsOfAll()).toBe(1);
  }, 30_000);
});
