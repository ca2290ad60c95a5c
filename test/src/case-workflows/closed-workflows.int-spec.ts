import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import {
  caseWorkflowId,
  cancelUpdate,
  checkInUpdate,
  endorsePoderUpdate,
  getPoderQuery,
  poderDecidedSignal,
  poderId,
  recordDocumentsUpdate,
  rejectPoderUpdate,
  searchAttributeKeys,
  subscribeToPoderDecisionSignal,
  type AffiliatePasswordInput,
  type CaseView,
  type CredentialCaseView,
  type EmployerPasswordInput,
  type OpenCaseInput,
  type PowerOfAttorneyData,
  WORKFLOW_TYPES,
} from '@tramites/contracts';
import { createActivities } from '@tramites/activities';
import { makeReason } from '@tramites/domain';
import {
  CaseDriver,
  LEGAL_OFFICER,
  OFFICER,
  THIRD_PARTY_CEDULA,
  affiliateFixture,
  completeDocuments001ByAttorney,
  connectToSharedTemporal,
  createTestDatabase,
  createTestWorker,
  employerFixture,
  openCaseInput,
  recordHistory,
  seedAffiliate,
  seedAgency,
  seedEmployer,
  slotStartingSoon,
  startTestSmtpServer,
  testActivityDependencies,
  uniqueTaskQueue,
  type TestDatabase,
  type TestSmtpServer,
  testPoderReviewWorkflowId,
} from '@tramites/testing';
import { randomUUID } from 'node:crypto';
import { TestRows } from '@tramites/testing/rows';

/**
 * On the real dev server and PostgreSQL: a poder waited for by a second
 * case, the search attributes of 003/004, and the archive of every closed workflow of every type.
 * The archive test runs last: it archives what the tests before it closed.
 */
