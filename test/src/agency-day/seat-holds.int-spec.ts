import { randomUUID } from 'node:crypto';
import { WaitingListOffers } from '@tramites/activities';
import { AgendaRepository, SeatHoldRepository } from '@tramites/persistence';
import { TestRows } from '@tramites/testing/rows';
import { TEST_SECRET, createTestDatabase, seedAgency, type TestDatabase } from '@tramites/testing';

/**
 * A booking's seat hold (ADR 0035, decision 10) on a real PostgreSQL: the worker's waiting-list sweep ends
 * a hold whose booking never came and frees its seat; a booking that comes for a slot that has started is
 * refused as any (SLOT_PAST), and the seat held there goes back.
 */
describe('seat holds', () => {
  let db: TestDatabase;
  let rows: TestRows;
  let holds: SeatHoldRepository;
  let offers: WaitingListOffers;

  beforeAll(async () => {
    db = await createTestDatabase('seat_holds');
    await seedAgency(db.dataSource, 1);
    rows = new TestRows(db.dataSource);
    holds = new SeatHoldRepository(db.dataSource);
    offers = new WaitingListOffers({
      dataSource: db.dataSource,
      secret: TEST_SECRET,
      offerBaseUrl: 'http://localhost:3001/turno/lista/oferta',
      holdMinutes: 30,
    });
  });

  afterAll(async () => {
    await db.drop();
  });

  it("the worker's sweep ends a hold past its time and frees its seat; a live hold keeps its own", async () => {
    const [stale, live] = [await rows.slotStartingIn('UIO-NORTE', 2 * 24 * 60, 1), await rows.slotStartingIn('UIO-NORTE', 2 * 24 * 60 + 30, 1)];
    const [gone, waiting] = [randomUUID(), randomUUID()];
    expect(await holds.hold(gone, stale, 120)).toBe('held');
    expect(await holds.hold(waiting, live, 120)).toBe('held');
    expect(await rows.slot(stale)).toEqual({ booked: 1, capacity: 1 });
    // Its booking never came and its time passed (the database's clock: the hold is made to end now).
    await rows.endSeatHolds(stale);

    // Nobody waits on the list for that day: the sweep offers nothing, and the seat is free again.
    expect(await offers.passOnExpiredHolds()).toEqual([]);
    expect(await rows.slot(stale)).toEqual({ booked: 0, capacity: 1 });
    expect(await rows.seatHolds(stale)).toEqual({ expired: 1 });
    expect(await rows.slot(live)).toEqual({ booked: 1, capacity: 1 });
    expect(await rows.seatHolds(live)).toEqual({ held: 1 });
    // A second sweep frees nothing twice.
    await offers.passOnExpiredHolds();
    expect(await rows.slot(stale)).toEqual({ booked: 0, capacity: 1 });

    // Someone else books the freed seat; the late booking of the hold's case finds no seat (its hold ended).
    const agenda = new AgendaRepository(db.dataSource);
    const other = randomUUID();
    expect((await agenda.reserve(other, stale, 'P-OTHER', `R-${other}`)).slotId).toBe(stale);
    await expect(agenda.reserve(gone, stale, 'P-GONE', `R-${gone}`)).rejects.toMatchObject({ code: 'APPOINTMENT.SLOT_FULL' });
    expect(await rows.slot(stale)).toEqual({ booked: 1, capacity: 1 });
  });

  it('refuses a booking with a held seat in a slot that has started, and gives the held seat back', async () => {
    const slotId = await rows.slotStartingIn('UIO-NORTE', 3 * 24 * 60, 1);
    const caseId = randomUUID();
    expect(await holds.hold(caseId, slotId, 120)).toBe('held');
    // The workflow was slow: the slot started before its booking came.
    await rows.startSlotNow(slotId);
    await expect(new AgendaRepository(db.dataSource).reserve(caseId, slotId, 'P-LATE', `R-${caseId}`)).rejects.toMatchObject({
      code: 'APPOINTMENT.SLOT_PAST',
    });
    expect(await rows.appointmentStatus(caseId)).toBeUndefined();
    expect(await rows.slot(slotId)).toEqual({ booked: 0, capacity: 1 });
    expect(await rows.seatHolds(slotId)).toEqual({ released: 1 });
  });

  it('refuses a move with a held seat to a slot that has started, keeps the turno it had, and gives the held seat back', async () => {
    const [from, to] = [await rows.slotStartingIn('UIO-NORTE', 4 * 24 * 60, 1), await rows.slotStartingIn('UIO-NORTE', 4 * 24 * 60 + 30, 1)];
    const caseId = randomUUID();
    await new AgendaRepository(db.dataSource).reserve(caseId, from, 'P-MOVER', `R-${caseId}`);
    expect(await holds.hold(caseId, to, 120)).toBe('held');
    await rows.startSlotNow(to);
    await expect(offers.moveAndOffer(caseId, to)).rejects.toMatchObject({ code: 'APPOINTMENT.SLOT_PAST' });
    expect(await new AgendaRepository(db.dataSource).bookedSlotOf(caseId)).toBe(from);
    expect(await rows.slot(from)).toEqual({ booked: 1, capacity: 1 });
    expect(await rows.slot(to)).toEqual({ booked: 0, capacity: 1 });
    expect(await rows.seatHolds(to)).toEqual({ released: 1 });
  });
});
