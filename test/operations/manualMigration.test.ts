/**
 * A migration the admin asks for is a manual one. A VM whose migration mode is "Allow manual
 * migration only" (`user_migratable`) is refused by the engine unless the request carries
 * `force` (VmValidator.canMigrate); WebAdmin's own Migrate moves it. Ops Center's Migrate, sent
 * through the VM port against the simulated engine, must move it too, and a pinned VM stays
 * refused in the engine's words.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupEngine } from '../../dev/engine/node';
import { createEngineClient } from '../../src/rest/client';
import { ActionError } from '../../src/rest/errors';
import { createEngineVmOpsPort } from '../../src/operations/engineVmOpsPort';

const env = setupEngine({ timeScale: 5 });

beforeAll(() => {
  env.server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(() => {
  env.engine.reset({ timeScale: 5 });
});
afterAll(() => {
  env.close();
});

function port() {
  const token = env.engine.issueToken();
  return createEngineVmOpsPort(
    createEngineClient({ baseUrl: env.baseUrl, credentials: () => ({ kind: 'bearer', token }) }),
  );
}

function upVm(affinity: 'user_migratable' | 'pinned') {
  const vm = [...env.engine.state.vms.values()].find(
    (v) => v.status === 'up' && v.affinity === 'migratable',
  );
  if (!vm) throw new Error('no up VM in the fleet');
  vm.affinity = affinity;
  return vm;
}

describe('Migrate from Ops Center is a manual migration', () => {
  it('moves a VM in "Allow manual migration only" mode, which the engine refuses without force', async () => {
    const vm = upVm('user_migratable');
    await port().sendAction(vm.id, 'migrate', { correlationId: 'manual-1' });
    expect(env.engine.state.vms.get(vm.id)?.status).toBe('migrating');
    const posts = env.engine.requestLog
      .entries()
      .filter((e) => e.method === 'POST' && e.path.endsWith(`/vms/${vm.id}/migrate`));
    expect(posts).toHaveLength(1);
  });

  it('a pinned VM is still refused, in the engine words', async () => {
    const vm = upVm('pinned');
    const sent = port().sendAction(vm.id, 'migrate', { correlationId: 'pinned-1' });
    await expect(sent).rejects.toBeInstanceOf(ActionError);
    await expect(sent).rejects.toThrow('VM is pinned to Host');
    expect(env.engine.state.vms.get(vm.id)?.status).toBe('up');
  });
});
