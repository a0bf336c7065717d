/**
 * The parts of the VM view that show time and so follow each live poll (issue 14, memory): they
 * subscribe to the view's LiveClock, so a poll re-renders them and nothing else of the view.
 */
import { useMemo } from 'react';
import type { ComponentProps, ReactNode } from 'react';
import type { Vm } from '../../../rest/models';
import { LiveStatus } from '../../shared/ui/LiveStatus';
import { useLiveClock } from '../domain/liveClock';
import type { LiveClock } from '../domain/liveClock';
import { toVmRow } from '../domain/vmRow';
import { VmTable } from './VmTable';

type Names = Parameters<typeof toVmRow>[1];

/** The VM table with its durations as of the last poll (`rows` and `now` until the first). */
export function LiveVmTable({
  clock,
  vms,
  names,
  rows,
  now,
  ...table
}: ComponentProps<typeof VmTable> & {
  clock: LiveClock;
  vms: readonly Vm[] | undefined;
  names: Names;
}): ReactNode {
  const polled = useLiveClock(clock);
  const liveRows = useMemo(
    () => (polled === undefined || !vms ? rows : vms.map((vm) => toVmRow(vm, names, polled))),
    [polled, vms, names, rows],
  );
  return <VmTable {...table} rows={liveRows} now={polled ?? now} />;
}

/** "Live · last updated …": the last poll's time, or the last read's until the first poll. */
export function LiveVmStatus({
  clock,
  lastRead,
  ...status
}: Omit<ComponentProps<typeof LiveStatus>, 'lastUpdated'> & {
  clock: LiveClock;
  lastRead: number | undefined;
}): ReactNode {
  const polled = useLiveClock(clock);
  return <LiveStatus {...status} lastUpdated={polled ?? lastRead} />;
}
