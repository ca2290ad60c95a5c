import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { CaseDriver } from './case-driver';
import { startCaseSuite, type CaseSuite } from './case-suite';
import { connectToSharedTemporal } from './temporal';
import { createTestWorker, testActivityDependencies } from './worker';

/** A workflow suite's world: the shared Temporal, its own database, SMTP server, task queue and a running worker. */
export interface WorkflowSuite extends CaseSuite {
  env: TestWorkflowEnvironment;
  driver: CaseDriver;
}

/** Starts what a workflow suite needs (one call instead of the same dozen lines per suite); close() stops it all. */
export async function startWorkflowSuite(label: string, seatsPerSlot: number): Promise<WorkflowSuite> {
  const env = await connectToSharedTemporal();
  const suite = await startCaseSuite(label, seatsPerSlot);
  const worker = await createTestWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: suite.taskQueue,
    dependencies: testActivityDependencies({ dataSource: suite.db.dataSource, smtpPort: suite.smtp.port }),
  });
  const running = worker.run();
  return {
    ...suite,
    env,
    driver: new CaseDriver(env.client, suite.taskQueue, suite.smtp),
    close: async () => {
      worker.shutdown();
      await running;
      await suite.close();
      await env.teardown();
    },
  };
}
