/**
 * More safe-clone tests, written against the mutants StrykerJS left alive in vmCloneRunner.ts:
 * which requests go out and how often, and what the record says after each fault.
 */
import { describe, expect, it, vi } from 'vitest';
import { createOperationsStore } from './operationsStore';
import {
  cloneNameProblem,
  createCloneOperation,
  createEngineClonePort,
  driveClone,
  isVmNameTaken,
  suggestCloneName,
  type CloneDeps,
  type ClonePort,
} from './vmCloneRunner';
import type { Translate } from './vmBulkRunner';
import type { JobOutcome, VmState } from './vmOpsPort';
import { ActionError, ConnectionError } from '../rest/errors';

const t: Translate = (key, params) => (params ? `${key} ${JSON.stringify(params)}` : key);

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => {
      map.set(k, v);
    },
    removeItem: (k: string) => {
      map.delete(k);
    },
  };
}

/**
 * A scripted engine. Each send pushes the VM's scripted statuses; each read applies the next one.
 * `sent` lists every POST, accepted or not.
 */
function engine(original = 'up') {
  const vms = new Map<string, VmState>([['orig', { id: 'orig', name: 'db', status: original }]]);
  const scripts = new Map<string, string[]>();
  const jobs = new Map<string, JobOutcome>();
  const sent: string[] = [];
  const faults: Record<string, Error | undefined> = {};
  let findFaults = 0;
  const next = (id: string): void => {
    const s = scripts.get(id)?.shift();
    const vm = vms.get(id);
    if (s && vm) vm.status = s;
  };
  const port: ClonePort = {
    vm: {
      sendAction(vmId, action) {
        sent.push(`${action}:${vmId}`);
        const fault = faults[`${action}:${vmId}`];
        const path = action === 'shutdown' ? ['powering_down', 'down'] : ['powering_up', 'up'];
        if (!(fault instanceof ActionError) && !scripts.get(vmId)?.length) scripts.set(vmId, path);
        return fault ? Promise.reject(fault) : Promise.resolve();
      },
      readVms: (ids) =>
        Promise.resolve(
          ids.flatMap((id) => {
            next(id);
            const vm = vms.get(id);
            return vm ? [{ ...vm }] : [];
          }),
        ),
      jobOutcome: (cid) => Promise.resolve(jobs.get(cid)),
    },
    cloneVm(vmId, name) {
      sent.push(`clone:${vmId}`);
      const fault = faults[`clone:${vmId}`];
      if (!fault || !(fault instanceof ActionError)) {
        if (!scripts.has('copy')) {
          vms.set('copy', { id: 'copy', name, status: 'image_locked' });
          scripts.set('copy', ['image_locked', 'down']);
        }
      }
      return fault ? Promise.reject(fault) : Promise.resolve();
    },
    findByName(name) {
      if (findFaults > 0) {
        findFaults--;
        return Promise.reject(new ConnectionError('blip', 'network'));
      }
      const vm = [...vms.values()].find((v) => v.name.toLowerCase() === name.toLowerCase());
      if (!vm) return Promise.resolve(undefined);
      next(vm.id);
      return Promise.resolve({ ...vm });
    },
  };
  return {
    vms,
    scripts,
    jobs,
    sent,
    faults,
    port,
    failFinds: (n: number) => {
      findFaults = n;
    },
  };
}

function setup(e: ReturnType<typeof engine>, startClone = false) {
  const storage = memoryStorage();
  const store = createOperationsStore(storage);
  let clock = 1_000;
  const deps: CloneDeps = {
    port: e.port,
    store,
    storage,
    t,
    shutdownTimeoutMs: 60_000,
    startTimeoutMs: 60_000,
    pollMs: 1000,
    now: () => clock,
    sleep: (ms) => {
      clock += ms;
      return Promise.resolve();
    },
  };
  const orig = e.vms.get('orig') as VmState;
  const opId = createCloneOperation(deps, orig, 'db-copy', startClone);
  const op = () => store.get(opId);
  const corr = (n: number) => `${op()?.correlationId ?? ''}-${String(n)}`;
  return { deps, store, opId, op, corr };
}

