import 'reflect-metadata';
import { tracing } from './tracing-first';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type LogEntry } from '@temporalio/worker';
import { redactPersonalData } from '@tramites/domain';
import { EVENT_LOG_CHECKPOINT_WORKFLOW_ID, HISTORY_ARCHIVER_WORKFLOW_ID, WORKFLOW_TYPES } from '@tramites/contracts';
import { assertDatabaseReachable, assertTemporalReachable, dataConverterFromEnv, freePort, runMain } from '@tramites/infra';
import { createDataSource } from '@tramites/persistence';
import { WaitingListOffers } from '@tramites/activities';
import { loadWorkerConfig } from './worker.config';
import { activityDependenciesFromEnv } from './activity-dependencies';
import { createTramitesWorker } from './worker';
import { preloadedWorkflowStackTraces } from './stack-traces-mark';
import {
  createMetricsRegistry,
  metricsPort,
  opsServerLine,
  registerPoolMetrics,
  startOpsServer,
  type PoolFigures,
  type RunningOpsServer,
} from '@tramites/observability';
import { coreMetricsText } from './telemetry';

/**
 * The SDK's log lines (a failed activity with its error, a workflow task failure) as JSON, with
 * email addresses and identity numbers in their text redacted (ADR 0014).
 */
function redactedLogLine({ level, message, meta }: LogEntry): void {
  const fields = meta
    ? (JSON.parse(redactPersonalData(JSON.stringify(meta, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message } : v)))) as Record<
        string,
        unknown
      >)
    : {};
  process.stderr.write(`${JSON.stringify({ level: level.toLowerCase(), msg: redactPersonalData(message), ...fields })}\n`);
}

runMain('worker', async () => {
  // The SDK's own metrics (workflow task and activity latencies, schedule-to-start, sticky cache, polls) on a
  // loopback port, served with the worker's own on its operations endpoint (ADR 0032).
  const opsPort = metricsPort();
  const corePort = opsPort === undefined ? undefined : await installRuntimeWithCoreMetrics();
  if (corePort === undefined) Runtime.install({ logger: new DefaultLogger('INFO', redactedLogLine) });
  const config = loadWorkerConfig();
  // Every payload the worker writes is encrypted (ADR 0014); production requires TEMPORAL_PAYLOAD_KEYS.
  const { dataConverter, warning: keyWarning } = dataConverterFromEnv();
  await assertTemporalReachable(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
  await assertDatabaseReachable(config.DATABASE_URL);

  const dataSource = createDataSource({
    url: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: 'tramites-worker',
  });
  await dataSource.initialize();
  const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE, dataConverter });
  const { warnings, ...dependencies } = activityDependenciesFromEnv(dataSource, config);
  dependencies.temporal = client;
  if (keyWarning) warnings.push(keyWarning);
  // The preload decides in every thread, the workflow thread included; main.ts can only check that it ran.
  const workflowStackTraces = preloadedWorkflowStackTraces();
  if (workflowStackTraces === undefined) {
    warnings.push(
      'the worker was started without its preload (node --require dist/apps/worker/src/workflow-stack-traces.js): the SDK captures a stack for every workflow promise (ADR 0023)',
    );
  }
  for (const warning of warnings) process.stdout.write(`${JSON.stringify({ level: 'warn', msg: warning })}\n`);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  let ops: RunningOpsServer | undefined;
  try {
    const worker = await createTramitesWorker({ connection, dependencies, config, dataConverter, ...(tracing ? { tracing } : {}) });
    if (opsPort !== undefined && corePort) {
      const registry = createMetricsRegistry();
      registerPoolMetrics(registry, () => (dataSource.driver as unknown as { master?: PoolFigures }).master);
      ops = await startOpsServer({
        port: opsPort,
        metrics: async () => `${await registry.metrics()}\n${await coreMetricsText(corePort)}`,
        // Ready while it polls its task queue.
        ready: () => worker.getState() === 'RUNNING',
      });
      process.stdout.write(`${opsServerLine('worker', ops.port)}\n`);
    }
    // One archiver per namespace: starting it again finds the running one.
    await client.workflow.start(WORKFLOW_TYPES.historyArchiver, {
      workflowId: HISTORY_ARCHIVER_WORKFLOW_ID,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    // One checkpointer per namespace too (ADR 0010).
    await client.workflow.start(WORKFLOW_TYPES.eventLogCheckpoint, {
      workflowId: EVENT_LOG_CHECKPOINT_WORKFLOW_ID,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    process.stdout.write(
      `${JSON.stringify({ level: 'info', msg: 'worker started', taskQueue: config.TEMPORAL_TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE, workflowStackTraces: workflowStackTraces ?? 'on', ...memorySettings() })}\n`,
    );
    // The waiting list's holds that were not taken in time pass to the next who waits (ADR 0029).
    const waitingList = new WaitingListOffers({
      dataSource,
      secret: dependencies.secret,
      offerBaseUrl: `${config.WEB_BASE_URL.replace(/\/$/, '')}/turno/lista/oferta`,
      holdMinutes: config.WAITING_LIST_HOLD_MINUTES,
    });
    const sweep = setInterval(() => {
      waitingList
        .passOnExpiredHolds()
        .catch((err: Error) => process.stdout.write(`${JSON.stringify({ level: 'warn', msg: 'waiting list sweep failed', error: err.name })}\n`));
    }, config.WAITING_LIST_SWEEP_SECONDS * 1000);
    sweep.unref();
    // Resolves after SIGINT/SIGTERM once in-flight tasks are done (the SDK installs the signal handlers).
    try {
      await worker.run();
    } finally {
      clearInterval(sweep);
    }
  } finally {
    // Nothing may keep the stopping process alive: the scrapers' connections, the spans still to send.
    await ops?.close();
    await tracing?.shutdown();
    await clientConnection.close();
    await connection.close();
    await dataSource.destroy();
  }
});

/**
 * Installs the SDK's runtime with its Prometheus exporter on a free loopback port. The port is picked before the
 * core binds it, so another process may take it in between: the install then fails at once and another port is tried.
 */
async function installRuntimeWithCoreMetrics(): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      Runtime.install({
        logger: new DefaultLogger('INFO', redactedLogLine),
        telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${port}`, useSecondsForDurations: true } } },
      });
      return port;
    } catch (err) {
      if (attempt >= 5 || !/address already in use/i.test((err as Error).message)) throw err;
    }
  }
}

/** The memory settings the launcher gave (libs/infra worker-process.ts), in the start-up line, where an operator looks. */
function memorySettings(): { maxSemiSpaceMb: number | null; mallocArenaMax: string | null } {
  const flag = process.execArgv.find((a) => a.startsWith('--max-semi-space-size='));
  return { maxSemiSpaceMb: flag ? Number(flag.split('=')[1]) : null, mallocArenaMax: process.env['MALLOC_ARENA_MAX'] ?? null };
}
