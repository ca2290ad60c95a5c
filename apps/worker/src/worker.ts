import fs from 'node:fs';
import type { DataConverter } from '@temporalio/common';
import { type NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { workflowInterceptorModules } from '@tramites/infra';
import { createActivities, type ActivityDependencies } from '@tramites/activities';
import type { RunningTracing } from '@tramites/observability';
import { tracingWorkerOptions } from './telemetry';
import type { WorkerConfig } from './worker.config';

export interface TramitesWorkerOptions {
  connection: NativeConnection;
  dependencies: ActivityDependencies;
  /** The encrypting data converter (ADR 0014): `dataConverterFromEnv()` of @tramites/infra. */
  dataConverter: DataConverter;
  /** Workflow code already bundled in memory (the test suites build it once per file); else from `config`. */
  workflowBundle?: WorkflowBundleOption;
  /** OpenTelemetry of the process (libs/observability startTracing), when traces are on (ADR 0032). */
  tracing?: RunningTracing;
  config: Pick<
    WorkerConfig,
    | 'TEMPORAL_NAMESPACE'
    | 'TEMPORAL_TASK_QUEUE'
    | 'NODE_ENV'
    | 'WORKFLOW_BUNDLE_PATH'
    | 'WORKER_MAX_CACHED_WORKFLOWS'
    | 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS'
    | 'WORKER_MAX_CONCURRENT_ACTIVITIES'
    | 'WORKER_SHUTDOWN_GRACE_SECONDS'
  >;
}

/** Where the workflow code comes from: the prebuilt bundle in production, the sources otherwise. */
export function workflowSource(
  config: TramitesWorkerOptions['config'],
): { workflowBundle: { codePath: string } } | { workflowsPath: string; interceptors: { workflowModules: string[] } } {
  if (config.WORKFLOW_BUNDLE_PATH) {
    if (!fs.existsSync(config.WORKFLOW_BUNDLE_PATH)) {
      throw new Error(`WORKFLOW_BUNDLE_PATH ${config.WORKFLOW_BUNDLE_PATH} does not exist: run npm run build:workflows`);
    }
    return { workflowBundle: { codePath: config.WORKFLOW_BUNDLE_PATH } };
  }
  if (config.NODE_ENV === 'production') {
    throw new Error('WORKFLOW_BUNDLE_PATH must be set in production: run npm run build:workflows');
  }
  const workflowsPath = require.resolve('@tramites/workflows');
  return { workflowsPath, interceptors: { workflowModules: workflowInterceptorModules(workflowsPath) } };
}

/** The worker of the cases task queue: every workflow of workflows/ and every activity of activities/. */
export function createTramitesWorker({ connection, dependencies, dataConverter, config, workflowBundle, tracing }: TramitesWorkerOptions): Promise<Worker> {
  const source = workflowBundle ? { workflowBundle } : workflowSource(config);
  const traced = tracingWorkerOptions(tracing);
  return Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...source,
    interceptors: { ...('interceptors' in source ? source.interceptors : {}), ...traced.interceptors },
    sinks: traced.sinks,
    // With workflowsPath the worker bundles the failure converter itself; a prebuilt bundle has it built in.
    dataConverter,
    activities: createActivities(dependencies),
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    // On SIGINT/SIGTERM the worker stops polling and lets in-flight activities finish for this long;
    // whatever is still running then is retried by another worker once its timeout passes.
    shutdownGraceTime: `${config.WORKER_SHUTDOWN_GRACE_SECONDS} seconds`,
  });
}
