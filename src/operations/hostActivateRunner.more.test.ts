/**
 * What the Activate confirmation lists: only hosts in maintenance are sent `activate`; the others
 * are skipped with the reason in the admin's language, and the title counts what will be sent.
 */
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../messages/catalogue';
import { createOperationsStore } from './operationsStore';
import { activationSkip, createActivation } from './hostActivateRunner';

const t = createTranslator('en-US');
const mem = () => {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => {
      map.set(k, v);
    },
  };
};

describe('activation skips', () => {
  it('sends to a host in maintenance, skips an up host and a busy one with its status', () => {
    expect(activationSkip(t, { id: 'a', name: 'a', status: 'maintenance' })).toBeUndefined();
    expect(activationSkip(t, { id: 'a', name: 'a', status: 'up' })).toBe(
      t('hosts.activate.skipAlreadyUp'),
    );
    const busy = activationSkip(t, { id: 'a', name: 'a', status: 'non_responsive' });
    expect(busy).toBe(t('hosts.activate.skipBusy', { status: t('hosts.status.non_responsive') }));
    expect(busy).not.toBe(t('hosts.activate.skipAlreadyUp'));
  });

  it('the record: maintenance hosts pending toward up, the others skipped and finished', () => {
    const store = createOperationsStore(mem());
    const id = createActivation(
      { store, t },
      [
        { id: 'h1', name: 'one', status: 'maintenance' },
        { id: 'h2', name: 'two', status: 'up' },
        { id: 'h3', name: 'three', status: 'maintenance' },
      ],
      5000,
    );
    const op = store.get(id);
    expect(op?.kind).toBe('host-activate');
    expect(op?.title).toBe(t('hosts.activate.opTitle', { count: 2 }));
    expect(op?.state).toBe('running');
    expect(op?.items.map((i) => [i.id, i.state, i.target, i.detail, i.finishedAt])).toEqual([
      ['h1', 'pending', t('hosts.status.up'), undefined, undefined],
      ['h2', 'skipped', t('hosts.status.up'), t('hosts.activate.skipAlreadyUp'), 5000],
      ['h3', 'pending', t('hosts.status.up'), undefined, undefined],
    ]);
  });
});
