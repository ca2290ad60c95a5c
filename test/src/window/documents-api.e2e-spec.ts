import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Principal } from '@tramites/api';
import type { Response } from 'supertest';
import { startApiHarness, type ApiHarness, bookCaseThroughApi } from '@tramites/testing/api';
import { TestRows } from '@tramites/testing/rows';

const MB = 1_048_576;
const applicant = (sub: string): Principal => ({ sub, role: 'applicant' });
const OFFICER: Principal = { sub: 'officer-uio-51', role: 'case_manager', agencyId: 'UIO-NORTE' };
const GYE_OFFICER: Principal = { sub: 'officer-gye-51', role: 'case_manager', agencyId: 'GYE-CENTRO' };
const AUDITOR: Principal = { sub: 'auditor-51', role: 'auditor' };

/** A small but well-formed PDF of `size` bytes (header, one empty page, trailer, padding before %%EOF). */
function pdfBytes(size = 0, text = 'solicitud'): Buffer {
  const body = [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
    `% ${text}`,
    'trailer << /Root 1 0 R >>',
  ].join('\n');
  const tail = '\n%%EOF\n';
  const padding = Math.max(0, size - body.length - tail.length);
  return Buffer.concat([Buffer.from(body, 'latin1'), Buffer.alloc(padding, 0x20), Buffer.from(tail, 'latin1')]);
}

/** A tiny JPEG: SOI, a JFIF APP0 segment, some bytes, EOI. */
function jpegBytes(): Buffer {
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  return Buffer.from([0xff, 0xd8, ...app0, ...Array.from({ length: 600 }, (_, i) => (i * 37) & 0x7f), 0xff, 0xd9]);
}

