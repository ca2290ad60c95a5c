import type { Principal } from '@tramites/api';
import { toLocalDate } from '@tramites/domain';
import { THIRD_PARTY_CEDULA } from '@tramites/testing';
import { DeskCases, startApiHarness, type ApiHarness } from '@tramites/testing/api';
import { ServiceTimeRows } from '@tramites/testing/rows';

const HOUR = 60;
const DAY_MS = 86_400_000;

interface Figure {
  cases: number;
  p50Seconds: number | null;
  p80Seconds: number | null;
}
interface AgencyFigures {
  agencyId: string;
  nextFreeDay: { day: string; seats: number } | null;
  waiting: Figure;
  answer: Figure;
  months?: Array<{ year: number; month: number; waitCases: number; waitP50Seconds: number | null; answerP50Seconds: number | null }>;
}

/**
 * Recent service times from real rows (synthetic answered cases with chosen durations): the
 * predicted answer of a case in the legal unit and at its agency, and the public agency figures.
 */
describe('service times: the predicted answer of a case and the public agency figures', () => {
  let h: ApiHarness;
  let seed: ServiceTimeRows;
  const tenDaysAgo = new Date(Date.now() - 10 * DAY_MS);
  const bearer = async (p: Principal): Promise<string> => `Bearer ${await h.token(p)}`;
  /** GET /cases/:id/progress as the applicant `sub`. */
  const progressOf = async (caseId: string, sub: string) =>
    h
      .http()
      .get(`/cases/${caseId}/progress`)
      .set('Authorization', await bearer({ sub, role: 'applicant' }));

  beforeAll(async () => {
    h = await startApiHarness('api_service_times');
    seed = new ServiceTimeRows(h.db.dataSource);
    // The legal unit of Pichincha decided six poderes in 2, 3, 4, 5, 6 and 26 hours (median 4.5 h, 80th percentile 6 h).
    for (const hours of [2, 3, 4, 5, 6, 26])
      await seed.answeredCase({
        agencyId: 'UIO-NORTE',
        province: 'PICHINCHA',
        status: 'issued',
        startsAt: tenDaysAgo,
        steps: [
          { type: 'CASE_CHECKED_IN', atMinutes: 0 },
          { type: 'DOCUMENTS_ACCEPTED', atMinutes: 20 },
          { type: 'PODER_SENT_TO_LEGAL_UNIT', atMinutes: 20 },
          { type: 'PODER_ENDORSED', atMinutes: 20 + hours * HOUR },
          { type: 'FOREIGNER_CODE_ISSUED', atMinutes: 25 + hours * HOUR, data: { status: 'issued' } },
        ],
      });
    // Guayas: three decisions only, too few to predict.
    for (const hours of [1, 2, 3])
      await seed.answeredCase({
        agencyId: 'GYE-CENTRO',
        province: 'GUAYAS',
        status: 'issued',
        startsAt: tenDaysAgo,
        steps: [
          { type: 'CASE_CHECKED_IN', atMinutes: 0 },
          { type: 'PODER_SENT_TO_LEGAL_UNIT', atMinutes: 10 },
          { type: 'PODER_ENDORSED', atMinutes: 10 + hours * HOUR },
          { type: 'FOREIGNER_CODE_ISSUED', atMinutes: 15 + hours * HOUR },
        ],
      });
    // Waits at UIO-NORTE from arrival to the first call: 10 to 50 minutes (median 30, 80th percentile 42).
    for (const minutes of [10, 20, 30, 40, 50]) await seed.calledAfter({ agencyId: 'UIO-NORTE', province: 'PICHINCHA', arrivedAt: tenDaysAgo, minutes });
    // Two waits at GYE-CENTRO: published as a count only.
    for (const minutes of [5, 7]) await seed.calledAfter({ agencyId: 'GYE-CENTRO', province: 'GUAYAS', arrivedAt: tenDaysAgo, minutes });
    // Older than 90 days: not counted.
    await seed.calledAfter({ agencyId: 'UIO-NORTE', province: 'PICHINCHA', arrivedAt: new Date(Date.now() - 120 * DAY_MS), minutes: 600 });
  });
  afterAll(() => h.close());

  it('predicts the answer of a case at the legal unit from the province’s recent times, and shows its steps without actors', async () => {
    const cases = new DeskCases(h);
    const { caseId } = await cases.poderInReview();
    const res = await progressOf(caseId, THIRD_PARTY_CEDULA);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ caseId, status: 'legal_review', agencyId: 'UIO-NORTE', province: 'PICHINCHA' });
    const types = (res.body.steps as Array<{ type: string }>).map((s) => s.type);
    expect(types).toEqual(
      expect.arrayContaining(['CASE_OPENED', 'BOOKER_VERIFIED', 'APPOINTMENT_BOOKED', 'CASE_CHECKED_IN', 'DOCUMENTS_ACCEPTED', 'PODER_SENT_TO_LEGAL_UNIT']),
    );
    expect(types).not.toContain('VERIFICATION_CODE_SENT');
    expect(Object.keys(res.body.steps[0]).sort()).toEqual(['occurredAt', 'type']);
    const sent = Date.parse((res.body.steps as Array<{ type: string; occurredAt: string }>).find((s) => s.type === 'PODER_SENT_TO_LEGAL_UNIT')!.occurredAt);
    expect(res.body.prediction).toEqual({
      available: true,
      basis: 'legal_unit',
      expectedAt: new Date(sent + 4.5 * 3_600_000).toISOString(),
      likelyBy: new Date(sent + 6 * 3_600_000).toISOString(),
      cases: 6,
      days: 90,
    });

    // Another applicant reaches nothing.
    const stranger = await progressOf(caseId, 'PSTRANGER7');
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe('AUTH.NOT_YOUR_CASE');
  });

  it('predicts a booked case from its agency’s own time to answer (the legal unit’s time left out), and nothing from too few cases', async () => {
    const cases = new DeskCases(h);
    const { caseId, passport } = await cases.booked000('Yusleidy Mendoza Páez');
    const res = await progressOf(caseId, passport);
    expect(res.status).toBe(200);
    // The six answered cases of UIO-NORTE took the agency 25 minutes each, whatever the legal unit took.
    expect(res.body.status).toBe('scheduled');
    const appointment = Date.parse((await cases.waitForStatus(caseId, 'scheduled')).appointment!.startsAt);
    expect(res.body.prediction).toEqual({
      available: true,
      basis: 'agency',
      expectedAt: new Date(appointment + 25 * 60_000).toISOString(),
      likelyBy: new Date(appointment + 25 * 60_000).toISOString(),
      cases: 6,
      days: 90,
    });
    // Guayaquil answered three cases only: no date.
    const gye = await cases.booked(
      { sub: 'PGYE000111', role: 'applicant' },
      {
        procedure: 'FOREIGNER_CODE',
        province: 'GUAYAS',
        filerRole: 'holder',
        booker: { email: 'gye.tiempos@example.ec', mobile: '0991234567' },
        holder: { fullName: 'Ana Lucía Benítez Ojeda', nationality: 'PRY', documentType: 'passport', documentNumber: 'PGYE000111', birthDate: '1991-03-03' },
      },
      'GYE-CENTRO',
    );
    const few = await progressOf(gye.caseId, 'PGYE000111');
    expect(few.body.prediction).toEqual({ available: false, reason: 'too_few_cases', basis: 'agency', cases: 3, days: 90 });
  });

  it('publishes each agency’s next free day, recent wait and time to answer; a figure of fewer than five cases is a count only', async () => {
    const list = await h.http().get('/public/agencies').expect(200);
    const items = list.body.items as AgencyFigures[];
    const norte = items.find((a) => a.agencyId === 'UIO-NORTE')!;
    expect(norte.waiting).toEqual({ cases: 5, p50Seconds: 1800, p80Seconds: 2520 });
    expect(norte.answer).toEqual({ cases: 6, p50Seconds: 1500, p80Seconds: 1500 });
    expect(norte.nextFreeDay!.day >= toLocalDate(Date.now())).toBe(true);
    expect(norte.nextFreeDay!.seats).toBeGreaterThan(0);
    const gye = items.find((a) => a.agencyId === 'GYE-CENTRO')!;
    expect(gye.waiting).toEqual({ cases: 2, p50Seconds: null, p80Seconds: null });
    expect(gye.answer).toEqual({ cases: 3, p50Seconds: null, p80Seconds: null });
    expect(JSON.stringify(list.body)).not.toMatch(/PSYNTHETIC|case_id|caseId/);

    const one = await h.http().get('/public/agencies/UIO-NORTE').expect(200);
    const report = one.body as AgencyFigures;
    expect(report.waiting).toEqual(norte.waiting);
    expect(report.months).toHaveLength(6);
    const seeded = toLocalDate(tenDaysAgo.getTime());
    const month = report.months!.find((m) => m.year === Number(seeded.slice(0, 4)) && m.month === Number(seeded.slice(5, 7)))!;
    expect(month).toMatchObject({ waitCases: 5, waitP50Seconds: 1800, answerP50Seconds: 1500 });

    const missing = await h.http().get('/public/agencies/NO-EXISTE');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('AGENCY.NOT_FOUND');
  });
});
