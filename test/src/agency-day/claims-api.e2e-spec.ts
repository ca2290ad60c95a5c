import type { Principal } from '@tramites/api';
import { completeDocuments000 } from '@tramites/testing';
import { DeskCases, startApiHarness, type ApiHarness } from '@tramites/testing/api';

/** Officers whose tokens carry the provider's `name` claim, as the embedded provider's do: the directory names them. */
const ANA: Principal = { sub: 'claims-uio-ana', role: 'case_manager', agencyId: 'UIO-NORTE', name: 'Ana Gestora Quito' };
const LUIS: Principal = { sub: 'claims-uio-luis', role: 'case_manager', agencyId: 'UIO-NORTE', name: 'Luis Colega Quito' };
const CARMEN: Principal = { sub: 'claims-uio-carmen', role: 'supervisor', agencyId: 'UIO-NORTE', name: 'Carmen Supervisora Quito' };
const GYE_SUPERVISOR: Principal = { sub: 'claims-gye-sup', role: 'supervisor', agencyId: 'GYE-CENTRO', name: 'Jorge Supervisor Guayaquil' };
const GYE_MANAGER: Principal = { sub: 'claims-gye-1', role: 'case_manager', agencyId: 'GYE-CENTRO', name: 'Pedro Gestor Guayaquil' };
const AUDITOR: Principal = { sub: 'claims-auditor', role: 'auditor', name: 'Rosa Auditora' };
const PABLO: Principal = { sub: 'claims-uio-pablo', role: 'case_manager', agencyId: 'UIO-NORTE', name: 'Pablo Ventanilla Quito' };

/**
 * A claim holds (ADR 0022, amended 2026-12-07), through HTTP: the refusals and their codes when a
 * colleague acts on a claimed case, the supervisor's release and reassignment with a reason (one
 * case and several), what the auditor reads, and the queues that follow ("mine", closed cases gone).
 */
