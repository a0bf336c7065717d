/**
 * React side of the operations record and runner.
 *
 * @example
 *   const ops = useOperations();                 // every operation, live across iframes
 *   const { startVmAction } = useVmOperationRunner();
 *   const opId = startVmAction('start', vms);    // creates the record and drives it
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { usePage } from '../pageContext';
import { useMessages } from '../../../messages/catalogue';
import { operationsStore, type OperationRecord } from '../../../operations/operationsStore';
import {
  cancelRest,
  createVmOperation,
  driveOperation,
  resumeOperations,
  retryFailed,
  type RunnerDeps,
  type VmToAct,
} from '../../../operations/vmBulkRunner';
import { createRunnerDeps } from '../../../operations/runners';
import { LEASE_MS } from '../../../operations/lease';
import type { VmAction } from '../../../operations/vmActions';
import { createOperationsSnapshot } from './operationsSnapshot';
import { createOperationEndFollower } from './refetchOnOperationEnd';

/** One per page: every component reading the record shares its once-per-frame snapshot. */
const operationsSnapshot = createOperationsSnapshot(operationsStore);
const subscribe = (fn: () => void): (() => void) => operationsSnapshot.subscribe(fn);
const getSnapshot = (): readonly OperationRecord[] => operationsSnapshot.get();

/**
 * Every operation, newest first: re-rendered at most once per animation frame, and unchanged
 * operations and items keep their identity (memoized cards and rows skip their render).
 */
export function useOperations(): readonly OperationRecord[] {
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

export interface VmOperationRunner {
  startVmAction: (
    action: VmAction,
    vms: readonly VmToAct[],
    options?: {
      hostId?: string;
      hostName?: string;
      reason?: string;
      /** Migrate: leader id → the VMs the engine moves with it (affinity closure). */
      closure?: ReadonlyMap<string, readonly VmToAct[]>;
    },
  ) => string;
  cancel: (opId: string) => void;
  retry: (opId: string) => number;
  /** Drives (follows) an operation record created elsewhere, e.g. an adopted migration. */
  follow: (opId: string) => void;
}

/**
 * Runs operations from this page and resumes, on mount and every few seconds, any unfinished one
 * whose page went away (reload, closed dialog).
 */
export function useVmOperationRunner(): VmOperationRunner {
  const { client, config } = usePage();
  const { t } = useMessages();
  // The same builder as the operations runner page: one set of deps for every place that drives.
  const deps = useMemo<RunnerDeps>(
    () =>
      createRunnerDeps({
        client,
        config,
        t: t,
        storage: window.sessionStorage,
      }).vm,
    [client, config, t],
  );
  const depsRef = useRef(deps);
  useEffect(() => {
    depsRef.current = deps;
  }, [deps]);

  useEffect(() => {
    const controller = new AbortController();
    resumeOperations(depsRef.current, controller.signal);
    const timer = window.setInterval(() => {
      resumeOperations(depsRef.current, controller.signal);
    }, LEASE_MS);
    return () => {
      window.clearInterval(timer);
      controller.abort();
    };
  }, []);

  const startVmAction = useCallback<VmOperationRunner['startVmAction']>(
    (action, vms, options = {}) => {
      const title = t(`vms.actionTitle.${action}`, { count: vms.length });
      const id = createVmOperation(depsRef.current, action, vms, { ...options, title });
      void driveOperation(depsRef.current, id);
      return id;
    },
    [t],
  );
  const cancel = useCallback((opId: string) => {
    cancelRest(operationsStore, opId);
  }, []);
  const retry = useCallback((opId: string) => {
    const n = retryFailed(operationsStore, opId);
    if (n > 0) void driveOperation(depsRef.current, opId);
    return n;
  }, []);
  const follow = useCallback((opId: string) => {
    void driveOperation(depsRef.current, opId);
  }, []);
  return { startVmAction, cancel, retry, follow };
}

/**
 * Refetches the VM and host queries of this page when an operation's item finishes or the
 * operation ends (see refetchOnOperationEnd.ts). PageRoot renders it once per page.
 */
export function RefetchOnOperationEnd(): null {
  const ops = useOperations();
  const queryClient = useQueryClient();
  const [follower] = useState(() => createOperationEndFollower(queryClient));
  useEffect(() => {
    follower.observe(ops);
  }, [follower, ops]);
  useEffect(
    () => () => {
      follower.dispose();
    },
    [follower],
  );
  return null;
}
