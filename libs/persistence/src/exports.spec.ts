import * as persistence from './index';
import * as testing from './testing';

// Production's entry point exports no rows for tests or benches (ADR 0025): those are behind @tramites/persistence/testing.
describe("@tramites/persistence's entry points", () => {
  it('the main index exports nothing for tests or benches', () => {
    expect(Object.keys(persistence).filter((name) => /test|bench|explain|^old[A-Z]/i.test(name))).toEqual([]);
    for (const name of Object.keys(testing)) expect(persistence).not.toHaveProperty(name);
  });

  it('the testing entry point holds the test and bench rows', () => {
    expect(Object.keys(testing).sort()).toEqual(['BackOfficeTestRows', 'BenchRows', 'Explaining', 'TestRows', 'oldCaseListPage', 'oldOverdueQueuePage']);
  });

  it('package.json maps @tramites/persistence/testing to it, and the main entry to the index', () => {
    const manifest = require('../package.json') as { exports: Record<string, string> };
    expect(manifest.exports).toEqual({ '.': './src/index.ts', './testing': './src/testing.ts' });
  });
});
