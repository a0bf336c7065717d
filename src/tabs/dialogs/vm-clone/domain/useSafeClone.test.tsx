// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OperationRecord } from '../../../../operations/operationsStore';
import { useSafeClone } from './useSafeClone';

let vmStatus = 'down';
let ops: OperationRecord[] = [];
const createVmOperation = vi.fn(() => 'op-start');
const driveOperation = vi.fn(() => Promise.resolve());

vi.mock('../../../shared/pageContext', () => ({
  usePage: () => ({ client: { vmGet: () => Promise.resolve(vm()) }, config: {} }),
}));
vi.mock('../../../shared/operations/useOperations', () => ({ useOperations: () => ops }));
vi.mock('../../../../operations/runners', () => ({
  createRunnerDeps: () => ({ vm: { kind: 'vm-deps' }, clone: { kind: 'clone-deps' } }),
}));
vi.mock('../../../../operations/vmBulkRunner', () => ({
  createVmOperation: (...args: unknown[]) => createVmOperation(...(args as [])),
  driveOperation: (...args: unknown[]) => driveOperation(...(args as [])),
}));
vi.mock('../../../../operations/vmCloneRunner', () => ({
  cloneNameProblem: () => undefined,
  createCloneOperation: () => 'op-clone',
  isVmNameTaken: () => Promise.resolve(false),
  driveClone: () => Promise.resolve(),
  resumeClones: () => undefined,
  suggestCloneName: (n: string) => `${n}-clone`,
}));

function vm(): { id: string; name: string; status: string } {
  return { id: 'vm-1', name: 'db-1', status: vmStatus };
}

function failedClone(shutdown: 'done' | 'skipped'): OperationRecord {
  return {
    id: 'op-clone',
    kind: 'vm-clone',
    title: 'Safe clone of db-1',
    correlationId: 'c',
    startedAt: 1,
    state: 'failed',
    items: [{ entity: 'vm', id: 'vm-1', name: 'db-1', state: 'failed', correlationId: 'c' }],
    steps: [
      { name: 'Shut down db-1', state: shutdown },
      { name: 'Clone', state: 'failed' },
    ],
  };
}

function wrapper({ children }: { children: ReactNode }): ReactNode {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

async function afterFailedClone(
  shutdown: 'done' | 'skipped',
): Promise<{ current: ReturnType<typeof useSafeClone> }> {
  ops = [];
  const hook = renderHook(() => useSafeClone('vm-1'), { wrapper });
  await waitFor(() => {
    expect(hook.result.current.data.vm).toBeTruthy();
  });
  act(() => {
    hook.result.current.actions.runClone();
  });
  await act(async () => {
    await Promise.resolve();
  });
  ops = [failedClone(shutdown)];
  hook.rerender();
  return hook.result;
}

afterEach(() => {
  cleanup();
  createVmOperation.mockClear();
  driveOperation.mockClear();
});

describe('useSafeClone after a failed clone', () => {
  it('offers to start the original it shut down, and sends one start once', async () => {
    vmStatus = 'down';
    const result = await afterFailedClone('done');
    await waitFor(() => {
      expect(result.current.data.restart).toBe('offer');
    });
    act(() => {
      result.current.actions.restartOriginal();
      result.current.actions.restartOriginal();
    });
    expect(result.current.data.restart).toBe('sent');
    expect(createVmOperation).toHaveBeenCalledTimes(1);
    expect(createVmOperation).toHaveBeenCalledWith(
      { kind: 'vm-deps' },
      'start',
      [{ id: 'vm-1', name: 'db-1', status: 'down' }],
      { title: 'Start 1 VM' },
    );
    expect(driveOperation).toHaveBeenCalledWith({ kind: 'vm-deps' }, 'op-start');
    act(() => {
      result.current.actions.restartOriginal();
    });
    expect(createVmOperation).toHaveBeenCalledTimes(1);
  });

  it('offers nothing when the original is not down', async () => {
    vmStatus = 'up';
    const result = await afterFailedClone('done');
    await act(async () => {
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(result.current.data.restart).toBeUndefined();
    act(() => {
      result.current.actions.restartOriginal();
    });
    expect(createVmOperation).not.toHaveBeenCalled();
  });

  it('offers nothing when the clone did not shut the VM down', async () => {
    vmStatus = 'down';
    const result = await afterFailedClone('skipped');
    await act(async () => {
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(result.current.data.restart).toBeUndefined();
  });
});
