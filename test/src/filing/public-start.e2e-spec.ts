import { addBusinessDays, toLocalDate } from '@tramites/domain';
import { bookCaseThroughApi, solveCaptcha, startApiHarness, type ApiHarness } from '@tramites/testing/api';

/** Not production's 30: the rate-limit test reaches the limit in a few requests. */
const RATE_LIMIT = 12;

/** 000-002 started with nothing but an email: captcha, rate limit, a token that reaches only its case. */
describe('public start of an in-person case (POST /public/cases)', () => {
  let h: ApiHarness;

  beforeAll(async () => {
    // TRUST_PROXY as production sets it behind the web pages (ADR 0015): the address they forward is the applicant's.
    h = await startApiHarness('public_cases', { PUBLIC_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT), TRUST_PROXY: 'loopback' });
  });
  afterAll(() => h.close());

  const captcha = (): Promise<string> => solveCaptcha(h.http);
  const body = (identityNumber: string, email: string, captchaToken: string) => ({
    identityNumber,
    captchaToken,
    procedure: 'FOREIGNER_CODE',
    province: 'PICHINCHA',
    filerRole: 'holder',
    booker: { email, mobile: '0991234567' },
    holder: { fullName: 'Ana Lucía Torres Díaz', nationality: 'COL', documentType: 'passport', documentNumber: identityNumber, birthDate: '1988-02-03' },
  });

  it('starts, verifies the emailed code and books a turno without any hand-minted token; the token reaches only its case', async () => {
    const email = 'ana.publica@example.ec';
    const started = await h
      .http()
      .post('/public/cases')
      .send(body('PA1234567', email, await captcha()));
    expect(started.status).toBe(201);
    expect(started.body).toEqual({ caseId: expect.any(String), created: true, accessToken: expect.any(String), expiresInSeconds: 3600 });
    const auth = { Authorization: `Bearer ${started.body.accessToken as string}` };
    const caseId = started.body.caseId as string;

    const mail = await h.smtp.waitForMessage((m) => m.to.includes(email) && /verific/i.test(m.subject));
    const code = /\b(\d{6})\b/.exec(mail.text)![1]!;
    const verified = await h.http().post(`/cases/${caseId}/verification`).set(auth).send({ code });
    expect(verified.status).toBe(200);
    expect(verified.body.status).toBe('awaiting_booking');

    const day = addBusinessDays(toLocalDate(Date.now()), 2);
    const slots = await h.http().get(`/agencies/UIO-NORTE/availability?date=${day}`).expect(200);
    const slotId = (slots.body.items as Array<{ slotId: string }>)[0]!.slotId;
    const booked = await h.http().post(`/cases/${caseId}/appointment`).set(auth).send({ slotId });
    expect(booked.status).toBe(200);
    expect(booked.body.status).toBe('scheduled');
    expect((await h.http().get(`/cases/${caseId}`).set(auth)).status).toBe(200);

    // Another case of the same person: the case token does not reach it, nor lists it.
    const own = `Bearer ${await h.token({ sub: 'PA1234567', role: 'applicant' })}`;
    const other = await bookCaseThroughApi({ http: h.http, smtp: h.smtp, dataSource: h.db.dataSource }, own, 'PA1234567');
    const refused = await h.http().get(`/cases/${other}`).set(auth);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('AUTH.NOT_YOUR_CASE');
    const listed = await h.http().get('/cases').set(auth).expect(200);
    expect((listed.body.items as Array<{ caseId: string }>).map((c) => c.caseId)).toEqual([caseId]);
  });

  it('refuses a missing, wrong or reused captcha, and bad data in Spanish naming the field', async () => {
    const wrong = await h
      .http()
      .post('/public/cases')
      .send(body('PB7654321', 'b@example.ec', 'nada:1'));
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('CAPTCHA.FAILED');

    const token = await captcha();
    expect(
      (
        await h
          .http()
          .post('/public/cases')
          .send(body('PB7654321', 'b@example.ec', token))
      ).status,
    ).toBe(201);
    const reused = await h
      .http()
      .post('/public/cases')
      .send(body('PB7654321', 'b@example.ec', token));
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('CAPTCHA.FAILED');

    const bad = await h
      .http()
      .post('/public/cases')
      .send({ ...body('PB7654321', 'no-es-correo', await captcha()), walkIn: { agencyId: 'UIO-NORTE' } });
    expect(bad.status).toBe(400);
    const fields = (bad.body.error.fields as Array<{ field: string }>).map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['booker.email', 'walkIn']));
  });

  it('the same Idempotency-Key returns the same case; without one each start is a new case', async () => {
    const key = 'inicio-publico-0001';
    const first = await h
      .http()
      .post('/public/cases')
      .set('Idempotency-Key', key)
      .send(body('PC1112223', 'c@example.ec', await captcha()));
    const again = await h
      .http()
      .post('/public/cases')
      .set('Idempotency-Key', key)
      .send(body('PC1112223', 'c@example.ec', await captcha()));
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.caseId).toBe(first.body.caseId);
    const fresh = await h
      .http()
      .post('/public/cases')
      .send(body('PC1112223', 'c@example.ec', await captcha()));
    expect(fresh.status).toBe(201);
    expect(fresh.body.caseId).not.toBe(first.body.caseId);
  });

  it('is rate limited per client address (429 with Retry-After), the address forwarded by a trusted proxy (the web pages)', async () => {
    const applicant = '203.0.113.7';
    let last = 0;
    let retryAfter: string | undefined;
    for (let i = 0; i < RATE_LIMIT + 1 && last !== 429; i += 1) {
      const res = await h
        .http()
        .post('/public/cases')
        .set('X-Forwarded-For', applicant)
        .send(body('PD9998887', 'd@example.ec', 'x:1'));
      last = res.status;
      retryAfter = res.headers['retry-after'];
    }
    expect(last).toBe(429);
    expect(retryAfter).toBeDefined();
    // Another applicant behind the same web server is not limited by the first one.
    const other = await h
      .http()
      .post('/public/cases')
      .set('X-Forwarded-For', '198.51.100.20')
      .send(body('PD9998887', 'd@example.ec', 'x:1'));
    expect(other.status).toBe(400);
  });
});
