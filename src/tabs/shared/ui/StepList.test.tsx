// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { StepList } from './StepList';
import { OperationSteps } from '../operations/ui/OperationItems';

afterEach(cleanup);

describe('StepList', () => {
  it('one step: a single line, no numbered list', () => {
    const { container } = render(
      <StepList
        steps={[{ name: 'Rebalance of cluster prod', state: 'running' }]}
        className="oc-evac-steps"
        detailClassName="d"
        id="steps"
      />,
    );
    expect(container.querySelector('ol')).toBeNull();
    expect(container.querySelector('li')).toBeNull();
    const line = container.querySelector('#steps');
    expect(line?.tagName).toBe('P');
    expect(line?.getAttribute('data-state')).toBe('running');
    expect(line?.textContent).toBe('Running Rebalance of cluster prod');
  });

  it('two or more steps: a numbered list, one item per step, with its state and detail', () => {
    const { container } = render(
      <StepList
        steps={[
          { name: 'Migrate the VMs of host-1', state: 'done' },
          { name: 'host-1: maintenance', state: 'failed', detail: 'Host is locked' },
        ]}
        className="oc-evac-steps"
        detailClassName="d"
        label="Steps"
      />,
    );
    const list = container.querySelector('ol');
    expect(list?.className).toBe('oc-evac-steps');
    expect(list?.getAttribute('aria-label')).toBe('Steps');
    const items = [...container.querySelectorAll('li')];
    expect(items.map((li) => li.getAttribute('data-state'))).toEqual(['done', 'failed']);
    expect(items[1]?.textContent).toBe('Failed host-1: maintenance — Host is locked');
  });

  it('no steps: nothing', () => {
    const { container } = render(<StepList steps={[]} className="x" detailClassName="d" />);
    expect(container.childNodes).toHaveLength(0);
  });

  it("the drawer's operation steps follow the same rule", () => {
    const one = render(<OperationSteps steps={[{ name: 'Rebalance', state: 'done' }]} />);
    expect(one.container.querySelector('ol')).toBeNull();
    one.unmount();
    const two = render(
      <OperationSteps
        steps={[
          { name: 'a', state: 'done' },
          { name: 'b', state: 'pending' },
        ]}
      />,
    );
    expect(two.container.querySelectorAll('ol.oc-op-steps > li')).toHaveLength(2);
  });
});
