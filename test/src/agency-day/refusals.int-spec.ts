import type { Principal } from '@tramites/api';
import { completeDocuments000, completeDocuments001ByAttorney, OFFICER } from '@tramites/testing';
import { DeskCases, startApiHarness, type ApiHarness } from '@tramites/testing/api';

const MANAGER: Principal = { sub: OFFICER.id, role: 'case_manager', agencyId: 'UIO-NORTE' };
const AUDITOR: Principal = { sub: 'auditor-1', role: 'auditor' };
const LEGAL_PICHINCHA: Principal = { sub: 'legal-pic-1', role: 'legal_unit', province: 'PICHINCHA' };
const LEGAL_GUAYAS: Principal = { sub: 'legal-gye-1', role: 'legal_unit', province: 'GUAYAS' };
/** The officer who reviewed the documents at the window, who also holds the legal unit's role. */
const LEGAL_SAME_OFFICER: Principal = { sub: OFFICER.id, role: 'legal_unit', province: 'PICHINCHA' };

/**
 * Refusals that say what happened, through the real API, Temporal and PostgreSQL: each answer
 * carries the code of the real reason, its status, and a Spanish message that names that reason
 * in words an officer or an applicant can act on (libs/contracts/src/error-codes.ts).
 */
describe('refusals that name the real reason', () => {
  let h: ApiHarness;
  let cases: DeskCases;

  beforeAll(async () => {
    h = await startApiHarness('agency_refusals');
    cases = new DeskCases(h);
  });
  afterAll(async () => {
    await h.close();
  });

  const bearer = async (p: Principal): Promise<string> => `Bearer ${await h.token(p)}`;
  const poderPath = (poderId: string, decision: 'endorsement' | 'rejection'): string => `/legal/poderes/${encodeURIComponent(poderId)}/${decision}`;

  it('an action on an issued case is 409 CASE.CLOSED, saying the case ended with the document issued, while GET shows it', async () => {
    const { caseId } = await cases.issued000('Marta Lucía Ordóñez Paz');
    const shown = await h
      .http()
      .get(`/cases/${caseId}`)
      .set('Authorization', await bearer(AUDITOR));
    expect(shown.status).toBe(200);
    expect(shown.body.status).toBe('issued');
    const { documents } = completeDocuments000({ id: MANAGER.sub, role: 'case_manager' });
    for (const [route, body] of [
      ['check-in', {}],
      ['documents', { documents }],
    ] as const) {
      const res = await h
        .http()
        .post(`/cases/${caseId}/${route}`)
        .set('Authorization', await bearer(MANAGER))
        .send(body);
      expect({ route, status: res.status, code: res.body.error?.code }).toEqual({ route, status: 409, code: 'CASE.CLOSED' });
      expect(res.body.error.message).toMatch(/terminó/);
      expect(res.body.error.message).toMatch(/emiti/);
    }
    // A file for the closed case: the same words, and that it takes no more documents.
    const upload = await h
      .http()
      .post(`/cases/${caseId}/uploads`)
      .set('Authorization', await bearer(MANAGER))
      .attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), { filename: 'solicitud.pdf', contentType: 'application/pdf' });
    expect({ status: upload.status, code: upload.body.error?.code }).toEqual({ status: 409, code: 'CASE.CLOSED' });
    expect(upload.body.error.message).toMatch(/terminó: se emitió su documento.*Ya no recibe documentos/);
  });

  it('POST /cases/:id/documents answers the state the case goes to: a 001 whose poder goes to the legal unit is legal_review, not issuing', async () => {
    const { caseId } = await cases.booked001ByAttorney('Gonzalo Iván Paredes Ruiz');
    await h
      .http()
      .post(`/cases/${caseId}/check-in`)
      .set('Authorization', await bearer(MANAGER))
      .expect(200);
    const { documents, sutRecord } = completeDocuments001ByAttorney({ id: MANAGER.sub, role: 'case_manager' });
    const res = await h
      .http()
      .post(`/cases/${caseId}/documents`)
      .set('Authorization', await bearer(MANAGER))
      .send({ documents, sutRecord });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('legal_review');
    expect((await cases.waitForStatus(caseId, 'legal_review')).status).toBe('legal_review');
  });

  describe('a poder in review', () => {
    let poderId: string;
    beforeAll(async () => {
      ({ poderId } = await cases.poderInReview(OFFICER.id));
    });

    it('the officer who reviewed the documents is told that, not only "No puede sumillar este poder" (422 PODER.SAME_OFFICER)', async () => {
      for (const [decision, body] of [
        ['endorsement', {}],
        ['rejection', { reasonCode: 'PODER.EXPIRED' }],
      ] as const) {
        const res = await h
          .http()
          .post(poderPath(poderId, decision))
          .set('Authorization', await bearer(LEGAL_SAME_OFFICER))
          .send(body);
        expect({ decision, status: res.status, code: res.body.error?.code }).toEqual({ decision, status: 422, code: 'PODER.SAME_OFFICER' });
        expect(res.body.error.message).toMatch(/revisó los documentos de este trámite en ventanilla/);
        expect(res.body.error.message).not.toMatch(/ese motivo/);
      }
    });

    it('the legal unit of another province is refused for its scope (403 AUTH.OUT_OF_SCOPE naming both provinces), never for "ese motivo"', async () => {
      for (const [decision, body] of [
        ['endorsement', {}],
        ['rejection', { reasonCode: 'PODER.EXPIRED' }],
      ] as const) {
        const res = await h
          .http()
          .post(poderPath(poderId, decision))
          .set('Authorization', await bearer(LEGAL_GUAYAS))
          .send(body);
        expect({ decision, status: res.status, code: res.body.error?.code }).toEqual({ decision, status: 403, code: 'AUTH.OUT_OF_SCOPE' });
        expect(res.body.error.message).toMatch(/PICHINCHA/);
        expect(res.body.error.message).toMatch(/GUAYAS/);
        expect(res.body.error.message).not.toMatch(/ese motivo/);
      }
      // The legal unit of the poder's province still may decide it.
      const page = await h
        .http()
        .get(`/legal/poderes/${encodeURIComponent(poderId)}/review`)
        .set('Authorization', await bearer(LEGAL_PICHINCHA));
      expect(page.status).toBe(200);
      expect(page.body.separationOfDuties.mayDecide).toBe(true);
    });
  });

  it('a 000 for someone who already has a code is refused at filing, telling them their code (masked) and how to get the document again', async () => {
    const person = { fullName: 'Valeria Inés Cordero Andrade', nationality: 'VEN', birthDate: '1991-05-17' };
    const first = await cases.booked(
      { sub: 'PVEN7700001', role: 'applicant' },
      {
        procedure: 'FOREIGNER_CODE',
        province: 'PICHINCHA',
        filerRole: 'holder',
        booker: { email: 'pven7700001@example.ec', mobile: '0991234567' },
        holder: { ...person, documentType: 'passport', documentNumber: 'PVEN7700001' },
      },
    );
    await cases.attended(first.caseId, MANAGER.sub);
    const code = String((await cases.waitForStatus(first.caseId, 'issued')).result?.code ?? '');
    expect(code).toMatch(/^\d{12}$|^\d+$/);

    // A new filing months later (another address): not a retry of the first request.
    const again = await h
      .http()
      .post('/cases')
      .set('Authorization', await bearer({ sub: 'PVEN7700001', role: 'applicant' }))
      .send({
        procedure: 'FOREIGNER_CODE',
        province: 'PICHINCHA',
        filerRole: 'holder',
        booker: { email: 'valeria.cordero@example.ec', mobile: '0991234567' },
        holder: { ...person, documentType: 'passport', documentNumber: 'PVEN7700001' },
      });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('ELIGIBILITY.ALREADY_HAS_CODE');
    const message = String(again.body.error.message);
    // Masked: only its last four digits, never the whole code.
    expect(message).toContain(code.slice(-4));
    expect(message).not.toContain(code);
    expect(message).toMatch(/reenv/);
    expect(message).toMatch(/agencia/);
  });

  it('documents: "none" is told it must be a list (400 VALIDATION.FAILED), not that it has too many elements', async () => {
    const { caseId } = await cases.booked000('Julia Beatriz Montalvo Ríos');
    await h
      .http()
      .post(`/cases/${caseId}/check-in`)
      .set('Authorization', await bearer(MANAGER))
      .expect(200);
    const res = await h
      .http()
      .post(`/cases/${caseId}/documents`)
      .set('Authorization', await bearer(MANAGER))
      .send({ documents: 'none' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION.FAILED');
    expect(res.body.error.fields).toEqual([{ field: 'documents', message: 'documents debe ser una lista' }]);
    expect(res.body.error.message).not.toMatch(/demasiados elementos/);
  });
});
