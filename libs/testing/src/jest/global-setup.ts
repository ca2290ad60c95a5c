import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DEFAULT_NAMESPACE, searchAttributeKeys } from '@tramites/contracts';
import { freePort } from '@tramites/infra';
import {
  findOrInstallTemporalCli,
  findOrInstallTestServer,
  findOrInstallTool,
  provisionTemporalCluster,
  startEmbeddedPostgres,
  type RunningTemporalCluster,
} from '@tramites/devenv';
import { TEST_ENV, testTemporalMode, type SharedInfra } from '../shared-infra';

const log = (line: string): void => {
  process.stderr.write(`[test-infra] ${line}\n`);
};

/**
 * Once per `npm test` run: ONE Temporal server and ONE PostgreSQL, shared by every
 * integration suite (each suite takes its own database and task queue). The server is the
 * CLI's dev server, or with TRAMITES_TEMPORAL=cluster a Temporal cluster on that PostgreSQL
 * (separate frontend, history, matching and worker processes: ADR 0013).
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const mode = testTemporalMode();
  const cli = await findOrInstallTemporalCli(log);
  if (!cli) log('no Temporal CLI and no Go: falling back to the SDK download (needs the internet)');
  const namespace = DEFAULT_NAMESPACE;
  // Prometheus, promtool and Jaeger for the operations suites (ADR 0032): built once into the per-user cache,
  // in the background of the rest of the set-up; the suites find them through the variables set below.
  const tools = (async () => {
    for (const tool of ['promtool', 'prometheus', 'jaeger'] as const) {
      const bin = await findOrInstallTool(tool, log);
      if (bin) process.env[{ promtool: 'PROMTOOL_BIN', prometheus: 'PROMETHEUS_BIN', jaeger: 'JAEGER_BIN' }[tool]] = bin;
    }
  })();
  tools.catch(() => undefined); // awaited (and thrown) at the end of the set-up

  // The time-skipping server is started per suite (its clock is global to the server);
  // here we only make sure it is installed, so suites do not race to install it.
  const testServer = await findOrInstallTestServer(log);

  let postgres: SharedInfra['postgres'];
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-test-pg-'));
    fs.chmodSync(parent, 0o755); // the server runs as the unprivileged postgres user when we are root
    const clusterDir = path.join(parent, 'cluster');
    const pg = await startEmbeddedPostgres({ clusterDir, port: await freePort(), database: 'tramites_test', log });
    adminUrl = pg.url;
    postgres = { stop: pg.stop, clusterDir };
  }

  let temporal: TestWorkflowEnvironment;
  let cluster: RunningTemporalCluster | undefined;
  let temporalMetricsPort: number | undefined;
  if (mode === 'cluster') {
    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-test-cluster-'));
    cluster = await provisionTemporalCluster({ postgresUrl: adminUrl, configDir, ip: '127.0.0.1', frontendPort: 0, namespace, log }).catch(
      async (err: unknown) => {
        await postgres?.stop(); // no server is left behind by a failed setup
        throw err;
      },
    );
    temporal = await TestWorkflowEnvironment.createFromExistingServer({ address: cluster.address, namespace });
  } else {
    temporalMetricsPort = await freePort();
    temporal = await TestWorkflowEnvironment.createLocal({
      server: {
        ...(cli ? { executable: { type: 'existing-path', path: cli.path } } : {}),
        namespace,
        ip: '127.0.0.1',
        ui: false,
        searchAttributes: Object.values(searchAttributeKeys),
        log: { format: 'pretty', level: 'error' },
        extraArgs: ['--metrics-port', String(temporalMetricsPort)],
      },
    });
  }

  const shared: SharedInfra = { temporal, postgres, cluster };
  (globalThis as { __TRAMITES_INFRA__?: SharedInfra }).__TRAMITES_INFRA__ = shared;
  // Jest's test workers inherit this process's environment.
  process.env[TEST_ENV.temporalAddress] = temporal.address;
  process.env[TEST_ENV.namespace] = namespace;
  process.env[TEST_ENV.databaseUrl] = adminUrl;
  if (testServer) process.env[TEST_ENV.testServer] = testServer;
  process.env[TEST_ENV.runId] = `${process.pid}-${started}`;
  if (temporalMetricsPort) process.env[TEST_ENV.temporalMetricsPort] = String(temporalMetricsPort);
  await tools;
  const what = cluster ? `Temporal cluster (${cluster.nodes().join(', ')})` : 'Temporal dev server';
  log(`${what} ${temporal.address} and PostgreSQL ready in ${Date.now() - started} ms`);
}
