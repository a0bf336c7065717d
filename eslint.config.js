import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'coverage/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'bench/results.json',
      '*.tgz',
      'dev/webadmin/public/',
      'reports/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'dev/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // The REST client is framework-free: PRODUCT.md's first arrow.
    files: ['src/rest/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'react',
            'react-dom',
            '@patternfly/*',
            '**/tabs/**',
            '**/host-page/**',
            '**/dev/**',
          ],
        },
      ],
    },
  },
  {
    // The operations layer is framework-free too: records, leases, runners and planner import
    // `src/rest`, never React, PatternFly or pages. The message catalogue's key types are the
    // one exception (plain data, no React).
    files: ['src/operations/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', '@patternfly/*', '**/host-page/**', '**/dev/**'] },
            {
              regex: '/tabs/(?!shared/messages/)',
              message: 'src/operations imports no page code.',
            },
          ],
        },
      ],
    },
  },
  {
    // Production code never reaches the stand-ins.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/rest/**', 'src/operations/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/dev/**'] }] },
  },
  {
    // Engine text is never HTML (PRODUCT.md): no way into the DOM as markup from src/.
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'No dangerouslySetInnerHTML: render text as React children.',
        },
        {
          selector: "Property[key.name='dangerouslySetInnerHTML']",
          message: 'No dangerouslySetInnerHTML: render text as React children.',
        },
        {
          selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML)$/]',
          message: 'No innerHTML/outerHTML: set textContent or build elements.',
        },
        {
          selector: 'MemberExpression[property.value=/^(innerHTML|outerHTML)$/]',
          message: 'No innerHTML/outerHTML: set textContent or build elements.',
        },
        {
          selector:
            'CallExpression[callee.property.name=/^(insertAdjacentHTML|createContextualFragment|parseFromString)$/]',
          message: 'No HTML string parsing into the document.',
        },
        {
          selector:
            "CallExpression[callee.object.name='document'][callee.property.name=/^(write|writeln)$/]",
          message: 'No document.write.',
        },
      ],
    },
  },
  {
    // The simulated engine answers from its own model, never from the client's definitions.
    files: ['dev/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/src/**', 'react', 'react-dom', '@patternfly/*'] },
      ],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
