import { describe, expect, it } from 'vitest';
import { InvalidIdError, assertEngineIds, invalidEngineIds, isEngineId } from './ids';

const ID = '6f1c0b7e-2d7a-4c1e-9a57-0d7f3b8e1a22';

describe('engine ids', () => {
  it('accepts the UUID shape, in either case, and nothing else', () => {
    expect(isEngineId(ID)).toBe(true);
    expect(isEngineId(ID.toUpperCase())).toBe(true);
    for (const bad of ['*', '', 'a', `${ID} `, `${ID},${ID}`, `${ID}x`, 'x or name=*', 42, null]) {
      expect(isEngineId(bad)).toBe(false);
    }
  });

  it('refuses a list with any bad id, naming it', () => {
    expect(() => {
      assertEngineIds([ID]);
    }).not.toThrow();
    expect(invalidEngineIds([ID, '*', 'web-01'])).toEqual(['*', 'web-01']);
    expect(() => {
      assertEngineIds([ID, '*']);
    }).toThrow(InvalidIdError);
    expect(() => {
      assertEngineIds(['*']);
    }).toThrow('Not an engine id: "*"');
  });
});