const binary = (res: Response, done: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('documents API: uploads judged by content, stored by hash, served to whoever may see the case', () => {
  let h: ApiHarness;
  const rows = (): TestRows => new TestRows(h.db.dataSource);
  let caseId: string;
  const owner = 'PDOCS00001';
  const blobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-docs-blobs-'));

  beforeAll(async () => {
    h = await startApiHarness('api_documents', { BLOB_DIR: blobDir });
    caseId = await bookedCase(owner);
  });
  afterAll(async () => {
    await h.close();
    fs.rmSync(blobDir, { recursive: true, force: true });
  });

  const auth = async (p: Principal): Promise<string> => `Bearer ${await h.token(p)}`;
  const upload = async (p: Principal, bytes: Buffer, filename: string, id = caseId) =>
    h
      .http()
      .post(`/cases/${id}/uploads`)
      .set('Authorization', await auth(p))
      .attach('file', bytes, { filename, contentType: 'application/octet-stream' });

  /** A case opened and booked at UIO-NORTE through the API (so it has an agency). */
  async function bookedCase(sub: string): Promise<string> {
    const id = await bookCaseThroughApi({ http: h.http, smtp: h.smtp, dataSource: h.db.dataSource }, await auth(applicant(sub)), sub, {
      fullName: 'Carlos Eduardo Rivas Pérez',
      nationality: 'COL',
      birthDate: '1988-02-03',
    });
    // The read model (agency included) is written by the worker's activity.
    for (let i = 0; i < 100; i += 1) {
      if ((await rows().caseRow(id))?.agency_id === 'UIO-NORTE') return id;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`case ${id} has no agency in the read model`);
  }

  it('stores a real PDF and a JPEG by content hash and returns them byte for byte', async () => {
    const pdf = pdfBytes(0, 'cédula del titular');
    const res = await upload(applicant(owner), pdf, 'cédula.pdf');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      documentId: expect.any(String),
      sha256: sha256(pdf),
      size: pdf.length,
      type: 'pdf',
      originalName: 'cédula.pdf',
      created: true,
    });
    const stored = path.join(blobDir, sha256(pdf).slice(0, 2), sha256(pdf).slice(2, 4), sha256(pdf));
    expect(fs.readFileSync(stored).equals(pdf)).toBe(true);

    const jpeg = jpegBytes();
    const photo = await upload(OFFICER, jpeg, 'foto.jpg');
    expect(photo.status).toBe(201);
    expect(photo.body).toMatchObject({ sha256: sha256(jpeg), size: jpeg.length, type: 'jpeg' });

    const back = await h
      .http()
      .get(`/cases/${caseId}/uploads/${res.body.documentId}`)
      .set('Authorization', await auth(applicant(owner)))
      .buffer(true)
      .parse(binary);
    expect(back.status).toBe(200);
    expect(back.headers['content-type']).toBe('application/pdf');
    expect(back.headers['x-content-type-options']).toBe('nosniff');
    expect(back.headers['content-disposition']).toBe(`attachment; filename="cedula.pdf"; filename*=UTF-8''c%C3%A9dula.pdf`);
    expect((back.body as Buffer).equals(pdf)).toBe(true);

    const image = await h
      .http()
      .get(`/cases/${caseId}/uploads/${photo.body.documentId}`)
      .set('Authorization', await auth(OFFICER))
      .buffer(true)
      .parse(binary);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect((image.body as Buffer).equals(jpeg)).toBe(true);
    const log = await rows().accessLog(caseId, OFFICER.sub);
    expect(log.map((r) => ({ action: r.action }))).toContainEqual({ action: `download_upload:${photo.body.documentId}` });

    const list = await h
      .http()
      .get(`/cases/${caseId}/uploads`)
      .set('Authorization', await auth(AUDITOR));
    expect(list.status).toBe(200);
    expect(list.body.items.map((d: { sha256: string }) => d.sha256)).toEqual([sha256(pdf), sha256(jpeg)]);
    expect(list.body.items[0]).toMatchObject({ uploadedBy: owner, role: 'applicant', mimeType: 'application/pdf' });
  });

  it('answers 500 DOCUMENT.CONTENT_UNAVAILABLE, naming no path nor hash, when the stored content is missing or damaged', async () => {
    const pdf = pdfBytes(0, 'contenido que se pierde');
    const res = await upload(applicant(owner), pdf, 'perdido.pdf');
    expect(res.status).toBe(201);
    const stored = path.join(blobDir, sha256(pdf).slice(0, 2), sha256(pdf).slice(2, 4), sha256(pdf));
    const fetch = async (): Promise<Response> =>
      h
        .http()
        .get(`/cases/${caseId}/uploads/${res.body.documentId}`)
        .set('Authorization', await auth(applicant(owner)));
    fs.rmSync(stored);
    const missing = await fetch();
    expect(missing.status).toBe(500);
    expect(missing.body.error).toEqual({
      code: 'DOCUMENT.CONTENT_UNAVAILABLE',
      message: 'El contenido del documento no está disponible; comuníquese con la agencia.',
    });
    fs.writeFileSync(stored, pdfBytes(0, 'otro contenido'));
    const damaged = await fetch();
    expect(damaged.status).toBe(500);
    expect(damaged.body.error.code).toBe('DOCUMENT.CONTENT_UNAVAILABLE');
    for (const answer of [damaged, missing]) {
      expect(JSON.stringify(answer.body)).not.toContain(sha256(pdf));
      expect(JSON.stringify(answer.body)).not.toContain(blobDir);
    }
  });

  it('keeps one row when the same file is uploaded twice', async () => {
    const pdf = pdfBytes(4096, 'dos veces');
    const first = await upload(applicant(owner), pdf, 'contrato.pdf');
    const again = await upload(applicant(owner), pdf, 'contrato-copia.pdf');
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ sha256: first.body.sha256, documentId: first.body.documentId, created: false, originalName: 'contrato.pdf' });
    expect(await rows().uploadCount(caseId, sha256(pdf))).toBe(1);
  });

  it('refuses 1 MB + 1 byte (422), cuts off a larger body (413), and accepts exactly 1 MB', async () => {
    const exact = await upload(applicant(owner), pdfBytes(MB, 'justo 1 MB'), 'exacto.pdf');
    expect(exact.status).toBe(201);
    expect(exact.body.size).toBe(MB);

    const over = await upload(applicant(owner), pdfBytes(MB + 1, 'un byte de más'), 'ruc.pdf');
    expect(over.status).toBe(422);
    expect(over.body.error.code).toBe('UPLOAD.TOO_LARGE');
    expect(over.body.error.message).toContain('«ruc.pdf»');
    expect(over.body.error.message).toContain('1.048.577 bytes');

    const huge = await upload(applicant(owner), pdfBytes(2 * MB, 'dos megas'), 'escaneo.pdf');
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('UPLOAD.TOO_LARGE');
    expect(huge.body.error.message).toContain('«escaneo.pdf»');
  });

  it('judges by content: an executable named .pdf, an empty file and a missing file are refused', async () => {
    const exe = Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(510, 0x90)]);
    const refused = await upload(applicant(owner), exe, 'cedula.pdf');
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('UPLOAD.TYPE_NOT_ALLOWED');
    expect(refused.body.error.message).toContain('«cedula.pdf»');
    expect(refused.body.error.detected).toBe('windows_executable');

    const empty = await upload(applicant(owner), Buffer.alloc(0), 'vacio.pdf');
    expect(empty.status).toBe(422);
    expect(empty.body.error.code).toBe('UPLOAD.EMPTY');

    const none = await h
      .http()
      .post(`/cases/${caseId}/uploads`)
      .set('Authorization', await auth(applicant(owner)))
      .field('note', 'sin archivo');
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe('UPLOAD.FILE_REQUIRED');
    const otherField = await h
      .http()
      .post(`/cases/${caseId}/uploads`)
      .set('Authorization', await auth(applicant(owner)))
      .attach('documento', pdfBytes(), 'a.pdf');
    expect(otherField.status).toBe(400);
    expect(otherField.body.error.code).toBe('UPLOAD.INVALID_MULTIPART');

    expect(await rows().uploadsNamed(['cedula.pdf', 'vacio.pdf'])).toBe(0);
  });

  it('keeps other people out: another applicant, another agency, a role without access (403)', async () => {
    const docId = await rows().anUploadOf(caseId);
    const stranger = applicant('PSTRANGER5');
    const up = await upload(stranger, pdfBytes(), 'intruso.pdf');
    expect(up.status).toBe(403);
    expect(up.body.error.code).toBe('AUTH.NOT_YOUR_CASE');
    const list = await h
      .http()
      .get(`/cases/${caseId}/uploads`)
      .set('Authorization', await auth(stranger));
    expect(list.status).toBe(403);
    const get = await h
      .http()
      .get(`/cases/${caseId}/uploads/${docId}`)
      .set('Authorization', await auth(stranger));
    expect(get.status).toBe(403);
    expect(get.body.error.code).toBe('AUTH.NOT_YOUR_CASE');
    const gye = await h
      .http()
      .get(`/cases/${caseId}/uploads/${docId}`)
      .set('Authorization', await auth(GYE_OFFICER));
    expect(gye.body.error.code).toBe('AUTH.OUT_OF_SCOPE');
    const legal = await h
      .http()
      .get(`/cases/${caseId}/uploads`)
      .set('Authorization', await auth({ sub: 'legal-1', role: 'legal_unit', province: 'PICHINCHA' }));
    expect(legal.body.error.code).toBe('AUTH.ROLE_NOT_ALLOWED');
    const auditorUpload = await upload(AUDITOR, pdfBytes(), 'auditor.pdf');
    expect(auditorUpload.body.error.code).toBe('AUTH.ROLE_NOT_ALLOWED');
    expect((await h.http().get(`/cases/${caseId}/uploads`)).status).toBe(401);

    const unknownDoc = await h
      .http()
      .get(`/cases/${caseId}/uploads/00000000-0000-4000-8000-000000000000`)
      .set('Authorization', await auth(applicant(owner)));
    expect(unknownDoc.status).toBe(404);
    expect(unknownDoc.body.error.code).toBe('DOCUMENT.NOT_FOUND');
    const notIssued = await h
      .http()
      .get(`/cases/${caseId}/issued-document`)
      .set('Authorization', await auth(applicant(owner)));
    expect(notIssued.status).toBe(404);
    expect(notIssued.body.error.code).toBe('DOCUMENT.NOT_FOUND');
  });
});
