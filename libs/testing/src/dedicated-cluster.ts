import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@tramites/infra';
import { provisionTemporalCluster, startEmbeddedPostgres, type RunningPostgres, type RunningTemporalCluster } from '@tramites/devenv';
import { requireTestEnv } from './shared-infra';

/** A Temporal cluster of one suite's own, on a PostgreSQL of its own, both of which the suite may kill. */
export interface DedicatedCluster {
  cluster: RunningTemporalCluster;
  /** The cluster's own PostgreSQL (Temporal's databases only; the apps' stay on the run's server). */
  postgres: RunningPostgres;
  /** Everything the nodes printed at error level, for the failure message of a test. */
  errors(): string[];
  stop(): Promise<void>;
}

/**
 * Starts an embedded PostgreSQL in a temporary folder and a Temporal cluster on it (two history
 * nodes, two matching nodes, frontend, internal worker), with the run's namespace and our search
 * attributes. For the cluster fault tests: every other suite shares the run's server.
 */
export async function startDedicatedCluster(): Promise<DedicatedCluster> {
  const errors: string[] = [];
  const log = (line: string): void => {
    errors.push(line);
  };
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-fault-cluster-'));
  fs.chmodSync(parent, 0o755); // the server runs as the unprivileged postgres user when we are root
  const postgres = await startEmbeddedPostgres({ clusterDir: path.join(parent, 'pg'), port: await freePort(), database: 'postgres', log });
  let cluster: RunningTemporalCluster;
  try {
    cluster = await provisionTemporalCluster({
      postgresUrl: postgres.url,
      configDir: path.join(parent, 'config'),
      ip: '127.0.0.1',
      frontendPort: 0,
      namespace: requireTestEnv('namespace'),
      historyNodes: 2,
      matchingNodes: 2,
      historyShards: 8,
      log,
    });
  } catch (err) {
    await postgres.stop();
    throw new Error(`${(err as Error).message}\n${errors.join('\n')}`);
  }
  return {
    cluster,
    postgres,
    errors: () => errors,
    stop: async () => {
      await cluster.stop();
      await postgres.stop();
      fs.rmSync(parent, { recursive: true, force: true });
    },
  };
}