describe('clone names', () => {
  it('a name is required, in the engine shape, at most 64 characters', () => {
    expect(cloneNameProblem('')).toBe('required');
    expect(cloneNameProblem('   ')).toBe('required');
    expect(cloneNameProblem('db copy')).toBe('invalid');
    expect(cloneNameProblem('db/copy')).toBe('invalid');
    expect(cloneNameProblem('a'.repeat(65))).toBe('invalid');
    expect(cloneNameProblem('a'.repeat(64))).toBeUndefined();
    expect(cloneNameProblem('Db_copy.2-x')).toBeUndefined();
  });

  it('suggests "<name>-clone", cut to the engine limit', () => {
    expect(suggestCloneName('db')).toBe('db-clone');
    const long = suggestCloneName('x'.repeat(70));
    expect(long).toHaveLength(64);
    expect(long).toBe('x'.repeat(64));
  });

  it('a name is taken only by a VM with that exact name, in any case', async () => {
    const vmList = vi.fn(() => Promise.resolve([{ name: 'DB-Copy' }, { name: 'db-copy2' }]));
    const client = { vmList } as never;
    expect(await isVmNameTaken(client, 'db-copy')).toBe(true);
    expect(await isVmNameTaken(client, 'db-cop')).toBe(false);
    const signal = new AbortController().signal;
    await isVmNameTaken(client, 'x', signal);
    expect(vmList).toHaveBeenLastCalledWith(expect.objectContaining({ signal }));
    expect(String((vmList.mock.calls[0] as unknown as [{ search: unknown }])[0].search)).toContain(
      'db-copy',
    );
  });
});

describe('the engine clone port', () => {
  it('sends the clone with its name and correlation id, and finds a VM by exact name', async () => {
    const vmClone = vi.fn(() => Promise.resolve());
    const vmList = vi.fn(() =>
      Promise.resolve([
        { id: '1', name: 'db-copy2', status: 'up' },
        { id: '2', name: 'DB-COPY', status: 'image_locked', extra: true },
      ]),
    );
    const vmPort = {} as never;
    const p = createEngineClonePort({ vmClone, vmList } as never, vmPort);
    expect(p.vm).toBe(vmPort);
    await p.cloneVm('orig', 'db-copy', { correlationId: 'oc1-2' });
    expect(vmClone).toHaveBeenCalledWith('orig', { name: 'db-copy', correlationId: 'oc1-2' });
    expect(await p.findByName('db-copy')).toEqual({
      id: '2',
      name: 'DB-COPY',
      status: 'image_locked',
    });
    expect(await p.findByName('nothing')).toBeUndefined();
    const signal = new AbortController().signal;
    await p.findByName('db-copy', signal);
    expect(vmList).toHaveBeenLastCalledWith(expect.objectContaining({ signal }));
  });
});

describe('createCloneOperation', () => {
  it('records the VM, its status before, the clone name and six named steps', () => {
    const e = engine();
    const { op } = setup(e, true);
    expect(op()).toMatchObject({ kind: 'vm-clone', state: 'running' });
    expect(op()?.title).toBe('vms.actionTitle.clone {"name":"db"}');
    expect(op()?.items[0]).toMatchObject({
      id: 'orig',
      name: 'db',
      state: 'pending',
      detail: 'up',
      target: 'db-copy',
      correlationId: `${op()?.correlationId ?? ''}-1`,
    });
    const p = '{"name":"db","clone":"db-copy"}';
    expect(op()?.steps).toEqual([
      { name: `vms.clone.step.shutdown ${p}`, state: 'pending' },
      { name: `vms.clone.step.waitDown ${p}`, state: 'pending' },
      { name: `vms.clone.step.clone ${p}`, state: 'pending' },
      { name: `vms.clone.step.waitClone ${p}`, state: 'pending' },
      { name: `vms.clone.step.restart ${p}`, state: 'pending' },
      { name: `vms.clone.step.startClone ${p}`, state: 'pending' },
    ]);
  });

  it('a clone not to be started has that step skipped up front, saying so', () => {
    const { op } = setup(engine(), false);
    expect(op()?.steps?.[5]).toMatchObject({ state: 'skipped', detail: 'vms.clone.notAsked' });
    expect(
      op()
        ?.steps?.slice(0, 5)
        .every((s) => s.state === 'pending'),
    ).toBe(true);
  });
});

