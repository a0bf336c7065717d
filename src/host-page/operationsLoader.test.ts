// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { createOperationsStore } from '../operations/operationsStore';
import { watchOperations } from './operationsLoader';

const frames = (): HTMLIFrameElement[] => [...document.querySelectorAll('iframe')];

function record(state: 'running' | 'done') {
  return {
    id: 'op',
    kind: 'vm-start' as const,
    title: 'Start 1 VM',
    correlationId: 'oc1',
    startedAt: 1,
    state,
    items: [],
  };
}

let stop: () => void = () => undefined;
afterEach(() => {
  stop();
  sessionStorage.clear();
  document.body.replaceChildren();
});

describe('operations loader of the host page', () => {
  it('loads nothing when no operation is unfinished', () => {
    createOperationsStore(sessionStorage).create(record('done'));
    stop = watchOperations(window);
    expect(frames()).toEqual([]);
  });

  it('loads the operations runner once when an unfinished operation exists', () => {
    createOperationsStore(sessionStorage).create(record('running'));
    stop = watchOperations(window);
    expect(frames().map((f) => f.getAttribute('src'))).toEqual(['operations-runner.html']);
    expect(frames()[0]?.hidden).toBe(true);
    window.dispatchEvent(new StorageEvent('storage', { key: 'ops-center:operations' }));
    expect(frames()).toHaveLength(1);
  });

  it('loads it when another frame records an unfinished operation later', () => {
    stop = watchOperations(window);
    expect(frames()).toEqual([]);
    createOperationsStore(sessionStorage).create(record('running'));
    window.dispatchEvent(new StorageEvent('storage', { key: 'ops-center:operations' }));
    expect(frames()).toHaveLength(1);
  });
});
