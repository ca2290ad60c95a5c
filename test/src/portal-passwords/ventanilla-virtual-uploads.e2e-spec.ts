import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { caseWorkflowId, type CredentialCaseView } from '@tramites/contracts';
import { createTestPki, employerFixture, seedEmployer, signedPdf, tamperPdf, unsignedPdf, type TestPki } from '@tramites/testing';
import { startApiHarness, type ApiHarness } from '@tramites/testing/api';
import { TestRows } from '@tramites/testing/rows';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(2000, 7), Buffer.from([0xff, 0xd9])]);

/**
 * 004 Ventanilla Virtual: a document that must be signed electronically is judged when it is uploaded
 * (the API's SIGNATURE_TRUST_ANCHORS), each refusal naming the file and the rule; the files follow the
 * employer (foreigner without cédula, artisan); and a worker without trust anchors gives a final verdict
 * instead of retrying the inspection until the page says "intente nuevamente".
 */
describe('Ventanilla Virtual (004): uploads judged at once, files by employer, a final verdict without trust anchors', () => {
  let h: ApiHarness;
  let pki: TestPki;

  beforeAll(async () => {
    pki = await createTestPki({ commonName: 'María Fernanda Quiñónez Etxeberría' });
    const anchors = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-anchors-')), 'anchors.pem');
    fs.writeFileSync(anchors, pki.caPem);
    // The API trusts the suite's CA; the worker, on purpose, trusts none (SIGNATURE_TRUST_ANCHORS unset there).
    h = await startApiHarness('vv_uploads', { SIGNATURE_TRUST_ANCHORS: anchors });
  });
  afterAll(() => h.close());

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  async function captcha(): Promise<string> {
    const res = await h.http().get('/captcha').expect(200);
    const [a, b] = (res.body.question as string).match(/\d+/g)!.map(Number);
    return `${res.body.captchaId}:${(a ?? 0) + (b ?? 0)}`;
  }
  async function startVirtual(employerId: string, identityNumber: string) {
    const res = await h
      .http()
      .post('/portal-passwords/employer')
      .send({
        channel: 'virtual',
        employerId,
        filerRole: 'employer',
        filer: { identityNumber, fullName: 'María Fernanda Quiñónez Etxeberría' },
        captchaToken: await captcha(),
      })
      .expect(201);
    return res.body as { caseId: string; accessToken: string; case: CredentialCaseView };
  }
  const upload = (c: { caseId: string; accessToken: string }, bytes: Uint8Array, name: string, kind?: string) => {
    const req = h.http().post(`/cases/${c.caseId}/uploads`).set(bearer(c.accessToken));
    return (kind ? req.field('kind', kind) : req).attach('file', Buffer.from(bytes), name);
  };

  it('a foreign employer without cédula is asked for the foreigner code, passport or visa; an artisan also for the Calificación Artesanal', async () => {
    const foreign = await seedEmployer(h.db.dataSource, employerFixture({ id: `PA${Date.now() % 10_000_000}`, idType: 'passport' }));
    const started = await startVirtual(foreign.id, foreign.id);
    expect(started.case.uploadSlots?.map((s) => s.kinds)).toEqual([
      ['ruc'],
      ['key_delivery_request'],
      ['responsibility_agreement'],
      ['foreigner_code_certificate', 'passport', 'visa'],
    ]);
    const artisan = await seedEmployer(h.db.dataSource, employerFixture({ isArtisan: true }));
    const artisanCase = await startVirtual(artisan.id, artisan.legalRepIdentity);
    expect(artisanCase.case.uploadSlots?.flatMap((s) => s.kinds)).toEqual([
      'ruc',
      'key_delivery_request',
      'cedula',
      'responsibility_agreement',
      'artisan_qualification',
    ]);
  });

  it('refuses at upload, naming the file and the rule: a photo named .pdf, no signature, a tampered file, an unknown authority; takes a good one with its signer', async () => {
    const e = await seedEmployer(h.db.dataSource, employerFixture());
    const c = await startVirtual(e.id, e.legalRepIdentity);

    const photo = await upload(c, JPEG, 'solicitud-firmada.pdf', 'key_delivery_request').expect(422);
    expect(photo.body.error).toMatchObject({ code: 'UPLOAD.TYPE_NOT_ALLOWED', file: 'solicitud-firmada.pdf', detected: 'jpeg' });
    expect(photo.body.error.message).toBe(
      'El archivo «solicitud-firmada.pdf» no es un PDF (es una imagen JPG): Solicitud de entrega de clave se carga en PDF con firma electrónica.',
    );
    // The same photo is a fine scan of the cédula: only the signed documents must be PDFs.
    await upload(c, JPEG, 'cedula.jpg', 'cedula').expect(201);

    const unsigned = await upload(c, unsignedPdf('Solicitud sin firma'), 'solicitud.pdf', 'key_delivery_request').expect(422);
    expect(unsigned.body.error.code).toBe('DOC.SIGNATURE_ELECTRONIC_REQUIRED');
    expect(unsigned.body.error.message).toContain('«solicitud.pdf»');

    const tampered = await upload(c, tamperPdf(await signedPdf(pki)), 'acuerdo.pdf', 'responsibility_agreement').expect(422);
    expect(tampered.body.error.code).toBe('DOC.SIGNATURE_TAMPERED');

    const stranger = await createTestPki({ commonName: 'Firmante Desconocido' });
    const untrusted = await upload(c, await signedPdf(stranger), 'acuerdo.pdf', 'responsibility_agreement').expect(422);
    expect(untrusted.body.error).toMatchObject({ code: 'DOC.SIGNATURE_UNTRUSTED', signer: 'Firmante Desconocido' });
    expect(untrusted.body.error.message).toMatch(/Firmado por Firmante Desconocido, con un certificado emitido por CN=Autoridad de Certificación de Pruebas/);

    const good = await upload(c, await signedPdf(pki, { text: 'Acuerdo de responsabilidad' }), 'acuerdo.pdf', 'responsibility_agreement').expect(201);
    expect(good.body.signature).toMatchObject({ status: 'valid', signer: 'María Fernanda Quiñónez Etxeberría' });
    expect(good.body.signature.issuer).toContain(pki.caCommonName);

    const unknownKind = await upload(c, JPEG, 'x.jpg', 'recibo').expect(400);
    expect(unknownKind.body.error.code).toBe('VALIDATION.FAILED');
  });

  it('a worker without trust anchors answers the submission with a final verdict (signer not trusted), not a retry that ends in "intente nuevamente"', async () => {
    const e = await seedEmployer(h.db.dataSource, employerFixture());
    const c = await startVirtual(e.id, e.legalRepIdentity);
    const ids = [];
    for (const [bytes, name, kind] of [
      [unsignedPdf('RUC'), 'ruc.pdf', 'ruc'],
      [await signedPdf(pki, { text: 'Solicitud' }), 'solicitud.pdf', 'key_delivery_request'],
      [JPEG, 'cedula.jpg', 'cedula'],
      [await signedPdf(pki, { text: 'Acuerdo' }), 'acuerdo.pdf', 'responsibility_agreement'],
    ] as const) {
      const res = await upload(c, bytes, name, kind).expect(201);
      ids.push({ documentId: res.body.documentId as string, kind, ...(kind === 'cedula' ? { belongsTo: 'employer' } : {}) });
    }
    const refused = await h
      .http()
      .post(`/cases/${c.caseId}/submission`)
      .set(bearer(c.accessToken))
      .send({ uploads: ids, requestDetail: 'Solicito la clave patronal.' })
      .expect(422);
    expect(refused.body.error.code).toBe('SUBMISSION.OBSERVED');
    // Both signed documents, named by the same final reason (the sheet's checklist adds that the signature is required).
    const reasons = refused.body.error.reasons as Array<{ code: string; message: string }>;
    expect(reasons.filter((r) => r.code === 'DOC.SIGNATURE_UNTRUSTED').map((r) => r.message.split(':')[0])).toEqual([
      'Solicitud de entrega de clave',
      'Acuerdo de Responsabilidad y Uso de la información',
    ]);
    const types = (await new TestRows(h.db.dataSource).caseEvents(c.caseId)).map((r) => r.type);
    expect(types).toEqual(['CASE_OPENED', 'EMPLOYER_VERIFIED', 'SUBMISSION_OBSERVED']);
    const view = (await h.env.client.workflow.getHandle(caseWorkflowId(c.caseId)).query('getCase')) as CredentialCaseView;
    expect(view.status).toBe('awaiting_submission');
  });
});
