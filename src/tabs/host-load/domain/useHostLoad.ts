/**
 * The Host "Load & VMs" tab: the host selected in WebAdmin (`#id=`, followed on hash change
 * without a reload), its statistics polled while visible with a short history kept in the query
 * cache (the engine keeps no history for hosts), its NICs, the VMs running on it
 * (`host=<name>` search) and migrate-away for the selected ones through the shared VM runner.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient, UseQueryResult } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { EngineClient } from '../../../rest/client';
import type { Host, HostNic, Vm } from '../../../rest/models';
import { searchQuery } from '../../../rest/search';
import { hostLoad, type HostLoad } from '../../hosts/domain/hostLoad';
import { useConfig, useEngineClient } from '../../shared/pageContext';
import { hostKeys } from '../../shared/queryKeys';
import { useDetailEntity } from '../../shared/useDetailEntity';
import { useVmOperationRunner } from '../../shared/operations/useOperations';
import { useHostOperationRunner } from '../../hosts/domain/useHostOperationRunner';
import { hostLoadReads } from './hostLoadReads';

/** Samples kept per host: 60 polls, e.g. five minutes at the default 5 s interval. */
export const HISTORY_LENGTH = 60;

export interface LoadSample {
  time: number;
  cpu?: number;
  memory?: number;
  loadAvg5m?: number;
}

export interface HostLoadData {
  current: HostLoad;
  history: LoadSample[];
}

/** Appends one sample, keeping the last `HISTORY_LENGTH`. */
export function appendSample(history: readonly LoadSample[], sample: LoadSample): LoadSample[] {
  const next = [...history, sample];
  return next.length > HISTORY_LENGTH ? next.slice(next.length - HISTORY_LENGTH) : next;
}

async function fetchLoad(
  client: EngineClient,
  queryClient: QueryClient,
  host: Host,
  signal: AbortSignal,
): Promise<HostLoadData> {
  const stats = await client.hostStatistics(host.id, { signal });
  const current = hostLoad(host, stats);
  const previous = queryClient.getQueryData<HostLoadData>(hostKeys.statistics(host.id));
  const sample: LoadSample = { time: Date.now() };
  if (current.cpu !== undefined) sample.cpu = current.cpu;
  if (current.memory !== undefined) sample.memory = current.memory;
  if (current.loadAvg5m !== undefined) sample.loadAvg5m = current.loadAvg5m;
  return { current, history: appendSample(previous?.history ?? [], sample) };
}

export function useHostLoad(): {
  data: {
    hostId: string | undefined;
    host: UseQueryResult<Host>;
    load: UseQueryResult<HostLoadData>;
    nics: UseQueryResult<HostNic[]>;
    /** Network names by id: NICs carry only `{href, id}` of their network. */
    networkNames: ReadonlyMap<string, string>;
    vms: UseQueryResult<Vm[]>;
    selectedVmIds: ReadonlySet<string>;
    migrateSent: number | undefined;
  };
  actions: {
    toggleVm: (id: string, on: boolean) => void;
    toggleAllVms: (on: boolean) => void;
    migrateSelected: () => void;
  };
} {
  const { id } = useDetailEntity('host');
  const hostId = id || undefined;
  const client = useEngineClient();
  const config = useConfig();
  const queryClient = useQueryClient();
  const runner = useVmOperationRunner();
  // An evacuation whose dialog was closed or reloaded resumes from any page that shows hosts.
  useHostOperationRunner();
  const poll = config.pollIntervalMs;

  // The same reads as the page's boot script starts before this code loads (boot.ts).
  const reads = hostLoadReads(client, hostId ?? '');
  const host = useQuery({
    ...reads.host,
    enabled: hostId !== undefined,
    refetchInterval: poll,
  });
  const loadedHost = host.data?.id === hostId ? host.data : undefined;
  const load = useQuery({
    queryKey: hostKeys.statistics(hostId ?? ''),
    queryFn: ({ signal }) => {
      if (!loadedHost) throw new Error('host not loaded');
      return fetchLoad(client, queryClient, loadedHost, signal);
    },
    enabled: loadedHost !== undefined,
    refetchInterval: poll,
    // Each fetch appends a sample; a cached answer must not be re-used as a new one.
    staleTime: 0,
  });
  const nics = useQuery({
    ...reads.nics,
    enabled: hostId !== undefined,
    refetchInterval: poll * 6,
  });
  // One read of the networks names every NIC's network (they change rarely: read once a minute).
  const networks = useQuery({
    ...reads.networks,
    enabled: hostId !== undefined,
    staleTime: 60_000,
  });
  const networkNames = useMemo(
    () => new Map((networks.data ?? []).map((n) => [n.id, n.name])),
    [networks.data],
  );
  const hostName = loadedHost?.name;
  const vms = useQuery({
    queryKey: hostKeys.vms(hostId ?? ''),
    queryFn: ({ signal }) =>
      client.vmList({
        search: searchQuery()
          .where('host', hostName ?? '')
          .sortBy('name'),
        follow: ['statistics'],
        signal,
      }),
    enabled: hostName !== undefined,
    refetchInterval: poll,
  });

  // Selection is per host: switching hosts starts empty.
  const [selection, setSelection] = useState<{ hostId?: string; ids: ReadonlySet<string> }>({
    ids: new Set(),
  });
  const selectedVmIds = useMemo(
    () => (selection.hostId === hostId ? selection.ids : new Set<string>()),
    [selection, hostId],
  );
  const [migrateSent, setMigrateSent] = useState<{ hostId?: string; count: number }>();

  const toggleVm = useCallback(
    (vmId: string, on: boolean) => {
      const next = new Set(selectedVmIds);
      if (on) next.add(vmId);
      else next.delete(vmId);
      setSelection({ ...(hostId !== undefined ? { hostId } : {}), ids: next });
    },
    [selectedVmIds, hostId],
  );
  const toggleAllVms = useCallback(
    (on: boolean) => {
      const ids = on ? new Set((vms.data ?? []).map((v) => v.id)) : new Set<string>();
      setSelection({ ...(hostId !== undefined ? { hostId } : {}), ids });
    },
    [vms.data, hostId],
  );
  const migrateSelected = useCallback(() => {
    const chosen = (vms.data ?? []).filter((v) => selectedVmIds.has(v.id));
    if (chosen.length === 0) return;
    runner.startVmAction(
      'migrate',
      chosen.map((v) => ({
        id: v.id,
        name: v.name,
        status: v.status,
        ...(v.host ? { hostId: v.host.id } : {}),
      })),
    );
    setMigrateSent({ ...(hostId !== undefined ? { hostId } : {}), count: chosen.length });
    setSelection({ ids: new Set() });
  }, [vms.data, selectedVmIds, runner, hostId]);

  return {
    data: {
      hostId,
      host,
      load,
      nics,
      networkNames,
      vms,
      selectedVmIds,
      migrateSent: migrateSent && migrateSent.hostId === hostId ? migrateSent.count : undefined,
    },
    actions: { toggleVm, toggleAllVms, migrateSelected },
  };
}
