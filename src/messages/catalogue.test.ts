import { describe, expect, it } from 'vitest';
import { createTranslator, format, messagesFor } from './catalogue';

describe('message catalogue', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{count} selected', { count: 3 })).toBe('3 selected');
    expect(format('{a} and {b}', { a: 'x' })).toBe('x and {b}');
  });

  it('translates with English as the fallback for any locale', () => {
    const t = createTranslator('ja-JP');
    expect(t('common.entity.selected', { count: 2 })).toBe('2 selected');
    expect(messagesFor('fr-FR')['common.loading']).toBe('Loading…');
  });

  it('has no empty texts', () => {
    const empty = Object.entries(messagesFor('en-US')).filter(([, v]) => v.trim() === '');
    expect(empty).toEqual([]);
  });
});