describe('driveClone', () => {
  it('a VM that is down is cloned only: nothing to shut down, nothing to start again', async () => {
    const e = engine('down');
    const { deps, opId, op } = setup(e);
    await driveClone(deps, opId);
    expect(e.sent).toEqual(['clone:orig']);
    expect(op()?.state).toBe('done');
    expect(op()?.steps?.map((s) => [s.state, s.detail])).toEqual([
      ['skipped', 'vms.clone.notRunning'],
      ['skipped', 'vms.clone.notRunning'],
      ['done', undefined],
      ['done', undefined],
      ['skipped', 'vms.clone.notNeeded'],
      ['skipped', 'vms.clone.done {"name":"db","status":"vms.status.down","clone":"db-copy"}'],
    ]);
    expect(op()?.items[0]?.state).toBe('done');
    expect(op()?.finishedAt).toBeTypeOf('number');
  });

  it('sends each step with its own correlation id', async () => {
    const e = engine();
    const calls: [string, string][] = [];
    const send = e.port.vm.sendAction.bind(e.port.vm);
    const clone = e.port.cloneVm.bind(e.port);
    const { deps, opId, corr } = setup(e, true);
    deps.port = {
      ...e.port,
      vm: {
        ...e.port.vm,
        sendAction: (id, action, o) => {
          calls.push([`${action}:${id}`, o.correlationId]);
          return send(id, action, o);
        },
      },
      cloneVm: (id, name, o) => {
        calls.push([`clone:${id}`, o.correlationId]);
        return clone(id, name, o);
      },
    };
    await driveClone(deps, opId);
    expect(calls).toEqual([
      ['shutdown:orig', corr(1)],
      ['clone:orig', corr(2)],
      ['start:orig', corr(3)],
      ['start:copy', corr(4)],
    ]);
  });

  it('a shutdown the engine refuses stops the flow there, once, saying where everything is', async () => {
    const e = engine();
    e.faults['shutdown:orig'] = new ActionError('shutdown', 'Operation Failed', 'VM is locked.', {
      status: 409,
    });
    const { deps, opId, op } = setup(e);
    await driveClone(deps, opId);
    expect(e.sent).toEqual(['shutdown:orig']);
    expect(op()?.state).toBe('failed');
    expect(op()?.steps?.[0]).toMatchObject({ state: 'failed', detail: 'VM is locked.' });
    expect(op()?.items[0]?.state).toBe('failed');
    expect(op()?.items[0]?.error).toBe(
      `VM is locked. — vms.clone.failedState ${JSON.stringify({
        step: op()?.steps?.[0]?.name,
        name: 'db',
        status: 'vms.status.up',
        cloneState: 'vms.clone.cloneMissing',
      })}`,
    );
  });

  it('a shutdown with no answer and a VM that never goes down fails with the send error, never sent twice', async () => {
    const e = engine();
    e.faults['shutdown:orig'] = new ConnectionError('no answer', 'timeout');
    e.scripts.set(
      'orig',
      Array.from({ length: 200 }, () => 'up'),
    );
    const { deps, opId, op } = setup(e);
    await driveClone(deps, opId);
    expect(e.sent).toEqual(['shutdown:orig']);
    expect(op()?.steps?.[1]).toMatchObject({ state: 'failed', detail: 'no answer' });
  });

  it('a shutdown whose job failed ends the flow in the engine words', async () => {
    const e = engine();
    e.scripts.set(
      'orig',
      Array.from({ length: 10 }, () => 'up'),
    );
    const { deps, opId, op, corr } = setup(e);
    e.jobs.set(corr(1), { status: 'failed', error: 'Guest agent refused' });
    await driveClone(deps, opId);
    expect(e.sent).toEqual(['shutdown:orig']);
    expect(op()?.steps?.[1]).toMatchObject({ state: 'failed', detail: 'Guest agent refused' });
  });

  it('a shutdown that takes too long fails with the time and the status', async () => {
    const e = engine();
    e.scripts.set(
      'orig',
      Array.from({ length: 100 }, () => 'powering_down'),
    );
    const { deps, opId, op } = setup(e);
    deps.shutdownTimeoutMs = 5_000;
    await driveClone(deps, opId);
    expect(op()?.steps?.[1]?.detail).toBe(
      'vms.op.timeout {"target":"vms.status.down","seconds":5,"status":"vms.status.powering_down"}',
    );
    expect(e.sent).toEqual(['shutdown:orig']);
  });

  it('the original vanishing fails the flow as vanished', async () => {
    const e = engine();
    const { deps, opId, op } = setup(e);
    e.vms.delete('orig');
    await driveClone(deps, opId);
    expect(e.sent).toEqual([]);
    expect(op()?.steps?.[0]).toMatchObject({ state: 'failed', detail: 'vms.op.vanished' });
    // The summary says the VM is gone (not "db is The VM no longer exists.").
    expect(op()?.items[0]?.error).toContain('"status":"vms.clone.vmGone"');
  });

  it('a summary whose read fails says the state is unknown, not that the VM is gone', async () => {
    const e = engine('down');
    e.faults['clone:orig'] = new ActionError('clone', 'Operation Failed', 'Name in use.', {
      status: 409,
    });
    const { deps, opId, op } = setup(e);
    const read = e.port.vm.readVms.bind(e.port.vm);
    // Every read works until the clone is refused; the failure summary's read does not.
    e.port.vm.readVms = (ids, signal) =>
      e.sent.includes('clone:orig')
        ? Promise.reject(new ConnectionError('no answer', 'timeout'))
        : read(ids, signal);
    await driveClone(deps, opId);
    expect(op()?.items[0]?.error).toContain('"status":"vms.clone.vmUnread"');
    expect(op()?.items[0]?.error).not.toContain('vms.clone.vmGone');
  });

  it('a clone the engine refuses stops the flow at the clone; the original is left down', async () => {
    const e = engine('down');
    e.faults['clone:orig'] = new ActionError('clone', 'Operation Failed', 'Name in use.', {
      status: 409,
    });
    const { deps, opId, op } = setup(e);
    await driveClone(deps, opId);
    expect(e.sent).toEqual(['clone:orig']);
    expect(op()?.steps?.[2]).toMatchObject({ state: 'failed', detail: 'Name in use.' });
    expect(op()?.items[0]?.error).toContain('vms.clone.cloneMissing');
  });

  it('a clone with no answer that the engine did create is followed to done, sent once', async () => {
    const e = engine('down');
    e.faults['clone:orig'] = new ConnectionError('no answer', 'timeout');
    const { deps, opId, op } = setup(e);
    await driveClone(deps, opId);
    expect(e.sent).toEqual(['clone:orig']);
    expect(op()?.steps?.[2]?.state).toBe('done');
    expect(op()?.state).toBe('done');
  });

  it('a clone whose job failed ends the flow in the engine words', async () => {
    const e = engine('down');
    const { deps, opId, op, corr } = setup(e);
    deps.port = { ...e.port, cloneVm: () => Promise.resolve() };
    e.jobs.set(corr(2), { status: 'failed', error: 'Storage domain full' });
    await driveClone(deps, opId);
    expect(op()?.steps?.[3]).toMatchObject({ state: 'failed', detail: 'Storage domain full' });
  });

  it('a clone job that finished without a clone says the clone is missing', async () => {
    const e = engine('down');
    const { deps, opId, op, corr } = setup(e);
    deps.port = { ...e.port, cloneVm: () => Promise.resolve() };
    e.jobs.set(corr(2), { status: 'finished' });
    await driveClone(deps, opId);
    expect(op()?.steps?.[3]).toMatchObject({ state: 'failed', detail: 'vms.clone.cloneMissing' });
  });

  it('a clone that stays locked too long fails with the time and its status', async () => {
    const e = engine('down');
    const { deps, opId, op } = setup(e);
    deps.cloneTimeoutMs = 5_000;
    deps.port = {
      ...e.port,
      cloneVm: (id, name, o) =>
        e.port.cloneVm(id, name, o).then(() => {
          e.scripts.set(
            'copy',
            Array.from({ length: 100 }, () => 'image_locked'),
          );
        }),
    };
    await driveClone(deps, opId);
    expect(op()?.steps?.[3]).toMatchObject({
      state: 'failed',
      detail:
        'vms.op.timeout {"target":"vms.status.down","seconds":5,"status":"vms.status.image_locked"}',
    });
    expect(op()?.items[0]?.error).toContain('vms.clone.cloneExists');
  });

  it('failed look-ups of the clone are retried', async () => {
    const e = engine('down');
    e.failFinds(3);
    const { deps, opId, op } = setup(e);
    await driveClone(deps, opId);
    expect(op()?.state).toBe('done');
    expect(e.sent).toEqual(['clone:orig']);
  });

  it('the original already up again before the restart step: not started twice', async () => {
    const e = engine();
    const { deps, opId, op } = setup(e);
    deps.port = {
      ...e.port,
      cloneVm: (id, name, o) =>
        e.port.cloneVm(id, name, o).then(() => {
          e.scripts.set('orig', ['up']);
        }),
    };
    await driveClone(deps, opId);
    expect(e.sent).toEqual(['shutdown:orig', 'clone:orig']);
    expect(op()?.steps?.[4]?.state).toBe('done');
    expect(op()?.state).toBe('done');
  });

  it('a clone already up when it is to be started is not started again', async () => {
    const e = engine('down');
    const { deps, opId, op } = setup(e, true);
    deps.port = {
      ...e.port,
      cloneVm: (id, name, o) =>
        e.port.cloneVm(id, name, o).then(() => {
          e.scripts.set('copy', ['down', 'up']);
        }),
    };
    await driveClone(deps, opId);
    expect(e.sent).toEqual(['clone:orig']);
    expect(op()?.steps?.[5]?.state).toBe('done');
  });

  it('a start of the original that the engine refuses fails the restart step', async () => {
    const e = engine();
    e.faults['start:orig'] = new ActionError('start', 'Operation Failed', 'No host.', {
      status: 409,
    });
    const { deps, opId, op } = setup(e);
    await driveClone(deps, opId);
    expect(e.sent).toEqual(['shutdown:orig', 'clone:orig', 'start:orig']);
    expect(op()?.steps?.[4]).toMatchObject({ state: 'failed', detail: 'No host.' });
    expect(op()?.items[0]?.error).toContain('vms.clone.cloneExists');
    expect(op()?.items[0]?.error).toContain('"status":"vms.status.down"');
  });

  it('an operation that is not running, or not a clone, is left alone', async () => {
    const e = engine();
    const { deps, store, opId } = setup(e);
    store.update(opId, { state: 'cancelled' });
    await driveClone(deps, opId);
    expect(e.sent).toEqual([]);
  });

  it('an aborted run leaves the record running for the next page, without failing a step', async () => {
    const e = engine();
    const controller = new AbortController();
    const { deps, opId, op } = setup(e);
    deps.port = {
      ...e.port,
      vm: {
        ...e.port.vm,
        sendAction: (id, a, o) =>
          e.port.vm.sendAction(id, a, o).then(() => {
            controller.abort();
          }),
      },
    };
    await driveClone(deps, opId, controller.signal);
    expect(e.sent).toEqual(['shutdown:orig']);
    expect(op()?.state).toBe('running');
    expect(op()?.steps?.some((s) => s.state === 'failed')).toBe(false);
  });
});
