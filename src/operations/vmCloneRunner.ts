/**
 * Safe clone (the XenServer recipe) for one VM: shut it down if running, wait for down, clone
 * under a new name, wait for the clone to be ready, start the original again (if it was running)
 * and the clone if asked. Every step is written to the operations record; a failed step stops the
 * flow and the record says what state everything is in.
 *
 * Driven like every other kind (one page holds the lease; `resumeAll` picks it up after a reload,
 * on whichever page the admin is). Run and resume are the same path: each step that sends a
 * request is marked `running` in a checked write BEFORE the request leaves, so a page that finds
 * it marked never sends it again; it only re-derives from the engine where the flow is (the
 * original's status, whether a VM with the clone's name exists and whether it is still locked,
 * the job of the step's correlation id). A refused write sends nothing and says why.
 */
import { defaultSleep, errorText } from './runnerKit';
import { UNCONFIRMED_AFTER_MS } from './vmTracker';
import type { EngineClient } from '../rest/client';
import { isDefinitiveRejection } from '../rest/bulk';
import { searchQuery } from '../rest/search';
import type { VmsMessageKey } from '../messages/vms';
import { PAGE_ID, createOperationDriver, releaseLease, tryAcquireLease } from './lease';
import type { OperationRecord, OperationStep, OperationsStore } from './operationsStore';
import { newCorrelationId, type Translate } from './vmBulkRunner';
import type { VmOpsPort, VmState } from './vmOpsPort';

export const CLONE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

export type CloneNameProblem = 'required' | 'invalid' | 'taken';

export function cloneNameProblem(name: string): CloneNameProblem | undefined {
  if (name.trim() === '') return 'required';
  if (!CLONE_NAME_PATTERN.test(name)) return 'invalid';
  return undefined;
}

/** The engine compares VM names case-insensitively within a data center; so do we. */
export async function isVmNameTaken(
  client: EngineClient,
  name: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const found = await client.vmList({
    search: searchQuery().where('name', name),
    ...(signal ? { signal } : {}),
  });
  return found.some((v) => v.name.toLowerCase() === name.toLowerCase());
}

export function suggestCloneName(name: string): string {
  return `${name}-clone`.slice(0, 64);
}

/** What a safe clone needs from the engine besides the VM port (shutdown, start, reads, jobs). */
export interface ClonePort {
  vm: VmOpsPort;
  /** Sends the clone once (no retries of POSTs); rejects like `VmOpsPort.sendAction`. */
  cloneVm(vmId: string, name: string, options: { correlationId: string }): Promise<void>;
  /** The VM with this name (compared case-insensitively, like the engine), if there is one. */
  findByName(name: string, signal?: AbortSignal): Promise<VmState | undefined>;
}

export function createEngineClonePort(client: EngineClient, vm: VmOpsPort): ClonePort {
  return {
    vm,
    async cloneVm(vmId, name, { correlationId }) {
      // No signal on purpose: an aborted POST may still have reached the engine.
      await client.vmClone(vmId, { name, correlationId });
    },
    async findByName(name, signal) {
      const found = await client.vmList({
        search: searchQuery().where('name', name),
        ...(signal ? { signal } : {}),
      });
      const vm = found.find((v) => v.name.toLowerCase() === name.toLowerCase());
      return vm ? { id: vm.id, name: vm.name, status: vm.status } : undefined;
    },
  };
}

