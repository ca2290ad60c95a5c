import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from './migrations';

/**
 * No TypeORM entities: the migrations are the schema and repositories speak SQL (ADR 0010).
 * An entity added here must match the migrated schema exactly, or
 * test/src/persistence/schema-drift.int-spec.ts fails.
 */
export const ENTITIES: NonNullable<DataSourceOptions['entities']> = [];

/** Checks a DATABASE_URL and says in one line what is wrong with it. */
export function parseDatabaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database)`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must start with postgres:// (got ${url.protocol}//); only PostgreSQL is supported`);
  }
  if (!url.hostname) throw new Error('DATABASE_URL has no host');
  if (url.pathname.length <= 1) throw new Error('DATABASE_URL names no database (add /database at the end)');
  return url;
}

export interface DataSourceConfig {
  url: string;
  /** Connection pool size per process. */
  poolSize?: number;
  /** Connect timeout for each pooled connection. */
  connectTimeoutMs?: number;
  applicationName?: string;
  /** Every transaction of the session read only (PostgreSQL refuses any write): the auditor's tools. */
  readOnly?: boolean;
}

/** The PostgreSQL data source of every process. Schema changes only through migrations. */
export function dataSourceOptions(config: DataSourceConfig): DataSourceOptions {
  parseDatabaseUrl(config.url);
  return {
    type: 'postgres',
    url: config.url,
    entities: ENTITIES,
    migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    poolSize: config.poolSize ?? 10,
    connectTimeoutMS: config.connectTimeoutMs ?? 5_000,
    applicationName: config.applicationName ?? 'tramites',
    extra: { query_timeout: 30_000, ...(config.readOnly ? { options: '-c default_transaction_read_only=on' } : {}) },
  };
}

export function createDataSource(config: DataSourceConfig): DataSource {
  return new DataSource(dataSourceOptions(config));
}

/** Applies pending migrations in one transaction each; returns the names applied. */
export async function runMigrations(config: DataSourceConfig): Promise<string[]> {
  const ds = createDataSource({ ...config, poolSize: 1 });
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
