import fs from 'node:fs';
import path from 'node:path';
import { SqlRepository } from './sql/sql-repository';

/** Every *.repository.ts under libs/persistence/src. */
function repositoryFiles(dir = __dirname): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : repositoryFiles(full);
    return entry.name.endsWith('.repository.ts') ? [full] : [];
  });
}

// One repository shape (ADR 0025): each repository extends SqlRepository, built on a Queryable (the pool or a transaction).
describe('the repositories of libs/persistence', () => {
  const repositories = repositoryFiles().flatMap((file) =>
    Object.entries(require(file) as Record<string, unknown>)
      .filter(([name, value]) => name.endsWith('Repository') && typeof value === 'function')
      .map(([name, value]) => ({ name, file: path.relative(__dirname, file), repository: value as new (...args: never[]) => unknown })),
  );

  it('are found', () => {
    expect(repositories.length).toBeGreaterThanOrEqual(27);
  });

  it('each extends SqlRepository', () => {
    const other = repositories.filter(({ repository }) => !(repository.prototype instanceof SqlRepository));
    expect(other.map(({ name, file }) => `${name} (${file})`)).toEqual([]);
  });

  it('each runs inside a transaction it is given: the copy is bound to that executor', () => {
    const tx = { query: jest.fn(async () => [{ ok: 1 }]) };
    const pool = { query: jest.fn(async () => []) };
    for (const { repository } of repositories) {
      const onPool = new (repository as unknown as new (db: unknown) => SqlRepository)(pool);
      const alongside = onPool.alongside(repository as unknown as new (db: unknown) => SqlRepository);
      expect(alongside).toBeInstanceOf(repository);
      expect((alongside as unknown as { db: unknown }).db).toBe(pool);
      expect((new (repository as unknown as new (db: unknown) => SqlRepository)(tx) as unknown as { db: unknown }).db).toBe(tx);
    }
  });
});
