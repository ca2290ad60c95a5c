import { randomUUID } from 'node:crypto';
import type { Principal } from '@tramites/api';
import { addBusinessDays, toLocalDate } from '@tramites/domain';
import { EMPLOYER_CEDULA, completeDocuments000, completeDocuments001ByEmployer, completeDocuments002, slotStartingSoon } from '@tramites/testing';
import { startApiHarness, type ApiHarness } from '@tramites/testing/api';
import { TestRows } from '@tramites/testing/rows';

const applicant = (sub: string): Principal => ({ sub, role: 'applicant' });
const OFFICER: Principal = { sub: 'officer-uio-7', role: 'case_manager', agencyId: 'UIO-NORTE' };
const GYE_OFFICER: Principal = { sub: 'officer-gye-1', role: 'case_manager', agencyId: 'GYE-CENTRO' };
const LEGAL: Principal = { sub: 'legal-pic-9', role: 'legal_unit', province: 'PICHINCHA' };
const AUDITOR: Principal = { sub: 'auditor-1', role: 'auditor' };

function body(documentNumber: string, overrides: Record<string, unknown> = {}) {
  return {
    procedure: 'FOREIGNER_CODE',
    province: 'PICHINCHA',
    filerRole: 'holder',
    booker: { email: `${documentNumber.toLowerCase()}@example.ec`, mobile: '0991234567' },
    holder: { fullName: 'María José Pérez Gómez', nationality: 'VEN', documentType: 'passport', documentNumber, birthDate: '1990-04-12' },
    ...overrides,
  };
}

