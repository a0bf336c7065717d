/**
 * Safe clone of one VM: validates the new name (pattern, then uniqueness on the engine), starts
 * the flow once, and follows its steps in the operations record.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useMessages } from '../../../../messages/catalogue';
import { usePage } from '../../../shared/pageContext';
import { vmQueries } from '../../../shared/entityQueries';
import { operationsStore } from '../../../../operations/operationsStore';
import type { OperationRecord } from '../../../../operations/operationsStore';
import { useOperations } from '../../../shared/operations/useOperations';
import {
  cloneNameProblem,
  createCloneOperation,
  isVmNameTaken,
  driveClone,
  resumeClones,
  suggestCloneName,
  type CloneDeps,
  type CloneNameProblem,
} from '../../../../operations/vmCloneRunner';
import { createRunnerDeps } from '../../../../operations/runners';
import { createVmOperation, driveOperation } from '../../../../operations/vmBulkRunner';
import type { Vm } from '../../../../rest/models';

export function useSafeClone(vmId: string): {
  data: {
    vm: Vm | undefined;
    loading: boolean;
    error: unknown;
    name: string;
    startClone: boolean;
    problem: CloneNameProblem | undefined;
    checking: boolean;
    operation: OperationRecord | undefined;
    /**
     * After a failed safe clone that shut the VM down: `offer` while the VM is down (read again
     * from the engine), `sent` once the admin asked to start it again.
     */
    restart: 'offer' | 'sent' | undefined;
  };
  actions: {
    setName: (name: string) => void;
    setStartClone: (on: boolean) => void;
    runClone: () => void;
    retryLoad: () => void;
    restartOriginal: () => void;
  };
} {
  const { client, config } = usePage();
  const { t } = useMessages();
  const vm = useQuery({ ...vmQueries.detail(client, vmId), enabled: vmId !== '' });
  const [typed, setTyped] = useState<string>();
  const [startClone, setStartClone] = useState(false);
  const [problem, setProblem] = useState<CloneNameProblem>();
  const [checking, setChecking] = useState(false);
  const [opId, setOpId] = useState<string>();
  const started = useRef(false);
  const restartSentRef = useRef(false);
  const [restartSent, setRestartSent] = useState(false);
  const ops = useOperations();
  const operation = ops.find((o) => o.id === opId);

  // Until the admin types, the name follows the VM's (a suggestion).
  const name = typed ?? (vm.data ? suggestCloneName(vm.data.name) : '');

  const deps = useCallback(
    (): CloneDeps =>
      createRunnerDeps({
        client,
        config,
        t,
        storage: window.sessionStorage,
        store: operationsStore,
      }).clone,
    [client, config, t],
  );

  // A safe clone left unfinished by a reloaded page continues here (as on any other page).
  useEffect(() => {
    resumeClones(deps());
  }, [deps]);

  const setName = useCallback((value: string) => {
    setTyped(value);
    setProblem(cloneNameProblem(value));
  }, []);

  const runClone = useCallback(() => {
    const current = vm.data;
    if (started.current || !current) return;
    const local = cloneNameProblem(name);
    if (local) {
      setProblem(local);
      return;
    }
    started.current = true;
    setChecking(true);
    isVmNameTaken(client, name)
      .then((taken) => {
        setChecking(false);
        if (taken) {
          started.current = false;
          setProblem('taken');
          return;
        }
        const id = createCloneOperation({ store: operationsStore, t }, current, name, startClone);
        setOpId(id);
        void driveClone(deps(), id);
      })
      .catch(() => {
        setChecking(false);
        started.current = false;
      });
  }, [client, deps, name, startClone, t, vm.data]);

  // A failed clone may leave the VM down: read its state again once the flow has stopped.
  const failed = operation?.state === 'failed';
  const { refetch } = vm;
  useEffect(() => {
    if (failed) void refetch();
  }, [failed, refetch]);

  const shutDownByUs = operation?.steps?.[0]?.state === 'done';
  const restart: 'offer' | 'sent' | undefined = restartSent
    ? 'sent'
    : failed && shutDownByUs && !vm.isFetching && vm.data?.status === 'down'
      ? 'offer'
      : undefined;

  const restartOriginal = useCallback(() => {
    const current = vm.data;
    if (restartSentRef.current || !current || current.status !== 'down') return;
    restartSentRef.current = true;
    setRestartSent(true);
    const vmDeps = createRunnerDeps({
      client,
      config,
      t,
      storage: window.sessionStorage,
      store: operationsStore,
    }).vm;
    const id = createVmOperation(
      vmDeps,
      'start',
      [{ id: current.id, name: current.name, status: current.status }],
      { title: t('vms.actionTitle.start', { count: 1 }) },
    );
    void driveOperation(vmDeps, id);
  }, [client, config, t, vm.data]);

  return {
    data: {
      vm: vm.data,
      loading: vm.isPending && vmId !== '',
      error: vm.error,
      name,
      startClone,
      problem,
      checking,
      operation,
      restart,
    },
    actions: {
      setName,
      setStartClone,
      runClone,
      retryLoad: () => void vm.refetch(),
      restartOriginal,
    },
  };
}
