import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDatabase, createDataSource, dropDatabase, runMigrations } from '@tramites/persistence';
import { requireTestEnv } from './shared-infra';

export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/** A fresh database on the run's shared PostgreSQL, migrated with the real migrations. */
export async function createTestDatabase(label = 'suite'): Promise<TestDatabase> {
  const admin = new URL(requireTestEnv('databaseUrl'));
  const name = `t_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await createDatabase(admin.toString(), name);
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  await runMigrations({ url: url.toString() });
  const dataSource = createDataSource({ url: url.toString(), poolSize: 5, applicationName: `test-${label}` });
  await dataSource.initialize();
  return {
    url: url.toString(),
    dataSource,
    drop: async () => {
      await dataSource.destroy();
      await dropDatabase(admin.toString(), name);
    },
  };
}