/** Each role's journey through HTTP, against the real API, worker, Temporal and PostgreSQL. */
describe('cases and appointments API', () => {
  let h: ApiHarness;
  let officerToken: string;

  beforeAll(async () => {
    h = await startApiHarness('api_cases');
    officerToken = await h.token(OFFICER);
  });
  afterAll(async () => {
    await h.close();
  });

  const auth = async (p: Principal): Promise<string> => `Bearer ${await h.token(p)}`;

  async function openCase(sub: string, key = `key-${sub}`): Promise<string> {
    const res = await h
      .http()
      .post('/cases')
      .set('Authorization', await auth(applicant(sub)))
      .set('Idempotency-Key', key)
      .send(body(sub));
    expect(res.status).toBe(201);
    return res.body.caseId as string;
  }

  async function emailedCode(email: string): Promise<string> {
    const m = await h.smtp.waitForMessage((x) => x.to.includes(email) && /verific/i.test(x.subject));
    return /\b(\d{6})\b/.exec(m.text)?.[1] ?? '';
  }

  it('refuses requests without a valid token: 401 with a code', async () => {
    const none = await h.http().get('/cases');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('AUTH.TOKEN_REQUIRED');
    const bad = await h.http().get('/cases').set('Authorization', 'Bearer not-a-token');
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('AUTH.TOKEN_INVALID');
    expect(JSON.stringify(bad.body)).not.toMatch(/stack|Error:|at \//);
  });

  it('starts a case once per Idempotency-Key; the same key with other data is a 409 naming the case', async () => {
    const token = await auth(applicant('PIDEMP0001'));
    const first = await h.http().post('/cases').set('Authorization', token).set('Idempotency-Key', 'retry-me-0001').send(body('PIDEMP0001'));
    expect(first.status).toBe(201);
    const again = await h.http().post('/cases').set('Authorization', token).set('Idempotency-Key', 'retry-me-0001').send(body('PIDEMP0001'));
    expect(again.status).toBe(200);
    expect(again.body.caseId).toBe(first.body.caseId);
    const noKeyTwice = await Promise.all([
      h
        .http()
        .post('/cases')
        .set('Authorization', token)
        .send(body('PIDEMP0001', { province: 'PICHINCHA' })),
      h
        .http()
        .post('/cases')
        .set('Authorization', token)
        .send(body('PIDEMP0001', { province: 'PICHINCHA' })),
    ]);
    expect(new Set(noKeyTwice.map((r) => r.body.caseId)).size).toBe(1);
    const conflict = await h
      .http()
      .post('/cases')
      .set('Authorization', token)
      .set('Idempotency-Key', 'retry-me-0001')
      .send(body('PIDEMP0001', { province: 'GUAYAS' }));
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toMatchObject({ code: 'CASE.ALREADY_EXISTS', caseId: first.body.caseId });
  });

  it('answers bad input with 400, each field and its rule in Spanish', async () => {
    const res = await h
      .http()
      .post('/cases')
      .set('Authorization', await auth(applicant('PBADIN0001')))
      .send(
        body('PBADIN0001', {
          booker: { email: 'no-es-correo', mobile: '12345' },
          holder: { fullName: 'X', nationality: 've', documentType: 'dni', documentNumber: 'A', birthDate: '12/04/1990' },
          extra: 1,
        }),
      );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION.FAILED');
    const fields = (res.body.error.fields as Array<{ field: string; message: string }>).map((f) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'booker.email',
        'booker.mobile',
        'holder.nationality',
        'holder.documentType',
        'holder.documentNumber',
        'holder.birthDate',
        'extra',
      ]),
    );
    expect(res.body.error.message).toMatch(/correo electrónico válido/);
    const wrongId = await h
      .http()
      .get('/cases/123')
      .set('Authorization', await auth(AUDITOR));
    expect(wrongId.status).toBe(400);
    expect(wrongId.body.error.fields[0].field).toBe('caseId');
  });

  it('publishes availability; refuses a bad date (400) and an unknown agency (404)', async () => {
    const day = addBusinessDays(toLocalDate(Date.now()), 2);
    const slots = await h.http().get(`/agencies/UIO-NORTE/availability?date=${day}`);
    expect(slots.status).toBe(200);
    expect(slots.body.items.length).toBeGreaterThan(0);
    expect(slots.body.items[0]).toMatchObject({ agencyId: 'UIO-NORTE', available: 3 });
    expect((await h.http().get('/agencies/UIO-NORTE/availability?date=01-12-2026')).status).toBe(400);
    expect((await h.http().get(`/agencies/NOPE/availability?date=${day}`)).body.error.code).toBe('AGENCY.NOT_FOUND');
    const agencies = await h.http().get('/agencies?province=PICHINCHA');
    expect(agencies.body.items.map((a: { id: string }) => a.id)).toContain('UIO-NORTE');
  });

  it('the applicant books with the emailed code; the officer checks in and records documents; the code is issued', async () => {
    const sub = 'PJOURNEY01';
    const caseId = await openCase(sub);
    const token = await auth(applicant(sub));
    const wrong = await h.http().post(`/cases/${caseId}/verification`).set('Authorization', token).send({ code: '12ab' });
    expect(wrong.status).toBe(400);
    const code = await emailedCode(`${sub.toLowerCase()}@example.ec`);
    const verified = await h.http().post(`/cases/${caseId}/verification`).set('Authorization', token).send({ code });
    expect(verified.status).toBe(200);
    expect(verified.body.status).toBe('awaiting_booking');

    const slotId = await slotStartingSoon(h.db.dataSource, 'UIO-NORTE');
    const booked = await h.http().post(`/cases/${caseId}/appointment`).set('Authorization', token).send({ slotId });
    expect(booked.status).toBe(200);
    expect(booked.body.appointment.reference).toMatch(/^T-/);

    const outOfScope = await h
      .http()
      .post(`/cases/${caseId}/check-in`)
      .set('Authorization', await auth(GYE_OFFICER));
    expect(outOfScope.status).toBe(403);
    expect(outOfScope.body.error.code).toBe('AUTH.OUT_OF_SCOPE');
    const byApplicant = await h.http().post(`/cases/${caseId}/check-in`).set('Authorization', token);
    expect(byApplicant.status).toBe(403);

    const checkedIn = await h.http().post(`/cases/${caseId}/check-in`).set('Authorization', `Bearer ${officerToken}`);
    expect(checkedIn.body.status).toBe('checked_in');
    const twice = await h.http().post(`/cases/${caseId}/check-in`).set('Authorization', `Bearer ${officerToken}`);
    expect(twice.status).toBe(422);
    expect(twice.body.error.code).toBe('CASE.INVALID_STATE');

    const { documents, sutRecord } = completeDocuments000({ id: OFFICER.sub, role: 'case_manager' });
    const reviewed = await h.http().post(`/cases/${caseId}/documents`).set('Authorization', `Bearer ${officerToken}`).send({ documents, sutRecord });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.checklist.outcome).toBe('accepted');

    let view = reviewed.body;
    for (let i = 0; i < 50 && view.status !== 'issued'; i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      view = (await h.http().get(`/cases/${caseId}`).set('Authorization', token)).body;
    }
    expect(view.status).toBe('issued');
    expect(view.result.code).toMatch(/^9\d{11}$/);

    const stranger = await h
      .http()
      .get(`/cases/${caseId}`)
      .set('Authorization', await auth(applicant('PSTRANGER1')));
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe('AUTH.NOT_YOUR_CASE');

    const reads = await new TestRows(h.db.dataSource).accessLog(caseId);
    expect(reads).toEqual(
      expect.arrayContaining([
        { actor_id: OFFICER.sub, action: 'check_in' },
        { actor_id: OFFICER.sub, action: 'record_documents' },
      ]),
    );
  });

  it('refuses a slot that does not exist (404 APPOINTMENT.SLOT_NOT_FOUND) and one already past (422 APPOINTMENT.SLOT_PAST); the case still books', async () => {
    const sub = 'PSLOTS0001';
    const caseId = await openCase(sub);
    const token = await auth(applicant(sub));
    const code = await emailedCode(`${sub.toLowerCase()}@example.ec`);
    await h.http().post(`/cases/${caseId}/verification`).set('Authorization', token).send({ code }).expect(200);

    const missing = await h.http().post(`/cases/${caseId}/appointment`).set('Authorization', token).send({ slotId: randomUUID() });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({ code: 'APPOINTMENT.SLOT_NOT_FOUND', message: 'El horario elegido no existe' });
    const pastSlot = await new TestRows(h.db.dataSource).slotStartingIn('UIO-NORTE', -30, 2);
    const past = await h.http().post(`/cases/${caseId}/appointment`).set('Authorization', token).send({ slotId: pastSlot });
    expect(past.status).toBe(422);
    expect(past.body.error).toEqual({ code: 'APPOINTMENT.SLOT_PAST', message: 'El horario elegido ya pasó' });

    const view = await h.http().get(`/cases/${caseId}`).set('Authorization', token);
    expect(view.body.status).toBe('awaiting_booking');
    const booked = await h
      .http()
      .post(`/cases/${caseId}/appointment`)
      .set('Authorization', token)
      .send({ slotId: await slotStartingSoon(h.db.dataSource, 'UIO-NORTE') });
    expect(booked.status).toBe(200);
  });

  it('lists cases from the read model within each caller scope, filtered, sorted and paginated', async () => {
    const sub = 'PLISTING01';
    const caseId = await openCase(sub);
    let mine: { items: Array<{ caseId: string }>; total: number } = { items: [], total: 0 };
    for (let i = 0; i < 50 && !mine.items.some((c) => c.caseId === caseId); i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      mine = (
        await h
          .http()
          .get('/cases')
          .set('Authorization', await auth(applicant(sub)))
      ).body;
    }
    expect(mine.items.map((c) => c.caseId)).toEqual([caseId]);

    const all = await h
      .http()
      .get('/cases?procedure=FOREIGNER_CODE&sort=created&order=desc&pageSize=2&page=1')
      .set('Authorization', await auth(AUDITOR));
    expect(all.status).toBe(200);
    expect(all.body.items.length).toBeLessThanOrEqual(2);
    expect(all.body.total).toBeGreaterThanOrEqual(3);
    expect(all.body.totalCapped).toBe(false);

    // The keyset path (ADR 0023): `after` = the previous page's `next` gives the page that `page=2` gives.
    const byCreated = '/cases?procedure=FOREIGNER_CODE&sort=created&order=desc&pageSize=1';
    const first = await h
      .http()
      .get(`${byCreated}&page=1`)
      .set('Authorization', await auth(AUDITOR));
    expect(first.body.next).toEqual(expect.any(String));
    const second = await h
      .http()
      .get(`${byCreated}&page=2`)
      .set('Authorization', await auth(AUDITOR));
    const after = await h
      .http()
      .get(`${byCreated}&after=${encodeURIComponent(first.body.next as string)}`)
      .set('Authorization', await auth(AUDITOR));
    expect(after.status).toBe(200);
    expect(after.body.items.map((c: { caseId: string }) => c.caseId)).toEqual(second.body.items.map((c: { caseId: string }) => c.caseId));
    expect(after.body.items[0].caseId).not.toBe(first.body.items[0].caseId);
    // Through every page (oldest first: cases opened meanwhile come after): each case once, in order, the last page's next null.
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 100; i += 1) {
      const res: { body: { items: Array<{ caseId: string }>; next: string | null } } = await h
        .http()
        .get(`/cases?procedure=FOREIGNER_CODE&sort=created&order=asc&pageSize=2${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`)
        .set('Authorization', await auth(AUDITOR));
      seen.push(...res.body.items.map((c: { caseId: string }) => c.caseId));
      cursor = res.body.next;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    const everything = await h
      .http()
      .get('/cases?procedure=FOREIGNER_CODE&sort=created&order=asc&pageSize=100')
      .set('Authorization', await auth(AUDITOR));
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(everything.body.items.map((c: { caseId: string }) => c.caseId).slice(0, seen.length)).toEqual(seen);
    const badCursor = await h
      .http()
      .get('/cases?after=notacursor0123')
      .set('Authorization', await auth(AUDITOR));
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.fields[0]).toMatchObject({ field: 'after' });

    const officer = await h.http().get('/cases').set('Authorization', `Bearer ${officerToken}`);
    expect(officer.body.items.every((c: { agencyId: string }) => c.agencyId === 'UIO-NORTE')).toBe(true);
    const issued = await h.http().get('/cases?status=issued&overdue=false').set('Authorization', `Bearer ${officerToken}`);
    expect(issued.body.items.every((c: { status: string }) => c.status === 'issued')).toBe(true);

    const badPage = await h
      .http()
      .get('/cases?pageSize=500')
      .set('Authorization', await auth(AUDITOR));
    expect(badPage.status).toBe(400);
    expect(badPage.body.error.fields[0]).toMatchObject({ field: 'pageSize' });
  });

  it('forbids roles their routes: the legal unit cannot start a case, an auditor cannot change one', async () => {
    const legal = await h
      .http()
      .post('/cases')
      .set('Authorization', await auth(LEGAL))
      .send(body('PLEGAL0001'));
    expect(legal.status).toBe(403);
    expect(legal.body.error.code).toBe('AUTH.ROLE_NOT_ALLOWED');
    const caseId = await openCase('PAUDITED01');
    const auditorWrite = await h
      .http()
      .post(`/cases/${caseId}/cancellation`)
      .set('Authorization', await auth(AUDITOR))
      .send({ reason: 'no debería poder' });
    expect(auditorWrite.status).toBe(403);
    const unknown = await h
      .http()
      .get('/cases/00000000-0000-4000-8000-000000000000')
      .set('Authorization', await auth(AUDITOR));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('CASE.NOT_FOUND');
  });

  it('limits request size (413) and rate-limits the public booking routes (429)', async () => {
    const huge = await h
      .http()
      .post('/cases')
      .set('Authorization', await auth(applicant('PHUGE00001')))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ pad: 'x'.repeat(200_000) }));
    expect(huge.status).toBe(413);
    const day = addBusinessDays(toLocalDate(Date.now()), 3);
    const statuses: number[] = [];
    for (let i = 0; i < 45; i += 1) statuses.push((await h.http().get(`/agencies/UIO-NORTE/availability?date=${day}`)).status);
    expect(statuses).toContain(429);
  });
});

