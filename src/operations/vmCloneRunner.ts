/**
 * Safe clone (the XenServer recipe) for one VM: shut it down if running, wait for down, clone
 * under a new name, wait for the clone to be ready, start the original again (if it was running)
 * and the clone if asked. Every step is written to the operations record; a failed step stops the
 * flow and the record says what state everything is in.
 *
 * Only the page that started it drives it. A page that finds it unfinished (the first one was
 * closed) does not guess: it marks the interrupted step failed with the engine's current state of
 * both VMs, and sends nothing (never twice).
 */
import type { EngineClient } from '../rest/client';
import { FaultError } from '../rest/errors';
import type { Vm } from '../rest/models';
import { searchQuery } from '../rest/search';
import type { VmsMessageKey } from '../messages/vms';
import { PAGE_ID, isLeaseHeldByOther, releaseLease, tryAcquireLease } from './lease';
import type { OperationRecord, OperationStep, OperationsStore } from './operationsStore';
import { newCorrelationId, type Translate } from './vmBulkRunner';

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

export interface CloneDeps {
  client: EngineClient;
  store: OperationsStore;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  t: Translate;
  shutdownTimeoutMs: number;
  startTimeoutMs: number;
  pollMs?: number;
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

function errorText(error: unknown): string {
  if (error instanceof FaultError) return error.detail ?? error.reason;
  return error instanceof Error ? error.message : String(error);
}

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
    steps: startClone
      ? steps
      : steps.map((s, i) => (STEP_KEYS[i] === 'startClone' ? { ...s, state: 'pending' } : s)),
  };
  // Whether the clone is started is stored as that step being skipped up front.
  if (!startClone && record.steps) {
    const last = record.steps[5];
    if (last) record.steps[5] = { ...last, state: 'skipped', detail: t('vms.clone.notAsked') };
  }
  deps.store.create(record);
  return id;
}

const wait = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

export async function runCloneOperation(deps: CloneDeps, opId: string): Promise<void> {
  const { client, store, t } = deps;
  if (!tryAcquireLease(deps.storage, opId, PAGE_ID, Date.now())) return;
  const heartbeat = setInterval(() => {
    tryAcquireLease(deps.storage, opId, PAGE_ID, Date.now());
  }, 2000);
  const op = store.get(opId);
  const item = op?.items[0];
  if (!op || !item) return;
  const vmId = item.id;
  const cloneName = item.target ?? '';
  const wasRunning = item.detail !== 'down';
  const corr = (n: number): string => `${op.correlationId}-${String(n)}`;

  const setStep = (i: number, state: OperationStep['state'], detail?: string): void => {
    const steps = (store.get(opId)?.steps ?? []).map((s, j) =>
      j === i ? { name: s.name, state, ...(detail !== undefined ? { detail } : {}) } : s,
    );
    store.update(opId, { steps });
  };
  const statusText = (vm: Vm | null | undefined): string =>
    vm ? t(`vms.status.${vm.status}` as VmsMessageKey) : t('vms.op.vanished');
  const findClone = async (): Promise<Vm | undefined> =>
    (await client.vmList({ search: searchQuery().where('name', cloneName) })).find(
      (v) => v.name.toLowerCase() === cloneName.toLowerCase(),
    );

  let step = 0;
  try {
    // 1-2: shut down and wait for down.
    const original = await client.vmGet(vmId);
    if (original.status === 'down') {
      setStep(0, 'skipped', t('vms.clone.notRunning'));
      setStep(1, 'skipped', t('vms.clone.notRunning'));
    } else {
      setStep(0, 'running');
      store.updateItem(opId, vmId, { state: 'sent', actionSentAt: Date.now() });
      await client.vmShutdown(vmId, { correlationId: corr(1) });
      setStep(0, 'done');
      step = 1;
      setStep(1, 'running');
      await client.waitForStatus({ kind: 'vm', id: vmId }, 'down', {
        timeout: deps.shutdownTimeoutMs,
        onPoll: (vm) => {
          setStep(1, 'running', statusText(vm));
        },
      });
      setStep(1, 'done');
    }
    // 3-4: clone and wait until the clone exists and its disks are unlocked.
    step = 2;
    setStep(2, 'running');
    store.updateItem(opId, vmId, { state: 'in_progress' });
    await client.vmClone(vmId, { name: cloneName, correlationId: corr(2) });
    setStep(2, 'done');
    step = 3;
    setStep(3, 'running');
    const deadline = Date.now() + 10 * 60_000;
    let clone = await findClone();
    while (clone?.status !== 'down') {
      if (Date.now() > deadline)
        throw new Error(
          t('vms.op.timeout', { target: 'down', seconds: 600, status: statusText(clone) }),
        );
      setStep(3, 'running', statusText(clone));
      await wait(deps.pollMs ?? 1000);
      clone = await findClone();
    }
    setStep(3, 'done');
    // 5: start the original again if it was running.
    step = 4;
    if (wasRunning) {
      setStep(4, 'running');
      await client.vmStart(vmId, { correlationId: corr(3) });
      await client.waitForStatus({ kind: 'vm', id: vmId }, 'up', {
        timeout: deps.startTimeoutMs,
        onPoll: (vm) => {
          setStep(4, 'running', statusText(vm));
        },
      });
      setStep(4, 'done');
    } else setStep(4, 'skipped', t('vms.clone.notNeeded'));
    // 6: start the clone if asked.
    step = 5;
    if (store.get(opId)?.steps?.[5]?.state === 'pending') {
      setStep(5, 'running');
      await client.vmStart(clone.id, { correlationId: corr(4) });
      await client.waitForStatus({ kind: 'vm', id: clone.id }, 'up', {
        timeout: deps.startTimeoutMs,
      });
      setStep(5, 'done');
    }
    const final = await client.vmGet(vmId).catch(() => null);
    store.updateItem(opId, vmId, { state: 'done', finishedAt: Date.now() });
    store.update(opId, {
      state: 'done',
      finishedAt: Date.now(),
    });
    setStep(
      5,
      store.get(opId)?.steps?.[5]?.state ?? 'done',
      t('vms.clone.done', { name: item.name, status: statusText(final), clone: cloneName }),
    );
  } catch (error) {
    await failWithState(deps, opId, step, errorText(error), findClone);
  } finally {
    clearInterval(heartbeat);
    releaseLease(deps.storage, opId, PAGE_ID);
  }
}

