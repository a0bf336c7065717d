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
    // Production code never reaches the stand-ins.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/rest/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/dev/**'] }] },
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
