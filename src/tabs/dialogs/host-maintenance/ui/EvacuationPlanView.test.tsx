// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  assignmentOf,
  planEvacuation,
  targetChoices,
  validatePlan,
  type EvacuationInput,
} from '../../../../operations/evacuationPlanner';
import { EvacuationPlanView, PlanWarnings } from './EvacuationPlanView';

const GiB = 1024 ** 3;

const input: EvacuationInput = {
  evacuate: ['src'],
  hosts: [
    { id: 'src', name: 'host-src', clusterId: 'c', status: 'up', memory: 64 * GiB, freeMemory: 0 },
    {
      id: 'a',
      name: 'host-a',
      clusterId: 'c',
      status: 'up',
      memory: 64 * GiB,
      freeMemory: 8 * GiB,
    },
    {
      id: 'b',
      name: 'host-b',
      clusterId: 'c',
      status: 'up',
      memory: 64 * GiB,
      freeMemory: 8 * GiB,
    },
  ],
  vms: [
    { id: 'v1', name: 'web-1', hostId: 'src', status: 'up', memory: 6 * GiB },
    { id: 'v2', name: 'db-1', hostId: 'src', status: 'up', memory: 6 * GiB },
    {
      id: 'v3',
      name: 'pinned-1',
      hostId: 'src',
      status: 'up',
      memory: GiB,
      migrationMode: 'pinned',
    },
  ],
};
const names = new Map(input.hosts.map((h) => [h.id, h.name]));

/** The dialog's editing loop in miniature: the admin's assignment re-validated on every change. */
function Harness(): ReactNode {
  const planned = planEvacuation(input);
  const [assignment, setAssignment] = useState(assignmentOf(planned));
  const plan = validatePlan(input, assignment, assignmentOf(planned));
  return (
    <>
      <PlanWarnings plan={plan} hostNames={names} />
      <EvacuationPlanView
        plan={plan}
        hostNames={names}
        choicesFor={(id) => targetChoices(input, id)}
        onTarget={(vmId, hostId) => {
          setAssignment({ ...assignment, [vmId]: hostId });
        }}
      />
    </>
  );
}

afterEach(cleanup);

describe('EvacuationPlanView', () => {
  it('shows moves, blockers with their reason, and memory before/after per host', () => {
    render(<Harness />);
    expect(screen.getByText('Migrations (2)')).toBeTruthy();
    const blockers = document.getElementById('oc-evac-blockers-table');
    expect(
      within(blockers as HTMLElement).getByText('migration is not allowed for this VM'),
    ).toBeTruthy();
    const memory = document.getElementById('oc-evac-memory-table') as HTMLElement;
    const rowA = within(memory).getByText('host-a').closest('tr') as HTMLElement;
    expect(within(rowA).getByText('8 GiB')).toBeTruthy();
    expect(within(rowA).getByText('2 GiB')).toBeTruthy();
    expect(
      screen.getByText(/Hosts with VMs that cannot be moved stay active: host-src/),
    ).toBeTruthy();
  });

  it('re-validates an override: a target without room is flagged and the plan is invalid', () => {
    render(<Harness />);
    const selects = screen.getAllByRole('combobox');
    const first = selects[0] as HTMLSelectElement;
    const other = first.value === 'a' ? 'b' : 'a';
    const second = selects.find(
      (s) => (s as HTMLSelectElement).value === other,
    ) as HTMLSelectElement;
    // Both 6 GiB VMs on one 8 GiB host.
    fireEvent.change(first, { target: { value: other } });
    expect(screen.getAllByText('changed')).toHaveLength(1);
    expect(screen.getAllByText('not enough free memory on this host').length).toBeGreaterThan(0);
    expect(screen.getByText('Fix the highlighted targets before running the plan.')).toBeTruthy();
    // Moving the other one away fixes it.
    fireEvent.change(second, { target: { value: first.value === 'a' ? 'b' : 'a' } });
    expect(screen.queryByText('not enough free memory on this host')).toBeNull();
  });
});