async function failWithState(
  deps: CloneDeps,
  opId: string,
  step: number,
  error: string,
  findClone: () => Promise<Vm | undefined>,
): Promise<void> {
  const { client, store, t } = deps;
  const op = store.get(opId);
  const item = op?.items[0];
  if (!op || !item) return;
  const vm = await client.vmGet(item.id).catch(() => null);
  const clone = await findClone().catch(() => undefined);
  const stepName = op.steps?.[step]?.name ?? '';
  const summary = t('vms.clone.failedState', {
    step: stepName,
    name: item.name,
    status: vm ? t(`vms.status.${vm.status}` as VmsMessageKey) : t('vms.op.vanished'),
    cloneState: clone ? t('vms.clone.cloneExists') : t('vms.clone.cloneMissing'),
  });
  const steps = (op.steps ?? []).map((s, j) =>
    j === step ? { name: s.name, state: 'failed' as const, detail: error } : s,
  );
  store.update(opId, { steps, state: 'failed', finishedAt: Date.now() });
  store.updateItem(opId, item.id, {
    state: 'failed',
    error: `${error} — ${summary}`,
    finishedAt: Date.now(),
  });
}

/** A clone left running by a closed page: report, never resend. */
export async function settleAbandonedClones(deps: CloneDeps): Promise<void> {
  for (const op of deps.store.list()) {
    if (op.kind !== 'vm-clone' || op.state !== 'running') continue;
    if (isLeaseHeldByOther(deps.storage, op.id, PAGE_ID, Date.now())) continue;
    if (!tryAcquireLease(deps.storage, op.id, PAGE_ID, Date.now())) continue;
    const step = Math.max(
      0,
      op.steps?.findIndex((s) => s.state === 'running' || s.state === 'pending') ?? 0,
    );
    const cloneName = op.items[0]?.target ?? '';
    await failWithState(deps, op.id, step, deps.t('vms.clone.interrupted'), async () =>
      (await deps.client.vmList({ search: searchQuery().where('name', cloneName) })).find(
        (v) => v.name.toLowerCase() === cloneName.toLowerCase(),
      ),
    );
    releaseLease(deps.storage, op.id, PAGE_ID);
  }
}