describe('claims that hold, through the API', () => {
  let h: ApiHarness;
  let cases: DeskCases;
  let caseId: string;

  beforeAll(async () => {
    h = await startApiHarness('agency_day_claims_api');
    cases = new DeskCases(h);
    ({ caseId } = await cases.booked000('Valentina Andrea Ruiz Mejía'));
  });
  afterAll(async () => {
    await h?.close();
  });

  const as = async (p: Principal) => `Bearer ${await h.token(p)}`;
  const post = async (p: Principal, path: string, body?: object) =>
    h
      .http()
      .post(path)
      .set('Authorization', await as(p))
      .send(body ?? {});
  const get = async (p: Principal, path: string) =>
    h
      .http()
      .get(path)
      .set('Authorization', await as(p));

  it('refuses a colleague every action on a claimed case, naming the holder by name (409 CASE.ASSIGNED_TO_OTHER), and lists him none', async () => {
    expect((await post(ANA, `/desk/cases/${caseId}/assignment`)).status).toBe(200);

    const checkIn = await post(LUIS, `/cases/${caseId}/check-in`);
    expect(checkIn.status).toBe(409);
    expect(checkIn.body.error.code).toBe('CASE.ASSIGNED_TO_OTHER');
    expect(checkIn.body.error.message).toContain('Ana Gestora Quito');
    expect(checkIn.body.error.message).not.toContain(ANA.sub);
    expect(checkIn.body.error.assignment).toMatchObject({ officerName: 'Ana Gestora Quito' });

    const seen = await get(LUIS, `/cases/${caseId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.availableActions).toEqual([]);
    const desk = await get(LUIS, `/desk/cases/${caseId}`);
    expect(desk.body.assignment).toMatchObject({ officerName: 'Ana Gestora Quito', mine: false });
    expect(desk.body.assignmentActions).toEqual([]);
    expect((await get(ANA, `/desk/cases/${caseId}`)).body.assignmentActions).toEqual(['release']);

    // The holder acts; the colleague's documents are refused too.
    expect((await post(ANA, `/cases/${caseId}/check-in`)).status).toBe(200);
    const { documents, sutRecord } = completeDocuments000({ id: LUIS.sub, role: 'case_manager', agencyId: 'UIO-NORTE' });
    const recorded = await post(LUIS, `/cases/${caseId}/documents`, { documents, sutRecord });
    expect(recorded.status).toBe(409);
    expect(recorded.body.error.code).toBe('CASE.ASSIGNED_TO_OTHER');
  });

  it('lets only the holder or a supervisor release; a supervisor must say why (400), and nobody releases an unheld case (409 CASE.NOT_ASSIGNED)', async () => {
    const byColleague = await h
      .http()
      .delete(`/desk/cases/${caseId}/assignment`)
      .set('Authorization', await as(LUIS));
    expect(byColleague.status).toBe(409);
    expect(byColleague.body.error.code).toBe('CASE.ASSIGNED_TO_OTHER');

    const noReason = await post(CARMEN, `/desk/cases/${caseId}/assignment/release`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.code).toBe('VALIDATION.FAILED');
    expect(noReason.body.error.fields).toEqual([expect.objectContaining({ field: 'reason' })]);

    const otherAgency = await post(GYE_SUPERVISOR, `/desk/cases/${caseId}/assignment/release`, { reason: 'Prueba de alcance' });
    expect(otherAgency.status).toBe(403);
    expect(otherAgency.body.error.code).toBe('AUTH.OUT_OF_SCOPE');

    const released = await post(CARMEN, `/desk/cases/${caseId}/assignment/release`, { reason: 'Ana salió a una diligencia' });
    expect(released.status).toBe(200);
    expect(released.body).toEqual({ assignment: null, releasedFrom: 'Ana Gestora Quito' });

    const again = await post(CARMEN, `/desk/cases/${caseId}/assignment/release`, { reason: 'Ana salió a una diligencia' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CASE.NOT_ASSIGNED');

    // A supervisor takes no claim of his own and no action of the case.
    expect((await post(CARMEN, `/desk/cases/${caseId}/assignment`)).body.error.code).toBe('AUTH.ROLE_NOT_ALLOWED');
  });

  it('reassigns to a case manager of the agency only (422 OFFICER.NOT_IN_AGENCY), with the reason the auditor reads', async () => {
    // Both officers are in the directory once they called the API with their names.
    await get(GYE_MANAGER, '/desk/queues');
    const officers = await get(CARMEN, '/desk/officers');
    expect(officers.body.map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(['Ana Gestora Quito', 'Luis Colega Quito']));
    expect(officers.body.map((o: { name: string }) => o.name)).not.toContain('Pedro Gestor Guayaquil');

    const elsewhere = await h
      .http()
      .put(`/desk/cases/${caseId}/assignment`)
      .set('Authorization', await as(CARMEN))
      .send({ officerId: GYE_MANAGER.sub, reason: 'Apoyo de otra agencia' });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.error.code).toBe('OFFICER.NOT_IN_AGENCY');

    expect((await post(ANA, `/desk/cases/${caseId}/assignment`)).status).toBe(200);
    const handed = await h
      .http()
      .put(`/desk/cases/${caseId}/assignment`)
      .set('Authorization', await as(CARMEN))
      .send({ officerId: LUIS.sub, reason: 'Ana atiende hoy la ventanilla prioritaria' });
    expect(handed.status).toBe(200);
    expect(handed.body).toMatchObject({ officerName: 'Luis Colega Quito', previousOfficerName: 'Ana Gestora Quito' });
    // Now Ana is the colleague.
    const refused = await post(ANA, `/desk/cases/${caseId}/assignment`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('Luis Colega Quito');

    const audit = await get(AUDITOR, `/audit/assignments?caseId=${caseId}`);
    expect(audit.status).toBe(200);
    expect(audit.body.items[0]).toMatchObject({
      action: 'reassign',
      actorName: 'Carmen Supervisora Quito',
      actorRole: 'supervisor',
      fromOfficerName: 'Ana Gestora Quito',
      toOfficerName: 'Luis Colega Quito',
      reason: 'Ana atiende hoy la ventanilla prioritaria',
    });
    expect(audit.body.items.map((i: { action: string }) => i.action)).toEqual(['reassign', 'claim', 'release', 'claim']);
    expect(audit.body.items[2]).toMatchObject({
      actorName: 'Carmen Supervisora Quito',
      fromOfficerName: 'Ana Gestora Quito',
      reason: 'Ana salió a una diligencia',
    });
    // The auditor's read is in the access log, once per case shown.
    const reads = (await h.db.dataSource.query(
      `SELECT actor_id, actor_role, action FROM case_access_log WHERE case_id = $1 AND action = 'audit_assignments_read'`,
      [caseId],
    )) as unknown[];
    expect(reads).toEqual([{ actor_id: AUDITOR.sub, actor_role: 'auditor', action: 'audit_assignments_read' }]);
    expect((await get(LUIS, '/audit/assignments')).status).toBe(403);
  });

  it('reassigns several cases at once, each judged on its own: a closed case says so (CASE.CLOSED)', async () => {
    const open = (await cases.booked000('Mateo Alejandro Cedeño Paz')).caseId;
    const closed = (await cases.booked000('Lucía Fernanda Mora Vélez')).caseId;
    expect((await post(ANA, `/cases/${closed}/cancellation`, { reason: 'La persona ya no necesita el código' })).status).toBe(200);
    await cases.waitForStatus(closed, 'cancelled');

    const bulk = await post(CARMEN, '/desk/assignments/reassign', { caseIds: [open, closed], officerId: ANA.sub, reason: 'Reparto de la mañana' });
    expect(bulk.status).toBe(200);
    expect(bulk.body.officerName).toBe('Ana Gestora Quito');
    expect(bulk.body.results).toEqual([
      { caseId: open, reassigned: true },
      expect.objectContaining({ caseId: closed, reassigned: false, code: 'CASE.CLOSED' }),
    ]);

    const mine = await get(ANA, '/desk/queues/mine');
    expect(mine.body.items.map((i: { caseId: string }) => i.caseId)).toContain(open);
    expect((await get(ANA, '/desk/queues')).body.mine.count).toBeGreaterThanOrEqual(1);
    // A closed case leaves the day's turnos (and offers no "Asignarme").
    const day = await get(ANA, '/desk/queues/appointments');
    expect(day.body.items.map((i: { caseId: string }) => i.caseId)).not.toContain(closed);
    expect(day.body.items.find((i: { caseId: string }) => i.caseId === open)?.assignmentActions).toEqual(['release']);

    const badSort = await get(ANA, '/desk/queues/open?sort=alfabetico');
    expect(badSort.status).toBe(400);
    expect(badSort.body.error.fields).toEqual([expect.objectContaining({ field: 'sort' })]);
    const waiting = await get(ANA, '/desk/queues/open?sort=waiting');
    const updated = waiting.body.items.map((i: { updatedAt: string }) => i.updatedAt);
    expect(updated).toEqual([...updated].sort());
  });

  it('«Llamar al siguiente» passes over a colleague’s claimed turno: the officer calls his own or hears that nobody waits, each call in the access log', async () => {
    // Waiting now: the first case (checked in, held by Luis since the reassignment) and Ana's own, checked in by her.
    const anas = (await cases.booked000('Gabriela Inés Salazar Ponce')).caseId;
    expect((await post(ANA, `/desk/cases/${anas}/assignment`)).status).toBe(200);
    expect((await post(ANA, `/cases/${anas}/check-in`)).status).toBe(200);
    await cases.waitForStatus(anas, 'checked_in');
    await cases.waitForStatus(caseId, 'checked_in');

    // Pablo holds neither: nobody waits for him (before, he called Luis's turno).
    const pablo = await post(PABLO, '/desk/calling/next', { windowNumber: '2' });
    expect({ status: pablo.status, code: pablo.body.error?.code }).toEqual({ status: 409, code: 'CALLING.NOBODY_WAITING' });
    // Ana passes over Luis's turno, which arrived first, and calls her own.
    const ana = await post(ANA, '/desk/calling/next', { windowNumber: '4' });
    expect(ana.status).toBe(200);
    expect(ana.body).toMatchObject({ caseId: anas, windowNumber: '4', callCount: 1 });
    const logged = (await h.db.dataSource.query(`SELECT case_id, actor_id FROM case_access_log WHERE action = 'call_turno' ORDER BY id`)) as unknown[];
    expect(logged).toEqual([{ case_id: anas, actor_id: ANA.sub }]);
  });
});
