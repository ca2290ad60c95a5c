import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { caseWorkflowId } from '@tramites/contracts';
import {
  createTestDatabase,
  createTestWorker,
  inPersonCaseInput,
  startTimeSkippingServer,
  uniqueTaskQueue,
  type TestDatabase,
} from '@tramites/testing';
import { inPersonCaseWorkflow } from '@tramites/workflows';

/** On the time-skipping test server: days pass in seconds. */
describe('inPersonCaseWorkflow with skipped time', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let worker: Worker;
  const taskQueue = uniqueTaskQueue('lapse');

  beforeAll(async () => {
    env = await startTimeSkippingServer();
    db = await createTestDatabase('in_person_ts');
    worker = await createTestWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      dataSource: db.dataSource,
    });
  });

  afterAll(async () => {
    await db.drop();
    await env.teardown();
  });

  it('lapses a case whose applicant does not come, at the closing time of the appointment day', async () => {
    const input = inPersonCaseInput(new Date(), 5);
    const result = await worker.runUntil(
      env.client.workflow.execute(inPersonCaseWorkflow, {
        taskQueue,
        workflowId: caseWorkflowId(input.caseId),
        args: [input],
      }),
    );
    expect(result.status).toBe('lapsed');
    // The server's clock moved to (at least) the lapse time: five days passed without a real wait.
    expect((await env.currentTimeMs()) >= Date.parse(result.lapsesAt)).toBe(true);
    const events: Array<{ type: string; actor_role: string }> = await db.dataSource.query(
      'SELECT type, actor_role FROM case_events WHERE case_id = $1 ORDER BY seq',
      [input.caseId],
    );
    expect(events).toEqual([
      { type: 'CASE_OPENED', actor_role: 'applicant' },
      { type: 'CASE_LAPSED', actor_role: 'system' },
    ]);
  });
});
