import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  CaseDriver,
  appProcessEnv,
  connectToSharedTemporal,
  openCaseInput,
  startAppProcess,
  startCaseSuite,
  type AppProcess,
  type CaseSuite,
} from '@tramites/testing';

/**
 * The worker's preload (apps/worker/src/workflow-stack-traces.ts, ADR 0023) reaches the SDK's
 * workflow thread of a real worker process: with `on` the `__stack_trace` query answers with the
 * stack the case waits in; off, the default, the per-promise capture never ran there and the
 * same query fails (the SDK's "stack traces are not enabled", encrypted by our failure converter).
 * The same start-up gives the worker its memory settings (young generation, allocator arenas).
 */
describe('the worker process and its workflow stack traces', () => {
  let env: TestWorkflowEnvironment;
  let suite: CaseSuite;
  let worker: AppProcess | undefined;

  beforeAll(async () => {
    env = await connectToSharedTemporal();
    suite = await startCaseSuite('stack_traces', 2);
  });

  // One worker at a time on the suite's queue: a test that failed must not leave its worker polling.
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
  });

  afterAll(async () => {
    await suite?.close();
    await env?.teardown();
  });

  it('on: the query answers with the stack the case waits in', async () => {
    worker = await startAppProcess('worker', { ...appProcessEnv(suite), WORKER_WORKFLOW_STACK_TRACES: 'on' }, /worker started/);
    expect(worker.output()).toMatch(/"msg":"worker started".*"workflowStackTraces":"on"/);
    const handle = await new CaseDriver(env.client, suite.taskQueue, suite.smtp).open(openCaseInput());
    expect(await handle.query<string>('__stack_trace')).toMatch(/in-person-case/);
  });

  it('off by default: the preload ran, and the same query fails while the others answer', async () => {
    worker = await startAppProcess('worker', appProcessEnv(suite), /worker started/);
    expect(worker.output()).toMatch(/"msg":"worker started".*"workflowStackTraces":"off"/);
    expect(worker.output()).not.toMatch(/without its preload/);
    // The launcher's memory settings (libs/infra worker-process.ts) reached the process, as the start-up line says.
    expect(worker.output()).toMatch(/"msg":"worker started".*"maxSemiSpaceMb":4,"mallocArenaMax":"2"/);
    const handle = await new CaseDriver(env.client, suite.taskQueue, suite.smtp).open(openCaseInput());
    expect(await handle.query('__temporal_workflow_metadata')).toMatchObject({ definition: { type: 'inPersonCaseWorkflow' } });
    await expect(handle.query<string>('__stack_trace')).rejects.toThrow();
  });
});
