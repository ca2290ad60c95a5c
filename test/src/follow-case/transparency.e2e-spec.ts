import { randomUUID } from 'node:crypto';
import type { Principal } from '@tramites/api';
import { toGuayaquilWallClock } from '@tramites/domain';
import { startApiHarness, type ApiHarness, attendAtWindow, bookCaseThroughApi } from '@tramites/testing/api';
import { TestRows } from '@tramites/testing/rows';

const applicant = (sub: string): Principal => ({ sub, role: 'applicant' });
const OFFICER: Principal = { sub: 'officer-uio-31', role: 'case_manager', agencyId: 'UIO-NORTE' };

interface Row {
  year: number;
  month: number;
  monthName: string;
  complaints: number;
  attended: number;
}
interface Report {
  year: number;
  columns: string[];
  procedures: Array<{ procedure: string; sheet: string; name: string; rows: Row[]; totals: { complaints: number; attended: number } }>;
}

describe('transparency API: complaints and attended cases per procedure and month', () => {
  let h: ApiHarness;
  const rows = (): TestRows => new TestRows(h.db.dataSource);
  const now = toGuayaquilWallClock(Date.now());
  const year = Number(now.date.slice(0, 4));
  const month = Number(now.date.slice(5, 7));

  beforeAll(async () => {
    h = await startApiHarness('api_transparency');
  });
  afterAll(async () => {
    await h.close();
  });

  const auth = async (p: Principal): Promise<string> => `Bearer ${await h.token(p)}`;
  const report = async (y: number): Promise<Report> => {
    const res = await h.http().get(`/transparency?year=${y}`);
    expect(res.status).toBe(200);
    return res.body as Report;
  };
  const rowOf = (r: Report, procedure: string, m: number): Row | undefined =>
    r.procedures.find((p) => p.procedure === procedure)?.rows.find((row) => row.month === m);

  /** A 000 case through the API, from the emailed code to the issued foreigner code. */
  async function issuedCase(sub: string): Promise<string> {
    const deps = { http: h.http, smtp: h.smtp, dataSource: h.db.dataSource };
    const caseId = await bookCaseThroughApi(deps, await auth(applicant(sub)), sub);
    await attendAtWindow(deps, caseId, await auth(OFFICER), OFFICER.sub);
    // The read model is written by the worker's activity after the workflow closes the case.
    for (let i = 0; i < 100; i += 1) {
      if ((await rows().caseRow(caseId))?.status === 'issued') return caseId;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`case ${caseId} was not issued`);
  }

  /** A closed case written straight into the read model and the event log (only the columns the figures read). */
  async function closedCase(procedure: string, status: string, type: string, occurredAt: string): Promise<string> {
    const id = randomUUID();
    await rows().insertClosedCase(id, procedure, status, type, occurredAt);
    return id;
  }

  it('counts an issued case and a complaint in the procedure and the Guayaquil month they happened', async () => {
    const sub = 'PTRANSP001';
    const caseId = await issuedCase(sub);

    const filed = await h
      .http()
      .post(`/cases/${caseId}/complaints`)
      .set('Authorization', await auth(applicant(sub)))
      .send({ description: '  La atención en ventanilla tardó dos horas más de lo indicado en el turno.  ' });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ id: expect.any(String), caseId, procedureType: 'FOREIGNER_CODE' });
    const stored = await rows().complaint(filed.body.id);
    expect(stored).toEqual({ filed_by: sub, role: 'applicant', description: 'La atención en ventanilla tardó dos horas más de lo indicado en el turno.' });

    const r = await report(year);
    expect(r.year).toBe(year);
    expect(r.columns).toEqual(['Año', 'Mes', 'Volumen de Quejas', 'Volumen de Atenciones']);
    expect(r.procedures.map((p) => p.procedure)).toEqual([
      'FOREIGNER_CODE',
      'FOREIGNER_CODE_EMPLOYMENT',
      'NON_AFFILIATION_CERTIFICATE',
      'AFFILIATE_PORTAL_PASSWORD',
      'EMPLOYER_PORTAL_PASSWORD',
    ]);
    expect(r.procedures.map((p) => p.sheet)).toEqual(['000', '001', '002', '003', '004']);
    for (const p of r.procedures) expect(p.rows.map((row) => row.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(r.procedures[0]?.rows[0]?.monthName).toBe('enero');
    expect(r.procedures[0]?.rows[8]?.monthName).toBe('septiembre');
    expect(rowOf(r, 'FOREIGNER_CODE', month)).toMatchObject({ year, month, complaints: 1, attended: 1 });
    expect(r.procedures.find((p) => p.procedure === 'FOREIGNER_CODE')?.totals).toEqual({ complaints: 1, attended: 1 });
    expect(r.procedures.find((p) => p.procedure === 'AFFILIATE_PORTAL_PASSWORD')?.totals).toEqual({ complaints: 0, attended: 0 });
  });

  it('uses the closing event and the Guayaquil month; lapsed and cancelled cases are not attentions', async () => {
    // 03:00 UTC on 1 March is still 28/29 February in Guayaquil (UTC-5).
    await closedCase('NON_AFFILIATION_CERTIFICATE', 'issued', 'CERTIFICATE_ISSUED', `${year}-03-01T03:00:00Z`);
    await closedCase('NON_AFFILIATION_CERTIFICATE', 'abandoned', 'CASE_ABANDONED', `${year}-03-01T05:00:00Z`);
    await closedCase('NON_AFFILIATION_CERTIFICATE', 'cancelled', 'CASE_CANCELLED', `${year}-03-10T15:00:00Z`);
    await closedCase('NON_AFFILIATION_CERTIFICATE', 'lapsed', 'CASE_LAPSED', `${year}-03-10T15:00:00Z`);
    // A poder rejected by the legal unit closes the case as rejected: New Year's Eve in Guayaquil.
    await closedCase('FOREIGNER_CODE_EMPLOYMENT', 'rejected', 'PODER_REJECTED', `${year}-01-01T04:59:00Z`);

    const r = await report(year);
    expect(rowOf(r, 'NON_AFFILIATION_CERTIFICATE', 2)?.attended).toBe(1);
    expect(rowOf(r, 'NON_AFFILIATION_CERTIFICATE', 3)?.attended).toBe(1);
    expect(r.procedures.find((p) => p.procedure === 'NON_AFFILIATION_CERTIFICATE')?.totals.attended).toBe(2);
    expect(r.procedures.find((p) => p.procedure === 'FOREIGNER_CODE_EMPLOYMENT')?.totals.attended).toBe(0);
    const previous = await report(year - 1);
    expect(rowOf(previous, 'FOREIGNER_CODE_EMPLOYMENT', 12)?.attended).toBe(1);
  });

  it('publishes the same table as CSV with its header row', async () => {
    const res = await h
      .http()
      .get(`/transparency.csv?year=${year}`)
      .buffer(true)
      .parse((response, done) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => done(null, text));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toContain(`transparencia-${year}.csv`);
    const lines = (res.body as string)
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('Trámite,Ficha,Nombre del trámite,Año,Mes,Nombre del mes,Volumen de Quejas,Volumen de Atenciones');
    expect(lines).toHaveLength(1 + 5 * 12);
    const current = lines.find((l) => l.startsWith('FOREIGNER_CODE,000,') && l.includes(`,${year},${String(month).padStart(2, '0')},`));
    expect(current?.split(',').slice(-2)).toEqual(['1', '1']);
  });

  it("refuses a complaint on somebody else's case (403), a short one (400) and a bad year (400)", async () => {
    const caseId = await rows().caseIdOf('PTRANSP001');
    const stranger = await h
      .http()
      .post(`/cases/${caseId}/complaints`)
      .set('Authorization', await auth(applicant('PSTRANGER9')))
      .send({ description: 'Quiero quejarme de un trámite que no es mío.' });
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe('AUTH.NOT_YOUR_CASE');
    const otherAgency = await h
      .http()
      .post(`/cases/${caseId}/complaints`)
      .set('Authorization', await auth({ sub: 'officer-gye-3', role: 'case_manager', agencyId: 'GYE-CENTRO' }))
      .send({ description: 'Queja registrada en otra agencia.' });
    expect(otherAgency.status).toBe(403);
    expect(otherAgency.body.error.code).toBe('AUTH.OUT_OF_SCOPE');
    const auditor = await h
      .http()
      .post(`/cases/${caseId}/complaints`)
      .set('Authorization', await auth({ sub: 'auditor-3', role: 'auditor' }))
      .send({ description: 'Los auditores no registran quejas.' });
    expect(auditor.body.error.code).toBe('AUTH.ROLE_NOT_ALLOWED');
    const short = await h
      .http()
      .post(`/cases/${caseId}/complaints`)
      .set('Authorization', await auth(applicant('PTRANSP001')))
      .send({ description: ' mal ' });
    expect(short.status).toBe(400);
    expect(short.body.error.fields[0]).toMatchObject({ field: 'description' });
    expect((await h.http().post(`/cases/${caseId}/complaints`).send({ description: 'Sin token no se registra.' })).status).toBe(401);
    const badYear = await h.http().get('/transparency?year=20x6');
    expect(badYear.status).toBe(400);
    expect(badYear.body.error.fields[0].field).toBe('year');
    expect(await rows().complaintCount()).toBe(1);
  });
});
