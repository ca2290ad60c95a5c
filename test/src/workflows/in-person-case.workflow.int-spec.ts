import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { caseWorkflowId, checkInUpdate, getCaseQuery } from '@tramites/contracts';
import {
  connectToSharedTemporal,
  createTestDatabase,
  createTestWorker,
  inPersonCaseInput,
  uniqueTaskQueue,
  type TestDatabase,
} from '@tramites/testing';
import { inPersonCaseWorkflow } from '@tramites/workflows';

/** On the run's shared Temporal dev server (real server, real PostgreSQL). */
describe('inPersonCaseWorkflow on the dev server', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uniqueTaskQueue('in-person');

  beforeAll(async () => {
    env = await connectToSharedTemporal();
    db = await createTestDatabase('in_person_dev');
    worker = await createTestWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      dataSource: db.dataSource,
    });
    running = worker.run();
  });

  afterAll(async () => {
    worker.shutdown();
    await running;
    await db.drop();
    await env.teardown();
  });

  it('checks in a scheduled case and records who did it', async () => {
    const input = inPersonCaseInput(new Date(), 2);
    const handle = await env.client.workflow.start(inPersonCaseWorkflow, {
      taskQueue,
      workflowId: caseWorkflowId(input.caseId),
      args: [input],
    });
    expect((await handle.query(getCaseQuery)).status).toBe('scheduled');

    const officer = { id: 'officer-12', role: 'case_manager' as const };
    const view = await handle.executeUpdate(checkInUpdate, { args: [{ actor: officer }] });
    expect(view).toMatchObject({ status: 'checked_in', checkedInBy: officer });

    const result = await handle.result();
    expect(result.status).toBe('checked_in');
    const events: Array<{ seq: number; type: string; actor_id: string; actor_role: string }> = await db.dataSource.query(
      'SELECT seq, type, actor_id, actor_role FROM case_events WHERE case_id = $1 ORDER BY seq',
      [input.caseId],
    );
    expect(events).toEqual([
      { seq: 1, type: 'CASE_OPENED', actor_id: 'applicant-1', actor_role: 'applicant' },
      { seq: 2, type: 'CASE_CHECKED_IN', actor_id: 'officer-12', actor_role: 'case_manager' },
    ]);
    const [row] = await db.dataSource.query('SELECT status, deadline_at FROM cases WHERE id = $1', [input.caseId]);
    expect(row).toEqual({ status: 'checked_in', deadline_at: null });
  });

  it('refuses to start a second workflow for the same case', async () => {
    const input = inPersonCaseInput(new Date(), 2);
    const options = { taskQueue, workflowId: caseWorkflowId(input.caseId), args: [input] as [typeof input] };
    await env.client.workflow.start(inPersonCaseWorkflow, options);
    await expect(env.client.workflow.start(inPersonCaseWorkflow, options)).rejects.toMatchObject({
      name: 'WorkflowExecutionAlreadyStartedError',
    });
    await env.client.workflow.getHandle(options.workflowId).terminate('test over');
  });
});
