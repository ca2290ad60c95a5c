import { randomUUID } from 'node:crypto';
import type { Principal } from '@tramites/api';
import { SeatHoldRepository } from '@tramites/persistence';
import { startApiHarness, type ApiHarness } from '@tramites/testing/api';
import { TestRows } from '@tramites/testing/rows';

const APPLICANTS = 10;
const SLOTS = 3;
const SEATS_PER_SLOT = 2;

interface Alternative {
  slotId: string;
  agencyId: string;
  startsAt: string;
  available: number;
}

/**
 * A new day's seats opening (ADR 0035): more verified applicants than seats book at once through the API. No
 * slot is overbooked, nothing fails with a 5xx, and each applicant who misses a seat is told so at once with
 * the next free slots of the agency, until none is left.
 */
describe('booking rush', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness('api_booking_rush');
  });
  afterAll(async () => {
    await h.close();
  });

  async function verifiedCase(n: number): Promise<{ caseId: string; auth: string }> {
    const sub = `PRUSH${String(n).padStart(5, '0')}`;
    const auth = `Bearer ${await h.token({ sub, role: 'applicant' } satisfies Principal)}`;
    const email = `${sub.toLowerCase()}@example.ec`;
    const opened = await h
      .http()
      .post('/cases')
      .set('Authorization', auth)
      .send({
        procedure: 'FOREIGNER_CODE',
        province: 'PICHINCHA',
        filerRole: 'holder',
        booker: { email, mobile: '0991234567' },
        holder: { fullName: 'Ana Rush Pérez', nationality: 'VEN', documentType: 'passport', documentNumber: sub, birthDate: '1990-04-12' },
      });
    expect(opened.status).toBe(201);
    const caseId = opened.body.caseId as string;
    const message = await h.smtp.waitForMessage((m) => m.to.includes(email) && /verific/i.test(m.subject));
    const code = /\b(\d{6})\b/.exec(message.text)?.[1] ?? '';
    const verified = await h.http().post(`/cases/${caseId}/verification`).set('Authorization', auth).send({ code });
    expect(verified.status).toBe(200);
    return { caseId, auth };
  }

  it('seats as many as there are seats, refuses the rest with the next free slots, and never overbooks', async () => {
    const rows = new TestRows(h.db.dataSource);
    // A new day at the agency, a day ahead: the suite's database has no other slot of it.
    const slots: string[] = [];
    for (let i = 0; i < SLOTS; i++) slots.push(await rows.slotStartingIn('UIO-NORTE', 24 * 60 + 30 * i, SEATS_PER_SLOT));
    const applicants = [];
    for (let i = 0; i < APPLICANTS; i++) applicants.push(await verifiedCase(i));

    const statuses: number[] = [];
    const refusals: Array<{ asked: string; alternatives: Alternative[] }> = [];
    const seats = await Promise.all(
      applicants.map(async ({ caseId, auth }) => {
        // Every applicant asks for the day's first slot, as the page shows it; then for the first alternative offered.
        let asked = slots[0] as string;
        for (let attempt = 0; attempt < SLOTS * SEATS_PER_SLOT + 1; attempt++) {
          const res = await h.http().post(`/cases/${caseId}/appointment`).set('Authorization', auth).send({ slotId: asked });
          statuses.push(res.status);
          if (res.status === 200) return res.body.appointment.slotId as string;
          expect(res.status).toBe(422);
          expect(res.body.error.code).toBe('APPOINTMENT.SLOT_FULL');
          const alternatives = res.body.error.alternatives as Alternative[];
          refusals.push({ asked, alternatives });
          if (alternatives.length === 0) return undefined;
          asked = alternatives[0]!.slotId;
        }
        throw new Error('an applicant went round more times than there are seats');
      }),
    );

    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    const seated = seats.filter((s): s is string => s !== undefined);
    expect(seated).toHaveLength(SLOTS * SEATS_PER_SLOT);
    for (const slotId of slots) {
      expect(await rows.slot(slotId)).toEqual({ booked: SEATS_PER_SLOT, capacity: SEATS_PER_SLOT });
      expect(seated.filter((s) => s === slotId)).toHaveLength(SEATS_PER_SLOT);
    }
    // Each refusal offered only slots of the day that were free when it was written, the asked one left out, earliest first.
    for (const { asked, alternatives } of refusals) {
      expect(alternatives.every((a) => slots.includes(a.slotId) && a.slotId !== asked && a.available > 0 && a.agencyId === 'UIO-NORTE')).toBe(true);
      expect(alternatives.map((a) => a.startsAt)).toEqual([...alternatives.map((a) => a.startsAt)].sort());
    }
    // Whoever got no seat was told so by a refusal with nothing left to offer.
    expect(refusals.filter((r) => r.alternatives.length === 0)).toHaveLength(APPLICANTS - SLOTS * SEATS_PER_SLOT);
    // Every seat was decided by a hold before the workflow (ADR 0035, decision 10), and each booking consumed its own:
    // no hold is left counting a seat, none was taken for a full slot.
    for (const slotId of slots) expect(await rows.seatHolds(slotId)).toEqual({ taken: SEATS_PER_SLOT });
    // A full slot is full for others only: an applicant who holds a seat there is not refused for a full slot
    // but reaches the workflow, which refuses a second booking of a booked case.
    const holder = applicants[seats.findIndex((s) => s === slots[0])]!;
    const again = await h.http().post(`/cases/${holder.caseId}/appointment`).set('Authorization', holder.auth).send({ slotId: slots[0] });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('CASE.INVALID_STATE');
    expect(await rows.slot(slots[0]!)).toEqual({ booked: SEATS_PER_SLOT, capacity: SEATS_PER_SLOT });
  }, 180_000);

  it('frees the seat of a hold whose booking never came, once the hold has expired', async () => {
    const rows = new TestRows(h.db.dataSource);
    const slotId = await rows.slotStartingIn('UIO-NORTE', 3 * 24 * 60, 1);
    const [stopped, next] = [await verifiedCase(100), await verifiedCase(101)];
    // The hold an API would leave if it stopped between the hold and the workflow's update. One second, not the
    // production 120 (SEAT_HOLD_SECONDS), so that the test waits a second; the suite's API keeps its own setting
    // so that the rush's holds never expire under a slow workflow.
    expect(await new SeatHoldRepository(h.db.dataSource).hold(stopped.caseId, slotId, 1)).toBe('held');
    const refused = await h.http().post(`/cases/${next.caseId}/appointment`).set('Authorization', next.auth).send({ slotId });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('APPOINTMENT.SLOT_FULL');
    expect(refused.body.error.alternatives).toEqual(expect.any(Array));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const seated = await h.http().post(`/cases/${next.caseId}/appointment`).set('Authorization', next.auth).send({ slotId });
    expect(seated.status).toBe(200);
    expect(seated.body.appointment.slotId).toBe(slotId);
    expect(await rows.slot(slotId)).toEqual({ booked: 1, capacity: 1 });
    expect(await rows.seatHolds(slotId)).toEqual({ expired: 1, taken: 1 });
  }, 120_000);

  it('takes one seat for a booking sent again with the same Idempotency-Key, and gives back the seat of a refused one', async () => {
    const rows = new TestRows(h.db.dataSource);
    const slotId = await rows.slotStartingIn('UIO-NORTE', 4 * 24 * 60, 2);
    const other = await rows.slotStartingIn('UIO-NORTE', 4 * 24 * 60 + 30, 2);
    const applicant = await verifiedCase(200);
    const key = randomUUID();
    const send = () =>
      h.http().post(`/cases/${applicant.caseId}/appointment`).set('Authorization', applicant.auth).set('Idempotency-Key', key).send({ slotId });
    // Two tabs at once, then a retry after the answer: the same booking each time.
    const answers = [...(await Promise.all([send(), send()])), await send()];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => a.body.appointment.reference)).size).toBe(1);
    expect(await rows.slot(slotId)).toEqual({ booked: 1, capacity: 2 });
    // A booked case asking another slot: the seat is held, the workflow refuses (a booked case books no second
    // turno), and the hold is given back at once.
    const second = await h.http().post(`/cases/${applicant.caseId}/appointment`).set('Authorization', applicant.auth).send({ slotId: other });
    expect(second.status).toBe(422);
    expect(second.body.error.code).toBe('CASE.INVALID_STATE');
    expect(await rows.slot(other)).toEqual({ booked: 0, capacity: 2 });
    expect(await rows.seatHolds(other)).toEqual({ released: 1 });
  }, 120_000);

  it('moves a turno (PUT) through a hold of the new seat, and gives back the hold of a move the workflow refuses', async () => {
    const rows = new TestRows(h.db.dataSource);
    const [first, later, another] = [
      await rows.slotStartingIn('UIO-NORTE', 5 * 24 * 60, 2),
      await rows.slotStartingIn('UIO-NORTE', 5 * 24 * 60 + 30, 2),
      await rows.slotStartingIn('UIO-NORTE', 5 * 24 * 60 + 60, 2),
    ];
    const mover = await verifiedCase(300);
    const booked = await h.http().post(`/cases/${mover.caseId}/appointment`).set('Authorization', mover.auth).send({ slotId: first });
    expect(booked.status).toBe(200);
    const moved = await h.http().put(`/cases/${mover.caseId}/appointment`).set('Authorization', mover.auth).send({ slotId: later });
    expect(moved.status).toBe(200);
    expect(moved.body.appointment.slotId).toBe(later);
    // The move consumed the hold of its new seat and freed the old one: each seat counted once.
    expect(await rows.seatHolds(later)).toEqual({ taken: 1 });
    expect(await rows.slot(later)).toEqual({ booked: 1, capacity: 2 });
    expect(await rows.slot(first)).toEqual({ booked: 0, capacity: 2 });
    // A case with no turno to move: the seat is held, the workflow refuses the move, and the hold is given back at once.
    const unbooked = await verifiedCase(301);
    const refused = await h.http().put(`/cases/${unbooked.caseId}/appointment`).set('Authorization', unbooked.auth).send({ slotId: another });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('CASE.INVALID_STATE');
    expect(await rows.seatHolds(another)).toEqual({ released: 1 });
    expect(await rows.slot(another)).toEqual({ booked: 0, capacity: 2 });
  }, 120_000);
});
