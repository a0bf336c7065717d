import { describe, expect, it } from 'vitest';
import { csvDocument, csvField, csvRow } from './csv';

describe('csv', () => {
  it('quotes fields with commas, quotes and line breaks', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('writes empty cells for missing values and numbers as-is', () => {
    expect(csvRow(['a', undefined, null, 12.5])).toBe('a,,,12.5');
  });

  it('neutralises spreadsheet formulas in engine text', () => {
    expect(csvField('=cmd()')).toBe("'=cmd()");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(-1)).toBe('-1');
  });

  it('builds a document with a header and CRLF line ends', () => {
    expect(csvDocument(['name', 'status'], [['web-1', 'up']])).toBe('name,status\r\nweb-1,up\r\n');
  });
});