describe('closed workflows: shared poder reviews, 003/004 search attributes, archive of every type', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let worker: Worker;
  let running: Promise<void>;
  let driver: CaseDriver;
  const taskQueue = uniqueTaskQueue('closed-workflows');
  /** Workflows closed by the tests, by type, for the archive test. */
  const closed = {
    inPersonCaseWorkflow: [] as string[],
    poderReviewWorkflow: [] as string[],
    affiliatePasswordWorkflow: [] as string[],
    employerPasswordWorkflow: [] as string[],
  };

  beforeAll(async () => {
    env = await connectToSharedTemporal();
    db = await createTestDatabase('closed_workflows');
    smtp = await startTestSmtpServer();
    await seedAgency(db.dataSource, 4);
    worker = await createTestWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      dependencies: testActivityDependencies({ dataSource: db.dataSource, smtpPort: smtp.port, overrides: { temporal: env.client } }),
    });
    running = worker.run();
    driver = new CaseDriver(env.client, taskQueue, smtp);
  });

  afterAll(async () => {
    worker.shutdown();
    await running;
    await smtp.close();
    await db.drop();
    await env.teardown();
  });

  const events = async (caseId: string): Promise<string[]> => (await new TestRows(db.dataSource).caseEvents(caseId)).map((e) => e.type);

  function byAttorney(poder: PowerOfAttorneyData): OpenCaseInput {
    const input = openCaseInput({ procedure: 'FOREIGNER_CODE_EMPLOYMENT', filerRole: 'attorney', employerId: poder.employerId, poder });
    input.booker.identityNumber = THIRD_PARTY_CEDULA;
    input.openedBy = { id: THIRD_PARTY_CEDULA, role: 'applicant' };
    return input;
  }
  const newPoder = (): PowerOfAttorneyData => ({
    employerId: '1790016919001',
    attorneyId: THIRD_PARTY_CEDULA,
    attorneyName: 'Luis Alberto Mena Vera',
    deedNumber: `2026-17-02-${Math.floor(Math.random() * 1e6)}-P`,
    notary: 'Notaría Segunda del cantón Quito',
  });

  /** Two 001 cases present the same poder: the first holds its review, the second waits on it. */
  async function twoCasesOnePoder(
    poder: PowerOfAttorneyData,
  ): Promise<{ first: WorkflowHandle; second: WorkflowHandle; secondInput: OpenCaseInput; review: WorkflowHandle }> {
    const slotId = await slotStartingSoon(db.dataSource, 'UIO-NORTE', 2, 7);
    const [firstInput, secondInput] = [byAttorney(poder), byAttorney(poder)];
    const handles: WorkflowHandle[] = [];
    for (const input of [firstInput, secondInput]) {
      const handle = await driver.open(input);
      await driver.verifyAndBook(handle, input, slotId);
      await handle.executeUpdate(checkInUpdate, { args: [{ actor: OFFICER }] });
      handles.push(handle);
    }
    const [first, second] = handles as [WorkflowHandle, WorkflowHandle];
    await first.executeUpdate(recordDocumentsUpdate, { args: [completeDocuments001ByAttorney(OFFICER)] });
    const review = env.client.workflow.getHandle(testPoderReviewWorkflowId(poderId(poder)));
    await waitFor(async () => (await review.query(getPoderQuery).catch(() => undefined))?.status === 'pending');
    await second.executeUpdate(recordDocumentsUpdate, { args: [completeDocuments001ByAttorney(OFFICER)] });
    await waitFor(async () => (await driver.query(second)).status === 'legal_review');
    // The second case subscribes to the review that the first case holds (before the fix it slept
    // 15 minutes instead, and the assertions on its outcome fail, not this wait).
    await waitFor(async () => (await review.fetchHistory()).events?.some((e) => e.workflowExecutionSignaledEventAttributes) ?? false, 10_000).catch(
      () => undefined,
    );
    return { first, second, secondInput, review };
  }

  describe('a poder waited for by a second case', () => {
    it('the waiting case is told the endorsement when it is made: one PODER_SENT_TO_LEGAL_UNIT, one email, then issued', async () => {
      const poder = newPoder();
      const { first, second, secondInput, review } = await twoCasesOnePoder(poder);
      await review.executeUpdate(endorsePoderUpdate, { args: [{ actor: LEGAL_OFFICER }] });
      expect(((await first.result()) as CaseView).status).toBe('issued');
      // Before: the second case slept 15 minutes, then sent the poder (and its email) again.
      const done = (await withTimeout(second.result(), 30_000)) as CaseView;
      expect(done.status).toBe('issued');
      const types = await events(secondInput.caseId);
      expect(types.filter((t) => t === 'PODER_SENT_TO_LEGAL_UNIT')).toHaveLength(1);
      expect(types.slice(types.indexOf('PODER_SENT_TO_LEGAL_UNIT'))).toEqual(['PODER_SENT_TO_LEGAL_UNIT', 'PODER_ENDORSED', 'FOREIGNER_CODE_ISSUED']);
      const queued = await new TestRows(db.dataSource).outboxCount(secondInput.caseId, 'PODER_IN_LEGAL_REVIEW');
      expect(queued).toBe(1);
      closed.inPersonCaseWorkflow.push(first.workflowId, second.workflowId);
      closed.poderReviewWorkflow.push(review.workflowId);
      await recordHistory(second, '001-poder-waited-by-second-case');
      await recordHistory(review, 'poder-review-endorsed-with-subscriber');
      await recordHistory(second, 'encrypted-001-poder-waited-by-second-case-keyed-id');
      await recordHistory(review, 'encrypted-poder-review-late-subscribers-told');
      // The patches start-origins, input-checks-v2 and guard-after-check, on a case and its poder's review.
      await recordHistory(first, '001-poder-endorsed-origins-and-guards');
      await recordHistory(review, 'poder-review-started-by-its-case');
    });

    it("the waiting case is told a rejection too, and closes rejected with the legal unit's reason", async () => {
      const { first, second, secondInput, review } = await twoCasesOnePoder(newPoder());
      await review.executeUpdate(rejectPoderUpdate, { args: [{ actor: LEGAL_OFFICER, reasonCode: 'PODER.SCOPE_INSUFFICIENT' }] });
      expect(((await first.result()) as CaseView).status).toBe('rejected');
      const done = (await withTimeout(second.result(), 30_000)) as CaseView;
      expect(done.status).toBe('rejected');
      expect(done.closedReason?.map((r) => r.code)).toEqual(['PODER.SCOPE_INSUFFICIENT']);
      expect((await events(secondInput.caseId)).filter((t) => t.startsWith('PODER_'))).toEqual(['PODER_SENT_TO_LEGAL_UNIT', 'PODER_REJECTED']);
      closed.inPersonCaseWorkflow.push(first.workflowId, second.workflowId);
      closed.poderReviewWorkflow.push(review.workflowId);
      await recordHistory(second, '001-poder-rejected-waited-by-second-case');
    });
  });

  describe('signals between workflows checked (ADR 0018)', () => {
    it('a forged poderDecided or subscription sent through the Temporal client is refused; the genuine decision still reaches the case', async () => {
      const { first, second, secondInput, review } = await twoCasesOnePoder(newPoder());
      const pending = await review.query(getPoderQuery);
      // Through the Temporal client, as the CLI would: a rejection the legal unit never made.
      await env.client.workflow
        .getHandle(second.workflowId)
        .signal(poderDecidedSignal, { ...pending, status: 'rejected', reason: makeReason('PODER.SCOPE_INSUFFICIENT'), decidedBy: LEGAL_OFFICER });
      // And a subscription for a workflow that is not the case it names.
      await env.client.workflow.getHandle(review.workflowId).signal(subscribeToPoderDecisionSignal, { caseId: secondInput.caseId, workflowId: 'intruder' });
      // The case checked the decision against the poder registry (a local activity) and kept waiting.
      await waitFor(async () => {
        const history = (await second.fetchHistory()).events ?? [];
        const signalled = history.findIndex((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'poderDecided');
        return signalled >= 0 && history.slice(signalled).some((e) => e.markerRecordedEventAttributes);
      });
      expect((await driver.query(second)).status).toBe('legal_review');
      expect((await events(secondInput.caseId)).filter((t) => t.startsWith('PODER_'))).toEqual(['PODER_SENT_TO_LEGAL_UNIT']);

      await review.executeUpdate(endorsePoderUpdate, { args: [{ actor: LEGAL_OFFICER }] });
      expect(((await first.result()) as CaseView).status).toBe('issued');
      const done = (await withTimeout(second.result(), 30_000)) as CaseView;
      expect(done.status).toBe('issued');
      expect((await events(secondInput.caseId)).filter((t) => t.startsWith('PODER_'))).toEqual(['PODER_SENT_TO_LEGAL_UNIT', 'PODER_ENDORSED']);
      // The review told the second case only, never the intruder.
      const told = ((await review.fetchHistory()).events ?? []).flatMap(
        (e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes?.workflowExecution?.workflowId ?? [],
      );
      expect(told).toEqual([second.workflowId]);
      closed.inPersonCaseWorkflow.push(first.workflowId, second.workflowId);
      closed.poderReviewWorkflow.push(review.workflowId);
      await recordHistory(second, 'encrypted-001-forged-poder-decided-refused');
      await recordHistory(review, 'encrypted-poder-review-forged-subscriber-refused');
    });
  });

  describe('003/004 search attributes', () => {
    it('003 upserts ProcedureType (it has no province); a session that runs out ends the case expired', async () => {
      const a = await seedAffiliate(db.dataSource, affiliateFixture());
      const input: AffiliatePasswordInput = {
        caseId: randomUUID(),
        identityNumber: a.identityNumber,
        openedBy: { id: a.identityNumber, role: 'applicant' },
        // 3 s, not production's 60 minutes: the test waits for the session to run out.
        settings: { sessionMinutes: 0.05 },
      };
      const handle = await env.client.workflow.start(WORKFLOW_TYPES.affiliatePassword, { taskQueue, workflowId: caseWorkflowId(input.caseId), args: [input] });
      const view = (await handle.result()) as CredentialCaseView;
      expect(view.status).toBe('expired');
      const attributes = (await handle.describe()).typedSearchAttributes;
      expect(attributes.get(searchAttributeKeys.procedureType)).toBe('AFFILIATE_PORTAL_PASSWORD');
      expect(attributes.get(searchAttributeKeys.caseStatus)).toBe('expired');
      closed.affiliatePasswordWorkflow.push(handle.workflowId);
      await recordHistory(handle, '003-session-expired-with-search-attributes');
    });

    it('004 upserts ProcedureType and, once the employer is found, its Province', async () => {
      const e = await seedEmployer(db.dataSource, employerFixture({ keyRequestNumber: null, province: 'GUAYAS' }));
      const input: EmployerPasswordInput = {
        caseId: randomUUID(),
        channel: 'in_person',
        employerId: e.id,
        filerRole: 'legal_representative',
        filer: { identityNumber: e.legalRepIdentity, fullName: e.legalRepName },
        agencyId: 'UIO-NORTE',
        openedBy: OFFICER,
      };
      const handle = await env.client.workflow.start(WORKFLOW_TYPES.employerPassword, { taskQueue, workflowId: caseWorkflowId(input.caseId), args: [input] });
      const view = (await handle.result()) as CredentialCaseView;
      expect(view.status).toBe('rejected');
      const attributes = (await handle.describe()).typedSearchAttributes;
      expect(attributes.get(searchAttributeKeys.procedureType)).toBe('EMPLOYER_PORTAL_PASSWORD');
      expect(attributes.get(searchAttributeKeys.province)).toBe('GUAYAS');
      closed.employerPasswordWorkflow.push(handle.workflowId);
      await recordHistory(handle, '004-key-request-missing-with-search-attributes');
    });
  });

  describe('the history archive (ADR 0011)', () => {
    it('archives every closed workflow of every type: cases of 000-004 whatever their final status, poder reviews, the archiver', async () => {
      const cancelled = openCaseInput();
      const cancelledHandle = await driver.open(cancelled);
      await cancelledHandle.executeUpdate(cancelUpdate, { args: [{ actor: cancelled.openedBy, reason: 'ya no lo necesito' }] });
      await cancelledHandle.result();
      closed.inPersonCaseWorkflow.push(cancelledHandle.workflowId);
      const archiver = await env.client.workflow.start(WORKFLOW_TYPES.historyArchiver, {
        taskQueue,
        workflowId: `history-archiver:${taskQueue}`, // its fixed id for this task queue (singletonWorkflowId)
        args: [{ intervalMinutes: 60, batch: 500 }],
      });
      await waitFor(async () => (await archiver.fetchHistory()).events?.some((e) => e.timerStartedEventAttributes) ?? false);
      await archiver.terminate('fin de la prueba');

      const activities = createActivities(testActivityDependencies({ dataSource: db.dataSource, smtpPort: smtp.port, overrides: { temporal: env.client } }));
      const archivedCases = async (): Promise<string[]> => (await new TestRows(db.dataSource).archivedCaseIds()).map((id) => caseWorkflowId(id));
      const archivedRuns = async (): Promise<Array<{ workflow_id: string; workflow_type: string; run_id: string }>> =>
        new TestRows(db.dataSource).archivedRuns();
      // Visibility (which lists the runs of a poder review) is eventually consistent: a few rounds at most.
      await waitFor(async () => {
        await activities.archiveClosedHistories({ limit: 500 });
        const runs = await archivedRuns();
        return closed.poderReviewWorkflow.every((id) => runs.some((r) => r.workflow_id === id)) && runs.some((r) => r.workflow_id === archiver.workflowId);
      }, 30_000);

      const cases = await archivedCases();
      for (const type of ['inPersonCaseWorkflow', 'affiliatePasswordWorkflow', 'employerPasswordWorkflow'] as const) {
        expect({ type, missing: closed[type].filter((id) => !cases.includes(id)) }).toEqual({ type, missing: [] });
      }
      const runs = await archivedRuns();
      // One row per run: the three poder reviews, and the archiver's run.
      expect(runs.filter((r) => r.workflow_type === 'poderReviewWorkflow')).toHaveLength(3);
      expect(runs.find((r) => r.workflow_id === archiver.workflowId)).toMatchObject({
        workflow_type: 'historyArchiverWorkflow',
        run_id: archiver.firstExecutionRunId,
      });
      // Closed cases of every status are archived, 003's `expired` among them; nothing is archived twice.
      const unarchived = await new TestRows(db.dataSource).unarchivedCases([
        'issued',
        'rejected',
        'lapsed',
        'cancelled',
        'abandoned',
        'verification_failed',
        'expired',
      ]);
      expect(unarchived).toBe(0);
      expect((await activities.archiveClosedHistories({ limit: 500 })).archived).toBe(0);
    });
  });
});

async function waitFor(probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`not done within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
