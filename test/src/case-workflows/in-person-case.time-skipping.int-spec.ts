import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import {
  checkInUpdate,
  endorsePoderUpdate,
  getCaseQuery,
  getPoderQuery,
  poderId,
  recordDocumentsUpdate,
  type CaseView,
  type OpenCaseInput,
} from '@tramites/contracts';
import {
  CaseDriver,
  LEGAL_OFFICER,
  OFFICER,
  THIRD_PARTY_CEDULA,
  completeDocuments001ByAttorney,
  createTestDatabase,
  createTestWorker,
  freeSlot,
  observedDocuments000,
  openCaseInput,
  recordHistory,
  seedAgency,
  startTestSmtpServer,
  startTimeSkippingServer,
  testActivityDependencies,
  uniqueTaskQueue,
  type TestDatabase,
  type TestSmtpServer,
  testPoderReviewWorkflowId,
} from '@tramites/testing';
import { addBusinessDays, addDays, guayaquilInstant, startOfLocalDay, toLocalDate } from '@tramites/domain';
import type { AgendaRepository } from '@tramites/persistence';
import { TestRows } from '@tramites/testing/rows';

/** Timers of days and weeks (reminders, no-shows, correction and legal deadlines) on the time-skipping server. */
describe('in-person case deadlines, with skipped time', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let worker: Worker;
  let running: Promise<void>;
  let agenda: AgendaRepository;
  let driver: CaseDriver;
  const taskQueue = uniqueTaskQueue('deadlines');

  beforeAll(async () => {
    env = await startTimeSkippingServer();
    db = await createTestDatabase('deadlines');
    smtp = await startTestSmtpServer();
    agenda = await seedAgency(db.dataSource, 3);
    worker = await createTestWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      dependencies: testActivityDependencies({ dataSource: db.dataSource, smtpPort: smtp.port }),
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

  async function scheduled(input: OpenCaseInput): Promise<{ handle: WorkflowHandle; view: CaseView }> {
    const handle = await driver.open(input);
    // The server's clock is ahead of the wall clock once an earlier test skipped time.
    const view = await driver.verifyAndBook(handle, input, await freeSlot(agenda, await env.currentTimeMs(), 2));
    return { handle, view };
  }

  /** Moves the server's clock to a few minutes after the appointment starts, and checks in. */
  async function attend(handle: WorkflowHandle, view: CaseView): Promise<void> {
    const target = Date.parse(view.appointment?.startsAt ?? '') + 5 * 60_000;
    await env.sleep(target - (await env.currentTimeMs()));
    await handle.executeUpdate(checkInUpdate, { args: [{ actor: OFFICER }] });
  }

  it('reminds the day before, and lapses a no-show at the closing time of the appointment day', async () => {
    const input = openCaseInput();
    const { handle, view } = await scheduled(input);
    const result: CaseView = await handle.result();
    expect(result.status).toBe('lapsed');
    expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(Date.parse(view.deadlineAt ?? ''));
    await smtp.waitForMessage((m) => m.to.includes(input.booker.email) && /recordatorio/i.test(m.subject));
    const types = await new TestRows(db.dataSource).caseEvents(input.caseId);
    expect(types.map((t) => t.type).slice(-2)).toEqual(['APPOINTMENT_REMINDER_SENT', 'CASE_LAPSED']);
    expect(await new TestRows(db.dataSource).appointmentStatus(input.caseId)).toBe('released');
    await recordHistory(handle, '000-no-show-lapsed');
  });

  it('an appointment after the common closing time (a shopping-centre point) lapses at the closing time of its agency (20:00), not at booking', async () => {
    await agenda.upsertAgency({
      id: 'UIO-CC-QUICENTRO',
      province: 'PICHINCHA',
      name: 'Punto de atención Centro Comercial Quicentro',
      address: 'Av. Naciones Unidas',
      opensAt: '10:00',
      closesAt: '20:00',
      slotMinutes: 30,
      seatsPerSlot: 2,
    });
    const day = addBusinessDays(toLocalDate(await env.currentTimeMs()), 2);
    const slots = await agenda.availability('UIO-CC-QUICENTRO', day, new Date(await env.currentTimeMs()));
    const evening = slots.find((s) => Date.parse(s.startsAt) === guayaquilInstant(day, 18, 30));
    if (!evening) throw new Error(`no 18:30 slot on ${day}`);
    const input = openCaseInput();
    const handle = await driver.open(input);
    const view = await driver.verifyAndBook(handle, input, evening.slotId);
    expect(view.status).toBe('scheduled');
    // Its agency's own closing time (AGENCY_CLOSING_LAPSE_PATCH); cases before it lapsed at the end of the day.
    expect(view.deadlineAt).toBe(new Date(guayaquilInstant(day, 20, 0)).toISOString());
    expect(Date.parse(view.deadlineAt ?? '')).toBeLessThan(startOfLocalDay(addDays(day, 1)));
    const result: CaseView = await handle.result();
    expect(result.status).toBe('lapsed');
    expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(Date.parse(view.deadlineAt ?? ''));
    await recordHistory(handle, '000-after-hours-no-show-lapsed');
  });

  it('closes as abandoned when the correction deadline passes without a corrected submission', async () => {
    const input = openCaseInput();
    const { handle, view } = await scheduled(input);
    await attend(handle, view);
    const observed = await handle.executeUpdate(recordDocumentsUpdate, { args: [observedDocuments000(OFFICER)] });
    expect(observed.status).toBe('awaiting_correction');
    const result: CaseView = await handle.result();
    expect(result.status).toBe('abandoned');
    expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(Date.parse(observed.correctionDueAt ?? ''));
    const row = await new TestRows(db.dataSource).caseRow(input.caseId);
    expect({ status: row?.status, waiting_on: row?.waiting_on }).toEqual({ status: 'abandoned', waiting_on: 'nobody' });
    await recordHistory(handle, '000-abandoned');
  });

  it('reminds the legal unit at half its deadline and escalates when it passes; the case waits on the institution', async () => {
    const poder = {
      employerId: '1790016919001',
      attorneyId: THIRD_PARTY_CEDULA,
      attorneyName: 'Luis Alberto Mena Vera',
      deedNumber: `2026-17-01-${Math.floor(Math.random() * 1e6)}-P`,
      notary: 'Notaría Primera del cantón Quito',
    };
    const input = openCaseInput({ procedure: 'FOREIGNER_CODE_EMPLOYMENT', filerRole: 'attorney', employerId: poder.employerId, poder });
    input.booker.identityNumber = THIRD_PARTY_CEDULA;
    input.openedBy = { id: THIRD_PARTY_CEDULA, role: 'applicant' };
    const { handle, view } = await scheduled(input);
    await attend(handle, view);
    await handle.executeUpdate(recordDocumentsUpdate, { args: [completeDocuments001ByAttorney(OFFICER)] });

    const poderHandle = env.client.workflow.getHandle(testPoderReviewWorkflowId(poderId(poder)));
    // Just past the legal unit's deadline, read from the review: 3 business days of office time are up to 5
    // calendar days and a holiday after the start, so a fixed skip of 5 days ended on the deadline itself
    // for a review opened on a Wednesday, Thursday or Friday.
    let opened = await poderHandle.query(getPoderQuery).catch(() => undefined);
    for (let i = 0; i < 50 && !opened; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      opened = await poderHandle.query(getPoderQuery).catch(() => undefined);
    }
    if (!opened) throw new Error('the poder review did not answer its query');
    await env.sleep(Date.parse(opened.dueAt) + 60_000 - (await env.currentTimeMs()));
    // The timers have fired; the workflow may still be processing the last of them.
    let review = await poderHandle.query(getPoderQuery);
    for (let i = 0; i < 50 && !review.escalatedAt; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      review = await poderHandle.query(getPoderQuery);
    }
    expect(review.remindedAt).toBeDefined();
    expect(review.escalatedAt).toBeDefined();
    expect(Date.parse(review.escalatedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(review.dueAt));
    let inbox = await new TestRows(db.dataSource).poderReview(poderId(poder));
    for (let i = 0; i < 50 && !inbox?.escalated_at; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      inbox = await new TestRows(db.dataSource).poderReview(poderId(poder));
    }
    expect(inbox?.status).toBe('pending');
    expect(inbox?.escalated_at).not.toBeNull();
    expect((await handle.query(getCaseQuery)).waitingOn).toBe('institution');

    await poderHandle.executeUpdate(endorsePoderUpdate, { args: [{ actor: LEGAL_OFFICER }] });
    const result: CaseView = await handle.result();
    expect(result.status).toBe('issued');
    await recordHistory(handle, '001-poder-escalated');
    await recordHistory(poderHandle, 'poder-review-escalated');
  });
});
