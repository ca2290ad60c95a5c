import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@tramites/infra';
import { findOrInstallTemporalCli, startTemporalDevServer, type RunningDevServer } from '@tramites/devenv';
import { requireTestEnv } from './shared-infra';

/** A Temporal dev server of one suite's own, on a persistence file, that the suite may kill. */
export interface DedicatedTemporal {
  address: string;
  namespace: string;
  /** SIGKILL: the server keeps only what its SQLite file already holds. */
  crash(): Promise<void>;
  /** Starts the server again on the same file and port. */
  restart(): Promise<void>;
  /** Stops the server and deletes its file. */
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` (the CLI the global setup found) on a SQLite file in a
 * temporary folder, with our namespace and search attributes. For fault tests only: every
 * other suite shares the run's server.
 */
export async function startDedicatedTemporal(): Promise<DedicatedTemporal> {
  const lines: string[] = [];
  const log = (line: string): void => {
    lines.push(line);
  };
  const cli = await findOrInstallTemporalCli(log);
  if (!cli) throw new Error('a dedicated Temporal server needs the Temporal CLI (TEMPORAL_CLI, PATH or Go to build it)');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-temporal-'));
  const options = {
    cliPath: cli.path,
    dataDir,
    ip: '127.0.0.1',
    port: await freePort(),
    uiPort: await freePort(),
    namespace: requireTestEnv('namespace'),
    log,
  };
  const start = (): Promise<RunningDevServer> =>
    startTemporalDevServer(options).catch((err: unknown) => {
      throw new Error(`${(err as Error).message}\n${lines.join('\n')}`);
    });
  let server: RunningDevServer | undefined = await start();
  return {
    address: server.address,
    namespace: options.namespace,
    crash: async () => {
      const child = server?.process;
      server = undefined;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    restart: async () => {
      server = await start();
    },
    stop: async () => {
      await server?.stop();
      server = undefined;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
