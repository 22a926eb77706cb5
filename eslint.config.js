// Lint rules, including the layering rules that keep each folder to the runtime it may touch.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = {
  group: ['node:*'],
  message: 'src-shared and app/ run anywhere: no Node built-ins.',
};
const electronOnly = {
  name: 'electron',
  message: 'electron is imported only in electron/main and electron/preload.',
};
const ipcOnly = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Raw IPC belongs to electron/main/ipc.ts and electron/preload/ only.',
};
const testOnly = [
  { name: 'vitest', message: 'Test code lives in *.test.ts or src-shared/testKit/.' },
  { name: 'fast-check', message: 'Test code lives in *.test.ts or src-shared/testKit/.' },
];
const sharedOnly = {
  group: ['**/electron/**', '**/app/**'],
  message: 'src-shared imports only src-shared and pure libraries.',
};
const reactOnly = [
  { name: 'react', message: 'React belongs to app/.' },
  { name: 'react-dom', message: 'React belongs to app/.' },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'e2e-output/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  {
    // Tool configuration files must default-export their config.
    files: ['*.config.ts', '*.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['src-shared/**/*.ts'],
    ignores: ['src-shared/**/*.test.ts', 'src-shared/testKit/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronOnly, ...reactOnly, ...testOnly], patterns: [nodeBuiltins, sharedOnly] },
      ],
    },
  },
  {
    // Test kits shared by tests of every runtime: vitest allowed, still no Node, DOM or Electron.
    files: ['src-shared/testKit/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronOnly, ...reactOnly], patterns: [nodeBuiltins, sharedOnly] },
      ],
    },
  },
  {
    files: ['electron/services/**/*.ts', 'electron/server/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly, ...reactOnly],
          patterns: [
            {
              group: ['**/app/**', '**/electron/main/**', '**/electron/preload/**'],
              message: 'Services are plain Node.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...reactOnly, ipcOnly],
          patterns: [{ group: ['**/app/**'], message: 'The main process never imports the page.' }],
        },
      ],
    },
  },
  {
    // The IPC module and the preload are the two places raw ipcMain/ipcRenderer may appear.
    files: ['electron/main/ipc.ts', 'electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: reactOnly,
          patterns: [{ group: ['**/app/**'], message: 'The main process never imports the page.' }],
        },
      ],
    },
  },
  {
    // Test kits, hardening suites, benchmarks and scripts run in Node: never the page or React.
    files: [
      'electron/hardening/**/*.ts',
      'electron/testKit/**/*.ts',
      'bench/**/*.ts',
      'scripts/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...reactOnly, ipcOnly],
          patterns: [{ group: ['**/app/**'], message: 'Node-side code never imports the page.' }],
        },
      ],
    },
  },
  {
    // React's rules of hooks and the compiler-backed checks (refs in render, effects that set state).
    files: ['app/**/*.ts', 'app/**/*.tsx'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
  {
    files: ['app/**/*.ts', 'app/**/*.tsx'],
    // Test kits run only in Node under vitest and start real servers; the page never imports them.
    ignores: ['app/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electronOnly,
            { name: 'ajv', message: 'The page never compiles schemas (CSP forbids eval).' },
            { name: 'ajv-formats', message: 'The page never compiles schemas.' },
            {
              name: 'better-sqlite3',
              message: 'The page reaches data only through app/api/client.ts.',
            },
            {
              name: 'handlebars',
              message: 'The page never compiles templates: use src-shared/template (parser only).',
            },
          ],
          patterns: [
            nodeBuiltins,
            {
              group: ['**/electron/**'],
              message: 'The page reaches services only through app/api/client.ts.',
            },
            {
              // These modules compile code at run time (Handlebars, ajv), which the page's CSP forbids.
              group: [
                '**/src-shared/template/nodeRender',
                '**/src-shared/template/engine',
                '**/src-shared/render/*',
                // …except the page's renderer: the interpreter, which generates no code.
                '!**/src-shared/render/pagePrompt',
                '!**/src-shared/render/promptSchemas',
                '**/src-shared/export/*',
                // …except the targets' names, plain data keyed by provider.
                '!**/src-shared/export/targets',
                '**/src-shared/schema',
                '**/src-shared/schema/index',
                '**/src-shared/schema/jsonSchema',
                '**/src-shared/schema/schemaSet',
                '**/src-shared/model/validatePrompt',
                '**/src-shared/model/validateSchemaFile',
              ],
              message: 'This module compiles code at run time; the page goes through the API.',
            },
            {
              // The folder itself (its index), apart: a group naming it would hide ./targets too.
              regex: 'src-shared/export/?$',
              message: 'This module compiles code at run time; the page goes through the API.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', 'bin/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
