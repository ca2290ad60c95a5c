import type { Principal } from '@tramites/api';
import { slotStartingSoon } from '@tramites/testing';
import { attendAtWindow, bookCaseThroughApi, startApiHarness, type ApiHarness } from '@tramites/testing/api';
import { TestRows } from '@tramites/testing/rows';

const applicant = (sub: string): Principal => ({ sub, role: 'applicant' });
const OFFICER: Principal = { sub: 'officer-uio-9', role: 'case_manager', agencyId: 'UIO-NORTE' };
const GYE_OFFICER: Principal = { sub: 'officer-gye-9', role: 'case_manager', agencyId: 'GYE-CENTRO' };
const AUDITOR: Principal = { sub: 'auditor-9', role: 'auditor' };
const PERSON = { fullName: 'Ana Lucía Torres Ríos', nationality: 'COL', birthDate: '1992-07-03' };

/**
 * ADR 0016, through HTTP: the same person who files once with a passport and once
 * with a visa does not get a second code; the case waits in "posible duplicado" for a case
 * manager, whose decision and reason are in the audit trail.
 */
describe('possible duplicate review', () => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await startApiHarness('api_duplicates');
  });
  afterAll(async () => {
    await h.close();
  });

  const auth = async (p: Principal): Promise<string> => `Bearer ${await h.token(p)}`;
  const deps = () => ({ http: h.http, smtp: h.smtp, dataSource: h.db.dataSource });

  async function waitForStatus(caseId: string, status: string): Promise<Record<string, unknown>> {
    let view: Record<string, unknown> = {};
    for (let i = 0; i < 100 && view['status'] !== status; i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      view = (
        await h
          .http()
          .get(`/cases/${caseId}`)
          .set('Authorization', await auth(OFFICER))
      ).body;
    }
    expect(view['status']).toBe(status);
    return view;
  }

  /** The same person, names written surname first, files a 000 with her visa. */
  async function fileWithVisa(visa: string): Promise<string> {
    const token = await auth(applicant(visa));
    const email = `${visa.toLowerCase()}@example.ec`;
    const opened = await h
      .http()
      .post('/cases')
      .set('Authorization', token)
      .send({
        procedure: 'FOREIGNER_CODE',
        province: 'PICHINCHA',
        filerRole: 'holder',
        booker: { email, mobile: '0991234567' },
        holder: { ...PERSON, fullName: 'TORRES RÍOS, ANA LUCÍA', documentType: 'visa', documentNumber: visa },
      });
    expect(opened.status).toBe(201);
    const caseId = opened.body.caseId as string;
    const mail = await h.smtp.waitForMessage((m) => m.to.includes(email) && /verific/i.test(m.subject));
    const code = /\b(\d{6})\b/.exec(mail.text)?.[1] ?? '';
    await h.http().post(`/cases/${caseId}/verification`).set('Authorization', token).send({ code }).expect(200);
    const slotId = await slotStartingSoon(h.db.dataSource, 'UIO-NORTE');
    await h.http().post(`/cases/${caseId}/appointment`).set('Authorization', token).send({ slotId }).expect(200);
    await attendAtWindow(deps(), caseId, await auth(OFFICER), OFFICER.sub);
    return caseId;
  }

  it('passport then visa: paused as possible_duplicate, listed, decided by a case manager (same person): the existing code', async () => {
    const first = await bookCaseThroughApi(deps(), await auth(applicant('PDUPCOL01')), 'PDUPCOL01', PERSON);
    await attendAtWindow(deps(), first, await auth(OFFICER), OFFICER.sub);
    const issued = await waitForStatus(first, 'issued');
    const code = (issued['result'] as { code: string }).code;

    const second = await fileWithVisa('VDUPCOL01');
    const paused = await waitForStatus(second, 'possible_duplicate');
    expect(paused['duplicateReview']).toMatchObject({
      candidates: [{ code, fullName: PERSON.fullName, documents: [{ documentType: 'passport', documentNumber: 'PDUPCOL01' }] }],
    });
    const listed = await h
      .http()
      .get('/cases?status=possible_duplicate')
      .set('Authorization', await auth(OFFICER));
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).toContain(second);

    const route = `/cases/${second}/duplicate-review`;
    const byApplicant = await h
      .http()
      .post(route)
      .set('Authorization', await auth(applicant('VDUPCOL01')))
      .send({ decision: 'same_person', reason: 'soy yo' });
    expect(byApplicant.status).toBe(403);
    const bad = await h
      .http()
      .post(route)
      .set('Authorization', await auth(OFFICER))
      .send({ decision: 'quizas', reason: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION.FAILED');
    expect(JSON.stringify(bad.body.error)).toMatch(/decision debe ser uno de: same_person, different_person/);
    expect(JSON.stringify(bad.body.error)).toMatch(/reason debe explicar el motivo/);
    const otherAgency = await h
      .http()
      .post(route)
      .set('Authorization', await auth(GYE_OFFICER))
      .send({ decision: 'same_person', reason: 'misma persona' });
    expect(otherAgency.status).toBe(403);
    const wrongCode = await h
      .http()
      .post(route)
      .set('Authorization', await auth(OFFICER))
      .send({ decision: 'same_person', code: '912345678905', reason: 'misma persona' });
    expect(wrongCode.status).toBe(422);
    expect(wrongCode.body.error.code).toBe('DUPLICATE.UNKNOWN_CODE');

    // A decision needs a recent authentication at the provider: a sign-in 6 minutes ago is refused, nothing recorded.
    const signedInLongAgo = await h
      .http()
      .post(route)
      .set('Authorization', `Bearer ${await h.token(OFFICER, { authTime: Math.floor(Date.now() / 1000) - 6 * 60 })}`)
      .send({ decision: 'same_person', code, reason: 'La visa cita el pasaporte PDUPCOL01; misma fotografía' });
    expect({ status: signedInLongAgo.status, code: signedInLongAgo.body.error?.code }).toEqual({ status: 401, code: 'AUTH.REAUTHENTICATION_REQUIRED' });
    expect((await waitForStatus(second, 'possible_duplicate'))['duplicateReview']).not.toMatchObject({ decision: expect.anything() });

    // A sign-in a moment ago: accepted.
    const decided = await h
      .http()
      .post(route)
      .set('Authorization', await auth(OFFICER))
      .send({ decision: 'same_person', code, reason: 'La visa cita el pasaporte PDUPCOL01; misma fotografía' });
    expect(decided.status).toBe(200);
    expect(decided.body.duplicateReview).toMatchObject({ decision: 'same_person', code, decidedBy: { id: OFFICER.sub } });
    const done = await waitForStatus(second, 'issued');
    expect(done['result']).toMatchObject({ code, alreadyHad: true });
    const again = await h
      .http()
      .post(route)
      .set('Authorization', await auth(OFFICER))
      .send({ decision: 'different_person', reason: 'otra vez' });
    // Decided once: the closed case takes no second decision, and says how it ended.
    expect({ status: again.status, code: again.body.error?.code }).toEqual({ status: 409, code: 'CASE.CLOSED' });
    expect(again.body.error.message).toMatch(/se emitió su documento/);

    const timeline = await h
      .http()
      .get(`/audit/cases/${second}/timeline`)
      .set('Authorization', await auth(AUDITOR));
    const events = timeline.body.events as Array<{ type: string; what: string; actor: { id: string }; data: Record<string, unknown> }>;
    expect(events.map((e) => e.type).slice(-3)).toEqual(['POSSIBLE_DUPLICATE_FOUND', 'POSSIBLE_DUPLICATE_RESOLVED', 'FOREIGNER_CODE_ISSUED']);
    expect(events.find((e) => e.type === 'POSSIBLE_DUPLICATE_RESOLVED')).toMatchObject({
      what: expect.stringMatching(/^Posible duplicado decidido/),
      actor: { id: OFFICER.sub },
      data: { decision: 'same_person', code, reason: 'La visa cita el pasaporte PDUPCOL01; misma fotografía', status: 'issuing' },
    });
    expect(await new TestRows(h.db.dataSource).foreignerCodesNamed([PERSON.fullName, 'TORRES RÍOS, ANA LUCÍA'])).toBe(1);
  });

  it('a 002 for a person known by another document is refused at filing: the code follows the person', async () => {
    const token = await auth(applicant('VDUPCOL01'));
    const res = await h
      .http()
      .post('/cases')
      .set('Authorization', token)
      .send({
        procedure: 'NON_AFFILIATION_CERTIFICATE',
        province: 'PICHINCHA',
        filerRole: 'holder',
        booker: { email: 'vdupcol01@example.ec', mobile: '0991234567' },
        holder: { ...PERSON, documentType: 'visa', documentNumber: 'VDUPCOL01' },
      });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('ELIGIBILITY.HAS_FOREIGNER_CODE');
  });
});
