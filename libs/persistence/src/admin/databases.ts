import { Client } from 'pg';

/**
 * The cluster-level statements of the processes that manage PostgreSQL itself (the embedded
 * development server, start-up checks, test databases). They run on a connection of their
 * own, outside any pool, because CREATE and DROP DATABASE cannot run inside a transaction.
 */
async function onConnection<T>(url: string, work: (client: Client) => Promise<T>, connectTimeoutMs?: number): Promise<T> {
  const client = new Client({ connectionString: url, ...(connectTimeoutMs !== undefined ? { connectionTimeoutMillis: connectTimeoutMs } : {}) });
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const quoted = (name: string): string => `"${name.replace(/"/g, '')}"`;

/** Creates the database `name` on the cluster of `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  await onConnection(adminUrl, async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${quoted(name)}`);
  });
}

/** Creates the database `name` (an error when it exists). */
export async function createDatabase(adminUrl: string, name: string): Promise<void> {
  await onConnection(adminUrl, (client) => client.query(`CREATE DATABASE ${quoted(name)}`));
}

/** Drops the database `name`, closing its connections. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await onConnection(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoted(name)} WITH (FORCE)`));
}

/** Connects to `url` and runs a trivial query; rejects with the driver's error when PostgreSQL does not answer. */
export async function pingDatabase(url: string, connectTimeoutMs?: number): Promise<void> {
  await onConnection(url, (client) => client.query('SELECT 1'), connectTimeoutMs);
}
