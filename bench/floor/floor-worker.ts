/**
 * The floor's worker process (bench only, ADR 0023): the floor workflow and its empty activities
 * on their own task queue, with the SDK's defaults and the default data converter, so that its CPU
 * is Temporal's own. Started by bench/run.ts; the prebuilt bundle's path is FLOOR_BUNDLE_PATH.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { floorActivities } from './floor.activities';

export const FLOOR_TASK_QUEUE = 'bench-floor';

async function main(): Promise<void> {
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
  const worker = await Worker.create({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: FLOOR_TASK_QUEUE,
    workflowBundle: { codePath: process.env.FLOOR_BUNDLE_PATH ?? '' },
    activities: floorActivities,
    // The same cache and concurrency as the tramites worker's defaults (apps/worker/src/worker.config.ts).
    maxCachedWorkflows: 50,
    maxConcurrentWorkflowTaskExecutions: 40,
    maxConcurrentActivityTaskExecutions: 40,
  });
  process.stdout.write('floor worker started\n');
  try {
    await worker.run();
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`floor worker: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
