import { randomUUID } from 'node:crypto';
import { Client, WorkflowFailedError, WorkflowUpdateFailedError, type WorkflowClientInterceptor } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  EVENT_LOG_CHECKPOINT_WORKFLOW_ID,
  HISTORY_ARCHIVER_WORKFLOW_ID,
  START_ASSERTION_HEADER,
  WORKFLOW_TYPES,
  caseWorkflowId,
  singletonWorkflowId,
  type PoderReviewInput,
} from '@tramites/contracts';
import { THIRD_PARTY_CEDULA, openCaseInput, requireTestEnv, startWorkflowSuite, testDataConverter, type WorkflowSuite } from '@tramites/testing';
import { TestRows } from '@tramites/testing/rows';

/**
 * ADR 0014, the red team at the boundaries the assertions left open: workflow types no client
 * starts (a poder's review, the archiver, the checkpoint), updates without a well-formed current
 * assertion, and a genuine start replayed onto its closed workflow id. Each is refused before it
 * records anything.
 */
describe('red team: starts from elsewhere, bare updates and replayed starts are refused', () => {
  let suite: WorkflowSuite;
  let env: TestWorkflowEnvironment;
  let rows: TestRows;
  /** A client of the frontend without the API's key; sends the start header it is given, if any. */
  let forger: Client;
  let plantedStartHeader: Payload | undefined;

  beforeAll(async () => {
    suite = await startWorkflowSuite('red-team-boundaries', 6);
    env = suite.env;
    rows = new TestRows(suite.db.dataSource);
    const plant: WorkflowClientInterceptor = {
      start: (input, next) => next(plantedStartHeader ? { ...input, headers: { ...input.headers, [START_ASSERTION_HEADER]: plantedStartHeader } } : input),
    };
    forger = new Client({
      connection: env.connection,
      namespace: requireTestEnv('namespace'),
      dataConverter: testDataConverter,
      interceptors: { workflow: [plant] },
    });
  }, 120_000);

  afterAll(async () => {
    await suite?.close();
  });

  /** The failure type a workflow ended with ('completed' when it did not fail). */
  async function outcome(workflowId: string): Promise<string> {
    try {
      await forger.workflow.getHandle(workflowId).result();
      return 'completed';
    } catch (err) {
      if (err instanceof WorkflowFailedError) return (err.cause as { type?: string } | undefined)?.type ?? 'failed';
      throw err;
    }
  }

  it('a poder review started by a client, not by its case, is refused and nothing reaches poder_reviews', async () => {
    const caseId = randomUUID();
    const poderId = `forged-${randomUUID()}`;
    const input: PoderReviewInput = {
      poderId,
      caseId,
      province: 'PICHINCHA',
      poder: {
        employerId: '1790016919001',
        attorneyId: THIRD_PARTY_CEDULA,
        attorneyName: 'Luis Alberto Mena Vera',
        deedNumber: '2026-17-02-000001-P',
        notary: 'Notaría Segunda del cantón Quito',
      },
      // Separation of duties skipped: no officer reviewed the documents.
      documentsReviewedBy: '',
      legalReviewBusinessDays: 3,
    };
    const handle = await forger.workflow.start(WORKFLOW_TYPES.poderReview, {
      taskQueue: suite.taskQueue,
      workflowId: `poder-review:${poderId}`,
      args: [input],
    });
    expect(await outcome(handle.workflowId)).toBe('AUTH.ASSERTION_INVALID');
    expect(await rows.poderReview(poderId)).toBeUndefined();
  });

  it.each([
    ['a checkpoint under another id', WORKFLOW_TYPES.eventLogCheckpoint, () => `checkpoint-${randomUUID()}`, [{ intervalMinutes: 10 }]],
    [
      'a checkpoint in a tight loop',
      WORKFLOW_TYPES.eventLogCheckpoint,
      () => singletonWorkflowId(EVENT_LOG_CHECKPOINT_WORKFLOW_ID, suite.taskQueue),
      [{ intervalMinutes: 0 }],
    ],
    ['an archiver under another id', WORKFLOW_TYPES.historyArchiver, () => `archiver-${randomUUID()}`, [{ intervalMinutes: 10, batch: 200 }]],
    [
      'an archiver in a tight loop',
      WORKFLOW_TYPES.historyArchiver,
      () => singletonWorkflowId(HISTORY_ARCHIVER_WORKFLOW_ID, suite.taskQueue),
      [{ intervalMinutes: 0, batch: 200 }],
    ],
    [
      'an archiver with an empty batch',
      WORKFLOW_TYPES.historyArchiver,
      () => singletonWorkflowId(HISTORY_ARCHIVER_WORKFLOW_ID, suite.taskQueue),
      [{ intervalMinutes: 10, batch: 0 }],
    ],
    [
      'an archiver with an unknown option',
      WORKFLOW_TYPES.historyArchiver,
      () => singletonWorkflowId(HISTORY_ARCHIVER_WORKFLOW_ID, suite.taskQueue),
      [{ intervalMinutes: 10, batch: 5, x: 1 }],
    ],
  ])('%s is refused before its first round', async (_label, type, id, args) => {
    const handle = await forger.workflow.start(type, { taskQueue: suite.taskQueue, workflowId: id(), args });
    expect(await outcome(handle.workflowId)).toBe('AUTH.ASSERTION_INVALID');
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.filter((e) => e.activityTaskScheduledEventAttributes)).toEqual([]);
  });

  it('an update without a well-formed, current assertion never enters the history, and does not hold a genuine one', async () => {
    const input = openCaseInput();
    const handle = await suite.driver.open(input);
    const applicant = { id: input.booker.identityNumber, role: 'applicant' };
    const bare = Array.from({ length: 12 }, () => randomUUID());
    const send = async (updateId: string): Promise<string> => {
      try {
        await forger.workflow.getHandle(handle.workflowId).executeUpdate('resendCode', { args: [{ actor: applicant }], updateId });
        return 'accepted';
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) return (err.cause as { type?: string } | undefined)?.type ?? 'refused';
        throw err;
      }
    };
    const forged = bare.map(send);
    // The officer's (here the applicant's) genuine update, sent among them through the API's client.
    const genuine = handle.executeUpdate('resendCode', { args: [{ actor: applicant }] });
    expect(await Promise.all(forged)).toEqual(bare.map(() => 'AUTH.ASSERTION_INVALID'));
    await expect(genuine).resolves.toMatchObject({ status: 'awaiting_verification' });
    const accepted = ((await handle.fetchHistory()).events ?? []).flatMap(
      (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId ?? [],
    );
    expect(accepted.filter((id) => (bare as string[]).includes(id))).toEqual([]);
    expect(accepted).toHaveLength(1);
  });

  it('a genuine start replayed (same id, header and input) once its workflow closed is refused and records nothing', async () => {
    const input = openCaseInput();
    const handle = await suite.driver.open(input);
    await handle.executeUpdate('cancel', { args: [{ actor: input.openedBy, reason: 'ya no lo necesito' }] });
    await handle.result();
    const started = ((await handle.fetchHistory()).events ?? []).find((e) => e.workflowExecutionStartedEventAttributes);
    const header = started?.workflowExecutionStartedEventAttributes?.header?.fields?.[START_ASSERTION_HEADER];
    expect(header).toBeDefined();
    const before = (await rows.caseEvents(input.caseId)).map((e) => `${e.seq} ${e.type}`);
    expect(before.at(-1)).toMatch(/CASE_CANCELLED/);

    const firstRun = (await handle.describe()).runId;
    plantedStartHeader = header as Payload;
    let replayed;
    try {
      replayed = await forger.workflow.start(WORKFLOW_TYPES.inPersonCase, {
        taskQueue: suite.taskQueue,
        workflowId: caseWorkflowId(input.caseId),
        args: [input],
      });
    } finally {
      plantedStartHeader = undefined;
    }
    // A new run under the closed case's id: the server took it (a client chooses its own reuse policy).
    expect((await replayed.describe()).runId).not.toBe(firstRun);
    expect(await outcome(replayed.workflowId)).toBe('AUTH.ASSERTION_INVALID');
    expect((await rows.caseEvents(input.caseId)).map((e) => `${e.seq} ${e.type}`)).toEqual(before);
    expect((await rows.caseRow(input.caseId))?.status).toBe('cancelled');
  });
});
