import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { historyFromJson } from '@tramites/histories';
import { Worker } from '@temporalio/worker';
import { encryptedPayloadKeyIds } from '@tramites/infra';
import {
  FINAL_STATUSES,
  HISTORY_ARCHIVER_WORKFLOW_ID,
  bookSlotUpdate,
  cancelUpdate,
  checkInUpdate,
  endorsePoderUpdate,
  getPoderQuery,
  poderId,
  recordDocumentsUpdate,
  retryStuckUpdate,
  verifyCodeUpdate,
  type Actor,
  type CaseView,
  type OpenCaseInput,
  type RegistryFacts,
  WORKFLOW_TYPES,
} from '@tramites/contracts';
import { createActivities } from '@tramites/activities';
import { isValidForeignerCode } from '@tramites/domain';
import {
  CaseDriver,
  LEGAL_OFFICER,
  OFFICER,
  OTHER_OFFICER,
  THIRD_PARTY_CEDULA,
  completeDocuments000,
  completeDocuments001ByAttorney,
  completeDocuments002,
  connectToSharedTemporal,
  createTestDatabase,
  createTestWorker,
  observedDocuments000,
  openCaseInput,
  recordHistory,
  seedAgency,
  slotStartingSoon,
  startTestSmtpServer,
  testActivityDependencies,
  uniqueTaskQueue,
  testDataConverter,
  workflowBundle,
  type TestDatabase,
  type TestSmtpServer,
  testPoderReviewWorkflowId,
} from '@tramites/testing';
import { TestRows } from '@tramites/testing/rows';

