import { caseReference } from '@tramites/contracts';
import { startApiHarness, type ApiHarness } from '@tramites/testing/api';
import { TestRows } from '@tramites/testing/rows';

/**
 * Follow my case (ADR 0017): reference + identity number + captcha → an emailed one-time code
 * → the case token. The same answer whether or not the reference matched; five attempts; one use.
 */
describe('follow my case (POST /public/follow-codes)', () => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await startApiHarness('follow_codes');
  });
  afterAll(() => h.close());

  async function captcha(): Promise<string> {
    const res = await h.http().get('/captcha').expect(200);
    const [a, b] = (res.body.question as string).match(/\d+/g)!.map(Number);
    return `${res.body.captchaId}:${(a ?? 0) + (b ?? 0)}`;
  }

  /** A case started and verified through the public routes (its booker's address proved). */
  async function verifiedCase(identityNumber: string, email: string): Promise<string> {
    const started = await h
      .http()
      .post('/public/cases')
      .send({
        identityNumber,
        captchaToken: await captcha(),
        procedure: 'NON_AFFILIATION_CERTIFICATE',
        province: 'PICHINCHA',
        filerRole: 'holder',
        booker: { email, mobile: '0991234567' },
        holder: { fullName: 'Rosa Elena Quispe Mamani', nationality: 'PER', documentType: 'passport', documentNumber: identityNumber, birthDate: '1979-06-15' },
      })
      .expect(201);
    const mail = await h.smtp.waitForMessage((m) => m.to.includes(email) && /verific/i.test(m.subject));
    await h
      .http()
      .post(`/cases/${started.body.caseId as string}/verification`)
      .set('Authorization', `Bearer ${started.body.accessToken as string}`)
      .send({ code: /\b(\d{6})\b/.exec(mail.text)![1]! })
      .expect(200);
    return started.body.caseId as string;
  }

  const ask = async (reference: string, identityNumber: string) =>
    h
      .http()
      .post('/public/follow-codes')
      .send({ reference, identityNumber, captchaToken: await captcha() });

  it('emails a code for a matching reference and identity; the code hands out a token that reaches only that case, once', async () => {
    const email = 'rosa.seguimiento@example.ec';
    const caseId = await verifiedCase('PR5550001', email);
    const mark = h.smtp.messages().length;
    const asked = await ask(caseReference(caseId).toLowerCase(), 'pr5550001');
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ challengeId: expect.any(String), expiresInSeconds: 600 });
    const mail = await h.smtp.waitForMessage(
      (m) => m.to.includes(email) && m.subject.startsWith('Código para consultar su trámite') && h.smtp.messages().indexOf(m) >= mark,
    );
    expect(mail.subject).toContain(caseReference(caseId));
    const code = /\b(\d{6})\b/.exec(mail.text)![1]!;
    expect(mail.subject).not.toContain(code);

    const wrong = await h
      .http()
      .post('/public/follow-codes/verification')
      .send({ challengeId: asked.body.challengeId, code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toMatchObject({ code: 'FOLLOW.CODE_INVALID', attemptsLeft: 4 });

    const opened = await h.http().post('/public/follow-codes/verification').send({ challengeId: asked.body.challengeId, code }).expect(200);
    expect(opened.body).toEqual({ caseId, accessToken: expect.any(String), expiresInSeconds: 3600 });
    const view = await h
      .http()
      .get(`/cases/${caseId}`)
      .set('Authorization', `Bearer ${opened.body.accessToken as string}`)
      .expect(200);
    expect(view.body.status).toBe('awaiting_booking');

    // Used once: the same code again is refused as spent.
    const again = await h.http().post('/public/follow-codes/verification').send({ challengeId: asked.body.challengeId, code });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('FOLLOW.CODE_EXPIRED');
    // The store keeps only the code's keyed hash.
    const row = await new TestRows(h.db.dataSource).followCode(asked.body.challengeId);
    expect(row).toMatchObject({ case_id: caseId });
    expect(row!.code_hash).not.toContain(code);
  });

  it('answers a reference that matches nothing (or another person) exactly as one that matches, sends nothing, and never opens', async () => {
    const caseId = await verifiedCase('PR5550002', 'otra.persona@example.ec');
    const mark = h.smtp.messages().length;
    const strangers = [await ask(caseReference(caseId), 'PX0000000'), await ask('T-0123456789', 'PR5550002')];
    for (const r of strangers) {
      expect(r.status).toBe(202);
      expect(Object.keys(r.body).sort()).toEqual(['challengeId', 'expiresInSeconds']);
      expect(r.body.expiresInSeconds).toBe(600);
    }
    // Five wrong codes spend the challenge, as for a real one.
    const challengeId = strangers[0]!.body.challengeId as string;
    const left: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const r = await h
        .http()
        .post('/public/follow-codes/verification')
        .send({ challengeId, code: String(100000 + i) });
      if (r.status === 422) left.push(r.body.error.attemptsLeft as number);
      else expect(r.body.error.code).toBe('FOLLOW.CODE_EXPIRED');
    }
    expect(left).toEqual([4, 3, 2, 1]);
    // A real case's own request still works afterwards, and only its email arrived.
    const own = await ask(caseReference(caseId), 'PR5550002');
    await h.smtp.waitForMessage(
      (m) => m.to.includes('otra.persona@example.ec') && m.subject.startsWith('Código para consultar') && h.smtp.messages().indexOf(m) >= mark,
    );
    expect(
      h.smtp
        .messages()
        .slice(mark)
        .filter((m) => m.subject.startsWith('Código para consultar')),
    ).toHaveLength(1);
    expect(own.status).toBe(202);
  });

  it('refuses a wrong captcha and bad input in Spanish, naming the field', async () => {
    const noCaptcha = await h.http().post('/public/follow-codes').send({ reference: 'T-0123456789', identityNumber: 'PR5550003', captchaToken: 'x:1' });
    expect(noCaptcha.status).toBe(400);
    expect(noCaptcha.body.error.code).toBe('CAPTCHA.FAILED');
    const bad = await h
      .http()
      .post('/public/follow-codes')
      .send({ reference: '12345', identityNumber: '!', captchaToken: await captcha() });
    expect(bad.status).toBe(400);
    expect((bad.body.error.fields as Array<{ field: string }>).map((f) => f.field).sort()).toEqual(['identityNumber', 'reference']);
    const badCode = await h.http().post('/public/follow-codes/verification').send({ challengeId: 'nope', code: '12' });
    expect(badCode.status).toBe(400);
    expect(JSON.stringify(badCode.body.error.fields)).toContain('6 dígitos');
  });
});
