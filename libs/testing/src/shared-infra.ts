import type { TestWorkflowEnvironment } from '@temporalio/testing';

/** Environment variables through which the global setup hands the shared servers to the suites. */
export const TEST_ENV = {
  temporalAddress: 'TRAMITES_TEST_TEMPORAL_ADDRESS',
  namespace: 'TRAMITES_TEST_TEMPORAL_NAMESPACE',
  /** A PostgreSQL URL whose user may CREATE DATABASE: each suite gets a database of its own. */
  databaseUrl: 'TRAMITES_TEST_DATABASE_URL',
  testServer: 'TRAMITES_TEST_SERVER_PATH',
} as const;

export interface SharedInfra {
  temporal: TestWorkflowEnvironment;
  postgres?: { stop(): Promise<void>; clusterDir: string };
}

export function requireTestEnv(name: keyof typeof TEST_ENV): string {
  const value = process.env[TEST_ENV[name]];
  if (!value) {
    throw new Error(`${TEST_ENV[name]} is not set: integration suites run under the jest "integration" project`);
  }
  return value;
}