/** The in-person procedures on the real dev server, real PostgreSQL and a real SMTP server. */
describe('in-person case workflow', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  const rows = (): TestRows => new TestRows(db.dataSource);
  let smtp: TestSmtpServer;
  let worker: Worker;
  let running: Promise<void>;
  let driver: CaseDriver;
  /** The registry of cédulas/affiliations the 002 cases consult; a test can make it fail. */
  let registryDown = 0;
  const registryFacts = new Map<string, RegistryFacts>();
  const taskQueue = uniqueTaskQueue('in-person');

  beforeAll(async () => {
    env = await connectToSharedTemporal();
    db = await createTestDatabase('in_person');
    smtp = await startTestSmtpServer();
    await seedAgency(db.dataSource, 2);
    worker = await createTestWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      dependencies: testActivityDependencies({
        dataSource: db.dataSource,
        smtpPort: smtp.port,
        overrides: {
          temporal: env.client, // the history archiver's activity reads histories through it
          registry: {
            lookup: async (holder) => {
              if (registryDown > 0) {
                registryDown -= 1;
                throw new Error('registry timeout');
              }
              return registryFacts.get(holder.documentNumber) ?? { hasForeignerCode: false, hasCedula: false, isAffiliated: false };
            },
          },
        },
      }),
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

  async function toWindow(input: OpenCaseInput): Promise<WorkflowHandle> {
    const handle = await driver.open(input);
    await driver.verifyAndBook(handle, input, await slotStartingSoon(db.dataSource, 'UIO-NORTE'));
    await handle.executeUpdate(checkInUpdate, { args: [{ actor: OFFICER }] });
    return handle;
  }

  const events = async (caseId: string): Promise<Array<{ type: string; actor_id: string; actor_role: string }>> =>
    (await rows().caseEvents(caseId)).map(({ type, actor_id, actor_role }) => ({ type, actor_id, actor_role }));

  it('000: from the emailed code to the issued foreigner code, audited and emailed at each step', async () => {
    const input = openCaseInput();
    const handle = await toWindow(input);
    const view = await handle.executeUpdate(recordDocumentsUpdate, { args: [completeDocuments000(OFFICER)] });
    expect(view.checklist?.outcome).toBe('accepted');

    const result: CaseView = await handle.result();
    expect(result.status).toBe('issued');
    expect(result.result?.alreadyHad).toBe(false);
    expect(isValidForeignerCode(result.result?.code ?? '').ok).toBe(true);
    expect(result.result?.documentSha256).toMatch(/^[0-9a-f]{64}$/);

    expect((await events(input.caseId)).map((e) => e.type)).toEqual([
      'CASE_OPENED',
      'VERIFICATION_CODE_SENT',
      'BOOKER_VERIFIED',
      'APPOINTMENT_BOOKED',
      'CASE_CHECKED_IN',
      'DOCUMENTS_ACCEPTED',
      'FOREIGNER_CODE_ISSUED',
    ]);
    const issued = await smtp.waitForMessage((m) => m.to.includes(input.booker.email) && m.text.includes(result.result?.code ?? '-'));
    expect(issued.attachments.map((a) => a.contentType)).toContain('application/pdf');
    const row = await rows().caseRow(input.caseId);
    expect({ status: row?.status, waiting_on: row?.waiting_on, deadline_at: row?.deadline_at }).toEqual({
      status: 'issued',
      waiting_on: 'nobody',
      deadline_at: null,
    });
    await recordHistory(handle, '000-issued');
  });

  it('never gives a person a second code: a later case gets the existing one', async () => {
    const first = openCaseInput();
    const firstHandle = await toWindow(first);
    await firstHandle.executeUpdate(recordDocumentsUpdate, { args: [completeDocuments000(OFFICER)] });
    const firstResult = await firstHandle.result();

    const again = openCaseInput({ holder: first.holder });
    const againHandle = await toWindow(again);
    await againHandle.executeUpdate(recordDocumentsUpdate, { args: [completeDocuments000(OFFICER)] });
    const againResult = await againHandle.result();
    expect(againResult.result).toMatchObject({ code: firstResult.result?.code, alreadyHad: true });
    expect(await rows().foreignerCodesForDocument(first.holder.documentNumber)).toBe(1);
    await recordHistory(againHandle, '000-already-had-code');
  });

  it('closes the case after five wrong codes', async () => {
    const input = openCaseInput();
    const handle = await driver.open(input);
    const real = await driver.emailedCode(input.booker.email);
    const wrong = real === '000000' ? '111111' : '000000';
    const applicant: Actor = { id: input.booker.identityNumber, role: 'applicant' };
    for (let i = 0; i < 5; i += 1) await handle.executeUpdate(verifyCodeUpdate, { args: [{ actor: applicant, code: wrong }] });
    expect((await handle.result()).status).toBe('verification_failed');
    await recordHistory(handle, '000-verification-failed');
  });

  it('never books a slot beyond its capacity, even when two bookings race', async () => {
    const slotId = await slotStartingSoon(db.dataSource, 'UIO-NORTE', 1, 30);
    const a = openCaseInput();
    const b = openCaseInput();
    const [ha, hb] = await Promise.all([driver.open(a), driver.open(b)]);
    const verify = async (h: WorkflowHandle, input: OpenCaseInput): Promise<void> => {
      const code = await driver.emailedCode(input.booker.email);
      await h.executeUpdate(verifyCodeUpdate, { args: [{ actor: { id: input.booker.identityNumber, role: 'applicant' }, code }] });
    };
    await Promise.all([verify(ha, a), verify(hb, b)]);
    const outcomes = await Promise.allSettled([
      ha.executeUpdate(bookSlotUpdate, { args: [{ actor: { id: a.booker.identityNumber, role: 'applicant' }, slotId }] }),
      hb.executeUpdate(bookSlotUpdate, { args: [{ actor: { id: b.booker.identityNumber, role: 'applicant' }, slotId }] }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(WorkflowUpdateFailedError);
    // The refusal sits somewhere down the cause chain (an activity failure, local or not); the API walks it the same way.
    let cause: unknown = refused.reason.cause;
    while (cause && !(cause as { type?: string }).type) cause = (cause as { cause?: unknown }).cause;
    expect(cause).toMatchObject({ type: 'APPOINTMENT.SLOT_FULL' });
    const slot = await rows().slot(slotId);
    expect(slot).toEqual({ booked: 1, capacity: 1 });
    for (const [h, input] of [
      [ha, a],
      [hb, b],
    ] as const) {
      await h.executeUpdate(cancelUpdate, { args: [{ actor: { id: input.booker.identityNumber, role: 'applicant' }, reason: 'fin de la prueba' }] });
    }
    expect((await rows().slot(slotId))?.booked).toBe(0);
    await recordHistory(ha, 'booking-cancelled');
  });

  it('observes documents, pauses the institution clock, and accepts the corrected submission', async () => {
    const input = openCaseInput();
    const handle = await toWindow(input);
    const observed = await handle.executeUpdate(recordDocumentsUpdate, { args: [observedDocuments000(OFFICER)] });
    expect(observed.status).toBe('awaiting_correction');
    expect(observed.waitingOn).toBe('applicant');
    expect(observed.checklist?.reasons.map((r) => r.code)).toContain('DOC.SIGNATURE_HANDWRITTEN_REQUIRED');
    expect(observed.serviceClock?.runningSince).toBeNull();
    await smtp.waitForMessage((m) => m.to.includes(input.booker.email) && /firma|manuscrita/i.test(m.text));

    const accepted = await handle.executeUpdate(recordDocumentsUpdate, { args: [completeDocuments000(OFFICER)] });
    expect(accepted.serviceClock?.runningSince).not.toBeNull();
    expect((await handle.result()).status).toBe('issued');
    await recordHistory(handle, '000-observed-then-issued');
  });

  it('refuses an officer of another agency and an applicant who is not the booker', async () => {
    const input = openCaseInput();
    const handle = await driver.open(input);
    await driver.verifyAndBook(handle, input, await slotStartingSoon(db.dataSource, 'UIO-NORTE'));
    const foreign: Actor = { id: 'officer-gye', role: 'case_manager', agencyId: 'GYE-CENTRO' };
    await expect(handle.executeUpdate(checkInUpdate, { args: [{ actor: foreign }] })).rejects.toMatchObject({
      cause: { type: 'AUTH.OUT_OF_SCOPE' },
    });
    await expect(
      handle.executeUpdate(cancelUpdate, { args: [{ actor: { id: 'someone-else', role: 'applicant' }, reason: 'no es mío' }] }),
    ).rejects.toMatchObject({ cause: { type: 'AUTH.NOT_YOUR_CASE' } });
    await handle.executeUpdate(cancelUpdate, { args: [{ actor: OFFICER, reason: 'fin de la prueba' }] });
  });

  it('001 by an attorney: the legal unit endorses the poder (never the officer who reviewed), and the next case reuses it', async () => {
    const poder = {
      employerId: '1790016919001',
      attorneyId: THIRD_PARTY_CEDULA,
      attorneyName: 'Luis Alberto Mena Vera',
      deedNumber: `2026-17-01-${Math.floor(Math.random() * 1e6)}-P`,
      notary: 'Notaría Primera del cantón Quito',
    };
    const input = openCaseInput({
      procedure: 'FOREIGNER_CODE_EMPLOYMENT',
      filerRole: 'attorney',
      employerId: poder.employerId,
      poder,
    });
    input.booker.identityNumber = THIRD_PARTY_CEDULA;
    input.openedBy = { id: THIRD_PARTY_CEDULA, role: 'applicant' };
    const handle = await toWindow(input);
    const reviewed = await handle.executeUpdate(recordDocumentsUpdate, { args: [completeDocuments001ByAttorney(OFFICER)] });
    expect(reviewed.checklist?.outcome).toBe('accepted');

    const poderHandle = env.client.workflow.getHandle(testPoderReviewWorkflowId(poderId(poder)));
    await waitFor(async () => (await poderHandle.query(getPoderQuery).catch(() => undefined))?.status === 'pending');
    // ADR 0014: the review's id, which Temporal cannot encrypt, holds none of the poder's numbers.
    expect(poderHandle.workflowId).toMatch(/^poder:[A-Za-z0-9_-]{32}$/);
    for (const number of [poder.employerId, poder.attorneyId, poder.deedNumber]) expect(poderHandle.workflowId).not.toContain(number);
    // The query answers as soon as the review opens; its inbox row follows with its first activity.
    const inboxRow = async (): Promise<{ workflow_id: string } | undefined> => rows().poderReview(poderId(poder));
    await waitFor(async () => (await inboxRow()) !== undefined);
    expect((await inboxRow())?.workflow_id).toBe(poderHandle.workflowId);
    const sameOfficer: Actor = { ...LEGAL_OFFICER, id: OFFICER.id };
    await expect(poderHandle.executeUpdate(endorsePoderUpdate, { args: [{ actor: sameOfficer }] })).rejects.toMatchObject({
      cause: { type: 'PODER.SAME_OFFICER' },
    });
    await expect(poderHandle.executeUpdate(endorsePoderUpdate, { args: [{ actor: OTHER_OFFICER }] })).rejects.toMatchObject({
      cause: { type: 'AUTH.ROLE_NOT_ALLOWED' },
    });
    const endorsed = await poderHandle.executeUpdate(endorsePoderUpdate, { args: [{ actor: LEGAL_OFFICER }] });
    expect(endorsed.status).toBe('endorsed');
    expect(endorsed.businessMsTaken).toBeGreaterThanOrEqual(0);
    expect((await handle.result()).status).toBe('issued');

    const later = openCaseInput({ procedure: 'FOREIGNER_CODE_EMPLOYMENT', filerRole: 'attorney', employerId: poder.employerId, poder });
    later.booker.identityNumber = THIRD_PARTY_CEDULA;
    later.openedBy = { id: THIRD_PARTY_CEDULA, role: 'applicant' };
    const laterHandle = await toWindow(later);
    await laterHandle.executeUpdate(recordDocumentsUpdate, { args: [completeDocuments001ByAttorney(OFFICER)] });
    expect((await laterHandle.result()).status).toBe('issued');
    const laterEvents = (await events(later.caseId)).map((e) => e.type);
    expect(laterEvents).toContain('PODER_FOUND_ENDORSED');
    expect(laterEvents).not.toContain('PODER_SENT_TO_LEGAL_UNIT');
    const decided = (await events(input.caseId)).find((e) => e.type === 'PODER_ENDORSED');
    expect(decided).toMatchObject({ actor_id: LEGAL_OFFICER.id, actor_role: 'legal_unit' });
    await recordHistory(handle, '001-poder-endorsed');
    await recordHistory(poderHandle, 'poder-review-endorsed');
    await recordHistory(laterHandle, '001-poder-reused');
    // Encrypted payloads and the keyed review id (ADR 0014).
    await recordHistory(handle, 'encrypted-001-poder-endorsed-keyed-id');
    await recordHistory(poderHandle, 'encrypted-poder-review-endorsed-keyed-id');
  });

  it('002: refused when the registry knows a cédula; shown as stuck while the registry does not answer, then issued', async () => {
    const known = openCaseInput({ procedure: 'NON_AFFILIATION_CERTIFICATE' });
    registryFacts.set(known.holder.documentNumber, { hasForeignerCode: false, hasCedula: true, isAffiliated: false });
    const knownHandle = await toWindow(known);
    await knownHandle.executeUpdate(recordDocumentsUpdate, { args: [completeDocuments002(OFFICER)] });
    const refused: CaseView = await knownHandle.result();
    expect(refused.status).toBe('rejected');
    expect(refused.closedReason?.map((r) => r.code)).toEqual(['ELIGIBILITY.HAS_CEDULA']);
    await recordHistory(knownHandle, '002-rejected-has-cedula');

    registryDown = 5; // five failed attempts: the activity's retries are exhausted
    // 100 ms, not production's 5 s back-off: five failed attempts in a second, not in a minute.
    const input = openCaseInput({ procedure: 'NON_AFFILIATION_CERTIFICATE', settings: { registryRetryInitialMs: 100 } });
    const handle = await toWindow(input);
    await handle.executeUpdate(recordDocumentsUpdate, { args: [completeDocuments002(OFFICER)] });
    await waitFor(async () => (await driver.query(handle)).status === 'stuck', 90_000);
    const stuck = await driver.query(handle);
    expect(stuck.stuck).toMatchObject({ step: 'lookupRegistry', attempts: 1 });
    const row = await rows().caseRow(input.caseId);
    expect({ status: row?.status, waiting_on: row?.waiting_on }).toEqual({ status: 'stuck', waiting_on: 'institution' });

    await handle.executeUpdate(retryStuckUpdate, { args: [{ actor: OFFICER }] });
    const done: CaseView = await handle.result();
    expect(done.status).toBe('issued');
    expect(done.result?.kind).toBe('NON_AFFILIATION_CERTIFICATE');
    await recordHistory(handle, '002-stuck-then-issued');
  });

  /** Archived histories against closed cases in the read model. */
  const archiveCounts = async (): Promise<{ archived: number; closed: number }> => rows().archiveCounts(FINAL_STATUSES);

  it('archives the histories of closed cases, once, in a form that replays', async () => {
    const archiver = createActivities(testActivityDependencies({ dataSource: db.dataSource, smtpPort: smtp.port, overrides: { temporal: env.client } }));
    const first = await archiver.archiveClosedHistories({ limit: 500 });
    expect(first.archived).toBeGreaterThanOrEqual(5);
    expect((await archiver.archiveClosedHistories({ limit: 500 })).archived).toBe(0);
    const counts = await archiveCounts();
    expect(counts.archived).toBe(counts.closed);
    const row = (await rows().anArchivedHistory())!;
    // Stored as Temporal gave it: encrypted (ADR 0014), so the archive holds no personal data in clear.
    expect(encryptedPayloadKeyIds(historyFromJson(row.history))).not.toHaveLength(0);
    const replay = await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle(), dataConverter: testDataConverter },
      row.history,
      `case:${row.case_id}`,
    );
    expect(replay).toBeUndefined();
  });

  it('runs the archiver workflow: a round of archiving, then a wait for the next one (recorded for replay)', async () => {
    const handle = await env.client.workflow.start(WORKFLOW_TYPES.historyArchiver, {
      taskQueue,
      workflowId: `history-archiver:${taskQueue}`, // its fixed id for this task queue (singletonWorkflowId)
      args: [{ intervalMinutes: 60, batch: 2 }],
    });
    try {
      await waitFor(async () => (await handle.fetchHistory()).events?.some((e) => e.timerStartedEventAttributes) ?? false);
      const counts = await archiveCounts();
      expect(counts.archived).toBe(counts.closed);
      await recordHistory(handle, 'history-archiver-round');
      // Replayed under its file's name as workflow id: the fixed id, which the start-origins check asks of the archiver.
      await recordHistory(handle, HISTORY_ARCHIVER_WORKFLOW_ID);
    } finally {
      await handle.terminate('fin de la prueba');
    }
  });
});

async function waitFor(probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}
