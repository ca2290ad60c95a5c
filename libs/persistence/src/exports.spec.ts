import fs from 'node:fs';
import path from 'node:path';
import * as persistence from './index';

// Production's library exports nothing for tests or benches (ADR 0025): their rows live in libs/testing (@tramites/testing/rows).
describe("@tramites/persistence's entry point", () => {
  it('the index exports nothing for tests or benches', () => {
    expect(Object.keys(persistence).filter((name) => /test|bench|explain|^old[A-Z]/i.test(name))).toEqual([]);
  });

  it('package.json has one entry point, the index', () => {
    const manifest = require('../package.json') as { exports: Record<string, string> };
    expect(manifest.exports).toEqual({ '.': './src/index.ts' });
  });

  it('no folder or file of the library is for tests or benches', () => {
    const names = fs.readdirSync(__dirname, { recursive: true, encoding: 'utf8' }).map((f) => path.basename(f));
    expect(names.filter((n) => /test-support|^bench$|bench-rows|test-rows|^testing\.ts$/.test(n))).toEqual([]);
  });
});