export interface CloneDeps {
  port: ClonePort;
  store: OperationsStore;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  t: Translate;
  shutdownTimeoutMs: number;
  startTimeoutMs: number;
  /** How long the clone may take to appear and unlock (default 10 min). */
  cloneTimeoutMs?: number;
  pollMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

type StepKey = 'shutdown' | 'waitDown' | 'clone' | 'waitClone' | 'restart' | 'startClone';
const STEP_KEYS: readonly StepKey[] = [
  'shutdown',
  'waitDown',
  'clone',
  'waitClone',
  'restart',
  'startClone',
];

export function createCloneOperation(
  deps: Pick<CloneDeps, 'store' | 't'>,
  vm: { id: string; name: string; status: string },
  cloneName: string,
  startClone: boolean,
): string {
  const { t } = deps;
  const id = crypto.randomUUID();
  const correlationId = newCorrelationId();
  const p = { name: vm.name, clone: cloneName };
  const names: Record<StepKey, string> = {
    shutdown: t('vms.clone.step.shutdown', p),
    waitDown: t('vms.clone.step.waitDown', p),
    clone: t('vms.clone.step.clone', p),
    waitClone: t('vms.clone.step.waitClone', p),
    restart: t('vms.clone.step.restart', p),
    startClone: t('vms.clone.step.startClone', p),
  };
  const steps: OperationStep[] = STEP_KEYS.map((k) => ({ name: names[k], state: 'pending' }));
  const record: OperationRecord = {
    id,
    kind: 'vm-clone',
    title: t('vms.actionTitle.clone', { name: vm.name }),
    correlationId,
    startedAt: Date.now(),
    state: 'running',
    items: [
      {
        entity: 'vm',
        id: vm.id,
        name: vm.name,
        state: 'pending',
        correlationId: `${correlationId}-1`,
        // The status before the flow: whether to start it again at the end.
        detail: vm.status,
        target: cloneName,
      },
    ],
    steps,
  };
  // Whether the clone is started is stored as that step being skipped up front.
  if (!startClone && record.steps) {
    const last = record.steps[5];
    if (last) record.steps[5] = { ...last, state: 'skipped', detail: t('vms.clone.notAsked') };
  }
  deps.store.create(record);
  return id;
}

/**
 * Leaves the flow without failing a step: `aborted` when the page goes away (the next page
 * resumes it), `refused` after the browser refused a pre-send mark.
 */
class Stop extends Error {
  constructor(readonly why: 'aborted' | 'refused') {
    super(why);
  }
}

/** Indexes of the steps in the record. */
const SHUTDOWN = 0;
const WAIT_DOWN = 1;
const CLONE = 2;
const WAIT_CLONE = 3;
const RESTART = 4;
const START_CLONE = 5;

async function drive(deps: CloneDeps, opId: string, signal: AbortSignal): Promise<void> {
  const { port, store, storage, t } = deps;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  const pollMs = deps.pollMs ?? 1000;
  const aborted = (): boolean => signal.aborted;
  const op = store.get(opId);
  const item = op?.items[0];
  if (op?.kind !== 'vm-clone' || !item || op.state !== 'running') return;
  if (!tryAcquireLease(storage, opId, PAGE_ID, now())) return;
  const renew = (): void => {
    tryAcquireLease(storage, opId, PAGE_ID, now());
  };
  // A POST may take longer than the lease: keep it while waiting for an answer.
  const heartbeat = setInterval(renew, 2000);
  const vmId = item.id;
  const cloneName = item.target ?? '';
  const wasRunning = item.detail !== 'down';
  const corr = (n: number): string => `${op.correlationId}-${String(n)}`;

  const stepState = (i: number): OperationStep['state'] =>
    store.get(opId)?.steps?.[i]?.state ?? 'pending';
  const setStep = (i: number, state: OperationStep['state'], detail?: string): void => {
    const current = store.get(opId)?.steps?.[i];
    if (current?.state === state && current.detail === detail) return;
    const steps = (store.get(opId)?.steps ?? []).map((s, j) =>
      j === i ? { name: s.name, state, ...(detail !== undefined ? { detail } : {}) } : s,
    );
    store.update(opId, { steps });
  };
  const statusText = (status: string | undefined): string =>
    status !== undefined ? t(`vms.status.${status}` as VmsMessageKey) : t('vms.op.vanished');

  /**
   * Fail closed: step `i`'s request is recorded as sent (step `running`, the item's
   * `actionSentAt` on the first send) in one write, checked, before it leaves. When the browser
   * refuses, nothing is sent and the operation stops saying why.
   */
  const markSent = (i: number): void => {
    const rec = store.get(opId);
    // Checked again after the reads' awaits: another page (or a cancel) may have moved on.
    if (rec?.state !== 'running' || rec.steps?.[i]?.state !== 'pending') throw new Stop('aborted');
    const steps = (rec.steps ?? []).map((s, j) =>
      j === i ? { name: s.name, state: 'running' as const } : s,
    );
    const items = rec.items.map((it) =>
      it.id === vmId
        ? { ...it, state: 'in_progress' as const, actionSentAt: it.actionSentAt ?? now() }
        : it,
    );
    store.update(opId, { steps, items });
    if (!store.writable()) {
      store.update(opId, { stoppedReason: 'storage' });
      throw new Stop('refused');
    }
  };

  /** Sends once. No answer is not a failure: the engine may have it, the next reads tell. */
  const send = async (request: () => Promise<void>): Promise<string | undefined> => {
    try {
      await request();
      return undefined;
    } catch (error) {
      if (isDefinitiveRejection(error)) throw error;
      return errorText(error);
    }
  };

  const readVm = async (id: string): Promise<VmState | undefined> => {
    for (;;) {
      if (aborted()) throw new Stop('aborted');
      try {
        return (await port.vm.readVms([id], signal))[0];
      } catch {
        // Retried next tick: a read never changes anything.
        await sleep(pollMs, signal);
      }
    }
  };

  /**
   * Polls a VM until `wanted`, showing its status on step `i`. While it stays `from` (the
   * request may never have left: `unconfirmed`), the job of `correlationId` decides: failed, or
   * no trace of it after several polls, ends the flow.
   */
  const waitVm = async (
    id: string,
    wanted: string,
    i: number,
    timeoutMs: number,
    since: number,
    track?: { correlationId: string; from: string; unconfirmed?: string | undefined },
  ): Promise<VmState> => {
    let ticks = 0;
    for (;;) {
      renew();
      const vm = await readVm(id);
      if (!vm) throw new Error(t('vms.op.vanished'));
      if (vm.status === wanted) return vm;
      ticks++;
      setStep(i, 'running', statusText(vm.status));
      if (track && vm.status === track.from && ticks % 3 === 0) {
        const job = await port.vm.jobOutcome(track.correlationId, signal).catch(() => undefined);
        if (job?.status === 'failed')
          throw new Error(
            job.error ??
              t('vms.op.unexpected', { status: statusText(vm.status), target: statusText(wanted) }),
          );
        if (
          !job &&
          track.unconfirmed !== undefined &&
          ticks >= 6 &&
          now() - since >= UNCONFIRMED_AFTER_MS
        )
          throw new Error(track.unconfirmed || t('vms.op.unconfirmed'));
      }
      if (now() - since > timeoutMs)
        throw new Error(
          t('vms.op.timeout', {
            target: statusText(wanted),
            seconds: Math.round(timeoutMs / 1000),
            status: statusText(vm.status),
          }),
        );
      await sleep(pollMs, signal);
    }
  };

  let step = SHUTDOWN;
  try {
    // 1-2: shut down and wait for down.
    if (stepState(SHUTDOWN) === 'pending') {
      const original = await readVm(vmId);
      if (!original) throw new Error(t('vms.op.vanished'));
      if (original.status === 'down') {
        setStep(SHUTDOWN, 'skipped', t('vms.clone.notRunning'));
        setStep(WAIT_DOWN, 'skipped', t('vms.clone.notRunning'));
      } else {
        markSent(SHUTDOWN);
        const noAnswer = await send(() =>
          port.vm.sendAction(vmId, 'shutdown', { correlationId: corr(1) }),
        );
        step = WAIT_DOWN;
        setStep(WAIT_DOWN, 'running');
        await waitVm(vmId, 'down', WAIT_DOWN, deps.shutdownTimeoutMs, now(), {
          correlationId: corr(1),
          from: original.status,
          ...(noAnswer !== undefined ? { unconfirmed: noAnswer } : {}),
        });
        setStep(SHUTDOWN, 'done');
        setStep(WAIT_DOWN, 'done');
      }
    } else if (stepState(WAIT_DOWN) !== 'done' && stepState(WAIT_DOWN) !== 'skipped') {
      // Resumed after the shutdown was sent: only wait, from the engine's state.
      step = WAIT_DOWN;
      setStep(WAIT_DOWN, 'running');
      await waitVm(vmId, 'down', WAIT_DOWN, deps.shutdownTimeoutMs, item.actionSentAt ?? now(), {
        correlationId: corr(1),
        from: 'up',
        unconfirmed: '',
      });
      setStep(SHUTDOWN, 'done');
      setStep(WAIT_DOWN, 'done');
    }

    // 3-4: clone, and wait until the clone exists and its disks are unlocked (down).
    step = CLONE;
    let cloneUnconfirmed: string | undefined;
    if (stepState(CLONE) === 'pending') {
      markSent(CLONE);
      cloneUnconfirmed = await send(() =>
        port.cloneVm(vmId, cloneName, { correlationId: corr(2) }),
      );
      if (cloneUnconfirmed === undefined) setStep(CLONE, 'done');
    } else if (stepState(CLONE) === 'running') {
      // Sent by a page that went away before the answer: the engine says whether it arrived.
      cloneUnconfirmed = '';
    }
    step = WAIT_CLONE;
    let clone: VmState | undefined;
    if (stepState(WAIT_CLONE) !== 'done') {
      setStep(WAIT_CLONE, 'running');
      const since = now();
      const timeoutMs = deps.cloneTimeoutMs ?? 10 * 60_000;
      let ticks = 0;
      for (;;) {
        if (aborted()) throw new Stop('aborted');
        renew();
        ticks++;
        try {
          clone = await port.findByName(cloneName, signal);
        } catch {
          clone = undefined;
          if (aborted()) throw new Stop('aborted');
          await sleep(pollMs, signal);
          continue;
        }
        if (clone) {
          if (stepState(CLONE) === 'running') setStep(CLONE, 'done');
          // `image_locked` while its disks are copied.
          if (clone.status === 'down') break;
          setStep(WAIT_CLONE, 'running', statusText(clone.status));
        } else if (ticks % 3 === 0 || cloneUnconfirmed !== undefined) {
          const job = await port.vm.jobOutcome(corr(2), signal).catch(() => undefined);
          if (job?.status === 'failed') throw new Error(job.error ?? t('vms.clone.cloneMissing'));
          if (job?.status === 'finished' && ticks >= 3)
            throw new Error(t('vms.clone.cloneMissing'));
          if (
            !job &&
            cloneUnconfirmed !== undefined &&
            ticks >= 6 &&
            now() - since >= UNCONFIRMED_AFTER_MS
          )
            throw new Error(cloneUnconfirmed || t('vms.op.unconfirmed'));
        }
        if (now() - since > timeoutMs)
          throw new Error(
            t('vms.op.timeout', {
              target: statusText('down'),
              seconds: Math.round(timeoutMs / 1000),
              status: statusText(clone?.status),
            }),
          );
        await sleep(pollMs, signal);
      }
      setStep(WAIT_CLONE, 'done');
    }

    // 5: start the original again if it was running.
    step = RESTART;
    if (!wasRunning) {
      if (stepState(RESTART) === 'pending') setStep(RESTART, 'skipped', t('vms.clone.notNeeded'));
    } else if (stepState(RESTART) === 'pending') {
      const original = await readVm(vmId);
      if (!original) throw new Error(t('vms.op.vanished'));
      if (original.status === 'up') setStep(RESTART, 'done');
      else {
        markSent(RESTART);
        const noAnswer = await send(() =>
          port.vm.sendAction(vmId, 'start', { correlationId: corr(3) }),
        );
        await waitVm(vmId, 'up', RESTART, deps.startTimeoutMs, now(), {
          correlationId: corr(3),
          from: original.status,
          ...(noAnswer !== undefined ? { unconfirmed: noAnswer } : {}),
        });
        setStep(RESTART, 'done');
      }
    } else if (stepState(RESTART) === 'running') {
      await waitVm(vmId, 'up', RESTART, deps.startTimeoutMs, now(), {
        correlationId: corr(3),
        from: 'down',
        unconfirmed: '',
      });
      setStep(RESTART, 'done');
    }

    // 6: start the clone if asked.
    step = START_CLONE;
    const startState = stepState(START_CLONE);
    if (startState === 'pending' || startState === 'running') {
      clone ??= await port.findByName(cloneName, signal);
      if (!clone) throw new Error(t('vms.op.vanished'));
      const cloneId = clone.id;
      if (startState === 'pending') {
        const current = await readVm(cloneId);
        // Deleted since it was found: a start would only be refused.
        if (!current) throw new Error(t('vms.op.vanished'));
        if (current.status !== 'up') {
          markSent(START_CLONE);
          const noAnswer = await send(() =>
            port.vm.sendAction(cloneId, 'start', { correlationId: corr(4) }),
          );
          await waitVm(cloneId, 'up', START_CLONE, deps.startTimeoutMs, now(), {
            correlationId: corr(4),
            from: current.status,
            ...(noAnswer !== undefined ? { unconfirmed: noAnswer } : {}),
          });
        }
      } else {
        await waitVm(cloneId, 'up', START_CLONE, deps.startTimeoutMs, now(), {
          correlationId: corr(4),
          from: 'down',
          unconfirmed: '',
        });
      }
      setStep(START_CLONE, 'done');
    }
    const final = await readVmState(port, vmId, signal);
    store.updateItem(opId, vmId, { state: 'done', finishedAt: now() });
    store.update(opId, { state: 'done', finishedAt: now() });
    setStep(
      START_CLONE,
      stepState(START_CLONE),
      t('vms.clone.done', {
        name: item.name,
        status: vmStateText(final, t),
        clone: cloneName,
      }),
    );
  } catch (error) {
    if (!(error instanceof Stop && error.why === 'aborted') && !aborted()) {
      const reason = error instanceof Stop ? t('vms.op.stopped.storage') : errorText(error);
      await failWithState(deps, opId, step, reason);
    }
  } finally {
    clearInterval(heartbeat);
    store.flush();
    releaseLease(storage, opId, PAGE_ID);
  }
}

/** A VM's state for a summary: read (`vm` undefined when the engine no longer has it) or not. */
type VmStateRead = { vm: VmState | undefined } | undefined;

function readVmState(
  port: CloneDeps['port'],
  id: string,
  signal?: AbortSignal,
): Promise<VmStateRead> {
  return port.vm.readVms([id], signal).then(
    (list) => ({ vm: list[0] }),
    () => undefined,
  );
}

/** "Down", "no longer on the engine", or "unknown (the engine did not answer)". */
function vmStateText(read: VmStateRead, t: Translate): string {
  if (read === undefined) return t('vms.clone.vmUnread');
  return read.vm ? t(`vms.status.${read.vm.status}` as VmsMessageKey) : t('vms.clone.vmGone');
}

async function failWithState(
  deps: CloneDeps,
  opId: string,
  step: number,
  error: string,
): Promise<void> {
  const { port, store, t } = deps;
  const now = deps.now ?? Date.now;
  const op = store.get(opId);
  const item = op?.items[0];
  if (!op || !item) return;
  const vm = await readVmState(port, item.id);
  const clone = await port.findByName(item.target ?? '').catch(() => undefined);
  const stepName = op.steps?.[step]?.name ?? '';
  const summary = t('vms.clone.failedState', {
    step: stepName,
    name: item.name,
    status: vmStateText(vm, t),
    cloneState: clone ? t('vms.clone.cloneExists') : t('vms.clone.cloneMissing'),
  });
  // Nothing runs on after a failure: a step that sent and was waiting on the failing one (the
  // shutdown, the clone) failed with it, so the drawer shows no step "Running" any more.
  const steps = (op.steps ?? []).map((s, j) =>
    j === step
      ? { name: s.name, state: 'failed' as const, detail: error }
      : s.state === 'running'
        ? { name: s.name, state: 'failed' as const }
        : s,
  );
  store.update(opId, {
    steps,
    state: 'failed',
    finishedAt: now(),
    items: op.items.map((i) =>
      i.id === item.id
        ? { ...i, state: 'failed' as const, error: `${error} — ${summary}`, finishedAt: now() }
        : i,
    ),
  });
}

const driver = createOperationDriver(drive, (op) => op.kind === 'vm-clone');

/** Runs or resumes the safe clone unless this page already drives it or another page holds it. */
export const driveClone = driver.drive;

/** On page load: pick up every unfinished safe clone nobody drives (its page was reloaded). */
export const resumeClones = driver.resume;
