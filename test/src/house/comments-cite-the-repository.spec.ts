import fs from 'node:fs';
import path from 'node:path';

/**
 * docs/architecture.md, rule 9: a comment cites only what a reader of the repository can open
 * (an ADR, a sheet, a file), never an issue number, a finding of one, a design file kept
 * outside the repository, or a path of one machine.
 */
const ROOT = path.resolve(__dirname, '../../..');
const FOLDERS = ['apps', 'workflows', 'activities', 'libs', 'test', 'scripts', 'bench', 'docker', '.ci'];
const SOURCE = /\.(ts|mjs|cjs|js|sh|ya?ml|njk)$/;
const SKIP = new Set(['node_modules', 'dist', '.data', 'histories', 'results']);
const OUTSIDE_CITATION = /\b[Ii]ssues? \d+|\([Ff]indings? \d+|\bDESIGN\.md\b|\.\.\/shared\/(?:seeds|DOMAIN|DESIGN)|\/work\/(?:shared|main)\b/;

function* sources(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (SOURCE.test(entry.name) && full !== __filename) yield full;
  }
}

describe('comments cite the repository', () => {
  it('no source file cites an issue, a finding or a file outside the repository', () => {
    const found: string[] = [];
    for (const folder of FOLDERS) {
      const dir = path.join(ROOT, folder);
      if (!fs.existsSync(dir)) continue;
      for (const file of sources(dir)) {
        fs.readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (OUTSIDE_CITATION.test(line)) found.push(`${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
          });
      }
    }
    expect(found).toEqual([]);
  });
});
