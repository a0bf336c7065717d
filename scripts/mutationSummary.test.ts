import { describe, expect, it } from 'vitest';
import { merge, score, summary, tallyOf } from './mutation-summary';

const m = (...statuses: string[]) => statuses.map((status) => ({ status }));

describe('mutation summary', () => {
  it('scores killed and timed-out mutants against all that tests could have caught', () => {
    const t = tallyOf(m('Killed', 'Timeout', 'Survived', 'NoCoverage', 'CompileError', 'Ignored'));
    expect(t).toEqual({ killed: 2, survived: 1, noCoverage: 1 });
    expect(score(t)).toBe(50);
    expect(score(tallyOf([]))).toBeUndefined();
  });

  it('prints a score per directory and per file', () => {
    const text = summary({
      files: {
        'src/rest/a.ts': { mutants: m('Killed', 'Survived') },
        'src/rest/b.ts': { mutants: m('Killed', 'Killed') },
        'src/operations/c.ts': { mutants: m('Survived') },
        'src/rest/types.ts': { mutants: [] },
      },
    });
    expect(text).toMatch(/ 75\.0 % {2}src\/rest +killed +3 +survived +1/);
    expect(text).toMatch(/ {2}0\.0 % {2}src\/operations /);
    expect(text).toMatch(/ 60\.0 % {2}all /);
    expect(text).toMatch(/ 50\.0 % {4}src\/rest\/a\.ts/);
    expect(text).not.toContain('types.ts');
  });

  it('takes each file from the newest report', () => {
    const old = { files: { 'a.ts': { mutants: m('Survived') }, 'b.ts': { mutants: m('Killed') } } };
    const fresh = { files: { 'a.ts': { mutants: m('Killed') } } };
    const merged = merge([
      { report: fresh, time: 2 },
      { report: old, time: 1 },
    ]);
    expect(merged.files['a.ts']?.mutants).toEqual(m('Killed'));
    expect(merged.files['b.ts']?.mutants).toEqual(m('Killed'));
  });

  it('adds up a file measured in line ranges, and a whole-file run replaces the ranges', () => {
    const at = (line: number, status: string) => ({ status, location: { start: { line } } });
    const first = { files: { 'a.ts': { mutants: [at(10, 'Killed'), at(90, 'Survived')] } } };
    const second = { files: { 'a.ts': { mutants: [at(120, 'Killed'), at(200, 'NoCoverage')] } } };
    const ranges = merge([
      { report: second, time: 2 },
      { report: first, time: 1 },
    ]);
    expect(ranges.files['a.ts']?.mutants.map((x) => x.status)).toEqual([
      'Killed',
      'Survived',
      'Killed',
      'NoCoverage',
    ]);
    // A newer run of lines 50-150 replaces what the older ones found there.
    const middle = { files: { 'a.ts': { mutants: [at(50, 'Killed'), at(150, 'Killed')] } } };
    const again = merge([
      { report: first, time: 1 },
      { report: second, time: 2 },
      { report: middle, time: 3 },
    ]);
    expect(again.files['a.ts']?.mutants).toEqual([
      at(10, 'Killed'),
      at(200, 'NoCoverage'),
      at(50, 'Killed'),
      at(150, 'Killed'),
    ]);
    const whole = { files: { 'a.ts': { mutants: [at(1, 'Killed'), at(300, 'Killed')] } } };
    expect(
      merge([
        { report: first, time: 1 },
        { report: second, time: 2 },
        { report: whole, time: 3 },
      ]).files['a.ts']?.mutants,
    ).toEqual([at(1, 'Killed'), at(300, 'Killed')]);
  });
});