/** The other two in-person procedures through HTTP: 001 walk-in of a vulnerable group, 002 certificate. */
describe('001 walk-in and 002 through the API', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness('api_001_002');
  });
  afterAll(async () => {
    await h.close();
  });

  async function waitForStatus(caseId: string, token: string, status: string): Promise<Record<string, unknown>> {
    let view: Record<string, unknown> = {};
    for (let i = 0; i < 60 && view['status'] !== status; i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      view = (await h.http().get(`/cases/${caseId}`).set('Authorization', token)).body;
    }
    return view;
  }

  it('001: a case manager attends an elderly employer without an appointment; the code is issued', async () => {
    const officer = `Bearer ${await h.token(OFFICER)}`;
    const walkIn = { agencyId: 'UIO-NORTE', vulnerableGroup: 'elderly', identityNumber: EMPLOYER_CEDULA };
    const res = await h
      .http()
      .post('/cases')
      .set('Authorization', officer)
      .send(body('AB1234567', { procedure: 'FOREIGNER_CODE_EMPLOYMENT', filerRole: 'employer', employerId: '1790016919001', walkIn }));
    expect(res.status).toBe(201);
    const caseId = res.body.caseId as string;
    await waitForStatus(caseId, officer, 'checked_in');
    const { documents, sutRecord } = completeDocuments001ByEmployer({ id: OFFICER.sub, role: 'case_manager' });
    const reviewed = await h.http().post(`/cases/${caseId}/documents`).set('Authorization', officer).send({ documents, sutRecord });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.checklist.outcome).toBe('accepted');
    expect((await waitForStatus(caseId, officer, 'issued'))['status']).toBe('issued');

    const notForWalkIn = await h.http().post('/cases').set('Authorization', officer).send(body('AB7654321', { walkIn }));
    expect(notForWalkIn.status).toBe(422);
    expect(notForWalkIn.body.error.code).toBe('CASE.WALK_IN_NOT_ALLOWED');
  });

  it('002: the certificate of non-affiliation is issued after the registry check', async () => {
    const sub = 'P002CERT01';
    const token = `Bearer ${await h.token(applicant(sub))}`;
    const res = await h
      .http()
      .post('/cases')
      .set('Authorization', token)
      .send(body(sub, { procedure: 'NON_AFFILIATION_CERTIFICATE' }));
    const caseId = res.body.caseId as string;
    const m = await h.smtp.waitForMessage((x) => x.to.includes(`${sub.toLowerCase()}@example.ec`) && /verific/i.test(x.subject));
    const code = /\b(\d{6})\b/.exec(m.text)?.[1] ?? '';
    expect((await h.http().post(`/cases/${caseId}/verification`).set('Authorization', token).send({ code })).status).toBe(200);
    const slotId = await slotStartingSoon(h.db.dataSource, 'UIO-NORTE');
    expect((await h.http().post(`/cases/${caseId}/appointment`).set('Authorization', token).send({ slotId })).status).toBe(200);
    const officer = `Bearer ${await h.token(OFFICER)}`;
    expect((await h.http().post(`/cases/${caseId}/check-in`).set('Authorization', officer)).status).toBe(200);
    const { documents } = completeDocuments002({ id: OFFICER.sub, role: 'case_manager' });
    expect((await h.http().post(`/cases/${caseId}/documents`).set('Authorization', officer).send({ documents })).status).toBe(200);
    const done = await waitForStatus(caseId, token, 'issued');
    expect(done['result']).toMatchObject({ kind: 'NON_AFFILIATION_CERTIFICATE' });
  });
});
