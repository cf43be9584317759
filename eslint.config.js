// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['fs', 'path', 'crypto', 'http', 'https', 'child_process', 'os', 'net', 'url', 'util'];

/** A folder's import rule: the patterns it must not import (and, where given, bare Node built-ins). */
const layer = (files, patterns, builtins = []) => ({
  files: [files].flat(),
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns, paths: builtins.map((name) => ({ name, message: 'No Node built-ins here.' })) },
    ],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', '.cache/', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  // Which way imports point (ARCHITECTURE.md): each folder lists what it must not import.
  layer(
    'domain/**/*.ts',
    [
      { group: ['../*', '../**'], message: 'domain/ is pure rules: it imports no other project folder.' },
      {
        group: ['node:*'],
        message: 'domain/ is pure: no Node modules (randomness and time come in as parameters).',
      },
      {
        group: ['@mikro-orm/*', 'pg', 'pino', '@temporalio/*', 'hono', 'hono/*', '@hono/*'],
        message: 'domain/ is pure: no database, logs, processes or HTTP.',
      },
    ],
    NODE_BUILTINS,
  ),
  layer(
    'workflows/**/*.ts',
    [
      { group: ['node:*'], message: 'Workflows are deterministic: no Node built-ins.' },
      {
        group: [
          '@mikro-orm/*',
          'pg',
          'pino',
          '**/db/**',
          '**/config/**',
          '**/integrations/**',
          '**/templates/**',
        ],
        message: 'Workflows never touch the database, logs or outside systems; call an activity.',
      },
      {
        group: ['**/api/**', '**/processes/**', '**/worker/**'],
        message: 'Workflows import only domain/ and types.',
      },
      { group: ['**/activities/**'], message: 'Import activities as types only.', allowTypeImports: true },
    ],
    NODE_BUILTINS,
  ),
  layer('activities/**/*.ts', [
    {
      group: ['**/api/**', '**/worker/**'],
      message:
        'activities/ never import api/ or worker/: shared code lives in processes/, integrations/ or db/.',
    },
    {
      group: ['**/workflows/**'],
      message: 'activities/ take workflow types only; start processes through processes/.',
      allowTypeImports: true,
    },
  ]),
  layer('api/**/*.ts', [
    {
      group: ['**/activities/**', '**/worker/**'],
      message: 'api/ never imports activities/ or worker/: shared code lives in processes/ or integrations/.',
    },
  ]),
  layer('processes/**/*.ts', [
    {
      group: ['**/api/**', '**/activities/**', '**/worker/**'],
      message: 'processes/ is shared by the API and activities: it imports neither.',
    },
  ]),
  layer(
    ['db/**/*.ts', 'templates/**/*.ts', 'config/**/*.ts'],
    [
      {
        group: ['**/api/**', '**/activities/**', '**/worker/**', '**/processes/**', '**/workflows/**'],
        message: 'db/, templates/ and config/ sit below everything that uses them.',
      },
    ],
  ),
  layer('integrations/**/*.ts', [
    {
      group: [
        '**/api/**',
        '**/activities/**',
        '**/worker/**',
        '**/processes/**',
        '**/workflows/**',
        '**/db/**',
      ],
      message: 'integrations/ are clients of outside systems: they know nothing of the rest.',
    },
  ]),
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // node:test's describe/it return promises the runner awaits itself.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
    },
  },
);
