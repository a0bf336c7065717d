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
  };
  actions: {
    setName: (name: string) => void;
    setStartClone: (on: boolean) => void;
    runClone: () => void;
    retryLoad: () => void;
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
  const ops = useOperations();

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

  return {
    data: {
      vm: vm.data,
      loading: vm.isPending && vmId !== '',
      error: vm.error,
      name,
      startClone,
      problem,
      checking,
      operation: ops.find((o) => o.id === opId),
    },
    actions: { setName, setStartClone, runClone, retryLoad: () => void vm.refetch() },
  };
}
