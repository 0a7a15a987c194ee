import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/*
 * What src/core may not use. The core must run in browsers, workers and Node alike, so it has no
 * DOM, no Node APIs, no React, and it never reaches into the app (ui, worker), the Node adapters
 * (node, cli) or the self-check page. The folder patterns are gitignore globs matched against the
 * import string, so '../ui/x', '../../ui/x', '../../../ui/x' and 'src/ui/x' are all caught, from
 * any file at any depth of src/core. src/lintGuard.test.ts proves it.
 */
const NODE_BUILTINS = builtinModules.filter((m) => !m.startsWith('_'));
const LAYERS = ['ui', 'worker', 'node', 'cli', 'selfcheck'];
const UI_PACKAGES = ['react', 'react-dom', 'recharts', 'zustand'];
const CORE_IMPORT_RULE = {
  // Exact names, so that a core file called e.g. './path' is not mistaken for Node's 'path'.
  paths: NODE_BUILTINS.map((name) => ({ name, message: 'src/core runs in browsers and workers too: no Node built-ins.' })),
  patterns: [
    { group: ['node:*'], message: 'src/core runs in browsers and workers too: no Node built-ins.' },
    { group: ['sharp', 'sharp/**'], message: 'src/core runs in browsers and workers too: image files are read in src/node.' },
    { group: UI_PACKAGES.flatMap((p) => [p, `${p}/**`]), message: 'src/core has no UI: React and its state and chart libraries belong in src/ui.' },
    {
      group: LAYERS.flatMap((l) => [`**/${l}`, `**/${l}/**`]),
      message: 'src/core must not depend on the app, the worker, the Node adapters, the CLI or the self-check page.',
    },
  ],
};
// The same for import('...'), which no-restricted-imports does not look at. `\u002F` is '/', which
// an esquery regex cannot contain.
const bare = [...NODE_BUILTINS.filter((m) => !m.includes('/')), 'sharp', ...UI_PACKAGES].join('|');
const DYNAMIC_IMPORT_SELECTOR =
  `ImportExpression[source.value=/^node:|^(${bare})(\\u002F|$)|(^|\\u002F)(${LAYERS.join('|')})(\\u002F|$)/]`;

export default tseslint.config(
  { ignores: ['dist', 'dist-*', 'test-results-*', 'node_modules', 'bench/results', 'test-results', 'playwright-report', 'scratch'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The core must run in browsers, workers and Node alike: no DOM, no Node APIs, no React.
    // Its tests run in Node (Vitest) and may use Node and the Node adapters.
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', CORE_IMPORT_RULE],
      'no-restricted-syntax': [
        'error',
        { selector: DYNAMIC_IMPORT_SELECTOR, message: 'src/core must not import Node, React, the app, the worker, the Node adapters or the CLI.' },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'localStorage', 'sessionStorage'].map((name) => ({
          name,
          message: 'src/core runs in workers and Node too: no DOM globals (pass what it needs in).',
        })),
        ...['process', 'Buffer', 'global', '__dirname', '__filename', 'require'].map((name) => ({
          name,
          message: 'src/core runs in browsers too: no Node globals.',
        })),
      ],
    },
  },
  {
    // Node scripts: the CLI launcher and the fixture generators.
    files: ['bin/**/*.mjs', 'tools/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
  },
);
