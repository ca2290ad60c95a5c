import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { WaitingListOffers, offerTokenSha256 } from '@tramites/activities';
import { bookSlotUpdate, cancelUpdate, getCaseQuery, verifyCodeUpdate, type Actor, type CaseView, type OpenCaseInput } from '@tramites/contracts';
import { addBusinessDays, endOfBusinessDay, guayaquilInstant, toLocalDate } from '@tramites/domain';
import { AgendaRepository, SmsOutboxRepository, WaitingListRepository } from '@tramites/persistence';
import { TestRows } from '@tramites/testing/rows';
import {
  CaseDriver,
  TEST_SECRET,
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

  describe('the waiting list', () => {
    const applicant = (input: OpenCaseInput): Actor => ({ id: input.booker.identityNumber, role: 'applicant' });
    let day: string;

    /** An agency with one seat per slot, and its 14:00 slot two business days ahead. */
    async function oneSeatSlot(id: string): Promise<string> {
      await agenda.upsertAgency({
        id,
        province: 'PICHINCHA',
        name: `Agencia ${id}`,
        address: 'Av. Amazonas',
        opensAt: '08:00',
        closesAt: '17:00',
        slotMinutes: 30,
        seatsPerSlot: 1,
      });
      day = addBusinessDays(toLocalDate(await env.currentTimeMs()), 2);
      const slots = await agenda.availability(id, day, new Date(await env.currentTimeMs()));
      const slot = slots.find((s) => Date.parse(s.startsAt) === guayaquilInstant(day, 14, 0));
      if (!slot) throw new Error(`no 14:00 slot on ${day}`);
      return slot.slotId;
    }

    async function waiting(input: OpenCaseInput, agencyId: string, vulnerable: boolean): Promise<number> {
      const { ahead } = await new WaitingListRepository(db.dataSource).join({
        caseId: input.caseId,
        applicantId: input.booker.identityNumber,
        agencyId,
        day,
        vulnerable,
        email: input.booker.email,
        mobile: input.booker.mobile,
      });
      return ahead;
    }

    const offerLink = async (email: string): Promise<string> => {
      const m = await smtp.waitForMessage((e) => e.to.includes(email) && /se liberó un turno/i.test(e.subject));
      const url = /https?:\/\/\S+\/turno\/lista\/oferta\/([A-Za-z0-9_-]+)/.exec(m.text);
      if (!url?.[1]) throw new Error('no offer link in the email');
      return url[1];
    };

    it('a cancelled seat is held for the first who waits (vulnerable first), by email and SMS; unclaimed, it passes to the next, who takes it', async () => {
      const slotId = await oneSeatSlot('UIO-WL');
      const booker = openCaseInput();
      const bookerHandle = await driver.open(booker);
      await driver.verifyAndBook(bookerHandle, booker, slotId);

      // The day is full: A joins first, B (a vulnerable group) later, and B goes first.
      const a = openCaseInput();
      const b = openCaseInput();
      b.booker.mobile = '0987654321';
      const aHandle = await driver.open(a);
      await aHandle.executeUpdate(verifyCodeUpdate, { args: [{ actor: applicant(a), code: await driver.emailedCode(a.booker.email) }] });
      // Z, vulnerable and the first to join, then cancels its case: it is passed over, and nobody waits behind it.
      const z = openCaseInput();
      const zHandle = await driver.open(z);
      await zHandle.executeUpdate(verifyCodeUpdate, { args: [{ actor: applicant(z), code: await driver.emailedCode(z.booker.email) }] });
      await new WaitingListRepository(db.dataSource).join({
        caseId: z.caseId,
        applicantId: z.booker.identityNumber,
        agencyId: 'UIO-WL',
        day,
        vulnerable: true,
        email: z.booker.email,
        mobile: z.booker.mobile,
      });
      await zHandle.executeUpdate(cancelUpdate, { args: [{ actor: applicant(z), reason: 'Ya no lo necesito' }] });
      expect(await waiting(a, 'UIO-WL', false)).toBe(0);
      expect(await waiting(b, 'UIO-WL', true)).toBe(0);
      expect(await waiting(a, 'UIO-WL', false)).toBe(1);

      await bookerHandle.executeUpdate(cancelUpdate, { args: [{ actor: applicant(booker), reason: 'No puedo asistir' }] });
      const bToken = await offerLink(b.booker.email);
      const list = new WaitingListRepository(db.dataSource);
      const offered = await list.offerByToken(offerTokenSha256(bToken));
      expect(offered).toMatchObject({ caseId: b.caseId, slotId, status: 'held', live: true });
      // Held for the production default, 30 minutes (WAITING_LIST_HOLD_MINUTES).
      expect(Date.parse(offered?.expiresAt ?? '') - Date.now()).toBeGreaterThan(29 * 60_000);
      expect(Date.parse(offered?.expiresAt ?? '') - Date.now()).toBeLessThanOrEqual(30 * 60_000);
      expect((await new SmsOutboxRepository(db.dataSource).ofCase(b.caseId)).map((r) => r.template)).toEqual(['WAITING_LIST_OFFER']);
      // The held seat is counted: nobody else can take it meanwhile, not even the next of the list.
      expect(await new TestRows(db.dataSource).slot(slotId)).toEqual({ booked: 1, capacity: 1 });
      await expect(aHandle.executeUpdate(bookSlotUpdate, { args: [{ actor: applicant(a), slotId }] })).rejects.toThrow();
      expect((await aHandle.query(getCaseQuery)).status).toBe('awaiting_booking');

      // B does not take it in time (the database's clock is not the skipped one: its hold is made to end now), and the seat goes to A.
      await new TestRows(db.dataSource).endWaitingListHolds();
      const offers = new WaitingListOffers({
        dataSource: db.dataSource,
        secret: TEST_SECRET,
        offerBaseUrl: 'http://localhost:3001/turno/lista/oferta',
        holdMinutes: 30,
      });
      const passed = await offers.passOnExpiredHolds();
      expect(passed.map((o) => o.caseId)).toEqual([a.caseId]);
      expect((await list.offerByToken(offerTokenSha256(bToken)))?.status).toBe('expired');
      const aToken = await offerLink(a.booker.email);
      expect((await list.offerByToken(offerTokenSha256(aToken)))?.live).toBe(true);

      // A books that slot: the booking consumes the hold, and the slot stays at its capacity.
      const booked = await aHandle.executeUpdate(bookSlotUpdate, { args: [{ actor: applicant(a), slotId }] });
      expect(booked.status).toBe('scheduled');
      expect(await new TestRows(db.dataSource).slot(slotId)).toEqual({ booked: 1, capacity: 1 });
      expect((await list.offerByToken(offerTokenSha256(aToken)))?.status).toBe('taken');
      expect((await list.entriesOf(a.caseId))[0]?.status).toBe('booked');
      expect((await list.entriesOf(b.caseId))[0]?.status).toBe('passed');
    });

    it('two takers at once never double-book a seat: one booking wins, the other is told the slot is full', async () => {
      const agency = new AgendaRepository(db.dataSource);
      for (let round = 0; round < 5; round += 1) {
        const slotId = await new TestRows(db.dataSource).slotStartingIn('UIO-NORTE', 600 + round * 60, 1);
        const [x, y] = [openCaseInput().caseId, openCaseInput().caseId];
        const outcomes = await Promise.allSettled([agency.reserve(x, slotId, 'P1', `R-${x}`), agency.reserve(y, slotId, 'P2', `R-${y}`)]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect((refused?.reason as { code?: string }).code).toBe('APPOINTMENT.SLOT_FULL');
        expect(await new TestRows(db.dataSource).slot(slotId)).toEqual({ booked: 1, capacity: 1 });
      }
    });

    it('a held seat and a booking at once: the hold is kept for its holder, who books it', async () => {
      const slotId = await oneSeatSlot('UIO-WL2');
      const holder = openCaseInput();
      const list = new WaitingListRepository(db.dataSource);
      await list.join({
        caseId: holder.caseId,
        applicantId: 'P-HOLDER',
        agencyId: 'UIO-WL2',
        day,
        vulnerable: false,
        email: holder.booker.email,
        mobile: holder.booker.mobile,
      });
      // A seat frees (the slot had one free seat all along): held for the holder.
      const held = await db.dataSource.transaction((tx) => new WaitingListRepository(tx).holdFreedSeat(slotId, 30, randomUUID(), 'f'.repeat(64)));
      expect(held?.caseId).toBe(holder.caseId);
      const agency = new AgendaRepository(db.dataSource);
      const other = openCaseInput().caseId;
      const outcomes = await Promise.allSettled([agency.reserve(other, slotId, 'P-OTHER', 'R-3'), agency.reserve(holder.caseId, slotId, 'P-HOLDER', 'R-4')]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled']);
      expect(await new TestRows(db.dataSource).slot(slotId)).toEqual({ booked: 1, capacity: 1 });
    });

    it('a rescheduled turno leaves its seat to the first who waits, in the same transaction as the move', async () => {
      const left = await oneSeatSlot('UIO-WL3');
      const later = (await agenda.availability('UIO-WL3', day)).find((x) => Date.parse(x.startsAt) === guayaquilInstant(day, 15, 0));
      if (!later) throw new Error(`no 15:00 slot on ${day}`);
      const mover = randomUUID();
      await new AgendaRepository(db.dataSource).reserve(mover, left, 'P-MOVER', `R-${mover}`);
      const waiter = openCaseInput();
      await new WaitingListRepository(db.dataSource).join({
        caseId: waiter.caseId,
        applicantId: waiter.booker.identityNumber,
        agencyId: 'UIO-WL3',
        day,
        vulnerable: false,
        email: waiter.booker.email,
        mobile: waiter.booker.mobile,
      });
      const offers = new WaitingListOffers({
        dataSource: db.dataSource,
        secret: TEST_SECRET,
        offerBaseUrl: 'http://localhost:3001/turno/lista/oferta',
        holdMinutes: 30,
      });
      const moved = await offers.moveAndOffer(mover, later.slotId);
      expect(moved.slotId).toBe(later.slotId);
      await offerLink(waiter.booker.email);
      expect((await new WaitingListRepository(db.dataSource).entriesOf(waiter.caseId))[0]?.status).toBe('offered');
      // The seat it left is held for the waiter, not free for anyone else.
      expect(await new TestRows(db.dataSource).slot(left)).toEqual({ booked: 1, capacity: 1 });
    });

    it('a case on two lists holds one seat at a time; when it books elsewhere, its hold ends and the seat goes to the next who waits', async () => {
      const north = await oneSeatSlot('UIO-WL4');
      const south = await oneSeatSlot('UIO-WL5');
      const [both, second, third] = [openCaseInput(), openCaseInput(), openCaseInput()];
      const join = (input: OpenCaseInput, agencyId: string) =>
        new WaitingListRepository(db.dataSource).join({
          caseId: input.caseId,
          applicantId: input.booker.identityNumber,
          agencyId,
          day,
          vulnerable: false,
          email: input.booker.email,
          mobile: input.booker.mobile,
        });
      // The first waits on both agencies' lists of the day; the second behind it in the south, the third in the north.
      await join(both, 'UIO-WL4');
      await join(both, 'UIO-WL5');
      await join(second, 'UIO-WL5');
      await join(third, 'UIO-WL4');
      const hold = (slotId: string) =>
        db.dataSource.transaction((tx) => new WaitingListRepository(tx).holdFreedSeat(slotId, 30, randomUUID(), randomUUID().replace(/-/g, '').repeat(2)));
      expect((await hold(north))?.caseId).toBe(both.caseId);
      // It already holds a seat: the south's seat goes to the next who waits there.
      expect((await hold(south))?.caseId).toBe(second.caseId);

      // It books another turno (the south's 15:00) instead: its hold of the north's seat ends with that booking...
      const other = (await agenda.availability('UIO-WL5', day)).find((x) => Date.parse(x.startsAt) === guayaquilInstant(day, 15, 0));
      if (!other) throw new Error(`no 15:00 slot on ${day}`);
      await new AgendaRepository(db.dataSource).reserve(both.caseId, other.slotId, both.booker.identityNumber, `R-${both.caseId}`);
      // ...and the sweep gives that seat to the next of the north's list.
      const offers = new WaitingListOffers({
        dataSource: db.dataSource,
        secret: TEST_SECRET,
        offerBaseUrl: 'http://localhost:3001/turno/lista/oferta',
        holdMinutes: 30,
      });
      expect((await offers.passOnExpiredHolds()).map((o) => ({ caseId: o.caseId, slotId: o.slotId }))).toEqual([{ caseId: third.caseId, slotId: north }]);
      expect(await new TestRows(db.dataSource).slot(north)).toEqual({ booked: 1, capacity: 1 });
      const list = new WaitingListRepository(db.dataSource);
      expect((await list.entriesOf(third.caseId))[0]?.status).toBe('offered');
      expect((await list.entriesOf(both.caseId)).map((e) => e.status).sort()).toEqual(['passed', 'waiting']);
    });
  });
});
