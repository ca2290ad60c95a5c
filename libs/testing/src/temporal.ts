import { randomBytes } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { searchAttributeKeys } from '@tramites/contracts';
import { bundleWorkflows } from '@tramites/histories';
import { DEVELOPMENT_PAYLOAD_KEYS, actorAssertionInterceptor, actorAssertionKeyFromEnv, dataConverterFromEnv } from '@tramites/infra';
import { requireTestEnv } from './shared-infra';

/**
 * The data converter of the tests' workers, clients and replays: the production codec under
 * TEMPORAL_PAYLOAD_KEYS, or the development key when that is unset (as for every process of a
 * test run, so payloads written by one are read by the others). The development key can always
 * decode: the recorded encrypted histories (test/histories/encrypted-*) were written under it.
 */
export const TEST_PAYLOAD_KEYS = [process.env['TEMPORAL_PAYLOAD_KEYS'], DEVELOPMENT_PAYLOAD_KEYS].filter(Boolean).join(',');
export const testDataConverter = dataConverterFromEnv({
  NODE_ENV: 'test',
  TEMPORAL_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
  ...(process.env['TEMPORAL_PAYLOAD_KEY_ID'] ? { TEMPORAL_PAYLOAD_KEY_ID: process.env['TEMPORAL_PAYLOAD_KEY_ID'] } : {}),
}).dataConverter;

/**
 * The key the tests' clients sign update actors with, as the API does, and their workers verify
 * (ADR 0014): TEMPORAL_ACTOR_ASSERTION_KEY, or the development key.
 */
export const TEST_ACTOR_ASSERTION_KEY = actorAssertionKeyFromEnv({
  NODE_ENV: 'test',
  ...(process.env['TEMPORAL_ACTOR_ASSERTION_KEY'] ? { TEMPORAL_ACTOR_ASSERTION_KEY: process.env['TEMPORAL_ACTOR_ASSERTION_KEY'] } : {}),
}).key;

/** What the tests' clients are: the codec, and the API's signature on the actor of every update. */
export const testClientOptions = { dataConverter: testDataConverter, interceptors: { workflow: [actorAssertionInterceptor(TEST_ACTOR_ASSERTION_KEY)] } };

/** The run's shared Temporal dev server (started once by the global setup). */
export function connectToSharedTemporal(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createFromExistingServer({
    address: requireTestEnv('temporalAddress'),
    namespace: requireTestEnv('namespace'),
    client: testClientOptions,
  });
}

/** A time-skipping test server of this suite's own (for timers of days and weeks), with our search attributes. */
export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const path = process.env.TRAMITES_TEST_SERVER_PATH;
  // Starts and updates are signed on the server's clock, which runs ahead of the wall clock once a test skipped time.
  let serverNow = async (): Promise<Date> => new Date();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    ...(path ? { server: { executable: { type: 'existing-path', path } } } : {}),
    client: {
      ...testClientOptions,
      interceptors: {
        workflow: [
          actorAssertionInterceptor(
            TEST_ACTOR_ASSERTION_KEY,
            () => serverNow(),
            () => serverNow(),
          ),
        ],
      },
    },
  });
  serverNow = async () => new Date(await env.currentTimeMs());
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      Object.values(searchAttributeKeys).map((key) => [
        key.name,
        key.type === 'DATETIME'
          ? temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME
          : temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      ]),
    ),
  });
  return env;
}

/** A task queue no other suite polls: suites share the server, never their workers. */
export function uniqueTaskQueue(label: string): string {
  return `test-${label}-${randomBytes(4).toString('hex')}`;
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The workflow bundle, built once per test file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflows({ workflowsPath: require.resolve('@tramites/workflows') });
  return bundle;
}
