/**
 * A small scripted engine behind the runner's port, for the never-twice tests: it logs every
 * POST that reached it (as the simulated engine's request log does), runs the action, and then
 * answers as the test asks: normally, with a network error or a timeout after running it, or
 * never (the page died while the request was in flight).
 */
import { ConnectionError } from '../../src/rest/errors';
import type { LoggedRequest } from './tally';
import type { JobOutcome, VmAction, VmOpsPort, VmState } from './runnerAdapter';

/**
 * What the sender sees after the engine received (and ran) the action. The VM's status moves
 * one step per read after that, so a page reloaded right after a POST still sees the VM as it
 * was: the runner cannot lean on the status to know it sent.
 *
 * `hang`: the page died with the request in flight; the engine ran it. `late`: the same, but the
 * engine gets to it only when its next request arrives (a busy engine works in order), so a
 * page reloaded meanwhile reads the VM unchanged and, if it does not know it sent, sends again.
 */
export type Answer = 'ok' | 'network' | 'timeout' | 'hang' | 'late';

const PATH: Record<VmAction, string[]> = {
  start: ['powering_up', 'up'],
  shutdown: ['powering_down', 'down'],
  stop: ['down'],
  reboot: ['reboot_in_progress', 'up'],
  suspend: ['saving_state', 'suspended'],
  migrate: ['migrating', 'up'],
};

/** The status a VM needs for each action to apply. */
export const FROM: Record<VmAction, string> = {
  start: 'down',
  shutdown: 'up',
  stop: 'up',
  reboot: 'up',
  suspend: 'up',
  migrate: 'up',
};

export const ACTIONS = Object.keys(FROM) as VmAction[];

const never = new Promise<never>(() => undefined);

export class FakeEngine implements VmOpsPort {
  vms = new Map<string, VmState>();
  /** Every POST that reached the engine, whatever the sender saw. */
  log: LoggedRequest[] = [];
  answer: (vmId: string) => Answer = () => 'ok';
  /** While true, reads fail as if the engine were unreachable (the engine keeps running). */
  unreachable = false;
  /** Once true, nothing answers any more (the page that uses this port died). */
  dead = false;
  private steps = new Map<string, string[]>();
  private jobs = new Map<string, JobOutcome>();

  add(id: string, status: string, hostId = 'h1'): VmState {
    const vm = { id, name: `vm-${id}`, status, hostId };
    this.vms.set(id, vm);
    return vm;
  }

  /** The VMs as the confirmation listed them. */
  listed(): { id: string; name: string; status: string; hostId?: string }[] {
    return [...this.vms.values()].map((v) => ({ ...v }));
  }

  posts(vmId?: string): LoggedRequest[] {
    return this.log.filter((r) => vmId === undefined || r.path.includes(`/vms/${vmId}/`));
  }

  /** A view of this engine for another page: same VMs and log, its own answers. */
  page(): FakeEngine {
    const view = Object.create(this) as FakeEngine;
    view.dead = false;
    return view;
  }

  sendAction(
    vmId: string,
    action: VmAction,
    o: { correlationId: string; hostId?: string },
  ): Promise<void> {
    if (this.dead) return never;
    const answer = this.answer(vmId);
    this.log.push({
      method: 'POST',
      path: `/ovirt-engine/api/vms/${vmId}/${action}`,
      status: answer === 'ok' ? 200 : 0,
      correlationId: o.correlationId,
    });
    if (answer === 'late') {
      this.queued.push(() => {
        this.run(vmId, action, o);
      });
      this.dead = true;
      return never;
    }
    for (const run of this.queued.splice(0)) run();
    this.run(vmId, action, o);
    switch (answer) {
      case 'ok':
        return Promise.resolve();
      case 'network':
        return Promise.reject(new ConnectionError('The engine could not be reached', 'network'));
      case 'timeout':
        return Promise.reject(new ConnectionError('No answer from the engine', 'timeout'));
      case 'hang':
        // The page died with this request in flight: it gets no answer to anything any more.
        this.dead = true;
        return never;
    }
  }
  private migrateTo = new Map<string, string>();
  private queued: (() => void)[] = [];

  private run(vmId: string, action: VmAction, o: { correlationId: string; hostId?: string }) {
    this.steps.set(vmId, [...PATH[action]]);
    this.jobs.set(o.correlationId, { status: 'finished' });
    if (action === 'migrate') this.migrateTo.set(vmId, o.hostId ?? 'h2');
  }

  /** The engine moves on by itself (while nobody is reading), e.g. to finish a reboot. */
  runToEnd(vmId: string): void {
    const vm = this.vms.get(vmId);
    for (const s of this.steps.get(vmId) ?? []) if (vm) vm.status = s;
    this.steps.delete(vmId);
  }

  readVms(ids: readonly string[]): Promise<VmState[]> {
    if (this.dead) return never;
    if (this.unreachable) {
      return Promise.reject(new ConnectionError('The engine could not be reached', 'network'));
    }
    const out: VmState[] = [];
    for (const id of ids) {
      const vm = this.vms.get(id);
      if (!vm) continue;
      const next = this.steps.get(id)?.shift();
      if (next) {
        vm.status = next;
        const to = this.migrateTo.get(id);
        if (next === 'up' && to !== undefined) vm.hostId = to;
      }
      out.push({ ...vm });
    }
    return Promise.resolve(out);
  }

  jobOutcome(correlationId: string): Promise<JobOutcome | undefined> {
    if (this.dead) return never;
    if (this.unreachable) {
      return Promise.reject(new ConnectionError('The engine could not be reached', 'network'));
    }
    return Promise.resolve(this.jobs.get(correlationId));
  }
}

/** A `Storage`-like map whose writes can be made to fail (quota, disabled storage). */
export function memoryStorage() {
  const map = new Map<string, string>();
  const storage = {
    failWrites: false,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (storage.failWrites) throw new DOMException('quota exceeded', 'QuotaExceededError');
      map.set(k, v);
    },
    removeItem: (k: string) => {
      map.delete(k);
    },
  };
  return storage;
}
