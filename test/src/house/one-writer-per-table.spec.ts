import fs from 'node:fs';
import path from 'node:path';

/**
 * ADR 0025, one writer per table: the read model's search terms (case_search_terms) are written by
 * the worker only, when it records a case's first event (EventLogRepository.append copies the terms
 * the API put on the case's start request). No production file but their repository writes the
 * table (the migrations' trigger and the test and bench rows aside), and the API names neither the
 * repository nor the table.
 */
const ROOT = path.resolve(__dirname, '../../..');
const FOLDERS = ['apps', 'workflows', 'activities', 'libs'];
const SKIP = new Set(['node_modules', 'dist', '.data', 'migrations']);
/** Test and bench rows write the table directly, to build synthetic cases (docs/architecture.md, Testing). */
const TEST_HELPERS = 'libs/testing/';
const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.ts$/;
const WRITES = /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+case_search_terms\b/;
/** The one writer. */
const WRITERS = ['libs/persistence/src/read-model/case-search-terms.repository.ts'];

function* sources(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (entry.name.endsWith('.ts') && !TEST_FILE.test(entry.name)) yield full;
  }
}

const files = FOLDERS.flatMap((folder) => [...sources(path.join(ROOT, folder))])
  .map((f) => ({ file: path.relative(ROOT, f), text: fs.readFileSync(f, 'utf8') }))
  .filter((f) => !f.file.startsWith(TEST_HELPERS));

describe('one writer per table', () => {
  it('case_search_terms is written by its repository only', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => WRITES.test(f.text)).map((f) => f.file)).toEqual(WRITERS);
  });

  it('the API names neither case_search_terms nor its repository (the worker copies the terms from the start request)', () => {
    const api = files.filter((f) => f.file.startsWith('apps/api/'));
    expect(api.length).toBeGreaterThan(20);
    expect(api.filter((f) => /case_search_terms|CaseSearchTermsRepository/.test(f.text)).map((f) => f.file)).toEqual([]);
  });

  it('the repository is used by the worker’s append of a case’s events only', () => {
    const users = files.filter((f) => /\bnew CaseSearchTermsRepository\(/.test(f.text)).map((f) => f.file);
    expect(users).toEqual(['libs/persistence/src/event-log/event-log.repository.ts']);
  });
});
