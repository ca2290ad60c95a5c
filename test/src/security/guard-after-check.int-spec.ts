import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { createActivities } from '@tramites/activities';
import {
  CaseDriver,
  connectToSharedTemporal,
  openCaseInput,
  startCaseSuite,
  testActivityDependencies,
  testDataConverter,
  workflowBundle,
  type CaseSuite,
} from '@tramites/testing';
import { TestRows } from '@tramites/testing/rows';

/**
 * ADR 0014, guard after the check: an update's validator sees the case before its assertion is
 * checked (a local activity); a case that lapsed meanwhile refuses the update when its body
 * starts, with the validator's code, instead of acting on a closed case. The worker here checks
 * assertions slowly on purpose: its check ends only once the case's lapse is being recorded, and
 * that record takes a moment, so the handler runs on the lapsed case before the workflow ends.
 */
describe('an update whose assertion check ends after the case moved is refused', () => {
  let suite: CaseSuite;
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let rows: TestRows;
  /** Resolves when the case's lapse starts being recorded. */
  let lapsing: () => void = () => undefined;
  const lapseRecording = new Promise<void>((resolve) => {
    lapsing = resolve;
  });

  beforeAll(async () => {
    env = await connectToSharedTemporal();
    suite = await startCaseSuite('guard-after-check', 4);
    rows = new TestRows(suite.db.dataSource);
    const real = createActivities(testActivityDependencies({ dataSource: suite.db.dataSource, smtpPort: suite.smtp.port }));
    worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue: suite.taskQueue,
      workflowBundle: await workflowBundle(),
      dataConverter: testDataConverter,
      activities: {
        ...real,
        // The check holds until the lapse is being recorded (a slow verifier, a busy worker).
        verifyActorAssertion: async (input: Parameters<typeof real.verifyActorAssertion>[0]) => {
          if (input.message === 'resendCode') await lapseRecording;
          return real.verifyActorAssertion(input);
        },
        recordCaseEvent: async (input: Parameters<typeof real.recordCaseEvent>[0]) => {
          if (input.type === 'CASE_LAPSED') {
            lapsing();
            await new Promise((r) => setTimeout(r, 1_500));
          }
          return real.recordCaseEvent(input);
        },
      },
    });
    running = worker.run();
  }, 120_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await suite?.close();
    await env?.teardown();
  });

  it('resendCode checked while the booking window passes: refused as the validator would, nothing after the lapse', async () => {
    // A booking window of a few seconds: the update passes its validator well within it.
    const input = openCaseInput({ settings: { bookingWindowHours: 6 / 3600 } });
    const driver = new CaseDriver(env.client, suite.taskQueue, suite.smtp);
    const handle = await driver.open(input);
    let outcome: string;
    try {
      await handle.executeUpdate('resendCode', { args: [{ actor: { id: input.booker.identityNumber, role: 'applicant' } }] });
      outcome = 'accepted';
    } catch (err) {
      if (!(err instanceof WorkflowUpdateFailedError)) throw err;
      outcome = (err.cause as { type?: string } | undefined)?.type ?? 'refused';
    }
    await handle.result();
    const events = (await rows.caseEvents(input.caseId)).map((e) => e.type);
    expect({ outcome, events }).toEqual({
      outcome: 'CASE.CLOSED',
      events: ['CASE_OPENED', 'VERIFICATION_CODE_SENT', 'CASE_LAPSED'],
    });
  }, 60_000);
});
