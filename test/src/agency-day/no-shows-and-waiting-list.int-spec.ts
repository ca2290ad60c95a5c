import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { CaseView } from '@tramites/contracts';
import { addBusinessDays, endOfBusinessDay, guayaquilInstant, toLocalDate } from '@tramites/domain';
import type { AgendaRepository } from '@tramites/persistence';
import { TestRows } from '@tramites/testing/rows';
import {
  CaseDriver,
  createTestDatabase,
  createTestWorker,
  openCaseInput,
  recordHistory,
  seedAgency,
  startTestSmtpServer,
  startTimeSkippingServer,
  testActivityDependencies,
  uniqueTaskQueue,
  type TestDatabase,
  type TestSmtpServer,
} from '@tramites/testing';

/** A booked turno nobody attends (sheets 000, 002: the turno is lost), on the time-skipping server. */
describe('agency day: no-shows', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let worker: Worker;
  let running: Promise<void>;
  let agenda: AgendaRepository;
  let driver: CaseDriver;
  const taskQueue = uniqueTaskQueue('no-shows');

  beforeAll(async () => {
    env = await startTimeSkippingServer();
    db = await createTestDatabase('no_shows');
    smtp = await startTestSmtpServer();
    agenda = await seedAgency(db.dataSource, 2);
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

  it("lapses a no-show at its agency's own closing time (15:30), not at the common 17:00, frees the seat and says how to book again", async () => {
    await agenda.upsertAgency({
      id: 'UIO-SUR',
      province: 'PICHINCHA',
      name: 'Centro de Atención Universal Quito Sur',
      address: 'Av. Maldonado',
      opensAt: '08:00',
      closesAt: '15:30',
      slotMinutes: 30,
      seatsPerSlot: 1,
    });
    const day = addBusinessDays(toLocalDate(await env.currentTimeMs()), 2);
    const slots = await agenda.availability('UIO-SUR', day, new Date(await env.currentTimeMs()));
    const slot = slots.find((s) => Date.parse(s.startsAt) === guayaquilInstant(day, 14, 0));
    if (!slot) throw new Error(`no 14:00 slot on ${day}`);
    const input = openCaseInput();
    const handle = await driver.open(input);
    const view = await driver.verifyAndBook(handle, input, slot.slotId);
    const closing = guayaquilInstant(day, 15, 30);
    expect(view.appointment?.closesAt).toBe(new Date(closing).toISOString());
    expect(view.deadlineAt).toBe(new Date(closing).toISOString());

    const result: CaseView = await handle.result();
    expect(result.status).toBe('lapsed');
    const now = await env.currentTimeMs();
    expect(now).toBeGreaterThanOrEqual(closing);
    expect(now).toBeLessThan(endOfBusinessDay(day));
    const rows = new TestRows(db.dataSource);
    expect(await rows.appointmentStatus(input.caseId)).toBe('released');
    expect((await agenda.availability('UIO-SUR', day, new Date(closing - 3 * 3_600_000))).find((s) => s.slotId === slot.slotId)?.available).toBe(1);
    const lapsed = await smtp.waitForMessage((m) => m.to.includes(input.booker.email) && /no registramos su asistencia/i.test(m.subject));
    expect(lapsed.text).toMatch(/agende un nuevo turno/i);
    await recordHistory(handle, '000-no-show-lapsed-at-agency-closing');
  });
});
