import 'reflect-metadata';
import { NativeConnection } from '@temporalio/worker';
import { assertDatabaseReachable, assertTemporalReachable, runMain } from '@tramites/infra';
import { createDataSource } from '@tramites/persistence';
import { loadWorkerConfig } from './worker.config';
import { activityDependenciesFromEnv } from './activity-dependencies';
import { createTramitesWorker } from './worker';

runMain('worker', async () => {
  const config = loadWorkerConfig();
  await assertTemporalReachable(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
  await assertDatabaseReachable(config.DATABASE_URL);

  const dataSource = createDataSource({
    url: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: 'tramites-worker',
  });
  await dataSource.initialize();
  const { warnings, ...dependencies } = activityDependenciesFromEnv(dataSource, config);
  for (const warning of warnings) process.stdout.write(`${JSON.stringify({ level: 'warn', msg: warning })}\n`);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    const worker = await createTramitesWorker({ connection, dependencies, config });
    process.stdout.write(
      `${JSON.stringify({ level: 'info', msg: 'worker started', taskQueue: config.TEMPORAL_TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE })}\n`,
    );
    // Resolves after SIGINT/SIGTERM once in-flight tasks are done (the SDK installs the signal handlers).
    await worker.run();
  } finally {
    await connection.close();
    await dataSource.destroy();
  }
});
