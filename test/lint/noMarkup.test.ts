/**
 * The ESLint rule that keeps engine text out of the DOM as markup (README "Security"): every way
 * src/ could hand a string to the HTML parser is an error. Run through ESLint's Linter with the
 * rule exactly as eslint.config.js configures it for src/.
 */
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

type Block = { files?: string[]; rules?: Record<string, unknown> };

// eslint.config.js is plain JS without types; read it as data.
const configPath: string = '../../eslint.config.js';
const config = ((await import(configPath)) as { default: Block[] }).default;
const blocks = config.filter(
  (b) => b.files?.includes('src/**/*.{ts,tsx}') && b.rules?.['no-restricted-syntax'] !== undefined,
);

function problems(code: string): string[] {
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    {
      files: ['**/*.tsx'],
      languageOptions: {
        parser: tseslint.parser,
        parserOptions: { ecmaFeatures: { jsx: true } },
      },
      rules: {
        'no-restricted-syntax': blocks[0]?.rules?.['no-restricted-syntax'] as Linter.RuleEntry,
      },
    },
    'src/x.tsx',
  );
  return messages.map((m) => m.ruleId ?? m.message);
}

describe('no markup from src/ (eslint.config.js)', () => {
  it('is configured once, for src/', () => {
    expect(blocks).toHaveLength(1);
  });

  it.each([
    ['JSX dangerouslySetInnerHTML', 'const a = <div dangerouslySetInnerHTML={{ __html: t }} />;'],
    ['createElement props', "createElement('div', { dangerouslySetInnerHTML: { __html: t } });"],
    ['innerHTML assignment', 'el.innerHTML = t;'],
    ['innerHTML +=', 'el.innerHTML += t;'],
    ['outerHTML', 'el.outerHTML = t;'],
    ['computed innerHTML', "el['innerHTML'] = t;"],
    ['insertAdjacentHTML', "el.insertAdjacentHTML('beforeend', t);"],
    ['createContextualFragment', 'range.createContextualFragment(t);'],
    ['DOMParser', "new DOMParser().parseFromString(t, 'text/html');"],
    ['document.write', 'document.write(t);'],
  ])('flags %s', (_name, code) => {
    expect(problems(code)).toEqual(['no-restricted-syntax']);
  });

  it.each([
    ['text children', 'const a = <div>{t}</div>;'],
    ['textContent', 'el.textContent = t;'],
    ['a stream write', 'stream.write(t);'],
  ])('allows %s', (_name, code) => {
    expect(problems(code)).toEqual([]);
  });
});
