/**
 * The host lifecycle shapes the restart and drift views decide on: a hook without an id is
 * refused (drift compares hooks by name and md5 across hosts), and a `status` fence answers
 * only the engine's three power states, anything else reads as unknown (undefined), never "on".
 */
import { describe, expect, it } from 'vitest';
import { ParseError } from './errors';
import { toHostHook, toPowerStatus } from './hostLifecycle';

describe('VDSM hooks', () => {
  it('reads the hook point, the script and its md5', () => {
    expect(
      toHostHook({
        id: 'k1',
        event_name: 'before_vm_start',
        name: '50_vhostmd',
        md5: 'e1b4ad5e8b4d0ec5a3f4a9a6b1c2d3e4',
      }),
    ).toEqual({
      id: 'k1',
      eventName: 'before_vm_start',
      name: '50_vhostmd',
      md5: 'e1b4ad5e8b4d0ec5a3f4a9a6b1c2d3e4',
    });
  });

  it('fields the engine leaves out (or sends as non-strings) read as empty', () => {
    expect(toHostHook({ id: 'k2' })).toEqual({
      id: 'k2',
      eventName: '',
      name: '',
      md5: '',
    });
    const odd = {
      id: 'k3',
      event_name: 1,
      name: null,
      md5: 5,
    } as unknown as Parameters<typeof toHostHook>[0];
    expect(toHostHook(odd)).toEqual({
      id: 'k3',
      eventName: '',
      name: '',
      md5: '',
    });
  });

  it('refuses a hook without an id', () => {
    expect(() => toHostHook({ name: '50_vhostmd' })).toThrow(ParseError);
    expect(() => toHostHook({ id: '' })).toThrow('A hook without an id');
    expect(() => toHostHook({ id: 7 } as unknown as { id: string })).toThrow(ParseError);
    expect(() => toHostHook('k1' as unknown as { id: string })).toThrow(ParseError);
    // A null in a hook list is a malformed answer, not a crash.
    expect(() => toHostHook(null as unknown as { id: string })).toThrow(ParseError);
  });
});

describe('power status of a status fence', () => {
  it('answers on, off or unknown as the engine says', () => {
    for (const s of ['on', 'off', 'unknown'] as const)
      expect(toPowerStatus({ power_management: { status: s } })).toBe(s);
  });

  it('anything else is no answer', () => {
    expect(toPowerStatus({ power_management: { status: 'ON' } })).toBeUndefined();
    expect(toPowerStatus({ power_management: { status: true } })).toBeUndefined();
    expect(toPowerStatus({ power_management: {} })).toBeUndefined();
    expect(toPowerStatus({ status: 'on' })).toBeUndefined();
    expect(toPowerStatus(null)).toBeUndefined();
    expect(toPowerStatus('on')).toBeUndefined();
    expect(toPowerStatus(undefined)).toBeUndefined();
  });
});
