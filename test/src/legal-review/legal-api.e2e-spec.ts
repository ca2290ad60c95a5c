import { randomUUID } from 'node:crypto';
import { caseWorkflowId, type CaseView } from '@tramites/contracts';
import { CaseDriver, OFFICER, THIRD_PARTY_CEDULA, completeDocuments001ByAttorney, slotStartingSoon } from '@tramites/testing';
import { startApiHarness, type ApiHarness } from '@tramites/testing/api';
import { TestRows } from '@tramites/testing/rows';

/** The provincial legal unit through HTTP: inbox, endorsement and rejection of poderes, registry. */
describe('legal unit API', () => {
  let h: ApiHarness;
  let driver: CaseDriver;
  const EMPLOYER = '1790016919001';
  const officer = { sub: OFFICER.id, role: 'case_manager' as const, agencyId: 'UIO-NORTE' };
  const legalPichincha = { sub: 'legal-pic-1', role: 'legal_unit' as const, province: 'PICHINCHA' };
  const legalGuayas = { sub: 'legal-gye-1', role: 'legal_unit' as const, province: 'GUAYAS' };
  // The same person who reviewed the case's documents, now acting for the legal unit.
  const legalSameOfficer = { sub: OFFICER.id, role: 'legal_unit' as const, province: 'PICHINCHA' };
  const attorney = { sub: THIRD_PARTY_CEDULA, role: 'applicant' as const };
  const auditor = { sub: 'auditor-1', role: 'auditor' as const };

  beforeAll(async () => {
    h = await startApiHarness('legal_api');
    driver = new CaseDriver(h.env.client, h.taskQueue, h.smtp);
  });

  afterAll(async () => {
    await h?.close();
  });

  const bearer = async (p: Parameters<ApiHarness['token']>[0]): Promise<string> => `Bearer ${await h.token(p)}`;

  /** A 001 case filed by an attorney, driven over HTTP until its poder waits in the legal unit's inbox. */
  async function caseWithPoderInReview(): Promise<{ caseId: string; poderId: string; deedNumber: string }> {
    const tag = randomUUID().slice(0, 8);
    const deedNumber = `2026-17-01-P${tag.toUpperCase()}`;
    const email = `apoderado-${tag}@example.ec`;
    const opened = await h
      .http()
      .post('/cases')
      .set('Authorization', await bearer(attorney))
      .send({
        procedure: 'FOREIGNER_CODE_EMPLOYMENT',
        province: 'PICHINCHA',
        filerRole: 'attorney',
        booker: { email, mobile: '0991234567' },
        holder: { fullName: 'Carlos Eduardo Rivas Pérez', nationality: 'VEN', documentType: 'passport', documentNumber: `AB${tag}`, birthDate: '1988-02-20' },
        employerId: EMPLOYER,
        poder: { employerId: EMPLOYER, attorneyName: 'Luis Alberto Mena Vera', deedNumber, notary: 'Notaría Primera del cantón Quito' },
      });
    expect(opened.status).toBe(201);
    const caseId = opened.body.caseId as string;
    const code = await driver.emailedCode(email);
    await h
      .http()
      .post(`/cases/${caseId}/verification`)
      .set('Authorization', await bearer(attorney))
      .send({ code })
      .expect(200);
    const slotId = await slotStartingSoon(h.db.dataSource, 'UIO-NORTE');
    await h
      .http()
      .post(`/cases/${caseId}/appointment`)
      .set('Authorization', await bearer(attorney))
      .send({ slotId })
      .expect(200);
    await h
      .http()
      .post(`/cases/${caseId}/check-in`)
      .set('Authorization', await bearer(officer))
      .expect(200);
    const { documents, sutRecord } = completeDocuments001ByAttorney(OFFICER);
    const reviewed = await h
      .http()
      .post(`/cases/${caseId}/documents`)
      .set('Authorization', await bearer(officer))
      .send({ documents, sutRecord });
    expect(reviewed.status).toBe(200);
    expect((reviewed.body as CaseView).checklist?.outcome).toBe('accepted');
    const poderId = `${EMPLOYER}:${THIRD_PARTY_CEDULA}:${deedNumber}`;
    await waitFor(async () => {
      const inbox = await h
        .http()
        .get('/legal/inbox?pageSize=100')
        .set('Authorization', await bearer(legalPichincha));
      return (inbox.body.items as Array<{ poderId: string }>).some((i) => i.poderId === poderId);
    });
    return { caseId, poderId, deedNumber };
  }

  const poderPath = (poderId: string, decision: 'endorsement' | 'rejection'): string => `/legal/poderes/${encodeURIComponent(poderId)}/${decision}`;

  const finalStatus = async (caseId: string): Promise<string> => ((await h.env.client.workflow.getHandle(caseWorkflowId(caseId)).result()) as CaseView).status;

  describe('a poder sent to the legal unit of Pichincha', () => {
    let pending: { caseId: string; poderId: string; deedNumber: string };

    beforeAll(async () => {
      pending = await caseWithPoderInReview();
    });

    it('is in the inbox of Pichincha, with its deadline in office time, and not in the inbox of Guayas', async () => {
      const res = await h
        .http()
        .get('/legal/inbox')
        .set('Authorization', await bearer(legalPichincha))
        .expect(200);
      const item = (res.body.items as Array<Record<string, unknown>>).find((i) => i['poderId'] === pending.poderId);
      expect(item).toMatchObject({
        caseId: pending.caseId,
        attorneyName: 'Luis Alberto Mena Vera',
        employerId: EMPLOYER,
        overdue: false,
        remindedAt: null,
        escalatedAt: null,
      });
      expect(Date.parse(item!['dueAt'] as string)).toBeGreaterThan(Date.parse(item!['requestedAt'] as string));
      expect(item!['businessMsLeft']).toEqual(expect.any(Number));
      expect(item!['businessMsLeft'] as number).toBeGreaterThan(0);
      expect(res.body).toMatchObject({ page: 1, pageSize: 25, totalCapped: false });

      // The keyset path (ADR 0023): one item a page, `after` = the previous `next`, until next is null.
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 100; i += 1) {
        const pageRes: { body: { items: unknown[]; next: string | null } } = await h
          .http()
          .get(`/legal/inbox?pageSize=1${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`)
          .set('Authorization', await bearer(legalPichincha))
          .expect(200);
        seen.push(...(pageRes.body.items as Array<{ poderId: string; caseId: string }>).map((i) => `${i.caseId}|${i.poderId}`));
        cursor = pageRes.body.next;
        if (!cursor) break;
      }
      expect(seen).toEqual((res.body.items as Array<{ poderId: string; caseId: string }>).map((i) => `${i.caseId}|${i.poderId}`));
      const badCursor = await h
        .http()
        .get('/legal/inbox?after=notacursor0123')
        .set('Authorization', await bearer(legalPichincha));
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.error.fields).toEqual([expect.objectContaining({ field: 'after' })]);

      const guayas = await h
        .http()
        .get('/legal/inbox')
        .set('Authorization', await bearer(legalGuayas))
        .expect(200);
      expect((guayas.body.items as Array<{ poderId: string }>).map((i) => i.poderId)).not.toContain(pending.poderId);
    });

    it('refuses other roles on the inbox, a page size over 100, and a request without a token', async () => {
      const asOfficer = await h
        .http()
        .get('/legal/inbox')
        .set('Authorization', await bearer(officer));
      expect(asOfficer.status).toBe(403);
      expect(asOfficer.body.error.code).toBe('AUTH.ROLE_NOT_ALLOWED');
      const tooBig = await h
        .http()
        .get('/legal/inbox?pageSize=101')
        .set('Authorization', await bearer(legalPichincha));
      expect(tooBig.status).toBe(400);
      expect(tooBig.body.error.fields).toEqual([expect.objectContaining({ field: 'pageSize' })]);
      const anonymous = await h.http().get('/legal/inbox');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe('AUTH.TOKEN_REQUIRED');
    });

    it('may not be endorsed by the officer who reviewed the documents (separation of duties)', async () => {
      const res = await h
        .http()
        .post(poderPath(pending.poderId, 'endorsement'))
        .set('Authorization', await bearer(legalSameOfficer))
        .send({});
      // The workflow's refusal code decides the status: PODER.* (not AUTH.*) is a 422.
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('PODER.SAME_OFFICER');
    });

    it('may not be decided by the legal unit of another province', async () => {
      const res = await h
        .http()
        .post(poderPath(pending.poderId, 'endorsement'))
        .set('Authorization', await bearer(legalGuayas))
        .send({});
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('AUTH.OUT_OF_SCOPE');
    });

    it('refuses a rejection reason that is not one of the poder reasons, naming the field', async () => {
      const res = await h
        .http()
        .post(poderPath(pending.poderId, 'rejection'))
        .set('Authorization', await bearer(legalPichincha))
        .send({ reasonCode: 'DOC.MISSING' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION.FAILED');
      expect(res.body.error.fields).toEqual([expect.objectContaining({ field: 'reasonCode', message: expect.stringContaining('PODER.SCOPE_INSUFFICIENT') })]);
      const badDate = await h
        .http()
        .post(poderPath(pending.poderId, 'endorsement'))
        .set('Authorization', await bearer(legalPichincha))
        .send({ validUntil: '31/12/2027' });
      expect(badDate.status).toBe(400);
      expect(badDate.body.error.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'validUntil' })]));
    });

    it('needs a recent authentication: an endorsement or a rejection by an officer who signed in 6 minutes ago is refused (401 AUTH.REAUTHENTICATION_REQUIRED) and the poder stays in review', async () => {
      const signedInLongAgo = `Bearer ${await h.token(legalPichincha, { authTime: Math.floor(Date.now() / 1000) - 6 * 60 })}`;
      for (const [decision, body] of [
        ['endorsement', { validUntil: '2027-12-31' }],
        ['rejection', { reasonCode: 'PODER.SCOPE_INSUFFICIENT' }],
      ] as const) {
        const res = await h.http().post(poderPath(pending.poderId, decision)).set('Authorization', signedInLongAgo).send(body);
        expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 401, code: 'AUTH.REAUTHENTICATION_REQUIRED' });
      }
      const inbox = await h
        .http()
        .get('/legal/inbox?pageSize=100')
        .set('Authorization', await bearer(legalPichincha));
      expect((inbox.body.items as Array<{ poderId: string }>).map((i) => i.poderId)).toContain(pending.poderId);
      // The next test's endorsement carries a token of a sign-in a moment ago: accepted.
    });

    it('is endorsed by the legal unit: the case is issued and the poder enters the registry', async () => {
      const res = await h
        .http()
        .post(poderPath(pending.poderId, 'endorsement'))
        .set('Authorization', await bearer(legalPichincha))
        .send({ validUntil: '2027-12-31', note: 'Facultades suficientes para trámites ante el IESS.' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        poderId: pending.poderId,
        caseId: pending.caseId,
        status: 'endorsed',
        validUntil: '2027-12-31',
        decidedBy: { id: legalPichincha.sub, role: 'legal_unit', province: 'PICHINCHA' },
      });
      expect(await finalStatus(pending.caseId)).toBe('issued');

      const inbox = await h
        .http()
        .get('/legal/inbox')
        .set('Authorization', await bearer(legalPichincha))
        .expect(200);
      expect((inbox.body.items as Array<{ poderId: string }>).map((i) => i.poderId)).not.toContain(pending.poderId);

      const registry = await h
        .http()
        .get(`/legal/poderes?employerId=${EMPLOYER}&attorneyId=${THIRD_PARTY_CEDULA}`)
        .set('Authorization', await bearer(legalPichincha))
        .expect(200);
      expect(registry.body.items).toContainEqual(
        expect.objectContaining({
          poderId: pending.poderId,
          employerId: EMPLOYER,
          attorneyId: THIRD_PARTY_CEDULA,
          deedNumber: pending.deedNumber,
          validUntil: '2027-12-31',
          endorsedBy: legalPichincha.sub,
          endorsedAt: expect.any(String),
          revokedAt: null,
          caseId: pending.caseId,
          province: 'PICHINCHA',
          status: 'valid',
        }),
      );
      const asAuditor = await h
        .http()
        .get(`/legal/poderes?employerId=${EMPLOYER}`)
        .set('Authorization', await bearer(auditor))
        .expect(200);
      expect((asAuditor.body.items as Array<{ poderId: string }>).map((i) => i.poderId)).toContain(pending.poderId);
      const asGuayas = await h
        .http()
        .get('/legal/poderes')
        .set('Authorization', await bearer(legalGuayas))
        .expect(200);
      expect((asGuayas.body.items as Array<{ poderId: string }>).map((i) => i.poderId)).not.toContain(pending.poderId);
      const asApplicant = await h
        .http()
        .get('/legal/poderes')
        .set('Authorization', await bearer(attorney));
      expect(asApplicant.status).toBe(403);

      const logged = await new TestRows(h.db.dataSource).accessLogEntry(pending.caseId, 'endorse_poder');
      expect(logged).toEqual({ actor_id: legalPichincha.sub, actor_role: 'legal_unit' });
    });

    it('cannot be decided twice', async () => {
      const res = await h
        .http()
        .post(poderPath(pending.poderId, 'rejection'))
        .set('Authorization', await bearer(legalPichincha))
        .send({ reasonCode: 'PODER.EXPIRED' });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('PODER.ALREADY_DECIDED');
    });
  });

  it('a rejected poder closes its case as rejected, with the reason', async () => {
    const pending = await caseWithPoderInReview();
    const res = await h
      .http()
      .post(poderPath(pending.poderId, 'rejection'))
      .set('Authorization', await bearer(legalPichincha))
      .send({ reasonCode: 'PODER.SCOPE_INSUFFICIENT', note: 'El poder no faculta trámites ante el IESS.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'rejected', reason: { code: 'PODER.SCOPE_INSUFFICIENT' } });
    const result = (await h.env.client.workflow.getHandle(caseWorkflowId(pending.caseId)).result()) as CaseView;
    expect(result.status).toBe('rejected');
    expect(result.closedReason?.map((r) => r.code)).toEqual(['PODER.SCOPE_INSUFFICIENT']);
    const registry = await h
      .http()
      .get(`/legal/poderes?employerId=${EMPLOYER}`)
      .set('Authorization', await bearer(legalPichincha))
      .expect(200);
    expect((registry.body.items as Array<{ poderId: string }>).map((i) => i.poderId)).not.toContain(pending.poderId);
  });

  it('answers 404 PODER.NOT_FOUND for a poder that never reached the legal unit', async () => {
    const res = await h
      .http()
      .post(poderPath(`${EMPLOYER}:${THIRD_PARTY_CEDULA}:NO-EXISTE-${randomUUID().slice(0, 6)}`, 'endorsement'))
      .set('Authorization', await bearer(legalPichincha))
      .send({});
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('PODER.NOT_FOUND');
  });
});

async function waitFor(probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}
