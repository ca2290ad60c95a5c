import { type NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '@tramites/activities';
import type { DataSource } from 'typeorm';
import { workflowBundle } from './temporal';

/** A worker with the real workflows (prebuilt bundle) and the real activities on a suite's database. */
export async function createTestWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataSource: DataSource;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ dataSource: options.dataSource }),
  });
}
