/**
 * React side of the host operations (evacuation, activation): builds the runners' dependencies
 * from the page, starts operations, and resumes on mount and every lease period any unfinished
 * host operation whose page went away (reload, closed dialog). Every page that shows host
 * operations mounts it, so an evacuation keeps running when its dialog is closed.
 *
 * @example
 *   const { startEvacuation, cancelEvacuation } = useHostOperationRunner();
 *   const opId = startEvacuation(plan, sources, hostNames);
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useMessages } from '../../../messages/catalogue';
import { usePage } from '../../shared/pageContext';
import { LEASE_MS } from '../../../operations/lease';
import { operationsStore } from '../../../operations/operationsStore';
import { createRunnerDeps } from '../../../operations/runners';
import type { EvacuationPlan } from '../../../operations/evacuationPlanner';
import {
  cancelEvacuation as cancelEvacuationRecord,
  driveEvacuation,
  resumeEvacuations,
  type EvacuationHostRef,
} from '../../../operations/evacuationRunner';
import { createEvacuation } from '../../../operations/evacuationRecord';
import {
  cancelActivation as cancelActivationRecord,
  createActivation,
  driveActivation,
  resumeActivations,
} from '../../../operations/hostActivateRunner';
import {
  cancelRestart as cancelRestartRecord,
  createRestart,
  driveRestart,
  resumeRestarts,
  type RestartHost,
} from '../../../operations/hostRestartRunner';
import { formatBytes } from './hostLoad';
import type { HostState } from '../../../operations/hostOpsPort';

/** A host's maintenance (SPM handover, storage disconnect) can take minutes on a real engine. */
export interface HostOperationRunner {
  startEvacuation: (
    plan: EvacuationPlan,
    sources: readonly EvacuationHostRef[],
    hostNames: ReadonlyMap<string, string>,
    reason?: string,
    title?: string,
  ) => string;
  cancelEvacuation: (opId: string) => void;
  startActivation: (hosts: readonly HostState[]) => string;
  cancelActivation: (opId: string) => void;
  startRestart: (hosts: readonly RestartHost[]) => string;
  cancelRestart: (opId: string) => void;
}

export function useHostOperationRunner(): HostOperationRunner {
  const { client, config, locale } = usePage();
  const { t } = useMessages();
  // The same builder as the operations runner page: one set of deps for every place that drives.
  const deps = useMemo(() => {
    const all = createRunnerDeps({ client, config, t, storage: window.sessionStorage });
    return { evacuation: all.evacuation, activation: all.activation };
  }, [client, config, t]);
  const depsRef = useRef(deps);
  useEffect(() => {
    depsRef.current = deps;
  }, [deps]);

  useEffect(() => {
    const controller = new AbortController();
    const resume = (): void => {
      resumeEvacuations(depsRef.current.evacuation, controller.signal);
      resumeActivations(depsRef.current.activation, controller.signal);
      resumeRestarts(depsRef.current.activation, controller.signal);
    };
    resume();
    const timer = window.setInterval(resume, LEASE_MS);
    return () => {
      window.clearInterval(timer);
      controller.abort();
    };
  }, []);

  const startEvacuation = useCallback<HostOperationRunner['startEvacuation']>(
    (plan, sources, hostNames, reason, title) => {
      const id = createEvacuation(depsRef.current.evacuation, plan, sources, hostNames, {
        memoryText: (b) => formatBytes(b, locale),
        ...(reason ? { reason } : {}),
        ...(title ? { title } : {}),
      });
      void driveEvacuation(depsRef.current.evacuation, id);
      return id;
    },
    [locale],
  );
  const cancelEvacuation = useCallback((opId: string) => {
    cancelEvacuationRecord(operationsStore, depsRef.current.evacuation.t, opId);
  }, []);
  const startActivation = useCallback((hosts: readonly HostState[]) => {
    const id = createActivation(depsRef.current.activation, hosts);
    void driveActivation(depsRef.current.activation, id);
    return id;
  }, []);
  const cancelActivation = useCallback((opId: string) => {
    cancelActivationRecord(operationsStore, opId);
  }, []);
  const startRestart = useCallback((hosts: readonly RestartHost[]) => {
    const id = createRestart(depsRef.current.activation, hosts);
    void driveRestart(depsRef.current.activation, id);
    return id;
  }, []);
  const cancelRestart = useCallback((opId: string) => {
    cancelRestartRecord(operationsStore, opId);
  }, []);
  return {
    startEvacuation,
    cancelEvacuation,
    startActivation,
    cancelActivation,
    startRestart,
    cancelRestart,
  };
}
