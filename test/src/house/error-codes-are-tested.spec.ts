import fs from 'node:fs';
import path from 'node:path';
import { ERROR_CODES } from '@tramites/contracts';

/**
 * docs/architecture.md, rule 7: every code of the vocabulary (libs/contracts/src/error-codes.ts)
 * is raised by at least one test, which asserts on the code by its string literal. A code that
 * nothing can raise any more leaves the vocabulary instead of waiting here untested.
 */
const ROOT = path.resolve(__dirname, '../../..');
const FOLDERS = ['apps', 'libs', 'workflows', 'activities', 'test'];
const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.ts$/;
const SKIP = new Set(['node_modules', 'dist', '.data', 'histories', 'results']);
/** The vocabulary's own spec names every code: it proves their shape, not that any is raised. */
const NOT_A_RAISER = new Set([path.join(ROOT, 'test/src/contracts/error-vocabulary.spec.ts'), __filename]);
/**
 * Codes that the code base raises but no suite provokes yet, each with where it is raised. The
 * list only shrinks: a code listed here that a test raises fails this spec until it is removed.
 */
const AWAITING_A_TEST: Record<string, string> = {};

function* testFiles(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* testFiles(full);
    else if (TEST_FILE.test(entry.name) && !NOT_A_RAISER.has(full)) yield full;
  }
}

describe('the vocabulary of error codes is raised by the tests', () => {
  it('finds, for every code, a test file that asserts on it by its literal', () => {
    const texts: string[] = [];
    for (const folder of FOLDERS) {
      const dir = path.join(ROOT, folder);
      if (fs.existsSync(dir)) for (const file of testFiles(dir)) texts.push(fs.readFileSync(file, 'utf8'));
    }
    expect(texts.length).toBeGreaterThan(50);
    const literals = (code: string) => [`'${code}'`, `"${code}"`, `\`${code}\``];
    const untested = Object.keys(ERROR_CODES).filter((code) => !texts.some((text) => literals(code).some((l) => text.includes(l))));
    expect(untested.filter((code) => !(code in AWAITING_A_TEST))).toEqual([]);
    expect(Object.keys(AWAITING_A_TEST).filter((code) => !untested.includes(code))).toEqual([]);
  });
});
