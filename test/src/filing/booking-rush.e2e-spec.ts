import type { Principal } from '@tramites/api';
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
    // A full slot is full for others only: an applicant who holds a seat there is not refused for a full slot
    // but reaches the workflow, which refuses a second booking of a booked case.
    const holder = applicants[seats.findIndex((s) => s === slots[0])]!;
    const again = await h.http().post(`/cases/${holder.caseId}/appointment`).set('Authorization', holder.auth).send({ slotId: slots[0] });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('CASE.INVALID_STATE');
    expect(await rows.slot(slots[0]!)).toEqual({ booked: SEATS_PER_SLOT, capacity: SEATS_PER_SLOT });
  }, 180_000);
});
