import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { RunningTemporalCluster } from '@tramites/devenv';

/** Environment variables through which the global setup hands the shared servers to the suites. */
export const TEST_ENV = {
  temporalAddress: 'TRAMITES_TEST_TEMPORAL_ADDRESS',
  namespace: 'TRAMITES_TEST_TEMPORAL_NAMESPACE',
  /** A PostgreSQL URL whose user may CREATE DATABASE: each suite gets a database of its own. */
  databaseUrl: 'TRAMITES_TEST_DATABASE_URL',
  testServer: 'TRAMITES_TEST_SERVER_PATH',
  /** One id per test run: what is built once per run (dist/) is marked with it. */
  runId: 'TRAMITES_TEST_RUN_ID',
  /** The dev server's own Prometheus endpoint (its --metrics-port), for the operations suite's Prometheus (ADR 0032). */
  temporalMetricsPort: 'TRAMITES_TEST_TEMPORAL_METRICS_PORT',
} as const;

export interface SharedInfra {
  temporal: TestWorkflowEnvironment;
  postgres?: { stop(): Promise<void>; clusterDir: string };
  /** With TRAMITES_TEMPORAL=cluster: the run's Temporal cluster (temporal is a client of it). */
  cluster?: RunningTemporalCluster;
}

/** Which Temporal the run's suites share: the CLI's dev server (default) or a cluster (TRAMITES_TEMPORAL=cluster). */
export function testTemporalMode(): 'dev' | 'cluster' {
  const mode = process.env.TRAMITES_TEMPORAL || 'dev';
  if (mode !== 'dev' && mode !== 'cluster') throw new Error(`TRAMITES_TEMPORAL must be dev or cluster (got "${mode}")`);
  return mode;
}

export function requireTestEnv(name: keyof typeof TEST_ENV): string {
  const value = process.env[TEST_ENV[name]];
  if (!value) {
    throw new Error(`${TEST_ENV[name]} is not set: integration suites run under the jest "integration" project`);
  }
  return value;
}
