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

  it('names at most three refused values, each cut at 40 characters, and counts the rest', () => {
    const long = 'x'.repeat(41);
    const error = new InvalidIdError(['a', long, 'c', 'd', 'e']);
    expect(error.name).toBe('InvalidIdError');
    expect(error.ids).toEqual(['a', long, 'c', 'd', 'e']);
    expect(error.message).toBe(`Not an engine id: "a", "${'x'.repeat(40)}…", "c" and 2 more`);
    expect(new InvalidIdError(['a', 'b', 'c']).message).toBe('Not an engine id: "a", "b", "c"');
    expect(new InvalidIdError(['y'.repeat(40)]).message).toBe(
      `Not an engine id: "${'y'.repeat(40)}"`,
    );
    expect(new InvalidIdError(['a', 'b', 'c', 'd']).message).toBe(
      'Not an engine id: "a", "b", "c" and 1 more',
    );
  });

  it('refuses a non-string that would print as an id', () => {
    const stringy = { toString: () => ID };
    expect(isEngineId(stringy)).toBe(false);
    expect(invalidEngineIds([stringy])).toEqual([ID]);
  });
});
