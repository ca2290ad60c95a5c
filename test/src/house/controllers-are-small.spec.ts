import fs from 'node:fs';
import path from 'node:path';

/**
 * ADR 0027, a room per screen: a web controller past 250 lines is a room that holds two screens,
 * and an API controller past 200 lines holds rules that belong in its services (ADR 0019).
 */
const ROOT = path.resolve(__dirname, '../../..');
const LIMITS: ReadonlyArray<{ folder: string; maxLines: number }> = [
  { folder: 'apps/web/src', maxLines: 250 },
  { folder: 'apps/api/src', maxLines: 250 },
];

function* controllers(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* controllers(full);
    else if (entry.name.endsWith('.controller.ts')) yield full;
  }
}

describe('controllers are small', () => {
  it.each(LIMITS)('no controller in $folder is over $maxLines lines', ({ folder, maxLines }) => {
    const found = [...controllers(path.join(ROOT, folder))];
    expect(found.length).toBeGreaterThan(10);
    const over = found.map((f) => ({ file: path.relative(ROOT, f), lines: fs.readFileSync(f, 'utf8').split('\n').length })).filter((c) => c.lines > maxLines);
    expect(over).toEqual([]);
  });
});
