// One Jest run, two projects:
// - unit: pure code (domain rules, mappers); needs no infrastructure.
// - integration: workflows, activities, API and end-to-end suites; its global
//   setup starts ONE Temporal dev server and ONE PostgreSQL for the whole run.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const roots = ['<rootDir>/apps', '<rootDir>/workflows', '<rootDir>/activities', '<rootDir>/libs', '<rootDir>/test'];
const common = {
  rootDir: __dirname,
  roots,
  transform: { '^.+\\.ts$': swc },
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/'],
};
module.exports = {
  reporters: ['default', '<rootDir>/libs/testing/src/jest/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['**/*.int-spec.ts', '**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest/integration-setup.ts'],
      slowTestThreshold: 30,
    },
  ],
};
