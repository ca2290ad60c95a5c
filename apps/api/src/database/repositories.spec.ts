import fs from 'node:fs';
import path from 'node:path';
import { API_REPOSITORIES } from './database.module';

const src = path.join(__dirname, '..');

function sources(dir = src): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}

// One way for the API to get a repository (ADR 0025): a Nest provider of DatabaseModule, named in a constructor.
describe("the API's repositories", () => {
  const files = sources().map((file) => ({ file: path.relative(src, file), text: fs.readFileSync(file, 'utf8') }));

  it('are never built with `new` in a service or controller', () => {
    const built = files.flatMap(({ file, text }) => [...text.matchAll(/new (\w+Repository)\(/g)].map((m) => `${file}: ${m[1]}`));
    expect(built).toEqual([]);
  });

  it('are each provided by DatabaseModule when a file of the API names one', () => {
    const provided = new Set(API_REPOSITORIES.map((repository) => repository.name));
    const named = new Set(
      files.flatMap(({ text }) =>
        [...text.matchAll(/import \{([^}]*)\} from '@tramites\/persistence'/g)].flatMap((m) =>
          m[1]!
            .split(',')
            .map((name) => name.trim())
            .filter((name) => /^\w+Repository$/.test(name)),
        ),
      ),
    );
    expect([...named].filter((name) => !provided.has(name))).toEqual([]);
    expect(named.size).toBeGreaterThan(15);
  });

  it('reach the pool only through DatabaseModule (and the health check)', () => {
    const pool = files.filter(
      ({ file, text }) => /\bDataSource\b/.test(text) && !['database/database.module.ts', 'health/health.controller.ts'].includes(file),
    );
    expect(pool.map(({ file }) => file)).toEqual([]);
  });
});
